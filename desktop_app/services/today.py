"""首页: today's work as lists (one read transaction) and the year's key figures as cards with charts.

The lists, and the rule each one follows:

- 逾期未答复: an active lead or separate assignment of a proposal still 已交办, without a current reply, past
  its due date (services/proposals/open_work.py, the definition the 提案 page uses too); most overdue first.
- 14天内到期: the same assignments due today or within DUE_SOON_DAYS days; soonest first.
- 待委员反馈: a unit's current reply with no verdict yet, on a proposal in a state where 委员反馈 may be
  recorded (已答复, or 已并案 with its own reply); longest waiting first.
- 不满意待重办: a 不满意 verdict whose unit has not replied again, the proposal back at 已交办; oldest verdict first.
- 协商待跟进: a consultation whose outcome is not 已落实 and whose last follow-up (or, with none, the
  consultation itself) is FOLLOW_UP_DAYS days or more ago; longest without a follow-up first.
- 近两周活动: activities held from Monday of this week to Sunday of next week, by date.
- 未履职委员: members in office this year with no duty record in it (performance.members_without_duty_record,
  the rule of has_duty_record: no attendance present or excused, no proposal led or co-signed, no consultation,
  no opinion).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import and_, func, select

from db.models import Activity, Assignment, Consultation, Feedback, HandlingUnit, Home, Platform, Proposal, Reply
from desktop_app.domain.enums import FollowUpStatus, Verdict
from desktop_app.domain.period import Period, format_rate
from desktop_app.domain.proposal_workflow import ASSIGNED, TRANSITIONS
from desktop_app.services.context import ServiceContext
from desktop_app.services.performance import members_without_duty_record
from desktop_app.services.proposals.open_work import open_assignment_rows

if TYPE_CHECKING:  # the lists are read first; the statistics (with the charts' data) come with the figures
    from desktop_app.services.statistics.chart_data import ChartData

DUE_SOON_DAYS = 14
FOLLOW_UP_DAYS = 30
# The states in which the proposer's verdict may be recorded (the workflow's, not a list of our own).
VERDICT_STATES = tuple(state for state, actions in TRANSITIONS.items() if "feedback" in actions)
WEEKDAYS = "一二三四五六日"


def case_text(case_number: int | None) -> str:
    return f"{case_number:03d}" if case_number else ""


@dataclass(frozen=True)
class DueAssignment:
    """A unit owing a reply: `days` overdue (逾期) or left (14天内到期)."""

    kind = "proposal"
    proposal_id: int
    case_number: int | None
    title: str
    unit_name: str
    due_on: date
    days: int

    @property
    def record_id(self) -> int:
        return self.proposal_id


@dataclass(frozen=True)
class AwaitingVerdict:
    kind = "proposal"
    proposal_id: int
    case_number: int | None
    title: str
    unit_name: str
    replied_on: date
    days: int  # since the reply

    @property
    def record_id(self) -> int:
        return self.proposal_id


@dataclass(frozen=True)
class Rehandling:
    kind = "proposal"
    proposal_id: int
    case_number: int | None
    title: str
    unit_name: str
    verdict_on: date | None
    due_on: date | None  # the assignment's due date (a new one when the office set it)

    @property
    def record_id(self) -> int:
        return self.proposal_id


@dataclass(frozen=True)
class FollowUpDue:
    kind = "consultation"
    consultation_id: int
    held_on: date
    topic: str
    platform: str
    status_label: str
    last_follow_up: date | None
    days: int  # since the last follow-up, or since the consultation

    @property
    def record_id(self) -> int:
        return self.consultation_id


@dataclass(frozen=True)
class Upcoming:
    kind = "activity"
    activity_id: int
    held_on: date
    title: str
    home_name: str
    activity_kind: str
    week: str  # 本周 / 下周

    @property
    def record_id(self) -> int:
        return self.activity_id

    @property
    def day_text(self) -> str:
        return f"{self.held_on.month}月{self.held_on.day}日（周{WEEKDAYS[self.held_on.weekday()]}）"


@dataclass(frozen=True)
class IdleMember:
    kind = "member"
    member_id: int
    name: str
    sector: str
    standing: bool

    @property
    def record_id(self) -> int:
        return self.member_id


@dataclass(frozen=True)
class TodayWork:
    today: date
    overdue: tuple[DueAssignment, ...]
    due_soon: tuple[DueAssignment, ...]
    awaiting_verdict: tuple[AwaitingVerdict, ...]
    rehandling: tuple[Rehandling, ...]
    follow_ups: tuple[FollowUpDue, ...]
    activities: tuple[Upcoming, ...]
    idle_members: tuple[IdleMember, ...]


@dataclass(frozen=True)
class FigureCard:
    """One key figure of the year with its companions and a small chart."""

    key: str
    title: str
    number: str  # "312"
    unit: str  # "件立案"
    lines: tuple[tuple[str, str], ...]  # ("办复率", "98.5%")
    chart: ChartData | None


@dataclass(frozen=True)
class YearFigures:
    year: int
    cards: tuple[FigureCard, ...]


class TodayService:
    def __init__(self, ctx: ServiceContext):
        self._ctx = ctx

    def work(self, *, today: date | None = None) -> TodayWork:
        """Every list of the 首页, read in one transaction."""
        today = today or date.today()
        with self._ctx.uow() as s:
            overdue, soon = [], []
            for proposal_id, case_number, title, unit_name, due_on in open_assignment_rows(s):
                days_left = (due_on - today).days
                if days_left < 0:
                    overdue.append(DueAssignment(proposal_id, case_number, title, unit_name, due_on, -days_left))
                elif days_left <= DUE_SOON_DAYS:
                    soon.append(DueAssignment(proposal_id, case_number, title, unit_name, due_on, days_left))
            overdue.sort(key=lambda r: (-r.days, r.case_number or 0, r.unit_name))
            soon.sort(key=lambda r: (r.days, r.case_number or 0, r.unit_name))
            return TodayWork(today, tuple(overdue), tuple(soon), _awaiting_verdict(s, today), _rehandling(s),
                             _follow_ups(s, today), _upcoming(s, today), _idle_members(s, today))

    def year_figures(self, *, today: date | None = None) -> YearFigures:
        """This year's key figures (the statistics' own, for the calendar year) as cards with their charts."""
        from desktop_app.services.statistics import StatisticsService
        from desktop_app.services.statistics.sheets import consultations_sheet, homes_sheet, opinions_sheet, \
            proposals_sheet

        today = today or date.today()
        figures = StatisticsService(self._ctx).figures(Period.year(today.year), units=False)
        p, h, c, o = (figures[key] for key in ("proposals", "homes", "consultations", "opinions"))

        def chart(sheet, key: str) -> ChartData | None:
            return next((data for data in sheet.charts if data.key == key), None)

        cards = (
            FigureCard("proposals", "提案", str(p.accepted), "件立案",
                       (("办复率", format_rate(p.replied, p.assigned)),
                        ("满意率", format_rate(p.satisfied, p.feedback_given))),
                       chart(proposals_sheet(p), "proposals.categories")),
            FigureCard("homes", "委员之家活动", str(h.activities), "次",
                       (("参加委员", f"{h.attendance} 人次"), ("出席率", format_rate(h.attendance, h.attendance + h.excused + h.absent))),
                       chart(homes_sheet(h), "homes.months")),
            FigureCard("consultations", "有事来商量", str(c.sessions), "次协商",
                       (("意见建议", f"{c.suggestions} 条"), ("办成实事", f"{c.done_deeds} 件")),
                       chart(consultations_sheet(c), "consultations.months")),
            FigureCard("opinions", "社情民意信息", str(o.received), "篇",
                       (("被采用", f"{o.adopted} 篇"), ("采用率", format_rate(o.adopted, o.received))),
                       chart(opinions_sheet(o), "opinions.levels")),
        )
        return YearFigures(today.year, cards)


def _awaiting_verdict(s, today: date) -> tuple[AwaitingVerdict, ...]:
    has_verdict = select(Feedback.id).where(Feedback.reply_id == Reply.id).exists()
    rows = s.execute(
        select(Proposal.id, Proposal.case_number, Proposal.title, HandlingUnit.name, Reply.replied_on)
        .join(Reply, Reply.proposal_id == Proposal.id)
        .join(HandlingUnit, HandlingUnit.id == Reply.unit_id)
        .where(Proposal.state.in_(VERDICT_STATES), Reply.superseded.is_(False), ~has_verdict)).all()
    out = [AwaitingVerdict(pid, number, title, unit, replied_on, (today - replied_on).days)
           for pid, number, title, unit, replied_on in rows]
    return tuple(sorted(out, key=lambda r: (r.replied_on, r.case_number or 0, r.unit_name)))


def _rehandling(s) -> tuple[Rehandling, ...]:
    answered_again = (select(Reply.id).where(Reply.proposal_id == Feedback.proposal_id,
                                             Reply.unit_id == HandlingUnit.id, Reply.superseded.is_(False)).exists())
    superseded = Reply.__table__.alias("superseded_reply")
    rows = s.execute(
        select(Proposal.id, Proposal.case_number, Proposal.title, HandlingUnit.name, Feedback.given_on,
               Assignment.due_on)
        .select_from(Feedback)
        .join(superseded, superseded.c.id == Feedback.reply_id)
        .join(Proposal, Proposal.id == Feedback.proposal_id)
        .join(HandlingUnit, HandlingUnit.id == superseded.c.unit_id)
        .outerjoin(Assignment, Assignment.id == superseded.c.assignment_id)
        .where(Feedback.verdict == Verdict.DISSATISFIED.value, Proposal.state == ASSIGNED, ~answered_again)).all()
    latest: dict[tuple[int, str], Rehandling] = {}  # a unit found wanting twice is one item to re-handle
    for pid, number, title, unit, given_on, due_on in rows:
        item = Rehandling(pid, number, title, unit, given_on, due_on)
        known = latest.get((pid, unit))
        if known is None or (given_on or date.min) > (known.verdict_on or date.min):
            latest[(pid, unit)] = item
    return tuple(sorted(latest.values(), key=lambda r: (r.verdict_on or date.min, r.case_number or 0)))


def _follow_ups(s, today: date) -> tuple[FollowUpDue, ...]:
    since = func.coalesce(Consultation.follow_up_date, Consultation.held_on)
    rows = s.execute(
        select(Consultation.id, Consultation.held_on, Consultation.topic, Platform.name,
               Consultation.follow_up_status, Consultation.follow_up_date)
        .join(Platform, Platform.id == Consultation.platform_id)
        .where(Consultation.follow_up_status != FollowUpStatus.DONE.value,
               since <= today - timedelta(days=FOLLOW_UP_DAYS))).all()
    out = []
    for cid, held_on, topic, platform, status, last in rows:
        out.append(FollowUpDue(cid, held_on, topic, platform, FollowUpStatus(status).label, last,
                               (today - (last or held_on)).days))
    return tuple(sorted(out, key=lambda r: (-r.days, r.held_on, r.consultation_id)))


def _upcoming(s, today: date) -> tuple[Upcoming, ...]:
    monday = today - timedelta(days=today.weekday())
    next_monday = monday + timedelta(days=7)
    rows = s.execute(
        select(Activity.id, Activity.held_on, Activity.title, Home.name, Activity.kind)
        .outerjoin(Home, Home.id == Activity.home_id)
        .where(and_(Activity.held_on >= monday, Activity.held_on < next_monday + timedelta(days=7)))
        .order_by(Activity.held_on, Activity.id)).all()
    return tuple(Upcoming(aid, held_on, title, home or "全县性活动", kind, "本周" if held_on < next_monday else "下周")
                 for aid, held_on, title, home, kind in rows)


def _idle_members(s, today: date) -> tuple[IdleMember, ...]:
    return tuple(IdleMember(member_id, name, sector or "", bool(standing))
                 for member_id, name, sector, standing in members_without_duty_record(s, Period.year(today.year)))
