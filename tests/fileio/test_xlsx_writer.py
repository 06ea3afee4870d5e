"""Styled workbooks written with openpyxl and read back."""
import datetime as dt

import openpyxl
import pytest

from desktop_app.domain.errors import InputFileProblem, Problem
from desktop_app.fileio.atomic_save import save_atomically
from desktop_app.fileio.xlsx_writer import (
    LINE_HEIGHT,
    ROW_PADDING,
    Cells,
    ChartSpec,
    ColumnSpec,
    SheetSpec,
    SideTable,
    line_count,
    row_height,
    text_width,
    write_error_report,
    write_table_workbook,
)


@pytest.fixture
def report(tmp_path):
    path = tmp_path / "报表.xlsx"
    catalogue = SheetSpec(
        title="政协黎城县委员会2025年提案目录",
        name="提案目录",
        columns=[
            ColumnSpec("案号"),
            ColumnSpec("案由"),
            ColumnSpec("提案者"),
            ColumnSpec("联名人数", "int"),
            ColumnSpec("交办日期", "date"),
            ColumnSpec("满意率", "percent"),
            ColumnSpec("得分", "number"),
        ],
        rows=[
            ["001", "关于加强寺观壁画保护的建议", "范芳亮", 2, dt.date(2025, 1, 19), 464 / 546, 92.5],
            ["002", "关于发展数字经济的建议", "林伟红", 0.0, None, "—", 80],
            ["003", "关于加强再生资源利用和农村垃圾分类处理体系建设的建议", "段敏涛", 3, dt.datetime(2025, 3, 1), 1.0, None],
        ],
    )
    summary = SheetSpec(title="汇总", columns=["项目", ColumnSpec("数量", "int")], rows=[["征集", 546], ["立案", 464]])
    write_table_workbook(path, [catalogue, summary])
    return openpyxl.load_workbook(path)


def test_sheets_and_title(report):
    assert report.sheetnames == ["提案目录", "汇总"]
    ws = report["提案目录"]
    assert ws["A1"].value == "政协黎城县委员会2025年提案目录"
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1:G1"]
    assert ws["A1"].font.b and ws["A1"].alignment.horizontal == "center"
    assert [str(r) for r in report["汇总"].merged_cells.ranges] == ["A1:B1"]


def test_header_row_style(report):
    ws = report["提案目录"]
    assert [c.value for c in ws[2]] == ["案号", "案由", "提案者", "联名人数", "交办日期", "满意率", "得分"]
    for cell in ws[2]:
        assert cell.font.b
        assert cell.fill.fill_type == "solid"
        assert cell.border.left.style == "thin" and cell.border.bottom.style == "thin"
    assert ws["B3"].border.top.style == "thin"


def test_values_and_number_formats(report):
    ws = report["提案目录"]
    assert ws["A3"].value == "001" and ws["A3"].number_format == "@"  # text stays text
    assert ws["D3"].value == 2 and ws["D3"].number_format == "0"
    assert ws["D4"].value == 0 and isinstance(ws["D4"].value, int)
    assert ws["E3"].value == dt.datetime(2025, 1, 19) and ws["E3"].number_format == "yyyy-mm-dd"
    assert ws["E5"].value == dt.datetime(2025, 3, 1)
    assert ws["F3"].value == pytest.approx(0.84981684) and ws["F3"].number_format == "0.00%"
    assert ws["F4"].value == "—"
    assert ws["G3"].value == 92.5
    assert ws["E4"].value is None


def test_widths_fit_chinese_text(report):
    ws = report["提案目录"]
    long_title = "关于加强再生资源利用和农村垃圾分类处理体系建设的建议"
    assert ws.column_dimensions["B"].width == text_width(long_title) + 2
    assert ws.column_dimensions["A"].width >= 6
    assert ws.column_dimensions["E"].width >= 10


def test_freeze_filter_and_print_setup(report):
    ws = report["提案目录"]
    assert ws.freeze_panes == "A3"
    assert ws.auto_filter.ref == "A2:G5"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$1:$2"
    assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"
    narrow = report["汇总"]
    assert narrow.page_setup.orientation == "portrait"


