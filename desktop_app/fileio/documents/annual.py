"""年度工作总结: the year's work by area, worded from the figures in the style of the seeds' reports.

The template holds the page, the headings, the places for the office's own words (highlighted: the
opening, 主要做法和成效 in every section, 存在的问题, 下一年度工作思路), the charts and the appendix. The
program fills each section's figures as sentences (`{{ 提案.概况 }}`), one paragraph of examples drawn
from the records themselves (`{{ 提案.事例 }}`), and, for an office that words a section itself, every
figure on its own (`{{ 提案.立案率 }}` …).

Wording rules (docs/reports.md "年度工作总结"): figures in a fixed order, each once; a figure never
recorded is left out, not printed as 0 (no 见面率 without a meeting entered); breakdowns go to the
appendix (附表), each table with its caption; no member is named with a score or a warning.
"""
from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any, Sequence

from desktop_app.domain.cn_format import format_cn_date
from desktop_app.domain.period import format_rate as rate
from desktop_app.domain.period import share_column
from desktop_app.fileio.annual_dto import (ActivityExample, AnnualReportDTO, ConsultationExample, ConsultationsPart,
                                           DutyPart, HomesPart, KeyProposalRow, MembersPart, OpinionExample,
                                           OpinionsPart, ProposalsPart)
from desktop_app.fileio.documents.annual_wording import (Numbers, consultation_examples,
                                                        consultations_paragraphs, duty_paragraphs, homes_examples,
                                                        homes_paragraphs, members_paragraphs, opinion_examples,
                                                        opinions_paragraphs, proposal_examples, proposals_paragraphs,
                                                        short_county, since_text, span_text)
from desktop_app.fileio.docx_template import Chart, Paragraphs, Signature, Table
from desktop_app.fileio.documents import DocumentKind
from desktop_app.fileio.documents._build import save_template, tag, template_document
from desktop_app.fileio.docx_xml import SIZE_SI, SIZE_XIAO_SI, TEXT_WIDTH_MM
from desktop_app.fileio.title_lines import balance_title_lines

CHART_WIDTH_MM = 140.0
MONTHS_CHARTED = 36  # a longer span is not drawn month by month
def _share_rows(counts: dict[str, int] | Any, whole: int) -> list[tuple]:
    names = list(counts)
    values = [counts[name] for name in names]
    return list(zip(names, values, share_column(values, whole)))


def appendix(dto: AnnualReportDTO) -> list[tuple[str, str, Table]]:
    """(key, caption without its number, table) of every breakdown with rows, in the order printed."""
    m, p, h, c = dto.members, dto.proposals, dto.homes, dto.consultations
    end = format_cn_date(dto.period_end)
    out: list[tuple[str, str, Table]] = []
    if m.active:
        for key, what, counts in (("sector", "界别", m.by_sector), ("political_status", "政治面貌", m.by_political_status),
                                  ("education", "学历", m.by_education), ("age", "年龄", m.by_age_band)):
            rows = [(name if name != "未填" else "未填写", n, share) for name, n, share in _share_rows(counts, m.active)]
            if rows:
                caption = f"在任委员{what}构成（截至{end}）" if key == "sector" else f"在任委员{what}构成"
                out.append((key, caption, Table((what, "人数", "占比"), rows, font_size=SIZE_SI)))
    if p.key_proposals:
        out.append(("key", "重点提案及领办督办情况", _key_table(p.key_proposals)))
    if h.by_home:
        out.append(("homes", "各“委员之家”活动开展情况",
                    Table(("委员之家", "活动次数", "占比"), _share_rows(h.by_home, h.activities), font_size=SIZE_SI)))
    if h.by_kind:
        out.append(("kinds", "各类活动开展情况",
                    Table(("活动类型", "活动次数", "出席人次"),
                          [(kind, n, h.attendance_by_kind.get(kind, 0)) for kind, n in h.by_kind.items()],
                          font_size=SIZE_SI)))
    if c.by_township:
        out.append(("townships", "各乡镇（街道）“有事来商量”协商情况",
                    Table(("乡镇（街道）", "协商次数", "占比"), _share_rows(c.by_township, c.sessions), font_size=SIZE_SI)))
    return out


