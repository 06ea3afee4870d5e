"""The 年度工作总结's sentences: each section's figures in the seeds' order and its examples from the records.

Figures in a fixed order, each once; a figure never recorded is left out, not printed as 0 (no 见面率
without a meeting entered); no member is named with a score or a warning. Kept apart from the template and
its fields (documents/annual.py) so each can be read on its own.
"""
from __future__ import annotations

import datetime as _dt
import re
from typing import Sequence

from desktop_app.domain.cn_format import cn_numeral, format_cn_date
from desktop_app.domain.gatherings import DUTY_MEETING_KINDS
from desktop_app.domain.period import format_rate as rate
from desktop_app.domain.report_wording import join_names, shorten_title
from desktop_app.fileio.annual_dto import (ActivityExample, AnnualReportDTO, ConsultationExample, ConsultationsPart,
                                           DutyPart, HomesPart, MembersPart, OpinionsPart,
                                           ProposalsPart)

REPLY_MEANING = {"A": "所提问题已经解决或基本解决的A类答复", "B": "正在解决或已列入计划逐步解决的B类",
                 "C": "因条件限制留作参考的C类"}


def annual_title(committee: str, start: _dt.date, end: _dt.date, label: str) -> str:
    """政协黎城县委员会2025年度工作总结; a session span by its label; dates written out in Chinese."""
    if start == _dt.date(start.year, 1, 1) and end == _dt.date(start.year, 12, 31):
        return f"{committee}{start.year}年度工作总结"
    if label == f"{start.isoformat()}至{end.isoformat()}":
        return f"{committee}{format_cn_date(start)}至{format_cn_date(end)}工作总结"
    return f"{committee}{label}工作总结"


# --- the period in words ----------------------------------------------------------------------------
def span_text(dto: AnnualReportDTO) -> str:
    """2025年 / 十四届四次会议以来 / 2025年3月1日至8月31日."""
    if dto.is_year:
        return f"{dto.period_start.year}年"
    session = re.fullmatch(r"(\d+)届(\d+)次会议以来", dto.period_label)
    if session:
        return f"{cn_numeral(int(session.group(1)))}届{cn_numeral(int(session.group(2)))}次会议以来"
    start, end = dto.period_start, dto.period_end
    tail = f"{end.month}月{end.day}日" if end.year == start.year else format_cn_date(end)
    return f"{format_cn_date(start)}至{tail}"


def _opening(dto: AnnualReportDTO) -> str:
    """How a sentence of figures starts: 全年 for a year, else the span and a comma."""
    return "全年" if dto.is_year else f"{span_text(dto)}，"


def since_text(dto: AnnualReportDTO) -> str:
    """一年来 / 十四届四次会议以来 / 2025年3月1日至8月31日 — the opening paragraph's first words."""
    return "一年来" if dto.is_year else span_text(dto)


def short_county(county: str) -> str:
    """县政协 / 区政协 / 市政协, as the seeds call the committee in the body."""
    for ending in ("县", "区", "市", "旗"):
        if county.endswith(ending):
            return f"{ending}政协"
    return "县政协"


# --- references to the appendix and the charts ------------------------------------------------------
class Numbers:
    """附表 and 图 numbered in the order they are printed; sentences refer to them by key."""

    def __init__(self) -> None:
        self.tables: dict[str, int] = {}
        self.charts: dict[str, int] = {}

    def table(self, *keys: str) -> str:
        numbers = [self.tables[k] for k in keys if k in self.tables]
        if not numbers:
            return ""
        if len(numbers) == 1:
            return f"附表{numbers[0]}"
        if len(numbers) > 2 and numbers == list(range(numbers[0], numbers[-1] + 1)):
            return f"附表{numbers[0]}至附表{numbers[-1]}"
        return "、".join(f"附表{n}" for n in numbers)

    def chart(self, key: str) -> str:
        return f"图{self.charts[key]}" if key in self.charts else ""


def _first_sentence(text: str, limit: int = 80) -> str:
    text = re.sub(r"\s+", "", text or "")
    first = re.split(r"(?<=[。！？；])", text, maxsplit=1)[0]
    return first if len(first) <= limit else first[:limit].rstrip("，、；") + "……"


def _clause(text: str) -> str:
    return _first_sentence(text).rstrip("。；;，,、！？")


