"""Proposals (提案) with co-signers, reviews, assignments, replies, feedback and history."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint, func, text)
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Record, allowed_values, utc_now
from desktop_app.domain.enums import (AssignmentStatus, Disposal, ProposalKind, ProposalState, ReplyCategory,
                                     ReviewStage, UnitRole, Verdict)


class Proposal(Record, Base):
    __tablename__ = "proposals"
    __table_args__ = (
        UniqueConstraint("session_id", "case_number"),
        Index("ix_proposals_submitted_state", "submitted_on", "state"),
        # The proposal statistics' main pass reads this index in its GROUP BY order (no sort), the period
        # checked on the last column; see services/statistics/proposals.py.
        Index("ix_proposals_tally", "state", "kind", "category", "is_key", "is_excellent", "is_follow_up",
              "merged_into_id", "submitted_on"),
        # "Did this member lead a proposal in the period?" in one probe (委员参与率).
        Index("ix_proposals_member_submitted", "lead_member_id", "submitted_on"),
        # The key proposals (重点提案, a few in a hundred) of a period, without reading every proposal.
        Index("ix_proposals_key", "submitted_on", "state", sqlite_where=text("is_key = 1"),
              postgresql_where=text("is_key")),
        allowed_values("kind", ProposalKind),
        allowed_values("state", ProposalState),
        allowed_values("disposal", Disposal, nullable=True),
    )
    # No single-column indexes on session_id, lead_member_id, submitted_on or state: the unique
    # (session_id, case_number) key and the indexes above lead with them.
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="RESTRICT"))
    case_number: Mapped[int | None] = mapped_column(Integer)  # given on acceptance, never reused
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20), default="member")  # ProposalKind
    lead_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"))
    lead_organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    category: Mapped[str | None] = mapped_column(String(20))
    submitted_on: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(20), default="submitted")  # ProposalState
    decided_on: Mapped[date | None] = mapped_column(Date)
    not_accepted_reason: Mapped[str | None] = mapped_column(String(40))  # reason code
    not_accepted_note: Mapped[str | None] = mapped_column(Text)
    disposal: Mapped[str | None] = mapped_column(String(20))  # returned / to_opinion / to_letter
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id", ondelete="SET NULL"), index=True)
    converted_opinion_id: Mapped[int | None] = mapped_column(ForeignKey("opinions.id", ondelete="SET NULL"))
    source_consultation_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultations.id", ondelete="SET NULL", use_alter=True)
    )
    is_key: Mapped[bool] = mapped_column(Boolean, default=False)
    is_follow_up: Mapped[bool] = mapped_column(Boolean, default=False)
    follow_up_year: Mapped[int | None] = mapped_column(Integer)
    is_excellent: Mapped[bool] = mapped_column(Boolean, default=False)
    closed_on: Mapped[date | None] = mapped_column(Date)
    contact_phone: Mapped[str | None] = mapped_column(String(50))
    notes: Mapped[str | None] = mapped_column(Text)


class ProposalCosigner(Base):
    __tablename__ = "proposal_cosigners"
    __table_args__ = (UniqueConstraint("proposal_id", "member_id"), Index("ix_cosigners_member", "member_id"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))  # led by the unique key
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"))
    position: Mapped[int] = mapped_column(Integer, default=0)


class ProposalReview(Record, Base):
    """A review note: stage 初审 or 复审, the reviewer, date, opinion and suggested outcome."""

    __tablename__ = "proposal_reviews"
    __table_args__ = (allowed_values("stage", ReviewStage),)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(10))  # 初审 / 复审
    reviewer: Mapped[str] = mapped_column(String(50))
    reviewed_on: Mapped[date] = mapped_column(Date)
    opinion: Mapped[str | None] = mapped_column(Text)
    suggested_outcome: Mapped[str | None] = mapped_column(String(20))


class Assignment(Record, Base):
    """A proposal sent to one handling unit in one role, with its due date and any extension."""

    __tablename__ = "assignments"
    __table_args__ = (
        # By unit and status; also every column of the statistics' per-unit pass (statistics/proposals.py).
        Index("ix_assignments_unit_answering", "unit_id", "status", "role", "proposal_id", "due_on"),
        allowed_values("role", UnitRole),
        allowed_values("status", AssignmentStatus),
    )
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("handling_units.id", ondelete="RESTRICT"))
    role: Mapped[str] = mapped_column(String(10))  # UnitRole
    assigned_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), default="active")  # AssignmentStatus
    declined_on: Mapped[date | None] = mapped_column(Date)
    decline_reason: Mapped[str | None] = mapped_column(Text)
    extended_days: Mapped[int] = mapped_column(Integer, default=0)
    extension_reason: Mapped[str | None] = mapped_column(Text)


class Reply(Record, Base):
    """A unit's answer to a proposal; `original_category` keeps the unit's own if the office changed it."""

    __tablename__ = "replies"
    # "Has this unit answered this proposal?" is asked for every assignment by the statistics.
    __table_args__ = (
        Index("ix_replies_proposal_unit", "proposal_id", "unit_id", "superseded", "category", "face_to_face",
              "replied_on"),
        # One current reply per unit and proposal; earlier ones are kept, marked superseded.
        Index("uq_replies_current", "proposal_id", "unit_id", unique=True,
              sqlite_where=text("superseded = 0"), postgresql_where=text("NOT superseded")),
        # The statistics' count of current replies by category and meeting, read in this order without a sort
        # (superseded last, so that the earlier replies are found from ix_replies_superseded).
        Index("ix_replies_kind", "category", "face_to_face", "superseded"),
        # The earlier replies (few: a proposal handled again), which the per-unit statistics read on their own.
        Index("ix_replies_superseded", "proposal_id", "unit_id", sqlite_where=text("superseded = 1"),
              postgresql_where=text("superseded")),
        allowed_values("category", ReplyCategory, nullable=True),
        allowed_values("original_category", ReplyCategory, nullable=True),
    )
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignments.id", ondelete="SET NULL"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("handling_units.id", ondelete="RESTRICT"), index=True)
    replied_on: Mapped[date] = mapped_column(Date)
    document_number: Mapped[str | None] = mapped_column(String(100))
    category: Mapped[str | None] = mapped_column(String(1))  # ReplyCategory
    original_category: Mapped[str | None] = mapped_column(String(1))
    text: Mapped[str | None] = mapped_column(Text)
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachments.id", ondelete="SET NULL"))
    face_to_face: Mapped[bool] = mapped_column(Boolean, default=False)
    contact_person: Mapped[str | None] = mapped_column(String(50))
    contact_phone: Mapped[str | None] = mapped_column(String(50))
    superseded: Mapped[bool] = mapped_column(Boolean, default=False)  # an earlier reply before re-handling


class Feedback(Record, Base):
    """The proposer's verdict on one reply (满意 / 基本满意 / 不满意)."""

    __tablename__ = "feedback"
    __table_args__ = (
        Index("ix_feedback_proposal_verdict", "proposal_id", "verdict", "reply_id"),
        Index("uq_feedback_reply", "reply_id", unique=True),  # one verdict per reply (NULLs may repeat)
        # The statistics' count of verdicts, and the few 不满意 ones with their replies, read without a sort.
        Index("ix_feedback_verdict", "verdict", "reply_id"),
        allowed_values("verdict", Verdict),
    )
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    reply_id: Mapped[int | None] = mapped_column(ForeignKey("replies.id", ondelete="CASCADE"))
    verdict: Mapped[str] = mapped_column(String(30))  # Verdict
    given_on: Mapped[date | None] = mapped_column(Date)
    remark: Mapped[str | None] = mapped_column(Text)


class ProposalLeader(Base):
    """A leader who leads (领办) or supervises (督办) a key proposal."""

    __tablename__ = "proposal_leaders"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    leader_name: Mapped[str] = mapped_column(String(50))
    leader_title: Mapped[str | None] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(10))  # 领办 / 督办


class ProposalEvent(Base):
    """One step of a proposal's history: who, when, what, the state before and after, a note."""

    __tablename__ = "proposal_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utc_now, server_default=func.current_timestamp())
    on_date: Mapped[date | None] = mapped_column(Date)  # the date the step took effect
    actor: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(40))
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