def _key_table(rows: Sequence[KeyProposalRow]) -> Table:
    """案号, 案由, 提案者, 主办单位, 领办督办领导 (one a line) — a column nobody filled is left out; the title
    column, the widest, reads from the left; the case number never wraps."""
    from desktop_app.fileio.docx_xml import CELL_PADDING_MM, PT_TO_MM
    from desktop_app.fileio.title_lines import text_width

    char = SIZE_XIAO_SI * PT_TO_MM

    def fit(texts, least: float, most: float) -> float:
        """Wide enough for the longest text on one line (at least `least` characters), at most `most` mm."""
        return min(max([text_width(t) for t in texts] + [least]) * char + CELL_PADDING_MM + 1.0, most)

    columns = [("案号", "center", fit(["案号"], 2, 14), lambda k: f"{k.case_number:03d}" if k.case_number else ""),
               ("案由", "left", 0.0, lambda k: k.title),
               ("提案者", "center", fit([k.proposer for k in rows], 3, 26), lambda k: k.proposer),
               ("主办单位", "center", fit([u for k in rows for u in k.lead_units], 4, 30),
                lambda k: "\n".join(k.lead_units)),
               ("领办督办领导", "left", fit([x for k in rows for x in k.leaders], 6, 56), lambda k: "\n".join(k.leaders))]
    kept = [col for col in columns if any(col[3](k) for k in rows)]
    widths = [col[2] for col in kept]
    title = [col[0] for col in kept].index("案由")
    # the title takes what is left, up to its longest line; any room beyond that is shared by all columns
    widths[title] = max(min(TEXT_WIDTH_MM - sum(widths), fit([k.title for k in rows], 6, TEXT_WIDTH_MM)), 36.0)
    spare = (TEXT_WIDTH_MM - sum(widths)) / len(widths)
    widths = [w + spare for w in widths] if spare > 0 else widths
    return Table(tuple(col[0] for col in kept), [tuple(col[3](k) for col in kept) for k in rows],
                 font_size=SIZE_XIAO_SI, aligns=tuple(col[1] for col in kept), widths_mm=tuple(widths))


# --- charts -------------------------------------------------------------------------------------------
def _months(start: _dt.date, end: _dt.date) -> list[tuple[int, int]]:
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def category_chart(p: ProposalsPart) -> Chart | None:
    from desktop_app.fileio.charts import ChartSize, pie_chart

    pairs = [(name, count) for name, count in p.by_category.items() if count]
    if not pairs:
        return None
    png = pie_chart([f"{name}类" for name, _ in pairs], [count for _, count in pairs],
                    size=ChartSize(CHART_WIDTH_MM, 70.0))
    return Chart(png, CHART_WIDTH_MM)


def months_chart(dto: AnnualReportDTO) -> Chart | None:
    from desktop_app.fileio.charts import ChartSize, line_chart

    h, c = dto.homes, dto.consultations
    months = _months(dto.period_start, dto.period_end)
    if not (h.activities or c.sessions) or len(months) > MONTHS_CHARTED:
        return None
    one_year = len({year for year, _ in months}) == 1
    labels = [f"{month}月" if one_year or month != 1 else f"{year}年{month}月" for year, month in months]
    keys = [f"{year:04d}-{month:02d}" for year, month in months]
    series = []
    if h.activities:
        series.append(("委员之家活动", [h.by_month.get(k, 0) for k in keys]))
    if c.sessions:
        series.append(("“有事来商量”协商", [c.by_month.get(k, 0) for k in keys]))
    png = line_chart(labels, series, size=ChartSize(CHART_WIDTH_MM, 70.0))  # the caption says 次数
    return Chart(png, CHART_WIDTH_MM)


