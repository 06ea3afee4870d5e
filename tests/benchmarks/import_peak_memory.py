"""Peak memory of importing the largest roster the import limits admit (fileio/sheet_guard.py).

Run: python tests/benchmarks/import_peak_memory.py [--rows 199999] [--keep DIR]

The limits: at most MAX_ROWS rows (the farthest row holding a cell, the header's included) and MAX_CELLS
cells in the sheet's range. The roster here has the import template's 20 columns and a header in row 1, so
199,999 members make 200,000 rows × 20 columns = 4,000,000 cells: exactly at both limits. Every row is valid
(distinct ID numbers with correct check digits, birth months matching them, vocabulary values).

Each command runs in its own process, started by a small wrapper process that reports the peak resident
memory of its child (resource.getrusage(RUSAGE_CHILDREN).ru_maxrss), so one measurement never includes
another. Prints one JSON line per measurement: the command, seconds, peak RSS in MB, and the file's size.
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

HEADER = ["序号", "姓名", "性别", "民族", "出生年月", "籍贯", "政治面貌", "界别", "文化程度", "工作单位", "职务",
          "联系电话", "身份证号", "通讯地址", "是否常委", "专委会", "委员之家", "包联村（社区）", "状态", "备注"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华红建文辉力斌宇浩凯鹏飞志宏海波鑫晨瑞佳琳雪梅晓丹玉萍亮国庆春燕"
SECTORS = ["中共", "民革", "民盟", "民建", "经济界", "教育界", "医药卫生界", "农业界", "科协", "工会"]
PARTY = ["中共党员", "群众", "民盟盟员", "无党派人士", "九三学社社员"]
COMMITTEES = ["提案委员会", "经济委员会", "提案委员会、经济委员会"]
HOMES = ["城关镇委员之家", "黄崖洞镇委员之家", "西井镇委员之家"]

_WRAPPER = """
import resource, subprocess, sys, time
began = time.perf_counter()
result = subprocess.run(sys.argv[1:], capture_output=True, text=True, encoding="utf-8")
took = time.perf_counter() - began
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # kilobytes on Linux
print(result.returncode, took, peak_kb)
sys.stderr.write(result.stdout[-2000:] + result.stderr[-2000:])
"""


def _check_digit(first17: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights)) % 11]


def make_roster(path: Path, rows: int, seed: int = 12) -> None:
    import openpyxl

    rng = random.Random(seed)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("委员名单")
    sheet.append(HEADER)
    for n in range(rows):
        birth = date(1950, 1, 1) + timedelta(days=(n // 1000) * 73 + n % 28)  # (birth day, n % 1000) distinct
        first17 = f"140426{birth:%Y%m%d}{n % 1000:03d}"
        sheet.append([n + 1, rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN), rng.choice("男女"),
                      rng.choice(["汉族", "回族"]), f"{birth.year}.{birth.month:02d}", "山西长治", rng.choice(PARTY),
                      rng.choice(SECTORS), rng.choice(["大学", "研究生", "大专"]), f"黎城县第{n % 300 + 1}中学", "教师",
                      f"13{rng.randrange(10**9):09d}", first17 + _check_digit(first17), "黎城县城关镇建设路1号",
                      rng.choice(["是", "否"]), rng.choice(COMMITTEES), rng.choice(HOMES), "", "在任", ""])
    book.save(path)


def measure(*command: str) -> dict:
    out = subprocess.run([sys.executable, "-c", _WRAPPER, *command], capture_output=True, text=True,
                         encoding="utf-8", cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    code, took, peak_kb = out.stdout.split()
    return {"exit": int(code), "seconds": round(float(took), 2), "peak_rss_mb": round(int(peak_kb) / 1024, 1),
            "tail": out.stderr.strip().splitlines()[-1:] if out.stderr.strip() else []}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=199_999)
    parser.add_argument("--keep", type=Path, help="a folder to keep the roster in (made once)")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="peak-memory-"))
    folder.mkdir(parents=True, exist_ok=True)
    roster = folder / f"roster-{args.rows}.xlsx"
    if not roster.exists():
        began = time.perf_counter()
        make_roster(roster, args.rows)
        print(f"# wrote {roster} in {time.perf_counter() - began:.0f} s", file=sys.stderr)
    from desktop_app.fileio.sheet_guard import MAX_CELLS, MAX_ROWS

    assert args.rows + 1 <= MAX_ROWS and (args.rows + 1) * len(HEADER) <= MAX_CELLS, "beyond the limits"
    size_mb = round(roster.stat().st_size / (1 << 20), 1)
    bare = measure(sys.executable, "-c", "import sys; from python_calamine import CalamineWorkbook; "
                   "CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()", str(roster))
    print(json.dumps({"benchmark": "bare_calamine_read", "rows": args.rows, "file_mb": size_mb, **bare},
                     ensure_ascii=False))
    for name, extra in (("import_dry_run", ["--dry-run"]), ("import_commit", [])):
        data = folder / f"数据-{name}"
        result = measure(sys.executable, "-m", "desktop_app", "--data", str(data), "import", "members", str(roster),
                         *extra)
        print(json.dumps({"benchmark": name, "rows": args.rows, "columns": len(HEADER), "file_mb": size_mb, **result},
                         ensure_ascii=False))


if __name__ == "__main__":
    main()
