"""The proposal paperwork from its shipped templates: 提案表, 交办通知, 催办单, 满意度测评表 read back as XML.

Layout as printed (dates on one line, the 落款's place, pages) is checked through LibreOffice in
test_paperwork_pdf.py.
"""
import datetime as dt
import importlib

import pytest

from desktop_app.fileio.official_doc import FontSet
from desktop_app.fileio.paperwork_dto import AssignmentItem, ReminderDTO, SignInSheetDTO
from tests.fileio import paperwork_samples as samples
from tests.fileio.docx_checks import (
    NS,
    body_paragraphs,
    common_checks,
    paragraph_text,
    part,
    part_bytes,
    render_shipped,
    style_of,
    table_rows,
    texts,
    w,
)

SIGNED = "签字：　　　　　　　　年　　月　　日"


def write(key: str, dto, path, *, fonts=None, **options):
    """The document `key` for `dto`, filled into its shipped template."""
    module = importlib.import_module(f"desktop_app.fileio.documents.{key}")
    return render_shipped(key, module.context(dto, **options), path, fonts=fonts)


def _before(path, tbl):
    """The body paragraph just before a table (its caption or lead-in)."""
    previous = tbl.getprevious()
    while previous is not None and previous.tag != w("p"):
        previous = previous.getprevious()
    return paragraph_text(previous)


def _keeps(element) -> bool:
    return element.find(".//w:pPr/w:keepNext", NS) is not None


def _red_runs(p):
    return [r for r in p.iter(w("r")) if r.find("w:rPr/w:color", NS) is not None
            and r.find("w:rPr/w:color", NS).get(w("val")) == "FF0000"]


def _letterhead(path):
    """(标志 paragraph, 发文字号 paragraph): the first two non-empty body paragraphs."""
    filled = [p for p in body_paragraphs(path) if paragraph_text(p) or p.find("w:pPr/w:pBdr", NS) is not None]
    return filled[0], filled[1]


# ----- 提案表 -----
def test_proposal_form(tmp_path):
    path = write("proposal_form", samples.proposal_form(), tmp_path / "提案表.docx")
    _, tables = common_checks(path)
    assert texts(path)[0].replace("\n", "") == "政协第十四届黎城县委员会第五次会议提案"
    assert texts(path)[1] == ""  # a blank line after the title
    facts = table_rows(tables[0])
    assert facts[0] == ["案　号", "第001号", "类　别", "社会建设", "提案形式", "委员提案"]
    assert facts[1] == ["案　由", "关于进一步加强农村饮水安全工程建设与管护的建议"]
    assert facts[2] == ["提案人", "王堃", "界　别", "经济界", "联系电话", "13800000000"]
    assert ["工作单位及职务", "黎城县某农业科技有限公司总经理"] in facts
    assert ["通讯地址", "黎城县黎侯镇某街1号"] in facts
    assert ["附议人", "李喆（教育界）、张玥（医药卫生界）"] in facts
    assert facts[-1] == ["提交日期", "2026年1月6日", "建议承办单位", "县水利局、县财政局"]
    # the body: numbered lines become headings, the rest body text
    body = [(style_of(p), paragraph_text(p)) for p in body_paragraphs(path)]
    assert ("GwHeading1", "一、存在的问题") in body
    assert ("GwHeading2", "（一）明确管护主体") in body
    assert ("GwBody", "建议县财政每年安排专项资金，用于小型工程维修养护。") in body
    review = table_rows(tables[1])
    assert [row[0] for row in review] == ["初审意见", "复审意见", "交办意见"]
    assert all(row[1] == SIGNED for row in review)  # nothing decided yet: room to write and the signature line
    # the merged 案由 cell spans the five columns after its label
    assert tables[0].findall("w:tr", NS)[1].find("w:tc[2]/w:tcPr/w:gridSpan", NS).get(w("val")) == "5"
    # GBK names keep their look in the GB2312 font set: 堃 falls back to 仿宋
    runs = [r for r in part(path, "word/document.xml").iter(w("r")) if r.findtext("w:t", namespaces=NS) == "堃"]
    assert runs and runs[0].find("w:rPr/w:rFonts", NS).get(w("eastAsia")) == "仿宋"


