"""Writing styled .xlsx workbooks (docs/reports.md, "The statistics workbook") and import error reports.

openpyxl is imported inside the functions that need it, so importing this module costs nothing.
Files are written to a temporary file in the target folder and then moved into place, so a
failed write never leaves half a workbook behind; a target held open by Excel becomes an
InputFileProblem with one Chinese sentence.

Report sheets are written in openpyxl's write-only mode: everything about a sheet (column widths,
the height of every row whose text wraps, where the charts go) is worked out first from the
values, then the rows are streamed out once. Heights are set explicitly because LibreOffice does
not grow a row for wrapped text in an .xlsx, and the lines that did not fit overprinted the rows below.
"""
from __future__ import annotations

import datetime as _dt
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Literal, Mapping, Sequence

from desktop_app.fileio.atomic_save import save_atomically
from desktop_app.domain.text_safety import without_control_characters

ColumnKind = Literal["text", "int", "number", "date", "percent"]
ChartKind = Literal["pie", "bar", "column", "line"]  # bar: horizontal bars, column: vertical ones

TITLE_ROW = 1
HEADER_ROW = 2
MAX_WIDTH = 60
MIN_WIDTH = 6
DATE_FORMAT = "yyyy-mm-dd"
PERCENT_FORMAT = "0.00%"
HEADER_FILL = "DDEBF7"
PROBLEM_FILL = "FCE4D6"
FOOTER_TEXT = "第 &P 页，共 &N 页"
HEADER = -1  # the header row, for Cells

# Layout, in Excel's units: a width unit is one digit of 11 pt text (a Chinese character is two),
# heights are in points. A4 with 0.5" side margins holds about 100 units upright and 146 across.
CELL_PADDING = 2.0  # width a cell needs beyond its text
WRAP_FILL = 0.9  # share of a wrapped line's width that text fills (lines break before words and 、)
NARROWEST_WRAPPED = 24.0  # a wide text column is narrowed (its text wrapping) to no less than this;
# what is still too wide for the page is printed smaller (fit to one page wide)
PAGE_WIDTH_PORTRAIT = 100.0
PAGE_WIDTH_LANDSCAPE = 146.0
PAGE_HEIGHT_LANDSCAPE = 440.0  # points of rows on A4 across, between the margins, header and footer
DEFAULT_ROW_HEIGHT = 16.0  # one line of 11 pt 宋体 in Excel (14.25) or Noto Sans CJK in LibreOffice (15.9)
LINE_HEIGHT = 16.0
ROW_PADDING = 3.0
MAX_ROW_HEIGHT = 409.0  # Excel's limit (409.5)
TITLE_HEIGHT = 32.0
TITLE_LINE_HEIGHT = 24.0  # 16 pt
TITLE_SCALE = 16 / 11  # the title's characters are this much wider than the body's
GAP_WIDTH = 2.0  # the empty column between the table and what stands beside it (the default width is 8.43)
CM_PER_WIDTH_UNIT = 0.19  # 7 px at 96 dpi, with the column's share of padding
DEFAULT_COLUMN_CM = 1.69  # a column of the default width (64 px)
CM_PER_POINT = 2.54 / 72


@dataclass(frozen=True)
class ColumnSpec:
    """One column: header text, kind of value, and optionally a fixed width in characters."""

    header: str
    kind: ColumnKind = "text"
    width: float | None = None


def _specs(columns: Sequence[ColumnSpec | str]) -> list[ColumnSpec]:
    return [c if isinstance(c, ColumnSpec) else ColumnSpec(str(c)) for c in columns]


@dataclass
class SideTable:
    """A small table beside the main one (header on the header row), e.g. the figures a chart draws."""

    columns: Sequence[ColumnSpec | str]
    rows: Sequence[Sequence[object]]
    column_specs: list[ColumnSpec] = field(init=False)

    def __post_init__(self) -> None:
        self.column_specs = _specs(self.columns)


@dataclass(frozen=True)
class Cells:
    """A block of a sheet's cells for a chart: `rows` index the table's rows (first, last; HEADER for the header
    row), `columns` its columns (0-based, first and last); `side` for the SideTable instead of the main table."""

    rows: tuple[int, int]
    columns: tuple[int, int]
    side: bool = False


@dataclass(frozen=True)
class ChartSpec:
    """A native Excel chart beside the table, drawing cells of the sheet (so it follows edits to them)."""

    kind: ChartKind
    title: str
    categories: Cells
    values: tuple[Cells, ...]  # one block per series
    names: tuple[str, ...] = ()  # the series' names, for the legend
    axis_title: str | None = None  # the value axis, e.g. "件次"
    width_cm: float = 15.0
    height_cm: float = 7.5


