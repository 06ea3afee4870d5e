"""Terms (届) and plenary sessions (次会议)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base, Record


class Term(Record, Base):
    __tablename__ = "terms"
    number: Mapped[int] = mapped_column(Integer, unique=True)  # 14 → 第十四届
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    sessions: Mapped[list["PlenarySession"]] = relationship(back_populates="term", order_by="PlenarySession.number")


class PlenarySession(Record, Base):
    """A plenary session; proposals are numbered within it and numbers are never reused."""

    __tablename__ = "sessions"
    __table_args__ = (UniqueConstraint("term_id", "number"),)
    term_id: Mapped[int] = mapped_column(ForeignKey("terms.id", ondelete="RESTRICT"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 1–5
    opening_date: Mapped[date | None] = mapped_column(Date)
    last_case_number: Mapped[int] = mapped_column(Integer, default=0)
    term: Mapped[Term] = relationship(back_populates="sessions")
