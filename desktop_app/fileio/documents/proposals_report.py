"""提案工作情况报告: the standing committee's report on proposal work, read at the plenary session (seeds 001, 003).

The template holds the wording people expect (受常委会委托, the figures' sentence, the thanks, the
closing) and a highlighted place wherever only the office can write (the year's context, 主要做法,
存在的不足, 工作思路); the program fills the figures and one paragraph per category of the office's
vocabulary naming real proposals with what their replies record (proposals_wording).
"""
from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

from desktop_app.domain.cn_format import cn_numeral, format_cn_date, session_label
from desktop_app.domain.period import format_rate
from desktop_app.fileio.docx_template import Chart
from desktop_app.fileio.documents import DocumentKind
from desktop_app.fileio.documents._build import save_template, tag, template_document
from desktop_app.fileio.documents.proposals_wording import SentenceBook, category_paragraph, leader_order
from desktop_app.fileio.proposals_report_dto import (CategoryFacts, ExampleProposal, ProposalsReportDTO,
                                                     ReportNumbers)
from desktop_app.fileio.title_lines import TITLE_MAX_CHARS, balance_title_lines, text_width

NUMBERS = "一二三四五六七八九十"
UNCATEGORISED = "未分类"  # statistics' name for proposals outside the office's vocabulary
CHART_WIDTH_MM = 140.0
LEADERS_NAMED = 4


def level(county: str) -> str:
    """县, 市, 区 or 旗: how the county's own bodies are called (县委, 县政府, 县政协)."""
    return county[-1] if county and county[-1] in "县市区旗" else "县"


def short_name(county: str) -> str:
    return f"{level(county)}政协"


def term_committee(county: str, term: int) -> str:
    """政协第十四届黎城县委员会 — the committee of one term, which the standing committee belongs to."""
    return f"政协第{cn_numeral(term)}届{county}委员会"


def span_words(dto: ProposalsReportDTO) -> tuple[str, str]:
    """(what is reported: 县政协十四届四次会议以来 / 2025年度 / dates, how the figures' sentence opens)."""
    if dto.span_kind == "session" and dto.since_session:
        term, number = dto.since_session
        since = f"{short_name(dto.county)}{cn_numeral(term)}届{cn_numeral(number)}次会议以来"
        return since, since
    if dto.span_kind == "year":
        return f"{dto.start.year}年度", f"{dto.start.year}年"
    dates = f"{format_cn_date(dto.start)}至{format_cn_date(dto.end)}"
    return dates, dates


def title_lines(committee: str, span: str) -> list[str]:
    """The title in balanced lines, never broken inside the span's dates: issuer, 关于…, 提案工作情况的报告."""
    head, tail = f"{committee}常务委员会", f"关于{span}提案工作情况的报告"
    if text_width(head + tail) <= TITLE_MAX_CHARS:
        return [head + tail]
    lines = balance_title_lines(head) if text_width(head) > TITLE_MAX_CHARS else [head]
    if text_width(tail) <= TITLE_MAX_CHARS:
        return lines + [tail]
    return lines + [f"关于{span}", "提案工作情况的报告"]


def _reply_sentence(n: ReportNumbers) -> str:
    """在N件次答复中，所提问题已经解决或基本解决的A件次，占a%；…… (the categories recorded only)."""
    if not n.replies:
        return ""
    parts = [(n.reply_a, "所提问题已经解决或基本解决的"), (n.reply_b, "正在解决或已列入计划逐步解决的"),
             (n.reply_c, "因条件限制或其他原因留作参考的")]
    named = [f"{label}{count}件次，占{format_rate(count, n.replies)}" for count, label in parts if count]
    if not named:
        return ""
    return f"在{n.replies}件次答复中，{'；'.join(named)}。"


def _key_sentence(dto: ProposalsReportDTO) -> str:
    if not dto.numbers.key:
        return ""
    names = leader_order([name for _, name in dto.key_leaders])
    roles = "".join(role for role in ("领办", "督办") if any(r == role for r, _ in dto.key_leaders))
    if not names:
        return f"确定重点提案{dto.numbers.key}件，实行重点督办。"
    etc = "等" if len(names) > LEADERS_NAMED else ""
    return f"确定重点提案{dto.numbers.key}件，由{'、'.join(names[:LEADERS_NAMED])}{etc}县级领导{roles}。"


def _meeting_sentence(n: ReportNumbers) -> str:
    if not n.face_to_face:  # never recorded: left out, not printed as 0
        return ""
    return f"各承办单位与提案者见面协商{n.face_to_face}件次，见面率{format_rate(n.face_to_face, n.replies)}。"


