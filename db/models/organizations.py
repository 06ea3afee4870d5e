"""Organizations that submit collective proposals, and the government units that handle them."""
from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Record, allowed_values
from desktop_app.domain.enums import OrganizationKind


class Organization(Record, Base):
    """参加单位: a party, people's organisation, 界别 group or 专委会 (kind: OrganizationKind)."""

    __tablename__ = "organizations"
    __table_args__ = (allowed_values("kind", OrganizationKind),)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(30), default="other")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    notes: Mapped[str | None] = mapped_column(Text)
    # The survivor's id once merged as a duplicate. No database-level foreign key: SQLite can then add
    # (and drop) the column in place, where a constraint would mean copying a table others point at.
    merged_into_id: Mapped[int | None] = mapped_column(Integer)


class HandlingUnit(Record, Base):
    """承办单位; a duplicate merged into another keeps its row, pointing at the survivor."""

    __tablename__ = "handling_units"
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str | None] = mapped_column(String(30))
    contact_person: Mapped[str | None] = mapped_column(String(50))
    contact_phone: Mapped[str | None] = mapped_column(String(50))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("handling_units.id", ondelete="SET NULL"))
