"""`report workbook`: every sheet of spec/reports.md, its numbers equal to `stats --json`, laid out for print."""
from __future__ import annotations

import json
from datetime import date

import openpyxl
import pytest

from tests.cli_support import cli, demo_folder


SHEETS = ["汇总", "提案目录", "提案分类统计", "承办单位办理情况", "委员履职统计", "委员之家活动台账", "有事来商量台账",
          "社情民意台账"]


@pytest.fixture(scope="module")
def demo_book(tmp_path_factory):
    data = demo_folder(tmp_path_factory.mktemp("报表"))
    year = str(date.today().year - 1)
    code, out, _ = cli(data, "stats", "--year", year, "--json")
    assert code == 0
    target = data.parent / "统计表 2025.xlsx"
    code, said, err = cli(data, "report", "workbook", "--year", year, "--out", str(target))
    assert code == 0, err
    return json.loads(out), openpyxl.load_workbook(target), said, year


def _summary(book) -> dict:
    sheet = book["汇总"]
    return {(row[0], row[1]): (row[2], row[4]) for row in sheet.iter_rows(min_row=3, values_only=True)}


def test_the_workbook_has_every_sheet_in_order_and_says_so(demo_book):
    stats, book, said, year = demo_book
    assert book.sheetnames == SHEETS
    assert f"已生成{year}年统计表" in said and "共 8 张工作表" in said
    assert book["汇总"]["A1"].value == f"政协黎城县委员会{year}年履职工作统计汇总"


def test_the_summary_figures_are_those_of_stats(demo_book):
    stats, book, _, _ = demo_book
    summary = _summary(book)
    p = stats["proposals"]
    assert summary[("提案", "征集提案")][0] == p["submitted"]
    assert summary[("提案", "立案")] == (p["accepted"], round(p["acceptance_rate"] / 100, 4))
    assert summary[("提案", "其中并案")][0] == p["merged"]
    assert summary[("提案", "办复")] == (p["replied"], round(p["reply_rate"] / 100, 4))
    assert summary[("提案", "满意和基本满意")][1] == round(p["satisfaction_rate"] / 100, 4)
    assert summary[("委员", "在任委员")][0] == stats["members"]["active"]
    assert summary[("委员之家", "开展活动")][0] == stats["homes"]["activities"]
    assert summary[("委员之家", "参加委员")][0] == stats["homes"]["attendance"]
    c = stats["consultations"]
    assert summary[("有事来商量", "开展协商")][0] == c["sessions"]
    assert summary[("有事来商量", "参加协商的委员")][1] == round(c["member_participation_rate"] / 100, 4)
    o = stats["opinions"]
    assert summary[("社情民意信息", "被采用")] == (o["adopted"], round(o["adoption_rate"] / 100, 4))
    rate_cell = next(row[4] for row in book["汇总"].iter_rows(min_row=3) if row[1].value == "立案")
    assert rate_cell.number_format == "0.00%" and isinstance(rate_cell.value, float)


def test_the_proposal_sheets_agree_with_stats(demo_book):
    stats, book, _, _ = demo_book
    p = stats["proposals"]
    catalogue = list(book["提案目录"].iter_rows(min_row=3, values_only=True))
    assert len(catalogue) == p["accepted"]
    headers = [c.value for c in book["提案目录"][2]]
    assert headers[:4] == ["案号", "案由", "提案者", "类别"] and headers[-1] == "办理状态"
    assigned_on = headers.index("交办日期")
    assert any(row[assigned_on] is not None for row in catalogue)
    assert all(row[assigned_on] is None or hasattr(row[assigned_on], "year") for row in catalogue)
    categories = {row[1]: row[2] for row in book["提案分类统计"].iter_rows(min_row=3, values_only=True)
                  if row[0] == "按类别"}
    assert categories == p["by_category"]
    units = list(book["承办单位办理情况"].iter_rows(min_row=3, values_only=True))
    assert units[-1][0] == "合计（件次）" and units[-1][1] == sum(row[1] for row in units[:-1])


def test_every_member_in_office_has_a_duty_row(demo_book):
    stats, book, _, _ = demo_book
    rows = list(book["委员履职统计"].iter_rows(min_row=3, values_only=True))
    assert len(rows) == stats["members"]["active"]
    headers = [c.value for c in book["委员履职统计"][2]]
    assert headers[0] == "姓名" and headers[-3:] == ["得分", "等次", "未履职预警"]
    summary = _summary(book)
    bands = sum(count for (part, item), (count, _rate) in summary.items() if part == "委员履职" and item != "未履职预警")
    assert bands == len(rows)


def test_the_ledgers_hold_the_periods_records(demo_book):
    stats, book, _, _ = demo_book
    assert book["委员之家活动台账"].max_row - 2 == stats["homes"]["activities"]
    assert book["有事来商量台账"].max_row - 2 == stats["consultations"]["sessions"]
    assert book["社情民意台账"].max_row - 2 == stats["opinions"]["received"]


@pytest.mark.parametrize("name", SHEETS)
def test_each_sheet_is_laid_out_for_print(demo_book, name):
    sheet = demo_book[1][name]
    assert "A1" in {str(r).split(":")[0] for r in sheet.merged_cells.ranges}
    assert sheet["A2"].font.b and sheet["A2"].fill.fgColor.rgb.endswith("DDEBF7") and sheet["A2"].border.top.style
    assert sheet.freeze_panes == "A3" and sheet.auto_filter.ref.startswith("A2:")
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4 and sheet.page_setup.fitToWidth == 1
    assert sheet.print_title_rows == "$1:$2" and sheet.oddFooter.center.text == "第 &P 页，共 &N 页"


def test_a_bad_period_changes_nothing_and_is_one_sentence(tmp_path):
    data = tmp_path / "数据"
    target = tmp_path / "表.xlsx"
    code, _, err = cli(data, "report", "workbook", "--from", "2025-03-01", "--to", "2025-01-01", "--out", str(target))
    assert code in (1, 2) and "早于开始日期" in err and not target.exists()
