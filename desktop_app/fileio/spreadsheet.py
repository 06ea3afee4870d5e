"""Reading spreadsheets as people have them: .xlsx/.xlsm/.xls/.et/.ods through python-calamine, .csv by hand.

No Qt, no database. Cell values come back as str (kept as written), int (calamine's whole
floats turned back into int), float, datetime.date (datetime when it has a time), bool, or
None for an empty cell. ``rows[0]`` is always the sheet's first row as Excel numbers it, so
``row index + 1`` is the row number people see. Every failure is an InputFileProblem whose
message is one Chinese sentence naming the file.
"""
from __future__ import annotations

import csv
import datetime as _dt
import gc
import io
import os
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from desktop_app.domain.errors import InputFileProblem
from desktop_app.fileio import sheet_guard

EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".et", ".ods", ".xlsb", ".ett", ".xltx"})
TEXT_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})
SUPPORTED_TEXT = "请选择 .xlsx、.xls、.et、.ods 或 .csv 文件"

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"


@dataclass
class Sheet:
    """One worksheet: its name and rows of cell values (row index + 1 = Excel row number)."""

    name: str
    rows: list[list[object]]
    hidden_rows: frozenset[int] = frozenset()  # 0-based indexes into rows hidden in Excel
    visible: bool = True  # False for a hidden worksheet
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # (row, col, last row, last col), 0-based

    def filled_down_rows(self, below: int = -1) -> list[list[object]]:
        """The rows, with a cell merged over several rows (界别 written once for a group) repeated in each.

        Only merges starting below row index `below` are filled; `rows` itself is not changed.
        """
        rows = self.rows
        copies: dict[int, list[object]] = {}
        for r1, c1, r2, _c2 in self.merged:
            if r2 <= r1 or r1 <= below or r1 >= len(rows) or c1 >= len(rows[r1]):
                continue
            value = rows[r1][c1]
            for r in range(r1 + 1, min(r2, len(rows) - 1) + 1):
                row = copies.get(r)
                if row is None:
                    row = copies[r] = list(rows[r]) + [None] * max(0, c1 + 1 - len(rows[r]))
                if row[c1] is None:
                    row[c1] = value
        if not copies:
            return rows
        return [copies.get(i, row) for i, row in enumerate(rows)]

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def is_empty(self) -> bool:
        return not any(v is not None and (not isinstance(v, str) or v.strip()) for r in self.rows for v in r)


@dataclass
class Workbook:
    """A file's worksheets in workbook order."""

    path: Path
    sheets: list[Sheet] = field(default_factory=list)

    @property
    def sheet_names(self) -> list[str]:
        return [s.name for s in self.sheets]

    def sheet(self, name: str | int) -> Sheet:
        """The sheet called `name` (or at index `name`); InputFileProblem when there is none."""
        if isinstance(name, int):
            if 0 <= name < len(self.sheets):
                return self.sheets[name]
        else:
            for s in self.sheets:
                if s.name == name:
                    return s
        raise InputFileProblem(f"文件“{self.path.name}”中没有名为“{name}”的工作表，请重新选择工作表。")


# ----------------------------------------------------------------------------- errors

def locked_problem(path: Path) -> InputFileProblem:
    return InputFileProblem(f"文件“{path.name}”正被其他程序（如 Excel）占用，请关闭后重试。")


def file_error(path: Path, exc: OSError) -> InputFileProblem:
    """The Chinese sentence for an OS error met while opening `path`."""
    if isinstance(exc, FileNotFoundError):
        return InputFileProblem(f"找不到文件“{path.name}”，请确认它仍在原来的位置后重试。")
    if isinstance(exc, IsADirectoryError):
        return InputFileProblem(f"“{path.name}”是一个文件夹，不是表格文件，{SUPPORTED_TEXT}。")
    if isinstance(exc, PermissionError):
        return locked_problem(path)
    return InputFileProblem(f"无法读取文件“{path.name}”（{exc.strerror or exc}），请确认文件可以打开后重试。")


def _not_spreadsheet(path: Path, what: str = "") -> InputFileProblem:
    what = what or "不是表格文件"
    return InputFileProblem(f"文件“{path.name}”{what}，{SUPPORTED_TEXT}。")