# --- the context --------------------------------------------------------------------------------------
def context(dto: AnnualReportDTO, *, charts: bool = True, chart_maker=None) -> dict[str, Any]:
    """The template's fields. `charts=False` leaves the pictures out (nothing drawn, no matplotlib)."""
    numbers = Numbers()
    tables = appendix(dto)
    for index, (key, _caption, _table) in enumerate(tables, 1):
        numbers.tables[key] = index
    pictures: dict[str, Chart | None] = {"categories": None, "months": None}
    if charts:
        make = chart_maker or {"categories": lambda: category_chart(dto.proposals), "months": lambda: months_chart(dto)}
        for key in ("categories", "months"):
            pictures[key] = make[key]()
            if pictures[key] is not None:
                numbers.charts[key] = len(numbers.charts) + 1
    span = span_text(dto)
    caption = {
        "categories": f"{numbers.chart('categories')}　{span}立案提案类别分布" if pictures["categories"] else "",
        "months": (f"{numbers.chart('months')}　{span}各月委员之家活动和“有事来商量”协商次数"
                   if pictures["months"] else ""),
    }
    m, p, h, c, o, d = dto.members, dto.proposals, dto.homes, dto.consultations, dto.opinions, dto.duty
    next_year = f"{dto.period_end.year + 1}年" if dto.is_year else "下一阶段"
    return {
        "标题": "\n".join(balance_title_lines(dto.title)),
        "委员会": dto.committee,
        "县委": f"中共{dto.county}委" if dto.county else "党委",
        "政协简称": short_county(dto.county),
        "时段": span,
        "时段起语": since_text(dto),
        "截止日期": format_cn_date(dto.period_end),
        "下一年度": next_year,
        "委员队伍": {
            "概况": Paragraphs(members_paragraphs(m, dto, numbers)),
            "在任委员": m.active, "常委": m.standing, "女委员": m.women, "少数民族委员": m.minorities,
            "中共党员": m.cpc, "党外委员": m.non_cpc, "界别数": m.sectors,
        },
        "提案": {
            "概况": Paragraphs(proposals_paragraphs(p, dto, numbers)),
            "事例": Paragraphs(proposal_examples(p, numbers)),
            "类别图": pictures["categories"], "类别图题": caption["categories"],
            "征集": p.submitted, "立案": p.accepted, "并案": p.merged, "立案率": rate(p.accepted, p.submitted),
            "集体提案": p.collective, "委员提案": p.member,
            "委员参与率": rate(p.participating_members, p.active_members),
            "交办": p.assigned, "办复": p.replied, "办复率": rate(p.replied, p.assigned),
            "见面率": rate(p.face_to_face, p.replies) if p.face_to_face else "",
            "满意率": rate(p.satisfied, p.feedback) if p.feedback else "",
            "重点提案": p.key, "优秀提案": p.excellent,
        },
        "委员之家": {
            "概况": Paragraphs(homes_paragraphs(h, dto, numbers)),
            "事例": Paragraphs(homes_examples(h)),
            "月度图": pictures["months"], "月度图题": caption["months"],
            "委员之家数": h.homes, "活动次数": h.activities, "参加人次": h.attendance,
            "参与率": rate(h.attending_members, h.active_members),
        },
        "有事来商量": {
            "概况": Paragraphs(consultations_paragraphs(c, dto, numbers)),
            "事例": Paragraphs(consultation_examples(c)),
            "议事室": c.platforms, "协商次数": c.sessions, "意见建议": c.suggestions, "办成实事": c.done_deeds,
            "委员参与率": rate(c.participating_members, c.active_members),
            "覆盖率": rate(c.covered_villages, c.villages_total) if c.villages_total else "",
        },
        "社情民意": {
            "概况": Paragraphs(opinions_paragraphs(o, dto)),
            "事例": Paragraphs(opinion_examples(o)),
            "收到": o.received, "委员报送": o.by_members, "报送率": rate(o.submitting_members, o.active_members),
            "采用": o.adopted, "采用率": rate(o.adopted, o.received), "批示": o.with_instructions,
        },
        "委员履职": {
            "概况": Paragraphs(duty_paragraphs(d, dto)),
            "评价人数": d.members,
        },
        "附表": [{"标题": f"附表{index}　{caption_text}", "表格": table}
                 for index, (_key, caption_text, table) in enumerate(tables, 1)],
        "落款": Signature((dto.committee,), dto.signed_on),
    }


# --- the shipped template -----------------------------------------------------------------------------
SECTIONS = (
    # (heading, context key, chart field or None, the office's place)
    ("委员队伍建设", "委员队伍", None,
     "请办公室填写委员队伍建设的主要做法和成效：委员学习培训、联系界别群众、履职管理等。"),
    ("提案工作", "提案", "类别图",
     "请办公室写明提案工作的做法和成效，例如提高提案质量、重点提案督办、办理协商“面对面”等。"),
    ("“委员之家”建设", "委员之家", "月度图",
     "此处写委员之家的建设和活动成效：阵地建设、特色活动、委员在活动中发挥的作用。"),
    ("“有事来商量”协商", "有事来商量", None,
     "由办公室补写有事来商量的典型事例和成效：平台运行机制、协商成果转化、群众评价。"),
    ("社情民意信息工作", "社情民意", None,
     "补写社情民意信息工作的主要做法，如选题引导、信息质量提升、报送渠道拓展。"),
    ("委员履职管理", "委员履职", None,
     "填写履职评价的组织方式和结果运用：履职档案、通报表扬、约谈提醒等（不点名）。"),
)


