"""`report members` for 500 members in office (the city demo), against opening and saving the template 500 times.

Run: python tests/benchmarks/member_records.py [--repeat 1] [--data DIR] [--year 2025]
Uses --data (a city demo folder; written to, so give a copy), else builds the city
demo (`demo --size city`: 500 members, 50,000 proposals over ten years) in a temporary folder. Times:
  * ours: the whole command `cppcc-desk --data … report members --year Y --out DIR` in a fresh process (wall
    time, and the CPU time it used: on a shared machine the CPU time is the steadier figure);
  * of which gathering: MemberRecordsService.records (every member's rows, in grouped queries), in-process;
  * the floor: python-docx opening the shipped template and saving it once per member (no filling at all).
Prints the time per member and one JSON line.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.benchmarks.city import city_store, median_seconds  # noqa: E402



def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--data", type=Path, help="reuse (or create) this data folder")
    parser.add_argument("--year", type=int, default=2025)
    args = parser.parse_args()
    from docx import Document

    from desktop_app.domain.period import Period
    from desktop_app.fileio.documents import kind
    from desktop_app.services.reports.member_records import MemberRecordsService

    with tempfile.TemporaryDirectory() as tmp:
        folder = args.data
        if folder is None:
            folder = Path(tmp) / "城市数据"
        ctx, _build = city_store(folder)
        period = Period.year(args.year)
        start = time.perf_counter()
        records = MemberRecordsService(ctx).records(period)
        gather_s = time.perf_counter() - start
        rows = sum(len(r.dto.attendance) + len(r.dto.consultations) + len(r.dto.proposals) + len(r.dto.opinions)
                   for r in records)
        ctx.engine.dispose()
        members = len(records)
        out = Path(tmp) / "履职档案"

        def ours() -> None:
            shutil.rmtree(out, ignore_errors=True)
            env = {k: v for k, v in os.environ.items() if k != "CPPCC_DESK_DATA"}
            env["PYTHONPATH"] = str(ROOT)
            result = subprocess.run([sys.executable, "-m", "desktop_app", "--data", str(folder), "report", "members",
                                     "--year", str(args.year), "--out", str(out)], capture_output=True, text=True,
                                    encoding="utf-8", env=env, cwd=ROOT)
            if result.returncode != 0:
                raise SystemExit(result.stderr)

        cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        ours_s = median_seconds(ours, args.repeat)
        cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        ours_cpu_s = ((cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime)) / args.repeat
        written = len(list(out.iterdir()))
        template = ROOT / "resources" / "templates" / kind("members").file_name
        floor_out = Path(tmp) / "floor"
        floor_out.mkdir()

        def floor() -> None:
            for number in range(members):
                Document(str(template)).save(floor_out / f"{number}.docx")

        floor_s = median_seconds(floor, args.repeat)
    per_member = ours_s / members
    print(f"{args.year}: {members} members in office, {rows:,} item rows; {written} files in {ours_s:.2f} s "
          f"({per_member * 1000:.0f} ms a member, CPU {ours_cpu_s:.2f} s; gathering {gather_s:.2f} s); "
          f"floor (open and save the template {members}×) {floor_s:.2f} s → {ours_s / floor_s:.1f}×")
    print(json.dumps({"benchmark": f"member_records_{members}", "ours_s": round(ours_s, 2),
                      "per_member_s": round(per_member, 4), "ours_cpu_s": round(ours_cpu_s, 2),
                      "per_member_cpu_s": round(ours_cpu_s / members, 4), "gather_s": round(gather_s, 3),
                      "floor_open_save_s": round(floor_s, 2), "ratio": round(ours_s / floor_s, 2),
                      "item_rows": rows}, ensure_ascii=False))


if __name__ == "__main__":
    main()
