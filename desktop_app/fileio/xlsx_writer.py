"""Writing styled .xlsx workbooks (spec/reports.md, "Excel workbooks") and import error reports.

openpyxl is imported inside the functions that need it, so importing this module costs nothing.
Files are written to a temporary file in the target folder and then moved into place, so a
failed write never leaves half a workbook behind; a target held open by Excel becomes an
InputFileProblem with one Chinese sentence.
"""
from __future__ import annotations

import datetime as _dt
import contextlib
import os
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Literal, Mapping, Sequence

from desktop_app.domain.errors import InputFileProblem

ColumnKind = Literal["text", "int", "number", "date", "percent"]

TITLE_ROW = 1
HEADER_ROW = 2
MAX_WIDTH = 60
MIN_WIDTH = 6
DATE_FORMAT = "yyyy-mm-dd"
PERCENT_FORMAT = "0.00%"
HEADER_FILL = "DDEBF7"
PROBLEM_FILL = "FCE4D6"
FOOTER_TEXT = "第 &P 页，共 &N 页"


@dataclass(frozen=True)
class ColumnSpec:
    """One column: header text, kind of value, and optionally a fixed width in characters."""

    header: str
    kind: ColumnKind = "text"
    width: float | None = None


@dataclass
class SheetSpec:
    """One sheet of a report: merged title, columns and rows of plain values (rates as fractions: 0.8498)."""

    title: str
    columns: Sequence[ColumnSpec | str]
    rows: Iterable[Sequence[object]]
    name: str | None = None  # sheet tab name; the title cut to 31 characters when missing
    landscape: bool | None = None  # None: landscape when the columns are too wide for portrait A4
    column_specs: list[ColumnSpec] = field(init=False)

    def __post_init__(self) -> None:
        self.column_specs = [c if isinstance(c, ColumnSpec) else ColumnSpec(str(c)) for c in self.columns]


def text_width(value: object) -> int:
    """Display width: CJK and other wide characters count 2, the rest 1."""
    if value is None:
        return 0
    s = value if isinstance(value, str) else str(value)
    if s.isascii():
        return len(s)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _display(value: object, kind: str) -> str:
    if value is None:
        return ""
    if kind == "date" and isinstance(value, _dt.date):
        return "2025-01-19"
    if kind == "percent" and isinstance(value, (int, float)):
        return "100.00%"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _safe_sheet_name(name: str, used: set[str]) -> str:
    for ch in '[]:*?/\\':
        name = name.replace(ch, "_")
    name = name[:31] or "Sheet"
    base, n = name, 2
    while name in used:
        suffix = f"({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name)
    return name