def test_text_width_counts_cjk_twice():
    assert text_width("abc") == 3
    assert text_width("委员") == 4
    assert text_width("A委") == 3
    assert text_width(None) == 0


def test_sheet_names_are_made_safe_and_unique(tmp_path):
    path = tmp_path / "x.xlsx"
    write_table_workbook(path, [SheetSpec("a/b", ["x"], []), SheetSpec("a/b", ["x"], []), SheetSpec("长" * 40, ["x"], [])])
    names = openpyxl.load_workbook(path).sheetnames
    assert names[0] == "a_b" and names[1] != names[0] and len(names[2]) == 31


def test_error_report_keeps_rows_and_adds_problems(tmp_path):
    rows = [
        ["委员名单", None, None],
        ["姓名", "身份证号", "出生年月"],
        ["张三", "140423198305161490", dt.date(1983, 5, 1)],
        ["李四", "140423198405161503", "1984.05"],
    ]
    problems = {3: [Problem("身份证号校验位不对。", row=3, column="身份证号"), "出生年月不一致。"]}
    out = write_error_report(rows, 1, problems, tmp_path / "错误.xlsx")
    ws = openpyxl.load_workbook(out).active
    assert ws.title == "问题清单"
    assert ws["A1"].value == "委员名单"
    assert ws["D2"].value == "问题" and ws["D2"].font.b and ws["A2"].font.b
    assert ws["D3"].value == "身份证号校验位不对。\n出生年月不一致。"
    assert ws["D4"].value is None
    # two problems, two lines: the row is two lines high (LibreOffice would keep it one line and let them overlap)
    assert ws.row_dimensions[3].height == 2 * LINE_HEIGHT + ROW_PADDING and ws.row_dimensions[4].height is None
    assert ws["B3"].value == "140423198305161490" and ws["B3"].number_format == "@"
    assert ws["C3"].value == dt.datetime(1983, 5, 1)
    assert ws["A3"].fill.fill_type == "solid" and ws["A4"].fill.fill_type is None
    assert ws.freeze_panes == "A3"
    assert ws.auto_filter.ref == "A2:D4"


def test_written_atomically_over_an_existing_file(tmp_path):
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"old")
    write_table_workbook(path, [SheetSpec("t", ["a"], [["1"]])])
    assert openpyxl.load_workbook(path).active["A3"].value == "1"
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]  # no temp file left behind


def test_failed_save_leaves_the_old_file_and_no_temp(tmp_path):
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"old")

    def locked(tmp):
        raise PermissionError(13, "Permission denied", str(tmp))

    with pytest.raises(InputFileProblem) as excinfo:
        save_atomically(path, locked)
    assert excinfo.value.message == "文件“r.xlsx”正被其他程序（如 Excel）占用，请关闭后重试。"
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]


def test_missing_folder(tmp_path):
    with pytest.raises(InputFileProblem) as excinfo:
        write_table_workbook(tmp_path / "no" / "r.xlsx", [SheetSpec("t", ["a"], [])])
    assert "不存在" in excinfo.value.message


def test_read_only_folder(read_only_folder):
    with pytest.raises(InputFileProblem) as refused:
        write_table_workbook(read_only_folder / "r.xlsx", [SheetSpec("t", ["a"], [])])
    # the same sentence as a Word document's (one way of saving: fileio/atomic_save)
    assert refused.value.message == f"文件夹“{read_only_folder}”不能写入（只读，或没有权限），请选择其他保存位置。"
    assert list(read_only_folder.iterdir()) == []


def test_lines_of_wrapped_text():
    assert line_count("委员" * 5, 22) == 1  # 20 units in a column of 22 (2 for the cell's padding)
    assert line_count("委员" * 10, 42) == 1
    assert line_count("委员" * 10, 12) == 5  # 40 units, 10 a line, lines 90 % full (breaks before 、 and words)
    assert line_count("第一行\n第二行\n第三行", 30) == 3
    assert row_height(1) == 19 and row_height(3) == 51 and row_height(100) == 409  # Excel's highest row


