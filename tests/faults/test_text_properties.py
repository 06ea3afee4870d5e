"""Any text in a roster's 姓名, 工作单位 or 备注 cell is refused with its row named, or stored and exported back as
stored: control characters removed (domain/text_safety's list, restated here), never a formula cell.

The roster is written here byte by byte (sheet XML with inline strings), so a cell can hold what Excel can:
control characters as `_xHHHH_` escapes, and a literal `_x0041_` escaped as `_x005F_x0041_`. Lone surrogates
cannot be written in any spreadsheet (XML and CSV are UTF-8), so from a file they are left out; through the
member service (the form) they are tried too. Runs through the services, not subprocesses: fast enough for CI.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, event, example, given, settings, strategies as st
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook
from sqlalchemy import text

from desktop_app.domain.errors import DeskError, ValidationError
from desktop_app.services.ledgers.member_export import export_members
from desktop_app.services.ledgers.members import member_importer
from desktop_app.services.members import MemberInput, MembersService
from tests.fileio.test_hostile_sheets import _raw_sheet

# what domain/text_safety removes, written out again: C0 controls but tab, line feed and carriage return; DEL;
# lone surrogates
REMOVED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
FIELDS = {"姓名": "name", "工作单位": "work_unit", "备注": "notes"}
HEADER = ["姓名", "性别", "出生年月", "工作单位", "备注"]
FIXED = {"姓名": "李明", "性别": "男", "出生年月": "1970.01", "工作单位": "黎城县第一中学", "备注": "无"}
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# text as people (and attackers) paste it: anything, a formula's first character, control characters among letters
controls = st.sampled_from([chr(c) for c in [*range(0x20), 0x7f]])
anything = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
texts = st.one_of(
    anything,
    st.builds(lambda p, t: p + t, st.sampled_from(["=", "+", "-", "@", "=1+1", "=HYPERLINK(\"http://x\",\"点\")",
                                                     "-2+3", "@SUM(A1)", "\t=", " ="]), anything),
    st.lists(st.one_of(controls, st.sampled_from(list("黎城县政协委员ab1 "))), max_size=30).map("".join),
)


def _excel_text(value: str) -> str:
    """A cell's text as Excel stores it in XML: escaped, control characters and a literal _xHHHH_ as _xHHHH_."""
    value = re.sub(r"_(x[0-9A-Fa-f]{4}_)", r"_x005F_\1", value)
    return "".join(f"_x{ord(ch):04X}_" if ord(ch) < 0x20 and ch not in "\t\n\r" or ch == "\x7f" else ch
                   for ch in escape(value))


def _column(index: int) -> str:
    return "ABCDEFGHIJ"[index]


def write_roster_xml(path: Path, rows: list[list[str]]) -> Path:
    body = []
    for r, row in enumerate(rows, start=1):
        cells = "".join(f'<c r="{_column(c)}{r}" t="inlineStr"><is><t xml:space="preserve">{_excel_text(v)}</t></is></c>'
                        for c, v in enumerate(row) if v != "")
        body.append(f'<row r="{r}">{cells}</row>')
    return _raw_sheet(path, "".join(body))


def _stored(ctx) -> list[dict]:
    with ctx.engine.connect() as c:
        return [dict(r._mapping) for r in c.execute(text("SELECT name, work_unit, notes FROM members"))]


def _exported(ctx, out: Path) -> tuple[list[str], list[dict]]:
    """Export the roster; every cell must be plain (never a formula); returns the header and the rows by header."""
    export_members(ctx, out)
    sheet = load_workbook(out).active
    formulas = [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == [], formulas
    # the values as Excel shows them: python-calamine decodes `_xHHHH_` as Excel does (openpyxl does not)
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    start = next(i for i, row in enumerate(rows) if "姓名" in row)
    header = rows[start]
    return header, [dict(zip(header, row)) for row in rows[start + 1:] if any(v not in (None, "") for v in row)]


def _already_plain(value: str) -> bool:
    """Text the import keeps exactly as it is (docs/imports.md, Normalisation): nothing to trim, fold or join."""
    return (value != "" and unicodedata.normalize("NFKC", value) == value and not any(ch.isspace() for ch in value)
            and value.isprintable() and not any(ch in "•‧∙・·．" for ch in value))


@pytest.fixture
def empty(ctx):
    def clear():
        with ctx.engine.begin() as c:
            c.execute(text("DELETE FROM members"))
    return clear


@SETTINGS
@given(field=st.sampled_from(list(FIELDS)), value=texts)
@example(field="备注", value="=1+1").via("a formula")
@example(field="工作单位", value="@SUM(A1)").via("a formula")
@example(field="备注", value="_x0041_ 不是A").via("Excel's own escape, written literally")
@example(field="姓名", value="=张三").via("a formula in the name")
@example(field="备注", value="a\x00b\x1fc\x7f").via("control characters")
def test_roster_text_is_refused_with_its_row_or_stored_and_exported_back(ctx, empty, tmp_path, field, value):
    empty()
    row = dict(FIXED, **{field: value})
    roster = write_roster_xml(tmp_path / "名册.xlsx", [HEADER, [row[h] for h in HEADER]])
    importer = member_importer(ctx)
    try:
        located = importer.read(roster)
        plan = importer.preview(located)
    except ValidationError as refused:  # the header itself (a value in 姓名 that looks like a header…): said
        assert refused.message
        event("file refused")
        return
    cleaned = REMOVED.sub("", value)
    if plan.problems:
        assert {p.row for p in plan.problems} == {2}, [p.describe() for p in plan.problems]
        assert all(p.describe() for p in plan.problems)
        event(f"{field}: row refused")
        return
    if field == "姓名" and not cleaned.strip():
        event("no name: no row")
        return  # a row without a name is no row (skipped as blank)
    importer.commit(located, plan)
    stored = _stored(ctx)
    assert len(stored) == 1
    kept = stored[0][FIELDS[field]]
    assert kept is None or not REMOVED.search(kept), repr(kept)
    if _already_plain(cleaned):
        assert kept == cleaned, (value, kept)
    event(f"{field}: stored" + (", exactly as written" if _already_plain(cleaned) else ""))
    header, rows = _exported(ctx, tmp_path / "导出.xlsx")
    assert len(rows) == 1
    assert (rows[0][field] or None) == (kept or None), (value, kept, rows[0][field])


@SETTINGS
@given(field=st.sampled_from(["work_unit", "notes", "position", "address"]),
       value=st.text(max_size=40) | st.builds(lambda p, t: p + t, st.sampled_from("=+-@"), st.text(max_size=20)))
@example(field="notes", value="\ud800=孤\udfff").via("lone surrogates")
def test_member_form_text_is_stored_clean_and_exported_back(ctx, empty, tmp_path, field, value):
    """The form's path: any str, lone surrogates too (a paste can carry them)."""
    empty()
    try:
        MembersService(ctx).add(MemberInput(name="李明", gender="男", birth_year=1970, birth_month=1, **{field: value}))
    except DeskError as refused:
        assert refused.message
        return
    with ctx.engine.connect() as c:
        kept = c.execute(text(f"SELECT {field} FROM members")).scalar()
    assert kept is None or not REMOVED.search(kept), repr(kept)
    label = {"work_unit": "工作单位", "notes": "备注", "position": "职务", "address": "通讯地址"}[field]
    header, rows = _exported(ctx, tmp_path / "导出.xlsx")
    assert (rows[0][label] or None) == (kept or None), (value, kept, rows[0][label])
