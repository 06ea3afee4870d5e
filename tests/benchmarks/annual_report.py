"""`report annual` on a city-sized database, against writing the same paragraphs and tables with bare python-docx.

Run: python tests/benchmarks/annual_report.py [--repeat 5] [--data DIR] [--year 2025]
Copies the city demo (--data) to a temporary folder, or builds it there when there is
none (`demo --size city`: 500 members, 50,000 proposals over ten years), then in one process times:
  * ours: AnnualReportService.write without charts (gathering every figure and the examples, wording,
    filling the office's template, fitting the tables, saving);
  * the floor: python-docx's default document with the same paragraphs and the same tables (the texts
    read back from our file), no styles, saved.
Charts are drawn in neither (matplotlib is the same cost whoever calls it). Prints the medians and the
ratio; the goal is a ratio of at most 3.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.benchmarks.city import city_store, median_seconds  # noqa: E402



def _content(path: Path) -> list[tuple[str, object]]:
    """The body of a written .docx in order: ("p", text) and ("t", rows)."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    out: list[tuple[str, object]] = []
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            out.append(("p", Paragraph(child, document).text))
        elif child.tag.endswith("}tbl"):
            out.append(("t", [[cell.text for cell in row.cells] for row in Table(child, document).rows]))
    return out


def _floor(content: list[tuple[str, object]], out: Path) -> None:
    import docx

    document = docx.Document()
    for kind, value in content:
        if kind == "p":
            document.add_paragraph(value)
        else:
            rows = value
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for row, cells in zip(table.rows, rows):
                for cell, text in zip(row.cells, cells):
                    cell.text = text
    document.save(str(out))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--data", type=Path, help="a data folder made by demo --size city, copied (built when not given)")
    parser.add_argument("--year", type=int, default=2025)
    args = parser.parse_args()
    from desktop_app.domain.period import Period
    from desktop_app.services.reports.annual import AnnualReportService

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "城市数据"
        if args.data:
            shutil.copytree(args.data, folder)
        ctx, _build = city_store(folder)
        period = Period.year(args.year)
        ours_out = Path(tmp) / "年度工作总结.docx"
        service = AnnualReportService(ctx)
        service.write(ours_out, period, charts=False)  # warm up: imports, template check
        content = _content(ours_out)
        floor_out = Path(tmp) / "floor.docx"
        _floor(content, floor_out)  # warm up
        ours, floor = [], []
        for _ in range(args.repeat):  # interleaved, so that a busy moment of the machine weighs on both
            ours.append(median_seconds(lambda: service.write(ours_out, period, charts=False), 1))
            floor.append(median_seconds(lambda: _floor(content, floor_out), 1))
        ours_s, floor_s = statistics.median(ours), statistics.median(floor)
        ctx.engine.dispose()
    paragraphs = sum(kind == "p" for kind, _ in content)
    cells = sum(len(rows) * len(rows[0]) for kind, rows in content if kind == "t")
    print(f"{args.year}: {paragraphs} paragraphs, {cells} table cells; bare python-docx {floor_s:.3f} s, "
          f"report annual {ours_s:.3f} s → {ours_s / floor_s:.2f}×")
    print(json.dumps({"benchmark": "annual_report_city", "ours_s": round(ours_s, 3), "floor_s": round(floor_s, 3),
                      "ratio": round(ours_s / floor_s, 2)}))


if __name__ == "__main__":
    main()
