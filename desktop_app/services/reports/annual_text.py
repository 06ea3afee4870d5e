"""The annual work summary (年度工作总结) worded from the figures, in the style of the seeds' reports.

Each section is a function from figures to blocks; nothing is counted here. A rate is printed as the
reports print it (84.98%, 100%, — for a rate over nothing); a figure of zero keeps its sentence short.
"""
from __future__ import annotations

from datetime import date

from desktop_app.domain.cn_format import format_cn_date
from desktop_app.domain.enums import Level
from desktop_app.domain.period import Period
from desktop_app.domain.period import format_rate as rate
from desktop_app.fileio.report_doc import Heading, OfficeText, Para, TableBlock

NUMERALS = "一二三四五六七八九十"
KEY_PROPOSALS_LISTED = 20
EXAMPLES_LISTED = 3


def _shares(counts: dict[str, int], whole: int, unit: str, *, suffix: str = "") -> str:
    """经济建设类 79 件，占 29.26%；…  (only the non-zero ones)."""
    return "；".join(f"{name}{suffix}{count}{unit}，占{rate(count, whole)}" for name, count in counts.items() if count)


def _table(headers: tuple[str, ...], rows, widths: tuple[float, ...]) -> TableBlock:
    return TableBlock(headers, tuple(tuple(row) for row in rows), widths)


def members_section(m, period: Period) -> list:
    blocks = [Para(f"截至{format_cn_date(period.end)}，本届委员会有在任委员{m.active}人，其中常委{m.standing}人；"
                   f"女委员{m.women}人，占{rate(m.women, m.active)}；少数民族委员{m.minorities}人，"
                   f"占{rate(m.minorities, m.active)}。")]
    if m.by_political_status:
        blocks.append(Para(f"按政治面貌分：{_shares(m.by_political_status, m.active, '人')}。"))
    if m.by_education:
        blocks.append(Para(f"按学历分：{_shares(m.by_education, m.active, '人')}。"))
    if m.by_age_band:
        blocks.append(Para(f"按年龄分：{_shares(m.by_age_band, m.active, '人')}。"))
    if m.by_sector:
        blocks.append(_table(("界别", "委员人数", "占比"),
                             ((name, count, rate(count, m.active)) for name, count in m.by_sector.items()),
                             (70, 43, 43)))
    return blocks


def proposals_section(p, today: date) -> list:
    merged = f"（其中并案{p.merged}件）" if p.merged else ""
    blocks = [Para(f"共征集提案{p.submitted}件，经审查，立案{p.accepted}件{merged}，立案率{rate(p.accepted, p.submitted)}。"
                   f"立案提案中，集体提案{p.by_kind['collective']}件，委员提案{p.by_kind['member']}件。")]
    if p.accepted:
        blocks.append(Para(f"从内容看，{_shares(p.by_category, p.accepted, '件', suffix='类')}。"))
    if p.assigned:
        categories = _shares({f"{name}类": count for name, count in p.reply_categories.items()}, p.replies, "件次")
        feedback = sum(p.feedback.values())
        good = p.feedback["满意"] + p.feedback["基本满意"]
        text = (f"立案提案交办{p.assigned}件，已办复{p.replied}件，办复率{rate(p.replied, p.assigned)}。")
        if p.replies:
            text += (f"承办单位答复{p.replies}件次，其中{categories}；当面答复{p.face_to_face}件次，"
                     f"见面率{rate(p.face_to_face, p.replies)}。")
        if feedback:
            text += f"提案者反馈意见{feedback}份，满意和基本满意{good}份，满意率{rate(good, feedback)}。"
        blocks.append(Para(text))
    if p.overdue:
        blocks.append(Para(f"截至{format_cn_date(today)}，尚有{p.overdue}件提案的承办单位超过办理期限未答复，需督促办理。"))
    if p.key_proposals:
        listed = p.key_proposals[:KEY_PROPOSALS_LISTED]
        more = f"，下表列出前{len(listed)}件" if len(p.key_proposals) > len(listed) else ""
        blocks.append(Para(f"遴选重点提案{p.key}件，由政协领导领办督办{more}。"))
        blocks.append(_table(("案号", "案由", "领衔", "主办单位", "领办督办"),
                             ((f"{k.case_number:03d}" if k.case_number else "", k.title, k.proposer,
                               "、".join(k.lead_units), "、".join(k.leaders)) for k in listed),
                             (14, 46, 24, 30, 42)))
    if p.excellent:
        blocks.append(Para(f"评选优秀提案{p.excellent}件。"))
    return blocks