def _satisfaction_sentence(n: ReportNumbers) -> str:
    given = n.satisfied + n.basically_satisfied + n.dissatisfied
    if not given:
        return ""
    parts = [f"{label}{count}件次" for label, count in (("满意", n.satisfied), ("基本满意", n.basically_satisfied),
                                                     ("不满意", n.dissatisfied)) if count]
    return (f"提案者对办理答复反馈意见{given}件次，其中{'、'.join(parts)}，"
            f"满意率{format_rate(n.satisfied + n.basically_satisfied, given)}。")


def category_chart(sections: list[tuple[str, int]]) -> bytes:
    from desktop_app.fileio.charts import ChartSize, bar_chart

    return bar_chart([name for name, _ in sections], [count for _, count in sections], title="立案提案分类情况",
                     unit="件", size=ChartSize(CHART_WIDTH_MM, 62.0))


def context(dto: ProposalsReportDTO, *, chart: bool = True) -> dict[str, Any]:
    n = dto.numbers
    span, opening = span_words(dto)
    book = SentenceBook()
    sections = []
    for facts in dto.categories:
        if not facts.count:
            continue  # a category with no accepted proposals is left out
        themes, examples = category_paragraph(book, facts)
        name = "其他" if facts.name == UNCATEGORISED else facts.name
        sections.append({"序号": f"（{NUMBERS[len(sections)] if len(sections) < 10 else len(sections) + 1}）",
                         "名称": name, "件数": facts.count, "占比": format_rate(facts.count, n.accepted),
                         "概述": themes, "事例": examples})
    picture: Any = ""
    if chart and len(sections) > 1:
        picture = Chart(category_chart([(s["名称"], s["件数"]) for s in sections]), CHART_WIDTH_MM)
    occasion = ""
    if dto.occasion:
        occasion = session_label(county=dto.county, term=dto.occasion[0], session=dto.occasion[1])
    year = dto.work_year or dto.start.year
    return {
        "标题": "\n".join(title_lines(dto.committee, span)),
        "会议": occasion,
        "日期": format_cn_date(dto.occasion_date) if dto.occasion_date else "",
        "届委员会": term_committee(dto.county, dto.term),
        "报告范围": span,
        "时段": opening,
        "工作年度": year,
        "下一年度": year + 1,
        "县名": dto.county,
        "县级": level(dto.county),
        "政协简称": short_name(dto.county),
        "提案": {
            "征集": n.submitted, "立案": n.accepted, "并案": n.merged, "立案率": format_rate(n.accepted, n.submitted),
            "集体提案": n.collective, "委员提案": n.member,
            "委员参与率": format_rate(n.participating_members, n.active_members) if n.active_members else "",
            "交办": n.assigned, "已办复": n.replied, "办复率": format_rate(n.replied, n.assigned) if n.assigned else "",
            "重点提案": n.key,
        },
        "办复情况": _reply_sentence(n),
        "分类图": picture,
        "分类": sections,
        "重点督办": _key_sentence(dto),
        "见面协商": _meeting_sentence(n),
        "满意度": _satisfaction_sentence(n),
    }


def _highlighted(paragraph) -> None:
    from docx.enum.text import WD_COLOR_INDEX

    for run in paragraph.runs:
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _figure_paragraph(doc, text: str) -> None:
    """A centred GwFigure paragraph (no exact line height, so a picture is not cut) holding `text`."""
    from docx.enum.style import WD_STYLE_TYPE

    paragraph = doc.centred(text)
    paragraph.style = doc.docx.styles.get_by_id("GwFigure", WD_STYLE_TYPE.PARAGRAPH)


