"""What the proposal services take and hand out: frozen dataclasses, never ORM objects."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from desktop_app.domain.enums import ProposalKind, ProposalState, UnitRole
from desktop_app.domain.proposal_workflow import action_label, allowed_actions


@dataclass(frozen=True)
class ProposalInput:
    """A proposal as the submission form gives it (a member with co-signers, or an organization)."""

    session_id: int
    title: str
    submitted_on: date
    kind: str = ProposalKind.MEMBER.value
    lead_member_id: int | None = None
    lead_organization_id: int | None = None
    cosigner_ids: tuple[int, ...] = ()
    body: str | None = None
    category: str | None = None
    contact_phone: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class UnitAssignmentInput:
    """One unit named when assigning: its role (lead/joint/separate) and optional due date."""

    unit_id: int
    role: str = UnitRole.LEAD.value
    due_on: date | None = None


@dataclass(frozen=True)
class ReplyInput:
    """A unit's reply: date, 文号, category, text or a file to attach, face-to-face, contact."""

    assignment_id: int
    replied_on: date
    category: str
    document_number: str | None = None
    text: str | None = None
    attachment_path: str | None = None
    face_to_face: bool = False
    contact_person: str | None = None
    contact_phone: str | None = None


@dataclass(frozen=True)
class LeaderInput:
    name: str
    role: str  # 领办 / 督办
    title: str | None = None


@dataclass(frozen=True)
class ProposalRow:
    """One proposal as the list shows it."""

    id: int
    session_id: int
    session_code: str
    case_number: int | None
    title: str
    kind: str
    proposer: str
    proposer_pinyin: str
    category: str | None
    submitted_on: date
    state: str
    is_key: bool
    is_excellent: bool
    is_follow_up: bool
    units: tuple[str, ...]
    unit_ids: tuple[int, ...]
    next_due: date | None
    overdue: bool
    version: int

    @property
    def case_text(self) -> str:
        return f"第{self.case_number:03d}号" if self.case_number else ""

    @property
    def state_label(self) -> str:
        return ProposalState(self.state).label

    @property
    def kind_label(self) -> str:
        return ProposalKind(self.kind).label


@dataclass(frozen=True)
class ProposalFilter:
    """Filters of the proposals page; None/empty means any."""

    session_id: int | None = None
    state: str | None = None
    category: str | None = None
    kind: str | None = None
    unit_id: int | None = None
    key_only: bool = False
    overdue_only: bool = False
    text: str = ""


@dataclass(frozen=True)
class EventRow:
    at: datetime | None
    on_date: date | None
    actor: str | None
    action: str
    from_state: str | None
    to_state: str | None
    note: str | None

    @property
    def action_label(self) -> str:
        return action_label(self.action)

    @property
    def to_state_label(self) -> str:
        return ProposalState(self.to_state).label if self.to_state else ""


@dataclass(frozen=True)
class ReviewRow:
    stage: str
    reviewer: str
    reviewed_on: date
    opinion: str | None
    suggested_outcome: str | None


@dataclass(frozen=True)
class AssignmentRow:
    id: int
    unit_id: int
    unit_name: str
    role: str
    assigned_on: date
    due_on: date
    status: str
    extended_days: int
    declined_on: date | None

    @property
    def role_label(self) -> str:
        return UnitRole(self.role).label


@dataclass(frozen=True)
class ReplyRow:
    id: int
    assignment_id: int | None
    unit_id: int
    unit_name: str
    replied_on: date
    document_number: str | None
    category: str | None
    original_category: str | None
    text: str | None
    attachment_id: int | None
    attachment_name: str | None
    face_to_face: bool
    contact_person: str | None
    superseded: bool
    verdict: str | None


@dataclass(frozen=True)
class ProposalDetail:
    id: int
    version: int
    session_id: int
    session_code: str
    case_number: int | None
    title: str
    body: str | None
    kind: str
    lead_member_id: int | None
    lead_organization_id: int | None
    proposer: str
    cosigners: tuple[str, ...]
    cosigner_ids: tuple[int, ...]
    category: str | None
    submitted_on: date
    state: str
    decided_on: date | None
    not_accepted_reason: str | None
    not_accepted_note: str | None
    disposal: str | None
    merged_into_id: int | None
    merged_into_case: int | None
    merged_here: tuple[int, ...]
    converted_opinion_id: int | None
    is_key: bool
    is_follow_up: bool
    follow_up_year: int | None
    is_excellent: bool
    closed_on: date | None
    contact_phone: str | None
    notes: str | None
    reviews: tuple[ReviewRow, ...] = ()
    assignments: tuple[AssignmentRow, ...] = ()
    replies: tuple[ReplyRow, ...] = ()
    leaders: tuple[LeaderInput, ...] = ()
    events: tuple[EventRow, ...] = ()

    @property
    def state_label(self) -> str:
        return ProposalState(self.state).label

    @property
    def legal_actions(self) -> list[str]:
        return allowed_actions(self.state)


@dataclass(frozen=True)
class DueItem:
    """An assignment still owed a reply: for the overdue and due-soon panels and the 催办单."""

    proposal_id: int
    assignment_id: int
    case_number: int | None
    title: str
    proposer: str
    unit_id: int
    unit_name: str
    role: str
    assigned_on: date
    due_on: date
    days_left: int  # negative when overdue


@dataclass(frozen=True)
class UnitLoad:
    """One handling unit's figures for the per-unit view."""

    unit_id: int
    unit_name: str
    received: int
    replied: int
    overdue: int


@dataclass(frozen=True)
class SimilarProposal:
    proposal_id: int
    case_number: int | None
    title: str
    proposer: str
    score: float
