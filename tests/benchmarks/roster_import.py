"""Roster import speed against merely reading the same file with python-calamine.

Run: python tests/benchmarks/roster_import.py [--rows 10000 100000] [--repeat 3]
Each measurement runs in a fresh process (nothing cached between them). Prints the median
seconds, rows per second and the ratio import ÷ bare read (floor: ≤ 3×, docs/performance.md).
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEADER = ["序号", "姓名", "性别", "民族", "出生年月", "政治面貌", "界别", "文化程度", "工作单位", "职务",
          "联系电话", "身份证号", "通讯地址", "是否常委", "籍贯", "备注"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华红建文辉力斌宇浩凯鹏飞志宏海波鑫晨瑞佳琳雪梅晓丹玉萍亮国庆春燕"
SECTORS = ["中共", "民革", "民盟", "民建", "经济界", "教育界", "医药卫生界", "农业界", "科协", "工会"]
PARTY = ["中共党员", "群众", "民盟盟员", "无党派人士", "九三学社社员"]


def _check_digit(first17: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights)) % 11]


def make_roster(path: Path, rows: int, seed: int = 7) -> None:
    import openpyxl

    rng = random.Random(seed)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("委员名单")
    sheet.append(["政协某县第十四届委员会委员名单"] + [None] * 15)
    sheet.append(HEADER)
    for n in range(1, rows + 1):
        # Unique ID numbers: each block of 1,000 rows has its own span of birth dates.
        birth = date(1958, 1, 1) + timedelta(days=(n // 1000) * 97 + rng.randint(0, 50))
        year, month = birth.year, birth.month
        first17 = f"140426{birth:%Y%m%d}{n % 1000:03d}"
        sheet.append([n, rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN), rng.choice("男女"),
                      rng.choice(["汉族", "汉", "回族"]), f"{year}.{month:02d}", rng.choice(PARTY), rng.choice(SECTORS),
                      rng.choice(["大学", "研究生", "大专"]), "县教育局", "副局长", f"13{rng.randrange(10**9):09d}",
                      first17 + _check_digit(first17), "县城建设路1号", rng.choice(["是", ""]), "山西长治", ""])
    book.save(path)


_BARE = """
import sys, time
t = time.perf_counter()
from python_calamine import CalamineWorkbook
book = CalamineWorkbook.from_path(sys.argv[1])
rows = book.get_sheet_by_index(0).to_python()
print(time.perf_counter() - t)
"""

_IMPORT = """
import sys, time
from pathlib import Path
from desktop_app.services.database import open_store
from desktop_app.services.ledgers.members import member_importer
ctx = open_store(Path(sys.argv[2]))
t = time.perf_counter()
result = member_importer(ctx).import_file(Path(sys.argv[1]))
elapsed = time.perf_counter() - t
assert result.batch.created == int(sys.argv[3]), result.batch
print(elapsed)
"""


def _run(code: str, *args: str) -> float:
    out = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, check=True, capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for rows in args.rows:
            path = Path(tmp) / f"花名册{rows}.xlsx"
            make_roster(path, rows)
            bare = [_run(_BARE, str(path)) for _ in range(args.repeat)]
            imports = [_run(_IMPORT, str(path), str(Path(tmp) / f"数据{rows}-{i}"), str(rows)) for i in range(args.repeat)]
            b, i = statistics.median(bare), statistics.median(imports)
            results.append({"rows": rows, "bare_read_s": round(b, 3), "import_s": round(i, 3),
                            "rows_per_s": round(rows / i), "ratio": round(i / b, 2), "goal": "<= 3"})
            print(f"{rows:>7} rows: calamine read {b:.3f} s, import {i:.3f} s ({rows / i:,.0f} rows/s), "
                  f"ratio {i / b:.2f}x (goal <= 3x)")
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
