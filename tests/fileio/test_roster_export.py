"""An exported roster imports back unchanged (docs/imports.md, "Round trip")."""
from pathlib import Path

import openpyxl

from desktop_app.fileio.headers import detect_header
from desktop_app.fileio.roster_export import roster_cell, write_roster
from desktop_app.fileio.roster_rows import RosterRow, parse_roster
from desktop_app.fileio.spreadsheet import read_sheet

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def parse(path, member_columns, vocabularies):
    sheet = read_sheet(path)
    return parse_roster(sheet, detect_header(sheet.rows, member_columns), vocabularies)


def test_round_trip_of_the_sample_roster(tmp_path, member_columns, vocabularies):
    original = parse(FIXTURES / "roster_messy.xlsx", member_columns, vocabularies)
    out = write_roster(tmp_path / "导出.xlsx", original.rows, title="政协黎城县第十四届委员会委员名单", columns=member_columns)
    again = parse(out, member_columns, vocabularies)
    assert again.problems == []
    assert [r.values() for r in again.rows] == [r.values() for r in original.rows]

    ws = openpyxl.load_workbook(out).active
    assert ws["A1"].value == "政协黎城县第十四届委员会委员名单"
    assert [c.value for c in ws[2]][:5] == ["序号", "姓名", "性别", "民族", "出生年月"]
    assert ws["E3"].value == "1962.09" and ws["M3"].value == "140423196209041132"
    assert ws["M3"].number_format == "@"


def test_round_trip_of_lists_flags_and_dicts(tmp_path, member_columns, vocabularies):
    member = {
        "name": "阿依古丽·买买提", "gender": "女", "ethnicity": "维吾尔族", "birth_year": 1975, "birth_month": 10,
        "political_status": "无党派人士", "sector": "少数民族界", "education": "硕士研究生", "work_unit": "县医院",
        "position": "副院长", "phone": "0355-6123456、13912345678", "id_number": None, "address": "古韩镇 1 号",
        "is_standing": True, "committees": ("提案委员会", "文化文史和学习委员会"), "home": "古韩镇委员之家",
        "linked_villages": ("古韩1村", "古韩2村"), "status": "在任", "notes": "连任",
    }
    out = write_roster(tmp_path / "一人.xlsx", [member], title="名单", columns=member_columns)
    [row] = parse(out, member_columns, vocabularies).rows
    expected = RosterRow(sheet_row=3, raw=row.raw, **member)
    assert row == expected
    assert roster_cell(member, "birth") == "1975.10"
    assert roster_cell({"is_standing": False}, "is_standing") is None
