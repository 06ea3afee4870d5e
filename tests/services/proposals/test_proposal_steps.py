"""Every step of a proposal through the real service and a real SQLite file."""
from dataclasses import replace
from datetime import date
import hashlib
import json

import pytest
from sqlalchemy import select

from db.models import Attachment, Opinion, OpinionSubmitter, Proposal, ProposalEvent
from desktop_app.domain.errors import Conflict, IllegalTransition, InputFileProblem, ValidationError
from desktop_app.services.attachments import AttachmentsService
from desktop_app.services.proposals.dto import LeaderInput, ProposalInput, ReplyInput, UnitAssignmentInput
from desktop_app.services.settings import SettingsService


def _assigned(world, *, units=None, on=date(2025, 1, 20)):
    pid = world.submit()
    world.service.accept(pid, on=date(2025, 1, 15))
    world.service.assign(pid, units or [UnitAssignmentInput(world.units[0], "lead")], on=on)
    return pid


def _reply(world, pid, unit_index=0, category="B", on=date(2025, 3, 1)):
    detail = world.service.detail(pid)
    assignment = next(a for a in detail.assignments if a.unit_id == world.units[unit_index] and a.status == "active")
    rid = world.service.reply(pid, ReplyInput(assignment.id, on, category, text="答复正文", document_number="黎教函〔2025〕3号")).new_id
    return rid


def test_submission_keeps_cosigners_and_first_history_entry(world):
    pid = world.submit()
    d = world.service.detail(pid)
    assert (d.state, d.proposer, d.cosigners) == ("submitted", "王芳", ("李强", "张伟"))
    assert [(e.action, e.from_state, e.to_state, e.actor) for e in d.events] == [("submit", None, "submitted", "提案委")]


def test_submission_rules(world):
    base = ProposalInput(session_id=world.session_id, title="关于X的建议", submitted_on=date(2025, 1, 12),
                         lead_member_id=world.members[0])
    with pytest.raises(ValidationError, match="案由"):
        world.service.submit(replace(base, title="  "))
    with pytest.raises(ValidationError, match="领衔委员不能同时作为联名人"):
        world.service.submit(replace(base, cosigner_ids=(world.members[0],)))
    with pytest.raises(ValidationError, match="集体提案须选择提案单位"):
        world.service.submit(replace(base, kind="collective", lead_member_id=None))
    with pytest.raises(ValidationError, match="类别“宇宙”不在提案类别表中"):
        world.service.submit(replace(base, category="宇宙"))
    pid = world.service.submit(replace(base, kind="collective", lead_member_id=None, lead_organization_id=world.org_id,
                                          category="经济")).new_id
    assert world.service.detail(pid).category == "经济建设"  # alias from the vocabulary


def test_edit_before_review_only(world):
    pid = world.submit()
    d = world.service.detail(pid)
    data = ProposalInput(session_id=world.session_id, title="关于改进农村学校建设的建议", submitted_on=d.submitted_on,
                         lead_member_id=world.members[0], cosigner_ids=(world.members[3],), category="文化建设")
    world.service.edit(pid, data, expected_version=d.version)
    d2 = world.service.detail(pid)
    assert (d2.title, d2.cosigners, d2.category) == ("关于改进农村学校建设的建议", ("刘洋",), "文化建设")
    with pytest.raises(Conflict, match="已被其他人修改"):
        world.service.edit(pid, data, expected_version=d.version)
    world.service.accept(pid, on=date(2025, 1, 15))
    with pytest.raises(IllegalTransition, match="当前为“已立案”，不能“修改”"):
        world.service.edit(pid, data, expected_version=world.service.detail(pid).version)


def test_return_for_revision_and_resubmit(world):
    pid = world.submit()
    world.service.return_for_revision(pid, on=date(2025, 1, 13), reason="一案多事，请拆分")
    assert world.state(pid) == "returned"
    with pytest.raises(IllegalTransition):
        world.service.accept(pid, on=date(2025, 1, 14))
    world.service.resubmit(pid, on=date(2025, 1, 14))
    assert world.state(pid) == "submitted"


