"""首页: today's work as lists (one read transaction) and the year's key figures as cards with charts.

The lists, and the rule each one follows:

- 逾期未答复: an active lead or separate assignment of a proposal still 已交办, without a current reply, past
  its due date (the rule of services/proposals/open_work.py, which the 提案 page uses; tests/services/test_today.py
  holds the two equal); most overdue first.
- 14天内到期: the same assignments due today or within DUE_SOON_DAYS days; soonest first.
- 待委员反馈: a unit's current reply with no verdict yet, on a proposal in a state where 委员反馈 may be
  recorded (已答复, or 已并案 with its own reply); longest waiting first.
- 不满意待重办: a 不满意 verdict whose unit has not replied again, the proposal back at 已交办; oldest verdict first.
- 协商待跟进: a consultation whose outcome is not 已落实 and whose last follow-up (or, with none, the
  consultation itself) is FOLLOW_UP_DAYS days or more ago; longest without a follow-up first.
- 近两周活动: activities held from Monday of this week to Sunday of next week, by date.
- 未履职委员: members in office this year with no duty record in it (the rule of performance.has_duty_record: no
  attendance present or excused, no proposal led or co-signed, no consultation, no opinion), asked as one query
  with a NOT EXISTS per kind of record, which stops at a member's first record; tests/services/test_today.py holds
  it equal to has_duty_record over performance.duty_counts.

The lists are plain SQL, all of it here, with :named parameters: the same text runs through the engine
(`TodayService.work`, SQLite or PostgreSQL) and, as the window opens, through a plain sqlite3 connection before
SQLAlchemy is imported (`early_work` over services/database.FolderReader), so the first page is filled while the
store is still being opened. Values come back as the database keeps them (dates as ISO text on SQLite) and are
made dates here.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from desktop_app.domain.enums import AssignmentStatus, AttendanceStatus, FollowUpStatus, MemberStatus, Verdict
from desktop_app.domain.period import Period, format_rate
from desktop_app.domain.proposal_workflow import ANSWERING_ROLES, ASSIGNED, TRANSITIONS

if TYPE_CHECKING:  # the lists are read first; the statistics (with the charts' data) come with the figures
    from desktop_app.services.context import ServiceContext
    from desktop_app.services.database import FolderReader, Rows
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
        from sqlalchemy import Date, bindparam, text

        with self._ctx.uow() as s:
            def run(sql: str, params: dict) -> list:
                dates = [bindparam(key, type_=Date) for key, value in params.items() if isinstance(value, date)]
                return s.execute(text(sql).bindparams(*dates), params).all()

            return read_work(run, today or date.today())

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


def early_work(reader: FolderReader, *, today: date | None = None) -> TodayWork:
    """The same lists read through the data folder's file before the store is open (the window's first page)."""
    return reader.read(lambda run: read_work(run, today or date.today()))


def read_work(run: Rows, today: date) -> TodayWork:
    """Every list of the 首页 through `run(sql, params)` (inside one read transaction of the caller's)."""
    overdue, soon = [], []
    for proposal_id, case_number, title, unit_name, due_on in run(*open_assignments_sql()):
        due_on = _day(due_on)
        days_left = (due_on - today).days
        if days_left < 0:
            overdue.append(DueAssignment(proposal_id, case_number, title, unit_name, due_on, -days_left))
        elif days_left <= DUE_SOON_DAYS:
            soon.append(DueAssignment(proposal_id, case_number, title, unit_name, due_on, days_left))
    overdue.sort(key=lambda r: (-r.days, r.case_number or 0, r.unit_name))
    soon.sort(key=lambda r: (r.days, r.case_number or 0, r.unit_name))
    return TodayWork(today, tuple(overdue), tuple(soon), _awaiting_verdict(run, today), _rehandling(run),
                     _follow_ups(run, today), _upcoming(run, today), _idle_members(run, today))


def _day(value) -> date | None:
    """A date column's value: a date (PostgreSQL), ISO text (SQLite) or None."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def _in(name: str, values, params: dict) -> str:
    """`:name_0, :name_1 …` for an IN list, the values put in `params`."""
    keys = [f"{name}_{number}" for number in range(len(values))]
    params.update(zip(keys, values))
    return ", ".join(f":{key}" for key in keys)


def open_assignments_sql() -> tuple[str, dict]:
    """Active lead/separate assignments of proposals still 已交办 without a current reply (services/proposals/
    open_work.py's rule): (proposal id, case number, title, unit name, due date), the soonest due first."""
    params = {"assigned": ASSIGNED, "active": AssignmentStatus.ACTIVE.value, "current": False}
    return (f"""
        SELECT p.id, p.case_number, p.title, u.name, a.due_on
        FROM assignments AS a
        JOIN proposals AS p ON p.id = a.proposal_id
        JOIN handling_units AS u ON u.id = a.unit_id
        WHERE p.state = :assigned AND a.status = :active AND a.role IN ({_in("role", ANSWERING_ROLES, params)})
          AND NOT EXISTS (SELECT r.id FROM replies AS r
                          WHERE r.proposal_id = a.proposal_id AND r.unit_id = a.unit_id AND r.superseded = :current)
        ORDER BY a.due_on""", params)


def _awaiting_verdict(run: Rows, today: date) -> tuple[AwaitingVerdict, ...]:
    params = {"current": False}
    rows = run(f"""
        SELECT p.id, p.case_number, p.title, u.name, r.replied_on
        FROM proposals AS p
        JOIN replies AS r ON r.proposal_id = p.id
        JOIN handling_units AS u ON u.id = r.unit_id
        WHERE p.state IN ({_in("state", VERDICT_STATES, params)}) AND r.superseded = :current
          AND NOT EXISTS (SELECT f.id FROM feedback AS f WHERE f.reply_id = r.id)""", params)
    out = [AwaitingVerdict(pid, number, title, unit, _day(replied_on), (today - _day(replied_on)).days)
           for pid, number, title, unit, replied_on in rows]
    return tuple(sorted(out, key=lambda r: (r.replied_on, r.case_number or 0, r.unit_name)))


def _rehandling(run: Rows) -> tuple[Rehandling, ...]:
    rows = run("""
        SELECT p.id, p.case_number, p.title, u.name, f.given_on, a.due_on
        FROM feedback AS f
        JOIN replies AS superseded_reply ON superseded_reply.id = f.reply_id
        JOIN proposals AS p ON p.id = f.proposal_id
        JOIN handling_units AS u ON u.id = superseded_reply.unit_id
        LEFT OUTER JOIN assignments AS a ON a.id = superseded_reply.assignment_id
        WHERE f.verdict = :dissatisfied AND p.state = :assigned
          AND NOT EXISTS (SELECT r.id FROM replies AS r
                          WHERE r.proposal_id = f.proposal_id AND r.unit_id = u.id AND r.superseded = :current)""",
               {"dissatisfied": Verdict.DISSATISFIED.value, "assigned": ASSIGNED, "current": False})
    latest: dict[tuple[int, str], Rehandling] = {}  # a unit found wanting twice is one item to re-handle
    for pid, number, title, unit, given_on, due_on in rows:
        item = Rehandling(pid, number, title, unit, _day(given_on), _day(due_on))
        known = latest.get((pid, unit))
        if known is None or (item.verdict_on or date.min) > (known.verdict_on or date.min):
            latest[(pid, unit)] = item
    return tuple(sorted(latest.values(), key=lambda r: (r.verdict_on or date.min, r.case_number or 0)))


def _follow_ups(run: Rows, today: date) -> tuple[FollowUpDue, ...]:
    rows = run("""
        SELECT c.id, c.held_on, c.topic, pl.name, c.follow_up_status, c.follow_up_date
        FROM consultations AS c
        JOIN platforms AS pl ON pl.id = c.platform_id
        WHERE c.follow_up_status != :done AND coalesce(c.follow_up_date, c.held_on) <= :since""",
               {"done": FollowUpStatus.DONE.value, "since": today - timedelta(days=FOLLOW_UP_DAYS)})
    out = []
    for cid, held_on, topic, platform, status, last in rows:
        held_on, last = _day(held_on), _day(last)
        out.append(FollowUpDue(cid, held_on, topic, platform, FollowUpStatus(status).label, last,
                               (today - (last or held_on)).days))
    return tuple(sorted(out, key=lambda r: (-r.days, r.held_on, r.consultation_id)))


def _upcoming(run: Rows, today: date) -> tuple[Upcoming, ...]:
    monday = today - timedelta(days=today.weekday())
    next_monday = monday + timedelta(days=7)
    rows = run("""
        SELECT a.id, a.held_on, a.title, h.name, a.kind
        FROM activities AS a
        LEFT OUTER JOIN homes AS h ON h.id = a.home_id
        WHERE a.held_on >= :monday AND a.held_on < :until
        ORDER BY a.held_on, a.id""", {"monday": monday, "until": next_monday + timedelta(days=7)})
    return tuple(Upcoming(aid, _day(held_on), title, home or "全县性活动", kind,
                          "本周" if _day(held_on) < next_monday else "下周")
                 for aid, held_on, title, home, kind in rows)


def idle_members_sql(period: Period) -> tuple[str, dict]:
    """Members in office at the end of the period (statistics.members.active_members_condition) with no duty record
    in it (performance.DUTY_RECORD_FIELDS): (id, name, sector, is_standing), in roster order."""
    params = {"start": period.start, "end": period.end, "in_office": MemberStatus.ACTIVE.value}
    attended = _in("attended", (AttendanceStatus.PRESENT.value, AttendanceStatus.EXCUSED.value), params)
    return (f"""
        SELECT m.id, m.name, m.sector, m.is_standing
        FROM members AS m
        WHERE (m.joined_date IS NULL OR m.joined_date <= :end)
          AND (m.status = :in_office OR (m.left_date IS NOT NULL AND m.left_date > :end))
          AND NOT EXISTS (SELECT att.id FROM attendance AS att JOIN activities AS act ON act.id = att.activity_id
                          WHERE att.member_id = m.id AND act.held_on BETWEEN :start AND :end
                            AND att.status IN ({attended}))
          AND NOT EXISTS (SELECT p.id FROM proposals AS p
                          WHERE p.lead_member_id = m.id AND p.submitted_on BETWEEN :start AND :end)
          AND NOT EXISTS (SELECT pc.id FROM proposal_cosigners AS pc JOIN proposals AS p ON p.id = pc.proposal_id
                          WHERE pc.member_id = m.id AND p.submitted_on BETWEEN :start AND :end)
          AND NOT EXISTS (SELECT cm.consultation_id FROM consultation_members AS cm
                          JOIN consultations AS c ON c.id = cm.consultation_id
                          WHERE cm.member_id = m.id AND c.held_on BETWEEN :start AND :end)
          AND NOT EXISTS (SELECT os.id FROM opinion_submitters AS os JOIN opinions AS o ON o.id = os.opinion_id
                          WHERE os.member_id = m.id AND o.received_on BETWEEN :start AND :end)
        ORDER BY m.name_pinyin, m.id""", params)


def _idle_members(run: Rows, today: date) -> tuple[IdleMember, ...]:
    return tuple(IdleMember(member_id, name, sector or "", bool(standing))
                 for member_id, name, sector, standing in run(*idle_members_sql(Period.year(today.year))))