def homes_section(h) -> list:
    kinds = [kind for kind, count in sorted(h.by_kind.items(), key=lambda item: -item[1]) if count][:3]
    kinds_text = f"统筹开展{'、'.join(kinds)}等活动" if kinds else "开展活动"
    blocks = [Para(f"全县{h.count}个“委员之家”{kinds_text}{h.activities}次，参加委员{h.attendance}人次，"
                   f"{h.attending_members}名委员参加过活动，占在任委员的{rate(h.attending_members, h.active_members)}；"
                   f"收集意见建议{h.suggestions}条。")]
    if h.by_kind:
        blocks.append(_table(("活动类型", "活动次数", "出席人次"),
                             ((kind, count, h.attendance_by_kind.get(kind, 0)) for kind, count in h.by_kind.items()),
                             (70, 43, 43)))
    if h.by_home:
        blocks.append(_table(("委员之家", "活动次数", "占比"),
                             ((home, count, rate(count, h.activities)) for home, count in h.by_home.items()),
                             (80, 38, 38)))
    return blocks


def consultations_section(c, examples: list[tuple[str, str, str]]) -> list:
    coverage = (f"，覆盖村（社区）{c.covered_villages}个，覆盖率{rate(c.covered_villages, c.villages_total)}"
                if c.villages_total else "")
    blocks = [Para(f"建成“有事来商量”协商议事室{c.platforms}个{coverage}。开展协商{c.sessions}次，"
                   f"{c.participating_members}名委员参与，委员参与率{rate(c.participating_members, c.active_members)}；"
                   f"收集意见建议{c.suggestions}条，推动办成实事{c.done_deeds}件。")]
    if c.by_topic_source:
        blocks.append(Para(f"议题来源：{_shares(c.by_topic_source, c.sessions, '次')}。"))
    for place, topic, outcome in examples[:EXAMPLES_LISTED]:
        blocks.append(Para(f"{place}围绕“{topic}”开展协商，{outcome.rstrip('。')}。"))
    return blocks


def opinions_section(o) -> list:
    levels = "、".join(f"{level.label}{'' if level is Level.NATIONAL else '级'}{o.adopted_by_level[level.value]}篇"
                       for level in Level if o.adopted_by_level.get(level.value))
    adopted = f"被采用{o.adopted}篇，采用率{rate(o.adopted, o.received)}" + (f"，其中{levels}" if levels else "")
    return [Para(f"收到社情民意信息{o.received}篇，其中委员报送{o.by_members}篇，{o.submitting_members}名委员报送信息，"
                 f"报送率{rate(o.submitting_members, o.active_members)}；{adopted}；获领导批示{o.with_instructions}篇。")]


def duty_section(summary, warned: list) -> list:
    blocks = [Para(f"按委员履职评分办法，{summary.members}名在任委员中，{summary.text()}")]
    if warned:
        blocks.append(_table(("姓名", "界别", "得分", "未履职预警"),
                             ((m.name, m.sector or "", m.score, "；".join(m.warnings)) for m in warned),
                             (24, 46, 18, 68)))
    return blocks


def annual_blocks(figures: dict, duty_summary, warned: list, examples: list, period: Period, today: date) -> tuple:
    """Every section in order, each under its 一、 heading, and a marked place for the office's plans."""
    sections = [
        ("委员队伍", members_section(figures["members"], period)),
        ("提案工作", proposals_section(figures["proposals"], today)),
        ("“委员之家”建设", homes_section(figures["homes"])),
        ("“有事来商量”协商", consultations_section(figures["consultations"], examples)),
        ("社情民意信息", opinions_section(figures["opinions"])),
        ("委员履职", duty_section(duty_summary, warned)),
    ]
    blocks: list = []
    for index, (heading, body) in enumerate(sections):
        blocks.append(Heading(1, f"{NUMERALS[index]}、{heading}"))
        blocks += body
    blocks.append(Heading(1, f"{NUMERALS[len(sections)]}、存在的问题和下一步工作"))
    blocks.append(OfficeText("此处由办公室填写存在的问题和下一年度工作思路"))
    return tuple(blocks)