def test_review_notes_with_reviewer_and_date(world):
    pid = world.submit()
    world.service.add_review(pid, stage="初审", reviewer="赵审", on=date(2025, 1, 13), opinion="建议立案")
    world.service.add_review(pid, stage="复审", reviewer="钱审", on=date(2025, 1, 14), opinion="同意")
    with pytest.raises(ValidationError, match="初审"):
        world.service.add_review(pid, stage="三审", reviewer="孙", on=date(2025, 1, 14))
    d = world.service.detail(pid)
    assert [(r.stage, r.reviewer, r.reviewed_on) for r in d.reviews] == [
        ("初审", "赵审", date(2025, 1, 13)), ("复审", "钱审", date(2025, 1, 14))]
    assert d.state == "submitted"


def test_case_numbers_are_never_reused(world):
    first, second, third = world.submit("关于甲的建议"), world.submit("关于乙的建议"), world.submit("关于丙的建议")
    assert world.service.accept(first, on=date(2025, 1, 15)).case_number == 1
    assert world.service.accept(second, on=date(2025, 1, 15)).case_number == 2
    world.service.withdraw(second, on=date(2025, 1, 16), reason="提案者申请撤案")
    assert world.service.accept(third, on=date(2025, 1, 17)).case_number == 3
    assert world.service.detail(second).case_number == 2 and world.state(second) == "withdrawn"


def test_not_accepted_returned_with_statutory_reason(world):
    pid = world.submit()
    world.service.not_accept(pid, on=date(2025, 1, 15), reason="没有具体建议")
    d = world.service.detail(pid)
    assert (d.state, d.not_accepted_reason, d.disposal, d.case_number) == ("not_accepted", "没有具体建议", "returned", None)
    with pytest.raises(ValidationError, match="不予立案理由“随便”不在词表中"):
        world.service.not_accept(world.submit(), on=date(2025, 1, 15), reason="随便")
    with pytest.raises(ValidationError, match="请写明具体理由"):
        world.service.not_accept(world.submit(), on=date(2025, 1, 15), reason="其他")


def test_not_accepted_turned_into_an_opinion_links_both_ways(world):
    pid = world.submit(body="村里道路需要修")
    changes = world.service.not_accept(pid, on=date(2025, 1, 15), reason="personal", disposal="to_opinion")
    opinion_id = changes.new_id
    assert changes.opinions
    with world.ctx.uow() as s:
        opinion = s.get(Opinion, opinion_id)
        assert (opinion.source_proposal_id, opinion.title, opinion.received_on) == (pid, "关于加强农村学校建设的建议", date(2025, 1, 15))
        assert s.get(Proposal, pid).converted_opinion_id == opinion_id
        submitters = s.scalars(select(OpinionSubmitter.member_id).where(OpinionSubmitter.opinion_id == opinion_id)
                               .order_by(OpinionSubmitter.position)).all()
    assert submitters == world.members[:3]
    assert world.service.detail(pid).not_accepted_reason == "涉及提案者本人及亲属的个人事务"


def test_merge_into_accepted_and_each_proposer_owed_a_reply(world):
    from desktop_app.services.proposals.handling import proposals_owed_reply

    host = _assigned(world)
    other = world.submit("关于农村学校建设的建议")
    with pytest.raises(ValidationError, match="只能并入已立案的提案"):
        world.service.merge(other, into_id=world.submit("关于丁的建议"), on=date(2025, 1, 21))
    world.service.merge(other, into_id=host, on=date(2025, 1, 21))
    d = world.service.detail(other)
    assert (d.state, d.merged_into_case, d.case_number) == ("merged", 1, None)
    assert world.service.detail(host).merged_here == (other,)
    with world.ctx.uow() as s:
        assert [p.id for p in proposals_owed_reply(s, host)] == [other]
    host_assignment = world.service.detail(host).assignments[0].id
    rid = world.service.reply(other, ReplyInput(host_assignment, date(2025, 3, 2), "A", text="已答复并案提案者")).new_id
    with world.ctx.uow() as s:
        assert proposals_owed_reply(s, host) == []
    assert world.state(other) == "merged"
    world.service.feedback(rid, verdict="satisfied", on=date(2025, 3, 5))
    world.service.close(other, on=date(2025, 3, 6))
    assert world.state(other) == "closed"


