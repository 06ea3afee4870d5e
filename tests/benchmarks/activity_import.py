"""Activity ledger import speed against merely reading the same file with python-calamine.

Run: python tests/benchmarks/activity_import.py [--activities 20000] [--per-activity 10] [--repeat 3]
Generates a ledger of N activities with N × per-activity attendance names (default 20,000 and
200,000) for a roster of 400 members, then times, each in a fresh process and in the same run:
the bare calamine read of the file, and the whole import (read, header, name matching, checks,
backup, Core bulk inserts in one transaction) into a store that holds only the roster.
Prints the medians and the ratio import ÷ bare read.
"""
from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华红建文辉力斌宇浩凯鹏飞志宏海波鑫晨瑞佳琳雪梅晓丹玉萍亮"
KINDS = ["理论学习", "社情民意信息研讨", "委员沙龙", "读书活动", "界别活动", "调研视察", "服务群众"]
HOMES = [f"{t}委员之家" for t in ["古韩镇", "上遥镇", "西井镇", "黄崖洞镇", "西仵镇", "停河铺乡", "程家山乡", "洪井镇",
                                  "东阳关镇", "经济界", "教育界", "医药卫生界"]]


def roster(count: int, rng: random.Random) -> list[str]:
    names: list[str] = []
    seen = set()
    while len(names) < count:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def make_ledger(path: Path, names: list[str], activities: int, per_activity: int, rng: random.Random) -> None:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("活动台账")
    sheet.append(["政协某县委员之家活动台账"] + [None] * 9)
    sheet.append(["日期", "委员之家", "活动类型", "活动名称", "地点", "出席委员", "请假委员", "其他参加人数",
                  "意见建议条数", "备注"])
    start = date(2015, 1, 1)
    for n in range(1, activities + 1):
        people = rng.sample(names, per_activity)
        excused = rng.randint(0, 2)
        sheet.append([start + timedelta(days=rng.randrange(3650)), rng.choice(HOMES), rng.choice(KINDS),
                      f"第{n}次活动", "委员之家活动室", "、".join(people[excused:]), "、".join(people[:excused]),
                      rng.randint(0, 30), rng.randint(0, 5), None])
    book.save(path)


def make_store(folder: Path, names: list[str]) -> None:
    sys.path.insert(0, str(ROOT))
    from sqlalchemy import insert

    from db.models import Member
    from desktop_app.services.database import open_store
    from desktop_app.services.pinyin import name_pinyin

    ctx = open_store(folder)
    uow = ctx.uow()
    with uow as s:
        s.execute(insert(Member.__table__), [
            {"name": n, "name_pinyin": name_pinyin(n)[0], "name_initials": name_pinyin(n)[1], "status": "active",
             "version": 1, "uuid": f"bench-{i}"} for i, n in enumerate(names)])
        uow.commit()
    ctx.engine.dispose()


_BARE = """
import sys, time
t = time.perf_counter()
from python_calamine import CalamineWorkbook
rows = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()
print(time.perf_counter() - t)
"""

_IMPORT = """
import sys, time
sys.path.insert(0, sys.argv[3])
from pathlib import Path
from desktop_app.services.database import open_store
ctx = open_store(Path(sys.argv[2]))
t = time.perf_counter()
from desktop_app.services.ledgers.activities import activity_importer
result = activity_importer(ctx).import_file(Path(sys.argv[1]))
elapsed = time.perf_counter() - t
assert result.batch.created == int(sys.argv[4]), result.batch.lines
print(elapsed, dict(result.batch.tally)["出席登记"])
"""


def _run(code: str, *args: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    return done.stdout.split()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=20000)
    parser.add_argument("--per-activity", type=int, default=10)
    parser.add_argument("--members", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(2025)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        names = roster(args.members, rng)
        ledger = tmp_path / "活动台账.xlsx"
        make_ledger(ledger, names, args.activities, args.per_activity, rng)
        template = tmp_path / "roster-store"
        make_store(template, names)
        reads, imports, attendance = [], [], 0
        for attempt in range(args.repeat):
            reads.append(float(_run(_BARE, str(ledger))[0]))
            target = tmp_path / f"store-{attempt}"
            shutil.copytree(template, target)
            seconds, attendance = _run(_IMPORT, str(ledger), str(target), str(ROOT), str(args.activities))
            imports.append(float(seconds))
            shutil.rmtree(target)
        read, full = statistics.median(reads), statistics.median(imports)
        print(f"ledger: {args.activities} activities, {int(attendance)} attendance rows, "
              f"{ledger.stat().st_size / 1e6:.1f} MB")
        print(f"calamine read only : {read:.2f} s (median of {args.repeat})")
        print(f"import (commit)    : {full:.2f} s (median of {args.repeat}), "
              f"{args.activities / full:,.0f} activities/s, {int(attendance) / full:,.0f} attendance rows/s")
        print(f"ratio import / read: {full / read:.1f}x")


if __name__ == "__main__":
    main()
