"""Finding header rows and mapping columns by synonyms."""
from pathlib import Path

import pytest

from desktop_app.fileio.headers import (
    ColumnSynonyms,
    detect_header,
    fold_header,
    header_text,
    load_synonyms,
    map_header_row,
)
from desktop_app.fileio.spreadsheet import read_sheet

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
RESOURCES = ROOT / "resources"

ROSTER_FIELDS = {
    0: "seq", 1: "name", 2: "gender", 3: "ethnicity", 4: "birth", 5: "political_status", 6: "sector",
    7: "education", 8: "work_unit_and_position", 9: "phone", 10: "id_number", 11: "is_standing", 12: "notes",
}


@pytest.mark.parametrize(
    "name, row_index", [("roster_messy.xlsx", 2), ("roster_messy.xls", 2), ("roster_bad.xlsx", 2), ("roster_gbk.csv", 0)]
)
def test_roster_header_found_under_the_titles(member_columns, name, row_index):
    guess = detect_header(read_sheet(FIXTURES / name).rows, member_columns)
    assert guess.row_index == row_index
    assert guess.mapping == ROSTER_FIELDS
    assert guess.unknown == [] and guess.missing == []
    assert guess.score == 1.0
    assert guess.headers[1] == "姓名" and guess.headers[9] == "联系电话（手机）"
    assert guess.headers[4] == "出生年月"  # "出生\n年月" tidied for messages
    assert guess.column_of("id_number") == 10


@pytest.mark.parametrize(
    "name, kind, expected",
    [
        ("proposal_ledger.xlsx", "proposals", ["case_number", "title", "lead", "kind", "co_signers", "category",
                                               "submitted_on", "decision", "lead_units", "joint_units", "assigned_on",
                                               "replied_on", "reply_category", "feedback", "key_proposal"]),
        ("activities_2025.xlsx", "activities", ["date", "home", "kind", "title", "place", "present", "excused",
                                                "other_participants", "suggestions", "notes"]),
        ("consultations_2025.xlsx", "consultations", ["date", "platform", "township", "village", "topic",
                                                      "topic_source", "members", "department_reps", "resident_reps",
                                                      "suggestions", "outcome", "responsible_unit", "follow_up",
                                                      "done_deeds"]),
        ("opinions_2025.xlsx", "opinions", ["title", "submitters", "received_on", "issue", "sent_level",
                                            "adopted_level", "instructions"]),
    ],
)
def test_ledger_headers(name, kind, expected):
    columns = load_synonyms(RESOURCES, kind)
    guess = detect_header(read_sheet(FIXTURES / name).rows, columns)
    assert guess.row_index == 1
    assert [guess.mapping[i] for i in sorted(guess.mapping)] == expected
    assert guess.unknown == [] and guess.missing == []


def test_every_column_file_has_labels_and_synonyms():
    for path in (RESOURCES / "columns").glob("*.json"):
        columns = load_synonyms(RESOURCES, path.stem)
        assert columns.kind == path.stem and columns.label
        for spec in columns.fields.values():
            assert spec.label and spec.synonyms
            assert columns.field_for(spec.label)[0] == spec.code
        assert any(spec.required for spec in columns.fields.values())


def test_a_roster_is_not_taken_for_a_ledger(member_columns):
    rows = read_sheet(FIXTURES / "roster_messy.xlsx").rows
    assert detect_header(rows, load_synonyms(RESOURCES, "proposals")) is None
    assert detect_header(read_sheet(FIXTURES / "opinions_2025.xlsx").rows, member_columns) is None


@pytest.mark.parametrize(
    "header, field",
    [
        ("姓  名", "name"),
        ("姓\u3000名", "name"),
        ("*姓名", "name"),
        ("姓名：", "name"),
        ("出生\n年月", "birth"),
        ("出生日期", "birth"),
        ("生日", "birth"),
        ("工作单位\n及职务", "work_unit_and_position"),
        ("单位及职务", "work_unit_and_position"),
        ("工作单位", "work_unit"),
        ("职务", "position"),
        ("联系电话（手机）", "phone"),
        ("联系电话(手机)", "phone"),
        ("联系电话（办公）", "phone"),
        ("手机号码", "phone"),
        ("公民身份号码", "id_number"),
        ("身份证号码", "id_number"),
        ("党派团体", "political_status"),
        ("学历", "education"),
        ("是否常委", "is_standing"),
        ("所属专委会", "committees"),
        ("序号", "seq"),
        ("委员手机号码", "phone"),  # contains a synonym
        ("现工作单位及职务", "work_unit_and_position"),
    ],
)
def test_header_synonyms(member_columns, header, field):
    assert member_columns.field_for(header)[0] == field