def test_assignment_default_due_date_and_configurable_period(world):
    pid = _assigned(world, on=date(2025, 1, 31))
    assert world.service.detail(pid).assignments[0].due_on == date(2025, 4, 30)
    settings = SettingsService(world.ctx)
    settings.save_office(replace(settings.office(), county="黎城县", reply_period_months=2))
    pid2 = _assigned(world, on=date(2025, 1, 31))
    assert world.service.detail(pid2).assignments[0].due_on == date(2025, 3, 31)
    with pytest.raises(ValidationError, match="请至少选择一个承办单位"):
        world.service.assign(pid2, [], on=date(2025, 2, 1))


def test_joint_only_assignment_is_refused(world):
    pid = world.submit()
    world.service.accept(pid, on=date(2025, 1, 15))
    with pytest.raises(ValidationError, match="至少有一个主办或分办单位"):
        world.service.assign(pid, [UnitAssignmentInput(world.units[1], "joint")], on=date(2025, 1, 20))


def test_decline_within_window_then_reassign(world):
    pid = _assigned(world, on=date(2025, 3, 7))  # a Friday
    assignment = world.service.detail(pid).assignments[0]
    world.service.decline(assignment.id, on=date(2025, 3, 14), reason="不属于本单位职责")  # 5 working days
    d = world.service.detail(pid)
    assert d.state == "accepted" and d.assignments[0].status == "declined"
    world.service.reassign(assignment.id, unit_id=world.units[1], on=date(2025, 3, 17))
    d = world.service.detail(pid)
    assert d.state == "assigned"
    assert [(a.unit_name, a.role, a.status) for a in d.assignments] == [("县教育局", "lead", "declined"), ("县卫健委", "lead", "active")]
    assert [e.action for e in d.events][-2:] == ["decline", "reassign"]


def test_decline_after_window_is_refused(world):
    pid = _assigned(world, on=date(2025, 3, 7))
    assignment = world.service.detail(pid).assignments[0]
    with pytest.raises(Conflict, match="已过 5 个工作日的退回期限"):
        world.service.decline(assignment.id, on=date(2025, 3, 17), reason="不属于本单位职责")


def test_extension_at_most_six_months_in_all(world):
    pid = _assigned(world, on=date(2025, 1, 20))
    a = world.service.detail(pid).assignments[0]
    assert a.due_on == date(2025, 4, 20)
    world.service.extend(a.id, new_due_on=date(2025, 7, 20), reason="需跨部门协调", on=date(2025, 4, 1))
    world.service.extend(a.id, new_due_on=date(2025, 10, 20), reason="资金待批", on=date(2025, 7, 1))
    a = world.service.detail(pid).assignments[0]
    assert (a.due_on, a.extended_days) == (date(2025, 10, 20), 183)
    with pytest.raises(ValidationError, match="延期累计不能超过6个月，最晚只能延至 2025-10-20"):
        world.service.extend(a.id, new_due_on=date(2025, 10, 21), reason="再延", on=date(2025, 10, 1))


