"""The form and the import refuse the same value by the same rule, with the same sentence.

Each bad value goes through the form path (the service's add or submit) and through the import (a
one-row sheet written here); both must refuse it, naming the same rule of desktop_app/domain.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import openpyxl
import pytest

from desktop_app.domain.errors import ValidationError

TODAY = date.today()
LONG = "长" * 301


def _sheet(path, header: list[str], row: list) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    sheet.append(row)
    book.save(path)


def _refused_by_form(add) -> list:
    with pytest.raises(ValidationError) as caught:
        add()
    return caught.value.problems


def _refused_by_import(importer, path, options=None):
    from desktop_app.services.ledgers.pipeline import ImportOptions, Outcome

    plan = importer.plan(path, options or ImportOptions())
    assert plan.outcomes == (Outcome.REFUSED,), plan.lines()
    return list(plan.problems)


def _same_rule(form: list, imported: list, rule: str) -> None:
    by_form = {p.rule: p.message for p in form}
    by_import = {p.rule: p.message for p in imported}
    assert rule in by_form, form
    assert rule in by_import, imported
    assert by_form[rule] == by_import[rule]


# ----------------------------------------------------------------------------------------------- members

MEMBER_HEADER = ["姓名", "性别", "出生年月", "籍贯", "工作单位", "联系电话", "身份证号"]
MEMBER_BASE = {"name": "王建国", "gender": "男", "birth": (1970, 5), "native_place": "山西长治", "work_unit": "县教育局",
               "phone": "13812345678", "id_number": None}
MEMBER_CASES = [
    ("name", "王" * 60, "member.name.length"),
    ("birth", (2020, 5), "member.birth.age"),  # 5 years old
    ("birth", (1900, 1), "member.birth.age"),  # over 100
    ("birth", (TODAY.year - 17, 1), "member.birth.age"),
    ("gender", "中", "member.gender.vocabulary"),
    ("native_place", "籍" * 101, "member.native_place.length"),
    ("work_unit", "单" * 201, "member.work_unit.length"),
    ("phone", "12345", "member.phone.invalid"),
    ("id_number", "140423198001010000", "member.id_number.invalid"),
]


@pytest.mark.parametrize("field,value,rule", MEMBER_CASES, ids=[f"{c[0]}-{c[2]}" for c in MEMBER_CASES])
def test_member_form_and_roster_import_refuse_alike(store, tmp_path, field, value, rule):
    from desktop_app.services.ledgers.members import member_importer
    from desktop_app.services.members import MemberInput, MembersService

    data = {**MEMBER_BASE, field: value}
    year, month = data["birth"]
    member = MemberInput(name=data["name"], gender=data["gender"], birth_year=year, birth_month=month,
                         native_place=data["native_place"], work_unit=data["work_unit"], phone=data["phone"],
                         id_number=data["id_number"])
    form = _refused_by_form(lambda: MembersService(store).add(member))
    path = tmp_path / "名单.xlsx"
    _sheet(path, MEMBER_HEADER, [data["name"], data["gender"], f"{year}.{month:02d}", data["native_place"],
                                 data["work_unit"], data["phone"], data["id_number"]])
    _same_rule(form, _refused_by_import(member_importer(store), path), rule)
    assert MembersService(store).count() == 0


# -------------------------------------------------------------------------------------------- activities

ACTIVITY_HEADER = ["日期", "活动类型", "活动名称", "地点", "其他参加人数", "意见建议条数"]
ACTIVITY_CASES = [
    ("title", "题" * 201, "activity.title.length"),
    ("held_on", date(1948, 12, 31), "activity.held_on.range"),
    ("held_on", date(TODAY.year + 2, 1, 1), "activity.held_on.range"),
    ("kind", "不存在的类型", "activity.kind.vocabulary"),
    ("place", "地" * 201, "activity.place.length"),
    ("other_participants", -1, "activity.other_participants.negative"),
    ("suggestions_count", -3, "activity.suggestions_count.negative"),
]


@pytest.mark.parametrize("field,value,rule", ACTIVITY_CASES, ids=[f"{c[0]}-{c[2]}" for c in ACTIVITY_CASES])
def test_activity_form_and_ledger_import_refuse_alike(store, tmp_path, field, value, rule):
    from desktop_app.services.activities import ActivitiesService, ActivityInput
    from desktop_app.services.ledgers.activities import activity_importer

    data = replace(ActivityInput(held_on=date(2025, 3, 1), kind="理论学习", title="春季学习", place="会议室",
                                 other_participants=2, suggestions_count=1), **{field: value})
    form = _refused_by_form(lambda: ActivitiesService(store).add(data))
    path = tmp_path / "活动台账.xlsx"
    _sheet(path, ACTIVITY_HEADER, [data.held_on, data.kind, data.title, data.place, data.other_participants,
                                   data.suggestions_count])
    _same_rule(form, _refused_by_import(activity_importer(store), path), rule)


# ----------------------------------------------------------------------------------------- consultations

CONSULTATION_HEADER = ["日期", "协商议事室", "议题", "议题来源", "责任单位", "部门代表人数", "办成实事件数"]
CONSULTATION_CASES = [
    ("topic", "议" * 201, "consultation.topic.length"),
    ("held_on", date(1900, 1, 1), "consultation.held_on.range"),
    ("topic_source", "随便来的", "consultation.topic_source.vocabulary"),
    ("responsible_unit", "单" * 101, "consultation.responsible_unit.length"),
    ("department_participants", -2, "consultation.department_participants.negative"),
    ("done_deeds", -1, "consultation.done_deeds.negative"),
]


@pytest.mark.parametrize("field,value,rule", CONSULTATION_CASES, ids=[f"{c[0]}-{c[2]}" for c in CONSULTATION_CASES])
def test_consultation_form_and_ledger_import_refuse_alike(store, tmp_path, field, value, rule):
    from desktop_app.services.consultations import ConsultationInput, ConsultationsService
    from desktop_app.services.ledgers.consultations import consultation_importer
    from desktop_app.services.platforms import PlatformInput, PlatformsService

    platform_id = PlatformsService(store).add(PlatformInput(name="北关村协商议事室")).new_id
    data = replace(ConsultationInput(platform_id=platform_id, held_on=date(2025, 5, 6), topic="村道硬化",
                                     topic_source="群众出题", responsible_unit="县交通局", department_participants=3,
                                     done_deeds=1), **{field: value})
    form = _refused_by_form(lambda: ConsultationsService(store).add(data))
    path = tmp_path / "协商台账.xlsx"
    _sheet(path, CONSULTATION_HEADER, [data.held_on, "北关村协商议事室", data.topic, data.topic_source,
                                       data.responsible_unit, data.department_participants, data.done_deeds])
    _same_rule(form, _refused_by_import(consultation_importer(store), path), rule)


# --------------------------------------------------------------------------------------------- proposals

PROPOSAL_CASES = [
    ("title", "关于" + "长" * 300 + "的建议", "proposal.title.length"),
    ("submitted_on", date(1948, 6, 1), "proposal.submitted_on.range"),
    ("submitted_on", date(TODAY.year + 2, 3, 1), "proposal.submitted_on.range"),
    ("category", "宇宙", "proposal.category.vocabulary"),
]


@pytest.mark.parametrize("field,value,rule", PROPOSAL_CASES, ids=[f"{c[0]}-{c[2]}" for c in PROPOSAL_CASES])
def test_proposal_form_and_ledger_import_refuse_alike(store, tmp_path, field, value, rule):
    from desktop_app.services.ledgers.pipeline import ImportOptions
    from desktop_app.services.ledgers.proposals import proposal_importer
    from desktop_app.services.members import MemberInput, MembersService
    from desktop_app.services.proposals import ProposalService
    from desktop_app.services.proposals.dto import ProposalInput
    from desktop_app.services.terms import TermService

    session_id = TermService(store).add_session(term=14, number=4, opening_date=date(2025, 1, 10)).new_id
    lead = MembersService(store).add(MemberInput(name="王芳")).new_id
    data = replace(ProposalInput(session_id=session_id, title="关于加强农村学校建设的建议", submitted_on=date(2025, 1, 12),
                                 lead_member_id=lead, category="社会建设"), **{field: value})
    form = _refused_by_form(lambda: ProposalService(store).submit(data))
    path = tmp_path / "提案台账.xlsx"
    _sheet(path, ["案由", "提案者", "提交日期", "类别"], [data.title, "王芳", data.submitted_on, data.category])
    imported = _refused_by_import(proposal_importer(store), path, ImportOptions(session_code="14-4"))
    _same_rule(form, imported, rule)


# ---------------------------------------------------------------------------------------------- opinions

OPINION_CASES = [
    ("title", "标" * 301, "opinion.title.length"),
    ("received_on", date(1948, 1, 1), "opinion.received_on.range"),
    ("bulletin_issue", "期" * 31, "opinion.bulletin_issue.length"),
]


@pytest.mark.parametrize("field,value,rule", OPINION_CASES, ids=[f"{c[0]}-{c[2]}" for c in OPINION_CASES])
def test_opinion_rules_refuse_in_the_ledger_import(store, tmp_path, field, value, rule):
    """社情民意 has no form yet: the import refuses by the rule a form would call (domain.opinion_rules)."""
    from types import SimpleNamespace

    from desktop_app.domain.opinion_rules import check_opinion_fields
    from desktop_app.services.ledgers.opinions import opinion_importer

    values = {"title": "关于路灯的建议", "received_on": date(2025, 3, 1), "bulletin_issue": "第1期", field: value}
    path = tmp_path / "社情民意.xlsx"
    _sheet(path, ["标题", "报送人", "收稿日期", "编报期号"], [values["title"], "民建黎城县支部", values["received_on"],
                                                      values["bulletin_issue"]])
    _same_rule(check_opinion_fields(SimpleNamespace(**values)), _refused_by_import(opinion_importer(store), path), rule)


def test_text_limits_are_the_column_sizes(store):
    """Each rule's limit is the String(n) of its column in db/models."""
    from db.models import Activity, Consultation, Member, Opinion, Proposal
    from desktop_app.domain import activity_rules, consultation_rules, member_rules, opinion_rules, proposal_rules

    def size(model, column):
        return model.__table__.c[column].type.length

    assert member_rules.NAME_MAX == size(Member, "name")
    assert {f: size(Member, f) for f in member_rules.TEXT_LIMITS} == member_rules.TEXT_LIMITS
    assert (activity_rules.TITLE_MAX, activity_rules.KIND_MAX, activity_rules.PLACE_MAX) == (
        size(Activity, "title"), size(Activity, "kind"), size(Activity, "place"))
    assert (consultation_rules.TOPIC_MAX, consultation_rules.SOURCE_MAX, consultation_rules.UNIT_MAX,
            consultation_rules.SATISFACTION_MAX) == (size(Consultation, "topic"), size(Consultation, "topic_source"),
                                                     size(Consultation, "responsible_unit"),
                                                     size(Consultation, "satisfaction"))
    assert (opinion_rules.TITLE_MAX, opinion_rules.ISSUE_MAX) == (size(Opinion, "title"), size(Opinion, "bulletin_issue"))
    assert (proposal_rules.TITLE_MAX, proposal_rules.CATEGORY_MAX) == (size(Proposal, "title"), size(Proposal, "category"))
