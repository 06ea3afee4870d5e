"""Roster sheets to RosterRow values and problems."""
import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from desktop_app.domain.normalize import id_check_digit
from desktop_app.fileio.headers import detect_header
from desktop_app.fileio.roster_rows import RosterRow, parse_roster
from desktop_app.fileio.spreadsheet import Sheet, read_sheet
from desktop_app.fileio.xlsx_writer import write_error_report

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ROSTERS = ["roster_messy.xlsx", "roster_messy.xls", "roster_gbk.csv"]


def make_id(first17: str) -> str:
    return first17 + id_check_digit(first17)


def parse_file(path, member_columns, vocabularies, **read_options):
    sheet = read_sheet(path, **read_options)
    guess = detect_header(sheet.rows, member_columns)
    return sheet, guess, parse_roster(sheet, guess, vocabularies)


def parse_rows(rows, member_columns, vocabularies, name="名单"):
    sheet = Sheet(name=name, rows=rows)
    return parse_roster(sheet, detect_header(rows, member_columns), vocabularies)


# ------------------------------------------------------------------ samples

@pytest.mark.parametrize("name", ROSTERS)
def test_sample_rosters_parse_without_problems(member_columns, vocabularies, name):
    _, _, result = parse_file(FIXTURES / name, member_columns, vocabularies)
    assert result.problems == []
    assert len(result.rows) == 180
    assert [r.name for r in result.rows[:3]] == ["卢兰", "董亮文", "黎东"]
    assert all(r.name and r.id_number and r.birth_year and r.birth_month for r in result.rows)


def test_the_three_samples_give_the_same_rows(member_columns, vocabularies):
    parsed = [parse_file(FIXTURES / n, member_columns, vocabularies)[2].rows for n in ROSTERS]
    values = [[r.values() for r in rows] for rows in parsed]
    assert values[0] == values[1] == values[2]


def test_sample_values_are_normalised(member_columns, vocabularies):
    _, _, result = parse_file(FIXTURES / "roster_messy.xlsx", member_columns, vocabularies)
    first, second = result.rows[0], result.rows[1]
    assert first == RosterRow(
        sheet_row=4, name="卢兰", gender="男", ethnicity="汉族", birth_year=1962, birth_month=9,
        political_status="中共党员", sector="科学技术界", education="中专", work_unit="县第一中学村党支部书记",
        phone="17908301661", id_number="140423196209041132", is_standing=True, raw=first.raw,
    )
    assert (second.ethnicity, second.political_status, second.birth_month) == ("汉族", "中共党员", 1)  # 汉, 中共, "1983.1"
    assert result.rows[-1].sheet_row == 184
    assert result.skipped_rows == [61, 185, 186]  # a blank row, 合计：180人, 备注：…


def test_every_sample_value_is_in_its_vocabulary(vocabularies, member_columns):
    checked = 0
    for name in ROSTERS + ["roster_bad.xlsx"]:
        _, guess, result = parse_file(FIXTURES / name, member_columns, vocabularies)
        for col, key in [(2, "gender"), (3, "ethnicity"), (5, "political_status"), (6, "sector"), (7, "education")]:
            assert guess.mapping[col] == key
            for r in result.rows:
                value = r.raw[col]
                if value is None or value == "火星族":
                    continue
                assert vocabularies[key].canonical(value), (name, key, value)
                checked += 1
    assert checked > 2800  # 3 × 180 + 40 rows × 5 columns, less a few blanks


# --------------------------------------------------------- the faulty roster

EXPECTED_BAD = {
    (7, "公民身份号码"): "校验位",  # 罗勇涛: wrong check digit
    (13, "公民身份号码"): "科学计数法",  # 魏怡兰: 1.40423197611042E+17
    (18, "姓名"): "不能为空",  # no name
    (25, "联系电话（手机）"): "12345",  # 萧兰: phone 12345
    (31, "民族"): "火星族",  # 龚然: not an ethnic group
    (37, "公民身份号码"): "第36行",  # 李宇子 listed twice
}


def test_roster_bad_names_each_planted_fault(member_columns, vocabularies):
    _, _, result = parse_file(FIXTURES / "roster_bad.xlsx", member_columns, vocabularies)
    found = {(p.row, p.column): p.message for p in result.problems}
    assert set(found) == set(EXPECTED_BAD)
    for key, words in EXPECTED_BAD.items():
        assert words in found[key], found[key]
    assert all(p.sheet == "委员名单" for p in result.problems)
    assert found[(31, "民族")].startswith("民族“火星族”不在民族表中，请改为")  # the member form's own sentence
    assert found[(31, "民族")].endswith("或先在设置中添加。")
    assert {p.rule for p in result.problems} >= {"member.name.required", "member.ethnicity.vocabulary", "duplicate"}
    assert len(result.rows) == 40
    assert {r.sheet_row for r in result.valid_rows()} == {r.sheet_row for r in result.rows} - {k[0] for k in EXPECTED_BAD}
    assert result.rows[17].id_number == "14042319800504287X"  # lower-case x made upper-case
    assert sorted(result.problems_by_row()) == [7, 13, 18, 25, 31, 37]
    assert "第37行" in result.problems[-1].describe()