@dataclass
class SheetSpec:
    """One sheet of a report: merged title, columns and rows of plain values (rates as fractions: 0.8498),
    optionally notes under the table (e.g. how it counts), a small table and charts beside it."""

    title: str
    columns: Sequence[ColumnSpec | str]
    rows: Iterable[Sequence[object]]
    name: str | None = None  # sheet tab name; the title cut to 31 characters when missing
    landscape: bool | None = None  # None: landscape when the columns are too wide for portrait A4
    notes: Sequence[str] = ()
    side: SideTable | None = None
    charts: Sequence[ChartSpec] = ()
    column_specs: list[ColumnSpec] = field(init=False)

    def __post_init__(self) -> None:
        self.column_specs = _specs(self.columns)

    @property
    def side_column(self) -> int:
        """The 1-based column where the side table (and the charts) start: after the table and one empty column."""
        return max(len(self.column_specs), 1) + 2


# East Asian wide and fullwidth characters (CJK, kana, hangul, fullwidth forms and punctuation such as 、，（）).
_NOT_WIDE = re.compile("[^\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
                       "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
                       "\U00020000-\U0003fffd]")


def text_width(value: object) -> int:
    """Display width: CJK and other wide characters count 2, the rest 1."""
    if value is None:
        return 0
    s = value if isinstance(value, str) else str(value)
    if s.isascii():
        return len(s)
    return len(s) + len(_NOT_WIDE.sub("", s))


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


def _styles():
    """Styles of the import error report (a normal-mode workbook)."""
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
    ws.page_setup.paperSize = "9"  # A4 (Worksheet.PAPERSIZE_A4; a write-only sheet lacks the name)
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


# ----- layout: widths, lines and heights, worked out before anything is written -----

def line_count(text: str, width: float) -> int:
    """Lines a wrapped cell of `width` units needs for `text` (each "\\n" starts a line)."""
    usable = max(width - CELL_PADDING, 1.0)
    lines = 0
    for part in text.split("\n"):
        w = text_width(part)
        # Past one line, wrapping breaks before a word or a 、 and leaves some of each line empty.
        lines += 1 if w <= usable else math.ceil(w / (usable * WRAP_FILL))
    return lines


def row_height(lines: int) -> float:
    """Points for `lines` lines, at most Excel's highest row (a longer text is cut off at the bottom)."""
    return min(lines * LINE_HEIGHT + ROW_PADDING, MAX_ROW_HEIGHT)


def _page_width(landscape: bool) -> float:
    return PAGE_WIDTH_LANDSCAPE if landscape else PAGE_WIDTH_PORTRAIT


def _narrow(widths: list[float], wrappable: list[bool], floors: list[float], room: float) -> list[float]:
    """Narrow the widest wrappable columns (their text wraps) until the table fits `room`, never below their floor."""
    excess = sum(widths) - room
    if excess <= 0 or not any(wrappable):
        return widths
    candidates = sorted({w for w, ok in zip(widths, wrappable) if ok}, reverse=True)
    cap = candidates[0]
    # Lower one common cap over the wrappable columns until enough width is saved.
    while cap > NARROWEST_WRAPPED:
        cap -= 1
        saved = sum(w - max(min(w, cap), min(w, f)) for w, ok, f in zip(widths, wrappable, floors) if ok)
        if saved >= excess:
            break
    return [max(min(w, cap), min(w, f)) if ok else w for w, ok, f in zip(widths, wrappable, floors)]


@dataclass
class _Column:
    kind: str
    width: float
    widest: float  # the widest value's width (the header included)
    multiline: bool


def _measure(columns: Sequence[ColumnSpec], rows: Sequence[Sequence[object]]) -> list[_Column]:
    out = []
    for j, col in enumerate(columns):
        kind = col.kind
        widest = float(text_width(col.header))
        multiline = False
        values = [row[j] for row in rows if j < len(row) and row[j] is not None]
        if values:
            if kind == "text":
                texts = [v if isinstance(v, str) else str(_cell_value(v, kind)) for v in values]
                widest = max(widest, max(map(text_width, texts)))
                multiline = any("\n" in t for t in texts)
                if multiline:
                    widest = max(widest, max(text_width(p) for t in texts for p in t.split("\n")))
            elif kind == "date":
                widest = max(widest, 11.0)  # 2025-01-19, and room for fonts with wider digits than 宋体's
            elif kind == "percent":
                widest = max(widest, max(7 if isinstance(v, (int, float)) else text_width(str(v)) for v in values))
            else:
                widest = max(widest, max(text_width(_display(v, kind)) for v in values))
        width = col.width or min(max(widest + CELL_PADDING, MIN_WIDTH), MAX_WIDTH)
        out.append(_Column(kind, width, widest, multiline))
    return out


