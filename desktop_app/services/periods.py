"""Turn what the user asked for (a year, a session, a date range) into a Period."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from db.models import Session as PlenarySession
from db.models import Term
from desktop_app.domain.errors import NotFound, ValidationError
from desktop_app.domain.period import Period, parse_session_code
from desktop_app.services.context import ServiceContext


def session_period(ctx: ServiceContext, code: str) -> Period:
    """From session T-N's opening date to the day before the next session opens (or today)."""
    term, number = parse_session_code(code)
    with ctx.uow() as s:
        rows = s.execute(
            select(Term.number, PlenarySession.number, PlenarySession.opening_date)
            .join(Term, Term.id == PlenarySession.term_id)
            .order_by(Term.number, PlenarySession.number)
        ).all()
    index = next((i for i, r in enumerate(rows) if (r[0], r[1]) == (term, number)), None)
    if index is None:
        raise NotFound(f"没有第{term}届第{number}次会议的记录，请先在“基础资料”页添加该会次。")
    opening = rows[index][2]
    if opening is None:
        raise ValidationError(f"第{term}届第{number}次会议还没有开幕日期，请在“基础资料”页填写后再统计。")
    following = next((r[2] for r in rows[index + 1:] if r[2] is not None), None)
    end = date.fromordinal(following.toordinal() - 1) if following else max(date.today(), opening)
    return Period(opening, end, f"{term}届{number}次会议以来")


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