# --- 委员队伍 ------------------------------------------------------------------------------------------
def members_paragraphs(m: MembersPart, dto: AnnualReportDTO, numbers: Numbers) -> tuple[str, ...]:
    end = format_cn_date(dto.period_end)
    if not m.active:
        return (f"截至{end}，尚未登记在任委员。",)
    text = f"截至{end}，本届委员会有在任委员{m.active}人，其中常委{m.standing}人。"
    parts = []
    if m.cpc or m.non_cpc:
        parts.append(f"中共党员{m.cpc}人，党外委员{m.non_cpc}人，党外委员占{rate(m.non_cpc, m.active)}")
    if m.women:
        parts.append(f"女委员{m.women}人，占{rate(m.women, m.active)}")
    if m.minorities:
        parts.append(f"少数民族委员{m.minorities}人，占{rate(m.minorities, m.active)}")
    if parts:
        text += "委员中，" + "；".join(parts) + "。"
    where = numbers.table("sector", "political_status", "education", "age")
    if m.sectors:
        text += f"委员来自{m.sectors}个界别" + (f"，界别、政治面貌、学历和年龄构成见{where}" if where else "") + "。"
    return (text,)


# --- 提案工作 ------------------------------------------------------------------------------------------
def proposals_paragraphs(p: ProposalsPart, dto: AnnualReportDTO, numbers: Numbers) -> tuple[str, ...]:
    if not p.submitted:
        return (f"{span_text(dto)}未收到提案。",)
    merged = f"（其中并案{p.merged}件）" if p.merged else ""
    first = (f"{_opening(dto)}共征集提案{p.submitted}件，经审查，立案{p.accepted}件{merged}，"
             f"立案率{rate(p.accepted, p.submitted)}。")
    if p.accepted:
        first += f"立案提案中，集体提案{p.collective}件，委员提案{p.member}件"
        if p.active_members:
            first += f"，委员参与率{rate(p.participating_members, p.active_members)}"
        first += "。"
        categories = [(name, count) for name, count in p.by_category.items() if count]
        if categories:
            chart = numbers.chart("categories")
            first += ("从内容看，" + "、".join(f"{name}类{count}件" for name, count in categories)
                      + (f"（见{chart}）" if chart else "") + "。")
    out = [first]
    second = ""
    if p.assigned:
        second = f"立案提案交办{p.assigned}件，已办复{p.replied}件，办复率{rate(p.replied, p.assigned)}。"
        shares = [(code, count) for code, count in p.reply_categories.items() if count]
        if p.replies and shares:
            second += (f"承办单位答复{p.replies}件次，其中"
                       + "；".join(f"{REPLY_MEANING.get(code, code + '类')}{count}件次，占{rate(count, p.replies)}"
                                  for code, count in shares) + "。")
        if p.face_to_face:
            second += f"承办单位与提案者当面沟通{p.face_to_face}件次，见面率{rate(p.face_to_face, p.replies)}。"
        if p.feedback:
            second += f"提案者反馈意见{p.feedback}份，满意和基本满意{p.satisfied}份，满意率{rate(p.satisfied, p.feedback)}。"
        if p.overdue and p.overdue_on:
            second += f"截至{format_cn_date(p.overdue_on)}，尚有{p.overdue}件提案超过办理期限未答复，正在催办。"
    honours = []
    if p.excellent:
        honours.append(f"评选优秀提案{p.excellent}件")
    if p.follow_up:
        honours.append(f"{p.follow_up}件提案列入跨年度跟踪督办")
    if honours:
        second += "，".join(honours) + "。"
    if second:
        out.append(second)
    return tuple(out)


_LEADING_VERBS = re.compile(r"^(?:进一步)?(?:推进|推动|加快|加强|完善|规范|支持|促进|提升|优化|健全|建立|发展|深化|做好|强化|"
                            r"实施|开展|解决|重视|关注|保障|落实|扩大|提高|打造|建设)")


def _titles(titles: Sequence[str], limit: int) -> list[str]:
    """Shortened titles, one per matter: 完善营商环境 and 规范营商环境 name the same thing."""
    seen: list[str] = []
    matters: set[str] = set()
    for title in titles:
        short = shorten_title(title)
        matter = _LEADING_VERBS.sub("", short) or short
        if short and matter not in matters:
            seen.append(short)
            matters.add(matter)
        if len(seen) == limit:
            break
    return seen


def proposal_examples(p: ProposalsPart, numbers: Numbers) -> tuple[str, ...]:
    """The resolved proposals by category and the key proposals, named by their shortened titles."""
    sentences = []
    clauses = []
    for category, titles in p.resolved:
        named = _titles(titles, 3)
        if named:
            clauses.append(f"{join_names(named)}等{category}类提案")
        if len(clauses) == 3:
            break
    if clauses:
        sentences.append("办理中，" + "，".join(clauses) + ("，" if len(clauses) > 1 else "")
                         + "所提问题已经解决或基本解决。")
    if p.key_proposals:
        named = _titles([k.title for k in p.key_proposals], 3)
        led = any(k.leaders for k in p.key_proposals)
        where = numbers.table("key")
        sentences.append(f"确定{join_names(named)}等重点提案{p.key or len(p.key_proposals)}件，"
                         + ("由有关领导领办督办" if led else "实行重点督办")
                         + (f"（见{where}）" if where else "") + "。")
    return ("".join(sentences),) if sentences else ()


