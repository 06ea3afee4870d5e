"""Writing many proposals with their whole history at once (ledger import, demo data) through Core inserts.

A `ProposalPlan` says what happened to one proposal; `insert_plans` derives its state and the
history events (submitted → accepted → assigned → replied → closed) and writes every row.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.orm import Session

from db.models import Assignment, Feedback, Proposal, ProposalCosigner, ProposalEvent, ProposalLeader, Reply
from desktop_app.domain.enums import UnitRole, Verdict
from desktop_app.domain.proposal_workflow import (ACCEPTED, ASSIGNED, CLOSED, MERGED, NOT_ACCEPTED, REPLIED,
                                                  SUBMITTED, WITHDRAWN)

ANSWERING = (UnitRole.LEAD.value, UnitRole.SEPARATE.value)


@dataclass
class AssignmentPlan:
    unit_id: int
    role: str
    assigned_on: date
    due_on: date
    declined_on: date | None = None
    decline_reason: str | None = None
    extended_days: int = 0
    extension_reason: str | None = None


@dataclass
class ReplyPlan:
    assignment_index: int
    replied_on: date
    category: str | None
    verdict: str | None = None  # Verdict code
    verdict_on: date | None = None
    face_to_face: bool = False
    document_number: str | None = None
    text: str | None = None
    contact_person: str | None = None


@dataclass
class ProposalPlan:
    session_id: int
    title: str
    submitted_on: date
    kind: str
    decision: str  # submitted / accepted / not_accepted / merged / withdrawn
    lead_member_id: int | None = None
    lead_organization_id: int | None = None
    cosigner_ids: tuple[int, ...] = ()
    case_number: int | None = None
    body: str | None = None
    category: str | None = None
    decided_on: date | None = None
    merged_into_id: int | None = None
    merged_into_case: int | None = None  # resolved against plans of the same session written together
    not_accepted_reason: str | None = None
    disposal: str | None = None
    assignments: list[AssignmentPlan] = field(default_factory=list)
    replies: list[ReplyPlan] = field(default_factory=list)
    closed_on: date | None = None
    is_key: bool = False
    leaders: list[tuple[str, str | None, str]] = field(default_factory=list)  # (name, title, role)
    is_excellent: bool = False
    follow_up_year: int | None = None
    notes: str | None = None
    host_plan: "ProposalPlan | None" = None  # for a merged one: the plan of the proposal it joined
    proposal_id: int | None = None  # set after insert


def _history(plan: ProposalPlan, actor: str, note: str) -> tuple[str, list[dict]]:
    """The proposal's final state and its events, simulated in date order."""
    events: list[dict] = []

    def add(action: str, on: date, before: str | None, after: str, text: str | None = None) -> str:
        events.append({"on_date": on, "actor": actor, "action": action, "from_state": before, "to_state": after,
                       "note": f"{note}；{text}" if text else note})
        return after

    state = add("submit", plan.submitted_on, None, SUBMITTED)
    decided = plan.decided_on or plan.submitted_on
    if plan.decision == NOT_ACCEPTED:
        return add("not_accept", decided, state, NOT_ACCEPTED, plan.not_accepted_reason), events
    if plan.decision == WITHDRAWN:
        return add("withdraw", decided, state, WITHDRAWN), events
    if plan.decision == SUBMITTED:
        return state, events
    if plan.decision == MERGED:
        state = add("merge", decided, state, MERGED,
                    f"并入第{plan.merged_into_case:03d}号" if plan.merged_into_case else None)
    else:
        state = add("accept", decided, state, ACCEPTED,
                    f"案号第{plan.case_number:03d}号" if plan.case_number else None)
    steps: list[tuple[date, int, str, object]] = []
    for index, a in enumerate(plan.assignments):
        steps.append((a.assigned_on, 0, "assign", index))
        if a.declined_on:
            steps.append((a.declined_on, 1, "decline", index))
        if a.extended_days:
            steps.append((a.due_on, 2, "extend", index))
    for r in plan.replies:
        steps.append((r.replied_on, 3, "reply", r))
        if r.verdict:
            steps.append((r.verdict_on or r.replied_on, 4, "feedback", r))
    steps.sort(key=lambda item: (item[0], item[1]))
    active = {i for i, a in enumerate(plan.assignments) if not a.declined_on}
    answering = {i for i in active if plan.assignments[i].role in ANSWERING}
    current: set[int] = set()
    seen_assign: set[date] = set()
    for on, _order, action, payload in steps:
        if action == "assign":
            if on in seen_assign:
                continue
            seen_assign.add(on)
            if plan.decision != MERGED:
                state = add("assign" if state == ACCEPTED else "reassign", on, state, ASSIGNED)
        elif action == "decline":
            state = add("decline", on, state, state, plan.assignments[payload].decline_reason)
        elif action == "extend":
            state = add("extend", on, state, state, plan.assignments[payload].extension_reason)
        elif action == "reply":
            current.add(payload.assignment_index)
            after = REPLIED if state == ASSIGNED and answering and answering <= current else state
            state = add("reply", on, state, after, f"{payload.category}类" if payload.category else None)
        elif action == "feedback":
            after = state
            if payload.verdict == Verdict.DISSATISFIED.value:
                current.discard(payload.assignment_index)
                after = ASSIGNED if state == REPLIED else state
            state = add("feedback", on, state, after, Verdict(payload.verdict).label)
    if plan.closed_on and state in (REPLIED, MERGED):
        state = add("close", plan.closed_on, state, CLOSED)
    return state, events


