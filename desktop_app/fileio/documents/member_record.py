"""委员履职档案: one member's year (or any period) — the facts, then every duty item as a table, then the score.

The services fill a `MemberRecordDTO` (plain values: each row as the tables print it, the counts and the
score as PerformanceService gives them); `context(dto)` turns it into the template's fields. An item with
no records is one sentence ("本年度未报送社情民意信息。") instead of an empty table; the tables that are
printed are numbered 表1, 表2 … in order.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from desktop_app.domain.cn_format import format_cn_date
from desktop_app.fileio.docx_template import Table
from desktop_app.fileio.docx_xml import FormCell
from desktop_app.fileio.documents import DocumentKind
from desktop_app.fileio.documents._build import save_template, tag, template_document
from desktop_app.fileio.paperwork_dto import freeze_sequences
from desktop_app.fileio.title_lines import balance_title_lines

EMPTY = "—"  # a cell with nothing recorded


@dataclass(frozen=True)
class MemberFacts:
    """基本情况 as the form prints it; empty strings for what the roster does not have."""

    name: str
    gender: str = ""
    ethnicity: str = ""
    birth: str = ""  # 1975年3月
    sector: str = ""
    political_status: str = ""
    education: str = ""
    work_unit: str = ""  # 工作单位及职务
    standing: bool = False
    committees: tuple[str, ...] = ()
    home: str = ""
    phone: str = ""

    def __post_init__(self) -> None:
        freeze_sequences(self, "committees")


@dataclass(frozen=True)
class AttendanceItem:
    held_on: _dt.date
    title: str
    kind: str  # 全体会议, 理论学习 …
    status: str  # 出席 / 请假 / 缺席


@dataclass(frozen=True)
class ConsultationItem:
    held_on: _dt.date
    platform: str
    topic: str


@dataclass(frozen=True)
class ProposalItem:
    case: str  # 001; empty when not accepted
    title: str
    role: str  # 领衔 / 联名
    state: str  # 已办结, 不立案, 并入第001号 …
    reply_category: str = ""  # A / B / C of the latest reply
    verdict: str = ""  # 满意 / 基本满意 / 不满意
    key: bool = False
    excellent: bool = False


@dataclass(frozen=True)
class OpinionItem:
    title: str
    received_on: _dt.date
    adopted: tuple[str, ...] = ()  # levels it was adopted at: 县, 市 …
    instructions: tuple[str, ...] = ()  # leaders' instructions, as recorded

    def __post_init__(self) -> None:
        freeze_sequences(self, "adopted", "instructions")


@dataclass(frozen=True)
class ScoreLine:
    """One item of the rules the member has a count for: its working."""

    label: str
    count: int
    points_each: int | float
    cap: int | float | None
    points: int | float


@dataclass(frozen=True)
class MemberRecordDTO:
    committee: str  # 政协黎城县委员会
    period_title: str  # 2025年度 / 2025年1月1日至2025年6月30日
    period_words: str  # 本年度 / 本时段
    member: MemberFacts
    counts: Mapping[str, int]  # MemberDuty.counts(): the figures the sentences quote
    score: int | float
    band: str
    attendance: tuple[AttendanceItem, ...] = ()
    consultations: tuple[ConsultationItem, ...] = ()
    proposals: tuple[ProposalItem, ...] = ()
    opinions: tuple[OpinionItem, ...] = ()
    score_lines: tuple[ScoreLine, ...] = ()
    max_score: int | float | None = None
    warnings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        freeze_sequences(self, "attendance", "consultations", "proposals", "opinions", "score_lines", "warnings")


def record_title(committee: str) -> str:
    return f"{committee}委员履职档案"


def _or_empty(text: str | None) -> str:
    return text if text else EMPTY


def _number(value: int | float | None) -> str:
    if value is None:
        return EMPTY
    return str(value)


def _times(count: int, word: str, unit: str = "次") -> str:
    return f"{word}{count}{unit}"


def _attendance_summary(dto: MemberRecordDTO) -> str:
    c, words = dto.counts, dto.period_words
    if not dto.attendance and not any(c.get(k, 0) for k in ("meetings_present", "meetings_excused", "meetings_absent",
                                                               "activities_present", "activities_excused",
                                                               "activities_absent")):
        return f"{words}无参加会议和活动的记录。"
    parts = []
    for prefix, attended in (("meetings", "出席全体会议、常委会议"), ("activities", "参加委员之家等活动")):
        present, excused, absent = (c.get(f"{prefix}_{s}", 0) for s in ("present", "excused", "absent"))
        if not (present or excused or absent):
            continue
        piece = _times(present, attended)
        if excused:
            piece += f"，请假{excused}次"
        if absent:
            piece += f"，缺席{absent}次"
        parts.append(piece)
    return f"{words}{'；'.join(parts)}。"


def _consultation_summary(dto: MemberRecordDTO) -> str:
    count = dto.counts.get("consultations", 0)
    if not count and not dto.consultations:
        return f"{dto.period_words}未参加有事来商量协商。"
    return f"{dto.period_words}参加有事来商量协商{count}次。"


def _proposal_summary(dto: MemberRecordDTO) -> str:
    c = dto.counts
    led, cosigned = c.get("proposals_led", 0), c.get("proposals_cosigned", 0)
    if not (led or cosigned) and not dto.proposals:
        return f"{dto.period_words}未领衔或联名提交提案。"
    parts = [p for p in (f"领衔提案{led}件" if led else "", f"联名提案{cosigned}件" if cosigned else "") if p]
    text = f"{dto.period_words}{'、'.join(parts)}，其中立案{c.get('proposals_accepted', 0)}件"
    extra = [p for p in (f"列为重点提案{c.get('proposals_key', 0)}件" if c.get("proposals_key") else "",
                         f"评为优秀提案{c.get('proposals_excellent', 0)}件" if c.get("proposals_excellent") else "")
             if p]
    return text + (f"，{'、'.join(extra)}" if extra else "") + "。"


def _opinion_summary(dto: MemberRecordDTO) -> str:
    submitted = dto.counts.get("opinions_submitted", 0)
    if not submitted and not dto.opinions:
        return f"{dto.period_words}未报送社情民意信息。"
    adopted = dto.counts.get("opinions_adopted", 0)
    instructed = sum(1 for o in dto.opinions if o.instructions)
    extra = [p for p in (f"被采用{adopted}篇" if adopted else "", f"获领导批示{instructed}篇" if instructed else "") if p]
    return f"{dto.period_words}报送社情民意信息{submitted}篇" + (f"，其中{'、'.join(extra)}" if extra else "") + "。"


def _score_summary(dto: MemberRecordDTO) -> str:
    return f"按履职评分规则，{dto.period_words}得分{dto.score}分，等次为“{dto.band}”。"


def _total_label(dto: MemberRecordDTO) -> str:
    added = sum(line.points for line in dto.score_lines)
    if dto.max_score is not None and added > dto.max_score and dto.score == dto.max_score:
        return f"合计（超过满分按{dto.max_score}分计）"
    if added < 0 and dto.score == 0:
        return "合计（不足0分按0分计）"
    return "合计"


def _one_line_mm(texts) -> float:
    """The width a column needs to set each of `texts` on one line (四号). ASCII counts 0.65 of a character (the
    digits of the fonts substituted for 仿宋_GB2312 are wider than half) and each change between Chinese and Latin
    text 0.2 more: Word and LibreOffice put that space between them (autospace), so 2025年1月10日 needs 8.2."""
    from desktop_app.fileio.docx_xml import CELL_PADDING_MM, PT_TO_MM, SIZE_SI

    def width(line: str) -> float:
        chars = sum(0.65 if ch.isascii() else 1.0 for ch in line)
        changes = sum(1 for a, b in zip(line, line[1:]) if a.isascii() != b.isascii())
        return chars + 0.2 * changes

    widest = max(width(line) for text in texts for line in str(text).split("\n"))
    return widest * SIZE_SI * PT_TO_MM + CELL_PADDING_MM


def _table(headers: tuple[str, ...], rows: list[tuple], *, whole: tuple[int, ...]) -> Table:
    """A table sized from its content: the `whole` columns (dates, case numbers, counts) as wide as their longest
    text and header on one line, so neither a date nor a two-character header such as 案号 ever stacks; the others
    share the rest as docx_xml.fit_widths_to_content shares it."""
    from desktop_app.fileio.docx_xml import SIZE_SI, TEXT_WIDTH_MM, fit_widths_to_content

    if not rows:
        return Table(headers, rows)
    fixed = {c: _one_line_mm([headers[c]] + [row[c] for row in rows]) for c in whole}
    rest = [c for c in range(len(headers)) if c not in fixed]
    room = TEXT_WIDTH_MM - sum(fixed.values())
    if room < 12 * len(rest):  # the fixed columns would starve the text: let the shared fitting decide
        return Table(headers, rows)
    shared = fit_widths_to_content([headers[c] for c in rest], [[str(row[c]) for c in rest] for row in rows], SIZE_SI,
                                   total_mm=room)
    widths = dict(fixed)
    widths.update(zip(rest, shared))
    return Table(headers, rows, widths_mm=tuple(widths[c] for c in range(len(headers))))


def _state_text(item: ProposalItem) -> str:
    flags = [f for f in ("重点提案" if item.key else "", "优秀提案" if item.excellent else "") if f]
    return item.state + ("\n" + "、".join(flags) if flags else "")


def context(dto: MemberRecordDTO) -> dict[str, Any]:
    m = dto.member
    tables: list[str] = []

    def caption(text: str) -> str:
        tables.append(text)
        return f"表{len(tables)}　{text}"

    attendance = _table(("日期", "会议或活动", "类别", "出勤"),
                        [(format_cn_date(a.held_on), a.title, a.kind, a.status) for a in dto.attendance], whole=(0, 3))
    consultations = _table(("日期", "协商议事室", "议题"),
                           [(format_cn_date(c.held_on), c.platform, c.topic) for c in dto.consultations], whole=(0,))
    proposals = _table(("案号", "案由", "领衔或联名", "办理情况", "答复类别", "委员评价"),
                       [(_or_empty(p.case), p.title, p.role, _state_text(p), _or_empty(p.reply_category),
                         _or_empty(p.verdict)) for p in dto.proposals], whole=(0,))
    opinions = _table(("标题", "收稿日期", "采用情况", "领导批示"),
                      [(o.title, format_cn_date(o.received_on), "、".join(o.adopted) or "未采用",
                        "\n".join(o.instructions) or EMPTY) for o in dto.opinions], whole=(1, 2))
    score_rows = [(line.label, line.count, _number(line.points_each), _number(line.cap), _number(line.points))
                  for line in dto.score_lines]
    if score_rows:
        score_rows.append((_total_label(dto), "", "", "", _number(dto.score)))
    score = _table(("计分项", "次数", "每次分值", "上限", "得分"), score_rows, whole=(1, 2, 3, 4))
    return {
        "标题": "\n".join(balance_title_lines(record_title(dto.committee))),
        "时段": dto.period_title,
        "委员": {
            "姓名": m.name, "性别": m.gender, "民族": m.ethnicity, "出生年月": m.birth, "界别": m.sector,
            "政治面貌": m.political_status, "学历": m.education, "工作单位及职务": m.work_unit,
            "是否常委": "是" if m.standing else "否", "专委会": "、".join(m.committees), "委员之家": m.home,
            "联系电话": m.phone,
        },
        "会议活动": {"概述": _attendance_summary(dto),
                     "表题": caption("参加会议和活动情况") if attendance else "", "表格": attendance},
        "协商": {"概述": _consultation_summary(dto),
                 "表题": caption("参加有事来商量情况") if consultations else "", "表格": consultations},
        "提案": {"概述": _proposal_summary(dto),
                 "表题": caption("提案及办理情况") if proposals else "", "表格": proposals},
        "社情民意": {"概述": _opinion_summary(dto),
                     "表题": caption("社情民意信息报送情况") if opinions else "", "表格": opinions},
        "履职评价": {"概述": _score_summary(dto), "得分": dto.score, "等次": dto.band,
                     "表题": caption("履职计分") if score else "", "表格": score,
                     "预警": f"未履职预警：{'；'.join(dto.warnings)}。" if dto.warnings else ""},
    }


# --- the shipped template ------------------------------------------------------------------------
_FORM_WIDTHS = (28.0, 50.0, 28.0, 50.0)


def _label(text: str) -> FormCell:
    return FormCell(text, bold=True, align="center")


def _value(field_name: str, **kw) -> FormCell:
    return FormCell(f"{{{{ 委员.{field_name} }}}}", **kw)


def _form_rows() -> list[list[FormCell]]:
    pairs = (("姓　名", "姓名", "性　别", "性别"), ("民　族", "民族", "出生年月", "出生年月"),
             ("政治面貌", "政治面貌", "学　历", "学历"), ("界　别", "界别", "是否常委", "是否常委"),
             ("委员之家", "委员之家", "联系电话", "联系电话"))
    rows = [[_label(a), _value(x), _label(b), _value(y)] for a, x, b, y in pairs]
    rows.append([_label("工作单位\n及职务"), _value("工作单位及职务", span=3, align="left")])
    rows.append([_label("专委会"), _value("专委会", span=3, align="left")])
    return rows


def _section(doc, heading: str, key: str) -> None:
    doc.heading1(heading)
    doc.paragraph(f"{{{{ {key}.概述 }}}}").paragraph_format.keep_together = True  # a two-line sentence never splits
    tag(doc, f"{{%p if {key}.表格 %}}")
    caption = doc.centred(f"{{{{ {key}.表题 }}}}", role="hei")
    caption.paragraph_format.keep_with_next = True
    tag(doc, f"{{{{p {key}.表格 }}}}")
    doc.blank_line()  # air before the next heading; LibreOffice keeps a table with what follows it
    tag(doc, "{%p endif %}")


def build_template(path: Path) -> Path:
    doc = template_document("委员履职档案")
    doc.title(["{{ 标题 }}"])
    doc.subtitle("（{{ 时段 }}）")
    doc.blank_line()
    doc.heading1("一、基本情况")
    doc.form_table(_form_rows(), _FORM_WIDTHS, keep_together=True)
    doc.blank_line()
    _section(doc, "二、参加会议和活动", "会议活动")
    _section(doc, "三、参加有事来商量", "协商")
    _section(doc, "四、提交提案", "提案")
    _section(doc, "五、报送社情民意信息", "社情民意")
    doc.heading1("六、履职评价")
    score = doc.paragraph("{{ 履职评价.概述 }}{{ 履职评价.预警 }}")
    score.paragraph_format.keep_together = True
    score.paragraph_format.keep_with_next = True  # the score, its warning and its working read together
    tag(doc, "{%p if 履职评价.表格 %}")
    caption = doc.centred("{{ 履职评价.表题 }}", role="hei")
    caption.paragraph_format.keep_with_next = True
    tag(doc, "{{p 履职评价.表格 }}")
    tag(doc, "{%p endif %}")
    return save_template(doc, path)


def example_dto() -> MemberRecordDTO:
    d = _dt.date
    counts = {"meetings_present": 2, "meetings_excused": 0, "meetings_absent": 0, "activities_present": 2,
              "activities_excused": 1, "activities_absent": 0, "proposals_led": 1, "proposals_cosigned": 1,
              "proposals_accepted": 2, "proposals_key": 1, "proposals_excellent": 0, "opinions_submitted": 2,
              "opinions_adopted": 1, "consultations": 1}
    return MemberRecordDTO(
        committee="政协黎城县委员会", period_title="2025年度", period_words="本年度",
        member=MemberFacts(name="王堃", gender="女", ethnicity="汉族", birth="1975年3月", sector="经济界",
                           political_status="中国民主建国会会员", education="大学本科",
                           work_unit="黎城县恒达农业科技有限公司董事长", standing=True,
                           committees=("经济委员会",), home="第一委员之家", phone="13803550123"),
        counts=counts, score=73, band="称职",
        attendance=(AttendanceItem(d(2025, 1, 10), "政协黎城县第十四届委员会第四次会议", "全体会议", "出席"),
                    AttendanceItem(d(2025, 3, 15), "十四届县政协常委会第十次会议", "常委会议", "出席"),
                    AttendanceItem(d(2025, 4, 8), "春季读书会", "读书活动", "出席"),
                    AttendanceItem(d(2025, 6, 20), "乡村振兴专题调研", "调研视察", "出席"),
                    AttendanceItem(d(2025, 9, 12), "委员沙龙：营商环境", "委员沙龙", "请假")),
        consultations=(ConsultationItem(d(2025, 5, 6), "北关村协商议事室", "农村饮水安全"),),
        proposals=(ProposalItem("012", "关于推进浊漳河生态修复的建议", "领衔", "已办结", "A", "满意", key=True),
                   ProposalItem("045", "关于加强农村学校建设的建议", "联名", "已交办")),
        opinions=(OpinionItem("关于规范城区停车秩序的建议", d(2025, 3, 1), ("市",), ("县委书记批示：请有关部门认真研究办理。",)),
                  OpinionItem("关于加强农村养老服务的建议", d(2025, 8, 19))),
        score_lines=(ScoreLine("出席全体会议、常委会议", 2, 10, 20, 20), ScoreLine("参加委员之家等活动", 2, 3, 30, 6),
                     ScoreLine("请假未参加活动", 1, 0, None, 0), ScoreLine("领衔提案", 1, 10, 20, 10),
                     ScoreLine("联名提案", 1, 2, 6, 2), ScoreLine("提案被立案（加分）", 2, 5, 10, 10),
                     ScoreLine("提案列为重点提案（加分）", 1, 5, 10, 5), ScoreLine("报送社情民意信息", 2, 5, 20, 10),
                     ScoreLine("社情民意信息被采用（加分）", 1, 5, 15, 5), ScoreLine("参加有事来商量", 1, 5, 15, 5)),
        max_score=100, warnings=())


def example() -> dict[str, Any]:
    return context(example_dto())


KIND = DocumentKind(
    key="members", title="委员履职档案", purpose="每位委员一份：基本情况、会议活动、协商、提案、社情民意信息和履职得分",
    build_template=build_template, example=example,
    descriptions={
        "标题": "“政协××县委员会委员履职档案”，过长时已分成对称的几行",
        "时段": "档案所属时段：“2025年度”，或起止日期",
        "委员": "委员的基本情况（一组字段）",
        "委员.姓名": "姓名", "委员.性别": "性别", "委员.民族": "民族", "委员.出生年月": "出生年月，如“1975年3月”",
        "委员.界别": "界别", "委员.政治面貌": "政治面貌", "委员.学历": "学历",
        "委员.工作单位及职务": "工作单位及职务", "委员.是否常委": "“是”或“否”",
        "委员.专委会": "所在专门委员会，多个用顿号隔开", "委员.委员之家": "所在委员之家", "委员.联系电话": "联系电话",
        "会议活动": "参加会议和活动（一组字段）",
        "会议活动.概述": "一句话：出席全体会议、常委会议和参加其他活动的次数，请假、缺席的次数；没有记录时说明没有",
        "会议活动.表题": "表格的题目，如“表1　参加会议和活动情况”；没有记录时为空",
        "会议活动.表格": "表格：日期、会议或活动、类别、出勤（出席/请假/缺席）",
        "协商": "参加有事来商量（一组字段）",
        "协商.概述": "一句话：参加协商的次数；没有记录时说明未参加",
        "协商.表题": "表格的题目；没有记录时为空",
        "协商.表格": "表格：日期、协商议事室、议题",
        "提案": "领衔和联名的提案（一组字段）",
        "提案.概述": "一句话：领衔、联名提案件数，其中立案、重点、优秀的件数；没有时说明未提交",
        "提案.表题": "表格的题目；没有提案时为空",
        "提案.表格": "表格：案号、案由、领衔或联名、办理情况（含重点、优秀）、答复类别、委员评价",
        "社情民意": "报送的社情民意信息（一组字段）",
        "社情民意.概述": "一句话：报送篇数、被采用篇数、获批示篇数；没有时说明未报送",
        "社情民意.表题": "表格的题目；没有时为空",
        "社情民意.表格": "表格：标题、收稿日期、采用情况（采用层级）、领导批示",
        "履职评价": "按履职评分规则的得分和等次（一组字段）",
        "履职评价.概述": "一句话：得分和等次",
        "履职评价.得分": "得分（与“统计”页委员履职一致）",
        "履职评价.等次": "等次：优秀、良好、称职、不称职（按评分规则）",
        "履职评价.表题": "计分表的题目；没有计分项时为空",
        "履职评价.表格": "计分表：计分项、次数、每次分值、上限、得分，末行合计",
        "履职评价.预警": "“未履职预警：……。”，接在得分那句之后；没有预警时为空",
    },
)