def test_proposal_form_tables_have_captions_and_the_review_boxes_keep_with_theirs(tmp_path):
    path = write("proposal_form", samples.proposal_form(), tmp_path / "提案表.docx")
    facts, review = part(path, "word/document.xml").findall(".//w:tbl", NS)
    assert _before(path, facts) == "提案基本情况" and _before(path, review) == "审查和交办意见"
    heading = [p for p in body_paragraphs(path) if paragraph_text(p) == "审查和交办意见"][0]
    assert style_of(heading) == "GwHeading1"  # the style keeps with the next paragraph (the first box)
    rows = review.findall("w:tr", NS)
    assert all(tr.find("w:trPr/w:cantSplit", NS) is not None for tr in rows)  # a box is never cut in two
    assert [_keeps(tr) for tr in rows] == [True, True, False]  # the three boxes stay together
    assert all(int(tr.find("w:trPr/w:trHeight", NS).get(w("val"))) >= 1700 for tr in rows)  # room to write


def test_collective_proposal_form_and_escaping(tmp_path):
    dto = samples.proposal_form(kind="集体提案", organization="民革黎城县支部", co_signers=[], title=samples.TRICKY_TITLE,
                                case_number="", submitted_on=None, body="", first_review="同意立案。",
                                handling_units="主办：县市场监管局", key_proposal=True)
    path = write("proposal_form", dto, tmp_path / "集体.docx", fonts=FontSet.windows())
    _, tables = common_checks(path)
    facts = table_rows(tables[0])
    assert facts[0] == ["案　号", "", "类　别", "社会建设", "提案形式", "集体提案（重点提案）"]
    assert ["提案单位", "民革黎城县支部"] in facts
    assert ["联系人", "王堃", "职　务", "黎城县某农业科技有限公司总经理", "联系电话", "13800000000"] in facts
    assert ["案　由", samples.TRICKY_TITLE] in facts
    assert not any(row[0] in ("附议人", "提案人", "通讯地址") for row in facts)
    assert "A&amp;B&lt;类&gt;" in part_bytes(path, "word/document.xml").decode()
    assert facts[-1] == ["提交日期", "年　　月　　日", "建议承办单位", "县水利局、县财政局"]
    review = table_rows(tables[1])
    assert review[0][1] == "同意立案。" + SIGNED and review[2][1] == "主办：县市场监管局" + SIGNED
    # no text in the database: blank lines to write in under the heading
    lines = texts(path)
    start = lines.index("提案内容（理由及建议）")
    assert lines[start + 1: start + 9] == [""] * 8


def test_proposal_form_without_a_lead_member(tmp_path):
    path = write("proposal_form", samples.proposal_form(lead=None, co_signers=[]), tmp_path / "无.docx")
    facts = table_rows(part(path, "word/document.xml").find(".//w:tbl", NS))
    assert ["提案人", ""] in facts and ["附议人", ""] in facts
    assert not any(row[0] in ("工作单位及职务", "通讯地址", "提案单位") for row in facts)