def _col_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def save_atomically(path: str | os.PathLike, save: Callable[[Path], None]) -> Path:
    """Call save(temp_path) in the target's folder, then move the result onto `path`."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=target.suffix or ".xlsx", dir=folder)
    except FileNotFoundError as exc:
        raise InputFileProblem(f"文件夹“{folder}”不存在，请选择其他保存位置。") from exc
    except PermissionError as exc:
        raise InputFileProblem(f"没有权限在文件夹“{folder}”中保存文件，请选择其他保存位置。") from exc
    except OSError as exc:
        raise InputFileProblem(f"无法在文件夹“{folder}”中保存文件（{exc.strerror or exc}），请选择其他保存位置。") from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        save(tmp)
        os.replace(tmp, target)
    except PermissionError as exc:
        raise InputFileProblem(f"文件“{target.name}”正被其他程序（如 Excel）占用，请关闭后重试。") from exc
    except OSError as exc:
        if getattr(exc, "errno", None) == 28:  # ENOSPC
            raise InputFileProblem(f"磁盘空间不足，无法保存文件“{target.name}”，请清理磁盘后重试。") from exc
        raise InputFileProblem(f"无法保存文件“{target.name}”（{exc.strerror or exc}），请换一个位置重试。") from exc
    finally:
        with contextlib.suppress(OSError):  # a temp file we could not remove is harmless
            tmp.unlink(missing_ok=True)
    return target


def _styles():
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="808080")
    return {
        "title_font": Font(name="宋体", size=16, bold=True),
        "header_font": Font(name="宋体", size=11, bold=True),
        "body_font": Font(name="宋体", size=11),
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "header_fill": PatternFill("solid", fgColor=HEADER_FILL),
        "problem_fill": PatternFill("solid", fgColor=PROBLEM_FILL),
        "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "left": Alignment(horizontal="left", vertical="center", wrap_text=True),
        "right": Alignment(horizontal="right", vertical="center"),
    }


def _print_setup(ws, *, landscape: bool, title_rows: str) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = title_rows
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.oddFooter.center.text = FOOTER_TEXT
    ws.evenFooter.center.text = FOOTER_TEXT


_NUMBER_FORMATS = {"text": "@", "int": "0", "number": "General", "date": DATE_FORMAT, "percent": PERCENT_FORMAT}


def _cell_value(value: object, kind: str) -> object:
    if value is None:
        return None
    if kind == "percent" and not isinstance(value, (int, float)):
        return str(value)  # "—" for a rate with a zero denominator
    if kind == "int" and isinstance(value, float) and value.is_integer():
        return int(value)
    if kind == "date" and isinstance(value, _dt.datetime):
        return value.date()
    if kind == "text" and not isinstance(value, str):
        return str(value) if not isinstance(value, _dt.date) else value.isoformat()
    return value


def _body_style(book, st: dict, number_format: str, align: str | None) -> str:
    """A named style per (format, alignment) of body cells: one assignment per cell instead of four
    (a city year's workbook, 76,000 cells, saved in half the time)."""
    from openpyxl.styles import NamedStyle

    name = f"表格正文（{ {'left': '左对齐', 'right': '右对齐'}.get(align or '', '空白')} {number_format}）"
    known = st.setdefault("named", {})
    if known.get(name) is not book:
        style = NamedStyle(name=name, font=st["body_font"], border=st["border"], number_format=number_format)
        if align:
            style.alignment = st[align]
        book.add_named_style(style)
        known[name] = book
    return name


def _fill_sheet(ws, spec: SheetSpec, st: dict) -> None:
    columns = spec.column_specs
    ncols = max(len(columns), 1)
    widths = [text_width(c.header) for c in columns]

    ws.cell(row=TITLE_ROW, column=1, value=spec.title)
    ws.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=ncols)
    title = ws.cell(row=TITLE_ROW, column=1)
    title.font, title.alignment = st["title_font"], st["center"]
    ws.row_dimensions[TITLE_ROW].height = 32

    for j, col in enumerate(columns, start=1):
        cell = ws.cell(row=HEADER_ROW, column=j, value=col.header)
        cell.font, cell.fill, cell.border, cell.alignment = st["header_font"], st["header_fill"], st["border"], st["center"]

    formats = [_NUMBER_FORMATS.get(c.kind, "General") for c in columns]
    kinds = [c.kind for c in columns]
    r = HEADER_ROW
    for r, values in enumerate(spec.rows, start=HEADER_ROW + 1):
        for j, kind in enumerate(kinds):
            value = _cell_value(values[j] if j < len(values) else None, kind)
            cell = ws.cell(row=r, column=j + 1, value=value)
            if value is None:
                cell.style = _body_style(ws.parent, st, "General", None)
            else:
                if kind != "text" and isinstance(value, str):
                    cell.style = _body_style(ws.parent, st, "@", "right")
                else:
                    cell.style = _body_style(ws.parent, st, formats[j], "left" if kind == "text" else "right")
                w = text_width(_display(value, kind))
                if w > widths[j]:
                    widths[j] = w
    last_row = r

    total = 0.0
    for j, col in enumerate(columns, start=1):
        width = col.width or min(max(widths[j - 1] + 2, MIN_WIDTH), MAX_WIDTH)
        ws.column_dimensions[_col_letter(j)].width = width
        total += width

    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1).coordinate
    ws.auto_filter.ref = f"A{HEADER_ROW}:{_col_letter(ncols)}{max(last_row, HEADER_ROW)}"
    landscape = spec.landscape if spec.landscape is not None else total > 95
    _print_setup(ws, landscape=landscape, title_rows=f"{TITLE_ROW}:{HEADER_ROW}")


