"""The statistics workbook of one year on a city-sized database, against writing the same cells plainly.

Run: python tests/benchmarks/statistics_workbook.py [--repeat 5] [--data DIR] [--year 2025]
Builds (once, or reuses --data: use a COPY of a shared demo folder, the store is opened for writing) the
city demo (`demo --size city`: 500 members, 50,000 proposals over ten years), then in one process times,
turn about so that a busy machine slows both alike:
  * ours: `report workbook` as WorkbookService.write does it (counting, laying out, styling, charts, saving);
  * the floor: openpyxl in write-only mode writing the same cells' values (title, header, rows, the small
    tables beside them and the notes), no styles, no charts, one sheet each.
Prints one JSON line {"benchmark": "workbook_city", "ours_s", "floor_s", "ratio", ...}; the times are the
best of the runs (the least disturbed by other work), the medians are given too. The target is ratio ≤ 3.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.benchmarks.city import city_store  # noqa: E402


def floor_rows(sheet) -> list[list]:
    """The cell values of one sheet as the workbook lays them out, row by row."""
    side = sheet.side
    width = len(sheet.column_specs)
    pad = [None] * (width + 1)
    rows = [[sheet.title], [c.header for c in sheet.column_specs] + ([None] + [c.header for c in side.column_specs]
                                                                      if side else [])]
    body = [list(row) for row in sheet.rows] + [[note] for note in sheet.notes]
    side_rows = [list(row) for row in side.rows] if side else []
    for index in range(max(len(body), len(side_rows))):
        row = body[index] if index < len(body) else []
        if index < len(side_rows):
            row = (row + pad)[:width + 1] + side_rows[index]
        rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
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
            sheets = list(sheets)
            for sheet in sheets:
                sheet.rows = [list(row) for row in sheet.rows]
            captured["sheets"] = sheets
            start = time.perf_counter()
            result = real_write(path, sheets)
            captured.setdefault("write_s", []).append(time.perf_counter() - start)
            return result

        xlsx_writer.write_table_workbook = capturing
        out = Path(tmp) / "统计表.xlsx"
        WorkbookService(ctx).write(out, period)  # warm up: imports, SQLite's page cache
        layouts = [(sheet.name, floor_rows(sheet)) for sheet in captured["sheets"]]

        def floor() -> None:
            book = Workbook(write_only=True)
            for name, rows in layouts:
                ws = book.create_sheet(name)
                for row in rows:
                    ws.append(row)
            book.save(Path(tmp) / "floor.xlsx")

        ours_s, floor_s = [], []
        captured["write_s"] = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            WorkbookService(ctx).write(out, period)
            ours_s.append(time.perf_counter() - start)
            start = time.perf_counter()
            floor()
            floor_s.append(time.perf_counter() - start)
        ctx.engine.dispose()
    sheets = captured["sheets"]
    cells = sum(len(row) for _, rows in layouts for row in rows)
    best_ours, best_floor = min(ours_s), min(floor_s)
    result = {"benchmark": "workbook_city", "ours_s": round(best_ours, 3), "floor_s": round(best_floor, 3),
              "ratio": round(best_ours / best_floor, 2),
              "median_ours_s": round(statistics.median(ours_s), 3),
              "median_floor_s": round(statistics.median(floor_s), 3),
              "of_which_writing_s": round(min(captured["write_s"]), 3), "year": args.year, "cells": cells,
              "charts": sum(len(sheet.charts) for sheet in sheets),
              "rows": {sheet.name: len(sheet.rows) for sheet in sheets}}
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