def build_template(path: Path) -> Path:
    doc = template_document("提案工作情况报告")
    doc.title(["{{ 标题 }}"])
    tag(doc, "{%p if 会议 %}")
    doc.subtitle("——在{{ 会议 }}上")
    tag(doc, "{%p else %}")
    _highlighted(doc.subtitle("——在政协第××届××县委员会第×次会议上"))
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if 日期 %}")
    doc.subtitle("（{{ 日期 }}）")
    tag(doc, "{%p else %}")
    _highlighted(doc.subtitle("（××××年×月×日）"))
    tag(doc, "{%p endif %}")
    doc.blank_line()
    doc.salutation("各位委员：")
    doc.paragraph("我受{{ 届委员会 }}常务委员会委托，向大会报告{{ 报告范围 }}提案工作情况，请予审议。")

    doc.heading1("一、{{ 工作年度 }}年提案工作情况")
    doc.placeholder("【{{ 工作年度 }}年是……。一年来，在中共{{ 县名 }}委的坚强领导下，政协委员、各参加单位和各专门委员会，"
                    "坚持以习近平新时代中国特色社会主义思想为指导，紧紧围绕{{ 县级 }}委中心工作和全{{ 县级 }}发展大局，"
                    "通过提案积极建言献策、履行职责。（本段写本年度提案工作的背景，由办公室撰写，每年修改）】")
    doc.paragraph(
        "{{ 时段 }}，共征集提案{{ 提案.征集 }}件，经审查，立案{{ 提案.立案 }}件"
        "{% if 提案.并案 %}（其中并案{{ 提案.并案 }}件）{% endif %}，立案率{{ 提案.立案率 }}。"
        "立案提案中，集体提案{{ 提案.集体提案 }}件，委员提案{{ 提案.委员提案 }}件"
        "{% if 提案.委员参与率 %}，委员参与率{{ 提案.委员参与率 }}{% endif %}。"
        "{% if 提案.交办 %}各承办单位切实落实提案办理责任，"
        "{% if 提案.已办复 < 提案.交办 %}交办的{{ 提案.交办 }}件提案已办复{{ 提案.已办复 }}件，{% endif %}"
        "办复率{{ 提案.办复率 }}。{% endif %}{{ 办复情况 }}")
    tag(doc, "{%p if 分类图 %}")
    _figure_paragraph(doc, "{{ 分类图 }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for 类 in 分类 %}")
    doc.heading2("{{ 类.序号 }}{{ 类.名称 }}方面")
    doc.paragraph("{{ 类.概述 }}{{ 类.事例 }}")
    tag(doc, "{%p endfor %}")

    doc.heading1("二、提案工作主要做法")
    doc.placeholder("【一年来，{{ 政协简称 }}常委会牢牢把握“围绕中心、服务大局、提高质量、讲求实效”的工作方针，……"
                    "（本段概述一年来的主要做法，由办公室撰写）】")
    tag(doc, "{%p if 重点督办 or 见面协商 or 满意度 %}")
    doc.paragraph("{{ 重点督办 }}{{ 见面协商 }}{{ 满意度 }}")
    tag(doc, "{%p endif %}")
    doc.placeholder("【（一）……（二）……（三）……：分条写加强党的领导、提高提案质量、深化督办协商、创新工作方式等主要做法，"
                    "每条以小标题开头，可举典型事例，由办公室撰写】")
    doc.paragraph("一年来，政协提案工作取得的成绩，得益于中共{{ 县名 }}委的坚强领导、{{ 县级 }}政府的大力支持，"
                  "得益于广大委员和政协各参加单位的积极履职，得益于各承办单位的积极配合及社会各界的广泛参与。"
                  "在此，我代表{{ 政协简称 }}常委会，向所有关心支持政协提案工作的领导和同志们表示衷心的感谢！")
    doc.placeholder("【同时，我们也清醒地认识到，……（存在的不足：提案质量、办理落实、制度机制等方面的问题，由办公室填写）】")

    doc.heading1("三、{{ 下一年度 }}年提案工作思路")
    doc.placeholder("【{{ 下一年度 }}年是……。提案工作将坚持……（工作思路和主要任务，可分条写，由办公室撰写）】")
    doc.paragraph("各位委员，让我们在中共{{ 县名 }}委的坚强领导下，坚定信心、担当作为，不断推动政协提案工作高质量发展，"
                  "为{{ 县名 }}经济社会高质量发展贡献智慧和力量！")
    return save_template(doc, path)