def test_reply_with_attachment_copied_with_sha256(world, tmp_path):
    pid = _assigned(world)
    source = tmp_path / "答复函.pdf"
    source.write_bytes(b"%PDF-1.4 reply")
    a = world.service.detail(pid).assignments[0]
    rid = world.service.reply(pid, ReplyInput(a.id, date(2025, 3, 1), "A", attachment_path=str(source),
                                                 face_to_face=True, contact_person="李主任")).new_id
    source.unlink()
    with world.ctx.uow() as s:
        att = s.scalar(select(Attachment).where(Attachment.owner_type == "reply", Attachment.owner_id == rid))
        stored = world.ctx.data.root / att.stored_path
        attachment_id = att.id
        assert stored.is_relative_to(world.ctx.data.attachments)
        assert att.sha256 == hashlib.sha256(b"%PDF-1.4 reply").hexdigest()
    # the copy kept: a file in the folder (SQLite), or the content in the database (a server database)
    assert stored.is_file() == (world.ctx.engine.dialect.name == "sqlite")
    opened = AttachmentsService(world.ctx).open_path(attachment_id, cache=tmp_path / "缓存")
    assert opened.read_bytes() == b"%PDF-1.4 reply"
    r = world.service.detail(pid).replies[0]
    assert (r.attachment_name, r.face_to_face, r.contact_person) == ("答复函.pdf", True, "李主任")
    with pytest.raises(ValidationError, match="答复内容或附上答复文件"):
        world.service.reply(pid, ReplyInput(a.id, date(2025, 3, 1), "A"))


def test_replied_only_when_every_lead_and_separate_unit_answered(world):
    pid = _assigned(world, units=[UnitAssignmentInput(world.units[0], "lead"), UnitAssignmentInput(world.units[1], "joint"),
                                  UnitAssignmentInput(world.units[2], "separate")])
    _reply(world, pid, 0)
    assert world.state(pid) == "assigned"
    _reply(world, pid, 1)  # the joint unit's view does not complete it
    assert world.state(pid) == "assigned"
    _reply(world, pid, 2)
    assert world.state(pid) == "replied"
    with pytest.raises(Conflict, match="已有答复"):
        _reply(world, pid, 0)


def test_supervisor_changes_category_keeping_the_original(world):
    pid = _assigned(world)
    rid = _reply(world, pid, category="A")
    world.service.change_category(rid, category="B", on=date(2025, 3, 3), reason="问题尚未解决")
    world.service.change_category(rid, category="C", on=date(2025, 3, 4))
    r = world.service.detail(pid).replies[0]
    assert (r.category, r.original_category) == ("C", "A")


def test_dissatisfied_sends_it_back_for_rehandling(world):
    pid = _assigned(world)
    first = _reply(world, pid)
    world.service.feedback(first, verdict="dissatisfied", on=date(2025, 3, 10), remark="答非所问",
                           rehandle_due_on=date(2025, 4, 30))
    d = world.service.detail(pid)
    assert d.state == "assigned" and d.replies[0].superseded and d.replies[0].verdict == "dissatisfied"
    assert d.assignments[0].due_on == date(2025, 4, 30)
    with pytest.raises(IllegalTransition, match="当前为“已交办”，不能“办结”"):
        world.service.close(pid, on=date(2025, 3, 11))
    second = _reply(world, pid, on=date(2025, 4, 1), category="A")
    assert world.state(pid) == "replied"
    world.service.feedback(second, verdict="basically_satisfied", on=date(2025, 4, 5))
    with pytest.raises(Conflict, match="已登记过"):
        world.service.feedback(second, verdict="satisfied", on=date(2025, 4, 6))
    world.service.close(pid, on=date(2025, 4, 6))
    d = world.service.detail(pid)
    assert d.state == "closed" and d.closed_on == date(2025, 4, 6)
    assert [e.action for e in d.events] == ["submit", "accept", "assign", "reply", "feedback", "reply", "feedback", "close"]
    assert [(e.from_state, e.to_state) for e in d.events][4] == ("replied", "assigned")


