"""Ledger sheets (proposals, activities, consultations, opinions) read by their column types."""
import datetime as dt
from pathlib import Path

import pytest

from desktop_app.fileio.headers import detect_header, load_synonyms
from desktop_app.fileio.spreadsheet import Sheet, read_sheet
from desktop_app.fileio.table_rows import parse_table, split_list

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
RESOURCES = ROOT / "resources"


def parse_file(name, kind, vocabularies):
    columns = load_synonyms(RESOURCES, kind)
    sheet = read_sheet(FIXTURES / name)
    return parse_table(sheet, detect_header(sheet.rows, columns), columns, vocabularies)


def parse_rows(rows, kind, vocabularies=None):
    columns = load_synonyms(RESOURCES, kind)
    return parse_table(Sheet("台账", rows), detect_header(rows, columns), columns, vocabularies)


@pytest.mark.parametrize(
    "name, kind, count",
    [
        ("proposal_ledger.xlsx", "proposals", 461),
        ("activities_2025.xlsx", "activities", 402),
        ("consultations_2025.xlsx", "consultations", 219),
        ("opinions_2025.xlsx", "opinions", 1500),
    ],
)
def test_sample_ledgers_read_without_problems(vocabularies, name, kind, count):
    result = parse_file(name, kind, vocabularies)
    assert result.problems == []
    assert len(result.rows) == count
    assert result.rows[0].sheet_row == 3


def test_proposal_values(vocabularies):
    rows = parse_file("proposal_ledger.xlsx", "proposals", vocabularies).rows
    first, second = rows[0], rows[1]
    assert first.get("case_number") == "073"
    assert first.get("submitted_on") == dt.date(2024, 6, 26)
    assert first.get("lead_units") == ("县卫健委",)
    assert first.get("co_signers") == ()
    assert first.get("key_proposal") is False
    assert second.get("co_signers") == ("邱英建", "贺飞斌")


def test_activity_and_consultation_counts_are_ints(vocabularies):
    activity = parse_file("activities_2025.xlsx", "activities", vocabularies).rows[0]
    assert activity.get("other_participants") == 7 and type(activity.get("other_participants")) is int
    assert len(activity.get("present")) == 11
    consultation = parse_file("consultations_2025.xlsx", "consultations", vocabularies).rows[0]
    assert (consultation.get("department_reps"), consultation.get("resident_reps"), consultation.get("done_deeds")) == (5, 37, 1)


def test_bad_values_are_reported_with_row_and_column():
    rows = [
        ["政协××县2025年提案台账"],
        ["案号", "案由", "提案人", "联名人", "提交日期", "重点提案", "备用"],
        ["001", "关于……的建议", "张三", "李四，王五 赵六", "2025年1月19日", "是", "x"],
        ["002", None, "张三", None, "去年", "也许", None],
        [None, None, None, None, None, None, None],
        ["合计", "2件", None, None, None, None, None],
    ]
    result = parse_rows(rows, "proposals")
    assert len(result.rows) == 2 and result.skipped_rows == [5, 6]
    first = result.rows[0]
    assert first.get("co_signers") == ("李四", "王五", "赵六")
    assert first.get("submitted_on") == dt.date(2025, 1, 19) and first.get("key_proposal") is True
    assert first.extra == (("备用", "x"),)
    found = {(p.row, p.column): p.message for p in result.problems}
    assert set(found) == {(4, "案由"), (4, "提交日期"), (4, "重点提案")}
    assert found[(4, "案由")] == "“案由”列为空，请填写案由或删除这一行。"
    assert "去年" in found[(4, "提交日期")] and "也许" in found[(4, "重点提案")]
    assert [r.sheet_row for r in result.valid_rows()] == [3]


def test_int_columns():
    rows = [["日期", "活动名称", "其他参加人数", "意见建议条数"],
            ["2025-01-19", "读书", "12人", 3.0],
            ["2025-01-20", "学习", "多人", 2.5]]
    result = parse_rows(rows, "activities")
    assert result.rows[0].get("other_participants") == 12 and result.rows[0].get("suggestions") == 3
    assert {(p.row, p.column) for p in result.problems} == {(3, "其他参加人数"), (3, "意见建议条数")}


def test_missing_required_column():
    result = parse_rows([["日期", "地点"], ["2025-01-19", "活动室"]], "activities")
    assert result.problems[0].row == 1 and "活动名称" in result.problems[0].message


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("张三、李四", ("张三", "李四")),
        ("张三，李四,王五;赵六；钱七", ("张三", "李四", "王五", "赵六", "钱七")),
        ("张三 李四  王五", ("张三", "李四", "王五")),
        ("卢\u3000兰、张三", ("卢兰", "张三")),
        ("卢 兰 张三", ("卢兰", "张三")),
        ("张三 李", ("张三", "李")),
        ("张三、张三", ("张三",)),
        ("张三/李四", ("张三", "李四")),
        ("张三\n李四", ("张三", "李四")),
        ("、张三、", ("张三",)),
        (None, ()),
        ("", ()),
    ],
)
def test_split_list(raw, expected):
    assert split_list(raw) == expected
