"""Declarative base with a constraint naming convention (Alembic batch mode needs names)."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone

from typing import Iterable

from sqlalchemy import CheckConstraint, DateTime, Integer, MetaData, String, func
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def new_uuid() -> str:
    return str(uuid.uuid4())


def utc_now() -> datetime:
    """Now in UTC, without a zone (as SQLite's CURRENT_TIMESTAMP stores it): every timestamp the program writes.

    The ORM and Core inserts take it as the Python-side default; bulk inserts through the driver pass it
    themselves. The server default stays for rows written by other tools.
    """
    return datetime.now(timezone.utc).replace(tzinfo=None)


def allowed_values(column: str, values: Iterable[str], *, nullable: bool = False) -> CheckConstraint:
    """CHECK that `column` holds one of `values` (an enum's codes), named ck_<table>_<column>.

    The values come from the domain's enums and fixed lists, so the database refuses a state, role or
    kind the program does not know — even one written with sqlite3 by hand.
    """
    quoted = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
    condition = f"{column} IN ({quoted})"
    if nullable:
        condition = f"{column} IS NULL OR {condition}"
    return CheckConstraint(condition, name=column)


class Record:
    """Columns every record has: id, a portable UUID, timestamps, a version and who changed it.

    The version counter makes SQLAlchemy refuse an UPDATE whose row another PC changed
    meanwhile (StaleDataError), so concurrent edits on a shared database are never lost.
    """

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), default=new_uuid, unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now, server_default=func.current_timestamp())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, default=utc_now, server_default=func.current_timestamp(), onupdate=utc_now
    )
    version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    changed_by: Mapped[str | None] = mapped_column(String(64))

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.version}
