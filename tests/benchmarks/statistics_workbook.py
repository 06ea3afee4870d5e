"""The statistics workbook of one year on a city-sized database, against writing the same cells plainly.

Run: python tests/benchmarks/statistics_workbook.py [--repeat 3] [--data DIR] [--year 2025]
Builds (once, or reuses --data) the city demo (`demo --size city`: 500 members, 50,000 proposals over
ten years), then in one process times:
  * the floor: openpyxl in write-only mode writing the workbook's cell values, no styles, one sheet each;
  * the workbook: WorkbookService.write (counting, laying out, styling and saving every sheet).
Prints the medians, the share of the workbook spent gathering versus writing, and the ratio to the floor.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.benchmarks.city import city_store, median_seconds  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--data", type=Path, help="reuse (or create) this data folder")
    parser.add_argument("--year", type=int, default=2025)
    args = parser.parse_args()
    from openpyxl import Workbook

    import desktop_app.fileio.xlsx_writer as xlsx_writer
    from desktop_app.domain.period import Period
    from desktop_app.services.reports.workbook import WorkbookService

    with tempfile.TemporaryDirectory() as tmp:
        folder = args.data or Path(tmp) / "城市数据"
        ctx, _build = city_store(folder)
        period = Period.year(args.year)
        captured: dict = {}
        real_write = xlsx_writer.write_table_workbook

        def capturing(path, sheets):
            sheets = [sheet for sheet in sheets]
            for sheet in sheets:
                sheet.rows = [list(row) for row in sheet.rows]
            captured["sheets"] = sheets
            start = time.perf_counter()
            result = real_write(path, sheets)
            captured["write_s"] = time.perf_counter() - start
            return result

        xlsx_writer.write_table_workbook = capturing
        out = Path(tmp) / "统计表.xlsx"
        workbook_s = median_seconds(lambda: WorkbookService(ctx).write(out, period), args.repeat)
        write_s = captured["write_s"]
        sheets = captured["sheets"]

        def floor() -> None:
            book = Workbook(write_only=True)
            for sheet in sheets:
                ws = book.create_sheet(sheet.name)
                ws.append([sheet.title])
                ws.append([c.header for c in sheet.column_specs])
                for row in sheet.rows:
                    ws.append(list(row))
            book.save(Path(tmp) / "floor.xlsx")

        floor_s = median_seconds(floor, args.repeat)
        ctx.engine.dispose()
    cells = sum(len(sheet.rows) * len(sheet.column_specs) for sheet in sheets)
    result = {"year": args.year, "rows": {sheet.name: len(sheet.rows) for sheet in sheets}, "cells": cells,
              "floor_write_only_s": round(floor_s, 3), "workbook_s": round(workbook_s, 3),
              "of_which_writing_s": round(write_s, 3), "ratio": round(workbook_s / floor_s, 2)}
    print(f"{args.year}: {cells:,} cells in {len(sheets)} sheets; plain write-only {floor_s:.2f} s, "
          f"workbook {workbook_s:.2f} s ({write_s:.2f} s of it styling and saving) → {workbook_s / floor_s:.1f}×")
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
