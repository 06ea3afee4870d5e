"""`report workbook`: every sheet of docs/reports.md, its numbers equal to `stats --json`, laid out for print:
titles of one pattern, every rate named, rows high enough for their wrapped text, native charts beside the
tables, and a LibreOffice printout in which no row overprints another."""
from __future__ import annotations

import json
import math
import re
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import range_boundaries

from tests.cli_support import cli, demo_folder
from tests.fileio.docx_checks import SOFFICE, convert_to_pdf

SHEETS = ["汇总", "提案目录", "提案分类统计", "承办单位办理情况", "委员履职统计", "委员之家活动台账", "有事来商量台账",
          "社情民意台账"]


@pytest.fixture(scope="module")
def demo_book(database_backend, tmp_path_factory):  # made once per database (tests/conftest.py)
    data = demo_folder(tmp_path_factory.mktemp("报表"))
    year = str(date.today().year - 1)
    code, out, _ = cli(data, "stats", "--year", year, "--json")
    assert code == 0
    target = data.parent / "统计表 2025.xlsx"
    code, said, err = cli(data, "report", "workbook", "--year", year, "--out", str(target))
    assert code == 0, err
    return json.loads(out), openpyxl.load_workbook(target), said, year, target


def _summary(book) -> dict:
    sheet = book["汇总"]
    return {(row[0], row[1]): (row[2], row[5]) for row in sheet.iter_rows(min_row=3, max_col=6, values_only=True)}


def _rate(value: float) -> float:
    return round(value / 100, 4)


def test_the_workbook_has_every_sheet_in_order_and_says_so(demo_book):
    stats, book, said, year, _ = demo_book
    assert book.sheetnames == SHEETS
    assert f"已生成{year}年统计表" in said and "共 8 张工作表" in said


def test_every_sheet_is_titled_by_one_pattern(demo_book):
    _, book, _, year, _ = demo_book
    titles = {name: book[name]["A1"].value for name in SHEETS}
    expected = {name: f"政协黎城县委员会{year}年{name}" for name in SHEETS}
    expected["汇总"] = f"政协黎城县委员会{year}年履职工作统计汇总"
    assert titles == expected


def test_the_summary_figures_are_those_of_stats(demo_book):
    stats, book, _, _, _ = demo_book
    summary = _summary(book)
    p = stats["proposals"]
    assert summary[("提案", "征集提案")][0] == p["submitted"]
    assert summary[("提案", "立案")] == (p["accepted"], _rate(p["acceptance_rate"]))
    assert summary[("提案", "其中并案")][0] == p["merged"]
    assert summary[("提案", "办复")] == (p["replied"], _rate(p["reply_rate"]))
    assert summary[("提案", "满意和基本满意")][1] == _rate(p["satisfaction_rate"])
    assert summary[("委员", "在任委员")][0] == stats["members"]["active"]
    assert summary[("委员之家", "开展活动")][0] == stats["homes"]["activities"]
    assert summary[("委员之家", "参加委员")][0] == stats["homes"]["attendance"]
    c = stats["consultations"]
    assert summary[("有事来商量", "开展协商")][0] == c["sessions"]
    assert summary[("有事来商量", "参加协商的委员")][1] == _rate(c["member_participation_rate"])
    o = stats["opinions"]
    assert summary[("社情民意信息", "被采用")] == (o["adopted"], _rate(o["adoption_rate"]))
    rate_cell = next(row[5] for row in book["汇总"].iter_rows(min_row=3) if row[1].value == "立案")
    assert rate_cell.number_format == "0.00%" and isinstance(rate_cell.value, float)


def test_every_rate_is_named(demo_book):
    """91.30% beside 参加委员 5931 人次 reads as the 出席率 it is: each rate's name is in its row or its header."""
    _, book, _, _, _ = demo_book
    headers = [c.value for c in book["汇总"][2]][:6]
    assert headers == ["类别", "项目", "数量", "单位", "比率名称", "比率"]
    rows = list(book["汇总"].iter_rows(min_row=3, max_col=6, values_only=True))
    named = {(row[0], row[1]): row[4] for row in rows if row[5] is not None}
    assert named[("委员之家", "参加委员")] == "出席率"
    assert named[("提案", "办复")] == "办复率" and named[("提案", "立案")] == "立案率"
    assert named[("提案", "当面答复")] == "见面率" and named[("社情民意信息", "被采用")] == "采用率"
    assert all(re.search(r"(率|比例)$", name or "") for name in named.values()), named
    assert all(row[4] is None for row in rows if row[5] is None)  # no name without a rate
    for name in SHEETS[1:]:
        sheet = book[name]
        for cell in sheet[3]:
            if cell.number_format == "0.00%":
                header = sheet.cell(row=2, column=cell.column).value
                assert re.search(r"(率|比例)$", header), (name, header)


