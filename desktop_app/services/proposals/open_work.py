"""Which assignments still owe a reply: the rule the 提案 page's due items use.

The 首页 asks the same in plain SQL (services/today.open_assignments_sql, read before SQLAlchemy is imported as
the window opens); tests/services/test_today.py holds the two equal.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Assignment, HandlingUnit, Proposal, Reply
from desktop_app.domain.enums import AssignmentStatus
from desktop_app.domain.proposal_workflow import ANSWERING_ROLES, ASSIGNED


def _open(*columns, proposal_ids=None):
    """SELECT `columns` FROM the active lead/separate assignments of assigned proposals still without a current
    reply (joined to their proposal and unit), the soonest due first."""
    answered = select(Reply.id).where(Reply.proposal_id == Assignment.proposal_id, Reply.unit_id == Assignment.unit_id,
                                      Reply.superseded.is_(False)).exists()
    stmt = (select(*columns).select_from(Assignment)
            .join(Proposal, Proposal.id == Assignment.proposal_id)
            .join(HandlingUnit, HandlingUnit.id == Assignment.unit_id)
            .where(Proposal.state == ASSIGNED, Assignment.status == AssignmentStatus.ACTIVE.value,
                   Assignment.role.in_(ANSWERING_ROLES), ~answered))
    if proposal_ids is not None:
        stmt = stmt.where(Assignment.proposal_id.in_(proposal_ids))
    return stmt.order_by(Assignment.due_on)


def open_assignments(s: Session, *, proposal_ids=None):
    """Active lead/separate assignments of assigned proposals still without a current reply:
    (Assignment, Proposal, unit name) rows, the soonest due first."""
    return s.execute(_open(Assignment, Proposal, HandlingUnit.name, proposal_ids=proposal_ids)).all()