# --- 委员之家 ------------------------------------------------------------------------------------------
def homes_paragraphs(h: HomesPart, dto: AnnualReportDTO, numbers: Numbers) -> tuple[str, ...]:
    if not h.activities:
        return (f"{span_text(dto)}尚未登记委员之家活动。",)
    kinds = [kind for kind, count in h.by_kind.items() if count and kind not in DUTY_MEETING_KINDS][:3]
    if h.homes and h.in_homes:
        text = (f"全县{h.homes}个“委员之家”" + (f"统筹开展{'、'.join(kinds)}等活动" if kinds else "开展活动")
                + f"{h.in_homes}次")
        if h.county_wide:
            text += f"，县政协组织全县性活动{h.county_wide}次"
    else:
        text = f"{_opening(dto)}开展委员活动{h.activities}次"
    text += f"，参加委员{h.attendance}人次"
    if h.active_members:
        text += f"，{h.attending_members}名在任委员参加过活动，占{rate(h.attending_members, h.active_members)}"
    if h.suggestions:
        text += f"；收集意见建议{h.suggestions}条"
    text += "。"
    where = numbers.table("homes", "kinds")
    if where:
        text += f"各“委员之家”和各类活动开展情况见{where}。"
    chart = numbers.chart("months")
    if chart:
        text += f"各月委员之家活动和“有事来商量”协商次数见{chart}。"
    return (text,)


_NUMBERED_TITLE = re.compile(r"^(?:\d{4}年)?第?[0-9一二三四五六七八九十]+(?:次|期)")


def activity_theme(example: ActivityExample) -> str:
    """What an activity was about, from its title: 营商环境调研视察 → 营商环境; 第3次界别活动 → ""."""
    title = re.sub(r"\s+", "", example.title).strip("“”\"")
    if not title or _NUMBERED_TITLE.match(title) or re.search(r"\d", title):
        return ""
    for ending in (example.kind, "活动", "座谈会", "会议", "会"):
        if ending and title.endswith(ending) and len(title) > len(ending):
            title = title[: -len(ending)]
            break
    title = title.strip("“”\"·—-")
    return title if 2 <= len(title) <= 16 and title != example.kind else ""


def homes_examples(h: HomesPart) -> tuple[str, ...]:
    themes: list[str] = []
    for example in h.examples:
        theme = activity_theme(example)
        if theme and theme not in themes:
            themes.append(theme)
    sentences = []
    if len(themes) >= 2:
        sentences.append(f"活动主题涵盖{join_names(themes[:4])}等方面。")
    told = [e for e in h.examples if e.summary][:2]
    forms = (
        lambda e: f"如{e.held_on.month}月，{e.home or '县政协'}开展“{e.title}”，{_clause(e.summary)}。",
        lambda e: f"{e.home or '县政协'}组织的“{e.title}”{_kind_word(e)}中，{_clause(e.summary)}。",
    )
    for form, example in zip(forms, told):
        sentences.append(form(example))
    return ("".join(sentences),) if sentences else ()


def _kind_word(example: ActivityExample) -> str:
    """What follows the title: nothing when the title names the kind itself (义务教育界别活动)."""
    return "" if example.title.endswith(("活动", "会", example.kind or "活动")) else example.kind or "活动"


# --- 有事来商量 ----------------------------------------------------------------------------------------
def consultations_paragraphs(c: ConsultationsPart, dto: AnnualReportDTO, numbers: Numbers) -> tuple[str, ...]:
    first = f"全县建成“有事来商量”协商议事室{c.platforms}个"
    if c.villages_total:
        first += f"，覆盖村（社区）{c.covered_villages}个，覆盖率{rate(c.covered_villages, c.villages_total)}"
    elif c.covered_villages:
        first += f"，覆盖村（社区）{c.covered_villages}个"
    first += "。"
    if not c.sessions:
        return (first + f"{span_text(dto)}还没有登记协商活动。",)
    topics = [topic for topic in c.by_topic if topic][:3]
    first += f"{_opening(dto)}围绕{'、'.join(topics)}等议题开展协商{c.sessions}次" if topics else \
        f"{_opening(dto)}开展协商{c.sessions}次"
    sources = [(name, count) for name, count in c.by_topic_source.items() if count and name != "未填"]
    if sources:
        first += "，其中" + "、".join(f"{name}{count}次" for name, count in sources)
    first += "。"
    parts = []
    if c.active_members:
        parts.append(f"{c.participating_members}名委员参与协商，委员参与率{rate(c.participating_members, c.active_members)}")
    guests = [f"{label}{count}人次" for label, count in (("部门代表", c.department_participants),
                                                        ("群众代表", c.resident_participants)) if count]
    if guests:
        parts.append("邀请" + "、".join(guests) + "参加")
    results = [text for text, count in ((f"收集意见建议{c.suggestions}条", c.suggestions),
                                        (f"推动办成实事{c.done_deeds}件", c.done_deeds)) if count]
    if results:
        parts.append("，".join(results))
    done, doing = c.by_follow_up.get("已落实", 0), c.by_follow_up.get("落实中", 0)
    if done or doing:
        parts.append("协商成果" + "、".join(piece for piece in (f"已落实{done}项" if done else "",
                                                             f"正在落实{doing}项" if doing else "") if piece))
    second = "；".join(parts) + "。" if parts else ""
    where = numbers.table("townships")
    if where:
        second += f"各乡镇（街道）协商情况见{where}。"
    return (first, second) if second else (first,)


