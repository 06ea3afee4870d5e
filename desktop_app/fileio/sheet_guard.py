"""Checks before a spreadsheet is read, so that a hostile or broken file never takes the program down.

python-calamine sizes a sheet by its farthest cell: one cell at XFD1048576 in a 5 KB .xlsx makes it ask for
hundreds of gigabytes and abort the whole process. So the cells' addresses are read first, straight from
the sheet's XML (the `<dimension>` element may lie and is not used), and a file beyond the limits below —
far above any county's roster or ledger — is refused in one sentence. Text files and old .xls files are
limited by size, and an .xls sheet by its range before any cell becomes a Python value.

The same pass notes the rows hidden in Excel, which the import preview names.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path

from desktop_app.domain.errors import InputFileProblem

MAX_ROWS = 200_000
MAX_COLUMNS = 200
MAX_CELLS = 4_000_000  # rows × columns of the sheet's range: python-calamine fills it densely
MAX_SHEET_XML_BYTES = 1 << 30
MAX_SHARED_STRINGS_BYTES = 256 << 20
MAX_TEXT_FILE_BYTES = 64 << 20
MAX_BINARY_FILE_BYTES = 128 << 20

_ROW = re.compile(rb"<row\b([^>]*)>")
_ROW_NUMBER = re.compile(rb'\br="([0-9]+)"')
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_CHUNK = 4 << 20
_OVERLAP = 1024
_SAMPLE = 8192  # the last bytes of a chunk whose cells set its running farthest row and column

# A cell's address as the program writes it and Excel, WPS and openpyxl do: ` r="B12"`.
_REF = re.compile(rb' r="([A-Za-z]+)([0-9]+)')
# The addresses that are not short (one letter, at most five digits), as they start: ` r="AB`, ` r="A100000`.
_LONG_REF = re.compile(rb' r="[A-Za-z](?:[A-Za-z]|[0-9]{6})')
_SHORT_ROWS, _SHORT_COLUMNS = 99_999, 26
_NOT_A_REF = re.match(b"()()", b"")  # letters without digits (` r="AB"`): calamine refuses it, nothing to count
_LONG_REFS_READ = 5000  # more long addresses in a chunk (a wide sheet): read the exact way
# An `r` attribute spelled any other way (`r = "B12"`, `r='B12'`, a tab or line break or no space before `r`):
# such a chunk has every address read one by one, with _ANY_REF.
_ODD_SPELLING = re.compile(rb"r(?:[\t\n\r ]+=|=(?:[\t\n\r ']|(?<=[^ \w]r=)))")
_ANY_REF = re.compile(rb"""(?<![\w:.\-])r[\t\n\r ]*=[\t\n\r ]*["']([A-Za-z]*)([0-9]*)""")


@dataclass(frozen=True)
class SheetScan:
    rows: int  # the farthest row of the cells read (a short address, A1 … Z99999, may be unread and beyond it)
    columns: int  # the farthest column of the cells read
    hidden_rows: frozenset[int]  # 0-based indexes of rows hidden in Excel


def column_number(letters: bytes) -> int:
    number = 0
    for byte in letters:
        number = number * 26 + (byte - 64)
    return number


def too_big(path: Path, what: str) -> InputFileProblem:
    return InputFileProblem(f"文件“{path.name}”{what}，远超政协名册和台账的规模，可能已损坏或不是正常的表格，"
                            "未作任何处理。请检查文件，或只复制需要的数据到新表格后再导入。")


def check_range(path: Path, rows: int, columns: int, sheet: str = "") -> None:
    """Refuse a sheet whose range is beyond the limits."""
    where = f"的工作表“{sheet}”" if sheet else ""
    if rows > MAX_ROWS:
        raise too_big(path, f"{where}有数据的行号到了第{rows:,}行（上限{MAX_ROWS:,}行）")
    if columns > MAX_COLUMNS:
        raise too_big(path, f"{where}有数据的列到了第{columns:,}列（上限{MAX_COLUMNS}列）")
    if rows * columns > MAX_CELLS:
        raise too_big(path, f"{where}的数据区域有{rows * columns:,}个单元格（上限{MAX_CELLS:,}个）")


