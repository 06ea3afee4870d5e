"""The 年度工作总结's wording: figures never recorded are left out, examples come from their own records,
breakdowns go to the appendix with one precision per column, and a chart is a picture in the document."""
from __future__ import annotations

import dataclasses
import datetime as _dt
import re

from desktop_app.fileio.annual_dto import (ConsultationExample, ConsultationsPart, KeyProposalRow, OpinionExample,
                                           OpinionsPart, ProposalsPart)
from desktop_app.fileio.documents.annual import context, example_dto
from tests.fileio.docx_checks import NS, body_paragraphs, part, render_shipped, table_rows, texts


def _text(value) -> str:
    return "".join(value.texts)


def test_unrecorded_figures_are_left_out_not_printed_as_zero():
    dto = example_dto()
    quiet = dataclasses.replace(
        dto,
        proposals=dataclasses.replace(dto.proposals, face_to_face=0, feedback=0, satisfied=0, overdue=0, excellent=0),
        opinions=dataclasses.replace(dto.opinions, adopted=0, adopted_by_level={}, with_instructions=0, bulletins=0,
                                     examples=()))
    fields = context(quiet, charts=False)
    proposals, opinions = _text(fields["提案"]["概况"]), _text(fields["社情民意"]["概况"])
    assert "见面" not in proposals and "满意率" not in proposals and "超过办理期限" not in proposals
    assert "优秀提案" not in proposals
    assert "采用" not in opinions and "批示" not in opinions and "编报" not in opinions
    assert fields["提案"]["见面率"] == "" and fields["提案"]["满意率"] == ""
    assert not fields["社情民意"]["事例"]


def test_a_ledger_without_content_of_its_own_gets_one_summarising_sentence():
    dto = example_dto()
    plain = dataclasses.replace(dto, consultations=dataclasses.replace(
        dto.consultations, by_topic={"农田灌溉": 9, "集体经济": 7, "停车难": 5, "路灯安装": 2}, examples=()))
    fields = context(plain, charts=False)
    summary = _text(fields["有事来商量"]["概况"])
    assert "全年围绕农田灌溉、集体经济、停车难等议题开展协商100次" in summary
    assert "路灯安装" not in summary
    assert not fields["有事来商量"]["事例"]


def test_each_example_is_its_own_sentence():
    dto = example_dto()
    told = dataclasses.replace(dto, consultations=dataclasses.replace(dto.consultations, examples=(
        ConsultationExample(_dt.date(2025, 5, 2), "古韩1村", "古韩镇", "农田灌溉", "修复灌溉渠道1.2公里", "", 2),
        ConsultationExample(_dt.date(2025, 6, 9), "西井社区", "西井镇", "停车难", "划定夜间停车位60个", "", 1))))
    text = _text(context(told, charts=False)["有事来商量"]["事例"])
    first, second = [s for s in text.split("。") if s]
    assert "古韩1村" in first and "修复灌溉渠道1.2公里" in first
    assert "西井社区" in second and "划定夜间停车位60个" in second
    planted = ("古韩1村", "西井社区", "农田灌溉", "停车难", "修复灌溉渠道1.2公里", "划定夜间停车位60个")

    def skeleton(sentence: str) -> str:
        for name in planted:
            sentence = sentence.replace(name, "某")
        return re.sub(r"\d+", "#", sentence)

    assert skeleton(first) != skeleton(second)


def test_opinions_name_the_highest_level_and_the_leader():
    dto = example_dto()
    fields = context(dataclasses.replace(dto, opinions=OpinionsPart(
        received=10, by_members=8, submitting_members=5, active_members=20, adopted=3,
        adopted_by_level={"全国": 1, "市": 2}, with_instructions=1,
        examples=(OpinionExample("关于农村饮水安全的建议（3）", "全国"),
                  OpinionExample("关于规范小饭桌管理的建议", instructed_by="县委副书记")))), charts=False)
    assert "其中全国政协采用1篇、市级采用2篇；1篇获领导批示。" in _text(fields["社情民意"]["概况"])
    assert _text(fields["社情民意"]["事例"]) == ("《关于农村饮水安全的建议》被全国政协采用。"
                                                "《关于规范小饭桌管理的建议》获县委副书记批示。")