# ----- 交办通知 -----
def test_assignment_notice(tmp_path):
    path = write("notice", samples.assignment_notice(), tmp_path / "交办通知.docx")
    _, tables = common_checks(path)
    lines = [t for t in texts(path) if t]
    assert lines[0] == "政协黎城县委员会提案委员会文件" and lines[1] == "黎政协提〔2026〕3号"
    title = [p for p in body_paragraphs(path) if style_of(p) == "GwTitle"][0]
    assert paragraph_text(title).replace("\n", "") == "关于交办政协第十四届黎城县委员会第五次会议提案的通知"
    assert paragraph_text(title.getnext()) == ""  # a blank line after the title
    assert "县水利局：" in lines
    assert any("提案3件交由你单位办理（其中主办1件、会办1件、分办1件）" in t for t in lines)
    assert "1.办理期限。请于2026年4月20日前办结并书面答复提案者。" in lines
    assert any(t.startswith("2.主办单位要主动与会办单位协商") and t.endswith("答复件同时抄送县政协提案委员会和会办单位。")
               for t in lines)
    assert "3.会办单位要在交办之日起30日内将会办意见送主办单位。" in lines
    assert "4.分办单位各自答复提案者，答复件同时抄送县政协提案委员会。" in lines
    assert any(t.startswith("5.办理中请与提案者见面沟通") for t in lines)
    assert lines[-3:] == ["联系人：赵六；联系电话：0355-6222222。", "政协黎城县委员会提案委员会", "2026年1月20日"]
    rows = table_rows(tables[0])
    assert rows[0] == ["案号", "案由", "提案者", "办理方式", "办理期限"]
    # the role alone in its column; the other units under the 案由
    assert rows[1] == ["第001号", "关于进一步加强农村饮水安全工程建设与管护的建议会办：县财政局", "王堃", "主办", "2026年4月20日"]
    assert rows[2][1:4] == [samples.TRICKY_TITLE + "主办：县市场监管局", "民革黎城县支部", "会办"]
    assert rows[3] == ["第042号", "关于加快推进县域医共体建设的建议", "李喆等3人", "分办", "2026年4月20日"]
    first = tables[0].findall("w:tr", NS)
    assert first[0].find("w:trPr/w:tblHeader", NS) is not None
    # the lead-in keeps with the list, the short list keeps together (not tied to what follows: that could push
    # it to the next page), the contact line keeps with the 落款
    lead_in = [p for p in body_paragraphs(path) if paragraph_text(p) == "交办提案清单如下："][0]
    assert _keeps(lead_in) and [_keeps(tr) for tr in first] == [True, True, True, False]
    contact = [p for p in body_paragraphs(path) if paragraph_text(p).startswith("联系人：")][0]
    assert _keeps(contact)


def test_letterhead_is_red_with_a_red_line_the_width_of_the_text_area(tmp_path):
    path = write("notice", samples.assignment_notice(), tmp_path / "交办通知.docx")
    mark, number = _letterhead(path)
    runs = _red_runs(mark)
    assert runs and "".join(r.findtext("w:t", namespaces=NS) for r in runs) == "政协黎城县委员会提案委员会文件"
    assert {r.find("w:rPr/w:rFonts", NS).get(w("eastAsia")) for r in runs} == {"方正小标宋简体"}
    assert {r.find("w:rPr/w:sz", NS).get(w("val")) for r in runs} == {"52"}  # 一号: 15 characters fit one line
    assert style_of(mark) == "GwCentered"
    assert paragraph_text(number) == "黎政协提〔2026〕3号" and style_of(number) == "GwCentered"
    line = number.find("w:pPr/w:pBdr/w:bottom", NS)
    assert line.get(w("val")) == "single" and line.get(w("color")) == "FF0000"
    # the line runs from margin to margin: the paragraph has no indents
    assert number.find("w:pPr/w:ind", NS) is None
    # the title comes two blank lines under the line
    after = [paragraph_text(p) for p in body_paragraphs(path)]
    at = after.index("黎政协提〔2026〕3号")
    assert after[at + 1: at + 3] == ["", ""]


def test_letterhead_size_follows_the_length_of_the_mark():
    from desktop_app.fileio.documents._letter import mark_size

    assert mark_size("政协黎城县委员会") == 36  # 小初: 8 characters
    assert mark_size("政协黎城县委员会提案委员会文件") == 26  # 一号: 15 characters (36 pt would be 190 mm)
    assert mark_size("中国人民政治协商会议黎城县委员会提案委员会") == 22  # 二号: 21 characters


def test_the_office_may_name_its_own_mark_and_a_notice_without_number_keeps_the_line(tmp_path):
    from dataclasses import replace

    dto = replace(samples.assignment_notice(), document_number="")
    path = write("notice", dto, tmp_path / "n.docx", mark="政协黎城县委员会")
    mark, number = _letterhead(path)
    assert paragraph_text(mark) == "政协黎城县委员会"
    assert {r.find("w:rPr/w:sz", NS).get(w("val")) for r in _red_runs(mark)} == {"72"}  # 小初
    assert paragraph_text(number) == "" and number.find("w:pPr/w:pBdr/w:bottom", NS).get(w("color")) == "FF0000"