def scan_sheet_xml(zf: zipfile.ZipFile, part: str, path: Path, sheet: str = "") -> SheetScan:
    """The farthest cell and the hidden rows of one sheet, reading its XML in chunks; refuses beyond the limits.

    Not every address is turned into numbers (1.6 million of them in a 100,000-row roster). First, quickly: an
    address of one letter and at most five digits (A1 … Z99999) cannot take a sheet beyond the limits by itself,
    so only the others are read; when they and the bound of the short ones, 99,999 rows × 26 columns, are within
    the limits, so is the sheet. Else (a wide sheet, or one near the limits) exactly: the cells at a chunk's end
    give the farthest row and column so far, and one regular expression finds the cells of the chunk beyond them
    (rows written in order have none), which are then read. A chunk spelling an `r` attribute unusually has every
    address read.
    """
    info = zf.getinfo(part)
    if info.file_size > MAX_SHEET_XML_BYTES:
        raise too_big(path, f"的工作表“{sheet}”解压后有{info.file_size >> 20} MB")
    return _scan(zf, info, path, sheet, quick=True) or _scan(zf, info, path, sheet, quick=False)


def _scan(zf: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path, sheet: str, *, quick: bool) -> SheetScan | None:
    """The sheet's scan; None when the quick reading cannot tell whether the sheet is within the limits."""
    farthest = [0, 0]  # row, column: of the addresses read
    bounded = False  # some short addresses were not read (quick): the sheet reaches up to (99,999, 26) too
    hidden: set[int] = set()
    tail = b""
    with zf.open(info) as handle:
        for block in _blocks(handle):
            text = tail + block
            if _ODD_SPELLING.search(text):
                _take(_ANY_REF.findall(text), farthest, path, sheet)
            else:
                long = [m.start() for m in _LONG_REF.finditer(text)] if quick else ()
                if quick and len(long) <= _LONG_REFS_READ:
                    _take([(m or _NOT_A_REF).groups() for m in map(partial(_REF.match, text), long)], farthest,
                          path, sheet)
                    bounded = True
                else:
                    quick = False  # many long addresses: the rest of the sheet is read the exact way
                    _take(_REF.findall(text, max(0, len(text) - _SAMPLE)), farthest, path, sheet)
                    beyond = _beyond(*farthest)
                    _take([(_REF.match(text, m.start()) or _NOT_A_REF).groups() for m in beyond.finditer(text)],
                          farthest, path, sheet)
            if b"hidden" in text:
                for attributes in _ROW.findall(text):
                    if _HIDDEN.search(attributes):
                        number = _ROW_NUMBER.search(attributes)
                        if number:
                            hidden.add(int(number.group(1)) - 1)
            if bounded and not _within(max(farthest[0], _SHORT_ROWS), max(farthest[1], _SHORT_COLUMNS)):
                return None  # the exact reading says by how much, in the same words
            check_range(path, farthest[0], farthest[1], sheet)
            tail = text[-_OVERLAP:]  # a tag cut by the chunk's end is found again in the next
    return SheetScan(farthest[0], farthest[1], frozenset(hidden))


def _within(rows: int, columns: int) -> bool:
    return rows <= MAX_ROWS and columns <= MAX_COLUMNS and rows * columns <= MAX_CELLS


