"""Hostile spreadsheets never take the program down: each is refused in one sentence before the reader sees it.

The corpus is made here. The smallest crasher is a 1.5 KB .xlsx with two cells, A1 and XFD1048576: python-calamine
sizes the sheet by its farthest cell, asks for hundreds of gigabytes and aborts the process (SIGABRT).
"""
from __future__ import annotations

import zipfile

import pytest

from desktop_app.domain.errors import InputFileProblem
from desktop_app.fileio.sheet_guard import MAX_ROWS
from desktop_app.fileio.spreadsheet import read_sheet, read_workbook, sheet_names
from tests.cli.test_cli import run

_CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                  'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                  'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
                  'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"'
                  '/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
                  'officedocument.spreadsheetml.worksheet+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
         'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
         'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
             '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet '
             'name="名册" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
                  '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
                  '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')


def _xlsx(path, cells: list[str], *, dimension: str = "", shared_strings: bytes | None = None):
    rows = "".join(f'<row r="{"".join(ch for ch in ref if ch.isdigit())}"><c r="{ref}" t="inlineStr"><is><t>姓名</t>'
                   f"</is></c></row>" for ref in cells)
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
             f'2006/main">{dim}<sheetData>{rows}</sheetData></worksheet>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in (("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", _RELS), ("xl/workbook.xml", _WORKBOOK),
                           ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS), ("xl/worksheets/sheet1.xml", sheet)):
            z.writestr(name, text)
        if shared_strings is not None:
            z.writestr("xl/sharedStrings.xml", shared_strings)
    return path


def test_the_far_cell_that_aborted_the_process_is_refused(tmp_path):
    path = _xlsx(tmp_path / "远处单元格.xlsx", ["A1", "XFD1048576"])
    assert path.stat().st_size < 2048
    for read in (read_workbook, read_sheet):
        with pytest.raises(InputFileProblem, match="行号到了第1,048,576行"):
            read(path)


@pytest.mark.parametrize("cells, words", [
    (["A1", "IV2"], "列到了第256列"),
    (["A1", f"A{MAX_ROWS + 1}"], f"第{MAX_ROWS + 1:,}行"),
    (["A1", "GR30000"], "个单元格"),  # 200 columns × 30,000 rows: 6,000,000 cells
])
def test_ranges_beyond_the_limits_are_refused(tmp_path, cells, words):
    with pytest.raises(InputFileProblem, match=words):
        read_workbook(_xlsx(tmp_path / "大.xlsx", cells))


def test_a_lying_dimension_is_ignored(tmp_path):
    book = read_workbook(_xlsx(tmp_path / "尺寸.xlsx", ["A1"], dimension="A1:XFD1048576"))
    assert book.sheets[0].rows == [["姓名"]]


def test_huge_shared_strings_are_refused_before_reading(tmp_path):
    huge = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>' + b"a" * (300 << 20) + \
        b"</t></si></sst>"
    path = _xlsx(tmp_path / "文字炸弹.xlsx", ["A1"], shared_strings=huge)
    del huge
    assert path.stat().st_size < 1 << 20  # 300 MB of text in under 1 MB of file
    for read in (read_workbook, sheet_names):
        with pytest.raises(InputFileProblem, match="文字解压后超过256 MB"):
            read(path)


def test_a_huge_csv_is_refused_by_its_size(tmp_path):
    path = tmp_path / "大.csv"
    with open(path, "wb") as handle:
        line = "王芳,女,汉族,1975.03,经济界\n".encode("utf-8")
        handle.write(line * ((65 << 20) // len(line)))
    with pytest.raises(InputFileProblem, match="上限64 MB"):
        read_workbook(path)


def test_an_xls_far_cell_is_refused_before_its_cells_become_values(tmp_path):
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("名册")
    sheet.write(0, 0, "姓名")
    sheet.write(65535, 255, "远")
    path = tmp_path / "远处.xls"
    book.save(str(path))
    with pytest.raises(InputFileProblem, match="列到了第256列"):
        read_workbook(path)


def test_the_command_line_refuses_the_crasher_with_a_sentence(tmp_path):
    path = _xlsx(tmp_path / "远处单元格.xlsx", ["A1", "XFD1048576"])
    result = run("import", "members", str(path), "--dry-run", data=tmp_path / "数据")
    assert result.returncode == 2
    assert "远处单元格.xlsx" in result.stderr and "未作任何处理" in result.stderr


def _raw_sheet(path, sheet_data: str):
    """An .xlsx whose sheet XML's <sheetData> is `sheet_data` as given (addresses spelled any way)."""
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
             f'2006/main"><sheetData>{sheet_data}</sheetData></worksheet>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in (("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", _RELS), ("xl/workbook.xml", _WORKBOOK),
                           ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS), ("xl/worksheets/sheet1.xml", sheet)):
            z.writestr(name, text)
    return path


@pytest.mark.parametrize("far", ["<c r = \"XFD1048576\" t=\"inlineStr\">", "<c r='XFD1048576' t=\"inlineStr\">",
                                 "<c\tr=\"XFD1048576\" t=\"inlineStr\">", "<c\nr=\"XFD1048576\" t=\"inlineStr\">",
                                 "<c r=\"xfd1048576\" t=\"inlineStr\">"])
def test_a_far_cell_spelled_unusually_is_refused(tmp_path, far):
    data = f'<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c>{far}<is><t>远</t></is></c></row>'
    with pytest.raises(InputFileProblem, match="未作任何处理"):
        read_workbook(_raw_sheet(tmp_path / "拼写.xlsx", data))


@pytest.mark.parametrize("far", ["A250000", "IV3", "ZZZZ5"])
def test_a_far_cell_among_many_ordinary_rows_is_found(tmp_path, far):
    """Rows in order, then one cell out of order in the middle of a sheet several MB long (read in chunks)."""
    def row(n):
        return (f'<row r="{n}">' + "".join(f'<c r="{col}{n}" t="inlineStr"><is><t>王芳</t></is></c>' for col in "ABCDEFGH")
                + "</row>")
    rows = [row(n) for n in range(1, 30_001)]
    rows[12_345] = rows[12_345].replace("</row>", f'<c r="{far}" t="inlineStr"><is><t>远</t></is></c></row>')
    with pytest.raises(InputFileProblem, match="未作任何处理"):
        read_workbook(_raw_sheet(tmp_path / "中间.xlsx", "".join(rows)))
    rows[12_345] = row(12_346)
    assert len(read_workbook(_raw_sheet(tmp_path / "正常.xlsx", "".join(rows))).sheets[0].rows) == 30_000


def test_near_the_limits_the_exact_reading_decides(tmp_path):
    """Addresses A1 … Z99999 are not read one by one; a sheet they could take beyond the limits is read exactly."""
    from desktop_app.fileio.sheet_guard import scan_xlsx

    with pytest.raises(InputFileProblem, match="4,160,000个单元格"):  # 26 columns × 160,000 rows
        scan_xlsx(_xlsx(tmp_path / "宽.xlsx", ["A1", "Z160000"]))
    scan = scan_xlsx(_xlsx(tmp_path / "窄.xlsx", ["P2", "A160000"]))["名册"]  # 16 columns × 160,000 rows: allowed
    assert (scan.rows, scan.columns) == (160_000, 16)