def test_notice_points_are_numbered_from_what_the_unit_received(tmp_path):
    from dataclasses import replace

    items = [replace(item, role="主办", due_on=dt.date(2026, 4, 20 + i)) for i, item in enumerate(samples.items())]
    dto = replace(samples.assignment_notice(), items=items, contact_person="", contact_phone="")
    path = write("notice", dto, tmp_path / "主办.docx")
    lines = [t for t in texts(path) if t]
    assert any("（其中主办3件）" in t for t in lines)
    assert "1.办理期限。各件提案的办理期限见下表，请在期限内办结并书面答复提案者。" in lines
    assert any(t.startswith("2.主办单位要主动") for t in lines) and any(t.startswith("3.办理中请") for t in lines)
    assert not any("会办单位要在" in t or "分办单位各自" in t or t.startswith("联系人") for t in lines)
    assert lines[-2:] == ["政协黎城县委员会提案委员会", "2026年1月20日"]
    tbl = part(path, "word/document.xml").find(".//w:tbl", NS)
    assert [row[-1] for row in table_rows(tbl)[1:]] == ["2026年4月20日", "2026年4月21日", "2026年4月22日"]
    assert not _keeps(tbl.findall("w:tr", NS)[-1])  # a short list is one block, not tied to the 落款


def test_a_long_list_flows_on_from_the_body(tmp_path):
    from dataclasses import replace

    item = samples.items()[0]
    items = [replace(item, case_number=f"第{n:03d}号") for n in range(1, 31)]
    path = write("notice", replace(samples.assignment_notice(), items=items), tmp_path / "长.docx")
    trs = part(path, "word/document.xml").find(".//w:tbl", NS).findall("w:tr", NS)
    assert len(trs) == 31 and trs[0].find("w:trPr/w:tblHeader", NS) is not None
    # rows not chained into one block (that would leave most of a page empty); the last keeps with the 落款
    assert not any(_keeps(tr) for tr in trs[1:-1]) and _keeps(trs[-1])


def test_columns_leave_dates_and_proposers_on_one_line(tmp_path):
    """Computed from the column widths: each date and 提案者 fits its column as printed (see test_table_fit)."""
    from desktop_app.fileio.docx_xml import PT_TO_MM, _set_width

    path = write("notice", samples.assignment_notice(), tmp_path / "n.docx")
    tbl = part(path, "word/document.xml").find(".//w:tbl", NS)
    widths = [int(g.get(w("w"))) * 25.4 / 1440 for g in tbl.findall("w:tblGrid/w:gridCol", NS)]
    for row in table_rows(tbl)[1:]:
        for column in (0, 2, 4):  # 案号, 提案者 (a name or 李喆等3人), 办理期限
            assert _set_width(row[column]) * 12 * PT_TO_MM + 3.0 <= widths[column], row[column]
    assert widths[1] > 40  # the 案由 keeps room to read


# ----- 催办单 -----
def test_reminder_counts_overdue_days(tmp_path):
    path = write("reminder", samples.reminder(), tmp_path / "催办单.docx")
    _, tables = common_checks(path)
    lines = [t for t in texts(path) if t]
    assert lines[:3] == ["政协黎城县委员会提案委员会", "催办〔2026〕第2号", "提案办理催办单"]
    mark, number = _letterhead(path)
    assert _red_runs(mark) and number.find("w:pPr/w:pBdr/w:bottom", NS).get(w("color")) == "FF0000"
    body = [t for t in lines if t.startswith("截至")][0]
    assert body.startswith("截至2026年5月6日，你单位于2026年1月20日承办的下列提案3件已超过办理期限")
    assert "请抓紧办理，于2026年5月20日前书面答复提案者，答复件抄送政协黎城县委员会提案委员会；确需延期的" in body
    rows = table_rows(tables[0])
    assert rows[0] == ["案号", "案由", "办理期限", "超期天数"]  # one 交办日期 for all: said in the text
    assert rows[1] == ["第001号", "关于进一步加强农村饮水安全工程建设与管护的建议", "2026年4月20日", "16天"]
    assert rows[2][1] == samples.TRICKY_TITLE + "（会办）"
    assert rows[3][3] == "5天"  # given by the service, not recomputed
    assert lines[-3:] == ["联系人：赵六；联系电话：0355-6222222。", "政协黎城县委员会提案委员会", "2026年5月6日"]