def test_resolved_and_key_proposals_are_named_by_their_shortened_titles():
    dto = example_dto()
    proposals = dataclasses.replace(dto.proposals, resolved=(
        ("经济建设", ("关于完善营商环境的建议", "关于规范营商环境的建议", "关于发展数字经济的建议")),
        ("社会建设", ("关于加快农村养老服务的建议",))),
        key_proposals=(KeyProposalRow(9, "关于推进浊漳河生态修复的建议", "王堃", ("县水利局",)),), key=1)
    text = _text(context(dataclasses.replace(dto, proposals=proposals), charts=False)["提案"]["事例"])
    assert text == ("办理中，完善营商环境、发展数字经济等经济建设类提案，加快农村养老服务等社会建设类提案，"
                    "所提问题已经解决或基本解决。确定推进浊漳河生态修复等重点提案1件，实行重点督办（见附表5）。")


def test_the_appendix_has_captions_one_precision_per_column_and_no_empty_column():
    dto = example_dto()
    dto = dataclasses.replace(dto, proposals=dataclasses.replace(dto.proposals, key_proposals=(
        KeyProposalRow(9, "关于推进浊漳河生态修复的建议", "王堃", ("县水利局",)),)))
    tables = context(dto, charts=False)["附表"]
    assert [t["标题"].split("　")[0] for t in tables] == [f"附表{n}" for n in range(1, len(tables) + 1)]
    key = next(t["表格"] for t in tables if "重点提案" in t["标题"])
    assert key.headers == ("案号", "案由", "提案者", "主办单位")  # nobody recorded a leader: no empty column
    assert key.aligns[1] == "left"
    for table in (t["表格"] for t in tables):
        for column in range(len(table.headers)):
            rates = [str(row[column]) for row in table.rows if str(row[column]).endswith("%")]
            decimals = {len(r.rstrip("%").partition(".")[2]) for r in rates}
            assert len(decimals) <= 1, (table.headers, rates)


def test_a_chart_is_a_picture_with_its_caption_under_it(tmp_path):
    from desktop_app.fileio.documents import kind

    out = render_shipped("annual", kind("annual").example(), tmp_path / "总结.docx")
    paragraphs = body_paragraphs(out)
    with_picture = [i for i, p in enumerate(paragraphs) if p.find(".//w:drawing", NS) is not None]
    assert len(with_picture) == 2
    captions = [texts(out)[i + 1] for i in with_picture]
    assert captions == ["图1　2025年立案提案类别分布", "图2　2025年各月委员之家活动和“有事来商量”协商次数"]
    body = part(out, "word/document.xml").find("w:body", NS)
    for table in body.findall("w:tbl", NS):
        before, after = table.getprevious(), table.getnext()
        assert before.tag.endswith("}p") and "附表" in "".join(before.itertext())
        assert after.tag.endswith("}p")  # never two tables back to back
        assert table_rows(table)[0]


def test_the_example_uses_no_proposals_part_default():
    # a DTO with no proposals at all still fills the template (nothing recorded: a short sentence, no table)
    dto = dataclasses.replace(example_dto(), proposals=ProposalsPart(), consultations=ConsultationsPart())
    fields = context(dto, charts=False)
    assert _text(fields["提案"]["概况"]) == "2025年未收到提案。"
    assert "还没有登记协商活动" in _text(fields["有事来商量"]["概况"])
    assert all("重点提案" not in t["标题"] for t in fields["附表"])


def test_a_session_span_is_named_by_its_session():
    dto = dataclasses.replace(example_dto(), period_start=_dt.date(2025, 2, 20), period_end=_dt.date(2026, 2, 10),
                              period_label="14届4次会议以来")
    fields = context(dto, charts=False)
    assert fields["时段"] == fields["时段起语"] == "十四届四次会议以来"
    assert fields["下一年度"] == "下一阶段"
    assert _text(fields["提案"]["概况"]).startswith("十四届四次会议以来，共征集提案304件")
