"""Writing many proposals with their whole history at once (ledger import, demo data) through Core inserts.

A `ProposalPlan` says what happened to one proposal; `insert_plans` derives its state and the
history events (submitted → accepted → assigned → replied → closed) and writes every row.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Callable

from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.orm import Session

from db.models import Assignment, Feedback, Proposal, ProposalCosigner, ProposalEvent, ProposalLeader, Reply
from desktop_app.domain.enums import Verdict
from desktop_app.domain.proposal_workflow import (ACCEPTED, ANSWERING_ROLES, ASSIGNED, CLOSED, MERGED,
                                                  NOT_ACCEPTED, REPLIED, SUBMITTED, WITHDRAWN)



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
    contact_phone: str | None = None
    attachment_id: int | None = None
    original_category: str | None = None


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


# What an event's 说明 says, when the caller words it: (action, plan, what the step concerns) → note.
# The step is the assignment's index (decline, extend), the ReplyPlan (reply, feedback), the date (assign,
# reassign: every assignment of that day) or None.
Describe = Callable[[str, "ProposalPlan", object], str]


def _history(plan: ProposalPlan, actor: str, note: str, describe: Describe | None = None) -> tuple[str, list[dict]]:
    """The proposal's final state and its events, simulated in date order."""
    events: list[dict] = []

    def add(action: str, on: date, before: str | None, after: str, text: str | None = None,
            step: object = None) -> str:
        said = describe(action, plan, step) if describe is not None else (f"{note}；{text}" if text else note)
        events.append({"on_date": on, "actor": actor, "action": action, "from_state": before, "to_state": after,
                       "note": said})
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
            steps.append((a.due_on - timedelta(days=a.extended_days), 2, "extend", index))  # asked by the first due date
    for r in plan.replies:
        steps.append((r.replied_on, 3, "reply", r))
        if r.verdict:
            steps.append((r.verdict_on or r.replied_on, 4, "feedback", r))
    steps.sort(key=lambda item: (item[0], item[1]))
    active = {i for i, a in enumerate(plan.assignments) if not a.declined_on}
    answering = {i for i in active if plan.assignments[i].role in ANSWERING_ROLES}
    current: set[int] = set()
    seen_assign: set[date] = set()
    for on, _order, action, payload in steps:
        if action == "assign":
            if on in seen_assign:
                continue
            seen_assign.add(on)
            if plan.decision != MERGED:
                state = add("assign" if state == ACCEPTED else "reassign", on, state, ASSIGNED, step=on)
        elif action == "decline":
            state = add("decline", on, state, state, plan.assignments[payload].decline_reason, payload)
        elif action == "extend":
            state = add("extend", on, state, state, plan.assignments[payload].extension_reason, payload)
        elif action == "reply":
            current.add(payload.assignment_index)
            after = REPLIED if state == ASSIGNED and answering and answering <= current else state
            state = add("reply", on, state, after, f"{payload.category}类" if payload.category else None, payload)
        elif action == "feedback":
            after = state
            if payload.verdict == Verdict.DISSATISFIED.value:
                current.discard(payload.assignment_index)
                after = ASSIGNED if state == REPLIED else state
            state = add("feedback", on, state, after, Verdict(payload.verdict).label, payload)
    if plan.closed_on and state in (REPLIED, MERGED):
        state = add("close", plan.closed_on, state, CLOSED)
    return state, events


def insert_plans(s: Session, plans: list[ProposalPlan], *, actor: str, note: str,
                 describe: Describe | None = None) -> int:
    """Insert every plan with its cosigners, assignments, replies, feedback, leaders and history; returns the count.

    Each event's 说明 is `note` with what the step was (台账导入；B类), or what `describe` says of it."""
    if not plans:
        return 0
    states = [_history(p, actor, note, describe) for p in plans]
    state_of = {id(p): state for p, (state, _) in zip(plans, states)}
    by_case: dict[tuple[int, int], int] = {}
    for group in ([p for p in plans if p.decision != MERGED], [p for p in plans if p.decision == MERGED]):
        if group:  # merged proposals go second: they need their hosts' ids
            _insert_proposals(s, group, state_of, by_case, actor)
            by_case.update({(p.session_id, p.case_number): p.proposal_id for p in group if p.case_number})
    _insert_children(s, plans, [history for _, history in states], actor)
    return len(plans)


# Ledger columns about handling: while none of them changed, a re-import leaves assignments, replies and
# feedback exactly as they are (texts, attachments, declines, extensions, re-handling included).
HANDLING_COLUMNS = frozenset({"decision", "merged_into", "lead_units", "joint_units", "separate_units", "assigned_on",
                              "replied_on", "reply_category", "feedback"})
