"""Audit log: who changed which record, when, and the values before and after."""
from __future__ import annotations

import json
from datetime import date, datetime

from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from db.models import AuditEntry


def _plain(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def snapshot(obj) -> dict:
    """The column values of an ORM object, JSON-ready."""
    mapper = sa_inspect(obj).mapper
    return {attr.key: _plain(getattr(obj, attr.key)) for attr in mapper.column_attrs}


def record(session: Session, *, actor: str, obj, action: str, before: dict | None = None,
           after: dict | None = None) -> None:
    """Add one audit entry for `obj` in the current transaction."""
    if before is not None and after is not None:  # keep only what changed
        keys = [k for k in after if before.get(k) != after.get(k) and k not in ("updated_at", "version")]
        before = {k: before.get(k) for k in keys}
        after = {k: after[k] for k in keys}
    session.add(AuditEntry(
        actor=actor,
        table_name=obj.__tablename__,
        record_id=getattr(obj, "id", None),
        record_uuid=getattr(obj, "uuid", None),
        action=action,
        before_json=json.dumps(before, ensure_ascii=False) if before is not None else None,
        after_json=json.dumps(after, ensure_ascii=False) if after is not None else None,
    ))


def record_bulk(session: Session, *, actor: str, table_name: str, action: str, summary: dict) -> None:
    """One audit entry for a bulk action (an import of many rows)."""
    session.add(AuditEntry(actor=actor, table_name=table_name, action=action,
                           after_json=json.dumps(summary, ensure_ascii=False, default=str)))