def insert_plans(s: Session, plans: list[ProposalPlan], *, actor: str, note: str) -> int:
    """Insert every plan with its cosigners, assignments, replies, feedback, leaders and history; returns the count."""
    if not plans:
        return 0
    states = [_history(p, actor, note) for p in plans]
    state_of = {id(p): state for p, (state, _) in zip(plans, states)}
    by_case: dict[tuple[int, int], int] = {}
    for group in ([p for p in plans if p.decision != MERGED], [p for p in plans if p.decision == MERGED]):
        if group:  # merged proposals go second: they need their hosts' ids
            _insert_proposals(s, group, state_of, by_case, actor)
            by_case.update({(p.session_id, p.case_number): p.proposal_id for p in group if p.case_number})
    _insert_children(s, plans, [history for _, history in states], actor)
    return len(plans)


def replace_plans(s: Session, plans: list[ProposalPlan], *, actor: str, note: str) -> int:
    """Rewrite existing proposals (plan.proposal_id set) from their plans; one history entry says so."""
    if not plans:
        return 0
    ids = [p.proposal_id for p in plans]
    for model in (Feedback, Reply, Assignment, ProposalCosigner, ProposalLeader):
        s.execute(delete(model).where(model.proposal_id.in_(ids)))
    histories = []
    for p in plans:
        if p.decision == MERGED and p.host_plan is not None:
            p.merged_into_id = p.host_plan.proposal_id
        state, _ = _history(p, actor, note)
        row = _proposal_values(p, state, actor)
        row.pop("version")
        old = s.get(Proposal, p.proposal_id)
        histories.append([{"on_date": date.today(), "actor": actor, "action": "ledger_import", "from_state": old.state,
                           "to_state": state, "note": note}])
        for key, value in row.items():
            setattr(old, key, value)
    s.flush()
    _insert_children(s, plans, histories, actor)
    return len(plans)


