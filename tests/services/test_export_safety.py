"""Records with formula-like text or control characters export as plain text: no cell is ever a formula, every
export succeeds, and the text reads back as it was (less the control characters)."""
from __future__ import annotations

import re
import zipfile
from datetime import date

import openpyxl
from sqlalchemy import text

from tests.cli.test_cli import run

HOSTILE = ["=HYPERLINK(\"http://x\",\"click\")", "=cmd|' /C calc'!A0", "=1+1", "@SUM(A1)"]


def _formula_cells(path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        return [m for n in sheets for m in re.findall(r"<f>.*?</f>", z.read(n).decode())]


def test_hostile_text_is_exported_as_text(tmp_path):
    data = tmp_path / "数据"
    assert run("demo", data=data).returncode == 0
    db = data / "cppcc-desk.sqlite3"
    import sqlite3

    con = sqlite3.connect(db)
    ids = [r[0] for r in con.execute("SELECT id FROM members WHERE status = 'active' ORDER BY id LIMIT 4")]
    for member_id, value in zip(ids, HOSTILE):
        con.execute("UPDATE members SET work_unit = ?, notes = ? WHERE id = ?", (value, value + "\x07响铃", member_id))
    con.execute("UPDATE activities SET title = ? WHERE id = (SELECT MIN(id) FROM activities WHERE held_on >= '2025-01-01' "
                "AND held_on <= '2025-12-31')", (HOSTILE[0] + "\x0b",))
    con.execute("UPDATE proposals SET title = ? WHERE id = (SELECT MIN(id) FROM proposals WHERE state = 'closed')",
                (HOSTILE[1],))
    con.commit()
    con.close()
    outputs = {
        "roster": (("export", "members", str(tmp_path / "花名册.xlsx")), tmp_path / "花名册.xlsx"),
        "activities": (("export", "activities", str(tmp_path / "活动.xlsx"), "--year", "2025"), tmp_path / "活动.xlsx"),
        "workbook": (("report", "workbook", "--year", "2025", "--out", str(tmp_path / "统计表.xlsx")),
                     tmp_path / "统计表.xlsx"),
    }
    for name, (args, path) in outputs.items():
        result = run(*args, data=data)
        assert result.returncode == 0, (name, result.stderr)
        assert _formula_cells(path) == [], name
    roster = openpyxl.load_workbook(outputs["roster"][1])
    values = {c.value for row in roster.active.iter_rows() for c in row if isinstance(c.value, str)}
    assert set(HOSTILE) <= values  # read back unchanged, as text
    assert {v + "响铃" for v in HOSTILE} <= values  # the bell character is gone, the rest kept
    for ws in openpyxl.load_workbook(outputs["workbook"][1]).worksheets:
        assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
