"""`report proposals`: the 提案工作情况报告 (seeds 001, 003) as a Word document from its template.

Every figure comes from the statistics service (one read of the period, categories in the office's
own vocabulary); the examples are the period's accepted proposals as their records tell them
(replies, assignments, leaders, feedback); the committee and the session read at come from the
office settings and the sessions. The wording is fileio/documents/proposals_report.py's.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Assignment, Feedback, HandlingUnit, PlenarySession, Proposal, ProposalLeader, Reply, Term
from desktop_app.domain.enums import AssignmentStatus, Verdict
from desktop_app.domain.errors import Cancelled
from desktop_app.domain.period import Period
from desktop_app.domain.proposal_workflow import ACCEPTED_STATES
from desktop_app.domain.report_wording import shorten_title
from desktop_app.fileio.proposals_report_dto import CategoryFacts, ExampleProposal, ProposalsReportDTO, ReportNumbers
from desktop_app.services.context import ServiceContext
from desktop_app.services.progress import CancelFn, ProgressFn

CANDIDATES_PER_RANK = 20  # key, A-answered, B-answered, unanswered: each handed to the wording (it names ≤ 9)
SESSIONS_PER_TERM = 5
_VERDICTS = {v.value: v.label for v in Verdict}
_REPLY_ORDER = {"A": 0, "B": 1, "C": 2}


@dataclass(frozen=True)
class _SessionRow:
    id: int
    term: int
    number: int
    opening: date | None
    first_proposal: date | None

    @property
    def start(self) -> date | None:
        return self.opening or self.first_proposal


def work_year(period: Period) -> int:
    """The year most of the period lies in (a session span from January 2025 to January 2026 is 2025's)."""
    days: Counter[int] = Counter()
    day = period.start
    while day <= period.end:
        year_end = min(date(day.year, 12, 31), period.end)
        days[day.year] += (year_end - day).days + 1
        day = year_end + timedelta(days=1)
    return max(days, key=lambda year: (days[year], -year))


def _next_session(term: int, number: int) -> tuple[int, int]:
    return (term, number + 1) if number < SESSIONS_PER_TERM else (term + 1, 1)


class ProposalsReportService:
    def __init__(self, ctx: ServiceContext):
        self._ctx = ctx

    def write(self, out: str | Path, period: Period, *, progress: ProgressFn | None = None,
              cancelled: CancelFn | None = None) -> Path:
        from desktop_app.fileio.documents.proposals_report import context
        from desktop_app.services.templates import TemplateService

        def step(index: int, text: str) -> None:
            if cancelled and cancelled():
                raise Cancelled()
            if progress:
                progress(index, 4, text)

        step(0, "正在汇总提案数字")
        dto = self.gather(period, step=step)
        step(3, "正在绘制图表、写入文件")
        values = context(dto)
        if cancelled and cancelled():
            raise Cancelled()
        path = TemplateService(self._ctx).render("proposals", values, Path(out))
        if progress:
            progress(4, 4, "完成")
        return path

    def gather(self, period: Period, *, step=None) -> ProposalsReportDTO:
        """Everything the report prints, from one read of the figures and one of the records."""
        from desktop_app.services.periods import is_calendar_year, session_of
        from desktop_app.services.settings import read_office
        from desktop_app.services.statistics import StatisticsService

        p = StatisticsService(self._ctx).part("proposals", period)
        if step:
            step(1, "正在整理各类提案的办理情况")
        since = session_of(period)
        with self._ctx.uow() as s:
            office = read_office(s)
            sessions = _sessions(s)
            categories, key_leaders = _records(s, period, p.by_office_category)
        if step:
            step(2, "正在确定会次")
        occasion, occasion_date = _occasion(sessions, period, since)
        term = occasion[0] if occasion else (since[0] if since else office.current_term)
        numbers = ReportNumbers(
            submitted=p.submitted, accepted=p.accepted, merged=p.merged, collective=p.by_kind["collective"],
            member=p.by_kind["member"], participating_members=p.participating_members,
            active_members=p.active_members, assigned=p.assigned, replied=p.replied, replies=p.replies,
            reply_a=p.reply_categories["A"], reply_b=p.reply_categories["B"], reply_c=p.reply_categories["C"],
            face_to_face=p.face_to_face, satisfied=p.feedback["满意"], basically_satisfied=p.feedback["基本满意"],
            dissatisfied=p.feedback["不满意"], key=p.key)
        kind = "session" if since else ("year" if is_calendar_year(period) else "dates")
        return ProposalsReportDTO(
            committee=office.committee_display, county=office.county, term=term, span_kind=kind,
            start=period.start, end=period.end, numbers=numbers,
            categories=tuple(CategoryFacts(name, count, *categories.get(name, ((), ())))
                             for name, count in p.by_office_category.items()),
            since_session=since, occasion=occasion, occasion_date=occasion_date, key_leaders=key_leaders,
            work_year=work_year(period))


def _sessions(s: Session) -> list[_SessionRow]:
    first = dict(s.execute(select(Proposal.session_id, func.min(Proposal.submitted_on))
                           .group_by(Proposal.session_id)).all())
    rows = s.execute(select(PlenarySession.id, Term.number, PlenarySession.number, PlenarySession.opening_date)
                     .join(Term, Term.id == PlenarySession.term_id).order_by(Term.number, PlenarySession.number))
    return [_SessionRow(sid, term, number, opening, first.get(sid)) for sid, term, number, opening in rows]


def _occasion(sessions: list[_SessionRow], period: Period,
              since: tuple[int, int] | None) -> tuple[tuple[int, int] | None, date | None]:
    """The plenary session the report is read at, and its opening date when known.

    For a session span: the session after it. Otherwise the session after the last one begun by the
    period's end. A next session not yet in the records is the following number (after the fifth, the
    next term's first), without a date.
    """
    if since:
        index = next((i for i, r in enumerate(sessions) if (r.term, r.number) == since), None)
    else:
        begun = [i for i, r in enumerate(sessions) if r.start is not None and r.start <= period.end]
        index = begun[-1] if begun else None
    if index is None:
        return (_next_session(*since) if since else None), None
    if index + 1 < len(sessions):
        following = sessions[index + 1]
        opening = following.opening if following.opening and following.opening > period.start else None
        return (following.term, following.number), opening
    return _next_session(sessions[index].term, sessions[index].number), None


def _records(s: Session, period: Period, office_categories: dict[str, int]):
    """Per category of the office: (topics with their proposals, example candidates); and the key proposals' leaders."""
    from desktop_app.services.statistics.proposals import office_category_name

    in_period = Proposal.submitted_on.between(period.start, period.end)
    accepted = in_period & Proposal.state.in_(ACCEPTED_STATES)
    rows = s.execute(select(Proposal.id, Proposal.title, Proposal.category, Proposal.is_key, Proposal.merged_into_id)
                     .where(accepted).order_by(Proposal.submitted_on, Proposal.case_number, Proposal.id)).all()
    by_category: dict[str, list] = defaultdict(list)
    for row in rows:
        by_category[office_category_name(row.category, office_categories)].append(row)

    replies: dict[int, list[tuple[str, str | None, str]]] = defaultdict(list)
    for pid, unit, category, text in s.execute(
            select(Reply.proposal_id, HandlingUnit.name, Reply.category, Reply.text)
            .join(HandlingUnit, HandlingUnit.id == Reply.unit_id).join(Proposal, Proposal.id == Reply.proposal_id)
            .where(accepted, Reply.superseded.is_(False)).order_by(Reply.replied_on, Reply.id)):
        replies[pid].append((unit, category, (text or "").strip()))
    units: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for pid, unit, role in s.execute(
            select(Assignment.proposal_id, HandlingUnit.name, Assignment.role)
            .join(HandlingUnit, HandlingUnit.id == Assignment.unit_id)
            .join(Proposal, Proposal.id == Assignment.proposal_id)
            .where(accepted, Assignment.status == AssignmentStatus.ACTIVE.value).order_by(Assignment.id)):
        units[pid].append((role, unit))
    leaders: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for pid, name, title, role in s.execute(
            select(ProposalLeader.proposal_id, ProposalLeader.leader_name, ProposalLeader.leader_title,
                   ProposalLeader.role).join(Proposal, Proposal.id == ProposalLeader.proposal_id)
            .where(accepted).order_by(ProposalLeader.id)):
        leaders[pid].append((role, f"{title or ''}{name}"))
    verdicts: dict[int, list[str]] = defaultdict(list)
    for pid, verdict in s.execute(select(Feedback.proposal_id, Feedback.verdict)
                                  .join(Proposal, Proposal.id == Feedback.proposal_id).where(accepted)
                                  .order_by(Feedback.id)):
        if verdict in _VERDICTS:
            verdicts[pid].append(_VERDICTS[verdict])

    out = {}
    for name, members in by_category.items():
        out[name] = (_topics(members),
                     _candidates(members, replies, units, leaders, verdicts))
    key_ids = [row.id for row in rows if row.is_key]
    key_leaders = tuple(dict.fromkeys(pair for pid in key_ids for pair in leaders.get(pid, ())))
    return out, key_leaders


def _topics(rows) -> tuple[tuple[str, int], ...]:
    """(one title, proposals on it) per topic — titles that shorten alike are one topic — in submission order."""
    topics: dict[str, list[str]] = {}
    for row in rows:
        topics.setdefault(shorten_title(row.title), []).append(row.title)
    return tuple((titles[0], len(titles)) for titles in topics.values())


def _candidates(rows, replies, units, leaders, verdicts) -> tuple[ExampleProposal, ...]:
    """The category's proposals worth naming: key ones, then A-answered, then B-answered, then unanswered."""
    found = []
    for row in rows:
        if row.merged_into_id is not None:
            continue  # handled under the proposal it was merged into
        answers = replies.get(row.id, [])
        best = min((c for _, c, _ in answers if c in _REPLY_ORDER), key=_REPLY_ORDER.get, default=None)
        if best == "C" and not row.is_key:
            continue  # 留作参考: not what a report holds up
        written = sorted((a for a in answers if a[2]), key=lambda a: _REPLY_ORDER.get(a[1], 3))
        assigned = units.get(row.id, [])
        handling = [u for role, u in assigned if role == "lead"] or [u for _, u in assigned]
        found.append((0 if row.is_key else 1 + _REPLY_ORDER.get(best, 3), ExampleProposal(
            title=row.title, is_key=bool(row.is_key), reply_category=best,
            reply_text=written[0][2] if written else "", reply_unit=written[0][0] if written else "",
            units=tuple(dict.fromkeys(handling)), leaders=tuple(leaders.get(row.id, ())),
            verdicts=tuple(verdicts.get(row.id, ())))))
    found.sort(key=lambda pair: pair[0])  # stable: within a rank, as submitted
    taken: Counter[int] = Counter()
    out = []
    for rank, proposal in found:
        taken[rank] += 1
        if taken[rank] <= CANDIDATES_PER_RANK:
            out.append(proposal)
    return tuple(out)
