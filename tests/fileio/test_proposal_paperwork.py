import datetime as dt

import pytest

from desktop_app.fileio.official_doc import FontSet
from desktop_app.fileio.paperwork_dto import AssignmentItem, ReminderDTO, SignInSheetDTO
from desktop_app.fileio.proposal_paperwork import (
    write_assignment_notice,
    write_proposal_form,
    write_reminder,
    write_satisfaction_form,
)
from tests.fileio import paperwork_samples as samples
from tests.fileio.docx_checks import (
    NS,
    common_checks,
    texts,
    body_paragraphs,
    check_fonts_everywhere,
    check_table,
    effective_ppr_attr,
    footer_parts,
    paragraph_text,
    part,
    part_bytes,
    render_shipped,
    style_of,
    styles_by_id,
    table_rows,
    w,
)


def test_proposal_form(tmp_path):
    path = write_proposal_form(samples.proposal_form(), tmp_path / "提案表.docx")
    d, tables = common_checks(path)
    assert texts(path)[0].replace("\n", "") == "政协第十四届黎城县委员会第五次会议提案"
    facts = table_rows(tables[0])
    assert facts[0] == ["案　号", "第001号", "类　别", "社会建设", "提案形式", "委员提案"]
    assert facts[1] == ["案　由", "关于进一步加强农村饮水安全工程建设与管护的建议"]
    assert facts[2] == ["提案人", "王堃", "界　别", "经济界", "联系电话", "13800000000"]
    assert ["附议人", "李喆（教育界）、张玥（医药卫生界）"] in facts
    assert ["提交日期", "2026年1月6日", "建议承办单位", "县水利局、县财政局"] in facts
    # the body: numbered lines become headings, the rest body text
    body = [(style_of(p), paragraph_text(p)) for p in body_paragraphs(path)]
    assert ("GwHeading1", "一、存在的问题") in body
    assert ("GwHeading2", "（一）明确管护主体") in body
    assert ("GwBody", "建议县财政每年安排专项资金，用于小型工程维修养护。") in body
    review = table_rows(tables[1])
    assert [row[0] for row in review] == ["初审意见", "复审意见", "交办意见"]
    assert all(row[1].endswith("签字：　　　　　　　　年　　月　　日") for row in review)
    # the merged 案由 cell spans five grid columns
    assert tables[0].findall("w:tr", NS)[1].find("w:tc/w:tcPr/w:gridSpan", NS) is not None
    # GBK names keep their look in the GB2312 font set: 堃 falls back to 仿宋
    runs = [r for r in part(path, "word/document.xml").iter(w("r")) if r.findtext("w:t", namespaces=NS) == "堃"]
    assert runs and runs[0].find("w:rPr/w:rFonts", NS).get(w("eastAsia")) == "仿宋"


def test_collective_proposal_form_and_escaping(tmp_path):
    dto = samples.proposal_form(kind="集体提案", organization="民革黎城县支部", co_signers=[], title=samples.TRICKY_TITLE,
                                case_number="", submitted_on=None, body="", first_review="同意立案。",
                                handling_units="主办：县市场监管局")
    path = write_proposal_form(dto, tmp_path / "集体.docx", fonts=FontSet.windows())
    _, tables = common_checks(path)
    facts = table_rows(tables[0])
    assert ["提案单位", "民革黎城县支部"] in facts
    assert ["案　由", samples.TRICKY_TITLE] in facts
    assert not any(row[0] == "附议人" for row in facts)
    assert "A&amp;B&lt;类&gt;" in part_bytes(path, "word/document.xml").decode()
    assert ["提交日期", "年　　月　　日", "建议承办单位", "县水利局、县财政局"] in facts
    review = table_rows(tables[1])
    assert review[0][1].startswith("同意立案") and review[2][1].startswith("主办：县市场监管局")


