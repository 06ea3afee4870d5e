"""Members (委员) and their links to committees, terms and villages."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Column, Date, ForeignKey, Index, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Record, allowed_values
from desktop_app.domain.enums import MemberStatus

member_committees = Table(
    "member_committees",
    Base.metadata,
    Column("member_id", ForeignKey("members.id", ondelete="CASCADE"), primary_key=True),
    Column("organization_id", ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True),
)

member_villages = Table(
    "member_villages",
    Base.metadata,
    Column("member_id", ForeignKey("members.id", ondelete="CASCADE"), primary_key=True),
    Column("village_id", ForeignKey("villages.id", ondelete="CASCADE"), primary_key=True),
)


class Member(Record, Base):
    """A committee member. Identity: the ID number when present, else name + birth month.

    A county has a few hundred members, so only identity lookups are indexed: every extra
    index slows the 10,000-row import benchmark for no gain in a table this small.
    """

    __tablename__ = "members"
    __table_args__ = (
        Index("uq_members_id_number", "id_number", unique=True, sqlite_where=Column("id_number").isnot(None)),
        Index("ix_members_name_birth", "name", "birth_year", "birth_month"),
        allowed_values("status", MemberStatus),
    )
    name: Mapped[str] = mapped_column(String(50))  # searched via ix_members_name_birth
    # Pinyin is computed once on save/import (pypinyin is slow to load) and searched here.
    name_pinyin: Mapped[str] = mapped_column(String(200), default="")
    name_initials: Mapped[str] = mapped_column(String(50), default="")
    gender: Mapped[str | None] = mapped_column(String(4))
    ethnicity: Mapped[str | None] = mapped_column(String(20))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    birth_month: Mapped[int | None] = mapped_column(Integer)
    native_place: Mapped[str | None] = mapped_column(String(100))
    political_status: Mapped[str | None] = mapped_column(String(30))
    sector: Mapped[str | None] = mapped_column(String(50))
    education: Mapped[str | None] = mapped_column(String(30))
    work_unit: Mapped[str | None] = mapped_column(String(200))
    position: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(50))
    id_number: Mapped[str | None] = mapped_column(String(18))
    address: Mapped[str | None] = mapped_column(String(200))
    is_standing: Mapped[bool] = mapped_column(Boolean, default=False)
    home_id: Mapped[int | None] = mapped_column(ForeignKey("homes.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(10), default="active")  # MemberStatus
    joined_date: Mapped[date | None] = mapped_column(Date)
    left_date: Mapped[date | None] = mapped_column(Date)
    left_reason: Mapped[str | None] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)