def test_reminder_without_reply_date_and_with_different_assignment_days(tmp_path):
    items = [AssignmentItem("第002号", "关于某事的建议", "张三", due_on=dt.date(2026, 5, 1), assigned_on=dt.date(2026, 2, 1)),
             AssignmentItem("第003号", "关于另一事的建议", "李四", due_on=dt.date(2026, 4, 1), assigned_on=dt.date(2026, 1, 2))]
    dto = ReminderDTO("提案委员会", "县教育局", items, as_of=dt.date(2026, 5, 3), issued_on=dt.date(2026, 5, 3))
    path = write("reminder", dto, tmp_path / "r.docx")
    lines = texts(path)
    assert any(t.startswith("截至2026年5月3日，你单位承办的下列提案2件") and "请抓紧办理，尽快书面答复提案者" in t
               for t in lines)
    rows = table_rows(part(path, "word/document.xml").find(".//w:tbl", NS))
    assert rows[0] == ["案号", "案由", "交办日期", "办理期限", "超期天数"]
    assert rows[1][2:] == ["2026年2月1日", "2026年5月1日", "2天"] and rows[2][-1] == "32天"
    assert not any("联系人" in t for t in lines)


# ----- 满意度测评表 -----
def test_satisfaction_form(tmp_path):
    path = write("satisfaction", samples.satisfaction_form(), tmp_path / "测评表.docx")
    _, tables = common_checks(path)
    lines = texts(path)
    assert lines[0] == "提案办理满意度测评表" and lines[1] == samples.SESSION and lines[2] == ""
    rows = table_rows(tables[0])
    assert rows[0] == ["案　号", "第001号", "提案者：王堃"]
    assert rows[2] == ["承办单位", "办理方式", "答复日期", "测评意见", "是否见面"]
    assert rows[3] == ["县水利局", "主办", "2026年4月10日（A类）", "□满意□基本满意□不满意", "□是　□否"]
    assert rows[4] == ["县财政局", "会办", "　年　月　日", "□满意□基本满意□不满意", "□是　□否"]
    assert rows[5][0] == "意见和建议"
    assert rows[6][0].startswith("提案者签名：") and rows[6][0].endswith("年　　月　　日")
    assert len(rows) == 7
    assert any(t.startswith("说明：1.请在相应的“□”内打“√”，每个承办单位选一项。2.对答复“不满意”的") for t in lines)
    assert "3.请于2026年5月31日前将本表寄回或送交政协黎城县委员会提案委员会，联系电话：0355-6222222。" in lines
    # the remarks row is tall enough to write in
    heights = [tr.find("w:trPr/w:trHeight", NS) for tr in tables[0].findall("w:tr", NS)]
    assert int(heights[5].get(w("val"))) >= 2000


def test_satisfaction_form_without_a_return_date_or_phone(tmp_path):
    from dataclasses import replace

    dto = replace(samples.satisfaction_form(), return_by=None, contact_phone="", return_to="")
    lines = texts(write("satisfaction", dto, tmp_path / "s.docx"))
    assert "3.请在收到答复后一个月内将本表寄回或送交提案委员会。" in lines


def write_sign_in_sheet(dto, path, fonts=None):
    from desktop_app.fileio.documents.sign_in import context

    return render_shipped("sign_in", context(dto), path, fonts=fonts)