# The proposal's own fields each ledger column sets.
_FIELDS_OF_COLUMN = {
    "title": ("title",), "lead": ("kind", "lead_member_id", "lead_organization_id"),
    "kind": ("kind", "lead_member_id", "lead_organization_id"), "category": ("category",),
    "submitted_on": ("submitted_on",), "key_proposal": ("is_key",), "body": ("body",), "notes": ("notes",),
}
_HANDLING_FIELDS = ("case_number", "state", "decided_on", "merged_into_id", "closed_on")
# What only the program knows about a unit's reply or assignment; carried over when handling is rebuilt.
_REPLY_DETAILS = ("document_number", "text", "attachment_id", "face_to_face", "contact_person", "contact_phone",
                  "original_category")
_ASSIGNMENT_DETAILS = ("due_on", "extended_days", "extension_reason")


def replace_plans(s: Session, plans: list[ProposalPlan], *, changed: dict[int, list[str]], actor: str,
                  note: str, labels: dict[int, list[str]] | None = None) -> int:
    """Update existing proposals (plan.proposal_id set) from their ledger rows; one history entry says what changed.

    `changed` gives each proposal's changed ledger columns (codes), `labels` their headers for the history.
    Only the fields of those columns are written, so what the ledger has no column for (leaders, 优秀提案,
    follow-up, review notes) is never touched. When a handling column changed, the assignments, replies and
    feedback are rebuilt from the row, carrying over each unit's current reply details and its assignment's
    due date and extension; earlier replies superseded by re-handling and declined assignments go then.
    """
    if not plans:
        return 0
    rebuild = {id(p) for p in plans if HANDLING_COLUMNS & set(changed.get(p.proposal_id, ()))}
    for p in plans:  # a merged proposal's replies point at its host's assignments
        if p.decision == MERGED and p.host_plan is not None and id(p.host_plan) in rebuild:
            rebuild.add(id(p))
    rebuilt_ids = [p.proposal_id for p in plans if id(p) in rebuild]
    replies, assignments = _details(s, rebuilt_ids)
    for model in (Feedback, Reply, Assignment):
        s.execute(delete(model).where(model.proposal_id.in_(rebuilt_ids)))
    new_cosigners = [p.proposal_id for p in plans if {"co_signers", "lead", "kind"} & set(changed.get(p.proposal_id, ()))]
    s.execute(delete(ProposalCosigner).where(ProposalCosigner.proposal_id.in_(new_cosigners)))
    histories, keeps_cosigners = [], set(p.proposal_id for p in plans) - set(new_cosigners)
    for p in plans:
        columns = changed.get(p.proposal_id, [])
        old = s.get(Proposal, p.proposal_id)
        fields = {f for column in columns for f in _FIELDS_OF_COLUMN.get(column, ())}
        state = old.state
        if id(p) in rebuild:
            if p.decision == MERGED and p.host_plan is not None:
                p.merged_into_id = p.host_plan.proposal_id
            state, _ = _history(p, actor, note)
            fields.update(_HANDLING_FIELDS)
            if not (state == old.state == NOT_ACCEPTED):  # the stated reason and disposal stay while still 不立案
                fields.update(("not_accepted_reason", "disposal"))
            _carry_details(p, replies.get(p.proposal_id, {}), assignments.get(p.proposal_id, {}))
        values = _proposal_values(p, state, actor)
        if p.case_number is None:
            fields.discard("case_number")
        said = "、".join((labels or {}).get(p.proposal_id, columns))
        histories.append([{"on_date": date.today(), "actor": actor, "action": "ledger_import", "from_state": old.state,
                           "to_state": state, "note": f"{note}；更新：{said}" if said else note}])
        for key in sorted(fields) + ["changed_by"]:
            setattr(old, key, values[key])
        if p.proposal_id in keeps_cosigners:
            p.cosigner_ids = ()
        p.leaders = []  # the ledger names no leaders; those entered in the program stay
    s.flush()
    _insert_children(s, plans, histories, actor, keep_handling={id(p) for p in plans if id(p) not in rebuild})
    return len(plans)


