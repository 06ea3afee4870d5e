"""OfficialDocument against bare python-docx on the same 40-page content (run: pytest tests/benchmarks).

The floor is measured in the same run: python-docx adding the same paragraphs and table
with no formatting. Ours writes fonts into every run and builds tables from cached
property elements; it must stay within a small multiple of the floor.
"""
from __future__ import annotations

import statistics
import time

from desktop_app.fileio.official_doc import OfficialDocument

PARAGRAPH = "市政协十四届四次会议以来，共征集提案546件，经审查，立案464件，立案率84.98%。立案提案中，集体提案74件，委员提案390件。" * 3
ROWS = [[i, f"第{i:03d}号", "关于进一步加强农村饮水安全工程建设与管护的建议", "王堃等3人", "县水利局", "A"] for i in range(1, 465)]
HEADERS = ["序号", "案号", "案由", "提案者", "主办单位", "答复类别"]


def _floor(path):
    import docx

    d = docx.Document()
    d.add_paragraph("政协黎城县委员会2025年度工作总结")
    for _ in range(60):
        d.add_paragraph(PARAGRAPH)
    table = d.add_table(rows=1, cols=len(HEADERS))
    for cell, text in zip(table.rows[0].cells, HEADERS):
        cell.text = text
    for row in ROWS:
        for cell, value in zip(table.add_row().cells, row):
            cell.text = str(value)
    d.save(str(path))


def _ours(path):
    doc = OfficialDocument()
    doc.title("政协黎城县委员会2025年度工作总结")
    for _ in range(60):
        doc.paragraph(PARAGRAPH)
    doc.table(HEADERS, ROWS, [12, 20, 60, 22, 26, 16], font_size=12)
    doc.save(path)


def _median(fn, path, runs=5):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def test_official_document_is_within_a_small_multiple_of_bare_python_docx(tmp_path):
    _ours(tmp_path / "warm.docx")
    floor = _median(_floor, tmp_path / "floor.docx")
    ours = _median(_ours, tmp_path / "ours.docx")
    print(f"\nbare python-docx {floor:.3f} s, OfficialDocument {ours:.3f} s, ratio {ours / floor:.2f}")
    assert ours / floor < 1.5