def test_sign_in_sheet(tmp_path):
    path = write_sign_in_sheet(samples.sign_in_sheet(), tmp_path / "签到表.docx")
    _, tables = common_checks(path)
    lines = texts(path)
    title = [p for p in body_paragraphs(path) if style_of(p) == "GwTitle"][0]
    assert paragraph_text(title).replace("\n", "") == "第一委员之家“委员读书会”活动签到表"
    assert "主办：政协黎城县委员会" in lines
    assert "活动时间：2026年3月12日 上午9:00" in lines and "地点：县政协四楼会议室" in lines
    rows = table_rows(tables[0])
    assert rows[0] == ["序号", "姓名", "界别", "签名", "备注"]
    # 30 members fill page 1 (13 rows under the title block) and 17 of page 2's 18 rows: one blank row ends page 2
    assert len(rows) == 1 + 30 + 1
    assert rows[1] == ["1", "委员1", "经济界", "", ""]
    assert rows[31] == ["31", "", "", "", ""]
    trs = tables[0].findall("w:tr", NS)
    assert trs[0].find("w:trPr/w:tblHeader", NS) is not None  # repeated on the second page
    assert int(trs[1].find("w:trPr/w:trHeight", NS).get(w("val"))) >= 600  # room to sign


def test_sign_in_blank_rows_fill_the_last_page_and_never_make_one_of_their_own():
    from desktop_app.fileio.documents.sign_in import blank_rows_to_fill

    # first page holds 13 rows, later pages 18
    assert blank_rows_to_fill(3, 13, 18, at_least=5) == 10  # the page is filled
    assert blank_rows_to_fill(12, 13, 18, at_least=5) == 1  # one row left: no spill onto page 2
    assert blank_rows_to_fill(13, 13, 18, at_least=5) == 0  # page 1 full: no page of blanks alone
    assert blank_rows_to_fill(31, 13, 18, at_least=5) == 0
    assert blank_rows_to_fill(14, 13, 18, at_least=5) == 17


def test_sign_in_sector_column_fits_the_longest_sector_and_uses_the_office_fonts(tmp_path):
    from desktop_app.fileio.paperwork_dto import SignInMember

    dto = samples.sign_in_sheet(members=[SignInMember("王堃", "社会福利和社会保障界"), SignInMember("李芳", "中共")])
    path = write_sign_in_sheet(dto, tmp_path / "签到表.docx", fonts=FontSet.windows())
    tbl = part(path, "word/document.xml").find(".//w:tbl", NS)
    widths = [int(g.get(w("w"))) for g in tbl.findall("w:tblGrid/w:gridCol", NS)]
    # 10 characters of 四号 (14 pt ≈ 4.94 mm) and the cell padding fit in the 界别 column: it never wraps
    assert widths[2] >= round((10 * 14 * 25.4 / 72 + 3.4) * 1440 / 25.4)
    fonts = {r.find("w:rPr/w:rFonts", NS).get(w("eastAsia")) for r in tbl.iter(w("r"))}
    assert fonts == {"仿宋", "黑体"}  # the Windows set: 仿宋 in the cells, 黑体 in the header


def test_sign_in_sheet_for_a_consultation_short_header(tmp_path):
    dto = samples.sign_in_sheet(title="老旧小区加装电梯协商议事签到表", kind="协商", place="城东社区", members=[],
                                blank_rows=3, organizer="", start_time="")
    path = write_sign_in_sheet(dto, tmp_path / "协商.docx")
    lines = texts(path)
    title = [p for p in body_paragraphs(path) if style_of(p) == "GwTitle"][0]
    assert paragraph_text(title).replace("\n", "") == "老旧小区加装电梯协商议事签到表"
    assert "协商时间：2026年3月12日　　地点：城东社区" in lines
    assert "主办：" not in "".join(lines)
    # no members: blank rows fill the first page. Under 4 lines of 10.21 mm (title, blank, time, blank), the
    # header row and 3 mm of slack, 169.85 mm are left: 15 rows of 11.3 mm
    assert len(table_rows(part(path, "word/document.xml").find(".//w:tbl", NS))) == 1 + 15
    with pytest.raises(ValueError):
        SignInSheetDTO("x", dt.date(2026, 1, 1), blank_rows=-1)


def test_dtos_are_frozen_and_hold_tuples():
    dto = samples.assignment_notice()
    assert isinstance(dto.items, tuple)
    with pytest.raises(AttributeError):
        dto.unit_name = "别的单位"  # type: ignore[misc]