def _details(s: Session, proposal_ids: list[int]) -> tuple[dict, dict]:
    """The current replies' details by (proposal, unit) and the active assignments' by (proposal, unit, role)."""
    replies: dict[int, dict[int, dict]] = {}
    for row in s.execute(select(Reply.proposal_id, Reply.unit_id, *(getattr(Reply, c) for c in _REPLY_DETAILS))
                         .where(Reply.proposal_id.in_(proposal_ids), Reply.superseded.is_(False))):
        replies.setdefault(row[0], {})[row[1]] = dict(zip(_REPLY_DETAILS, row[2:]))
    assignments: dict[int, dict[tuple[int, str], dict]] = {}
    for row in s.execute(select(Assignment.proposal_id, Assignment.unit_id, Assignment.role, Assignment.assigned_on,
                                *(getattr(Assignment, c) for c in _ASSIGNMENT_DETAILS))
                         .where(Assignment.proposal_id.in_(proposal_ids), Assignment.status == "active")):
        assignments.setdefault(row[0], {})[(row[1], row[2], row[3])] = dict(zip(_ASSIGNMENT_DETAILS, row[4:]))
    return replies, assignments


def _carry_details(p: ProposalPlan, replies: dict[int, dict], assignments: dict[tuple, dict]) -> None:
    """Give the rebuilt records what the program knew of the same unit's reply and assignment."""
    for a in p.assignments:
        for key, value in assignments.get((a.unit_id, a.role, a.assigned_on), {}).items():
            setattr(a, key, value)
    handler = p.host_plan if p.decision == MERGED and p.host_plan else p
    for r in p.replies:
        unit_id = handler.assignments[r.assignment_index].unit_id if handler.assignments else None
        for key, value in replies.get(unit_id, {}).items():
            setattr(r, key, value)


def _insert_children(s: Session, plans: list[ProposalPlan], histories: list[list[dict]], actor: str,
                     keep_handling: set[int] = frozenset()) -> None:
    """Insert the plans' co-signers, leaders, history, assignments, replies and feedback; plans in `keep_handling`
    (by id()) keep their stored assignments, replies and feedback."""
    cosigners, leaders, events = [], [], []
    assignment_rows, assignment_owner = [], []
    per_plan: dict[int, list[int | None]] = {}
    for p, history in zip(plans, histories):
        cosigners += [{"proposal_id": p.proposal_id, "member_id": m, "position": i}
                      for i, m in enumerate(p.cosigner_ids, start=1)]
        leaders += [{"proposal_id": p.proposal_id, "leader_name": n, "leader_title": t, "role": r} for n, t, r in p.leaders]
        events += [{"proposal_id": p.proposal_id, **e} for e in history]
        if id(p) in keep_handling:
            continue
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
    for p, aid in zip(assignment_owner, assignment_ids):
        per_plan.setdefault(id(p), []).append(aid)
    reply_rows, feedback_plans = [], []
    for p in plans:
        if id(p) in keep_handling:
            continue
        handler = p.host_plan if p.decision == MERGED and p.host_plan else p  # a merged one is answered by its host's units
        if id(handler) in keep_handling and id(handler) not in per_plan:
            per_plan[id(handler)] = _stored_assignment_ids(s, handler)
        ids = per_plan.get(id(handler), [])
        unit_of = {i: a.unit_id for i, a in enumerate(handler.assignments)}
        for r in p.replies:
            superseded = r.verdict == Verdict.DISSATISFIED.value
            reply_rows.append({
                "proposal_id": p.proposal_id, "assignment_id": ids[r.assignment_index] if ids else None,
                "unit_id": unit_of[r.assignment_index], "replied_on": r.replied_on, "document_number": r.document_number,
                "category": r.category, "original_category": r.original_category, "text": r.text,
                "attachment_id": r.attachment_id, "face_to_face": r.face_to_face, "contact_person": r.contact_person,
                "contact_phone": r.contact_phone, "superseded": superseded, "version": 1, "changed_by": actor})
            feedback_plans.append((p, r))
    reply_ids = _returning_ids(s, Reply, reply_rows)
    feedback_rows = [{"proposal_id": p.proposal_id, "reply_id": rid, "verdict": r.verdict,
                      "given_on": r.verdict_on or r.replied_on, "remark": None, "version": 1, "changed_by": actor}
                     for (p, r), rid in zip(feedback_plans, reply_ids) if r.verdict]
    if feedback_rows:
        s.connection().execute(insert(Feedback.__table__), feedback_rows)


def _stored_assignment_ids(s: Session, p: ProposalPlan) -> list[int | None]:
    """The stored active assignment of each of the plan's (unit, role), for replies that point at them."""
    stored = {(unit_id, role): aid for aid, unit_id, role in s.execute(
        select(Assignment.id, Assignment.unit_id, Assignment.role)
        .where(Assignment.proposal_id == p.proposal_id, Assignment.status == "active").order_by(Assignment.id.desc()))}
    return [stored.get((a.unit_id, a.role)) for a in p.assignments]


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
