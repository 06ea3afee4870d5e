"""Terms (届) and plenary sessions (次会议): add and edit with their dates; names like 十四届四次会议."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from db.models import PlenarySession, Term
from desktop_app.domain.cn_format import cn_numeral, session_name
from desktop_app.domain.errors import Conflict, NotFound, ValidationError
from desktop_app.services.changes import Changes
from desktop_app.services.context import ServiceContext
from desktop_app.services.records import add_flushed


def session_title(term: int, number: int) -> str:
    """十四届四次会议 (domain.cn_format.session_name)."""
    return session_name(term, number)


@dataclass(frozen=True)
class SessionRow:
    id: int
    term_id: int
    term: int
    number: int
    opening_date: date | None
    last_case_number: int
    version: int

    @property
    def code(self) -> str:
        return f"{self.term}-{self.number}"

    @property
    def title(self) -> str:
        return session_title(self.term, self.number)


@dataclass(frozen=True)
class TermRow:
    id: int
    number: int
    start_date: date | None
    end_date: date | None
    version: int

    @property
    def title(self) -> str:
        return f"第{cn_numeral(self.number)}届"


class TermService:
    def __init__(self, ctx: ServiceContext):
        self._ctx = ctx

    def terms(self) -> list[TermRow]:
        with self._ctx.uow() as s:
            return [TermRow(t.id, t.number, t.start_date, t.end_date, t.version)
                    for t in s.scalars(select(Term).order_by(Term.number))]

    def sessions(self) -> list[SessionRow]:
        """Every session, newest first."""
        with self._ctx.uow() as s:
            rows = s.execute(select(PlenarySession, Term.number).join(Term, Term.id == PlenarySession.term_id)
                             .order_by(Term.number.desc(), PlenarySession.number.desc())).all()
            return [SessionRow(p.id, p.term_id, term, p.number, p.opening_date, p.last_case_number or 0, p.version)
                    for p, term in rows]

    def add_term(self, *, number: int, start_date: date | None = None, end_date: date | None = None) -> Changes:
        _check_dates(start_date, end_date)
        if number < 1:
            raise ValidationError("届次应为正整数，例如 14。")
        uow = self._ctx.uow()
        with uow as s:
            if s.scalar(select(Term.id).where(Term.number == number)):
                raise Conflict(f"{TermRow(0, number, None, None, 0).title}已经存在，请直接编辑它。")
            term = Term(number=number, start_date=start_date, end_date=end_date, changed_by=self._ctx.actor)
            add_flushed(s, term)
            uow.commit()
            return Changes(sessions=True, new_id=term.id)

    def edit_term(self, term_id: int, *, start_date: date | None, end_date: date | None) -> Changes:
        _check_dates(start_date, end_date)
        uow = self._ctx.uow()
        with uow as s:
            term = s.get(Term, term_id)
            if term is None:
                raise NotFound("找不到这一届，请刷新后重试。")
            term.start_date, term.end_date, term.changed_by = start_date, end_date, self._ctx.actor
            s.flush()
            uow.commit()
        return Changes(sessions=True)

    def add_session(self, *, term: int, number: int, opening_date: date | None = None) -> Changes:
        """A session of term `term` (the term is created when missing)."""
        if not 1 <= number <= 9:
            raise ValidationError("会次应为 1 到 5 之间的数字（延长的届可到 9）。")
        uow = self._ctx.uow()
        with uow as s:
            term_row = s.scalar(select(Term).where(Term.number == term))
            if term_row is None:
                term_row = Term(number=term, changed_by=self._ctx.actor)
                s.add(term_row)
                s.flush()
            if s.scalar(select(PlenarySession.id).where(PlenarySession.term_id == term_row.id,
                                                         PlenarySession.number == number)):
                raise Conflict(f"{session_title(term, number)}已经存在，请直接编辑它。")
            row = PlenarySession(term_id=term_row.id, number=number, opening_date=opening_date, last_case_number=0,
                                 changed_by=self._ctx.actor)
            add_flushed(s, row)
            uow.commit()
            return Changes(sessions=True, new_id=row.id)

    def edit_session(self, session_id: int, *, opening_date: date | None) -> Changes:
        """Change the opening date (case numbers stay as they are)."""
        uow = self._ctx.uow()
        with uow as s:
            row = s.get(PlenarySession, session_id)
            if row is None:
                raise NotFound("找不到这个会次，请刷新后重试。")
            row.opening_date, row.changed_by = opening_date, self._ctx.actor
            s.flush()
            uow.commit()
        return Changes(sessions=True)


def _check_dates(start: date | None, end: date | None) -> None:
    if start and end and end < start:
        raise ValidationError(f"届的结束日期 {end.isoformat()} 早于开始日期 {start.isoformat()}，请检查。")
