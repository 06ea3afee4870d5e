"""What the 提案工作情况报告 prints: frozen dataclasses of plain values.

services/reports/proposals_report.py fills these (every figure from the statistics service, the
examples from the records); fileio/documents/proposals_report.py words them into the template's
fields. Sequences are tuples so a DTO can cross threads.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass


@dataclass(frozen=True)
class ReportNumbers:
    """The figures of the period, as the statistics service counted them."""

    submitted: int
    accepted: int
    merged: int
    collective: int
    member: int
    participating_members: int
    active_members: int
    assigned: int
    replied: int
    replies: int  # current replies (件次)
    reply_a: int
    reply_b: int
    reply_c: int
    face_to_face: int
    satisfied: int
    basically_satisfied: int
    dissatisfied: int
    key: int


@dataclass(frozen=True)
class ExampleProposal:
    """One accepted proposal as its records tell it, for the sentences that name real proposals."""

    title: str
    is_key: bool = False
    reply_category: str | None = None  # the best current reply's category: A before B before C
    reply_text: str = ""  # the first current reply's text that says something (may be empty)
    reply_unit: str = ""  # the unit that wrote reply_text
    units: tuple[str, ...] = ()  # lead units (主办单位), else any assigned unit
    leaders: tuple[tuple[str, str], ...] = ()  # (role 领办/督办, "职务姓名")
    verdicts: tuple[str, ...] = ()  # 满意 / 基本满意 / 不满意 given on its replies


@dataclass(frozen=True)
class CategoryFacts:
    """One category of the office's vocabulary with its accepted proposals."""

    name: str
    count: int  # accepted proposals of the category (from the statistics)
    # Its accepted proposals' topics: (one title of the topic, how many proposals share it — titles that shorten
    # alike are one topic), in submission order of each topic's first proposal.
    topics: tuple[tuple[str, int], ...]
    proposals: tuple[ExampleProposal, ...]  # candidates for examples: key, then A-answered, then B-answered


@dataclass(frozen=True)
class ProposalsReportDTO:
    committee: str  # 政协黎城县委员会
    county: str  # 黎城县 (may be empty before the office is set up)
    term: int  # the term of the session reported to (14)
    span_kind: str  # "session", "year" or "dates"
    start: _dt.date
    end: _dt.date
    numbers: ReportNumbers
    categories: tuple[CategoryFacts, ...]  # in the vocabulary's order, empty ones included
    since_session: tuple[int, int] | None = None  # (14, 4) for a session span
    occasion: tuple[int, int] | None = None  # (14, 5): the plenary session the report is read at
    occasion_date: _dt.date | None = None
    key_leaders: tuple[tuple[str, str], ...] = ()  # (role, "职务姓名") of the key proposals, first seen first
    work_year: int = 0  # the year most of the period lies in