def _caption(doc, text: str):
    """A centred caption under a chart, in 四号 on the grid."""
    from docx.shared import Pt

    paragraph = doc.centred(text)
    for run in paragraph.runs:
        run.font.size = Pt(SIZE_SI)
    return paragraph


def build_template(path: Path) -> Path:
    doc = template_document("年度工作总结")
    doc.title(["{{ 标题 }}"])
    doc.blank_line()
    doc.placeholder("【{{ 时段起语 }}，在{{ 县委 }}的坚强领导下，……（这一段由办公室在模板中写好，每年修改：一年来的形势、"
                    "党委对政协工作的领导和政协履职的总体情况。）】")
    doc.paragraph("{{ 时段起语 }}，{{ 政协简称 }}常委会履行各项职能，主要做了以下工作：")
    numerals = "一二三四五六七八九十"
    for index, (heading, key, chart, place) in enumerate(SECTIONS):
        doc.heading1(f"{numerals[index]}、{heading}")
        doc.paragraph(f"{{{{ {key}.概况 }}}}")
        if chart:
            tag(doc, f"{{%p if {key}.{chart} %}}")
            doc._paragraph("GwFigure", f"{{{{ {key}.{chart} }}}}")  # a picture needs a line of its own height
            _caption(doc, f"{{{{ {key}.{chart}题 }}}}")
            tag(doc, "{%p endif %}")
        if key != "委员队伍" and key != "委员履职":
            tag(doc, f"{{%p if {key}.事例 %}}")
            doc.paragraph(f"{{{{ {key}.事例 }}}}")
            tag(doc, "{%p endif %}")
        doc.placeholder(f"【{place}】")
    doc.heading1(f"{numerals[len(SECTIONS)]}、存在的问题")
    doc.placeholder("【由办公室填写工作中的不足，例如建言资政的质量、委员联系群众的机制、基层协商平台的运行等还需加强的方面。】")
    doc.heading1(f"{numerals[len(SECTIONS) + 1]}、{{{{ 下一年度 }}}}工作思路")
    doc.placeholder("【由办公室填写下一年度的总体要求和重点任务，可分条写明。】")
    tag(doc, "{{p 落款 }}")
    tag(doc, "{%p if 附表 %}")
    label = doc.salutation("附表")
    label.paragraph_format.page_break_before = True
    for run in label.runs:
        _set_east_asian(run, doc.fonts.hei)
    tag(doc, "{%p for 表 in 附表 %}")
    doc.centred("{{ 表.标题 }}", role="hei").paragraph_format.keep_with_next = True
    tag(doc, "{{p 表.表格 }}")
    doc.blank_line()
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    return save_template(doc, path)



def _set_east_asian(run, font: str) -> None:
    from docx.oxml.ns import qn

    r_fonts = run._r.get_or_add_rPr().find(qn("w:rFonts"))
    if r_fonts is None:
        r_fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        r_fonts.set(qn(slot), font)


