"""Reading real spreadsheet files, good and bad."""
import datetime as dt
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from desktop_app.domain.errors import InputFileProblem
from desktop_app.domain.normalize import SCIENTIFIC_ID_PROBLEM, normalize_id_number
from desktop_app.fileio.spreadsheet import (
    decode_text,
    file_error,
    read_sheet,
    read_workbook,
    sheet_names,
    sniff_delimiter,
    xlsx_hidden_rows,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

ROSTERS = ["roster_messy.xlsx", "roster_messy.xls", "roster_gbk.csv"]


def problem_text(excinfo) -> str:
    message = excinfo.value.message
    assert "\n" not in message and message.endswith("。")
    return message


# --------------------------------------------------------------- good files

@pytest.mark.parametrize("name", ROSTERS + ["roster_bad.xlsx"])
def test_sample_rosters_read(name):
    book = read_workbook(FIXTURES / name)
    assert book.path.name == name
    assert len(book.sheets) == 1
    sheet = book.sheets[0]
    assert sheet.rows
    for row in sheet.rows:
        for value in row:
            assert value is None or isinstance(value, (str, int, float, dt.date, bool))
            assert value != ""


def test_xlsx_values_are_converted_like_people_expect():
    sheet = read_sheet(FIXTURES / "roster_messy.xlsx")
    assert sheet.name == "委员名单"
    assert sheet.rows[0][0] == "政协黎城县第十四届委员会委员名单"  # rows[0] is Excel row 1
    assert sheet.rows[0][1] is None
    assert sheet.rows[2][1] == "姓  名"
    first = sheet.rows[3]
    assert first[0] == 1 and type(first[0]) is int  # calamine's 1.0 back to int
    assert first[1] == "卢\u3000兰"  # strings kept as written
    assert first[10] == "140423196209041132"
    dates = [r[4] for r in sheet.rows if isinstance(r[4], dt.date)]
    assert dates and all(type(d) is dt.date for d in dates)
    assert sheet.rows[-1][0].startswith("备注")
    assert sheet.visible and sheet.hidden_rows == frozenset()


def test_xls_matches_xlsx_cell_for_cell_apart_from_blank_rows():
    def data(name):
        rows = read_sheet(FIXTURES / name).rows
        return [r for r in rows if any(v is not None for v in r)]

    assert data("roster_messy.xls") == data("roster_messy.xlsx")


def test_gbk_csv_reads_as_text():
    sheet = read_sheet(FIXTURES / "roster_gbk.csv")
    assert sheet.name == "roster_gbk"
    assert sheet.rows[0][1] == "姓  名"
    assert sheet.rows[1][:2] == ["1", "卢　兰"]
    assert sheet.rows[1][10] == "140423196209041132"
    assert len(sheet.rows) == 181


def test_sheet_names_and_single_sheets(tmp_path):
    path = tmp_path / "two.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.active["A1"] = "填表说明"
    data = wb.create_sheet("名单")
    data.append(["姓名", "性别"])
    data.append(["张三", "男"])
    hidden = wb.create_sheet("隐藏")
    hidden["A1"] = "x"
    hidden.sheet_state = "hidden"
    wb.save(path)

    assert sheet_names(path) == ["说明", "名单", "隐藏"]
    assert read_sheet(path, "名单").rows == [["姓名", "性别"], ["张三", "男"]]
    assert read_sheet(path, 1).name == "名单"
    assert read_sheet(path).name == "说明"
    book = read_workbook(path)
    assert [s.visible for s in book.sheets] == [True, True, False]
    assert book.sheet("名单").rows[1] == ["张三", "男"]
    with pytest.raises(InputFileProblem) as excinfo:
        read_sheet(path, "不存在")
    assert "不存在" in problem_text(excinfo)
    with pytest.raises(InputFileProblem):
        read_sheet(path, 7)
    with pytest.raises(InputFileProblem):
        book.sheet("不存在")
    assert sheet_names(FIXTURES / "roster_gbk.csv") == ["roster_gbk"]


def test_first_visible_sheet_with_data_is_the_default(tmp_path):
    path = tmp_path / "hidden_first.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "旧"
    wb.active["A1"] = "old"
    wb.active.sheet_state = "hidden"
    wb.create_sheet("空")
    wb.create_sheet("名单")["A1"] = "姓名"
    wb.save(path)
    assert read_sheet(path).name == "名单"


def test_leading_blank_rows_keep_excel_numbering(tmp_path):
    path = tmp_path / "gap.xlsx"
    wb = openpyxl.Workbook()
    wb.active["C4"] = "姓名"
    wb.active["C5"] = "张三"
    wb.save(path)
    rows = read_sheet(path).rows
    assert rows[3][2] == "姓名" and rows[4][2] == "张三"  # row index + 1 == Excel row


def test_datetimes_with_a_time_stay_datetimes(tmp_path):
    path = tmp_path / "times.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append([dt.datetime(2025, 1, 19, 0, 0), dt.datetime(2025, 1, 19, 9, 30), 2.5, True])
    wb.save(path)
    assert read_sheet(path).rows[0] == [dt.date(2025, 1, 19), dt.datetime(2025, 1, 19, 9, 30), 2.5, True]


def test_hidden_rows_in_xlsx(tmp_path):
    path = tmp_path / "hidden.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    for i in range(1, 8):
        ws.append([f"r{i}"])
    ws.row_dimensions[3].hidden = True
    ws.row_dimensions[6].hidden = True
    ws.column_dimensions["B"].hidden = True
    wb.save(path)
    assert xlsx_hidden_rows(path, ws.title) == frozenset({2, 5})
    assert read_sheet(path, detect_hidden=True).hidden_rows == frozenset({2, 5})
    assert read_sheet(path, detect_hidden=False).hidden_rows == frozenset()  # a few ms saved when not needed


@pytest.mark.parametrize("suffix", [".et", ".xlsx"])
def test_xls_content_under_another_name(tmp_path, suffix):
    path = tmp_path / f"roster{suffix}"
    shutil.copy(FIXTURES / "roster_messy.xls", path)
    assert read_sheet(path).rows[3][1] == "卢\u3000兰"


def test_xlsx_content_named_xls(tmp_path):
    path = tmp_path / "wps_saved.xls"
    shutil.copy(FIXTURES / "roster_messy.xlsx", path)
    assert read_sheet(path).rows[3][1] == "卢\u3000兰"


# ------------------------------------------------------------------ CSV

def test_gb18030_csv_written_by_the_test(tmp_path):
    path = tmp_path / "名单.csv"
    text = "姓名,民族,身份证号\r\n䶮华,汉,14042319800504287x\r\n欧阳𠀾,回族,\r\n"
    path.write_bytes(text.encode("gb18030"))
    rows = read_sheet(path).rows
    assert rows == [["姓名", "民族", "身份证号"], ["䶮华", "汉", "14042319800504287x"], ["欧阳𠀾", "回族", None]]


@pytest.mark.parametrize(
    "encoding, delimiter",
    [("utf-8-sig", ","), ("utf-8", ","), ("gbk", ";"), ("utf-8", "\t"), ("utf-16", "\t")],
)
def test_csv_encodings_and_delimiters(tmp_path, encoding, delimiter):
    path = tmp_path / "t.csv"
    lines = [["序号", "姓名", "工作单位及职务"], ["1", "张三", "县一中, 校长" if delimiter != "," else "县一中 校长"], ["2", "李四", ""]]
    body = "\r\n".join(delimiter.join(f'"{c}"' if delimiter in c else c for c in line) for line in lines) + "\r\n"
    path.write_bytes(body.encode(encoding))
    rows = read_sheet(path).rows
    assert rows[0] == ["序号", "姓名", "工作单位及职务"]
    assert rows[1][1] == "张三"
    assert rows[2] == ["2", "李四", None]


def test_quoted_fields_with_commas_and_line_breaks(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text('姓名,备注\r\n张三,"一, 二\n三"\r\n', encoding="utf-8")
    assert read_sheet(path).rows[1] == ["张三", "一, 二\n三"]


def test_decode_and_sniff_helpers():
    assert decode_text("汉族".encode("gbk")) == "汉族"
    assert decode_text("\ufeff汉族".encode("utf-8")) == "汉族"
    assert sniff_delimiter("a;b;c\n1;2;3\n") == ";"
    assert sniff_delimiter("a\tb\n1\t2\n") == "\t"
    assert sniff_delimiter("a,b\n1,2\n") == ","


# --------------------------------------------------------------- bad files

def test_missing_file(tmp_path):
    with pytest.raises(InputFileProblem) as excinfo:
        read_workbook(tmp_path / "没有.xlsx")
    assert "没有.xlsx" in problem_text(excinfo) and "找不到" in excinfo.value.message


def test_a_folder(tmp_path):
    folder = tmp_path / "名单.xlsx"
    folder.mkdir()
    with pytest.raises(InputFileProblem) as excinfo:
        read_workbook(folder)
    assert "文件夹" in problem_text(excinfo)


def test_wrong_extension(tmp_path):
    path = tmp_path / "名单.docx"
    path.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(InputFileProblem) as excinfo:
        read_workbook(path)
    message = problem_text(excinfo)
    assert "名单.docx" in message and ".xlsx" in message


def test_text_file_renamed_xlsx(tmp_path):
    path = tmp_path / "名单.xlsx"
    path.write_text("这只是一段文字，不是表格。", encoding="utf-8")
    with pytest.raises(InputFileProblem) as excinfo:
        read_workbook(path)
    message = problem_text(excinfo)
    assert "名单.xlsx" in message and "不是真正的表格文件" in message


def test_html_saved_as_xls(tmp_path):
    path = tmp_path / "导出.xls"
    path.write_text("<html><body><table><tr><td>姓名</td></tr></table></body></html>", encoding="utf-8")
    with pytest.raises(InputFileProblem) as excinfo:
        sheet_names(path)
    assert "网页" in problem_text(excinfo) and "导出.xls" in excinfo.value.message


def test_word_document_renamed_xlsx(tmp_path):
    path = tmp_path / "报告.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<document/>")
    with pytest.raises(InputFileProblem) as excinfo:
        read_workbook(path)
    assert "不是表格文件" in problem_text(excinfo)


def test_empty_file(tmp_path):
    path = tmp_path / "空.xlsx"
    path.write_bytes(b"")
    with pytest.raises(InputFileProblem) as excinfo:
        read_workbook(path)
    assert "空文件" in problem_text(excinfo) and "空.xlsx" in excinfo.value.message


def test_empty_csv(tmp_path):
    path = tmp_path / "空.csv"
    path.write_text("\r\n , \r\n", encoding="utf-8")
    with pytest.raises(InputFileProblem) as excinfo:
        read_sheet(path)
    assert "没有任何数据" in problem_text(excinfo)


def test_workbook_without_data(tmp_path):
    path = tmp_path / "空表.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(InputFileProblem) as excinfo:
        read_workbook(path)
    assert "没有任何数据" in problem_text(excinfo)
    with pytest.raises(InputFileProblem):
        read_sheet(path)


def test_damaged_xlsx(tmp_path):
    path = tmp_path / "坏.xlsx"
    path.write_bytes((FIXTURES / "roster_messy.xlsx").read_bytes()[:5000])
    with pytest.raises(InputFileProblem) as excinfo:
        read_workbook(path)
    assert "损坏" in problem_text(excinfo)


def test_damaged_xls(tmp_path):
    path = tmp_path / "坏.xls"
    data = (FIXTURES / "roster_messy.xls").read_bytes()
    path.write_bytes(data[:1536] + b"\x00" * 4096)
    with pytest.raises(InputFileProblem) as excinfo:
        read_workbook(path)
    assert "坏.xls" in problem_text(excinfo)


def test_password_protected_xlsx(tmp_path):
    # What Excel writes for an encrypted .xlsx: an OLE compound file holding an EncryptedPackage stream
    path = tmp_path / "加密.xlsx"
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    directory = "EncryptionInfo".encode("utf-16-le").ljust(128, b"\x00") + "EncryptedPackage".encode("utf-16-le").ljust(128, b"\x00")
    path.write_bytes(header + directory + b"\x00" * 2048)
    with pytest.raises(InputFileProblem) as excinfo:
        read_workbook(path)
    message = problem_text(excinfo)
    assert "加密.xlsx" in message and "密码" in message


def test_ole_file_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "文档.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "WordDocument".encode("utf-16-le") + b"\x00" * 1024)
    with pytest.raises(InputFileProblem) as excinfo:
        read_workbook(path)
    assert "不是表格文件" in problem_text(excinfo)


def test_os_errors_become_sentences(tmp_path):
    path = tmp_path / "委员名单.xlsx"
    locked = file_error(path, PermissionError(13, "Permission denied"))
    assert locked.message == "文件“委员名单.xlsx”正被其他程序（如 Excel）占用，请关闭后重试。"
    assert "找不到" in file_error(path, FileNotFoundError(2, "No such file")).message
    assert "委员名单.xlsx" in file_error(path, OSError(5, "Input/output error")).message


def test_tab_separated_text_named_xls(tmp_path):
    path = tmp_path / "系统导出.xls"
    path.write_bytes("姓名\t性别\r\n张三\t男\r\n".encode("gbk"))
    assert read_sheet(path).rows == [["姓名", "性别"], ["张三", "男"]]


def test_xls_written_by_xlwt_with_numbers_and_dates(tmp_path):
    import xlwt

    path = tmp_path / "旧表.xls"
    book = xlwt.Workbook()
    ws = book.add_sheet("名单")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for col, text in enumerate(["姓名", "出生日期", "身份证号", "手机", "得分"]):
        ws.write(0, col, text)
    ws.write(1, 0, "张三")
    ws.write(1, 1, dt.date(1975, 3, 1), date_style)
    ws.write(1, 2, 140423197503011234)  # an ID typed into a number cell
    ws.write(1, 3, 13912345678)
    ws.write(1, 4, 92.5)
    book.save(str(path))
    rows = read_sheet(path).rows
    assert rows[1][0] == "张三"
    assert rows[1][1] == dt.date(1975, 3, 1)
    assert rows[1][2] == int(float(140423197503011234))  # the last digits are already gone
    assert normalize_id_number(rows[1][2]) == (None, SCIENTIFIC_ID_PROBLEM)
    assert rows[1][3] == 13912345678 and type(rows[1][3]) is int
    assert rows[1][4] == 92.5
