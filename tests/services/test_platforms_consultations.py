"""Platforms, villages, consultations, follow-ups, and turning a consultation into a proposal or opinion."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from db.models import Opinion, OpinionSubmitter, PlenarySession, Proposal, ProposalEvent, Term
from desktop_app.domain.errors import Conflict, ValidationError
from desktop_app.domain.period import Period
from desktop_app.services.consultation_links import ConsultationLinksService
from desktop_app.services.consultations import ConsultationFilter, ConsultationInput, ConsultationsService
from desktop_app.services.participation import member_participation
from desktop_app.services.platforms import PlatformInput, PlatformsService
from desktop_app.services.settings import OfficeSettings, SettingsService
from desktop_app.services.statistics import StatisticsService
from tests.homes_support import add_members


@pytest.fixture
def setup(store):
    SettingsService(store).save_office(OfficeSettings(county="黎城县", committee_name="政协黎城县委员会",
                                                      current_term=14, current_session=4))
    people = add_members(store, ["王芳", "李强", "张伟"])
    platforms = PlatformsService(store)
    village_id = platforms.add_village(township="古韩镇", name="南关社区").new_id
    platform_id = platforms.add(PlatformInput(name="南关社区协商议事室", township="古韩镇", village_id=village_id),
                                   member_ids=(people["王芳"], people["李强"])).new_id
    return store, people, platform_id


def _consultation(platform_id, people, **extra):
    values = dict(platform_id=platform_id, held_on=date(2025, 5, 20), topic="老旧小区停车难", topic_source="群众点题",
                  member_ids=(people["李强"], people["王芳"]), department_participants=3, resident_participants=25,
                  suggestions_count=2, suggestions_text="1. 划定夜间停车位\n2. 增设充电桩", outcome="形成协商意见",
                  responsible_unit="县住建局", done_deeds=1)
    values.update(extra)
    return ConsultationInput(**values)


def test_platform_villages_and_coverage(setup):
    store, people, platform_id = setup
    platforms = PlatformsService(store)
    with pytest.raises(Conflict):
        platforms.add_village(township="古韩镇", name="南关社区")
    platforms.add_village(township="古韩镇", name="北关村")
    assert [(v.name, v.kind, v.platforms) for v in platforms.villages()] == [("北关村", "村", 0), ("南关社区", "社区", 1)]
    platforms.set_village_total(4)
    coverage = platforms.coverage()
    assert (coverage.covered, coverage.total) == (1, 4)
    assert {m.name for m in platforms.members(platform_id)} == {"王芳", "李强"}
    with pytest.raises(ValidationError, match="已有名为"):
        platforms.add(PlatformInput(name="南关社区协商议事室"))
    figures = StatisticsService(store).part("consultations", Period.year(2025))
    assert (figures.covered_villages, figures.villages_total, figures.coverage_rate) == (1, 4, 25.0)


def test_rooms_list_import(setup, tmp_path):
    from openpyxl import Workbook

    from desktop_app.services.ledgers.platforms import platform_importer

    store, _, _ = setup
    wb = Workbook()
    ws = wb.active
    ws.append(["黎城县村（社区）协商议事室名单"])
    ws.append(["序号", "乡镇(街道)", "村(社区)", "类型", "协商议事室名称"])
    ws.append([1, "古韩镇", "南关社区", "社区", "南关社区协商议事室"])
    ws.append([2, "古韩镇", "北关村", "村", "北关村协商议事室"])
    ws.append([3, "西井镇", "西井村", "村", None])
    path = tmp_path / "名单.xlsx"
    wb.save(path)
    service = PlatformsService(store)
    importer = platform_importer(store)
    preview = importer.plan(path)
    assert dict(preview.new_records) == {"村（社区）": ("古韩镇北关村", "西井镇西井村"), "协商议事室": ("北关村协商议事室",)}
    assert len(service.villages()) == 1
    assert importer.import_file(path).platforms
    assert len(service.villages()) == 3 and len(service.list_rows()) == 2
    assert importer.plan(path).new == 0


def test_consultation_follow_ups_and_pending_panel(setup):
    store, people, platform_id = setup
    service = ConsultationsService(store)
    cid = service.add(_consultation(platform_id, people)).new_id
    row = service.list_rows()[0]
    assert (row.topic_source, row.members, row.follow_up_label) == ("群众出题", 2, "未落实")
    assert [r.id for r in service.pending_follow_ups()] == [cid]
    with pytest.raises(ValidationError, match="早于"):
        service.add_follow_up(cid, on=date(2025, 5, 1), status="in_progress")
    service.add_follow_up(cid, on=date(2025, 6, 1), status="in_progress", note="已划线")
    service.add_follow_up(cid, on=date(2025, 7, 1), status="done", note="车位投用")
    detail = service.get(cid)
    assert [(f.on_date, f.status_label) for f in detail.follow_ups] == [(date(2025, 6, 1), "落实中"),
                                                                         (date(2025, 7, 1), "已落实")]
    assert service.pending_follow_ups() == []
    assert len(service.list_rows(ConsultationFilter(follow_up_status="done", township="古韩镇"))) == 1
    assert [c.topic for c in member_participation(store, people["王芳"]).consultations] == ["老旧小区停车难"]
    with pytest.raises(ValidationError, match="议题来源"):
        service.add(_consultation(platform_id, people, topic_source="随便"))


def test_consultation_to_proposal_links_both_ways(setup):
    store, people, platform_id = setup
    cid = ConsultationsService(store).add(_consultation(platform_id, people)).new_id
    links = ConsultationLinksService(store)
    changes = links.to_proposal(cid, on=date(2025, 6, 2))
    proposal_id = changes.new_id
    assert changes.proposals and changes.consultations
    with store.uow() as s:
        proposal = s.get(Proposal, proposal_id)
        session_row = s.get(PlenarySession, proposal.session_id)
        term = s.get(Term, session_row.term_id)
        events = list(s.scalars(select(ProposalEvent).where(ProposalEvent.proposal_id == proposal_id)))
        assert (proposal.title, proposal.state, proposal.kind) == ("关于老旧小区停车难的建议", "submitted", "member")
        assert proposal.lead_member_id == min(people["李强"], people["王芳"])
        assert "划定夜间停车位" in proposal.body and proposal.source_consultation_id == cid
        assert (term.number, session_row.number) == (14, 4)
        assert [(e.action, e.to_state) for e in events] == [("submit", "submitted")]  # as the proposals module writes it
        from db.models import AuditEntry

        audited = set(s.execute(select(AuditEntry.table_name, AuditEntry.record_id, AuditEntry.action)))
        assert {("proposals", proposal_id, "insert"), ("consultations", cid, "to_proposal")} <= audited
    detail = ConsultationsService(store).get(cid)
    assert detail.proposal == (proposal_id, "关于老旧小区停车难的建议", "待审查")
    with pytest.raises(Conflict, match="已转为提案"):
        links.to_proposal(cid)
    with pytest.raises(Conflict, match="不能删除"):
        ConsultationsService(store).delete(cid, expected_version=detail.version)


def test_consultation_to_opinion_with_members_as_submitters(setup):
    store, people, platform_id = setup
    cid = ConsultationsService(store).add(_consultation(platform_id, people)).new_id
    opinion_id = ConsultationLinksService(store).to_opinion(cid, on=date(2025, 6, 3)).new_id
    with store.uow() as s:
        opinion = s.get(Opinion, opinion_id)
        title, received_on = opinion.title, opinion.received_on
        submitters = set(s.scalars(select(OpinionSubmitter.member_id).where(OpinionSubmitter.opinion_id == opinion_id)))
    assert title == "关于老旧小区停车难的意见建议" and received_on == date(2025, 6, 3)
    assert submitters == {people["王芳"], people["李强"]}
    assert ConsultationsService(store).get(cid).opinion == (opinion_id, title)
    figures = StatisticsService(store).summary(Period.year(2025))
    assert figures["opinions"]["by_members"] == 1


def test_proposal_needs_a_participating_member(setup):
    store, people, platform_id = setup
    cid = ConsultationsService(store).add(_consultation(platform_id, people, member_ids=())).new_id
    with pytest.raises(ValidationError, match="参加委员"):
        ConsultationLinksService(store).to_proposal(cid)


def test_adding_a_village_and_setting_room_members_are_audited(store):
    import json

    from sqlalchemy import select

    from db.models import AuditEntry
    from desktop_app.services.platforms import PlatformInput, PlatformsService
    from tests.homes_support import add_members

    people = add_members(store, ["王芳", "李强"])
    service = PlatformsService(store)
    village_id = service.add_village(township="古韩镇", name="北关村").new_id
    platform_id = service.add(PlatformInput(name="北关村协商议事室")).new_id
    service.set_members(platform_id, (people["李强"], people["王芳"]))
    with store.uow() as s:
        entries = [(e.table_name, e.record_id, e.action, e.before_json, e.after_json)
                   for e in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    village = [e for e in entries if e[0] == "villages"]
    assert [(e[1], e[2], json.loads(e[4])["name"]) for e in village] == [(village_id, "insert", "北关村")]
    members = [e for e in entries if e[0] == "platforms" and e[2] == "set_members"]
    assert [(e[1], json.loads(e[3]), json.loads(e[4])) for e in members] == [
        (platform_id, {"members": []}, {"members": sorted([people["王芳"], people["李强"]])})]