def test_follow_up_key_and_excellent(world):
    pid = _assigned(world)
    with pytest.raises(ValidationError, match="晚于提交年度"):
        world.service.follow_up(pid, year=2025, on=date(2025, 12, 1))
    world.service.follow_up(pid, year=2026, on=date(2025, 12, 1))
    world.service.set_key(pid, leaders=[LeaderInput("王书记", "领办", "县委书记"), LeaderInput("李主席", "督办", "县政协主席")],
                          on=date(2025, 2, 1))
    world.service.mark_excellent(pid, on=date(2026, 1, 5))
    d = world.service.detail(pid)
    assert (d.is_follow_up, d.follow_up_year, d.is_key, d.is_excellent) == (True, 2026, True, True)
    assert [(l.name, l.role) for l in d.leaders] == [("王书记", "领办"), ("李主席", "督办")]
    with pytest.raises(ValidationError, match="领导分工"):
        world.service.set_key(pid, leaders=[LeaderInput("张", "旁观")], on=date(2025, 2, 1))


def test_every_step_is_in_the_history_with_actor(world):
    pid = _assigned(world)
    with world.ctx.uow() as s:
        events = s.scalars(select(ProposalEvent).where(ProposalEvent.proposal_id == pid).order_by(ProposalEvent.id)).all()
        assert [(e.action, e.from_state, e.to_state, e.actor) for e in events] == [
            ("submit", None, "submitted", "提案委"), ("accept", "submitted", "accepted", "提案委"),
            ("assign", "accepted", "assigned", "提案委")]
        assert events[1].note == "案号第001号" and events[2].on_date == date(2025, 1, 20)


def test_illegal_step_changes_nothing(world):
    pid = world.submit()
    before = world.service.detail(pid)
    with pytest.raises(IllegalTransition, match="当前为“待审查”，不能“办结”；此状态下只能进行“修改”"):
        world.service.close(pid, on=date(2025, 1, 20))
    after = world.service.detail(pid)
    assert (after.version, len(after.events)) == (before.version, len(before.events))


def test_withdrawing_an_assigned_proposal_stops_its_units(world):
    pid = _assigned(world)
    world.service.withdraw(pid, on=date(2025, 2, 1), reason="提案者申请撤案")
    d = world.service.detail(pid)
    assert d.state == "withdrawn" and [a.status for a in d.assignments] == ["withdrawn"]
    assert world.service.unit_loads(today=date(2025, 6, 1)) == []


def test_the_decline_window_skips_national_day_and_counts_its_weekend_workdays(world):
    pid = _assigned(world, on=date(2025, 9, 26))  # Friday before 国庆、中秋 (1–8 October 2025 off)
    assignment = world.service.detail(pid).assignments[0]
    world.service.decline(assignment.id, on=date(2025, 10, 10), reason="不属于本单位职责")  # 5 working days
    assert world.service.detail(pid).assignments[0].status == "declined"


def test_the_offices_own_holiday_file_is_used_and_a_bad_one_is_one_sentence(world):
    (world.ctx.data.root / "work_calendar.json").write_text(json.dumps(
        {"years": {"2025": {"holidays": [["2025-03-10", "2025-03-14"]], "workdays": []}}}), encoding="utf-8")
    pid = _assigned(world, on=date(2025, 3, 7))
    assignment = world.service.detail(pid).assignments[0]
    world.service.decline(assignment.id, on=date(2025, 3, 21), reason="不属于本单位职责")  # 17–21 March only
    (world.ctx.data.root / "work_calendar.json").write_text("{\"years\": {\"2025\": ", encoding="utf-8")
    other = _assigned(world, on=date(2025, 3, 7))
    with pytest.raises(InputFileProblem, match="节假日安排.*有误：第 1 行不是正确的 JSON。请改正或删除该文件。"):
        world.service.decline(world.service.detail(other).assignments[0].id, on=date(2025, 3, 10), reason="不属于本单位职责")
    assert world.service.detail(other).assignments[0].status == "active"
