"""Re-importing a ledger changes what its rows changed and keeps what only the program knows.

A proposal is handled in the program (reply text, 文号, attachment, meeting, an extension, a 不满意
round of re-handling, leaders, 优秀提案); the office then exports the ledger, edits it in Excel and
imports it again.
"""
from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from desktop_app.domain.period import Period
from desktop_app.services.proposals.dto import LeaderInput, ReplyInput, UnitAssignmentInput
from desktop_app.services.ledgers.pipeline import ImportOptions
from desktop_app.services.ledgers.proposals import export_proposals, proposal_importer


@pytest.fixture
def handled(world, tmp_path):
    """One proposal carried through the program to 已办结, with every detail the ledger has no column for."""
    service = world.service
    attachment = tmp_path / "答复函.txt"
    attachment.write_text("县教育局答复函", encoding="utf-8")
    pid = world.submit(body="全县有 12 所农村学校校舍老旧。\n建议分三年改造。")
    service.accept(pid, on=date(2025, 1, 20))
    service.assign(pid, [UnitAssignmentInput(world.units[0])], on=date(2025, 2, 1))
    assignment = service.detail(pid).assignments[0]
    service.extend(assignment.id, new_due_on=date(2025, 6, 30), reason="需现场调研", on=date(2025, 4, 20))
    first = service.reply(pid, ReplyInput(assignment.id, date(2025, 5, 10), "B", document_number="教函〔2025〕3号",
                                             text="第一次答复")).new_id
    service.feedback(first, verdict="dissatisfied", on=date(2025, 5, 20))
    second = service.reply(pid, ReplyInput(assignment.id, date(2025, 6, 15), "A", document_number="教函〔2025〕9号",
                                              text="已列入今年计划，分三年改造。", attachment_path=str(attachment),
                                              face_to_face=True, contact_person="赵科长", contact_phone="0355-6221234")).new_id
    service.feedback(second, verdict="satisfied", on=date(2025, 6, 20))
    service.close(pid, on=date(2025, 6, 21))
    service.set_key(pid, leaders=[LeaderInput("李明", "督办", "副主席")], on=date(2025, 2, 2))
    service.mark_excellent(pid, on=date(2025, 12, 1))
    return pid


def _export(world, tmp_path, name="台账.xlsx"):
    out = tmp_path / name
    export_proposals(world.ctx, out, period=Period.year(2025))
    return out


def _edit(path, column_label, value):
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    header_row = next(r for r in range(1, 6) if "案由" in [c.value for c in sheet[r]])
    column = [c.value for c in sheet[header_row]].index(column_label) + 1
    sheet.cell(header_row + 1, column).value = value
    book.save(path)


def _import(world, path):
    """Preview, then commit that plan (the commit refuses a plan that is no longer the database's); the plan."""
    importer = proposal_importer(world.ctx)
    located = importer.read(path, ImportOptions(session_code="14-4"))
    plan = importer.preview(located)
    changes = importer.commit(located, plan)
    assert (changes.batch.created, changes.batch.updated, changes.batch.unchanged) == (
        plan.new, plan.updated, plan.unchanged)
    return plan


def _kept_details(detail):
    return ([(r.text, r.document_number, r.attachment_name, r.face_to_face, r.contact_person, r.superseded, r.verdict)
             for r in detail.replies],
            [(a.due_on, a.extended_days) for a in detail.assignments],
            detail.leaders, detail.is_excellent, detail.body)


def test_a_title_fixed_in_excel_changes_the_title_and_nothing_the_program_keeps(world, handled, tmp_path):
    before = world.service.detail(handled)
    path = _export(world, tmp_path)
    _edit(path, "案由", "关于加快农村学校校舍改造的建议")
    plan = _import(world, path)
    assert list(plan.changed.values()) == [("案由",)]
    after = world.service.detail(handled)
    assert after.title == "关于加快农村学校校舍改造的建议"
    assert after.state == "closed"
    assert _kept_details(after) == _kept_details(before)
    assert after.replies[-1].text == "已列入今年计划，分三年改造。" and after.replies[0].superseded
    assert after.body == "全县有 12 所农村学校校舍老旧。\n建议分三年改造。"  # the ledger has no 提案内容 column
    assert after.events[-1].action == "ledger_import" and after.events[-1].note.endswith("更新：案由")


def test_a_reply_category_changed_in_excel_rebuilds_the_reply_with_its_details(world, handled, tmp_path):
    path = _export(world, tmp_path)
    _edit(path, "答复类别", "B")
    plan = _import(world, path)
    assert list(plan.changed.values()) == [("答复类别",)]
    after = world.service.detail(handled)
    current = [r for r in after.replies if not r.superseded]
    assert [(r.category, r.text, r.document_number, r.attachment_name, r.face_to_face, r.contact_person, r.verdict)
            for r in current] == [("B", "已列入今年计划，分三年改造。", "教函〔2025〕9号", "答复函.txt", True, "赵科长",
                                   "satisfied")]
    assert [a.due_on for a in after.assignments] == [date(2025, 6, 30)] and after.assignments[0].extended_days > 0
    assert after.leaders == (LeaderInput("李明", "督办", "副主席"),)
    assert after.is_excellent and after.is_key and after.state == "closed"


def test_reimporting_the_unchanged_export_changes_nothing(world, handled, tmp_path):
    before = world.service.detail(handled)
    plan = _import(world, _export(world, tmp_path))
    assert (plan.new, plan.updated, plan.unchanged) == (0, 0, 1)
    after = world.service.detail(handled)
    assert (after.version, _kept_details(after), after.events) == (before.version, _kept_details(before), before.events)


def test_a_column_left_out_of_the_sheet_keeps_the_stored_values(world, handled, tmp_path):
    """满意度 deleted from the sheet and 答复日期 corrected: the reply is rebuilt and keeps its verdict."""
    path = _export(world, tmp_path)
    _edit(path, "答复日期", date(2025, 6, 16))
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    header_row = next(r for r in range(1, 6) if "案由" in [c.value for c in sheet[r]])
    sheet.delete_cols([c.value for c in sheet[header_row]].index("满意度") + 1)
    book.save(path)
    plan = _import(world, path)
    assert list(plan.changed.values()) == [("答复日期",)]
    current = [r for r in world.service.detail(handled).replies if not r.superseded]
    assert [(r.replied_on, r.verdict, r.text) for r in current] == [(date(2025, 6, 16), "satisfied", "已列入今年计划，分三年改造。")]
    assert world.service.detail(handled).state == "closed"