@dataclass
class _Layout:
    widths: list[float]
    side_widths: list[float]
    landscape: bool
    title_height: float
    header_height: float | None
    heights: dict[int, float]  # Excel row → height, for rows that wrap
    last_row: int  # the table's last row (notes excluded)
    chart_column: int  # 1-based column where the charts start
    chart_anchors: list[str]
    print_area: str


def _layout(spec: SheetSpec, rows: Sequence[Sequence[object]]) -> _Layout:
    columns = _measure(spec.column_specs, rows)
    side = spec.side
    side_columns = _measure(side.column_specs, side.rows) if side else []
    side_width = (sum(c.width for c in side_columns) + GAP_WIDTH) if side else 0.0
    widths = [c.width for c in columns]
    landscape = spec.landscape if spec.landscape is not None else sum(widths) + side_width > PAGE_WIDTH_PORTRAIT
    wrappable = [c.kind == "text" and not spec.column_specs[j].width for j, c in enumerate(columns)]
    # A column is not narrowed so far that its longest text would need a row higher than Excel allows.
    most_lines = int((MAX_ROW_HEIGHT - ROW_PADDING) // LINE_HEIGHT)
    floors = [max(text_width(spec.column_specs[j].header) + CELL_PADDING, NARROWEST_WRAPPED,
                  min(MAX_WIDTH, math.ceil(c.widest / most_lines / WRAP_FILL) + CELL_PADDING))
              for j, c in enumerate(columns)]
    # Only the tables are fitted to the page's width; charts beside them may make the printout smaller.
    widths = _narrow(widths, wrappable, floors, _page_width(landscape) - side_width)

    heights: dict[int, float] = {}
    # Rows whose text wraps: only the columns whose widest value does not fit on one line are looked at.
    tall = [j for j, c in enumerate(columns) if c.kind == "text" and (c.multiline or c.widest > widths[j] - CELL_PADDING)]
    for i, row in enumerate(rows):
        lines = 1
        for j in tall:
            value = row[j] if j < len(row) else None
            if value is not None:
                lines = max(lines, line_count(value if isinstance(value, str) else str(_cell_value(value, "text")),
                                              widths[j]))
        if lines > 1:
            heights[HEADER_ROW + 1 + i] = row_height(lines)
    if side:
        side_tall = [j for j, c in enumerate(side_columns) if c.kind == "text" and c.widest > c.width - CELL_PADDING]
        for i, row in enumerate(side.rows):
            lines = max([1] + [line_count(str(row[j]), side_columns[j].width) for j in side_tall if row[j] is not None])
            if lines > 1:
                r = HEADER_ROW + 1 + i
                heights[r] = max(heights.get(r, 0.0), row_height(lines))
    header_lines = max(line_count(c.header, w) for c, w in zip(spec.column_specs, widths)) if columns else 1
    if side:
        header_lines = max([header_lines] + [line_count(c.header, sc.width)
                                             for c, sc in zip(side.column_specs, side_columns)])
    last_row = HEADER_ROW + len(rows)
    table_width = sum(widths) or MIN_WIDTH
    for k, note in enumerate(spec.notes):
        heights[last_row + 1 + k] = row_height(line_count(note, table_width))
    title_lines = line_count(spec.title, table_width / TITLE_SCALE)
    title_height = max(TITLE_HEIGHT, title_lines * TITLE_LINE_HEIGHT + 2 * ROW_PADDING)

    ncols = max(len(columns), 1)
    chart_column = ncols + 2 + (len(side_columns) + 1 if side else 0)  # right of the side table, after a gap
    anchors = []
    row = HEADER_ROW
    for chart in spec.charts:
        anchors.append(f"{_col_letter(chart_column)}{row}")
        needed = chart.height_cm / CM_PER_POINT + DEFAULT_ROW_HEIGHT  # the chart, then one empty row
        while needed > 0:
            needed -= heights.get(row, DEFAULT_ROW_HEIGHT)
            row += 1
    # The charts are printed with the table when both fit on one page across, at 80 % or more; otherwise the
    # printout is the table (and the small table beside it), and the charts are for the screen.
    printed_charts = False
    if spec.charts:
        charts_width = max(c.width_cm for c in spec.charts) / CM_PER_WIDTH_UNIT
        scale = min(1.0, PAGE_WIDTH_LANDSCAPE / (sum(widths) + side_width + GAP_WIDTH + charts_width))
        height = sum(heights.get(r, DEFAULT_ROW_HEIGHT) for r in range(HEADER_ROW + 1, max(row, last_row) + 1))
        printed_charts = (scale >= 0.8 and (height + title_height + DEFAULT_ROW_HEIGHT) * scale <= PAGE_HEIGHT_LANDSCAPE
                          and spec.landscape is not False)
        if printed_charts:
            landscape = True
    bottom = max(last_row + len(spec.notes), HEADER_ROW + (len(side.rows) if side else 0))
    right = ncols
    if side:
        right = ncols + 1 + len(side_columns)
    if printed_charts:
        bottom = max(bottom, row - 1)
        right = chart_column - 1 + math.ceil(max(c.width_cm for c in spec.charts) / DEFAULT_COLUMN_CM)
    return _Layout(widths=widths, side_widths=[c.width for c in side_columns], landscape=landscape,
                   title_height=title_height,
                   header_height=row_height(header_lines) if header_lines > 1 else None, heights=heights,
                   last_row=last_row, chart_column=chart_column, chart_anchors=anchors,
                   print_area=f"A1:{_col_letter(right)}{bottom}")


# ----- writing: openpyxl's write-only mode, one styled cell per column reused row after row -----

_BODY_STYLES = {  # (kind of cell) → (named style, number format, alignment)
    "text": ("表格文字", "@", "left"),
    "int": ("表格整数", "0", "right"),
    "number": ("表格数值", "General", "right"),
    "date": ("表格日期", DATE_FORMAT, "right"),
    "percent": ("表格百分比", PERCENT_FORMAT, "right"),
    "other": ("表格说明", "@", "right"),  # "—" in a rate column
    "empty": ("表格空白", "General", None),
}


class _NamedStyles:
    """The named styles of a workbook (one per kind of cell), registered once."""

    def __init__(self, book):
        from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

        thin = Side(style="thin", color="808080")
        border = Border(left=thin, right=thin, top=thin, bottom=thin)
        body = Font(name="宋体", size=11)
        aligned = {
            "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
            "left": Alignment(horizontal="left", vertical="center", wrap_text=True),
            "right": Alignment(horizontal="right", vertical="center"),
        }
        styles = [
            NamedStyle("表格标题", font=Font(name="宋体", size=16, bold=True), alignment=aligned["center"]),
            NamedStyle("表格表头", font=Font(name="宋体", size=11, bold=True), border=border, alignment=aligned["center"],
                       fill=PatternFill("solid", fgColor=HEADER_FILL)),
            NamedStyle("表格注释", font=Font(name="宋体", size=10), number_format="@",
                       alignment=Alignment(horizontal="left", vertical="top", wrap_text=True)),
        ]
        for name, number_format, align in _BODY_STYLES.values():
            style = NamedStyle(name, font=body, border=border, number_format=number_format)
            if align:
                style.alignment = aligned[align]
            styles.append(style)
        for style in styles:
            book.add_named_style(style)


_EXCEL_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")


def cell_text(value: str) -> str:
    """Text as it must be stored so Excel (and every reader) shows it as written: control characters removed,
    and a literal `_x0041_` — Excel's own escape for a character, which Excel and python-calamine would show as
    `A` — escaped as `_x005F_x0041_`."""
    value = without_control_characters(value)
    return _EXCEL_ESCAPE.sub(r"_x005F_\1", value) if "_x" in value else value


def never_formula(cell) -> None:
    """Text is text: a value such as =HYPERLINK(…) or =cmd|' /C calc'!A0 from a record is written as a string,
    never as a formula Excel would evaluate (openpyxl makes any text starting with = a formula)."""
    if cell.data_type == "f":
        cell.data_type = "s"


def _styled_cell(ws, style: str, column: int, value: object = None):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, cell_text(value) if isinstance(value, str) else value)
    never_formula(cell)
    cell.style = style
    cell.column = column
    return cell


