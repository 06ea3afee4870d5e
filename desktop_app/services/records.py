"""Versioned records: load with a version check, flush refusing a stale save, refuse invalid input."""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from db.models import Proposal
from desktop_app.domain.enums import ProposalState
from desktop_app.domain.errors import Conflict, NotFound, Problem, ValidationError
from desktop_app.services import audit

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


def add_flushed(s: Session, record: object, action: str | None = None) -> None:
    """Insert `record`, flushed so it has its id (the audit log keeps the insert by itself: services/audit.py;
    `action` only names it there, e.g. "adopt")."""
    s.add(record)
    s.flush()
    if action is not None:
        audit.label(s, record, action)


def apply_input(record, values: dict, actor: str) -> None:
    """A form's values onto a versioned record, saved by `actor`; changed_by is marked modified so that a save
    changing only linked rows (members, submitters) still bumps the version."""
    for key, value in values.items():
        setattr(record, key, value)
    record.changed_by = actor
    flag_modified(record, "changed_by")


def linked_proposal(s: Session, proposal_id: int | None) -> tuple[int, str, str] | None:
    """(id, title, state label) of the proposal a record links to; None when it has none or it is gone."""
    p = s.get(Proposal, proposal_id) if proposal_id else None
    if p is None:
        return None
    state = ProposalState.from_label(p.state)
    return p.id, p.title, state.label if state else p.state


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