def test_error_report_for_roster_bad(tmp_path, member_columns, vocabularies):
    sheet, guess, result = parse_file(FIXTURES / "roster_bad.xlsx", member_columns, vocabularies)
    out = write_error_report(sheet.rows, guess.row_index, result.problems_by_row(), tmp_path / "问题.xlsx")
    ws = openpyxl.load_workbook(out).active
    problem_col = len(sheet.rows[guess.row_index]) + 1
    assert ws.cell(row=3, column=problem_col).value == "问题"
    assert ws.cell(row=3, column=2).value == "姓  名"
    assert "校验位" in ws.cell(row=7, column=problem_col).value
    assert ws.cell(row=7, column=11).value == "140423198305161490"
    assert ws.cell(row=4, column=problem_col).value is None
    assert "第36行" in ws.cell(row=37, column=problem_col).value
    assert ws.cell(row=7, column=1).fill.fgColor.rgb.endswith("FCE4D6")
    assert ws.freeze_panes == "A4"


# ------------------------------------------------------------ rules in detail

HEAD = ["序号", "姓名", "性别", "出生年月", "身份证号", "界别", "工作单位", "职务", "专委会", "是否常委", "爱好"]


def row(seq, name, birth, id_number, **more):
    values = {"gender": "男", "sector": "经济界", "unit": None, "position": None, "committees": None,
              "standing": None, "hobby": None}
    values.update(more)
    return [seq, name, values["gender"], birth, id_number, values["sector"], values["unit"], values["position"],
            values["committees"], values["standing"], values["hobby"]]


def test_birth_month_checked_against_the_id(member_columns, vocabularies):
    result = parse_rows([HEAD, row(1, "张三", "1983.06", make_id("14042319830516150"))], member_columns, vocabularies)
    [problem] = result.problems
    assert problem.row == 2 and problem.column == "出生年月"
    assert "1983年6月" in problem.message and "1983年5月" in problem.message


def test_number_cell_1983_1_follows_the_id(member_columns, vocabularies):
    january = parse_rows([HEAD, row(1, "张三", 1983.1, "140423198301081240")], member_columns, vocabularies)
    assert january.problems == [] and january.rows[0].birth_month == 1
    october = parse_rows([HEAD, row(1, "张三", 1983.1, make_id("14042319831008124"))], member_columns, vocabularies)
    assert october.problems == [] and october.rows[0].birth_month == 10


def test_blank_birth_is_taken_from_the_id(member_columns, vocabularies):
    result = parse_rows([HEAD, row(1, "张三", None, make_id("14042319830516150"))], member_columns, vocabularies)
    assert result.problems == [] and (result.rows[0].birth_year, result.rows[0].birth_month) == (1983, 5)


def test_unreadable_birth(member_columns, vocabularies):
    result = parse_rows([HEAD, row(1, "张三", "八三年", None)], member_columns, vocabularies)
    [problem] = result.problems
    assert problem.column == "出生年月" and "八三年" in problem.message
    assert result.rows[0].birth_year is None


def test_work_unit_and_position_columns(member_columns, vocabularies):
    split = parse_rows([HEAD, row(1, "张三", "1983.05", None, unit="县一中", position="校长")], member_columns, vocabularies)
    assert (split.rows[0].work_unit, split.rows[0].position) == ("县一中", "校长")
    combined = parse_rows(
        [["姓名", "工作单位及职务"], ["张三", "县一中\n校长"]], member_columns, vocabularies
    )
    assert (combined.rows[0].work_unit, combined.rows[0].position) == ("县一中 校长", None)


def test_lists_flags_and_extra_columns(member_columns, vocabularies):
    result = parse_rows(
        [HEAD, row(1, "张三", "1983.05", None, committees="提案委、文史委,经济委员会", standing="√", hobby="下棋")],
        member_columns, vocabularies,
    )
    r = result.rows[0]
    assert r.committees == ("提案委员会", "文化文史和学习委员会", "经济委员会")
    assert r.is_standing is True
    assert r.extra == (("爱好", "下棋"),)
    bad = parse_rows([HEAD, row(1, "张三", "1983.05", None, standing="大概")], member_columns, vocabularies)
    assert bad.problems[0].column == "是否常委" and "大概" in bad.problems[0].message