def _sheet_class():
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    class PreparedRowsSheet(WriteOnlyWorksheet):
        """A write-only sheet fed with finished cells (column and style set), so a row costs no new objects.

        openpyxl's own append() makes a new cell for every styled value; here each column keeps a few
        styled cells and only their values change from row to row (each row is written before the next).
        """

        def _values_to_row(self, cells, row_idx):
            for cell in cells:
                cell.row = row_idx
                yield cell

    return PreparedRowsSheet


class _Prototypes:
    """For one column: a styled cell per kind of value, reused row after row."""

    __slots__ = ("kind", "main", "other", "empty")

    def __init__(self, ws, kind: str, column: int):
        self.kind = kind
        self.main = _styled_cell(ws, _BODY_STYLES[kind][0], column)
        self.other = _styled_cell(ws, _BODY_STYLES["other"][0], column)
        self.empty = _styled_cell(ws, _BODY_STYLES["empty"][0], column)

    def cell(self, value: object):
        if value is None:
            return self.empty
        kind = self.kind
        if kind == "text":
            if not isinstance(value, str):
                value = str(value) if not isinstance(value, _dt.date) else value.isoformat()
            cell = self.main
        elif kind == "date":
            if isinstance(value, _dt.datetime):
                value = value.date()
            cell = self.main if isinstance(value, _dt.date) else self.other
        elif kind == "int":
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            cell = self.main if isinstance(value, (int, float)) else self.other
        else:
            cell = self.main if isinstance(value, (int, float)) else self.other
        if cell is self.other and not isinstance(value, str):
            value = str(value)
        if value.__class__ is str:
            value = cell_text(value)
        cell.value = value
        if cell.data_type == "f":  # text that starts with =: still text
            cell.data_type = "s"
        return cell