def _damaged(path: Path) -> InputFileProblem:
    return InputFileProblem(f"文件“{path.name}”已损坏，无法读取，请用 Excel 或 WPS 打开并另存为 .xlsx 后重试。")


def _password(path: Path) -> InputFileProblem:
    return InputFileProblem(f"文件“{path.name}”设置了打开密码，请在 Excel 或 WPS 中取消密码后另存，再重新导入。")


def _empty(path: Path) -> InputFileProblem:
    return InputFileProblem(f"文件“{path.name}”里没有任何数据，请确认是否选错了文件。")


# ------------------------------------------------------------------------ sniffing

def _head(path: Path, size: int = 4096) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(size)
    except OSError as exc:
        raise file_error(path, exc) from exc


def _read_all(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise file_error(path, exc) from exc


def _ole_is_encrypted(data: bytes) -> bool:
    return "EncryptedPackage".encode("utf-16-le") in data or b"EncryptedPackage" in data


def _ole_has_workbook(data: bytes) -> bool:
    return "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data


def _looks_like_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml", b"<meta"))


def _looks_like_tab_text(head: bytes) -> bool:
    """Text whose first lines split on tabs into the same number (≥ 2) of columns."""
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    text = decode_text(head[: head.rfind(b"\n") + 1] or head)
    if not text:
        return False
    lines = [ln for ln in text.splitlines() if ln.strip()][:10]
    counts = {ln.count("\t") for ln in lines}
    return bool(lines) and len(counts) == 1 and min(counts) >= 1


def _classify(path: Path) -> str:
    """'zip', 'ole', 'text' after checking the file exists, is not empty and is what its name says."""
    if not path.exists():
        raise file_error(path, FileNotFoundError(path))
    if path.is_dir():
        raise file_error(path, IsADirectoryError(path))
    suffix = path.suffix.lower()
    if suffix not in EXCEL_SUFFIXES and suffix not in TEXT_SUFFIXES:
        raise _not_spreadsheet(path)
    head = _head(path)
    if not head:
        raise InputFileProblem(f"文件“{path.name}”是空文件（0 字节），请确认是否选错了文件。")
    if head.startswith(_OLE_MAGIC):
        return "ole"
    if head.startswith(_ZIP_MAGIC):
        return "zip"
    if suffix in TEXT_SUFFIXES:
        return "text"
    if _looks_like_html(head):
        raise InputFileProblem(
            f"文件“{path.name}”实际上是网页格式，不是真正的 Excel 文件，"
            "请用 Excel 或 WPS 打开后另存为 .xlsx 再导入。"
        )
    if suffix == ".xls" and _looks_like_tab_text(head):
        return "text"  # many office systems export tab-separated text named .xls
    raise _not_spreadsheet(path, "不是真正的表格文件（可能是其他文件改了扩展名）")


def _open_calamine(path: Path, kind: str):
    """A CalamineWorkbook for `path`, every failure turned into an InputFileProblem."""
    import python_calamine as pc

    if kind == "ole":
        sheet_guard.check_file_size(path, text=False)
        data = _read_all(path)
        if _ole_is_encrypted(data):
            raise _password(path)
        if not _ole_has_workbook(data):
            raise _not_spreadsheet(path, "不是表格文件（可能是 Word 等其他文件改了扩展名）")
    elif kind == "zip":
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
                if "xl/sharedStrings.xml" in names and \
                        zf.getinfo("xl/sharedStrings.xml").file_size > sheet_guard.MAX_SHARED_STRINGS_BYTES:
                    raise sheet_guard.too_big(path, "中的文字解压后超过256 MB")
        except zipfile.BadZipFile as exc:
            raise _damaged(path) from exc
        except OSError as exc:
            raise file_error(path, exc) from exc
        if not ({"xl/workbook.xml", "xl/workbook.bin", "content.xml"} & names):
            raise _not_spreadsheet(path, "不是表格文件（可能是 Word 等其他文件改了扩展名）")
    suffix = path.suffix.lower()
    by_name = (kind == "zip" and suffix in {".xlsx", ".xlsm", ".ods", ".xlsb", ".xltx"}) or (
        kind == "ole" and suffix in {".xls", ".et", ".ett"}
    )
    try:
        if by_name:
            return pc.CalamineWorkbook.from_path(str(path))
        with open(path, "rb") as fh:  # content and name disagree: let calamine look at the content
            return pc.CalamineWorkbook.from_filelike(io.BytesIO(fh.read()))
    except PermissionError as exc:
        raise locked_problem(path) from exc
    except OSError as exc:
        raise file_error(path, exc) from exc
    except pc.PasswordError as exc:
        raise _password(path) from exc
    except Exception as exc:  # calamine raises its own errors and sometimes plain ones
        if "password" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise _password(path) from exc
        raise _damaged(path) from exc


# -------------------------------------------------------------------- cell values

@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many acyclic objects (rows, cells)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _convert_rows(raw: list[list[object]]) -> list[list[object]]:
    """calamine values → ours: '' → None, whole floats → int, midnight datetimes → date."""
    dt = _dt.datetime
    out = []
    has_datetime = False
    fl = float  # a local name: this loop runs once per cell
    for row in raw:
        out.append([
            None if v == "" else (int(v) if v.__class__ is fl and v.is_integer() else v)
            for v in row
        ])
    # datetimes are rare: convert only when the sheet has one
    for row in out:
        for v in row:
            if v.__class__ is dt:
                has_datetime = True
                break
        if has_datetime:
            break
    if has_datetime:
        midnight = _dt.time()
        for row in out:
            for i, v in enumerate(row):
                if v.__class__ is dt and v.time() == midnight:
                    row[i] = v.date()
    return out


def _trim(rows: list[list[object]]) -> list[list[object]]:
    """Drop trailing empty rows (calamine keeps formatted but empty ones)."""
    end = len(rows)
    while end and all(v is None for v in rows[end - 1]):
        end -= 1
    del rows[end:]
    return rows


# ------------------------------------------------------------------ hidden rows

def xlsx_hidden_rows(path: Path, sheet_name: str) -> frozenset[int]:
    """0-based indexes of rows hidden in an .xlsx sheet; empty when unknown (other formats, odd files)."""
    from desktop_app.fileio.sheet_guard import scan_xlsx

    try:
        scan = scan_xlsx(path).get(sheet_name)
    except InputFileProblem:
        return frozenset()
    return scan.hidden_rows if scan else frozenset()


def decode_text(data: bytes) -> str | None:
    """Text of a CSV: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030; None if none fits."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    for encoding in ("utf-8", "gb18030"):  # what Excel on Chinese Windows writes is GB18030
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def sniff_delimiter(text: str) -> str:
    """`,`, `;` or tab: the one that splits the first lines into the most equal, widest rows."""
    lines = [ln for ln in text.splitlines()[:30] if ln.strip()]
    best, best_score = ",", (-1, -1)
    for delim in (",", "\t", ";"):
        counts = [len(r) for r in csv.reader(lines, delimiter=delim)]
        if not counts:
            continue
        common = max(set(counts), key=counts.count)
        score = (counts.count(common) if common > 1 else 0, common)
        if score > best_score:
            best, best_score = delim, score
    return best


def _read_csv(path: Path) -> Sheet:
    sheet_guard.check_file_size(path, text=True)
    data = _read_all(path)
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _not_spreadsheet(path, "不是文本表格（CSV）文件")
    text = decode_text(data)
    if text is None:
        raise _not_spreadsheet(path, "的文字编码无法识别，不是可读的 CSV 文件")
    delim = sniff_delimiter(text)
    rows = [[v if v != "" else None for v in r] for r in csv.reader(io.StringIO(text, newline=""), delimiter=delim)]
    sheet_guard.check_range(path, len(rows), max((len(r) for r in rows), default=0))
    return Sheet(name=path.stem, rows=_trim(rows))


# ------------------------------------------------------------------------ public

def sheet_names(path: str | os.PathLike) -> list[str]:
    """The names of a file's worksheets without reading their cells (a CSV has one, named after the file)."""
    path = Path(path)
    kind = _classify(path)
    if kind == "text":
        return [path.stem]
    wb = _open_calamine(path, kind)
    try:
        return list(wb.sheet_names)
    finally:
        wb.close()


def _is_visible(meta) -> bool:
    import python_calamine as pc

    return meta.visible == pc.SheetVisibleEnum.Visible


def _guard(path: Path, kind: str):
    """The sheet scans of an .xlsx/.xlsm (refusing a hostile one); None for other formats."""
    if kind == "zip" and path.suffix.lower() in {".xlsx", ".xlsm"}:
        return sheet_guard.scan_xlsx(path)
    return None


def _load_sheet(path: Path, wb, index: int, *, detect_hidden: bool, scans=None) -> Sheet:
    meta = wb.sheets_metadata[index]
    name = meta.name
    try:
        calamine_sheet = wb.get_sheet_by_index(index)
    except Exception as exc:
        raise _damaged(path) from exc
    # The range is known before any cell becomes a Python value (an .xls far cell: 16 million of them).
    sheet_guard.check_range(path, calamine_sheet.height, calamine_sheet.width, name)
    try:
        raw = calamine_sheet.to_python(skip_empty_area=False)
    except Exception as exc:
        raise _damaged(path) from exc
    with gc_paused():
        rows = _trim(_convert_rows(raw))
    hidden: frozenset[int] = frozenset()
    if detect_hidden and rows and scans is not None and name in scans:
        hidden = scans[name].hidden_rows
    visible = _is_visible(meta)
    merged = []
    try:
        merged = [(a[0], a[1], b[0], b[1]) for a, b in (calamine_sheet.merged_cell_ranges or [])]
    except Exception:  # merged ranges are a nicety (xlsx and xls only)
        merged = []
    return Sheet(name=name, rows=rows, hidden_rows=hidden, visible=visible, merged=merged)


def read_workbook(path: str | os.PathLike, *, detect_hidden: bool = True) -> Workbook:
    """Every worksheet of a spreadsheet file; InputFileProblem when it cannot be read or holds no data."""
    path = Path(path)
    kind = _classify(path)
    if kind == "text":
        sheets = [_read_csv(path)]
    else:
        # An .xlsx is scanned before calamine sees it (a far cell would abort the process); the same pass
        # finds the hidden rows.
        scans = _guard(path, kind)
        wb = _open_calamine(path, kind)
        try:
            sheets = [_load_sheet(path, wb, i, detect_hidden=False) for i in range(len(wb.sheet_names))]
        finally:
            wb.close()
        if detect_hidden and scans is not None:
            for sheet in sheets:
                scan = scans.get(sheet.name)
                sheet.hidden_rows = scan.hidden_rows if scan is not None and sheet.rows else frozenset()
    book = Workbook(path=path, sheets=sheets)
    if all(s.is_empty() for s in sheets):
        raise _empty(path)
    return book


def read_sheet(path: str | os.PathLike, sheet: str | int | None = None, *, detect_hidden: bool = True) -> Sheet:
    """One worksheet (by name or index; None = the first visible sheet with data), reading only that sheet's cells."""
    path = Path(path)
    kind = _classify(path)
    if kind == "text":
        result = _read_csv(path)
        if result.is_empty():
            raise _empty(path)
        return result
    scans = _guard(path, kind)
    wb = _open_calamine(path, kind)
    try:
        names = list(wb.sheet_names)
        if sheet is None:
            order = sorted(range(len(names)), key=lambda i: not _is_visible(wb.sheets_metadata[i]))
            for i in order:
                candidate = _load_sheet(path, wb, i, detect_hidden=detect_hidden, scans=scans)
                if not candidate.is_empty():
                    return candidate
            raise _empty(path)
        if isinstance(sheet, str):
            if sheet not in names:
                raise InputFileProblem(f"文件“{path.name}”中没有名为“{sheet}”的工作表，请重新选择工作表。")
            index = names.index(sheet)
        else:
            if not 0 <= sheet < len(names):
                raise InputFileProblem(f"文件“{path.name}”中没有第{sheet + 1}个工作表，请重新选择工作表。")
            index = sheet
        return _load_sheet(path, wb, index, detect_hidden=detect_hidden, scans=scans)
    finally:
        wb.close()
