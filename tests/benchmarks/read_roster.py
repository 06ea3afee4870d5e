"""Roster import read path against the bare calamine read (docs/performance.md: at most 3×).

    python tests/benchmarks/read_roster.py [--rows 10000] [--repeat 7]

Writes a 16-column roster with title rows, messy dates and short forms to a temp folder,
then times (medians) calamine's own read and read_sheet + detect_header + parse_roster.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from desktop_app.domain.normalize import id_check_digit  # noqa: E402

HEADER = ["序号", "姓  名", "性别", "民族", "出生\n年月", "政治面貌", "界别", "文化程度", "工作单位", "职务",
          "联系电话（手机）", "公民身份号码", "是否常委", "专委会", "通讯地址", "备注"]


def make_roster(path: Path, rows: int) -> None:
    import openpyxl

    rnd = random.Random(1)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "委员名单"
    ws.append(["政协黎城县第十四届委员会委员名单"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws.append(["（截至2025年1月）"])
    ws.append(HEADER)
    for i in range(rows):
        y, m, d = rnd.randint(1955, 1995), rnd.randint(1, 12), rnd.randint(1, 28)
        first17 = f"1404{i // 1000:02d}{y:04d}{m:02d}{d:02d}{i % 1000:03d}"  # unique: no planted duplicates
        ws.append([
            i + 1,
            rnd.choice("王李张刘陈杨赵黄周吴") + rnd.choice("伟芳娜敏静丽强磊军洋") + rnd.choice(["", "华", "明", "\u3000"]) + str(i),
            rnd.choice(["男", "女 "]),
            rnd.choice(["汉", "汉族", "回族", "满"]),
            rnd.choice([f"{y}.{m:02d}", f"{y}年{m}月", dt.date(y, m, 1), f"{y}{m:02d}", f"{y}-{m:02d}"]),
            rnd.choice(["中共", "中共党员", "群众", "民盟盟员", "九三"]),
            rnd.choice(["教育界", "经济界", "民建", "科协", "医卫界"]),
            rnd.choice(["大学", "研究生", "高中", "本科", "大专"]),
            f"县第{i % 50}中学",
            rnd.choice(["校长", "教师", "副校长"]),
            f"1{rnd.choice('3589')}{rnd.randint(100000000, 999999999)}",
            first17 + id_check_digit(first17),
            rnd.choice(["是", None]),
            rnd.choice(["提案委员会", None, "文史委"]),
            f"黎城县古韩镇{i}号",
            None,
        ])
    wb.save(path)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    import python_calamine

    from desktop_app.domain.vocabulary import load_vocabulary_files
    from desktop_app.fileio.headers import detect_header, load_synonyms
    from desktop_app.fileio.roster_rows import parse_roster
    from desktop_app.fileio.spreadsheet import read_sheet

    vocabularies = load_vocabulary_files(ROOT / "resources" / "vocabularies")
    columns = load_synonyms(ROOT / "resources", "members")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "roster.xlsx"
        make_roster(path, args.rows)
        bare, ours, parse_only = [], [], []
        for _ in range(args.repeat):
            start = time.perf_counter()
            python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
            bare.append(time.perf_counter() - start)

            start = time.perf_counter()
            sheet = read_sheet(path)
            guess = detect_header(sheet.rows, columns)
            middle = time.perf_counter()
            result = parse_roster(sheet, guess, vocabularies)
            end = time.perf_counter()
            ours.append(end - start)
            parse_only.append(end - middle)
    assert len(result.rows) == args.rows, len(result.rows)
    b, o, p = statistics.median(bare), statistics.median(ours), statistics.median(parse_only)
    print(f"{args.rows} rows × {len(HEADER)} columns, median of {args.repeat}")
    print(f"  calamine bare read                           {b:.3f} s")
    print(f"  read_sheet + detect_header + parse_roster    {o:.3f} s  ({o / b:.2f}× the bare read; budget 3×)")
    print(f"    of which parse_roster                      {p:.3f} s")
    print(f"  problems found: {len(result.problems)}")


if __name__ == "__main__":
    main()
