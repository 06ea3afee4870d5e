import datetime as dt
import os

import docx
import pytest

from desktop_app.domain.errors import InputFileProblem
from desktop_app.fileio.official_doc import (
    FontSet,
    OfficialDocument,
    balance_title_lines,
    chars_outside_gb2312,
)
from tests.fileio.docx_checks import (
    NS,
    body_paragraphs,
    check_fonts_everywhere,
    check_table,
    effective_ppr_attr,
    footer_parts,
    paragraph_text,
    part,
    part_bytes,
    style_of,
    styles_by_id,
    table_rows,
    w,
)

LONG_TITLE = "中国人民政治协商会议第十四届长治市委员会常务委员会关于市政协十四届四次会议以来提案工作情况的报告"


def build_sample(path, *, fonts=None, title=LONG_TITLE):
    doc = OfficialDocument(fonts=fonts, author="政协黎城县委员会")
    doc.title(title)
    doc.subtitle("——在政协第十四届黎城县委员会第五次会议上")
    doc.date_line(dt.date(2026, 1, 16), centred=True, brackets=True)
    doc.blank_line()
    doc.salutation("各位委员：")
    doc.paragraph("我受政协第十四届黎城县委员会常务委员会委托，向大会报告提案工作情况，请予审议。")
    doc.heading1("一、2025年提案工作情况")
    doc.paragraph("共征集提案546件，经审查，立案464件，立案率84.98%。")
    doc.heading2("（一）经济建设方面")
    doc.heading3("1.加强督办。")
    doc.heading4("（1）重点提案。")
    doc.paragraph("委员王堃提出的提案得到落实。", lead="聚焦高质量发展建言。")
    doc.placeholder("此处由办公室填写提案工作主要做法")
    doc.table(["序号", "类别", "件数", "占比"],
              [[1, "经济建设", 150, "32.33%"], [2, "社会建设", 180, "38.79%"], [3, None, 0, "—"]],
              [15, 70, 35, 36])
    doc.signature("政协黎城县委员会办公室", dt.date(2026, 1, 6))
    doc.page_numbers()
    return doc.save(path)


@pytest.fixture
def sample(tmp_path):
    return build_sample(tmp_path / "sample.docx")


def test_page_is_a4_with_gbt9704_margins(sample):
    sect = part(sample, "word/document.xml").find(".//w:body/w:sectPr", NS)
    size = sect.find("w:pgSz", NS)
    assert (size.get(w("w")), size.get(w("h"))) == ("11906", "16838")  # 210 × 297 mm in twips
    mar = sect.find("w:pgMar", NS)
    assert mar.get(w("top")) == "2098"  # 37 mm
    assert mar.get(w("bottom")) == "1984"  # 35 mm
    assert mar.get(w("left")) == "1587"  # 28 mm
    assert mar.get(w("right")) == "1474"  # 26 mm
    assert sect.find("w:docGrid", NS).get(w("linePitch")) == "579"
    d = docx.Document(str(sample))
    assert round(d.sections[0].page_width.mm) == 210 and round(d.sections[0].left_margin.mm) == 28


def test_body_lines_are_exactly_28_95_pt_and_tables_are_not(sample):
    styles = styles_by_id(sample)
    normal = styles["Normal"]
    assert normal.find("w:pPr/w:spacing", NS) is None
    assert normal.find("w:pPr/w:ind", NS) is None
    body = [p for p in body_paragraphs(sample) if style_of(p) == "GwBody"]
    assert len(body) >= 4
    for p in body:
        assert effective_ppr_attr(styles, p, "spacing", "line") == "579"
        assert effective_ppr_attr(styles, p, "spacing", "lineRule") == "exact"
        assert effective_ppr_attr(styles, p, "spacing", "before") == "0"
        assert effective_ppr_attr(styles, p, "spacing", "after") == "0"
        assert effective_ppr_attr(styles, p, "ind", "firstLineChars") == "200"
        assert effective_ppr_attr(styles, p, "ind", "firstLine") == "640"
    for sid in ("GwHeading1", "GwHeading2", "GwHeading3", "GwHeading4", "GwSalutation", "GwTitle"):
        assert styles[sid].find("w:pPr/w:spacing", NS).get(w("line")) == "579"
    assert styles["GwSalutation"].find("w:pPr/w:ind", NS).get(w("firstLine")) == "0"
    # −0.25 pt character spacing on the body so that 28 characters fit in 156 mm
    assert styles["GwBody"].find("w:rPr/w:spacing", NS).get(w("val")) == "-5"
    tables = part(sample, "word/document.xml").findall(".//w:tbl", NS)
    assert len(tables) == 1
    check_table(sample, tables[0], styles)


