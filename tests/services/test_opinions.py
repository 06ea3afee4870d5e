"""社情民意信息 through the real service on a real SQLite file: list and filters, add/edit/delete, 采用, 批示, links."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from db.models import AuditEntry, Opinion, OpinionAdoption, OpinionInstruction
from desktop_app.domain.errors import Conflict, NotFound, ValidationError
from desktop_app.domain.period import Period
from desktop_app.services.attachments import AttachmentsService
from desktop_app.services.consultation_links import ConsultationLinksService
from desktop_app.services.consultations import ConsultationInput, ConsultationsService
from desktop_app.services.members import MemberInput, MembersService
from desktop_app.services.opinions import OpinionFilter, OpinionInput, OpinionsService
from desktop_app.services.organizations import OrganizationService
from desktop_app.services.platforms import PlatformInput, PlatformsService
from desktop_app.services.proposals import ProposalService
from desktop_app.services.proposals.dto import ProposalInput
from desktop_app.services.statistics import StatisticsService
from desktop_app.services.terms import TermService


@pytest.fixture
def world(ctx):
    members = MembersService(ctx)
    people = {name: members.add(MemberInput(name=name)).new_id for name in ("王芳", "李强", "张伟")}
    org = OrganizationService(ctx).add_organization(name="民盟黎城县支部", kind="party").new_id
    return ctx, OpinionsService(ctx), people, org


def _input(people, **extra) -> OpinionInput:
    values = dict(title="关于农村饮水安全的建议", received_on=date(2025, 3, 2), body="部分村饮水管网老化。",
                  bulletin_issue="2025年第3期", sent_level="city", member_ids=(people["王芳"], people["李强"]))
    values.update(extra)
    return OpinionInput(**values)


def _audit_actions(ctx, table: str) -> list[str]:
    with ctx.uow() as s:
        return list(s.scalars(select(AuditEntry.action).where(AuditEntry.table_name == table).order_by(AuditEntry.id)))


def test_add_then_detail_and_row(world):
    ctx, service, people, org = world
    changes = service.add(_input(people, organization_ids=(org,)))
    assert changes.opinions is True
    detail = service.get(changes.new_id)
    assert [w.name for w in detail.submitters] == ["王芳", "李强", "民盟黎城县支部"]
    assert (detail.data.title, detail.data.bulletin_issue, detail.data.sent_level) == (
        "关于农村饮水安全的建议", "2025年第3期", "city")
    [row] = service.list_rows()
    assert (row.submitters, row.submitter_count, row.sent_level_label, row.adopted_label) == (
        "王芳、李强、民盟黎城县支部", 3, "市", "")
    assert _audit_actions(ctx, "opinions") == ["insert"]


def test_validation_is_one_chinese_sentence(world):
    _ctx, service, people, _org = world
    with pytest.raises(ValidationError) as caught:
        service.add(_input(people, title="  "))
    assert caught.value.message == "“标题”列：请填写标题。"
    with pytest.raises(ValidationError, match="编报期号太长"):
        service.add(_input(people, bulletin_issue="期" * 31))
    with pytest.raises(ValidationError, match="报送人中有的委员已不存在"):
        service.add(_input(people, member_ids=(99999,)))
    assert service.list_rows() == []


def test_edit_replaces_submitters_and_refuses_stale_version(world):
    ctx, service, people, _org = world
    opinion_id = service.add(_input(people)).new_id
    detail = service.get(opinion_id)
    service.edit(opinion_id, replace(detail.data, title="关于改善农村饮水的建议", member_ids=(people["张伟"],)),
                 expected_version=detail.version)
    again = service.get(opinion_id)
    assert (again.data.title, [w.name for w in again.submitters]) == ("关于改善农村饮水的建议", ["张伟"])
    with pytest.raises(Conflict, match="已被其他人修改"):
        service.edit(opinion_id, detail.data, expected_version=detail.version)
    assert _audit_actions(ctx, "opinions") == ["insert", "update"]


def test_filters_in_sql(world):
    ctx, service, people, org = world
    first = service.add(_input(people, title="关于甲的建议", received_on=date(2024, 6, 1), sent_level="county",
                               member_ids=(people["王芳"],))).new_id
    second = service.add(_input(people, title="关于乙的建议", received_on=date(2025, 2, 1), sent_level="province",
                                member_ids=(people["李强"],))).new_id
    third = service.add(_input(people, title="关于丙的建议", received_on=date(2025, 8, 1), sent_level="city",
                               member_ids=(), organization_ids=(org,))).new_id
    service.adopt(second, level="city", on=date(2025, 3, 1))
    service.adopt(second, level="省", on=date(2025, 4, 1))

    def ids(**flt):
        return [r.id for r in service.list_rows(OpinionFilter(**flt))]

    assert ids() == [third, second, first]  # newest received first
    assert ids(start=date(2025, 1, 1), end=date(2025, 12, 31)) == [third, second]
    assert ids(sent_level="county") == [first]
    assert ids(adopted_level="province") == [second]
    assert ids(adopted=True) == [second]
    assert ids(adopted=False) == [third, first]
    assert ids(submitter=f"m:{people['李强']}") == [second]
    assert ids(submitter=f"o:{org}") == [third]
    assert ids(text="乙") == [second]
    assert ids(text="王芳") == [first]
    assert ids(text="wf") == [first]  # pinyin initials of 王芳
    assert ids(text="liqiang") == [second]
    assert ids(text="民盟") == [third]
    [row] = [r for r in service.list_rows() if r.id == second]
    assert row.adopted_label == "市、省"
    assert [(o.name, o.opinions) for o in service.submitters()] == [("李强", 1), ("王芳", 1), ("民盟黎城县支部", 1)]


def test_adopt_several_levels_and_undo(world):
    ctx, service, people, _org = world
    opinion_id = service.add(_input(people)).new_id
    city = service.adopt(opinion_id, level="市", on=date(2025, 3, 10), note="市政协《社情民意》第5期").new_id
    service.adopt(opinion_id, level="province", on=date(2025, 4, 1))
    with pytest.raises(Conflict, match="已登记被市级采用"):
        service.adopt(opinion_id, level="city", on=date(2025, 5, 1))
    with pytest.raises(ValidationError, match="早于收稿日期"):
        service.adopt(opinion_id, level="national", on=date(2025, 1, 1))
    with pytest.raises(ValidationError, match="请选择采用层级"):
        service.adopt(opinion_id, level="乡", on=date(2025, 5, 1))
    detail = service.get(opinion_id)
    assert [(a.level_label, a.adopted_on, a.note) for a in detail.adoptions] == [
        ("市", date(2025, 3, 10), "市政协《社情民意》第5期"), ("省", date(2025, 4, 1), None)]
    figures = StatisticsService(ctx).part("opinions", Period.year(2025))
    assert (figures.adopted, figures.adopted_by_level) == (1, {"city": 1, "province": 1})
    service.unadopt(city)
    assert [a.level for a in service.get(opinion_id).adoptions] == ["province"]
    with pytest.raises(NotFound):
        service.unadopt(city)
    assert _audit_actions(ctx, "opinion_adoptions") == ["adopt", "adopt", "unadopt"]


def test_instruction_and_its_removal(world):
    ctx, service, people, _org = world
    opinion_id = service.add(_input(people)).new_id
    with pytest.raises(ValidationError, match="请填写批示内容"):
        service.instruct(opinion_id, leader="县长", on=date(2025, 3, 5), text=" ")
    made = service.instruct(opinion_id, leader="县长李明", on=date(2025, 3, 5), text="请水利局研究落实。").new_id
    [line] = service.get(opinion_id).instructions
    assert (line.leader, line.given_on, line.text) == ("县长李明", date(2025, 3, 5), "请水利局研究落实。")
    assert service.list_rows()[0].instructions == 1
    assert StatisticsService(ctx).part("opinions", Period.year(2025)).with_instructions == 1
    service.remove_instruction(made)
    assert service.get(opinion_id).instructions == ()
    assert _audit_actions(ctx, "opinion_instructions") == ["instruct", "delete"]


def test_delete_removes_steps_and_unlinks_consultation(world):
    ctx, service, people, _org = world
    platform = PlatformsService(ctx).add(PlatformInput(name="南关社区协商议事室")).new_id
    consultation = ConsultationsService(ctx).add(ConsultationInput(
        platform_id=platform, held_on=date(2025, 5, 20), topic="老旧小区停车难", member_ids=(people["王芳"],))).new_id
    opinion_id = ConsultationLinksService(ctx).to_opinion(consultation, on=date(2025, 5, 21)).new_id
    detail = service.get(opinion_id)
    assert detail.consultation == (consultation, "老旧小区停车难", date(2025, 5, 20))
    service.adopt(opinion_id, level="county", on=date(2025, 6, 1))
    service.instruct(opinion_id, leader="书记", on=date(2025, 6, 2), text="阅。")
    changes = service.delete(opinion_id, expected_version=detail.version)
    assert (changes.opinions, changes.consultations) == (True, True)
    assert ConsultationsService(ctx).get(consultation).opinion is None
    with ctx.uow() as s:
        left = [s.scalar(select(Opinion.id)), s.scalar(select(OpinionAdoption.id)),
                s.scalar(select(OpinionInstruction.id))]
    assert left == [None, None, None]
    with ctx.uow() as s:
        deleted = s.scalar(select(AuditEntry.before_json).where(AuditEntry.table_name == "opinions",
                                                                AuditEntry.action == "delete"))
    assert json.loads(deleted)["title"] == detail.data.title


def test_opinion_from_not_accepted_proposal_links_both_ways(world):
    ctx, service, people, _org = world
    session_id = TermService(ctx).add_session(term=14, number=4, opening_date=date(2025, 1, 10)).new_id
    proposals = ProposalService(ctx)
    pid = proposals.submit(ProposalInput(session_id=session_id, title="关于规范广场舞时间的建议",
                                         submitted_on=date(2025, 1, 12), lead_member_id=people["张伟"],
                                         category="社会建设")).new_id
    opinion_id = proposals.not_accept(pid, on=date(2025, 1, 20), reason="没有具体建议",
                                      disposal="to_opinion").new_id
    detail = service.get(opinion_id)
    assert detail.source_proposal == (pid, "关于规范广场舞时间的建议", "不立案")
    assert service.opinion_of_proposal(pid) == (opinion_id, "关于规范广场舞时间的建议")
    assert service.list_rows()[0].source_proposal_id == pid
    with pytest.raises(Conflict, match="由不予立案的提案转来"):
        service.delete(opinion_id, expected_version=detail.version)


def test_attachment_is_listed_and_deleted_with_the_opinion(world, tmp_path):
    ctx, service, people, _org = world
    opinion_id = service.add(_input(people)).new_id
    source = tmp_path / "调研照片.jpg"
    source.write_bytes(b"\xff\xd8photo")
    service.attach(opinion_id, source)
    detail = service.get(opinion_id)
    [attachment] = detail.attachments
    stored = ctx.data.root / attachment.stored_path
    assert stored.exists() == (ctx.engine.dialect.name == "sqlite")  # a server database keeps the bytes itself
    assert AttachmentsService(ctx).open_path(attachment.id, cache=tmp_path / "缓存").read_bytes() == b"\xff\xd8photo"
    service.delete(opinion_id, expected_version=detail.version)
    assert stored.exists() is False
    with pytest.raises(NotFound):
        AttachmentsService(ctx).open_path(attachment.id, cache=tmp_path / "缓存")