def test_rows_with_wrapped_text_get_their_height_and_notes_stand_under_the_table(tmp_path):
    names = "、".join(["张三丰"] * 30)  # 30 × 6 + 29 × 2 = 238 units
    spec = SheetSpec(title="政协黎城县委员会2025年委员之家活动台账", name="台账",
                     columns=[ColumnSpec("日期", "date"), ColumnSpec("出席委员", width=40), ColumnSpec("人数", "int")],
                     rows=[[dt.date(2025, 1, 2), "张三、李四", 2], [dt.date(2025, 1, 3), names, 30]],
                     notes=["注：出席委员按签到表登记。"])
    write_table_workbook(tmp_path / "r.xlsx", [spec])
    ws = openpyxl.load_workbook(tmp_path / "r.xlsx")["台账"]
    assert ws.row_dimensions[3].height is None  # one line: the sheet's default height (16 pt)
    assert ws.sheet_format.defaultRowHeight == 16 and ws.sheet_format.customHeight
    assert ws.row_dimensions[4].height == row_height(7)  # 238 units, 38 a line, lines 90 % full
    assert ws["A5"].value == "注：出席委员按签到表登记。" and "A5:C5" in [str(r) for r in ws.merged_cells.ranges]
    assert ws["A5"].alignment.wrap_text and ws.auto_filter.ref == "A2:C4"  # the note is not filtered


def test_wide_text_columns_are_narrowed_to_the_page_and_wrap(tmp_path):
    long = "关于加强再生资源利用和农村垃圾分类处理体系建设的建议"  # 54 units
    columns = [ColumnSpec(f"栏目{i}") for i in range(5)]
    spec = SheetSpec(title="宽表", columns=columns, rows=[[long] * 5, ["短"] * 5])
    write_table_workbook(tmp_path / "w.xlsx", [spec])
    ws = openpyxl.load_workbook(tmp_path / "w.xlsx").active
    widths = [ws.column_dimensions[c].width for c in "ABCDE"]
    assert widths == [29.0] * 5  # 5 × 56 does not fit A4 across (146): each narrowed to 29, text wrapping
    assert ws.page_setup.orientation == "landscape"
    assert ws.row_dimensions[3].height == row_height(3) and ws.row_dimensions[4].height is None


def test_a_side_table_and_charts_stand_beside_the_table(tmp_path):
    spec = SheetSpec(title="汇总", columns=["项目", ColumnSpec("数量", "int")], rows=[["征集", 546], ["立案", 464]],
                     side=SideTable([ColumnSpec("月份"), ColumnSpec("活动", "int")], [["1月", 3], ["2月", 5]]),
                     charts=[ChartSpec("column", "每月活动", categories=Cells((0, 1), (0, 0), side=True),
                                       values=(Cells((0, 1), (1, 1), side=True),), names=("活动",)),
                             ChartSpec("pie", "立案构成", categories=Cells((0, 1), (0, 0)),
                                       values=(Cells((0, 1), (1, 1)),))])
    write_table_workbook(tmp_path / "c.xlsx", [spec])
    ws = openpyxl.load_workbook(tmp_path / "c.xlsx").active
    assert [[c.value for c in row] for row in ws["D2:E4"]] == [["月份", "活动"], ["1月", 3], ["2月", 5]]
    assert ws["D2"].font.b and ws["E3"].border.left.style == "thin"
    column, pie = ws._charts
    assert (column.anchor._from.col, column.anchor._from.row) == (6, 1)  # G2: after the side table and a gap
    assert pie.anchor._from.col == 6 and pie.anchor._from.row > 1 + 7.5 / (2.54 / 72) / 16  # under the first
    assert column.series[0].val.numRef.f == "'汇总'!$E$3:$E$4" and column.series[0].cat.strRef.f == "'汇总'!$D$3:$D$4"
    assert pie.series[0].val.numRef.f == "'汇总'!$B$3:$B$4"
    # Two charts one above the other are higher than a page across: the printout is the two tables.
    assert ws.print_area == "'汇总'!$A$1:$E$4"
