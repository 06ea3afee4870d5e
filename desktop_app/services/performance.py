"""Duty performance (委员履职): each member's year counted from the other records, scored by the office's rules.

Every count is an SQL aggregate grouped by member, read in one transaction. A record belongs to the
period by one date, as in the statistics: an activity or consultation by the day it was held, a proposal
by its submitted date (its acceptance and flags count with it, whenever they happen), an opinion by its
received date.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Integer, and_, case, distinct, func, literal, literal_column, select, union_all
from sqlalchemy.orm import Session

from db.models import (Activity, Attendance, Consultation, Member, Opinion, OpinionAdoption, OpinionSubmitter,
                       Proposal, ProposalCosigner, consultation_members)
from desktop_app.domain.duty_scoring import DutyRules, Score, parse_duty_rules, score
from desktop_app.domain.enums import AttendanceStatus
from desktop_app.domain.gatherings import DUTY_MEETING_KINDS
from desktop_app.domain.period import Period
from desktop_app.domain.proposal_workflow import ACCEPTED_STATES
from desktop_app.services.context import ServiceContext
from desktop_app.services.office_files import read_rules_file
from desktop_app.services.statistics.members import active_member_ids, active_members_condition

FILE_NAME = "duty_rules.json"

# The counted fields of MemberDuty, in its order: the rules score these by name.
COUNT_FIELDS = (
    "meetings_present", "meetings_excused", "meetings_absent",
    "activities_present", "activities_excused", "activities_absent",
    "proposals_led", "proposals_cosigned", "proposals_accepted", "proposals_key", "proposals_excellent",
    "opinions_submitted", "opinions_adopted", "consultations",
)
# A duty record: attended (present or excused), led or co-signed a proposal, took part in a consultation or
# submitted an opinion. A member in office with none of these in a period has no duty record in it (首页's 未履职委员,
# asked in one query by services/today.idle_members_sql; tests/services/test_today.py holds the two equal).
DUTY_RECORD_FIELDS = (
    "meetings_present", "meetings_excused", "activities_present", "activities_excused",
    "proposals_led", "proposals_cosigned", "consultations", "opinions_submitted",
)


def has_duty_record(counts: dict[str, int]) -> bool:
    """Whether a member's counts (as MemberDuty.counts() or duty_counts give them) hold any duty record."""
    return any(counts.get(name, 0) for name in DUTY_RECORD_FIELDS)


@dataclass(frozen=True)
class MemberDuty:
    """One member's duty record for a period, with the score and band the rules give it."""

    member_id: int
    name: str
    sector: str | None
    standing: bool
    meetings_present: int  # 全体会议 and 常委会议 (gatherings.DUTY_MEETING_KINDS)
    meetings_excused: int
    meetings_absent: int
    activities_present: int  # every other kind of activity
    activities_excused: int
    activities_absent: int
    proposals_led: int  # submitted in the period, in any state
    proposals_cosigned: int
    proposals_accepted: int  # led or co-signed, 立案 including 并案
    proposals_key: int  # of the accepted ones
    proposals_excellent: int  # of the accepted ones
    opinions_submitted: int
    opinions_adopted: int  # adopted at any level
    consultations: int
    score: Score
    band: str
    warnings: tuple[str, ...] = ()

    def counts(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in COUNT_FIELDS}


@dataclass(frozen=True)
class DutySummary:
    """Members in office by band (every band of the rules, best first) and how many have a warning."""

    members: int
    by_band: dict[str, int] = field(default_factory=dict)
    warned: int = 0

    def text(self) -> str:
        """As the annual report words it: 优秀 12 人，良好 40 人，称职 110 人，不称职 18 人；未履职预警 9 人。"""
        bands = "，".join(f"{name} {count} 人" for name, count in self.by_band.items())
        return f"{bands}；未履职预警 {self.warned} 人。"


class PerformanceService:
    def __init__(self, ctx: ServiceContext, *, rules: DutyRules | None = None):
        self._ctx = ctx
        self._rules = rules  # None: read the rules file on every call, so an edit applies without a restart

    def rules(self) -> DutyRules:
        return self._rules if self._rules is not None else load_duty_rules(self._ctx)

    def rows(self, period: Period) -> list[MemberDuty]:
        """Every member in office at the end of the period, in roster order (by pinyin of the name, as the
        members page lists them), with counts, score, band and warnings."""
        return self._rows(period, self.rules())

    def summary(self, period: Period) -> DutySummary:
        return self.scored(period)[1]

    def scored(self, period: Period) -> tuple[list[MemberDuty], DutySummary]:
        """The rows and their summary, the rules read once (for a report or page that shows both)."""
        rules = self.rules()
        rows = self._rows(period, rules)
        return rows, summarize(rows, rules)

    def _rows(self, period: Period, rules: DutyRules) -> list[MemberDuty]:
        with self._ctx.uow() as s:
            roster, counts = duty_counts(s, period)
        return [_duty_row(row, counts.get(row.id, {}), rules) for row in roster]


def duty_counts(s: Session, period: Period) -> tuple[list, dict[int, dict[str, int]]]:
    """The members in office at the end of the period (id, name, sector, is_standing; roster order) and each
    one's counts by COUNT_FIELDS name (a member with nothing counted is absent; read missing names as 0)."""
    roster = s.execute(select(Member.id, Member.name, Member.sector, Member.is_standing)
                       .where(active_members_condition(period)).order_by(Member.name_pinyin, Member.id)).all()
    counts: dict[int, dict[str, int]] = {}
    for part in (_attendance_counts, _proposal_counts, _opinion_counts, _consultation_counts):
        for member_id, values in part(s, period).items():
            counts.setdefault(member_id, {}).update(values)
    return roster, counts