def test_fonts_are_in_every_slot_of_styles_and_runs(sample):
    styles = styles_by_id(sample)
    expected = {
        "Normal": "仿宋_GB2312", "GwBody": "仿宋_GB2312", "GwTitle": "方正小标宋简体", "GwSubtitle": "楷体_GB2312",
        "GwHeading1": "黑体", "GwHeading2": "楷体_GB2312", "GwHeading3": "仿宋_GB2312", "GwTableText": "仿宋_GB2312",
        "GwPageNumber": "宋体",
    }
    for sid, font in expected.items():
        rf = styles[sid].find("w:rPr/w:rFonts", NS)
        assert {rf.get(w(k)) for k in ("ascii", "hAnsi", "eastAsia", "cs")} == {font}, sid
    defaults = part(sample, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    rf = defaults.find("w:rFonts", NS)
    assert rf.get(w("eastAsia")) == "仿宋_GB2312" and rf.get(w("asciiTheme")) is None
    assert defaults.find("w:lang", NS).get(w("eastAsia")) == "zh-CN"
    assert styles["GwHeading3"].find("w:rPr/w:b", NS) is not None
    check_fonts_everywhere(sample)
    settings = part(sample, "word/settings.xml")
    assert settings.find("w:themeFontLang", NS).get(w("eastAsia")) == "zh-CN"
    assert b'<a:ea typeface=""/>' not in part_bytes(sample, "word/theme/theme1.xml")
    font_table = part_bytes(sample, "word/fontTable.xml").decode()
    assert 'w:name="仿宋_GB2312"' in font_table and '<w:altName w:val="仿宋"/>' in font_table


def test_title_is_22pt_centred_and_broken_into_balanced_lines(sample):
    title = body_paragraphs(sample)[0]
    assert style_of(title) == "GwTitle"
    lines = paragraph_text(title).split("\n")
    assert "".join(lines) == LONG_TITLE
    assert all(len(line) <= 20 for line in lines)
    for r in title.findall("w:r", NS):
        assert r.find("w:rPr/w:sz", NS).get(w("val")) == "44"
    styles = styles_by_id(sample)
    assert styles["GwTitle"].find("w:rPr/w:sz", NS).get(w("val")) == "44"
    assert styles["GwTitle"].find("w:pPr/w:jc", NS).get(w("val")) == "center"
    assert docx.Document(str(sample)).core_properties.title == LONG_TITLE


def test_page_numbers_odd_right_even_left(sample):
    settings = part(sample, "word/settings.xml")
    assert settings.find("w:evenAndOddHeaders", NS) is not None
    footers = footer_parts(sample)
    assert set(footers) >= {"default", "even"}
    for kind, side, jc in (("default", "right", "right"), ("even", "left", "left")):
        p = footers[kind].find("w:p", NS)
        assert paragraph_text(p).replace(" PAGE ", "") == "— 1 —"
        assert p.find("w:pPr/w:jc", NS).get(w("val")) == jc
        ind = p.find("w:pPr/w:ind", NS)
        assert ind.get(w(side)) == "280" and ind.get(w(side + "Chars")) == "100"  # one 四号 character in
        instr = "".join(t.text for t in p.iter(w("instrText")))
        assert instr.strip() == "PAGE"
        for r in p.findall("w:r", NS):
            rf = r.find("w:rPr/w:rFonts", NS)
            assert {rf.get(w(k)) for k in ("ascii", "hAnsi", "eastAsia", "cs")} == {"宋体"}
            assert r.find("w:rPr/w:sz", NS).get(w("val")) == "28"  # 四号
    sect = part(sample, "word/document.xml").find(".//w:body/w:sectPr", NS)
    footer_mm = int(sect.find("w:pgMar", NS).get(w("footer"))) * 25.4 / 1440
    assert 23 <= footer_mm <= 28  # dash about 7 mm under the 35 mm bottom margin


def test_table_header_repeats_and_rows_hold_values(sample):
    tbl = part(sample, "word/document.xml").find(".//w:tbl", NS)
    rows = tbl.findall("w:tr", NS)
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    assert all(r.find("w:trPr/w:tblHeader", NS) is None for r in rows[1:])
    assert all(r.find("w:trPr/w:cantSplit", NS) is not None for r in rows)
    assert table_rows(tbl) == [["序号", "类别", "件数", "占比"], ["1", "经济建设", "150", "32.33%"],
                               ["2", "社会建设", "180", "38.79%"], ["3", "", "0", "—"]]
    d = docx.Document(str(sample))
    assert len(d.tables) == 1 and d.tables[0].cell(1, 1).text == "经济建设"
    # the header row is 黑体, data cells 仿宋, 四号
    head_run = rows[0].find(".//w:r", NS)
    assert head_run.find("w:rPr/w:rFonts", NS).get(w("eastAsia")) == "黑体"
    data_run = rows[1].find(".//w:r", NS)
    assert data_run.find("w:rPr/w:rFonts", NS).get(w("eastAsia")) == "仿宋_GB2312"
    assert data_run.find("w:rPr/w:sz", NS).get(w("val")) == "28"


def test_dates_have_no_leading_zeros_and_signature_is_right(sample):
    texts = [paragraph_text(p) for p in body_paragraphs(sample)]
    assert "（2026年1月16日）" in texts
    assert "2026年1月6日" in texts
    sig = [p for p in body_paragraphs(sample) if style_of(p) == "GwSignature"][0]
    date = [p for p in body_paragraphs(sample) if paragraph_text(p) == "2026年1月6日"][0]
    # GB/T 9704 §7.3.5.2: the issuer two characters in from the right (its 11 characters and "2026年1月6日",
    # 6 characters wide with half-width digits, fit the rule without moving it) …
    assert sig.find("w:pPr/w:ind", NS).get(w("rightChars")) == "200"
    assert sig.find("w:pPr/w:jc", NS).get(w("val")) == "right"
    # … and the date starting two characters right of the issuer's first character: 442.2 pt of line,
    # less 32 pt and 11 × 15.75 pt of the name, plus 2 × 15.75 pt
    assert date.find("w:pPr/w:jc", NS).get(w("val")) == "left"
    assert date.find("w:pPr/w:ind", NS).get(w("left")) == str(round((442.2 - 32 - 11 * 15.75 + 2 * 15.75) * 20))


def test_placeholder_is_highlighted(sample):
    p = [p for p in body_paragraphs(sample) if "此处由办公室填写" in paragraph_text(p)][0]
    assert paragraph_text(p) == "【此处由办公室填写提案工作主要做法】"
    assert p.find("w:r/w:rPr/w:highlight", NS).get(w("val")) == "yellow"


def test_special_characters_are_escaped(tmp_path):
    title = "关于A&B<公司>“测试”的报告"
    path = build_sample(tmp_path / "esc.docx", title=title)
    raw = part_bytes(path, "word/document.xml").decode()
    assert "A&amp;B&lt;公司&gt;" in raw
    d = docx.Document(str(path))
    assert d.paragraphs[0].text == title


def test_names_outside_gb2312_get_a_gbk_font(sample):
    assert chars_outside_gb2312("王堃、李喆、张玥、刘昇、陈赟、周旻、吴垚、郑祎、孙瑄") == list("堃喆玥昇赟旻垚祎瑄")
    assert chars_outside_gb2312("张三 — A&B") == []
    runs = [r for r in part(sample, "word/document.xml").iter(w("r")) if (r.findtext("w:t", namespaces=NS) or "") == "堃"]
    assert runs and runs[0].find("w:rPr/w:rFonts", NS).get(w("eastAsia")) == "仿宋"


def test_windows_font_set(tmp_path):
    path = build_sample(tmp_path / "win.docx", fonts=FontSet.windows())
    styles = styles_by_id(path)
    assert styles["GwBody"].find("w:rPr/w:rFonts", NS).get(w("eastAsia")) == "仿宋"
    assert styles["GwTitle"].find("w:rPr/w:rFonts", NS).get(w("eastAsia")) == "华文中宋"
    assert styles["GwSubtitle"].find("w:rPr/w:rFonts", NS).get(w("eastAsia")) == "楷体"
    check_fonts_everywhere(path)


@pytest.mark.parametrize(
    "title, expected",
    [
        ("政协黎城县委员会2025年度工作总结", ["政协黎城县委员会2025年度工作总结"]),
        ("政协黎城县委员会关于2025年度委员履职情况的通报", ["政协黎城县委员会", "关于2025年度委员履职情况的通报"]),
        ("关于交办政协第十四届黎城县委员会第五次会议提案的通知", ["关于交办政协第十四届黎城县委员会", "第五次会议提案的通知"]),
        (LONG_TITLE, ["中国人民政治协商会议第十四届长治市委员会", "常务委员会关于市政协十四届四次会议以来", "提案工作情况的报告"]),
        ("第一行\n第二行较长一些", ["第一行", "第二行较长一些"]),
    ],
)
def test_balanced_title_lines(title, expected):
    assert balance_title_lines(title) == expected


def test_balanced_title_never_makes_an_hourglass_or_overflows():
    title = "关于加快推进县域医疗卫生服务共同体建设切实提升基层群众就医获得感和满意度的建议"
    lines = balance_title_lines(title)
    assert "".join(lines) == title
    assert all(len(x) <= 20 for x in lines)
    for k in range(1, len(lines) - 1):
        assert not (len(lines[k]) < len(lines[k - 1]) and len(lines[k]) < len(lines[k + 1]))


def test_locked_target_gives_a_chinese_message(tmp_path, monkeypatch):
    target = tmp_path / "报告.docx"
    target.write_bytes(b"old")

    def locked(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    doc = OfficialDocument()
    doc.paragraph("正文")
    with pytest.raises(InputFileProblem) as info:
        doc.save(target)
    assert info.value.message == "文件“报告.docx”正被其他程序（如 Word/WPS）占用，请关闭后重试。"
    assert target.read_bytes() == b"old"  # the old file is untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["报告.docx"]  # no temp file left behind


def test_target_that_is_a_folder_is_refused(tmp_path):
    folder = tmp_path / "报告.docx"
    folder.mkdir()
    doc = OfficialDocument()
    with pytest.raises(InputFileProblem, match="文件夹"):
        doc.save(folder)
    with pytest.raises(InputFileProblem, match="不存在"):
        doc.save(tmp_path / "没有这个文件夹" / "a.docx")


def test_read_only_folder_gives_a_chinese_message(read_only_folder):
    with pytest.raises(InputFileProblem) as refused:
        OfficialDocument().save(read_only_folder / "a.docx")
    assert refused.value.message == f"文件夹“{read_only_folder}”不能写入（只读，或没有权限），请选择其他保存位置。"
    assert list(read_only_folder.iterdir()) == []


def test_saved_file_replaces_an_existing_one(tmp_path):
    target = tmp_path / "a.docx"
    target.write_bytes(b"old")
    OfficialDocument().save(target)
    assert docx.Document(str(target)) is not None


def test_table_widths_are_scaled_into_the_text_area(tmp_path):
    doc = OfficialDocument()
    doc.table(["甲", "乙"], [["1", "2"]], [100, 100])
    with pytest.raises(ValueError):
        doc.table(["甲", "乙"], [["1"]], [50, 50])
    path = doc.save(tmp_path / "w.docx")
    tbl = part(path, "word/document.xml").find(".//w:tbl", NS)
    widths = [int(g.get(w("w"))) for g in tbl.findall("w:tblGrid/w:gridCol", NS)]
    assert abs(sum(widths) - 8844) <= 2
    # a paragraph follows the final table (Word expects one), tiny so it adds no page
    last = part(path, "word/document.xml").find("w:body", NS)[-2]
    assert last.tag == w("p")


def _tiny_png() -> bytes:
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 4 for _ in range(3))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 3, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def test_chart_image_is_centred_and_not_clipped_by_exact_spacing(tmp_path):
    doc = OfficialDocument()
    doc.paragraph("图表如下：")
    doc.chart_image(_tiny_png(), 200, caption="图1 提案分类")
    path = doc.save(tmp_path / "chart.docx")
    styles = styles_by_id(path)
    figures = [p for p in body_paragraphs(path) if style_of(p) == "GwFigure"]
    assert len(figures) == 2 and figures[0].find(".//w:drawing", NS) is not None
    assert effective_ppr_attr(styles, figures[0], "spacing", "lineRule") != "exact"
    extent = figures[0].find(".//{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent")
    assert int(extent.get("cx")) <= 156 * 36000  # never wider than the text area
    assert paragraph_text(figures[1]) == "图1 提案分类"


def test_paragraphs_turn_numbered_lines_into_headings(tmp_path):
    doc = OfficialDocument()
    doc.paragraphs("一、总体情况\n\n（一）提案数量\n1.委员提案\n全年共收到提案。\n（1）不是标题的长句子，因为它很长很长很长很长很长很长很长很长很长很长很长很长很长。")
    path = doc.save(tmp_path / "h.docx")
    assert [style_of(p) for p in body_paragraphs(path)] == ["GwHeading1", "GwHeading2", "GwHeading3", "GwBody", "GwBody"]


def test_file_libraries_are_imported_only_when_a_file_is_written():
    import subprocess
    import sys

    code = (
        "import sys; import desktop_app.fileio.documents.notice, desktop_app.fileio.documents.reminder, "
        "desktop_app.fileio.documents.proposal_form, desktop_app.fileio.documents.satisfaction, "
        "desktop_app.fileio.documents.sign_in, desktop_app.fileio.template_check; "
        "print(sorted(m for m in ('docx', 'openpyxl', 'PySide6', 'sqlalchemy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
    assert out.stdout.strip() == "[]"


def test_page_numbers_are_added_on_save_unless_refused(tmp_path):
    doc = OfficialDocument()
    doc.paragraph("正文")
    with_numbers = doc.save(tmp_path / "a.docx")
    assert set(footer_parts(with_numbers)) >= {"default", "even"}
    doc = OfficialDocument()
    doc.paragraph("正文")
    without = doc.save(tmp_path / "b.docx", page_numbers=False)
    assert footer_parts(without) == {}


def test_font_set_by_settings_name():
    from desktop_app.fileio.doc_fonts import FONT_SET_CHOICES

    assert FontSet.named("standard") == FontSet.standard()
    assert FontSet.named("windows").body == "仿宋"
    assert set(FONT_SET_CHOICES) == {"standard", "windows"}
    with pytest.raises(ValueError):
        FontSet.named("mac")
    assert FontSet.standard().fallback_for("仿宋_GB2312") == "仿宋"
    assert FontSet.windows().fallback_for("仿宋") is None