def consultation_examples(c: ConsultationsPart) -> tuple[str, ...]:
    """At most two consultations whose outcome or done deeds are their own, each in its own words."""
    told = [e for e in c.examples if e.outcome or e.done_deeds_text][:2]

    def result(e: ConsultationExample) -> str:
        return "，".join(_clause(t) for t in (e.outcome, e.done_deeds_text) if t)

    forms = (
        lambda e: f"如{e.place}围绕“{e.topic}”开展协商，{result(e)}。",
        lambda e: f"{e.place}的协商聚焦“{e.topic}”，议定{result(e)}。" if e.outcome else
        f"{e.place}就“{e.topic}”协商后，{result(e)}。",
    )
    sentences = [form(example) for form, example in zip(forms, told)]
    return ("".join(sentences),) if sentences else ()


# --- 社情民意信息 --------------------------------------------------------------------------------------
def opinions_paragraphs(o: OpinionsPart, dto: AnnualReportDTO) -> tuple[str, ...]:
    if not o.received:
        return (f"{span_text(dto)}暂无社情民意信息的记录。",)
    text = f"{_opening(dto)}共收到社情民意信息{o.received}篇，其中委员报送{o.by_members}篇"
    if o.active_members and o.submitting_members:
        text += f"，{o.submitting_members}名委员报送信息，报送率{rate(o.submitting_members, o.active_members)}"
    text += "。"
    if o.bulletins:
        text += f"整理编报信息{o.bulletins}期。"
    if o.adopted:
        levels = [(level, count) for level, count in o.adopted_by_level.items() if count]
        text += f"被采用{o.adopted}篇，采用率{rate(o.adopted, o.received)}"
        if levels:
            text += "，其中" + "、".join(f"{_level_word(level)}采用{count}篇" for level, count in levels)
        text += "；" if o.with_instructions else "。"
    if o.with_instructions:
        text += f"{o.with_instructions}篇获领导批示。"
    return (text,)


def _level_word(level: str) -> str:
    return "全国政协" if level == "全国" else f"{level}级"


def _plain_title(title: str) -> str:
    return re.sub(r"[（(]\s*\d+\s*[）)]\s*$", "", title.strip()).strip()


def opinion_examples(o: OpinionsPart) -> tuple[str, ...]:
    sentences = []
    adopted = [e for e in o.examples if e.adopted_level]
    if adopted:
        top = adopted[0].adopted_level
        titles: list[str] = []
        for example in adopted:
            title = _plain_title(example.title)
            if example.adopted_level == top and title not in titles:
                titles.append(title)
        titles = titles[:2]
        sentences.append("".join(f"《{t}》" for t in titles) + ("等信息" if len(titles) > 1 else "")
                         + f"被{_level_word(top)}采用。")
    for example in o.examples:
        title = _plain_title(example.title)
        if example.instructed_by and not any(f"《{title}》" in s for s in sentences):
            sentences.append(f"《{title}》获{example.instructed_by}批示。")
            break
    return ("".join(sentences),) if sentences else ()


# --- 委员履职 ------------------------------------------------------------------------------------------
def duty_paragraphs(d: DutyPart, dto: AnnualReportDTO) -> tuple[str, ...]:
    if not d.members:
        return (f"{span_text(dto)}没有在任委员的履职记录。",)
    bands = "、".join(f"{name}{count}人" for name, count in d.by_band.items() if count)
    return (f"按照委员履职评价办法，对{d.members}名在任委员{span_text(dto)}的履职情况进行了评价，其中{bands}。",)


# --- the appendix -------------------------------------------------------------------------------------
