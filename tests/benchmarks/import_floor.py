"""What any import of the same file must take at least: the bare read, and the bare read plus a bare insert.

    python tests/benchmarks/import_floor.py [--repeat 3] [--rows 10000 100000] [--activities 20000]

The import benchmarks (roster_import.py, activity_import.py) compare the whole import with the bare
python-calamine read. This one adds a second floor, measured in the same run, each in a fresh process:

* read: python-calamine reads the sheet into Python values (the import benchmarks' floor);
* read + insert: the same read, then the rows put into the program's own tables (an empty store made by the
  program, so the same columns, keys, indexes and constraints) by plain sqlite3 `executemany` in one
  transaction, with the program's connection settings, and committed. The conversion is the least the table
  needs (a birth "1975.03" split into year and month, a home's name to its id, an attendance list split into
  names and each name to its member): no checks, no matching, no audit entries, no backup;
* ours: the program's import of the file (read, safety scan, checks, matching, backup, insert, audit log).

It prints one JSON line per file: {"benchmark", "read_s", "read_insert_s", "ours_s", "ours_per_read",
"read_insert_per_read", "ours_per_read_insert"}. `read_insert_per_read` says how much of a goal stated against
the read alone is taken before the import checks or records anything.
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

import activity_import  # noqa: E402  (the benchmarks' own generators: the same files they time)
import roster_import  # noqa: E402

_READ = """
import sys, time
t = time.perf_counter()
from python_calamine import CalamineWorkbook
rows = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()
print(time.perf_counter() - t)
"""

# The program's connection settings (db/engine.py), on a plain sqlite3 connection: no SQLAlchemy, no triggers.
_CONNECT = """
import sqlite3, sys, time, uuid
def connect(path):
    db = sqlite3.connect(path, isolation_level=None)
    for pragma in ("foreign_keys=ON", "journal_mode=WAL", "synchronous=NORMAL", "cache_size=-65536"):
        db.execute("PRAGMA " + pragma)
    return db
"""

_READ_INSERT_ROSTER = _CONNECT + """
t = time.perf_counter()
from python_calamine import CalamineWorkbook
rows = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()
db = connect(sys.argv[2])
params = []
for r in rows[2:]:
    year, _, month = str(r[4]).partition(".")
    params.append((r[1], r[2], r[3], int(year), int(month), r[14], r[5], r[6], r[7], r[8], r[9], str(r[10]),
                   str(r[11]), r[12], r[13] == "是", r[15] or None, str(uuid.uuid4()), "active"))
db.execute("BEGIN")
db.executemany("INSERT INTO members (name, gender, ethnicity, birth_year, birth_month, native_place, political_status, "
               "sector, education, work_unit, position, phone, id_number, address, is_standing, notes, uuid, status, "
               "name_pinyin, name_initials, version, created_at, updated_at) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', '', 1, CURRENT_TIMESTAMP, "
               "CURRENT_TIMESTAMP)", params)
db.execute("COMMIT")
db.close()
print(time.perf_counter() - t)
"""

_READ_INSERT_ACTIVITIES = _CONNECT + """
t = time.perf_counter()
from python_calamine import CalamineWorkbook
rows = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()
db = connect(sys.argv[2])
db.execute("BEGIN")
members = dict(db.execute("SELECT name, id FROM members"))
homes = {}
for name in sorted({r[1] for r in rows[2:]}):
    homes[name] = db.execute("INSERT INTO homes (name, level, active, uuid, version) VALUES (?, '乡镇', 1, ?, 1)",
                             (name, str(uuid.uuid4()))).lastrowid
(first,) = db.execute("SELECT coalesce(max(id), 0) + 1 FROM activities").fetchone()
activities, attendance = [], []
for n, r in enumerate(rows[2:]):
    activities.append((r[0].isoformat(), homes[r[1]], r[2], r[3], r[4], int(r[7]), int(r[8]), str(uuid.uuid4())))
    for status, names in (("present", r[5]), ("excused", r[6])):
        attendance.extend((first + n, members[name], status) for name in names.split("、") if name)
db.executemany("INSERT INTO activities (held_on, home_id, kind, title, place, other_participants, suggestions_count, "
               "uuid, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, CURRENT_TIMESTAMP, "
               "CURRENT_TIMESTAMP)", activities)
db.executemany("INSERT INTO attendance (activity_id, member_id, status) VALUES (?, ?, ?)", attendance)
db.execute("COMMIT")
db.close()
print(time.perf_counter() - t)
"""


def _seconds(code: str, *args: str) -> float:
    """The first figure a script prints: its seconds (the import scripts print them first)."""
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, check=True, capture_output=True, text=True)
    return float(done.stdout.split()[0])


def _store(folder: Path) -> Path:
    """An empty store made by the program itself (its schema at the newest migration); its SQLite file."""
    code = ("import sys; from pathlib import Path; from desktop_app.services.database import open_store; "
            "ctx = open_store(Path(sys.argv[1])); print(ctx.engine.url.database); ctx.close()")
    done = subprocess.run([sys.executable, "-c", code, str(folder)], cwd=ROOT, check=True, capture_output=True,
                          text=True)
    return Path(done.stdout.strip().splitlines()[-1])


def _measure(name: str, sheet: Path, template: Path, read_insert_code: str, ours_code: str, ours_args: list[str],
             repeat: int) -> dict:
    """The three timings of `sheet`, `repeat` times each, every import into its own copy of the store
    `template`; the medians and their ratios as one line."""
    database = _store(template).relative_to(template)
    read, read_insert, ours = [], [], []
    for attempt in range(repeat):
        read.append(_seconds(_READ, str(sheet)))
        for code, args, times in ((read_insert_code, [str(sheet), "{store}/" + str(database)], read_insert),
                                  (ours_code, [str(sheet), "{store}", *ours_args], ours)):
            copy = template.with_name(f"{template.name}-{attempt}-{len(times)}-{'ours' if times is ours else 'bare'}")
            shutil.copytree(template, copy)
            times.append(_seconds(code, *[arg.replace("{store}", str(copy)) for arg in args]))
            shutil.rmtree(copy)
    r, ri, o = statistics.median(read), statistics.median(read_insert), statistics.median(ours)
    return {"benchmark": name, "read_s": round(r, 4), "read_insert_s": round(ri, 4), "ours_s": round(o, 4),
            "ours_per_read": round(o / r, 2), "read_insert_per_read": round(ri / r, 2),
            "ours_per_read_insert": round(o / ri, 2)}


def _roster(tmp: Path, rows: int, repeat: int) -> dict:
    sheet = tmp / f"花名册{rows}.xlsx"
    roster_import.make_roster(sheet, rows)
    return _measure(f"roster_import_{rows // 1000}k", sheet, tmp / f"empty-{rows}", _READ_INSERT_ROSTER,
                    roster_import._IMPORT, [str(rows)], repeat)


def _activities(tmp: Path, count: int, repeat: int) -> dict:
    rng = random.Random(2025)
    names = activity_import.roster(400, rng)
    ledger = tmp / "活动台账.xlsx"
    activity_import.make_ledger(ledger, names, count, 10, rng)
    template = tmp / "roster-store"
    activity_import.make_store(template, names)
    return _measure("activity_import", ledger, template, _READ_INSERT_ACTIVITIES, activity_import._IMPORT,
                    [str(ROOT), str(count)], repeat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--activities", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for rows in args.rows:
            print(json.dumps(_roster(Path(tmp), rows, args.repeat), ensure_ascii=False), flush=True)
        print(json.dumps(_activities(Path(tmp), args.activities, args.repeat), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