def _insert_children(s: Session, plans: list[ProposalPlan], histories: list[list[dict]], actor: str) -> None:
    cosigners, leaders, events = [], [], []
    assignment_rows, assignment_owner = [], []
    for p, history in zip(plans, histories):
        cosigners += [{"proposal_id": p.proposal_id, "member_id": m, "position": i}
                      for i, m in enumerate(p.cosigner_ids, start=1)]
        leaders += [{"proposal_id": p.proposal_id, "leader_name": n, "leader_title": t, "role": r} for n, t, r in p.leaders]
        events += [{"proposal_id": p.proposal_id, **e} for e in history]
        for a in p.assignments:
            assignment_rows.append({
                "proposal_id": p.proposal_id, "unit_id": a.unit_id, "role": a.role, "assigned_on": a.assigned_on,
                "due_on": a.due_on, "status": "declined" if a.declined_on else "active", "declined_on": a.declined_on,
                "decline_reason": a.decline_reason, "extended_days": a.extended_days,
                "extension_reason": a.extension_reason, "version": 1, "changed_by": actor})
            assignment_owner.append(p)
    for model, rows in ((ProposalCosigner, cosigners), (ProposalLeader, leaders), (ProposalEvent, events)):
        if rows:
            s.connection().execute(insert(model.__table__), rows)
    assignment_ids = _returning_ids(s, Assignment, assignment_rows)
    per_plan: dict[int, list[int]] = {}
    for p, aid in zip(assignment_owner, assignment_ids):
        per_plan.setdefault(id(p), []).append(aid)
    reply_rows, feedback_plans = [], []
    for p in plans:
        handler = p.host_plan if p.decision == MERGED and p.host_plan else p  # a merged one is answered by its host's units
        ids = per_plan.get(id(handler), [])
        unit_of = {i: a.unit_id for i, a in enumerate(handler.assignments)}
        for r in p.replies:
            superseded = r.verdict == Verdict.DISSATISFIED.value
            reply_rows.append({
                "proposal_id": p.proposal_id, "assignment_id": ids[r.assignment_index] if ids else None,
                "unit_id": unit_of[r.assignment_index], "replied_on": r.replied_on, "document_number": r.document_number,
                "category": r.category, "original_category": None, "text": r.text, "face_to_face": r.face_to_face,
                "contact_person": r.contact_person, "superseded": superseded, "version": 1, "changed_by": actor})
            feedback_plans.append((p, r))
    reply_ids = _returning_ids(s, Reply, reply_rows)
    feedback_rows = [{"proposal_id": p.proposal_id, "reply_id": rid, "verdict": r.verdict,
                      "given_on": r.verdict_on or r.replied_on, "remark": None, "version": 1, "changed_by": actor}
                     for (p, r), rid in zip(feedback_plans, reply_ids) if r.verdict]
    if feedback_rows:
        s.connection().execute(insert(Feedback.__table__), feedback_rows)


def _proposal_values(p: ProposalPlan, state: str, actor: str) -> dict:
    return {
        "session_id": p.session_id, "case_number": p.case_number, "title": p.title, "body": p.body,
        "kind": p.kind, "lead_member_id": p.lead_member_id, "lead_organization_id": p.lead_organization_id,
        "category": p.category, "submitted_on": p.submitted_on, "state": state,
        "decided_on": None if p.decision == SUBMITTED else (p.decided_on or p.submitted_on),
        "not_accepted_reason": p.not_accepted_reason, "disposal": p.disposal, "merged_into_id": p.merged_into_id,
        "is_key": p.is_key, "is_follow_up": p.follow_up_year is not None, "follow_up_year": p.follow_up_year,
        "is_excellent": p.is_excellent, "closed_on": p.closed_on if state == CLOSED else None,
        "notes": p.notes, "version": 1, "changed_by": actor}


def _insert_proposals(s: Session, group: list[ProposalPlan], states: dict[int, str],
                      by_case: dict[tuple[int, int], int], actor: str) -> None:
    for p in group:
        if p.decision == MERGED and p.merged_into_id is None:
            p.merged_into_id = p.host_plan.proposal_id if p.host_plan else by_case.get((p.session_id, p.merged_into_case))
    rows = [_proposal_values(p, states[id(p)], actor) for p in group]
    for p, pid in zip(group, _returning_ids(s, Proposal, rows)):
        p.proposal_id = pid


def refresh_planner_statistics(s: Session) -> None:
    """After a bulk load, let SQLite's planner see the new row counts (per-year figures 6x faster)."""
    if s.get_bind().dialect.name == "sqlite":
        for table in ("proposals", "assignments", "replies", "feedback", "proposal_cosigners", "proposal_events"):
            s.execute(text(f"ANALYZE {table}"))


def _returning_ids(s: Session, model, rows: list[dict]) -> list[int]:
    """Insert through Core and hand back the new ids in row order.

    SQLite cannot promise RETURNING order for a multi-row insert, so SQLAlchemy would send one row per
    statement; instead the write lock is taken first (a no-op UPDATE) and the ids are numbered here.
    """
    if not rows:
        return []
    table = model.__table__
    connection = s.connection()
    if connection.dialect.name == "sqlite":
        connection.execute(text(f"UPDATE {table.name} SET id = id WHERE 0"))  # holds the write lock from here on
        start = (connection.scalar(select(func.max(table.c.id))) or 0) + 1
        ids = list(range(start, start + len(rows)))
        for row, new_id in zip(rows, ids):
            row["id"] = new_id
        connection.execute(insert(table), rows)
        return ids
    result = connection.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows)
    return [row[0] for row in result]
