"""Proposal figures (spec/domain.md "Statistics"), all SQL aggregates over the proposals submitted in the period.

A proposal belongs to the period by its submitted date; its later steps count with it.
Replies count when current (not superseded by re-handling); every verdict given counts as feedback.
Overdue is as of today (or `today`): assigned, a lead or separate unit unanswered past its due date.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, distinct, exists, func, or_, select, union
from sqlalchemy.orm import Session

from db.models import (Assignment, Feedback, HandlingUnit, Member, Organization, Proposal, ProposalCosigner,
                       ProposalLeader, Reply)
from desktop_app.domain.enums import AssignmentStatus, Verdict
from desktop_app.domain.period import Period, rate_value
from desktop_app.domain.proposal_workflow import ACCEPTED_STATES, ASSIGNED, CLOSED, NOT_ACCEPTED, REPLIED
from desktop_app.services.statistics.members import active_member_ids

CATEGORIES = ("经济建设", "政治建设", "文化建设", "社会建设", "生态文明建设", "其他")
VERDICT_LABELS = {v.value: v.label for v in Verdict}
ANSWERING = ("lead", "separate")


@dataclass(frozen=True)
class KeyProposal:
    case_number: int | None
    title: str
    proposer: str
    lead_units: tuple[str, ...]
    leaders: tuple[str, ...]  # "李主席（督办）"


@dataclass(frozen=True)
class UnitFigures:
    unit_id: int
    name: str
    received: int
    replied: int
    on_time: int
    overdue: int
    categories: dict[str, int]
    feedback: int
    satisfied: int
    face_to_face: int

    @property
    def satisfaction_rate(self) -> float | None:
        return rate_value(self.satisfied, self.feedback)

    @property
    def face_to_face_rate(self) -> float | None:
        return rate_value(self.face_to_face, self.replied)


@dataclass(frozen=True)
class ProposalFigures:
    submitted: int
    accepted: int
    merged: int
    not_accepted: int
    by_kind: dict[str, int]
    by_category: dict[str, int]
    assigned: int
    replied: int
    overdue: int
    reply_categories: dict[str, int]
    replies: int
    face_to_face: int
    feedback: dict[str, int]
    key: int
    participating_members: int
    active_members: int
    key_proposals: tuple[KeyProposal, ...] = ()
    units: tuple[UnitFigures, ...] = ()
    excellent: int = 0
    follow_up: int = 0

    @property
    def acceptance_rate(self) -> float | None:
        return rate_value(self.accepted, self.submitted)

    @property
    def reply_rate(self) -> float | None:
        return rate_value(self.replied, self.assigned)

    @property
    def satisfaction_rate(self) -> float | None:
        return rate_value(self.feedback["满意"] + self.feedback["基本满意"], sum(self.feedback.values()))

    @property
    def category_shares(self) -> dict[str, float | None]:
        """Each category's share of the accepted proposals (percent, two decimals)."""
        return {name: rate_value(count, self.accepted) for name, count in self.by_category.items()}

    def as_json(self) -> dict:
        return {
            "submitted": self.submitted, "accepted": self.accepted, "merged": self.merged,
            "not_accepted": self.not_accepted, "acceptance_rate": self.acceptance_rate,
            "by_kind": dict(self.by_kind), "by_category": dict(self.by_category),
            "assigned": self.assigned, "replied": self.replied, "reply_rate": self.reply_rate,
            "overdue": self.overdue, "reply_categories": dict(self.reply_categories),
            "face_to_face_rate": rate_value(self.face_to_face, self.replies),
            "feedback": dict(self.feedback), "satisfaction_rate": self.satisfaction_rate,
            "key": self.key, "member_participation_rate": rate_value(self.participating_members, self.active_members),
        }


def _current_reply(proposal_id, unit_id):
    return exists().where(Reply.proposal_id == proposal_id, Reply.unit_id == unit_id, Reply.superseded.is_(False))


