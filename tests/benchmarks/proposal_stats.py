"""Proposal statistics on a city-sized database against one COUNT(*) scan of the same tables.

Run: python tests/benchmarks/proposal_stats.py [--repeat 5] [--data DIR]
Builds (once, or reuses --data) a database of ~50,000 proposals over ten years with 500 members,
assignments, replies and feedback (`demo --size city`), then in one process times:
  * the floor: one statement counting the rows of proposals, assignments, replies, feedback
    and proposal_cosigners (SELECT COUNT(*) of each);
  * the full proposal statistics (statistics/proposals.compute with its per-unit and key lists)
    over all ten years, and once per year.
Prints medians and the ratios statistics ÷ floor (goal ≤ 3×, see the brief), and for context the
time to read every row of those tables (COUNT of a column in no index), which any aggregate must do.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.benchmarks.city import city_store, median_seconds  # noqa: E402

# For context: the same tables with every row read (a column in no index), as an aggregate must.
ROW_SCAN = ("SELECT (SELECT COUNT(version) FROM proposals), (SELECT COUNT(version) FROM assignments), "
            "(SELECT COUNT(version) FROM replies), (SELECT COUNT(version) FROM feedback), "
            "(SELECT COUNT(position) FROM proposal_cosigners)")
FLOOR = ("SELECT (SELECT COUNT(*) FROM proposals), (SELECT COUNT(*) FROM assignments), (SELECT COUNT(*) FROM replies), "
         "(SELECT COUNT(*) FROM feedback), (SELECT COUNT(*) FROM proposal_cosigners)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--data", type=Path, help="reuse (or create) this data folder")
    args = parser.parse_args()
    from sqlalchemy import func, select, text

    from db.models import Proposal
    from desktop_app.domain.period import Period
    from desktop_app.services.statistics import proposals as proposal_stats

    with tempfile.TemporaryDirectory() as tmp:
        folder = args.data or Path(tmp) / "城市数据"
        ctx, build = city_store(folder)
        with ctx.uow() as s:
            counts = s.execute(text(FLOOR)).one()
            first, last = s.execute(select(func.min(Proposal.submitted_on), func.max(Proposal.submitted_on))).one()
        years = list(range(first.year, last.year + 1))
        all_years = Period(date(first.year, 1, 1), date(last.year, 12, 31), "十年")

        def floor() -> None:
            with ctx.engine.connect() as connection:
                connection.execute(text(FLOOR)).one()

        def row_scan() -> None:
            with ctx.engine.connect() as connection:
                connection.execute(text(ROW_SCAN)).one()

        def over(period: Period) -> None:
            with ctx.uow() as s:
                proposal_stats.compute(s, period)

        floor()
        over(all_years)  # warm the page cache the same way for both
        floor_s = median_seconds(floor, args.repeat * 3)
        scan_s = median_seconds(row_scan, args.repeat)
        total_s = median_seconds(lambda: over(all_years), args.repeat)
        per_year = {year: median_seconds(lambda y=year: over(Period.year(y)), args.repeat) for year in years}
        ctx.engine.dispose()
    result = {
        "rows": dict(zip(("proposals", "assignments", "replies", "feedback", "cosigners"), counts)),
        "build_s": round(build, 2) if build else None,
        "floor_count_ms": round(floor_s * 1000, 2),
        "row_scan_ms": round(scan_s * 1000, 2),
        "stats_all_years_ms": round(total_s * 1000, 1),
        "stats_all_years_vs_row_scan": round(total_s / scan_s, 1),
        "stats_all_years_ratio": round(total_s / floor_s, 1),
        "stats_per_year_median_ms": round(statistics.median(per_year.values()) * 1000, 1),
        "stats_per_year_ratio": round(statistics.median(per_year.values()) / floor_s, 1),
        "goal": "<= 3",
    }
    print(f"{counts[0]:,} proposals over {len(years)} years; COUNT(*) floor {floor_s * 1000:.2f} ms; "
          f"statistics all years {total_s * 1000:.0f} ms ({total_s / floor_s:.0f}x), "
          f"one year median {statistics.median(per_year.values()) * 1000:.0f} ms "
          f"({statistics.median(per_year.values()) / floor_s:.0f}x); reading every row of the five tables "
          f"{scan_s * 1000:.0f} ms (all years ÷ that: {total_s / scan_s:.1f}x)")
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