# --- the example --------------------------------------------------------------------------------------
def _example_png() -> bytes:
    """A 1×1 white PNG: the example's charts, so that checking a template draws nothing."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))
            + chunk(b"IEND", b""))


def example_dto() -> AnnualReportDTO:
    d = _dt.date
    return AnnualReportDTO(
        committee="政协黎城县委员会", county="黎城县", title="政协黎城县委员会2025年度工作总结",
        period_start=d(2025, 1, 1), period_end=d(2025, 12, 31), period_label="2025年", signed_on=d(2026, 1, 16),
        members=MembersPart(active=180, standing=21, women=58, minorities=9, cpc=49, non_cpc=131, sectors=3,
                            by_sector={"中共": 12, "经济界": 10, "教育界": 8},
                            by_political_status={"中共党员": 49, "无党派人士": 51},
                            by_education={"大学": 87, "研究生": 33}, by_age_band={"35岁及以下": 42, "36—45岁": 33}),
        proposals=ProposalsPart(
            submitted=304, accepted=270, merged=7, collective=69, member=201, participating_members=171,
            active_members=180, by_category={"经济建设": 79, "社会建设": 92},
            assigned=263, replied=263, replies=289, reply_categories={"A": 97, "B": 163, "C": 29},
            face_to_face=207, feedback=301, satisfied=289, key=2, excellent=7,
            key_proposals=(KeyProposalRow(9, "关于推动县域医共体建设的建议", "民建黎城县支部", ("县卫健委",),
                                          ("县长李明（领办）",)),
                           KeyProposalRow(17, "关于推进浊漳河生态修复的建议", "王堃", ("县水利局",), ())),
            resolved=(("社会建设", ("关于加快农村养老服务的建议",)),)),
        homes=HomesPart(homes=12, activities=205, in_homes=200, county_wide=5, attendance=2428, attending_members=168,
                        active_members=180, suggestions=310, by_kind={"理论学习": 60, "调研视察": 40},
                        attendance_by_kind={"理论学习": 700, "调研视察": 400}, by_home={"古韩镇委员之家": 30},
                        by_month={"2025-03": 20, "2025-04": 18},
                        examples=(ActivityExample(d(2025, 4, 8), "古韩镇委员之家", "调研视察", "营商环境调研视察",
                                                  "委员走访12家企业，提出优化审批流程等建议6条"),)),
        consultations=ConsultationsPart(
            platforms=98, covered_villages=90, villages_total=104, sessions=100, participating_members=94,
            active_members=180, suggestions=609, done_deeds=124, department_participants=210,
            resident_participants=1800, by_topic_source={"党政点题": 40, "群众出题": 60},
            by_topic={"农田灌溉": 20, "停车难": 15}, by_follow_up={"已落实": 70, "落实中": 20},
            by_township={"古韩镇": 30}, by_month={"2025-03": 9},
            examples=(ConsultationExample(d(2025, 7, 11), "古韩1村", "古韩镇", "农田灌溉",
                                          "确定由村委会牵头修复灌溉渠道1.2公里", "新建提灌站1座", 2),)),
        opinions=OpinionsPart(received=360, by_members=298, submitting_members=153, active_members=180, adopted=200,
                              adopted_by_level={"省": 12, "市": 60}, with_instructions=5, bulletins=24,
                              examples=(OpinionExample("关于校园周边交通安全的建议", "省"),
                                        OpinionExample("关于规范小饭桌管理的建议", "", "县委副书记"))),
        duty=DutyPart(members=180, by_band={"优秀": 30, "良好": 70, "称职": 72, "不称职": 8}),
    )


def example() -> dict[str, Any]:
    png = _example_png()
    return context(example_dto(), chart_maker={"categories": lambda: Chart(png, CHART_WIDTH_MM),
                                               "months": lambda: Chart(png, CHART_WIDTH_MM)})


DESCRIPTIONS = {
    "标题": "“政协××县委员会2025年度工作总结”；会次或起止日期时写明时段；过长时已分成对称的几行",
    "委员会": "委员会名称，如“政协黎城县委员会”",
    "县委": "“中共××县委”，用于开头一段",
    "政协简称": "正文中对本会的简称：县政协、区政协或市政协",
    "时段": "“2025年”；按会次统计时为“十四届四次会议以来”，按日期统计时为起止日期",
    "时段起语": "开头一段的起首语：“一年来”，或会次、起止日期",
    "截止日期": "统计时段的最后一天，如“2025年12月31日”",
    "下一年度": "“2026年”；不是整年时为“下一阶段”",
    "委员队伍": "委员队伍一节的字段（一组）",
    "委员队伍.概况": "在任委员、常委、中共党员和党外委员、女委员、少数民族委员、界别数，成句的一段",
    "委员队伍.在任委员": "统计时段末在任委员人数",
    "委员队伍.常委": "其中常委人数",
    "委员队伍.女委员": "女委员人数",
    "委员队伍.少数民族委员": "少数民族委员人数",
    "委员队伍.中共党员": "中共党员（含预备党员）委员人数",
    "委员队伍.党外委员": "党外委员人数（填写了政治面貌且不是中共党员）",
    "委员队伍.界别数": "委员分布的界别个数",
    "提案": "提案工作一节的字段（一组）",
    "提案.概况": "征集、立案、立案率、集体和委员提案、委员参与率、类别，以及交办、办复、答复类别、见面、满意、超期、"
               "优秀提案，成句的一两段；没有登记的数字不写",
    "提案.事例": "从提案本身写成的事例：答复为A类的提案按类别举例，重点提案举例；没有时为空",
    "提案.类别图": "立案提案类别分布图（环形图）；不画图时为空",
    "提案.类别图题": "类别图下的图题，如“图1　2025年立案提案类别分布”",
    "提案.征集": "征集提案件数",
    "提案.立案": "立案件数（含并案）",
    "提案.并案": "其中并案件数",
    "提案.立案率": "立案率，如 88.82%",
    "提案.集体提案": "立案的集体提案件数",
    "提案.委员提案": "立案的委员提案件数",
    "提案.委员参与率": "领衔或联名提出提案的在任委员所占比例",
    "提案.交办": "交办件数",
    "提案.办复": "已办复件数",
    "提案.办复率": "办复率",
    "提案.见面率": "见面率；没有登记见面时为空",
    "提案.满意率": "满意率；没有反馈意见时为空",
    "提案.重点提案": "重点提案件数",
    "提案.优秀提案": "优秀提案件数",
    "委员之家": "委员之家一节的字段（一组）",
    "委员之家.概况": "委员之家个数、活动次数、参加人次、参加过活动的委员及其比例、意见建议，成句的一段",
    "委员之家.事例": "从活动记录写成的事例：活动主题、有简况的活动；没有时为空",
    "委员之家.委员之家数": "委员之家个数",
    "委员之家.活动次数": "活动次数（含全县性活动）",
    "委员之家.参加人次": "出席委员人次",
    "委员之家.参与率": "参加过活动的在任委员所占比例",
    "委员之家.月度图": "各月委员之家活动和有事来商量协商次数折线图；不画图时为空",
    "委员之家.月度图题": "月度图下的图题，如“图2　2025年各月委员之家活动和“有事来商量”协商次数”",
    "有事来商量": "有事来商量一节的字段（一组）",
    "有事来商量.概况": "协商议事室、覆盖率、主要议题、协商次数、议题来源、委员参与、意见建议、办成实事、落实情况，成句的一两段",
    "有事来商量.事例": "从协商记录写成的事例（各有不同的协商成果时）；没有时为空",
    "有事来商量.议事室": "协商议事室个数",
    "有事来商量.协商次数": "协商次数",
    "有事来商量.意见建议": "收集意见建议条数",
    "有事来商量.办成实事": "办成实事件数",
    "有事来商量.委员参与率": "参与协商的在任委员所占比例",
    "有事来商量.覆盖率": "村（社区）覆盖率；没有设置村（社区）总数时为空",
    "社情民意": "社情民意信息一节的字段（一组）",
    "社情民意.概况": "收到、委员报送、报送率、编报期数、采用及各级采用、批示，成句的一段",
    "社情民意.事例": "被采用或获批示的信息标题举例；没有时为空",
    "社情民意.收到": "收到信息篇数",
    "社情民意.委员报送": "委员报送篇数",
    "社情民意.报送率": "报送信息的在任委员所占比例",
    "社情民意.采用": "被采用篇数",
    "社情民意.采用率": "采用率",
    "社情民意.批示": "获领导批示篇数",
    "委员履职": "委员履职一节的字段（一组）",
    "委员履职.概况": "参加履职评价的在任委员人数和各等次人数（不点名、不列分数）",
    "委员履职.评价人数": "参加履职评价的在任委员人数",
    "附表": "正文之后的附表，每项有“标题”（附表1　……）和“表格”：界别、政治面貌、学历、年龄构成，重点提案，"
          "委员之家和活动类型，各乡镇协商情况；没有数据的表不列",
    "落款": "落款：委员会名称和成文日期",
}

KIND = DocumentKind(
    key="annual", title="年度工作总结", purpose="按年度（或会次、起止日期）汇总各项工作的数字和事例，供写常委会工作报告",
    build_template=build_template, example=example, descriptions=DESCRIPTIONS,
)
