"""Shared machinery of the proposal services: loading with a version check, one workflow step, history."""
from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from db.models import HandlingUnit, Proposal, ProposalEvent
from desktop_app.domain.errors import Conflict, NotFound, ValidationError
from desktop_app.domain.proposal_workflow import check, state_label
from desktop_app.services import audit, records


def load_proposal(s: Session, proposal_id: int, expected_version: int | None = None) -> Proposal:
    """The proposal, refusing when it is gone or someone else changed it since it was opened."""
    return records.load_versioned(s, Proposal, proposal_id, expected_version,
                                  missing="找不到这件提案，可能已被其他人删除，请刷新列表。",
                                  changed=lambda p: f"提案“{p.title}”已被其他人修改，请刷新后再操作。")


def flush_versioned(s: Session) -> None:
    """Flush; a proposal saved meanwhile on another computer becomes Conflict."""
    records.flush_versioned(s, stale="这件提案刚刚被其他电脑修改，请刷新后再操作。")


def step(s: Session, proposal: Proposal, action: str, *, actor: str, on: date | None = None,
         note: str | None = None, to_state: str | None = None) -> str:
    """Check `action` against the workflow, move the proposal to `to_state` (or the only target), log it."""
    targets = check(proposal.state, action)
    target = to_state or targets[0]
    if target not in targets:
        raise Conflict(f"提案不能从“{state_label(proposal.state)}”经“{action}”变为“{state_label(target)}”。")
    before = proposal.state
    proposal.state = target
    proposal.changed_by = actor
    s.add(ProposalEvent(proposal_id=proposal.id, on_date=on or date.today(), actor=actor, action=action,
                        from_state=before, to_state=target, note=note))
    return target


def audited(s: Session, record: object, *, action: str) -> None:
    """Flush (version check) and name the workflow step on the row's audit entry (the entry itself is automatic)."""
    flush_versioned(s)
    audit.label(s, record, action)


def require_unit(s: Session, unit_id: int) -> HandlingUnit:
    """An active handling unit; a merged duplicate leads to its survivor's name in the message."""
    unit = s.get(HandlingUnit, unit_id)
    if unit is None:
        raise NotFound("找不到这个承办单位，可能已被合并或删除，请刷新后重新选择。")
    if unit.merged_into_id or not unit.active:
        raise ValidationError(f"承办单位“{unit.name}”已停用或已合并，请选择其他单位。")
    return unit


def require_text(value: str | None, what: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError(f"请填写{what}。")
    return text
