"""WordprocessingML pieces built directly as XML: runs in the right font slots, and bordered tables.

Both the document builder (official_doc) and the template renderer (docx_template) use `XmlWriter`,
so a table filled into an office's template looks exactly like one in a document built in code.
Column widths come from the content (`fit_widths_to_content`): dates, numbers and short names get
the room they need on one line, and long text (案由, 议题) takes the rest and wraps.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Iterable, Sequence

from desktop_app.fileio.doc_fonts import FontSet, split_by_font
from desktop_app.fileio.title_lines import text_width

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

SIZE_SI = 14.0  # 四号
SIZE_XIAO_SI = 12.0  # 小四
TEXT_WIDTH_MM = 156  # 版心 width of GB/T 9704 (210 − 28 − 26)
TEXT_HEIGHT_MM = 225  # 版心 height (297 − 37 − 35)
CELL_PADDING_MM = 3.4  # left + right cell margins (85 twips each) and a little air
PT_TO_MM = 25.4 / 72


def mm_to_twips(mm: float) -> int:
    return int(round(mm * 1440 / 25.4))


_PROTOTYPES: dict = {}  # tag → an empty element of python-docx's class for it, copied by el()
_ATTRIBUTE_NAMES: dict[str, str] = {}


def el(tag: str, **attrs: object):
    """A `w:` element with `w:` attributes.

    Copied from a prototype (python-docx's element class kept): a third of the time of building each
    one, which a table of a thousand cells feels.
    """
    proto = _PROTOTYPES.get(tag)
    if proto is None:
        from docx.oxml import OxmlElement

        proto = _PROTOTYPES[tag] = OxmlElement(tag)
    element = proto.__copy__()
    for key, value in attrs.items():
        name = _ATTRIBUTE_NAMES.get(key)
        if name is None:
            from docx.oxml.ns import qn

            name = _ATTRIBUTE_NAMES[key] = qn(f"w:{key}")
        element.set(name, str(value))
    return element


def rfonts(font: str):
    return el("w:rFonts", ascii=font, hAnsi=font, eastAsia=font, cs=font, hint="eastAsia")


def half_points(size_pt: float) -> str:
    return str(int(round(size_pt * 2)))


@dataclass(frozen=True)
class FormCell:
    """One cell of a form table: text (\\n starts a new paragraph), spanning `span` grid columns."""

    text: str = ""
    span: int = 1
    bold: bool = False
    align: str | None = None  # left / center / right; default: center for short text, left for long
    valign: str = "center"  # top / center / bottom
    height_mm: float | None = None  # minimum height of the row (the largest in the row wins)


# As printed, not as counted: digits and Latin letters are drawn up to 0.64 em wide where 仿宋_GB2312 is
# missing (LibreOffice's fallback DejaVu Sans: 0.636 em), and Word and LibreOffice put about ¼ em of
# space where Chinese meets digits or Latin letters (2026年4月15日 has five such places).
SET_ASCII_EM = 0.64
SET_SCRIPT_GAP_EM = 0.25


def _set_width(line: str) -> float:
    """Width of one line in em as a word processor sets it in a table cell (see SET_ASCII_EM)."""
    width, gaps, previous = 0.0, 0, None
    for ch in line:
        latin = ch.isascii()
        width += SET_ASCII_EM if latin else 1.0
        kind = "latin" if latin and ch.isalnum() else ("cjk" if "\u3400" <= ch <= "\u9fff" else None)
        if kind and previous and kind != previous:
            gaps += 1
        previous = kind  # punctuation and spaces take no extra space on either side
    return width + gaps * SET_SCRIPT_GAP_EM


def _line_width_mm(text: str, font_size: float) -> float:
    """Width of the longest line of `text` set in `font_size` points, cell padding included."""
    widest = max((_set_width(line) for line in text.split("\n")), default=0.0)
    return widest * font_size * PT_TO_MM + CELL_PADDING_MM


# A column whose longest cell is at most this many characters never wraps (dates, names, numbers, 张三等3人).
NOWRAP_CHARS = 11.5


def fit_widths_to_content(headers: Sequence[str], rows: Sequence[Sequence[str]], font_size: float,
                          total_mm: float = TEXT_WIDTH_MM) -> list[float]:
    """Column widths (mm) that fill `total_mm`: short columns on one line, long text sharing the rest.

    A header wider than its column's content may wrap onto two lines rather than widen the column.
    """
    cols = len(headers)
    if cols == 0:
        raise ValueError("a table needs at least one column")
    content = [max((_line_width_mm(str(row[c]), font_size) for row in rows), default=CELL_PADDING_MM)
               for c in range(cols)]
    header = [_line_width_mm(str(h), font_size) for h in headers]
    # A header may take two lines, so it asks for half its width (plus padding) unless content is wider;
    # one of up to three characters (序号, 案号) stays whole: broken it reads one character a line.
    need = [max(content[c], header[c] if len(str(headers[c])) <= 3 else
                (header[c] - CELL_PADDING_MM) / 2 + CELL_PADDING_MM + font_size * PT_TO_MM / 2)
            for c in range(cols)]
    limit = NOWRAP_CHARS * font_size * PT_TO_MM + CELL_PADDING_MM
    wrappable = [c for c in range(cols) if content[c] > limit]
    fixed = sum(need[c] for c in range(cols) if c not in wrappable)
    if not wrappable:
        if fixed >= total_mm:
            return [n * total_mm / fixed for n in need]
        spare = total_mm - fixed
        # Spread the spare room evenly, so the table is the full text width and no column looks starved.
        return [n + spare * n / fixed for n in need]
    room = total_mm - fixed
    floor = 6 * font_size * PT_TO_MM + CELL_PADDING_MM  # a wrapping column keeps at least six characters
    if room < floor * len(wrappable):
        # Too many columns for the page: every column shrinks in proportion (some short ones wrap).
        need = [max(n, floor) if c in wrappable else n for c, n in enumerate(need)]
        whole = sum(need)
        return [n * total_mm / whole for n in need]
    asked = sum(need[c] for c in wrappable)
    widths = list(need)
    if asked <= room:  # everything fits on one line: the spare goes to the text columns
        for c in wrappable:
            widths[c] = need[c] + (room - asked) * need[c] / asked
        return widths
    for c in wrappable:
        widths[c] = room * need[c] / asked
    # A column squeezed under the floor takes it from the widest text column.
    short = [c for c in wrappable if widths[c] < floor]
    for c in short:
        widest = max(wrappable, key=lambda k: widths[k])
        give = floor - widths[c]
        widths[widest] -= give
        widths[c] = floor
    return widths


def scale_widths(widths_mm: Sequence[float] | None, cols: int, total_mm: float = TEXT_WIDTH_MM) -> list[float]:
    """Given widths (mm), scaled down to `total_mm` when they would overflow; equal columns when none."""
    if cols <= 0:
        raise ValueError("a table needs at least one column")
    if widths_mm is None:
        return [total_mm / cols] * cols
    if len(widths_mm) != cols:
        raise ValueError(f"{len(widths_mm)} widths for {cols} columns")
    total = sum(widths_mm)
    scale = total_mm / total if total > total_mm else 1.0
    return [w * scale for w in widths_mm]


BODY_CHAR_PT = 15.75  # a 三号 character with the −0.25 pt spacing of the body styles
BODY_LINE_CHARS = 28


def signature_layout(names: Sequence[str], date_text: str) -> tuple[float, float]:
    """落款 per GB/T 9704 §7.3.5.2: (right indent of the issuer's name, left indent of the date), in points.

    The name stands two characters in from the right; the date's first character stands two characters
    right of the name's first character. The date is placed from the left so that its position does not
    depend on how wide a font draws its digits. When the date would then run past two characters from the
    right edge, the name moves left until the date fits.
    """
    name_width = max([text_width(n) for n in names] + [0.0])
    date_width = text_width(date_text)
    name_in = 2.0
    overrun = (2 + date_width) - (name_width + name_in - 2)  # the date from name start + 2, against 2 in
    if overrun > 0:
        name_in += overrun
    # Indents are counted in Word's character unit (the 16 pt font size: "右缩进 2 字符"); text advances 15.75 pt.
    line = TEXT_WIDTH_MM / PT_TO_MM
    name_start = line - name_in * 16.0 - name_width * BODY_CHAR_PT
    return name_in * 16.0, name_start + 2 * BODY_CHAR_PT


def indent_element(*, left_pt: float = 0.0, right_pt: float = 0.0, size_pt: float = 16.0):
    """w:ind with the same indents in twips and in character units, so Word and WPS agree with LibreOffice."""
    return el("w:ind", left=str(int(round(left_pt * 20))), leftChars=str(int(round(left_pt / size_pt * 100))),
              right=str(int(round(right_pt * 20))), rightChars=str(int(round(right_pt / size_pt * 100))),
              firstLine="0", firstLineChars="0")


def _tc_pr(width: int, span: int, valign: str):
    tc_pr = el("w:tcPr")  # schema order: tcW, gridSpan, vAlign
    tc_pr.append(el("w:tcW", w=str(width), type="dxa"))
    if span > 1:
        tc_pr.append(el("w:gridSpan", val=str(span)))
    tc_pr.append(el("w:vAlign", val=valign))
    return tc_pr


def _p_pr(style_id: str, jc: str, keep_next: bool):
    p_pr = el("w:pPr")
    p_pr.append(el("w:pStyle", val=style_id))
    if keep_next:
        p_pr.append(el("w:keepNext"))
    p_pr.append(el("w:jc", val=jc))
    return p_pr


def estimated_height_mm(rows: Sequence[Sequence[str]], widths_mm: Sequence[float], font_size: float,
                        row_height_mm: float | None = None) -> float:
    """About how tall the table prints: lines per row from the text and the column widths."""
    line = font_size * 1.3 * PT_TO_MM + 1.0
    total = 0.0
    for row in rows:
        lines = 1
        for text, width in zip(row, widths_mm):
            usable = max(width - CELL_PADDING_MM, 1.0)
            for piece in str(text).split("\n") or [""]:
                chars_per_line = max(usable / (font_size * PT_TO_MM), 1.0)
                lines = max(lines, int(-(-text_width(piece) // chars_per_line)) or 1)
        total += max(lines * line, row_height_mm or 0.0)
    return total


class XmlWriter:
    """Runs and tables as lxml elements, with the font set's typefaces in every slot.

    Keeps caches of property elements (a long table repeats the same few thousands of times), so make
    one per document and use it on the thread that writes the file.
    """

    def __init__(self, fonts: FontSet | None = None):
        self.fonts = fonts or FontSet.standard()
        self._cache: dict[tuple, object] = {}

    def font(self, role: str) -> str:
        return getattr(self.fonts, role)

    # -- runs -----------------------------------------------------------------------------------
    def run(self, text: str, font: str, *, size: float | None, bold: bool = False, highlight: str | None = None,
            underline: bool = False, color: str | None = None):
        """A w:r element: a cached rPr (copied) and the text; \\n becomes a line break."""
        key = ("rPr", font, size, bold, highlight, underline, color)
        rpr = self._cache.get(key)
        if rpr is None:
            rpr = el("w:rPr")
            rpr.append(rfonts(font))  # schema order: rFonts, b, bCs, color, sz, szCs, highlight, u
            if bold:
                rpr.append(el("w:b"))
                rpr.append(el("w:bCs"))
            if color:
                rpr.append(el("w:color", val=color))
            if size is not None:
                rpr.append(el("w:sz", val=half_points(size)))
                rpr.append(el("w:szCs", val=half_points(size)))
            if highlight:
                rpr.append(el("w:highlight", val=highlight))
            if underline:
                rpr.append(el("w:u", val="single"))
            self._cache[key] = rpr
        r = el("w:r")
        r.append(copy.deepcopy(rpr))
        for number, line in enumerate(text.split("\n")):
            if number:
                r.append(el("w:br"))
            if line:
                t = el("w:t")
                t.set(XML_SPACE, "preserve")
                t.text = line
                r.append(t)
        return r

    def add_text(self, paragraph, text: str, *, role: str, size: float | None = None, bold: bool = False,
                 highlight: str | None = None, underline: bool = False, color: str | None = None) -> None:
        """Append runs for `text` to a w:p (or a python-docx Paragraph); GBK characters get a fallback font."""
        font = self.font(role)
        p = paragraph._p if hasattr(paragraph, "_p") else paragraph
        for piece, piece_font in split_by_font(text, font, self.fonts.fallback_for(font)):
            p.append(self.run(piece, piece_font, size=size, bold=bold, highlight=highlight, underline=underline,
                              color=color))

    def cached(self, key: tuple, make):
        """A copy of a property element built once per key."""
        element = self._cache.get(key)
        if element is None:
            element = self._cache[key] = make()
        return copy.deepcopy(element)

    # -- tables ---------------------------------------------------------------------------------
    def table(self, headers: Sequence[str], rows: Iterable[Sequence[object]], widths_mm: Sequence[float] | None = None,
              *, font_size: float = SIZE_SI, aligns: Sequence[str | None] | None = None,
              row_height_mm: float | None = None, keep_together: bool | None = None, keep_with_next: bool = False):
        """A bordered table with the header row repeated on every page; returns the w:tbl element.

        Without `widths_mm` the columns are sized from the content. `keep_together` (default: when the
        table fits on one page) keeps it on one page; `keep_with_next` keeps its last row with the paragraph
        after it (a 落款 never stands alone on a page). `aligns` per column: left/center/right.
        """
        rows = [["" if v is None else str(v) for v in row] for row in rows]
        headers = [str(h) for h in headers]
        cols = len(headers)
        for number, row in enumerate(rows, 1):
            if len(row) != cols:
                raise ValueError(f"row {number} has {len(row)} cells, the table has {cols} columns")
        mm = (fit_widths_to_content(headers, rows, font_size) if widths_mm is None
              else scale_widths(widths_mm, cols))
        widths = [mm_to_twips(w) for w in mm]
        if aligns is None:
            aligns = ["left" if any(text_width(r[c]) > max(8.0, (mm[c] - CELL_PADDING_MM) / (font_size * PT_TO_MM))
                                    for r in rows) else "center" for c in range(cols)]
        if keep_together is None:
            keep_together = estimated_height_mm([headers] + rows, mm, font_size, row_height_mm) < TEXT_HEIGHT_MM * 0.9
        tbl = self._new_table(widths)
        last = len(rows)
        self._add_row(tbl, [FormCell(h, align="center") for h in headers], widths, font_size, header=True,
                      height_mm=row_height_mm, keep_next=keep_together and last > 0)
        for index, row in enumerate(rows, 1):
            cells = [FormCell(text, align=aligns[c] or "center") for c, text in enumerate(row)]
            self._add_row(tbl, cells, widths, font_size, height_mm=row_height_mm,
                          keep_next=(keep_together and index < last) or (keep_with_next and index == last))
        return tbl

    def form_table(self, rows: Sequence[Sequence[FormCell | str | None]], widths_mm: Sequence[float], *,
                   font_size: float = SIZE_SI, header_rows: int = 0, keep_together: bool = False):
        """A bordered form (提案表, 测评表): cells may span columns; rows may have a minimum height."""
        widths = [mm_to_twips(w) for w in scale_widths(widths_mm, len(widths_mm))]
        tbl = self._new_table(widths)
        for index, row in enumerate(rows):
            cells = [c if isinstance(c, FormCell) else FormCell("" if c is None else str(c)) for c in row]
            if sum(c.span for c in cells) != len(widths):
                raise ValueError(f"form row {index + 1} spans {sum(c.span for c in cells)} of {len(widths)} columns")
            self._add_row(tbl, cells, widths, font_size, header=index < header_rows, form=True,
                          keep_next=keep_together and index < len(rows) - 1)
        return tbl

    def _new_table(self, widths: list[int]):
        tbl = el("w:tbl")
        tbl.append(self.cached(("tblPr", sum(widths)), lambda: _tbl_pr(sum(widths))))
        grid = el("w:tblGrid")
        for width in widths:
            grid.append(el("w:gridCol", w=str(width)))
        tbl.append(grid)
        return tbl

    def _add_row(self, tbl, cells: Sequence[FormCell], widths: list[int], font_size: float, *, header: bool = False,
                 form: bool = False, height_mm: float | None = None, keep_next: bool = False) -> None:
        tr = el("w:tr")
        tr_pr = el("w:trPr")
        tr_pr.append(el("w:cantSplit"))
        heights = [c.height_mm for c in cells if c.height_mm] + ([height_mm] if height_mm else [])
        if heights:
            tr_pr.append(el("w:trHeight", val=str(mm_to_twips(max(heights))), hRule="atLeast"))
        if header:
            tr_pr.append(el("w:tblHeader"))
        tr.append(tr_pr)
        style_id = "GwTableHead" if header and not form else "GwTableText"
        role = "hei" if header and not form else "body"
        column = 0
        for cell in cells:
            width = sum(widths[column: column + cell.span])
            column += cell.span
            tc = el("w:tc")
            tc.append(self.cached(("tcPr", width, cell.span, cell.valign), lambda: _tc_pr(width, cell.span, cell.valign)))
            align = cell.align or ("left" if form and text_width(cell.text) > 24 else "center")
            jc = {"left": "both", "center": "center", "right": "right"}.get(align, align)
            for line in cell.text.split("\n"):
                p = el("w:p")
                p.append(self.cached(("pPr", style_id, jc, keep_next), lambda: _p_pr(style_id, jc, keep_next)))
                if line:
                    self.add_text(p, line, role=role, size=font_size, bold=cell.bold)
                tc.append(p)
            tr.append(tc)
        tbl.append(tr)


def _tbl_pr(total_width: int):
    tbl_pr = el("w:tblPr")
    tbl_pr.append(el("w:tblW", w=str(total_width), type="dxa"))
    tbl_pr.append(el("w:jc", val="center"))
    borders = el("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(el(f"w:{side}", val="single", sz="4", space="0", color="000000"))
    tbl_pr.append(borders)
    tbl_pr.append(el("w:tblLayout", type="fixed"))
    margins = el("w:tblCellMar")
    margins.append(el("w:top", w="28", type="dxa"))
    margins.append(el("w:left", w="85", type="dxa"))
    margins.append(el("w:bottom", w="28", type="dxa"))
    margins.append(el("w:right", w="85", type="dxa"))
    tbl_pr.append(margins)
    tbl_pr.append(el("w:tblLook", val="0000", firstRow="0", lastRow="0", firstColumn="0", lastColumn="0",
                     noHBand="1", noVBand="1"))
    return tbl_pr
