"""Steps that change handling rows leave them in the audit log: 延期, 委员反馈 (and 重新办理), 重新交办."""
from __future__ import annotations

import json
from datetime import date

from sqlalchemy import select

from db.models import Assignment, AuditEntry, Feedback
from desktop_app.services.proposals.dto import ReplyInput, UnitAssignmentInput


def _entries(world, table: str) -> list[tuple[str, dict | None, dict | None]]:
    with world.ctx.uow() as s:
        return [(e.action, json.loads(e.before_json) if e.before_json else None,
                 json.loads(e.after_json) if e.after_json else None)
                for e in s.scalars(select(AuditEntry).where(AuditEntry.table_name == table).order_by(AuditEntry.id))]


def _assigned(world):
    pid = world.submit()
    world.service.accept(pid, on=date(2025, 1, 15))
    world.service.assign(pid, [UnitAssignmentInput(world.units[0], "lead")], on=date(2025, 1, 20))
    return pid


def test_extend_is_audited_with_the_old_and_new_due_date(world):
    pid = _assigned(world)
    assignment = world.service.detail(pid).assignments[0]
    world.service.extend(assignment.id, new_due_on=date(2025, 6, 20), reason="需跨部门协调", on=date(2025, 4, 1))
    action, before, after = _entries(world, "assignments")[-1]
    assert action == "extend"
    assert before["due_on"] == "2025-04-20" and after["due_on"] == "2025-06-20"
    assert after["extension_reason"] == "需跨部门协调"


def test_feedback_and_rehandling_are_audited(world):
    pid = _assigned(world)
    assignment = world.service.detail(pid).assignments[0]
    reply_id = world.service.reply(pid, ReplyInput(assignment.id, date(2025, 3, 1), "B", text="答复")).new_id
    world.service.feedback(reply_id, verdict="dissatisfied", on=date(2025, 3, 10), remark="答非所问",
                           rehandle_due_on=date(2025, 6, 30))
    with world.ctx.uow() as s:
        feedback_id = s.scalar(select(Feedback.id))
    inserted = [(a, after) for a, _, after in _entries(world, "feedback")]
    assert inserted == [("insert", inserted[0][1])] and inserted[0][1]["id"] == feedback_id
    assert inserted[0][1]["verdict"] == "dissatisfied"
    action, before, after = _entries(world, "replies")[-1]
    assert action == "rehandle"
    assert before["superseded"] is False and after["superseded"] is True
    action, before, after = _entries(world, "assignments")[-1]
    assert action == "rehandle" and (before["due_on"], after["due_on"]) == ("2025-04-20", "2025-06-30")


def test_reassign_is_one_audited_step(world):
    pid = _assigned(world)
    assignment = world.service.detail(pid).assignments[0]
    world.service.decline(assignment.id, on=date(2025, 1, 22), reason="不属于本单位职责")
    world.service.reassign(assignment.id, unit_id=world.units[1], on=date(2025, 1, 23))
    with world.ctx.uow() as s:
        new_id = s.scalar(select(Assignment.id).where(Assignment.unit_id == world.units[1]))
    inserts = [after["id"] for action, _, after in _entries(world, "assignments") if action == "insert"]
    assert inserts[-1] == new_id
    assert [a for a, _, _ in _entries(world, "proposals")][-2:] == ["decline", "reassign"]
