"""Word documents in the national official-document format (GB/T 9704-2012 《党政机关公文格式》).

`OfficialDocument` wraps python-docx and writes every element the way reports.md fixes it:
A4, margins 37/35/28/26 mm, 22 lines of 28 characters (exact 28.95 pt lines and −0.25 pt
character spacing), 二号 小标宋 title, 三号 仿宋 body, 黑体/楷体 headings, `— 1 —` page numbers
alternating right/left, tables with a repeated header row. Fonts are written into every
slot (`w:eastAsia` included) of every style and run, so Word and WPS never fall back to a
Latin or Japanese theme font.

No Qt and no database here: callers hand in plain values and get a file.
"""
from __future__ import annotations

import copy
import datetime as _dt
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from desktop_app.domain.cn_format import format_cn_date
from desktop_app.fileio.atomic_save import save_atomically
from desktop_app.fileio.doc_fonts import ALT_NAMES, FontSet, chars_outside_gb2312
from desktop_app.fileio.docx_xml import FormCell, XmlWriter, el, half_points, mm_to_twips, indent_element, rfonts, signature_layout
from desktop_app.fileio.title_lines import TITLE_MAX_CHARS, balance_title_lines

# --- sizes (points) ---------------------------------------------------------------------------
SIZE_ER = 22.0  # 二号
SIZE_SAN = 16.0  # 三号
SIZE_XIAO_SAN = 15.0  # 小三
SIZE_SI = 14.0  # 四号
SIZE_XIAO_SI = 12.0  # 小四
SIZE_WU = 10.5  # 五号

# --- page (GB/T 9704-2012 §5.2) ---------------------------------------------------------------
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 37, 35, 28, 26
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 156
LINE_TWIPS = 579  # exactly 28.95 pt: 22 lines in the 225 mm text area (29 pt gives 21)
CHAR_SPACING_TWENTIETHS = -5  # −0.25 pt: 28 characters of 三号 in 156 mm
PAGE_NUMBER_GAP_MM = 7  # the dash of the page number sits about 7 mm below the text area

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


__all__ = [
    "OfficialDocument", "FontSet", "FormCell", "balance_title_lines", "chars_outside_gb2312", "save_docx",
    "heading_level", "mm_to_twips", "SIZE_ER", "SIZE_SAN", "SIZE_XIAO_SAN", "SIZE_SI", "SIZE_XIAO_SI", "SIZE_WU",
]


_el = el
_rfonts = rfonts
_half_points = half_points


@dataclass(frozen=True)
class _StyleSpec:
    style_id: str
    name: str
    font_role: str
    size: float
    based_on: str = "Normal"
    jc: str | None = None
    exact_line: bool = True
    first_line_chars: int = 0  # hundredths of a character
    left_chars: int = 0
    right_chars: int = 0
    bold: bool = False
    char_spacing: bool = True
    keep_next: bool = False
    outline: int | None = None
    widow_control: bool = False


_BODY = dict(font_role="body", size=SIZE_SAN, jc="both", first_line_chars=200)
STYLE_SPECS: tuple[_StyleSpec, ...] = (
    _StyleSpec("GwTitle", "公文标题", "title", SIZE_ER, jc="center", char_spacing=False, keep_next=True),
    _StyleSpec("GwSubtitle", "公文副标题", "kai", SIZE_SAN, jc="center", keep_next=True),
    _StyleSpec("GwBody", "公文正文", **_BODY),
    _StyleSpec("GwSalutation", "公文主送", "body", SIZE_SAN, jc="both"),
    _StyleSpec("GwCentered", "公文居中", "body", SIZE_SAN, jc="center"),
    _StyleSpec("GwHeading1", "公文一级标题", "hei", SIZE_SAN, jc="both", first_line_chars=200, keep_next=True, outline=0),
    _StyleSpec("GwHeading2", "公文二级标题", "kai", SIZE_SAN, jc="both", first_line_chars=200, keep_next=True, outline=1),
    _StyleSpec("GwHeading3", "公文三级标题", "body", SIZE_SAN, jc="both", first_line_chars=200, bold=True, keep_next=True, outline=2),
    _StyleSpec("GwHeading4", "公文四级标题", "body", SIZE_SAN, jc="both", first_line_chars=200, keep_next=True, outline=3),
    _StyleSpec("GwSignature", "公文落款", "body", SIZE_SAN, jc="right", right_chars=200),
    _StyleSpec("GwDate", "公文成文日期", "body", SIZE_SAN, jc="right", right_chars=400),
    _StyleSpec("GwTableText", "公文表格文字", "body", SIZE_SI, jc="center", exact_line=False, char_spacing=False, widow_control=True),
    _StyleSpec("GwTableHead", "公文表头", "hei", SIZE_SI, jc="center", exact_line=False, char_spacing=False, widow_control=True),
    _StyleSpec("GwFigure", "公文图片", "body", SIZE_SAN, jc="center", exact_line=False, char_spacing=False),
    _StyleSpec("GwPageNumber", "公文页码", "song", SIZE_SI, exact_line=False, char_spacing=False, widow_control=True),
)
_SPEC_BY_ID = {s.style_id: s for s in STYLE_SPECS}


