"""What the 年度工作总结 prints: the period's figures by area of work and a few records to name as examples.

services/reports/annual.py fills these from the statistics service (every figure) and from the records
(the examples); fileio/documents/annual.py words them. Plain values only: mappings keep the order they
are to be printed in (the office's vocabulary order, or most first); sequences are tuples.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Mapping


@dataclass(frozen=True)
class MembersPart:
    active: int = 0  # in office at the end of the period
    standing: int = 0
    women: int = 0
    minorities: int = 0
    cpc: int = 0  # 中共党员 (预备党员 included)
    non_cpc: int = 0  # another political status recorded
    sectors: int = 0  # 界别 the members sit for
    by_sector: Mapping[str, int] = field(default_factory=dict)
    by_political_status: Mapping[str, int] = field(default_factory=dict)
    by_education: Mapping[str, int] = field(default_factory=dict)
    by_age_band: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class KeyProposalRow:
    case_number: int | None
    title: str
    proposer: str
    lead_units: tuple[str, ...] = ()
    leaders: tuple[str, ...] = ()  # "县长李明（领办）"


@dataclass(frozen=True)
class ProposalsPart:
    submitted: int = 0
    accepted: int = 0  # 并案 included
    merged: int = 0
    collective: int = 0
    member: int = 0
    participating_members: int = 0  # led or co-signed a proposal of the period
    active_members: int = 0
    by_category: Mapping[str, int] = field(default_factory=dict)  # the office's vocabulary order
    assigned: int = 0
    replied: int = 0  # assigned proposals every lead and separate unit answered
    replies: int = 0  # current replies (件次)
    reply_categories: Mapping[str, int] = field(default_factory=dict)  # A, B, C
    face_to_face: int = 0  # replies with a meeting recorded
    feedback: int = 0  # verdicts given
    satisfied: int = 0  # 满意 + 基本满意
    overdue: int = 0  # as of `overdue_on`
    overdue_on: _dt.date | None = None
    key: int = 0
    excellent: int = 0
    follow_up: int = 0
    key_proposals: tuple[KeyProposalRow, ...] = ()
    # (category, titles of its accepted proposals a unit answered A), the office's vocabulary order
    resolved: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class ActivityExample:
    held_on: _dt.date
    home: str  # 委员之家, or "" for a county-wide activity
    kind: str
    title: str
    summary: str = ""  # 活动简况, only when no other activity of the period has the same text


@dataclass(frozen=True)
class HomesPart:
    homes: int = 0
    activities: int = 0
    in_homes: int = 0  # activities held by a home
    county_wide: int = 0  # activities without a home (全体会议 …)
    attendance: int = 0  # 人次 present
    attending_members: int = 0
    active_members: int = 0
    suggestions: int = 0
    by_kind: Mapping[str, int] = field(default_factory=dict)  # most first
    attendance_by_kind: Mapping[str, int] = field(default_factory=dict)
    by_home: Mapping[str, int] = field(default_factory=dict)  # most first
    by_month: Mapping[str, int] = field(default_factory=dict)  # "2025-03" → activities
    examples: tuple[ActivityExample, ...] = ()  # most suggestions first, distinct titles


@dataclass(frozen=True)
class ConsultationExample:
    held_on: _dt.date
    place: str  # the village or community, else the platform
    township: str
    topic: str
    outcome: str = ""  # only when no other consultation of the period has the same text
    done_deeds_text: str = ""  # likewise
    done_deeds: int = 0


@dataclass(frozen=True)
class ConsultationsPart:
    platforms: int = 0
    covered_villages: int = 0
    villages_total: int = 0
    sessions: int = 0
    participating_members: int = 0
    active_members: int = 0
    suggestions: int = 0
    done_deeds: int = 0
    department_participants: int = 0
    resident_participants: int = 0
    by_topic_source: Mapping[str, int] = field(default_factory=dict)  # the office's vocabulary order
    by_topic: Mapping[str, int] = field(default_factory=dict)  # most first
    by_follow_up: Mapping[str, int] = field(default_factory=dict)  # 未落实 / 落实中 / 已落实
    by_township: Mapping[str, int] = field(default_factory=dict)  # most first
    by_month: Mapping[str, int] = field(default_factory=dict)
    examples: tuple[ConsultationExample, ...] = ()  # most done deeds first


@dataclass(frozen=True)
class OpinionExample:
    title: str
    adopted_level: str = ""  # the highest level that adopted it: 全国 / 省 / 市 / 县
    instructed_by: str = ""  # the leader whose instruction it carries


@dataclass(frozen=True)
class OpinionsPart:
    received: int = 0
    by_members: int = 0
    submitting_members: int = 0
    active_members: int = 0
    adopted: int = 0
    adopted_by_level: Mapping[str, int] = field(default_factory=dict)  # 全国, 省, 市, 县 (highest first)
    with_instructions: int = 0
    bulletins: int = 0
    examples: tuple[OpinionExample, ...] = ()  # adopted highest first, then instructed


@dataclass(frozen=True)
class DutyPart:
    members: int = 0
    by_band: Mapping[str, int] = field(default_factory=dict)  # best band first


@dataclass(frozen=True)
class AnnualReportDTO:
    committee: str  # 政协黎城县委员会
    county: str  # 黎城县
    title: str  # 政协黎城县委员会2025年度工作总结
    period_start: _dt.date
    period_end: _dt.date
    period_label: str  # 2025年 / 14届4次会议以来 / 2025-03-01至2025-08-31
    signed_on: _dt.date
    members: MembersPart = MembersPart()
    proposals: ProposalsPart = ProposalsPart()
    homes: HomesPart = HomesPart()
    consultations: ConsultationsPart = ConsultationsPart()
    opinions: OpinionsPart = OpinionsPart()
    duty: DutyPart = DutyPart()

    @property
    def is_year(self) -> bool:
        start, end = self.period_start, self.period_end
        return start == _dt.date(start.year, 1, 1) and end == _dt.date(start.year, 12, 31)