def summarize(rows: list[MemberDuty], rules: DutyRules) -> DutySummary:
    by_band = dict.fromkeys(rules.band_names, 0)
    for row in rows:
        by_band[row.band] += 1
    return DutySummary(len(rows), by_band, sum(1 for row in rows if row.warnings))


def _duty_row(member, found: dict[str, int], rules: DutyRules) -> MemberDuty:
    counts = {name: found.get(name, 0) for name in COUNT_FIELDS}
    value, band, warnings = score(counts, rules)
    return MemberDuty(member.id, member.name, member.sector, bool(member.is_standing), **counts,
                      score=value, band=band, warnings=warnings)


# ----- the counts, each one grouped query over the period's records of members in office -----

# The member filters written so SQLite cannot pick a member index for them ("+column"): each query then reads
# the period's records by date and their members by record (attendance on a city's year: 15 ms instead of
# 140 ms for every attendance row of every member in office; opinions and consultations 4–10× faster too).
_ATTENDING_MEMBER_UNINDEXED = literal_column("+attendance.member_id", type_=Integer)
_SUBMITTING_MEMBER_UNINDEXED = literal_column("+opinion_submitters.member_id", type_=Integer)
_CONSULTING_MEMBER_UNINDEXED = literal_column("+consultation_members.member_id", type_=Integer)


def _attendance_counts(s: Session, period: Period) -> dict[int, dict[str, int]]:
    is_meeting = case((Activity.kind.in_(DUTY_MEETING_KINDS), 1), else_=0)
    stmt = (select(Attendance.member_id, is_meeting, Attendance.status, func.count())
            .join(Activity, Activity.id == Attendance.activity_id)
            .where(Activity.held_on.between(period.start, period.end),
                   _ATTENDING_MEMBER_UNINDEXED.in_(active_member_ids(period)))
            .group_by(Attendance.member_id, is_meeting, Attendance.status))
    suffix = {AttendanceStatus.PRESENT.value: "present", AttendanceStatus.EXCUSED.value: "excused",
              AttendanceStatus.ABSENT.value: "absent"}
    out: dict[int, dict[str, int]] = {}
    for member_id, meeting, status, count in s.execute(stmt):
        if status in suffix:
            key = f"{'meetings' if meeting else 'activities'}_{suffix[status]}"
            out.setdefault(member_id, {})[key] = count
    return out


def _proposal_counts(s: Session, period: Period) -> dict[int, dict[str, int]]:
    in_period = Proposal.submitted_on.between(period.start, period.end)
    led = (select(Proposal.lead_member_id.label("member_id"), Proposal.id.label("proposal_id"),
                  literal("led").label("role")).where(in_period, Proposal.lead_member_id.is_not(None)))
    cosigned = (select(ProposalCosigner.member_id, ProposalCosigner.proposal_id, literal("cosigned"))
                .join(Proposal, Proposal.id == ProposalCosigner.proposal_id).where(in_period))
    taking_part = union_all(led, cosigned).subquery()
    accepted = Proposal.state.in_(ACCEPTED_STATES)

    def accepted_where(*conditions):
        # distinct proposals: a member recorded both as lead and co-signer counts once
        return func.count(distinct(case((and_(accepted, *conditions), taking_part.c.proposal_id))))

    stmt = (select(taking_part.c.member_id,
                   func.count(case((taking_part.c.role == "led", 1))),
                   func.count(case((taking_part.c.role == "cosigned", 1))),
                   accepted_where(), accepted_where(Proposal.is_key.is_(True)),
                   accepted_where(Proposal.is_excellent.is_(True)))
            .join(Proposal, Proposal.id == taking_part.c.proposal_id)
            .where(taking_part.c.member_id.in_(active_member_ids(period)))
            .group_by(taking_part.c.member_id))
    names = ("proposals_led", "proposals_cosigned", "proposals_accepted", "proposals_key", "proposals_excellent")
    return {row[0]: dict(zip(names, row[1:])) for row in s.execute(stmt)}


def _opinion_counts(s: Session, period: Period) -> dict[int, dict[str, int]]:
    adopted = Opinion.id.in_(select(OpinionAdoption.opinion_id))  # at any level, however many times
    stmt = (select(OpinionSubmitter.member_id, func.count(distinct(Opinion.id)),
                   func.count(distinct(case((adopted, Opinion.id)))))
            .join(Opinion, Opinion.id == OpinionSubmitter.opinion_id)
            .where(Opinion.received_on.between(period.start, period.end),
                   _SUBMITTING_MEMBER_UNINDEXED.in_(active_member_ids(period)))
            .group_by(OpinionSubmitter.member_id))
    return {member_id: {"opinions_submitted": submitted, "opinions_adopted": adopted_count}
            for member_id, submitted, adopted_count in s.execute(stmt)}


def _consultation_counts(s: Session, period: Period) -> dict[int, dict[str, int]]:
    member_id = consultation_members.c.member_id
    stmt = (select(member_id, func.count())
            .join(Consultation, Consultation.id == consultation_members.c.consultation_id)
            .where(Consultation.held_on.between(period.start, period.end),
                   _CONSULTING_MEMBER_UNINDEXED.in_(active_member_ids(period)))
            .group_by(member_id))
    return {member: {"consultations": count} for member, count in s.execute(stmt)}


# ----- the rules: the shipped file, or the office's own in the data folder instead -----

def load_duty_rules(ctx: ServiceContext) -> DutyRules:
    """The scoring rules: the data folder's duty_rules.json when present (it replaces the shipped one)."""
    own = ctx.data.root / FILE_NAME
    return _read(own if own.exists() else ctx.resources / "scoring" / FILE_NAME)


def _read(path: Path) -> DutyRules:
    return read_rules_file(path, "履职评分规则", parse_duty_rules)