def example_dto() -> ProposalsReportDTO:
    def proposal(title, category=None, *, key=False, units=("县住建局",), text="", leaders=(), verdicts=("满意",)):
        return ExampleProposal(title=title, is_key=key, reply_category=category, reply_text=text,
                               reply_unit=units[0] if text else "", units=units, leaders=leaders, verdicts=verdicts)

    categories = (
        CategoryFacts("经济建设", 79, (("关于发展低空经济的建议", 3), ("关于优化营商环境的建议", 2), ("关于发展数字经济的建议", 4)), (
            proposal("关于发展低空经济的建议", "A", key=True, units=("县发改局",),
                     leaders=(("领办", "副县长王建军"), ("督办", "县政协副主席李红"))),
            proposal("关于优化营商环境的建议", "A", units=("县行政审批局",),
                     text="我局已出台优化营商环境十条措施，企业开办时间压缩至1个工作日。"),
            proposal("关于发展特色农产品加工的建议", "B", units=("县农业农村局",), verdicts=("基本满意",)))),
        CategoryFacts("政治建设", 0, (), ()),
        CategoryFacts("文化建设", 41, (("关于加强寺观壁画保护的建议", 2),), (
            proposal("关于加强寺观壁画保护的建议", "A", units=("县文旅局",)),)),
        CategoryFacts("社会建设", 130, (("关于推进老旧小区改造的建议", 5), ("关于推进普惠托育服务的建议", 3)), (
            proposal("关于推进普惠托育服务的建议", "B", units=("县卫健委", "县教育局")),)),
    )
    return ProposalsReportDTO(
        committee="政协黎城县委员会", county="黎城县", term=14, span_kind="session",
        start=_dt.date(2025, 1, 10), end=_dt.date(2026, 1, 15),
        numbers=ReportNumbers(submitted=296, accepted=250, merged=0, collective=38, member=212,
                              participating_members=176, active_members=200, assigned=250, replied=250, replies=268,
                              reply_a=101, reply_b=133, reply_c=34, face_to_face=86, satisfied=231,
                              basically_satisfied=33, dissatisfied=4, key=8),
        categories=categories, since_session=(14, 4), occasion=(14, 5), occasion_date=_dt.date(2026, 1, 16),
        key_leaders=(("领办", "副县长王建军"), ("督办", "县政协副主席李红")), work_year=2025)


def example() -> dict[str, Any]:
    return context(example_dto(), chart=False)


KIND = DocumentKind(
    key="proposals", title="提案工作情况报告",
    purpose="政协常委会向全体会议所作的提案工作情况报告（某次会议以来或某年度），逐类列举有代表性的提案及办理结果",
    build_template=build_template, example=example,
    descriptions={
        "标题": "报告标题，如“政协黎城县委员会常务委员会关于县政协十四届四次会议以来提案工作情况的报告”，已分成对称的几行",
        "会议": "作报告的全体会议：“政协第十四届黎城县委员会第五次会议”；下一次会议尚无记录时为空",
        "日期": "作报告的日期（该次会议的开幕日期），如“2026年1月16日”；未填开幕日期时为空",
        "届委员会": "本届委员会：“政协第十四届黎城县委员会”，用于“我受……常务委员会委托”",
        "报告范围": "报告的时段：“县政协十四届四次会议以来”“2025年度”或起止日期",
        "时段": "数字一句的开头：“县政协十四届四次会议以来”“2025年”或起止日期",
        "工作年度": "报告所述的年度（时段大部分所在的年份），如 2025",
        "下一年度": "工作思路所对应的年度，如 2026",
        "县名": "县（市、区）名，如“黎城县”，用于“中共黎城县委”",
        "县级": "“县”“市”或“区”，用于“县委”“县政府”",
        "政协简称": "“县政协”“市政协”等",
        "提案": "提案数字（一组字段）",
        "提案.征集": "征集提案件数",
        "提案.立案": "立案件数（含并案）",
        "提案.并案": "其中并案件数",
        "提案.立案率": "立案率，如“84.98%”",
        "提案.集体提案": "立案提案中的集体提案件数",
        "提案.委员提案": "立案提案中的委员提案件数",
        "提案.委员参与率": "委员参与率（领衔或联名提出提案的在任委员占在任委员的比例）；没有在任委员时为空",
        "提案.交办": "已交办的立案提案件数",
        "提案.已办复": "其中已办复件数",
        "提案.办复率": "办复率；没有交办时为空",
        "提案.重点提案": "重点提案件数",
        "办复情况": "答复类别一句：“在N件次答复中，所提问题已经解决或基本解决的……件次，占……”；没有答复时为空",
        "分类图": "立案提案分类情况柱状图（两类以上时）",
        "分类": "立案提案的各个类别（按本单位的提案类别词表顺序，没有立案提案的类别不列）",
        "分类[].序号": "“（一）”“（二）”……",
        "分类[].名称": "类别名称，如“经济建设”",
        "分类[].件数": "该类立案提案件数",
        "分类[].占比": "该类占立案提案的比例",
        "分类[].概述": "“围绕……等提出提案N件。”（该类最常见的选题）",
        "分类[].事例": "列举该类有代表性的提案（重点提案、A类答复在前）及其办理结果，每句取自各自的办理记录",
        "重点督办": "“确定重点提案N件，由……领办，……督办。”；没有重点提案时为空",
        "见面协商": "“各承办单位与提案者见面协商N件次，见面率……。”；没有见面记录时为空",
        "满意度": "“提案者对办理答复反馈意见N件次，其中满意……，满意率……。”；没有反馈时为空",
    },
)