def write_table_workbook(path: str | os.PathLike, sheets: Sequence[SheetSpec]) -> Path:
    """Write one styled sheet per SheetSpec (merged title, bold bordered header, formats, print setup)."""
    from openpyxl import Workbook

    st = _styles()
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for spec in sheets:
        ws = wb.create_sheet(_safe_sheet_name(spec.name or spec.title, used))
        _fill_sheet(ws, spec, st)
    if not wb.worksheets:
        wb.create_sheet("Sheet")
    return save_atomically(path, wb.save)


def write_error_report(
    src_sheet_rows: Sequence[Sequence[object]],
    header_row_index: int,
    problems_by_row: Mapping[int, Sequence[object]],
    path: str | os.PathLike,
    *,
    sheet_name: str = "问题清单",
) -> Path:
    """A copy of the input rows with a 问题 column; rows with problems filled in light red.

    problems_by_row: Excel row number (1-based, as in Problem.row) → problems (Problem or str).
    Rows keep their numbers, so row N of the report is row N of the user's file.
    """
    from openpyxl import Workbook

    st = _styles()
    wb = Workbook()
    ws = wb.active
    ws.title = _safe_sheet_name(sheet_name, set())
    width = max((len(r) for r in src_sheet_rows), default=0)
    problem_col = width + 1
    widths = [0] * (width + 1)

    def message(p: object) -> str:
        return getattr(p, "message", None) or str(p)

    for index, row in enumerate(src_sheet_rows):
        excel_row = index + 1
        for j, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, _dt.datetime) and value.time() == _dt.time():
                value = value.date()
            cell = ws.cell(row=excel_row, column=j + 1, value=value)
            if isinstance(value, str):
                cell.number_format = "@"  # ID and phone numbers stay text
            elif isinstance(value, _dt.date):
                cell.number_format = DATE_FORMAT
            if index >= header_row_index:
                cell.border = st["border"]
                w = text_width(_display(value, "date" if isinstance(value, _dt.date) else "text"))
                widths[j] = max(widths[j], min(w, MAX_WIDTH))
        if index == header_row_index:
            for j in range(1, width + 1):
                cell = ws.cell(row=excel_row, column=j)
                cell.font, cell.fill, cell.border, cell.alignment = st["header_font"], st["header_fill"], st["border"], st["center"]
            head = ws.cell(row=excel_row, column=problem_col, value="问题")
            head.font, head.fill, head.border, head.alignment = st["header_font"], st["problem_fill"], st["border"], st["center"]
        problems = problems_by_row.get(excel_row)
        if problems and index > header_row_index:
            text = "\n".join(dict.fromkeys(message(p) for p in problems))
            cell = ws.cell(row=excel_row, column=problem_col, value=text)
            cell.alignment, cell.border = st["left"], st["border"]
            for j in range(1, problem_col + 1):
                ws.cell(row=excel_row, column=j).fill = st["problem_fill"]
    # problems on rows beyond the copied ones (should not happen) are not lost
    for excel_row in sorted(r for r in problems_by_row if r > len(src_sheet_rows)):
        ws.cell(row=excel_row, column=problem_col, value="\n".join(message(p) for p in problems_by_row[excel_row]))

    for j in range(width):
        ws.column_dimensions[_col_letter(j + 1)].width = min(max(widths[j] + 2, MIN_WIDTH), MAX_WIDTH)
    ws.column_dimensions[_col_letter(problem_col)].width = MAX_WIDTH
    ws.freeze_panes = ws.cell(row=header_row_index + 2, column=1).coordinate
    if width:
        ws.auto_filter.ref = f"A{header_row_index + 1}:{_col_letter(problem_col)}{max(len(src_sheet_rows), header_row_index + 1)}"
    _print_setup(ws, landscape=True, title_rows=f"{header_row_index + 1}:{header_row_index + 1}")
    return save_atomically(path, wb.save)