class OfficialDocument:
    """A Word document in GB/T 9704 layout. Add elements in reading order, then `save(path)`.

    Not thread-bound: build it on the worker that writes the file.
    """

    def __init__(self, *, fonts: FontSet | None = None, title: str = "", author: str = ""):
        import docx

        self.fonts = fonts or FontSet.standard()
        self._doc = docx.Document()
        self._page_numbers = False
        self._xml = XmlWriter(self.fonts)
        self._set_up_page()
        self._set_up_styles()
        self._set_up_package(title=title, author=author)

    # -- setup ----------------------------------------------------------------------------------
    @property
    def docx(self):
        """The python-docx Document underneath, for the rare element this class does not offer."""
        return self._doc

    def _font(self, role: str) -> str:
        return getattr(self.fonts, role)

    def _set_up_page(self) -> None:
        from docx.shared import Mm

        section = self._doc.sections[0]
        section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
        section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
        section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
        section.gutter = Mm(0)
        section.header_distance = Mm(15)
        # The footer's bottom edge sits so that the dash line is ~7 mm under the text area.
        section.footer_distance = Mm(MARGIN_BOTTOM_MM - PAGE_NUMBER_GAP_MM - 2.8)
        sect_pr = section._sectPr
        grid = sect_pr.find(f"{{{_W_NS}}}docGrid")
        if grid is None:
            grid = _el("w:docGrid")
            sect_pr.append(grid)
        for key in list(grid.attrib):
            del grid.attrib[key]
        # Line pitch of the 22-line grid. No character grid: −0.25 pt spacing on the body styles
        # already fits 28 characters, and a typed grid would also stretch every table row.
        grid.set(f"{{{_W_NS}}}linePitch", str(LINE_TWIPS))

    def _set_up_styles(self) -> None:
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls, qn

        styles = self._doc.styles.element
        body_font = self._font("body")
        # Defaults: every slot explicit (no theme fonts), Chinese language, no 1.15 spacing.
        doc_defaults = styles.find(qn("w:docDefaults"))
        doc_defaults.getparent().replace(
            doc_defaults,
            parse_xml(
                f"<w:docDefaults {nsdecls('w')}><w:rPrDefault><w:rPr>"
                f'<w:rFonts w:ascii="{body_font}" w:hAnsi="{body_font}" w:eastAsia="{body_font}" w:cs="{body_font}" w:hint="eastAsia"/>'
                f'<w:kern w:val="2"/><w:sz w:val="32"/><w:szCs w:val="32"/>'
                f'<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
                f"</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
                f'<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
                f"</w:pPr></w:pPrDefault></w:docDefaults>"
            ),
        )
        # Normal: the fonts only. Indent and exact spacing live on the body styles, never here,
        # so table cells, headers and footers do not inherit them (docs/performance.md, "Word and Excel files").
        normal = self._doc.styles["Normal"].element
        for child in list(normal):
            if child.tag in (qn("w:pPr"), qn("w:rPr")):
                normal.remove(child)
        normal.append(parse_xml(f'<w:pPr {nsdecls("w")}><w:jc w:val="both"/></w:pPr>'))
        rpr = _el("w:rPr")
        rpr.append(_rfonts(body_font))
        rpr.append(_el("w:sz", val="32"))
        rpr.append(_el("w:szCs", val="32"))
        normal.append(rpr)
        for spec in STYLE_SPECS:
            styles.append(self._style_element(spec))

    def _style_element(self, spec: _StyleSpec):
        style = _el("w:style", type="paragraph", customStyle="1", styleId=spec.style_id)
        style.append(_el("w:name", val=spec.name))
        style.append(_el("w:basedOn", val=spec.based_on))
        style.append(_el("w:next", val="GwBody" if spec.style_id.startswith(("GwHeading", "GwSal")) else spec.style_id))
        style.append(_el("w:qFormat"))
        ppr = _el("w:pPr")
        if spec.keep_next:
            ppr.append(_el("w:keepNext"))
            ppr.append(_el("w:keepLines"))
        ppr.append(_el("w:widowControl", val="1" if spec.widow_control else "0"))
        if spec.exact_line:
            ppr.append(_el("w:spacing", before="0", after="0", line=str(LINE_TWIPS), lineRule="exact"))
        else:
            ppr.append(_el("w:spacing", before="0", after="0", line="240", lineRule="auto"))
        char_twips = int(round(spec.size * 20))
        ind = {
            "left": str(spec.left_chars * char_twips // 100),
            "leftChars": str(spec.left_chars),
            "right": str(spec.right_chars * char_twips // 100),
            "rightChars": str(spec.right_chars),
            "firstLine": str(spec.first_line_chars * char_twips // 100),
            "firstLineChars": str(spec.first_line_chars),
        }
        ppr.append(_el("w:ind", **ind))
        if spec.jc:
            ppr.append(_el("w:jc", val=spec.jc))
        if spec.outline is not None:
            ppr.append(_el("w:outlineLvl", val=str(spec.outline)))
        style.append(ppr)
        rpr = _el("w:rPr")
        rpr.append(_rfonts(self._font(spec.font_role)))
        if spec.bold:
            rpr.append(_el("w:b"))
            rpr.append(_el("w:bCs"))
        if spec.char_spacing:
            rpr.append(_el("w:spacing", val=str(CHAR_SPACING_TWENTIETHS)))
        rpr.append(_el("w:sz", val=_half_points(spec.size)))
        rpr.append(_el("w:szCs", val=_half_points(spec.size)))
        style.append(rpr)
        return style

    def _set_up_package(self, *, title: str, author: str) -> None:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.oxml.ns import qn

        settings = self._doc.settings.element
        lang = settings.find(qn("w:themeFontLang"))
        if lang is not None:
            lang.set(qn("w:val"), "en-US")
            lang.set(qn("w:eastAsia"), "zh-CN")
        for compat in settings.iter(qn("w:compatSetting")):
            if compat.get(qn("w:name")) == "compatibilityMode":
                compat.set(qn("w:val"), "15")  # Word 2013+: no "compatibility mode" banner
        # Theme: the template names no East Asian theme font and a Japanese one by script.
        for rel in self._doc.part.rels.values():
            part = rel.target_part if not rel.is_external else None
            if part is None:
                continue
            if rel.reltype == RT.THEME and hasattr(part, "_blob"):
                part._blob = part.blob.replace(b'<a:ea typeface=""/>', '<a:ea typeface="宋体"/>'.encode())
            elif rel.reltype == RT.FONT_TABLE and hasattr(part, "_blob"):
                part._blob = self._font_table(part.blob)
        now = _dt.datetime.now().replace(microsecond=0)
        core = self._doc.core_properties
        core.title = title
        core.author = author or "县政协履职工作台"
        core.last_modified_by = author or "县政协履职工作台"
        core.language = "zh-CN"
        core.created = now
        core.modified = now
        core.revision = 1
        core.comments = ""
        core.keywords = ""
        core.subject = ""

    def _font_table(self, blob: bytes) -> bytes:
        from xml.sax.saxutils import quoteattr

        names = []
        for role in ("title", "body", "kai", "hei", "song"):
            name = self._font(role)
            if name not in names:
                names.append(name)
        for name in list(names):
            fallback = self.fonts.fallback_for(name)
            if fallback and fallback not in names:
                names.append(fallback)
        entries = []
        for name in names:
            alt = ALT_NAMES.get(name)
            alt_xml = f"<w:altName w:val={quoteattr(alt)}/>" if alt else ""
            entries.append(
                f"<w:font w:name={quoteattr(name)}>{alt_xml}<w:charset w:val=\"86\"/>"
                f'<w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
            )
        return blob.replace(b"</w:fonts>", "".join(entries).encode("utf-8") + b"</w:fonts>")

    # -- runs -----------------------------------------------------------------------------------
    def _add_text(self, paragraph, text: str, *, role: str, size: float | None = None, bold: bool = False,
                  highlight: str | None = None, underline: bool = False) -> None:
        """Append runs for `text` (\\n becomes a line break) with the role's font in every slot."""
        self._xml.add_text(paragraph, text, role=role, size=size, bold=bold, highlight=highlight, underline=underline)

    def _run(self, text: str, font: str, *, size: float | None, bold: bool = False, highlight: str | None = None,
             underline: bool = False):
        return self._xml.run(text, font, size=size, bold=bold, highlight=highlight, underline=underline)

    def _format_run(self, run, font: str, *, size: float | None, bold: bool = False) -> None:
        rpr = run._r.get_or_add_rPr()
        rpr.getparent().replace(rpr, copy.deepcopy(self._run("", font, size=size, bold=bold)[0]))

    def _paragraph(self, style_id: str, text: str = "", *, bold: bool = False, highlight: str | None = None):
        paragraph = self._doc.add_paragraph(style=self._doc.styles.get_by_id(style_id, _paragraph_type()))
        if text:
            spec = _SPEC_BY_ID[style_id]
            self._add_text(paragraph, text, role=spec.font_role, size=spec.size, bold=bold or spec.bold, highlight=highlight)
        return paragraph

    # -- elements -------------------------------------------------------------------------------
    def title(self, text: str | Sequence[str], *, max_chars: int = TITLE_MAX_CHARS):
        """二号 小标宋 title, centred; a long one is broken into balanced lines (or give the lines)."""
        lines = list(text) if not isinstance(text, str) else balance_title_lines(text, max_chars)
        if not self._doc.core_properties.title:
            self._doc.core_properties.title = "".join(lines)
        return self._paragraph("GwTitle", "\n".join(lines))

    def subtitle(self, text: str):
        """A centred 楷体 line under the title: `——在政协……会议上`, the speaker's name."""
        return self._paragraph("GwSubtitle", text)

    def heading1(self, text: str):
        """一级标题 `一、……`: 三号 黑体."""
        return self._paragraph("GwHeading1", text)

    def heading2(self, text: str):
        """二级标题 `（一）……`: 三号 楷体."""
        return self._paragraph("GwHeading2", text)

    def heading3(self, text: str):
        """三级标题 `1.……`: 三号 仿宋, bold (office preset)."""
        return self._paragraph("GwHeading3", text)

    def heading4(self, text: str):
        """四级标题 `（1）……`: 三号 仿宋."""
        return self._paragraph("GwHeading4", text)

    def paragraph(self, text: str = "", *, lead: str | None = None):
        """Body text: 三号 仿宋, first line indented two characters; `lead` is a bold run-in heading."""
        paragraph = self._paragraph("GwBody")
        if lead:
            self._add_text(paragraph, lead, role="body", size=SIZE_SAN, bold=True)
        if text:
            self._add_text(paragraph, text, role="body", size=SIZE_SAN)
        return paragraph

    def paragraphs(self, text: str) -> None:
        """Body text of several paragraphs (one a line); lines like `一、` `（一）` `1.` become headings."""
        for line in text.splitlines():
            line = line.strip()
            if not line:
                continue
            level = heading_level(line)
            if level == 1:
                self.heading1(line)
            elif level == 2:
                self.heading2(line)
            elif level == 3:
                self.heading3(line)
            else:
                self.paragraph(line)

    def centred(self, text: str, *, role: str = "body"):
        """A centred line in the body size: a document number, `时间：…　地点：…`."""
        paragraph = self._paragraph("GwCentered")
        self._add_text(paragraph, text, role=role, size=SIZE_SAN)
        return paragraph

    def salutation(self, text: str):
        """主送 line `各位委员：` at the left margin, no indent."""
        return self._paragraph("GwSalutation", text)

    def blank_line(self):
        """An empty body line (空一行)."""
        return self._paragraph("GwBody")

    def date_line(self, value: _dt.date, *, centred: bool = False, brackets: bool = False):
        """The date as `2026年1月16日`: right with four characters in, or centred 楷体 under a subtitle."""
        text = format_cn_date(value)
        if brackets:
            text = f"（{text}）"
        return self._paragraph("GwSubtitle" if centred else "GwDate", text)

    def signature(self, lines: str | Sequence[str], value: _dt.date | None = None):
        """落款: the issuer's name two characters in from the right, the date under it starting two characters
        right of the name's start (GB/T 9704 §7.3.5.2, see docx_xml.signature_layout)."""
        from docx.oxml.ns import qn

        names = [lines] if isinstance(lines, str) else list(lines)
        date_text = format_cn_date(value) if value else ""
        name_right, date_left = signature_layout(names, date_text)
        self.blank_line()
        out = []
        placed = [(n, "GwSignature", indent_element(right_pt=name_right), "right") for n in names]
        if date_text:
            placed.append((date_text, "GwDate", indent_element(left_pt=date_left), "left"))
        for text, style, indent, jc in placed:
            p = self._paragraph(style, text)
            p_pr = p._p.get_or_add_pPr()
            for old in p_pr.findall(qn("w:ind")) + p_pr.findall(qn("w:jc")):
                p_pr.remove(old)
            p_pr.append(indent)
            p_pr.append(el("w:jc", val=jc))
            out.append(p)
        return out

    def placeholder(self, text: str = "【此处由办公室填写】"):
        """A highlighted body paragraph marking where the office writes its own text."""
        if not text.startswith("【"):
            text = f"【{text}】"
        paragraph = self._paragraph("GwBody")
        self._add_text(paragraph, text, role="body", size=SIZE_SAN, highlight="yellow")
        return paragraph

    def page_break(self) -> None:
        from docx.enum.text import WD_BREAK

        paragraph = self._paragraph("GwBody")
        paragraph.add_run().add_break(WD_BREAK.PAGE)

    def chart_image(self, png_bytes: bytes, width_mm: float = TEXT_WIDTH_MM, *, caption: str | None = None):
        """A picture (e.g. a chart rendered to PNG) centred, at most the width of the text area."""
        from docx.shared import Mm

        paragraph = self._paragraph("GwFigure")
        paragraph.add_run().add_picture(io.BytesIO(png_bytes), width=Mm(min(width_mm, TEXT_WIDTH_MM)))
        if caption:
            p = self._paragraph("GwFigure", caption)
            return paragraph, p
        return paragraph

    # -- tables ---------------------------------------------------------------------------------
    def table(
        self,
        headers: Sequence[str],
        rows: Iterable[Sequence[object]],
        widths_mm: Sequence[float] | None = None,
        *,
        font_size: float = SIZE_SI,
        aligns: Sequence[str | None] | None = None,
        row_height_mm: float | None = None,
        keep_together: bool | None = None,
    ):
        """A bordered table with the header row repeated on every page (see XmlWriter.table).

        Without `widths_mm` the columns are sized from the content, so dates and names never wrap.
        """
        return self._attach_table(self._xml.table(headers, rows, widths_mm, font_size=font_size, aligns=aligns,
                                                  row_height_mm=row_height_mm, keep_together=keep_together))

    def form_table(
        self,
        rows: Sequence[Sequence[FormCell | str | None]],
        widths_mm: Sequence[float],
        *,
        font_size: float = SIZE_SI,
        header_rows: int = 0,
        keep_together: bool = False,
    ):
        """A bordered form (提案表, 测评表): cells may span columns; rows may have a minimum height."""
        return self._attach_table(self._xml.form_table(rows, widths_mm, font_size=font_size, header_rows=header_rows,
                                                       keep_together=keep_together))

    def _attach_table(self, tbl):
        from docx.table import Table

        body = self._doc.element.body
        body.sectPr.addprevious(tbl)
        return Table(tbl, self._doc._body)

    # -- footer ---------------------------------------------------------------------------------
    def page_numbers(self) -> None:
        """`— 1 —` in 四号 宋体: odd pages right with one character in, even pages left with one in."""
        if self._page_numbers:
            return
        self._page_numbers = True
        self._doc.settings.odd_and_even_pages_header_footer = True
        section = self._doc.sections[0]
        self._fill_footer(section.footer, odd=True)
        self._fill_footer(section.even_page_footer, odd=False)

    def _fill_footer(self, footer, *, odd: bool) -> None:
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        for child in list(paragraph._p):
            paragraph._p.remove(child)
        p_pr = paragraph._p.get_or_add_pPr()
        p_pr.append(_el("w:pStyle", val="GwPageNumber"))
        char = int(SIZE_SI * 20)
        if odd:
            p_pr.append(_el("w:ind", right=str(char), rightChars="100"))
            p_pr.append(_el("w:jc", val="right"))
        else:
            p_pr.append(_el("w:ind", left=str(char), leftChars="100"))
            p_pr.append(_el("w:jc", val="left"))
        song = self.fonts.song

        def run(text: str | None = None, *, fld: str | None = None, instr: str | None = None):
            r = paragraph.add_run()
            self._format_run(r, song, size=SIZE_SI)
            if fld:
                r._r.append(_el("w:fldChar", fldCharType=fld))
            elif instr:
                t = _el("w:instrText")
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                t.text = instr
                r._r.append(t)
            elif text is not None:
                r.text = text

        run("— ")
        run(fld="begin")
        run(instr=" PAGE ")
        run(fld="separate")
        run("1")
        run(fld="end")
        run(" —")

    # -- save -----------------------------------------------------------------------------------
    def save(self, path: str | os.PathLike, *, page_numbers: bool = True) -> Path:
        """Write the file atomically (temp file, then replace); a locked target becomes a Chinese message.

        Page numbers are added unless `page_numbers=False` or they are already there.
        """
        if page_numbers:
            self.page_numbers()
        last = self._doc.element.body.sectPr.getprevious()
        if last is not None and last.tag == f"{{{_W_NS}}}tbl":
            self._end_paragraph()
        return save_docx(self._doc, path)

    def _end_paragraph(self) -> None:
        """Word wants a paragraph after a final table; keep it tiny so it never spills onto a new page."""
        p = self._doc.add_paragraph(style=self._doc.styles.get_by_id("GwTableText", _paragraph_type()))
        p_pr = p._p.get_or_add_pPr()
        p_pr.append(_el("w:spacing", before="0", after="0", line="20", lineRule="exact"))
        rpr = _el("w:rPr")
        rpr.append(_rfonts(self.fonts.body))
        rpr.append(_el("w:sz", val="2"))
        rpr.append(_el("w:szCs", val="2"))
        p_pr.append(rpr)


_HEADING_PATTERNS = (
    (1, re.compile(r"^[一二三四五六七八九十]+、")),
    (2, re.compile(r"^[（(][一二三四五六七八九十]+[）)]")),
    (3, re.compile(r"^\d+[.．]\D")),
)


def heading_level(line: str) -> int | None:
    """1, 2 or 3 when a short line reads as a numbered heading (`一、` `（一）` `1.`), else None."""
    if len(line) > 40 or line.count("。") > 1:
        return None
    for level, pattern in _HEADING_PATTERNS:
        if pattern.match(line):
            return level
    return None


def _paragraph_type():
    from docx.enum.style import WD_STYLE_TYPE

    return WD_STYLE_TYPE.PARAGRAPH


def save_docx(document, path: str | os.PathLike) -> Path:
    """Save a python-docx Document to `path`, whole or not at all (fileio/atomic_save)."""
    return save_atomically(path, document.save)