def test_fold_and_tidy_helpers():
    assert fold_header(" 姓　名：") == "姓名"
    assert fold_header("联系电话（手机）") == "联系电话手机"
    assert header_text("出生\n年月") == "出生年月"
    assert header_text("Phone  No") == "Phone No"


ROWS = [
    ["政协××县委员名单", None, None, None, None],
    ["单位：人", None, None, None, None],
    ["姓名", "性别", "爱好", "工作单位", "职务", "电话", "手机"],
    ["张三", "男", "下棋", "县一中", "校长", "0355-6123456", "13912345678"],
]


def test_unknown_and_second_columns_are_listed_not_dropped(member_columns):
    guess = detect_header(ROWS, member_columns)
    assert guess.row_index == 2
    assert guess.mapping == {0: "name", 1: "gender", 3: "work_unit", 4: "position", 5: "phone"}
    assert guess.unknown == [(2, "爱好"), (6, "手机")]


def test_overrides_and_saved_mapping(member_columns):
    guess = detect_header(ROWS, member_columns, overrides={"爱好": "notes", "电话": None, "手机": "phone"})
    assert guess.mapping == {0: "name", 1: "gender", 2: "notes", 3: "work_unit", 4: "position", 6: "phone"}
    assert guess.unknown == []  # 电话 deliberately ignored
    saved = guess.saved_mapping()
    assert saved["爱好"] == "notes"
    again = detect_header(ROWS, member_columns, saved={"爱好": "notes"})
    assert again.mapping[2] == "notes"


def test_user_chosen_header_row(member_columns):
    guess = detect_header(ROWS, member_columns, row_index=3)
    assert guess.row_index == 3 and guess.mapping == {}
    assert guess.missing == ["name"]


def test_no_header_row(member_columns):
    assert detect_header([["a", "b"], [1, 2]], member_columns) is None
    assert detect_header([], member_columns) is None


def test_header_beyond_the_scan_limit(member_columns):
    rows = [["说明"]] * 25 + [["姓名", "性别"]]
    assert detect_header(rows, member_columns) is None
    assert detect_header(rows, member_columns, max_scan=30).row_index == 25


def test_short_form_synonym_files():
    columns = ColumnSynonyms.from_dict({"kind": "x", "fields": {"name": ["姓名", "名字"], "sex": ["性别"]}})
    assert columns.field_for("名 字") == ("name", True)
    assert columns.labels == {"name": "姓名", "sex": "性别"}


def test_map_header_row_keeps_first_column_of_a_field(member_columns):
    guess = map_header_row([["姓名", "姓名", "性别"]], 0, member_columns)
    assert guess.mapping == {0: "name", 2: "gender"} and guess.unknown == [(1, "姓名")]


def test_two_row_header_group_cell_over_sub_headers():
    from desktop_app.fileio.headers import detect_header, load_synonyms

    columns = load_synonyms(RESOURCES, "members")
    rows = [["政协某县委员会委员名单", None, None, None, None, None],
            ["序号", "姓名", "基本情况", None, None, "工作单位"],
            [None, None, "性别", "民族", "出生年月", None],
            [1, "王建国", "男", "汉族", "1968.05", "县教育局"]]
    guess = detect_header(rows, columns)
    assert (guess.row_index, guess.height, guess.data_start) == (1, 2, 3)
    assert guess.mapping == {0: "seq", 1: "name", 2: "gender", 3: "ethnicity", 4: "birth", 5: "work_unit"}
    assert guess.headers[2] == "性别" and guess.unknown == []
    chosen = detect_header(rows, columns, row_index=1)  # the user's header row: the sub-headers are found too
    assert chosen.height == 2 and chosen.mapping == guess.mapping


def test_a_data_row_under_a_one_row_header_is_not_taken_for_sub_headers():
    from desktop_app.fileio.headers import detect_header, load_synonyms

    columns = load_synonyms(RESOURCES, "members")
    rows = [["姓名", "性别", "民族", "出生年月"], ["王建国", "男", "汉族", "1968.05"], ["李秀英", "女", "回族", "1975.11"]]
    guess = detect_header(rows, columns)
    assert (guess.row_index, guess.height, guess.data_start) == (0, 1, 1)
