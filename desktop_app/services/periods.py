"""Turn what the user asked for (a year, a session, a date range) into a Period."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from db.models import PlenarySession, Proposal, Term
from desktop_app.domain.cn_format import format_cn_date, session_name
from desktop_app.domain.errors import NotFound, ValidationError
from desktop_app.domain.period import Period, parse_session_code
from desktop_app.services.context import ServiceContext


def session_period(ctx: ServiceContext, code: str) -> Period:
    """From session T-N's opening date to the day before the next session opens (or today).

    A session whose opening date was never entered (a ledger imported with --session) starts at its first
    proposal's submission date, and the period's `note` says so; a session with neither is refused.
    The next session ends the span at its opening date, or, lacking one, at its first proposal.
    """
    from desktop_app.services.terms import session_title

    term, number = parse_session_code(code)
    with ctx.uow() as s:
        rows = s.execute(
            select(PlenarySession.id, Term.number, PlenarySession.number, PlenarySession.opening_date)
            .join(Term, Term.id == PlenarySession.term_id)
            .order_by(Term.number, PlenarySession.number)
        ).all()
        first_proposal = dict(s.execute(
            select(Proposal.session_id, func.min(Proposal.submitted_on)).group_by(Proposal.session_id)).all())
    index = next((i for i, r in enumerate(rows) if (r[1], r[2]) == (term, number)), None)
    title = session_title(term, number)
    if index is None:
        raise NotFound(f"没有{title}的记录，请先在“基础资料”页添加该会次。")
    session_id, _, _, opening = rows[index]
    note = ""
    start = opening
    if start is None:
        start = first_proposal.get(session_id)
        if start is None:
            raise ValidationError(f"{title}还没有开幕日期，也还没有提案，无法确定从哪天起算。"
                                  "请在“基础资料”页填写开幕日期后再统计。")
        note = (f"{title}没有填写开幕日期，按第一件提案的提交日期{format_cn_date(start)}起算；"
                "可在“基础资料”页填写开幕日期。")
    following = None
    for later_id, _, _, later_opening in rows[index + 1:]:
        later = later_opening or first_proposal.get(later_id)
        if later is not None and later > start:
            following = later
            break
    end = date.fromordinal(following.toordinal() - 1) if following else max(date.today(), start)
    return Period(start, end, _session_label(term, number), note=note)


def _session_label(term: int, number: int) -> str:
    return f"{term}届{number}次会议以来"


def session_of(period: Period) -> tuple[int, int] | None:
    """(term, number) when `period` is a session span made by session_period, else None."""
    import re

    match = re.fullmatch(r"(\d+)届(\d+)次会议以来", period.label)
    return (int(match.group(1)), int(match.group(2))) if match else None


def period_name(period: Period) -> str:
    """How the window names a period: 十四届四次会议以来 for a session span, else the period's label (2025年,
    2025-03-01至2025-08-31). The label itself stays as the reports read it."""
    session = session_of(period)
    return f"{session_name(*session)}以来" if session else period.label


def is_calendar_year(period: Period) -> bool:
    return (period.start == date(period.start.year, 1, 1) and period.end == date(period.start.year, 12, 31))


def resolve_period(ctx: ServiceContext, *, year: int | None = None, session: str | None = None,
                   start: date | None = None, end: date | None = None) -> Period:
    """Exactly one way of naming a period; the current year when none is given."""
    given = sum(x is not None for x in (year, session)) + (1 if (start or end) else 0)
    if given > 1:
        raise ValidationError("时间段只能用一种方式指定：年份、会次或起止日期，请只保留一种。")
    if session:
        return session_period(ctx, session)
    if start or end:
        if not (start and end):
            raise ValidationError("按日期统计时请同时给出开始和结束日期。")
        return Period(start, end, f"{start.isoformat()}至{end.isoformat()}")
    return Period.year(year or date.today().year)