def test_the_proposal_sheets_agree_with_stats(demo_book):
    stats, book, _, _, _ = demo_book
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
    units = list(book["承办单位办理情况"].iter_rows(min_row=3, max_col=10, values_only=True))
    table, total, note = units[:-2], units[-2], units[-1]
    assert total[0] == "合计（件次）" and total[1:8] == tuple(sum(row[i] for row in table) for i in range(1, 8))
    assert note[0].startswith("注：本表每一列都只统计主办单位和分办单位") and note[1:] == (None,) * 9


def test_every_member_in_office_has_a_duty_row(demo_book):
    stats, book, _, _, _ = demo_book
    rows = list(book["委员履职统计"].iter_rows(min_row=3, values_only=True))
    assert len(rows) == stats["members"]["active"]
    headers = [c.value for c in book["委员履职统计"][2]]
    assert headers[0] == "姓名" and headers[-3:] == ["得分", "等次", "未履职预警"]
    summary = _summary(book)
    bands = sum(count for (part, item), (count, _rate) in summary.items() if part == "委员履职" and item != "未履职预警")
    assert bands == len(rows)


def test_the_ledgers_hold_the_periods_records(demo_book):
    stats, book, _, _, _ = demo_book
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


def _width(text: str) -> int:
    """Excel width units of one line: CJK and fullwidth characters 2, the rest 1 (counted here, not by the writer)."""
    return sum(2 if "\u2e80" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" else 1 for ch in text)


@pytest.mark.parametrize("name", ["委员之家活动台账", "有事来商量台账", "提案目录"])
def test_rows_with_wrapped_text_are_high_enough_for_it(demo_book, name):
    sheet = demo_book[1][name]
    widths = {column: sheet.column_dimensions[column].width for column in sheet.column_dimensions}
    checked = 0
    for row in sheet.iter_rows(min_row=3):
        needed = 1
        for cell in row:
            if isinstance(cell.value, str):
                usable = widths[cell.column_letter] - 2
                needed = max(needed, sum(max(1, math.ceil(_width(part) / usable)) for part in cell.value.split("\n")))
        height = sheet.row_dimensions[row[0].row].height
        if needed > 1:
            checked += 1
            # 14.25 pt is one line of 11 pt 宋体; Excel's rows end at 409 pt.
            assert height is not None and height >= min(needed * 14.25, 409), (row[0].row, needed, height)
        else:
            assert height is None, (row[0].row, height)  # a row of one line keeps the sheet's default
    assert checked > 0  # the demo's attendance lists and suggestions do wrap
    assert sheet.sheet_format.defaultRowHeight >= 15 and sheet.sheet_format.customHeight


def _cells(book, reference: str) -> list:
    sheet_name, cells = reference.rsplit("!", 1)
    sheet = book[sheet_name.strip("'")]
    min_col, min_row, max_col, max_row = range_boundaries(cells.replace("$", ""))
    return [sheet.cell(row=r, column=c).value for r in range(min_row, max_row + 1) for c in range(min_col, max_col + 1)]


def _charts(sheet) -> dict:
    out = {}
    for chart in sheet._charts:
        title = "".join(run.t for paragraph in chart.title.tx.rich.p for run in (paragraph.r or []))
        out[title] = chart
    return out


def _beside(sheet, chart) -> bool:
    """The chart starts right of the table's last column, so it covers none of its cells."""
    last = openpyxl.utils.column_index_from_string(re.sub(r"\d", "", sheet.auto_filter.ref.split(":")[1]))
    return chart.anchor._from.col >= last  # 0-based: column `last` + 1 and beyond


def test_the_category_sheet_charts_the_shares_of_accepted_proposals(demo_book):
    stats, book, _, _, _ = demo_book
    sheet = book["提案分类统计"]
    charts = _charts(sheet)
    assert list(charts) == ["立案提案类别构成"]
    pie = charts["立案提案类别构成"]
    assert pie.tagname == "pieChart" and _beside(sheet, pie)
    (series,) = pie.series
    names = _cells(book, series.cat.strRef.f)
    counts = _cells(book, series.val.numRef.f)
    expected = dict(stats["proposals"]["by_category"])
    if expected["其他"] == 0:  # an empty last slice is left out
        del expected["其他"]
    assert dict(zip(names, counts)) == expected
    # a short table and its chart fit one page across: both are printed
    assert sheet.page_setup.orientation == "landscape"
    printed_to = openpyxl.utils.column_index_from_string(re.sub(r"[\d$]", "", sheet.print_area.split(":")[1]))
    assert printed_to > pie.anchor._from.col + 5


def test_the_units_sheet_charts_reply_categories_and_each_unit(demo_book):
    _, book, _, _, _ = demo_book
    sheet = book["承办单位办理情况"]
    charts = _charts(sheet)
    assert list(charts) == ["答复类别构成（件次）", "各承办单位已答复与逾期未复（件次）"]
    pie, bars = charts.values()
    assert pie.tagname == "pieChart" and bars.tagname == "barChart" and bars.type == "bar"
    assert all(_beside(sheet, chart) for chart in (pie, bars))
    assert pie.anchor._from.row < bars.anchor._from.row  # one above the other
    rows = list(sheet.iter_rows(min_row=3, max_col=10, values_only=True))
    table, total = rows[:-2], rows[-2]
    (categories,) = pie.series
    assert _cells(book, categories.cat.strRef.f) == ["A类", "B类", "C类"]
    assert _cells(book, categories.val.numRef.f) == list(total[5:8])
    replied, overdue = bars.series
    assert [s.tx.v for s in (replied, overdue)] == ["已答复", "逾期未复"]
    assert _cells(book, replied.cat.strRef.f) == [row[0] for row in table]
    assert _cells(book, replied.val.numRef.f) == [row[2] for row in table]
    assert _cells(book, overdue.val.numRef.f) == [row[4] for row in table]


def test_the_summary_charts_the_activities_of_each_month(demo_book):
    _, book, _, year, _ = demo_book
    sheet = book["汇总"]
    charts = _charts(sheet)
    assert list(charts) == ["委员之家每月开展活动（次）"]
    (series,) = charts["委员之家每月开展活动（次）"].series
    months = _cells(book, series.cat.strRef.f)
    counted = Counter(row[0].month for row in book["委员之家活动台账"].iter_rows(min_row=3, values_only=True))
    assert months == [f"{m}月" for m in range(1, 13)]
    assert _cells(book, series.val.numRef.f) == [counted.get(m, 0) for m in range(1, 13)]
    assert charts["委员之家每月开展活动（次）"].anchor._from.col >= 8  # right of the table and its month table


def test_the_charts_are_in_the_file_with_their_series(demo_book):
    target = demo_book[4]
    import zipfile

    with zipfile.ZipFile(target) as archive:
        charts = sorted(n for n in archive.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
        xml = {n: archive.read(n).decode("utf-8") for n in charts}
    assert len(charts) == 4
    assert any("<pieChart>" in text and "<strRef><f>'提案分类统计'!$B$3:" in text
               and "<numRef><f>'提案分类统计'!$C$3:" in text for text in xml.values())
    assert any("<barChart>" in text and "<tx><v>逾期未复</v></tx>" in text
               and "<numRef><f>'承办单位办理情况'!$E$3:" in text for text in xml.values())


def _overprinted(pdf: Path) -> list[tuple[int, str, str]]:
    """Words of one page whose boxes overlap: what LibreOffice prints when a row is too low for its text."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    ns = "{http://www.w3.org/1999/xhtml}"
    found = []
    for number, page in enumerate(ET.fromstring(xml).iter(f"{ns}page"), start=1):
        words = [(float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")), float(w.get("yMax")), w.text)
                 for w in page.iter(f"{ns}word")]
        words.sort(key=lambda w: w[1])
        for i, a in enumerate(words):
            for b in words[i + 1:]:
                if b[1] >= a[3]:
                    break
                across = min(a[2], b[2]) - max(a[0], b[0])
                down = min(a[3], b[3]) - max(a[1], b[1])
                if across > 1 and down > 0.3 * min(a[3] - a[1], b[3] - b[1]):
                    found.append((number, a[4], b[4]))
    return found


@pytest.mark.skipif(SOFFICE is None, reason="needs LibreOffice")
def test_libreoffice_prints_it_without_overprinted_rows(demo_book, tmp_path):
    target = demo_book[4]
    try:
        pdf = convert_to_pdf(tmp_path, [target]) / f"{target.stem}.pdf"
    except subprocess.CalledProcessError:
        pdf = None
    if pdf is None or not pdf.exists():
        pytest.skip("LibreOffice Calc (libreoffice-calc-nogui) is not installed")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "委员之家活动台账" in text and "出席率" in text
    assert _overprinted(pdf) == []
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "第1页")],
                   check=True)
    (png,) = tmp_path.glob("第1页-*.png")
    assert png.stat().st_size > 10_000


def test_a_bad_period_changes_nothing_and_is_one_sentence(tmp_path):
    data = tmp_path / "数据"
    target = tmp_path / "表.xlsx"
    code, _, err = cli(data, "report", "workbook", "--from", "2025-03-01", "--to", "2025-01-01", "--out", str(target))
    assert code == 1 and "早于开始日期" in err and not target.exists()  # refused like --from without --to