def _write_sheet(ws, spec: SheetSpec) -> None:
    from openpyxl.worksheet.cell_range import CellRange

    rows = spec.rows if isinstance(spec.rows, (list, tuple)) else list(spec.rows)
    spec.rows = rows
    columns = spec.column_specs
    ncols = max(len(columns), 1)
    layout = _layout(spec, rows)
    side = spec.side

    # What has to be known before the first row: widths, panes, default row height, page fitting.
    for j, width in enumerate(layout.widths, start=1):
        ws.column_dimensions[_col_letter(j)].width = round(width, 2)
    if side or spec.charts:
        ws.column_dimensions[_col_letter(ncols + 1)].width = GAP_WIDTH
    if side and spec.charts:
        ws.column_dimensions[_col_letter(layout.chart_column - 1)].width = GAP_WIDTH
    for j, width in enumerate(layout.side_widths, start=ncols + 2):
        ws.column_dimensions[_col_letter(j)].width = round(width, 2)
    ws.sheet_format.defaultRowHeight = DEFAULT_ROW_HEIGHT
    ws.sheet_format.customHeight = True
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    _print_setup(ws, landscape=layout.landscape, title_rows=f"{TITLE_ROW}:{HEADER_ROW}")
    ws.print_area = layout.print_area

    ws.row_dimensions[TITLE_ROW].height = layout.title_height
    ws.append([_styled_cell(ws, "表格标题", 1, spec.title)])
    if ncols > 1:
        ws.merged_cells.add(CellRange(min_row=TITLE_ROW, min_col=1, max_row=TITLE_ROW, max_col=ncols))

    if layout.header_height:
        ws.row_dimensions[HEADER_ROW].height = layout.header_height
    header = [_styled_cell(ws, "表格表头", j, c.header) for j, c in enumerate(columns, start=1)]
    if side:
        header += [_styled_cell(ws, "表格表头", j, c.header) for j, c in enumerate(side.column_specs, start=ncols + 2)]
    ws.append(header)

    prototypes = [_Prototypes(ws, c.kind, j) for j, c in enumerate(columns, start=1)]
    side_prototypes = [_Prototypes(ws, c.kind, j) for j, c in enumerate(side.column_specs, start=ncols + 2)] if side else []
    side_rows = list(side.rows) if side else []
    notes = list(spec.notes)
    heights = layout.heights
    total = max(len(rows) + len(notes), len(side_rows))
    width = len(prototypes)
    for i in range(total):
        r = HEADER_ROW + 1 + i
        if r in heights:
            ws.row_dimensions[r].height = heights[r]
        if i < len(rows):
            values = rows[i]
            if len(values) >= width:
                cells = [p.cell(v) for p, v in zip(prototypes, values)]
            else:
                cells = [p.cell(values[j] if j < len(values) else None) for j, p in enumerate(prototypes)]
        elif i < len(rows) + len(notes):
            cells = [_styled_cell(ws, "表格注释", 1, notes[i - len(rows)])]
            if ncols > 1:
                ws.merged_cells.add(CellRange(min_row=r, min_col=1, max_row=r, max_col=ncols))
        else:
            cells = []
        if i < len(side_rows):
            cells += [p.cell(v) for p, v in zip(side_prototypes, side_rows[i])]
        ws.append(cells)

    ws.auto_filter.ref = f"A{HEADER_ROW}:{_col_letter(ncols)}{max(layout.last_row, HEADER_ROW)}"
    for chart, anchor in zip(spec.charts, layout.chart_anchors):
        ws.add_chart(_chart(ws, spec, chart), anchor)