def compute(session: Session, period: Period, *, today: date | None = None, details: bool = True) -> ProposalFigures:
    today = today or date.today()
    in_period = Proposal.submitted_on.between(period.start, period.end)
    accepted = Proposal.state.in_(ACCEPTED_STATES)
    # The workflow keeps the state in step with the handling records (services/proposals/handling.py):
    # 已交办/已答复/已办结 and not merged ⇔ it has active assignments; 已答复/已办结 ⇔ every active lead and
    # separate unit has a current reply. So these figures need no correlated subqueries per proposal.
    handled = and_(Proposal.state.in_((ASSIGNED, REPLIED, CLOSED)), Proposal.merged_into_id.is_(None))
    answered = and_(Proposal.state.in_((REPLIED, CLOSED)), Proposal.merged_into_id.is_(None))

    row = session.execute(select(
        func.count(),
        func.count().filter(accepted),
        func.count().filter(accepted, Proposal.merged_into_id.is_not(None)),
        func.count().filter(Proposal.state == NOT_ACCEPTED),
        func.count().filter(accepted, Proposal.kind == "member"),
        func.count().filter(accepted, Proposal.kind == "collective"),
        func.count().filter(handled),
        func.count().filter(answered),
        func.count().filter(accepted, Proposal.is_key.is_(True)),
        func.count().filter(accepted, Proposal.is_excellent.is_(True)),
        func.count().filter(accepted, Proposal.is_follow_up.is_(True)),
        *(func.count().filter(accepted, Proposal.category == name) for name in CATEGORIES[:-1]),
    ).where(in_period)).one()
    (submitted, n_accepted, merged, not_accepted, by_member, by_collective, assigned, replied, key,
     excellent, follow_up) = row[:11]
    # Categories counted in the same pass; anything outside the five named ones is 其他.
    by_category = dict(zip(CATEGORIES[:-1], row[11:]))
    by_category["其他"] = n_accepted - sum(by_category.values())
    # Overdue: only proposals still 已交办 can be; a lead or separate unit unanswered past its due date.
    overdue = session.scalar(
        select(func.count(distinct(Assignment.proposal_id))).join(Proposal, Proposal.id == Assignment.proposal_id)
        .where(in_period, Proposal.state == ASSIGNED, Assignment.status == AssignmentStatus.ACTIVE.value,
               Assignment.role.in_(ANSWERING), Assignment.due_on < today,
               ~_current_reply(Assignment.proposal_id, Assignment.unit_id)))

    reply_rows = session.execute(
        select(Reply.category, func.count(), func.count().filter(Reply.face_to_face.is_(True)))
        .join(Proposal, Proposal.id == Reply.proposal_id)
        .where(in_period, Reply.superseded.is_(False)).group_by(Reply.category)).all()
    reply_categories = {"A": 0, "B": 0, "C": 0}
    replies = face_to_face = 0
    for name, count, f2f in reply_rows:
        if name in reply_categories:
            reply_categories[name] = count
        replies += count
        face_to_face += f2f

    feedback = dict.fromkeys(VERDICT_LABELS.values(), 0)
    for verdict, count in session.execute(
            select(Feedback.verdict, func.count()).join(Proposal, Proposal.id == Feedback.proposal_id)
            .where(in_period).group_by(Feedback.verdict)):
        if verdict in VERDICT_LABELS:
            feedback[VERDICT_LABELS[verdict]] = count

    active_ids = active_member_ids(period)
    proposers = union(
        select(Proposal.lead_member_id.label("member_id")).where(in_period, Proposal.lead_member_id.is_not(None)),
        select(ProposalCosigner.member_id).join(Proposal, Proposal.id == ProposalCosigner.proposal_id).where(in_period),
    ).subquery()
    participating = session.scalar(select(func.count(distinct(proposers.c.member_id)))
                                   .where(proposers.c.member_id.in_(active_ids)))
    active = session.scalar(select(func.count()).select_from(active_ids.subquery()))

    return ProposalFigures(
        submitted=submitted, accepted=n_accepted, merged=merged, not_accepted=not_accepted,
        by_kind={"member": by_member, "collective": by_collective}, by_category=by_category,
        assigned=assigned, replied=replied, overdue=overdue, reply_categories=reply_categories, replies=replies,
        face_to_face=face_to_face, feedback=feedback, key=key, participating_members=participating,
        active_members=active, excellent=excellent, follow_up=follow_up,
        key_proposals=_key_proposals(session, in_period) if details else (),
        units=unit_figures(session, in_period, today=today) if details else (),
    )