def test_assignment_notice(tmp_path):
    path = write_assignment_notice(samples.assignment_notice(), tmp_path / "交办通知.docx")
    d, tables = common_checks(path)
    lines = texts(path)
    assert lines[0] == "黎政协提〔2026〕3号"
    title = [p for p in body_paragraphs(path) if style_of(p) == "GwTitle"][0]
    assert paragraph_text(title).replace("\n", "") == "关于交办政协第十四届黎城县委员会第五次会议提案的通知"
    assert "县水利局：" in lines
    assert any("提案3件交由你单位办理（其中主办1件、会办1件、分办1件）" in t for t in lines)
    assert any("请于2026年4月20日前办结" in t for t in lines)
    assert any("30日内将会办意见送主办单位" in t for t in lines)
    assert "联系人：赵六；联系电话：0355-6222222。" in lines
    assert lines[-2:] == ["政协黎城县委员会提案委员会", "2026年1月20日"] or lines[-3:-1] == [
        "政协黎城县委员会提案委员会", "2026年1月20日"]
    rows = table_rows(tables[0])
    assert rows[0] == ["序号", "案号", "案由", "提案者", "办理方式", "办理期限"]
    assert rows[1] == ["1", "第001号", "关于进一步加强农村饮水安全工程建设与管护的建议", "王堃", "主办（会办：县财政局）",
                       "2026年4月20日"]
    assert rows[2][2] == samples.TRICKY_TITLE and rows[2][4] == "会办（主办：县市场监管局）"
    assert rows[3][4] == "分办"
    assert tables[0].find("w:tr/w:trPr/w:tblHeader", NS) is not None
    # the lead-in line keeps with the table
    lead_in = [p for p in body_paragraphs(path) if paragraph_text(p) == "交办提案清单如下："][0]
    assert lead_in.find("w:pPr/w:keepNext", NS) is not None


def test_reminder_counts_overdue_days(tmp_path):
    path = write_reminder(samples.reminder(), tmp_path / "催办单.docx")
    _, tables = common_checks(path)
    lines = texts(path)
    assert lines[0] == "提案办理催办单" and lines[1] == "催办〔2026〕第2号"
    assert any(t.startswith("截至2026年5月6日，你单位承办的下列提案3件已超过办理期限") and "于2026年5月20日前" in t
               for t in lines)
    rows = table_rows(tables[0])
    assert rows[0] == ["序号", "案号", "案由", "交办日期", "办理期限", "超期天数"]
    assert rows[1] == ["1", "第001号", "关于进一步加强农村饮水安全工程建设与管护的建议", "2026年1月20日", "2026年4月20日", "16天"]
    assert rows[2][2] == samples.TRICKY_TITLE + "（会办）"
    assert rows[3][5] == "5天"  # given by the service, not recomputed


def test_reminder_without_reply_date(tmp_path):
    dto = ReminderDTO("提案委员会", "县教育局", [AssignmentItem("第002号", "关于某事的建议", "张三", due_on=dt.date(2026, 5, 1))],
                      as_of=dt.date(2026, 5, 3), issued_on=dt.date(2026, 5, 3))
    path = write_reminder(dto, tmp_path / "r.docx")
    assert any("尽快将办理结果书面答复提案者" in t for t in texts(path))
    assert table_rows(part(path, "word/document.xml").find(".//w:tbl", NS))[1][-1] == "2天"


def test_satisfaction_form(tmp_path):
    path = write_satisfaction_form(samples.satisfaction_form(), tmp_path / "测评表.docx")
    _, tables = common_checks(path)
    lines = texts(path)
    assert lines[0] == "提案办理满意度测评表" and lines[1] == samples.SESSION
    rows = table_rows(tables[0])
    assert rows[0] == ["案　号", "第001号", "提案者：王堃"]
    assert rows[2] == ["承办单位", "办理方式", "答复日期", "测评意见", "是否见面"]
    assert rows[3] == ["县水利局", "主办", "2026年4月10日（A类）", "□满意□基本满意□不满意", "□是　□否"]
    assert rows[4][2] == "　年　月　日"
    assert rows[5][0] == "意见和建议"
    assert rows[6][0].startswith("提案者签名：") and rows[6][0].endswith("年　　月　　日")
    assert any("请于2026年5月31日前将本表寄回或送交政协黎城县委员会提案委员会，联系电话：0355-6222222。" in t for t in lines)
    # the remarks row is tall enough to write in
    heights = [tr.find("w:trPr/w:trHeight", NS) for tr in tables[0].findall("w:tr", NS)]
    assert int(heights[5].get(w("val"))) >= 2500


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