def test_closed_vocabulary_lists_the_choices(member_columns, vocabularies):
    result = parse_rows([HEAD, row(1, "张三", "1983.05", None, sector="商界", gender="中")], member_columns, vocabularies)
    by_column = {p.column: p.message for p in result.problems}
    assert by_column["性别"] == "性别“中”不在性别表中，请改为男、女之一，或先在设置中添加。"
    assert by_column["界别"].startswith("界别“商界”不在界别表中，请改为")
    assert result.rows[0].sector == "商界"  # kept for the preview


def test_skipped_rows(member_columns, vocabularies):
    rows = [
        ["政协××县委员名单"],
        HEAD,
        ["一、中共界（2人）"],
        row(1, "张三", "1983.05", None),
        [None] * 11,
        ["序号", "姓 名", "性别"],  # header printed again on a new page
        [2, None, None, None, None, None, None, None, None, None, None],  # only a number in 序号
        row(3, "李四", "1984.05", None),
        ["合计", None, "2人"],
        ["注：以上名单按姓氏笔画排序"],
        ["制表人：王五", None, None, "审核：赵六"],
    ]
    result = parse_rows(rows, member_columns, vocabularies)
    assert [r.name for r in result.rows] == ["张三", "李四"]
    assert result.problems == []
    assert result.skipped_rows == [3, 5, 6, 7, 9, 10, 11]


def test_duplicates_within_the_file(member_columns, vocabularies):
    rows = [
        HEAD,
        row(1, "张三", "1983.05", make_id("14042319830516150")),
        row(2, "张三", "1983.05", None),  # same name and month, no ID: the same person
        row(3, "李四", "1984.05", make_id("14042319840516150")),
        row(4, "李四", "1984.05", make_id("14042319840516151")),  # same name and month, different IDs: two people
        row(5, "王五", "1985.05", None),
        row(6, "王五", "1985.05", None),
        row(7, "赵六", "1986.05", make_id("14042319830516150")),  # ID of row 2
    ]
    result = parse_rows(rows, member_columns, vocabularies)
    found = {(p.row, p.column): p.message for p in result.problems if "行" in p.message}
    assert set(found) == {(3, "姓名"), (7, "姓名"), (8, "身份证号")}
    assert "第2行" in found[(3, "姓名")] and "第6行" in found[(7, "姓名")] and "第2行" in found[(8, "身份证号")]


def test_hidden_rows_are_reported(tmp_path, member_columns, vocabularies):
    path = tmp_path / "hidden.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "性别", "出生年月"])
    ws.append(["张三", "男", dt.date(1983, 5, 1)])
    ws.append(["李四", "女", "1984.5"])
    ws.row_dimensions[3].hidden = True
    wb.save(path)
    _, _, result = parse_file(path, member_columns, vocabularies, detect_hidden=True)
    assert result.hidden_rows == [3]
    assert [(r.name, r.birth_year, r.birth_month) for r in result.rows] == [("张三", 1983, 5), ("李四", 1984, 5)]


def test_rows_are_frozen(member_columns, vocabularies):
    result = parse_rows([HEAD, row(1, "张三", "1983.05", None)], member_columns, vocabularies)
    with pytest.raises(AttributeError):
        result.rows[0].name = "李四"  # type: ignore[misc]
    assert result.rows[0] == RosterRow(**{**result.rows[0].__dict__})


def test_cells_merged_down_a_group_apply_to_every_row(tmp_path, member_columns, vocabularies):
    path = tmp_path / "merged.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["政协××县委员名单"])
    ws.merge_cells("A1:C1")
    ws.append(["界别", "姓名", "性别"])
    ws.append(["中共", "张三", "男"])
    ws.append([None, "李四", "女"])
    ws.append(["经济界", "王五", "男"])
    ws.append([None, "赵六", "女"])
    ws.merge_cells("A3:A4")
    ws.merge_cells("A5:A6")
    wb.save(path)
    sheet, _, result = parse_file(path, member_columns, vocabularies)
    assert [(r.name, r.sector) for r in result.rows] == [("张三", "中共"), ("李四", "中共"), ("王五", "经济界"), ("赵六", "经济界")]
    assert sheet.rows[3][0] is None  # the sheet itself is left as read
    assert result.problems == []


def test_missing_name_column_is_a_problem(member_columns, vocabularies):
    result = parse_rows([["性别", "民族"], ["男", "汉"]], member_columns, vocabularies)
    assert result.problems[0].row == 1 and "姓名" in result.problems[0].message
