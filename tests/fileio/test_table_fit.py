"""Table columns sized for the text as printed, and a 落款 that keeps together."""
from __future__ import annotations

from desktop_app.fileio.docx_xml import CELL_PADDING_MM, PT_TO_MM, fit_widths_to_content

TITLE = "关于进一步加强农村饮水安全工程建设与管护的建议"


def test_a_date_column_has_room_for_digits_drawn_wide_and_the_space_around_them():
    widths = fit_widths_to_content(("案由", "办理期限"), [(TITLE, "2026年12月15日")], 12.0)
    # Printed by LibreOffice without 仿宋_GB2312: 3 Chinese characters of 12 pt, 8 digits of 7.63 pt (DejaVu
    # Sans) and 2.4 pt wherever Chinese meets digits (5 places), inside cell margins of 2 × 1.5 mm.
    printed_mm = (3 * 12 + 8 * 7.63 + 5 * 2.4) * PT_TO_MM + 3.0
    assert widths[1] >= printed_mm
    assert abs(sum(widths) - 156) < 0.01


def test_a_short_header_is_never_broken_into_single_characters():
    widths = fit_widths_to_content(("序号", "案由"), [("1", TITLE)], 12.0)
    assert widths[0] >= 2 * 12 * PT_TO_MM + CELL_PADDING_MM


def test_the_signature_block_keeps_together(tmp_path):
    import datetime as dt
    import zipfile

    from lxml import etree

    from desktop_app.fileio.docx_template import Signature, render_template
    from desktop_app.fileio.documents._build import save_template, tag, template_document
    from tests.fileio.docx_checks import NS, style_of

    doc = template_document("测试")
    doc.paragraph("正文。")
    tag(doc, "{{p 落款 }}")
    template = save_template(doc, tmp_path / "t.docx")
    out = render_template(template, {"落款": Signature("政协黎城县委员会", dt.date(2026, 1, 5))}, tmp_path / "o.docx")
    with zipfile.ZipFile(out) as z:
        body = etree.fromstring(z.read("word/document.xml")).find("w:body", NS)
    paragraphs = body.findall("w:p", NS)
    signature = paragraphs[-3:]  # the blank line, the issuer, the date
    assert [style_of(p) for p in signature] == ["GwBody", "GwSignature", "GwDate"]
    assert [p.find("w:pPr/w:keepNext", NS) is not None for p in signature] == [True, True, False]


def test_a_table_may_keep_its_last_row_with_the_next_paragraph():
    from desktop_app.fileio.docx_xml import XmlWriter
    from tests.fileio.docx_checks import NS

    rows = [(str(i), TITLE) for i in range(40)]  # too long for one page: rows are not kept together
    for keep, expected in ((False, False), (True, True)):
        tbl = XmlWriter().table(("案号", "案由"), rows, keep_with_next=keep)
        trs = tbl.findall("w:tr", NS)
        assert (trs[-1].find(".//w:pPr/w:keepNext", NS) is not None) is expected
        assert trs[-2].find(".//w:pPr/w:keepNext", NS) is None


def test_a_template_table_may_be_told_whether_to_keep_together(tmp_path):
    import zipfile

    from lxml import etree

    from desktop_app.fileio.docx_template import Table, render_template
    from desktop_app.fileio.documents._build import save_template, tag, template_document
    from tests.fileio.docx_checks import NS

    doc = template_document("测试")
    tag(doc, "{{p 表 }}")
    template = save_template(doc, tmp_path / "t.docx")
    rows = [(str(i), TITLE) for i in range(3)]  # fits one page: kept together unless told otherwise
    for keep, expected in ((None, True), (False, False)):
        out = render_template(template, {"表": Table(("案号", "案由"), rows, keep_together=keep)}, tmp_path / "o.docx")
        with zipfile.ZipFile(out) as z:
            first_row = etree.fromstring(z.read("word/document.xml")).find(".//w:tbl/w:tr[2]", NS)
        assert (first_row.find(".//w:pPr/w:keepNext", NS) is not None) is expected