def _reference(ws, spec: SheetSpec, cells: Cells):
    from openpyxl.chart import Reference

    first_column = spec.side_column if cells.side else 1
    return Reference(ws, min_col=first_column + cells.columns[0], max_col=first_column + cells.columns[1],
                     min_row=HEADER_ROW + 1 + cells.rows[0], max_row=HEADER_ROW + 1 + cells.rows[1])


def _chart(ws, spec: SheetSpec, chart: ChartSpec):
    from openpyxl.chart import BarChart, LineChart, PieChart, Series
    from openpyxl.chart.data_source import AxDataSource, StrRef
    from openpyxl.chart.label import DataLabelList

    if chart.kind == "pie":
        made = PieChart()
        made.dataLabels = DataLabelList()
        made.dataLabels.showPercent = True
        made.dataLabels.showCatName = True
        made.dataLabels.showVal = False
        made.dataLabels.showSerName = False
        made.dataLabels.showLeaderLines = True
        made.dataLabels.showLegendKey = False
    elif chart.kind == "line":
        made = LineChart()
    else:
        made = BarChart()
        made.type = "bar" if chart.kind == "bar" else "col"
        made.gapWidth = 60
        if chart.kind == "bar":  # the first category at the top, as in the table, and the values along the bottom
            made.x_axis.scaling.orientation = "maxMin"
            made.y_axis.crosses = "max"
        made.x_axis.tickLblSkip = 1  # every category named, in 9 pt so that they fit
        made.x_axis.txPr = _text_size(900)
        if len(chart.values) > 1:
            made.grouping = "clustered"
    if chart.kind != "pie":
        made.x_axis.delete = False
        made.y_axis.delete = False
        if chart.axis_title:
            made.y_axis.title = chart.axis_title
        made.legend.position = "b" if len(chart.values) > 1 else made.legend.position
        if len(chart.values) == 1:
            made.legend = None
    else:
        made.legend = None  # the labels name the slices
    for index, cells in enumerate(chart.values):
        name = chart.names[index] if index < len(chart.names) else None
        made.append(Series(_reference(ws, spec, cells), title=name))
    # Categories are names (text): a string reference, which Excel shows as they are (set_categories makes a
    # numeric one).
    categories = str(_reference(ws, spec, chart.categories))
    for series in made.series:
        series.cat = AxDataSource(strRef=StrRef(f=categories))
    made.title = chart.title
    made.width, made.height = chart.width_cm, chart.height_cm
    return made


def _text_size(hundredths: int):
    from openpyxl.chart.text import RichText
    from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties

    size = CharacterProperties(sz=hundredths)
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=size), endParaRPr=size)])


def write_table_workbook(path: str | os.PathLike, sheets: Sequence[SheetSpec]) -> Path:
    """Write one styled sheet per SheetSpec (merged title, bold bordered header, formats, row heights where
    text wraps, notes under the table, a small table and charts beside it, print setup)."""
    def save(target: Path) -> None:
        # Built inside the save: a write-only workbook streams its rows as they come, so nothing is
        # started before the temporary file exists.
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        _NamedStyles(book)
        sheet_class = _sheet_class()
        used: set[str] = set()
        for spec in sheets:
            ws = sheet_class(parent=book, title=_safe_sheet_name(spec.name or spec.title, used))
            book._add_sheet(ws)
            _write_sheet(ws, spec)
        if not sheets:
            book.create_sheet("Sheet")
        book.save(target)

    return save_atomically(path, save)


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
            if isinstance(value, str):
                value = cell_text(value)
            cell = ws.cell(row=excel_row, column=j + 1, value=value)
            never_formula(cell)
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
            lines = line_count(text, MAX_WIDTH)
            if lines > 1:  # as tall as its wrapped problems: LibreOffice keeps a row one line high, and the
                # text of a taller cell, centred, ran over the rows above and below it
                ws.row_dimensions[excel_row].height = row_height(lines)
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