def _key_proposals(session: Session, in_period) -> tuple[KeyProposal, ...]:
    rows = session.execute(
        select(Proposal.id, Proposal.case_number, Proposal.title, func.coalesce(Member.name, Organization.name))
        .outerjoin(Member, Member.id == Proposal.lead_member_id)
        .outerjoin(Organization, Organization.id == Proposal.lead_organization_id)
        .where(in_period, Proposal.is_key.is_(True), Proposal.state.in_(ACCEPTED_STATES))
        .order_by(Proposal.case_number)).all()
    ids = [r[0] for r in rows]
    units: dict[int, list[str]] = {}
    for pid, name in session.execute(
            select(Assignment.proposal_id, HandlingUnit.name).join(HandlingUnit, HandlingUnit.id == Assignment.unit_id)
            .where(Assignment.proposal_id.in_(ids), Assignment.role == "lead", Assignment.status == "active")
            .order_by(Assignment.id)):
        units.setdefault(pid, []).append(name)
    leaders: dict[int, list[str]] = {}
    for pid, name, title, role in session.execute(
            select(ProposalLeader.proposal_id, ProposalLeader.leader_name, ProposalLeader.leader_title,
                   ProposalLeader.role).where(ProposalLeader.proposal_id.in_(ids)).order_by(ProposalLeader.id)):
        leaders.setdefault(pid, []).append(f"{title or ''}{name}（{role}）")
    return tuple(KeyProposal(number, title, proposer or "", tuple(units.get(pid, ())), tuple(leaders.get(pid, ())))
                 for pid, number, title, proposer in rows)


def unit_figures(session: Session, in_period, *, today: date) -> tuple[UnitFigures, ...]:
    """Per handling unit, over its active assignments of proposals in the period."""
    # At most one current reply per (proposal, unit) — reply() refuses a second — so the outer join adds no rows.
    current = Reply.__table__.alias("current_reply")
    joined = and_(current.c.proposal_id == Assignment.proposal_id, current.c.unit_id == Assignment.unit_id,
                  current.c.superseded.is_(False))
    base = (select(Assignment.unit_id, func.count(), func.count(current.c.id),
                   func.count(current.c.id).filter(current.c.replied_on <= Assignment.due_on),
                   func.count().filter(Proposal.state == ASSIGNED, Assignment.role.in_(ANSWERING), current.c.id.is_(None),
                                       Assignment.due_on < today))
            .join(Proposal, Proposal.id == Assignment.proposal_id)
            .outerjoin(current, joined)
            .where(in_period, Assignment.status == AssignmentStatus.ACTIVE.value).group_by(Assignment.unit_id))
    counts = {r[0]: r[1:] for r in session.execute(base)}
    cats: dict[int, dict[str, int]] = {}
    f2f: dict[int, int] = {}
    for unit_id, cat, count, met in session.execute(
            select(Reply.unit_id, Reply.category, func.count(), func.count().filter(Reply.face_to_face.is_(True)))
            .join(Proposal, Proposal.id == Reply.proposal_id).where(in_period, Reply.superseded.is_(False))
            .group_by(Reply.unit_id, Reply.category)):
        cats.setdefault(unit_id, {"A": 0, "B": 0, "C": 0})
        if cat in ("A", "B", "C"):
            cats[unit_id][cat] = count
        f2f[unit_id] = f2f.get(unit_id, 0) + met
    verdicts: dict[int, tuple[int, int]] = {
        unit_id: (total, good) for unit_id, total, good in session.execute(
            select(Reply.unit_id, func.count(), func.count().filter(or_(Feedback.verdict == "satisfied",
                                                                       Feedback.verdict == "basically_satisfied")))
            .join(Reply, Reply.id == Feedback.reply_id).join(Proposal, Proposal.id == Feedback.proposal_id)
            .where(in_period).group_by(Reply.unit_id))}
    names = dict(session.execute(select(HandlingUnit.id, HandlingUnit.name)).all())
    out = []
    for unit_id in sorted(counts, key=lambda u: names.get(u, "")):
        received, replied, timely, late = counts[unit_id]
        total, good = verdicts.get(unit_id, (0, 0))
        out.append(UnitFigures(unit_id, names.get(unit_id, ""), received, replied, timely, late,
                               cats.get(unit_id, {"A": 0, "B": 0, "C": 0}), total, good, f2f.get(unit_id, 0)))
    return tuple(out)
