"""What the proposal paperwork templates share: the 版头 of a 函件/通知 and the small cells of their tables.

The 版头 follows GB/T 9704-2012 §7.2: the 发文机关标志 centred in red 小标宋 (小初, 一号 or 二号, the largest
that fits the text area on one line), the 发文字号 centred two lines under it (§7.2.5), and the red
separator line the width of the text area 4 mm under the 发文字号 (§7.2.7), drawn as the bottom border of
the 发文字号's paragraph so that it is there even when a document has no number. The title follows two
lines under the line (§7.3.1).
"""
from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

from desktop_app.domain.cn_format import format_cn_date
from desktop_app.fileio.docx_template import Signature
from desktop_app.fileio.docx_xml import PT_TO_MM, TEXT_WIDTH_MM, XmlWriter, el
from desktop_app.fileio.documents._build import save_template, tag, template_document
from desktop_app.fileio.official_doc import OfficialDocument
from desktop_app.fileio.title_lines import text_width

RED = "FF0000"
MARK_SIZES = (36, 26, 22)  # 小初, 一号, 二号 (points): the 发文机关标志 takes the largest that fits
LINE_SIZE_EIGHTHS = 12  # the separator line: 1.5 pt
LINE_GAP_PT = 7  # the border's distance below the 发文字号's line box: about 4 mm below the characters
_TEXT_WIDTH_PT = TEXT_WIDTH_MM / PT_TO_MM


def mark_size(mark: str) -> int:
    """The 发文机关标志's size in points: the largest of 小初/一号/二号 at which it stays on one line."""
    width = text_width(mark)
    for size in MARK_SIZES:
        if width * size <= _TEXT_WIDTH_PT:
            return size
    return MARK_SIZES[-1]


def letterhead_context(mark: str, number: str) -> dict[str, Any]:
    return {"发文机关标志": mark, "标志字号": mark_size(mark), "发文字号": number}


LETTERHEAD_DESCRIPTIONS = {
    "发文机关标志": "版头的发文机关标志（红色），如“政协黎城县委员会提案委员会文件”",
    "标志字号": "发文机关标志的字号（磅）：36 为小初、26 为一号、22 为二号，取能排在一行内的最大者",
    "发文字号": "发文字号，如“黎政协提〔2026〕3号”；没有时为空，红色分隔线照样保留",
}


def add_letterhead(doc: OfficialDocument) -> None:
    """The 版头: 标志 in the size the context chooses, two blank lines, 发文字号 over the red line, two blank lines."""
    for index, size in enumerate(MARK_SIZES):
        if index == 0:
            tag(doc, f"{{%p if 标志字号 == {size} %}}")
        elif index < len(MARK_SIZES) - 1:
            tag(doc, f"{{%p elif 标志字号 == {size} %}}")
        else:
            tag(doc, "{%p else %}")
        _mark_paragraph(doc, size)
    tag(doc, "{%p endif %}")
    doc.blank_line()
    doc.blank_line()
    number = doc.centred("{{ 发文字号 }}")
    p_pr = number._p.get_or_add_pPr()
    borders = el("w:pBdr")
    borders.append(el("w:bottom", val="single", sz=str(LINE_SIZE_EIGHTHS), space=str(LINE_GAP_PT), color=RED))
    p_pr.insert(1, borders)  # after w:pStyle (schema order)
    doc.blank_line()
    doc.blank_line()


def _mark_paragraph(doc: OfficialDocument, size: int) -> None:
    """One centred line of red 小标宋 at `size` points, its line as tall as the characters need."""
    paragraph = doc.centred("")
    p = paragraph._p
    for run in p.findall(f"{{{_W}}}r"):
        p.remove(run)
    p_pr = p.get_or_add_pPr()
    p_pr.append(el("w:spacing", before="0", after="0", line=str(int(size * 1.25 * 20)), lineRule="exact"))
    run = XmlWriter(doc.fonts).run("{{ 发文机关标志 }}", doc.fonts.title, size=size, color=RED)
    r_pr = run.find(f"{{{_W}}}rPr")
    r_pr.find(f"{{{_W}}}color").addnext(el("w:spacing", val="0"))  # no −0.25 pt squeeze: a mark is set loose
    p.append(run)


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"



# A list up to half a page long stays on one page; a longer one flows on from the body, header row repeated,
# rather than leave most of a page empty above it.
KEEP_TOGETHER_MM = 112.0


def letter_table(headers: tuple[str, ...], rows: list, *, font_size: float, aligns: tuple[str, ...],
                 widths_mm: tuple[float, ...] | None = None):
    """The list of a 通知/函, sized from the content; kept on one page when short (see KEEP_TOGETHER_MM)."""
    from desktop_app.fileio.docx_template import Table
    from desktop_app.fileio.docx_xml import estimated_height_mm, fit_widths_to_content

    texts = [[str(v) for v in row] for row in rows]
    widths = widths_mm or tuple(fit_widths_to_content(headers, texts, font_size))
    short = estimated_height_mm([list(headers)] + texts, widths, font_size) <= KEEP_TOGETHER_MM
    # A short list is one block; tying it to the 落款 as well would push it to the next page whenever the two
    # together do not fit, leaving the page above half empty. A long list flows, and its last row goes with
    # the 落款 (never a 落款 alone on a page).
    return Table(headers, rows, font_size=font_size, widths_mm=widths, aligns=aligns, keep_with_next=not short,
                 keep_together=None if short else False)


def contact_line(person: str, phone: str) -> str:
    parts = [f"联系人：{person}" if person else "", f"联系电话：{phone}" if phone else ""]
    text = "；".join(p for p in parts if p)
    return f"{text}。" if text else ""


def letter_start(kind_title: str) -> OfficialDocument:
    """A 通知/函 up to its first body paragraph: 版头, title, a blank line, the 主送 unit."""
    doc = template_document(kind_title)
    add_letterhead(doc)
    doc.title(["{{ 标题 }}"])
    doc.blank_line()
    doc.salutation("{{ 主送 }}：")
    return doc


def letter_end(doc: OfficialDocument, path: Path) -> Path:
    """The contact line (when there is one, kept with the 落款) and the 落款; saves the template."""
    tag(doc, "{%p if 联系方式 %}")
    doc.paragraph("{{ 联系方式 }}").paragraph_format.keep_with_next = True  # one body line goes with the 落款
    tag(doc, "{%p endif %}")
    tag(doc, "{{p 落款 }}")
    return save_template(doc, path)


def closing_context(office_name: str, issued_on: _dt.date, person: str, phone: str) -> dict[str, Any]:
    return {
        "联系方式": contact_line(person, phone),
        "落款": Signature(office_name, issued_on),
        "发文机关": office_name,
        "成文日期": format_cn_date(issued_on),
    }


CLOSING_DESCRIPTIONS = {
    "联系方式": "“联系人：……；联系电话：……。”；都没有时为空",
    "落款": "发文机关署名和成文日期（按GB/T 9704排在正文右下）",
    "发文机关": "发文机关署名，如“政协黎城县委员会提案委员会”",
    "成文日期": "成文日期，如“2026年1月15日”",
}