def _blocks(handle):
    """The part's bytes in chunks, the next one inflated on another thread while this one is searched (zlib
    lets go of the GIL)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(handle.read, _CHUNK)
        while True:
            block = pending.result()
            if not block:
                return
            pending = pool.submit(handle.read, _CHUNK)
            yield block


def _take(refs, farthest: list[int], path: Path, sheet: str) -> None:
    """Widen `farthest` (row, column) to the addresses `refs` ((letters, digits) each)."""
    max_row, max_col = farthest
    for letters, digits in refs:
        if not letters or not digits:
            continue  # a row's own number, or not an address
        if len(digits) > 7:
            raise too_big(path, f"的工作表“{sheet}”有行号大得不正常的单元格")
        row, col = int(digits), column_number(letters[:4].upper())  # 4 letters: beyond the limit already
        if row > max_row:
            max_row = row
        if col > max_col:
            max_col = col
    farthest[0], farthest[1] = max_row, max_col


@lru_cache(maxsize=256)
def _beyond(max_row: int, max_col: int) -> re.Pattern:
    """The addresses whose row or column may be beyond (max_row, max_col): all that are, and a few that are not
    (rows sharing max_row's first two digits), read exactly by _take."""
    return re.compile(rb' r="(?:(?:' + _letters_above(max_col) + rb')[0-9]|[A-Za-z]+0*(?:' +
                      _number_above(max_row) + rb')"|[A-Za-z]+[0-9]{8,}")')


def _number_above(number: int) -> bytes:
    """Numbers above `number` (written without leading zeros), and those sharing its first three digits."""
    digits = str(number)
    size = len(digits)
    above = [f"[1-9][0-9]{{{size},}}"]  # more digits
    kept = min(size, 3)
    for i in range(kept):  # the same digits up to i, a greater one at i (the last kept: or the same), any after
        low = int(digits[i]) + (1 if i < kept - 1 else 0)
        if low <= 9:
            above.append(f"{digits[:i]}[{low}-9][0-9]{{{size - i - 1}}}")
    return "|".join(above).encode()


def _letters_above(column: int) -> bytes:
    if column <= 0:
        return b"[A-Za-z]+"
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    above = [f"[A-Za-z]{{{len(letters) + 1},}}"]  # more letters
    for i, ch in enumerate(letters):  # the same letters up to i, a later one at i, any after
        if ch != "Z":
            same = "".join(f"[{c}{c.lower()}]" for c in letters[:i])
            later = f"[{chr(ord(ch) + 1)}-Z{chr(ord(ch) + 33)}-z]"
            above.append(same + later + (f"[A-Za-z]{{{len(letters) - i - 1}}}" if i < len(letters) - 1 else ""))
    return "|".join(above).encode()


def sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → part path inside an .xlsx."""
    import xml.etree.ElementTree as ET

    ns_main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    ns_rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    wb = ET.fromstring(zf.read("xl/workbook.xml"))
    rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    parts = {}
    for s in wb.iter(f"{ns_main}sheet"):
        target = targets.get(s.get(f"{ns_rel}id"), "").lstrip("/")
        if not target.startswith("xl/"):
            target = "xl/" + target
        parts[s.get("name")] = target
    return parts


def scan_xlsx(path: Path) -> dict[str, SheetScan]:
    """Every sheet's scan (by name) of an .xlsx/.xlsm, after checking its parts' declared sizes."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return {}  # not a zip at all: the reader says what the file is
    try:
        with zf:
            names = set(zf.namelist())
            if "xl/workbook.xml" not in names:
                return {}  # a Word file renamed .xlsx, and such: the reader says so
            if "xl/sharedStrings.xml" in names and \
                    zf.getinfo("xl/sharedStrings.xml").file_size > MAX_SHARED_STRINGS_BYTES:
                raise too_big(path, "中的文字解压后超过256 MB")
            scans = {}
            for sheet, part in sheet_parts(zf).items():
                if part in names:
                    scans[sheet] = scan_sheet_xml(zf, part, path, sheet)
            return scans
    except InputFileProblem:
        raise
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputFileProblem(f"文件“{path.name}”已损坏，无法读取。请用 Excel 或 WPS 打开后另存为新文件再试。") from exc
    except Exception as exc:  # xml.etree's ParseError and other surprises of a damaged package
        raise InputFileProblem(f"文件“{path.name}”已损坏，无法读取。请用 Excel 或 WPS 打开后另存为新文件再试。") from exc


def check_file_size(path: Path, *, text: bool) -> None:
    size = path.stat().st_size
    limit = MAX_TEXT_FILE_BYTES if text else MAX_BINARY_FILE_BYTES
    if size > limit:
        raise too_big(path, f"有{size >> 20} MB（上限{limit >> 20} MB）")
