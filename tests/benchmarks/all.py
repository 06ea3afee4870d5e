"""Run every benchmark and print one JSON line each: {"benchmark", "ours_s", "floor_s", "ratio", "goal"}.

    python tests/benchmarks/all.py [--quick] [--city DIR]

Each benchmark is its own script (run in a fresh process, as the office runs the program); this runner only
starts them with the same settings and reads their results. `--quick` runs fewer repeats (for a smoke test,
not for figures to quote). `--city` reuses a data folder made by `demo --size city` (it is copied, never
written); without it one is made once in a temporary folder.

| benchmark | ours | floor, measured in the same run | goal |
|---|---|---|---|
| roster_import_10k, roster_import_100k | the whole roster import | bare python-calamine read | ≤ 3 |
| window_painted | the main window painted | a bare QMainWindow painted | ≤ 1.5 |
| first_page_filled | the first page's lists filled | a bare QMainWindow painted | ≤ 4.5 |
| proposal_list_city | the 提案 page's first screen | sqlite3 fetch of the list's columns | ≤ 2 |
| statistics_city_all_years | every proposal figure, all years | one pass reading every row of the tables | ≤ 3 |
| workbook_city | report workbook | openpyxl write-only of the same cells | ≤ 3 |
| annual_report_city | report annual (no charts) | bare python-docx, same paragraphs and tables | ≤ 3 |
| activity_import | 20,000 activities, 200,000 attendance rows | bare python-calamine read | ≤ 5 |
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
GOALS = {"roster_import_10k": 3, "roster_import_100k": 3, "window_painted": 1.5, "first_page_filled": 4.5,
         "proposal_list_city": 2, "statistics_city_all_years": 3, "workbook_city": 3, "annual_report_city": 3,
         "activity_import": 5}


def line(name: str, ours: float, floor: float) -> dict:
    return {"benchmark": name, "ours_s": round(ours, 4), "floor_s": round(floor, 4),
            "ratio": round(ours / floor, 2) if floor else None, "goal": GOALS[name]}


def run(script: str, *args: str) -> str:
    done = subprocess.run([sys.executable, str(HERE / script), *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=3600)
    if done.returncode not in (0, 1):  # 1: a script that reports a missed goal still printed its figures
        raise RuntimeError(f"{script} failed (exit {done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done.stdout


def json_lines(text: str) -> list:
    found = []
    for raw in text.splitlines():
        raw = raw.strip()
        if raw.startswith(("{", "[")):
            try:
                found.append(json.loads(raw))
            except ValueError:
                pass
    return found


def roster(repeat: int) -> list[dict]:
    results = json_lines(run("roster_import.py", "--rows", "10000", "100000", "--repeat", str(repeat)))[-1]
    return [line(f"roster_import_{r['rows'] // 1000}k", r["import_s"], r["bare_read_s"]) for r in results]


def startup(repeat: int) -> list[dict]:
    text = run("startup.py", "--repeat", str(repeat))
    wall = text.split("CPU seconds")[0]  # the wall-clock block comes first
    bare = float(re.search(r"painted ([\d.]+) s", wall).group(1))
    painted = float(re.search(r"main window painted: ([\d.]+) s", wall).group(1))
    filled = float(re.search(r"lists filled: ([\d.]+) s", wall).group(1))
    return [line("window_painted", painted, bare), line("first_page_filled", filled, bare)]


def proposal_list(city: Path, repeat: int) -> list[dict]:
    result = json_lines(run("proposal_list.py", "--data", str(city), "--repeat", str(repeat)))[-1]
    return [line("proposal_list_city", result["ours_s"], result["floor_s"])]


def statistics_all_years(city: Path, repeat: int) -> list[dict]:
    result = json_lines(run("proposal_stats.py", "--data", str(city), "--repeat", str(repeat)))[-1]
    return [line("statistics_city_all_years", result["stats_all_years_ms"] / 1000, result["row_scan_ms"] / 1000)]


def workbook(city: Path, repeat: int) -> list[dict]:
    result = json_lines(run("statistics_workbook.py", "--data", str(city), "--repeat", str(repeat)))[-1]
    return [line("workbook_city", result["ours_s"], result["floor_s"])]


def annual(city: Path, repeat: int) -> list[dict]:
    result = json_lines(run("annual_report.py", "--data", str(city), "--repeat", str(repeat)))[-1]
    return [line("annual_report_city", result["ours_s"], result["floor_s"])]


def activities(repeat: int) -> list[dict]:
    text = run("activity_import.py", "--repeat", str(repeat))
    read = float(re.search(r"calamine read only\s*:\s*([\d.]+) s", text).group(1))
    full = float(re.search(r"import \(commit\)\s*:\s*([\d.]+) s", text).group(1))
    return [line("activity_import", full, read)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats: a smoke test, not figures to quote")
    parser.add_argument("--city", type=Path, help="a data folder made by demo --size city (copied, never written)")
    args = parser.parse_args(argv)
    repeat = 1 if args.quick else 5
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        city = Path(tmp) / "city"
        if args.city:
            shutil.copytree(args.city, city, ignore=shutil.ignore_patterns("*-wal", "*-shm"))
        else:
            subprocess.run([sys.executable, "-m", "desktop_app", "--data", str(city), "demo", "--size", "city"],
                           cwd=ROOT, check=True, capture_output=True)
        jobs = [lambda: roster(min(repeat, 3)), lambda: startup(repeat), lambda: proposal_list(city, repeat),
                lambda: statistics_all_years(city, repeat), lambda: workbook(city, repeat),
                lambda: annual(city, repeat), lambda: activities(min(repeat, 3))]
        failed = 0
        for job in jobs:
            try:
                for result in job():
                    print(json.dumps(result, ensure_ascii=False), flush=True)
            except Exception as exc:  # one broken benchmark must not hide the others
                failed += 1
                print(json.dumps({"error": str(exc).splitlines()[0]}, ensure_ascii=False), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
