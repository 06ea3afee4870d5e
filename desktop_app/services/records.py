"""Versioned records: load with a version check, flush refusing a stale save, refuse invalid input."""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from desktop_app.domain.errors import Conflict, NotFound, Problem, ValidationError

RecordT = TypeVar("RecordT")

STALE_SAVE = "这条记录刚刚被其他电脑修改，请重新打开后再保存。"


def load_versioned(s: Session, model: type[RecordT], record_id: int, expected_version: int | None, *,
                   missing: str, changed: Callable[[RecordT], str]) -> RecordT:
    """The record; NotFound(missing) when gone, Conflict(changed(record)) when saved since `expected_version`."""
    record = s.get(model, record_id)
    if record is None:
        raise NotFound(missing)
    if expected_version is not None and record.version != expected_version:
        raise Conflict(changed(record))
    return record


def add_flushed(s: Session, record: object) -> None:
    """Insert `record`, flushed so it has its id (the audit log keeps the insert by itself: services/audit.py)."""
    s.add(record)
    s.flush()


def flush_versioned(s: Session, *, stale: str = STALE_SAVE) -> None:
    """Flush; a row another computer saved meanwhile (version mismatch) becomes Conflict(stale)."""
    try:
        s.flush()
    except StaleDataError:
        raise Conflict(stale) from None


def refuse_problems(problems: list[Problem]) -> None:
    """Raise ValidationError led by the first problem when there are any."""
    if problems:
        raise ValidationError(problems[0].describe(), problems)
