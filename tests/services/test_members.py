"""Members: add with inline problems, edit with version conflicts, end a term, search, filter, audit."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from db.models import AuditEntry, Member, Organization
from desktop_app.services.database import PROGRAM_ACTOR
from desktop_app.domain.errors import Conflict, NotFound, ValidationError
from desktop_app.domain.normalize import id_check_digit
from desktop_app.domain.period import Period
from desktop_app.services.database import open_store
from desktop_app.services.members import MemberFilter, MemberInput, MembersService
from desktop_app.services.statistics import StatisticsService


def id_number(birth: date, seq: str = "123", area: str = "140426") -> str:
    first17 = f"{area}{birth:%Y%m%d}{seq}"
    return first17 + id_check_digit(first17)


WANG_FANG = MemberInput(
    name="王芳", gender="女", ethnicity="汉族", birth_year=1978, birth_month=5, political_status="民盟盟员",
    sector="教育界", education="大学", work_unit="黎城县第一中学", position="副校长", phone="13912345678",
    id_number=id_number(date(1978, 5, 12), "124"), is_standing=True,
)
LI_MING = MemberInput(
    name="李明", gender="男", birth_year=1969, birth_month=11, political_status="中共党员", sector="经济界",
    work_unit="县农商银行", position="行长", phone="0355-6221234",
)
ZHANG_WEI = MemberInput(name="张伟", gender="男", sector="医药卫生界", work_unit="县人民医院", position="院长",
                        phone="13800001111")


@pytest.fixture
def members(ctx) -> MembersService:
    return MembersService(ctx)


def _columns(problems) -> set[str]:
    return {p.column for p in problems}


def test_add_and_get_a_member(members):
    changes = members.add(WANG_FANG, joined=date(2021, 12, 1))
    member_id = changes.new_id
    assert changes.members
    detail = members.get(member_id)
    assert detail.data.name == "王芳" and detail.data.id_number == WANG_FANG.id_number
    assert (detail.status, detail.joined_date, detail.version) == ("active", date(2021, 12, 1), 1)
    row, = members.list_rows()
    assert (row.name_pinyin, row.name_initials) == ("wangfang", "wf")
    assert row.birth_text == "1978.05" and row.status_label == "在任"


def test_text_fields_are_trimmed_and_the_id_x_upper_cased(members):
    first17 = "11010519491231002"
    member_id = members.add(MemberInput(name="  赵敏 ", gender="女", birth_year=1949, birth_month=12,
                                           id_number=f" {first17}x ", work_unit="  ")).new_id
    detail = members.get(member_id)
    assert id_check_digit(first17) == "X"
    assert (detail.data.name, detail.data.id_number, detail.data.work_unit) == ("赵敏", first17 + "X", None)


@pytest.mark.parametrize(
    ("change", "column", "words"),
    [
        ({"id_number": WANG_FANG.id_number[:-1] + ("0" if WANG_FANG.id_number[-1] != "0" else "1")}, "身份证号", "校验位"),
        ({"birth_year": 1979}, "身份证号", "不一致"),
        ({"phone": "1391234567"}, "联系电话", None),
        ({"sector": "火星界"}, "界别", "不在界别表中"),
        ({"political_status": "火星党员"}, "政治面貌", "不在政治面貌表中"),
        ({"name": "  "}, "姓名", "不能为空"),
        ({"birth_month": 13, "id_number": None}, "出生年月", "不存在"),
    ],
)
def test_add_refuses_each_problem_inline_and_writes_nothing(members, ctx, change, column, words):
    data = replace(WANG_FANG, **change)
    problems = members.check(data)
    assert column in _columns(problems)
    if words:
        assert any(words in p.message for p in problems if p.column == column)
    with pytest.raises(ValidationError) as caught:
        members.add(data)
    assert column in _columns(caught.value.problems)
    assert caught.value.message  # one sentence naming the first problem
    assert members.list_rows(MemberFilter(status=None)) == []
    with ctx.uow() as s:
        assert s.scalars(select(AuditEntry.id).where(AuditEntry.actor != PROGRAM_ACTOR)).all() == []


def test_every_problem_is_listed_at_once(members):
    bad = replace(WANG_FANG, id_number="140426197805121230", phone="12345", sector="火星界")
    problems = members.check(bad)
    assert {"身份证号", "联系电话", "界别"} <= _columns(problems)
    assert all(p.message.endswith("。") for p in problems)


def test_a_good_member_has_no_problems(members):
    assert members.check(WANG_FANG) == []
    assert members.check(LI_MING) == []


def test_the_same_id_number_cannot_be_registered_twice(members):
    members.add(WANG_FANG)
    with pytest.raises(ValidationError) as caught:
        members.add(replace(WANG_FANG, name="王芳芳"))
    assert "王芳" in caught.value.message and "两次" in caught.value.message


def test_vocabulary_aliases_are_stored_as_the_vocabularys_own_name(members):
    """An alias passes validation; what is stored is the canonical name, so filters and figures count it."""
    member_id = members.add(replace(LI_MING, sector="经济", gender="男性", political_status="党员")).new_id
    detail = members.get(member_id)
    assert (detail.data.sector, detail.data.gender, detail.data.political_status) == ("经济界", "男", "中共党员")
    assert [r.name for r in members.list_rows(MemberFilter(sector="经济界"))] == ["李明"]


def test_edit_saves_and_bumps_the_version(members):
    member_id = members.add(WANG_FANG).new_id
    detail = members.get(member_id)
    members.edit(member_id, replace(detail.data, position="校长", phone="13900000000"),
                 expected_version=detail.version)
    after = members.get(member_id)
    assert (after.data.position, after.data.phone, after.version) == ("校长", "13900000000", detail.version + 1)


def test_edit_with_a_stale_version_is_a_conflict_and_changes_nothing(members, ctx, data_dir):
    member_id = members.add(WANG_FANG).new_id
    opened_here = members.get(member_id)

    other_pc = open_store(data_dir)  # another PC on the same database saves first
    try:
        theirs = MembersService(other_pc)
        mine = theirs.get(member_id)
        theirs.edit(member_id, replace(mine.data, position="校长"), expected_version=mine.version)
    finally:
        other_pc.engine.dispose()

    with pytest.raises(Conflict) as caught:
        members.edit(member_id, replace(opened_here.data, phone="13900000000"), expected_version=opened_here.version)
    assert "其他人修改" in caught.value.message
    now = members.get(member_id)
    assert (now.data.position, now.data.phone) == ("校长", WANG_FANG.phone)


def test_edit_or_end_a_member_that_does_not_exist(members):
    with pytest.raises(NotFound):
        members.get(999)
    with pytest.raises(NotFound):
        members.edit(999, WANG_FANG, expected_version=1)


def test_end_term_and_the_active_count_in_statistics(members, ctx):
    ids = [members.add(m).new_id for m in (WANG_FANG, LI_MING, ZHANG_WEI)]
    stats = StatisticsService(ctx)
    assert stats.summary(Period.year(2025))["members"] == {"active": 3, "standing": 1}

    wang = members.get(ids[0])
    members.end_term(ids[0], on=date(2025, 6, 30), reason=" 工作调动 ", expected_version=wang.version)
    detail = members.get(ids[0])
    assert (detail.status, detail.left_date, detail.left_reason) == ("left", date(2025, 6, 30), "工作调动")

    assert stats.summary(Period.year(2025))["members"] == {"active": 2, "standing": 0}
    assert stats.summary(Period.year(2024))["members"] == {"active": 3, "standing": 1}  # still in office then
    assert stats.summary(Period(date(2025, 1, 1), date(2025, 6, 29), "离任前"))["members"]["active"] == 3
    assert stats.summary(Period(date(2025, 1, 1), date(2025, 6, 30), "上半年"))["members"]["active"] == 2  # left that day

    with pytest.raises(Conflict):
        members.end_term(ids[0], on=date(2025, 7, 1), reason="届满", expected_version=detail.version)
    with pytest.raises(ValidationError):
        members.end_term(ids[1], on=date(2025, 7, 1), reason="  ", expected_version=1)

    members.reinstate(ids[0], expected_version=detail.version)
    assert stats.summary(Period.year(2025))["members"]["active"] == 3


def test_members_who_join_later_are_not_counted_before(members, ctx):
    members.add(WANG_FANG, joined=date(2026, 1, 15))
    members.add(LI_MING, joined=date(2021, 12, 1))
    stats = StatisticsService(ctx)
    assert stats.summary(Period.year(2025))["members"]["active"] == 1
    assert stats.summary(Period.year(2026))["members"]["active"] == 2


@pytest.mark.parametrize(
    ("needle", "expected"),
    [
        ("王芳", ["王芳"]),
        ("王", ["王芳"]),
        ("wf", ["王芳"]),
        ("WF", ["王芳"]),
        ("wangfang", ["王芳"]),
        ("wang", ["王芳"]),
        ("fang", ["王芳"]),
        ("lm", ["李明"]),
        ("第一中学", ["王芳"]),
        ("农商银行", ["李明"]),
        ("行长", ["李明"]),
        ("1391234", ["王芳"]),
        ("6221234", ["李明"]),
        ("zw", ["张伟"]),
        ("xyz", []),
        ("", ["李明", "王芳", "张伟"]),
    ],
)
def test_search(members, needle, expected):
    for m in (WANG_FANG, LI_MING, ZHANG_WEI):
        members.add(m)
    assert sorted(r.name for r in members.search(needle)) == sorted(expected)


def test_rows_are_sorted_by_pinyin(members):
    for m in (ZHANG_WEI, WANG_FANG, LI_MING):
        members.add(m)
    assert [r.name for r in members.list_rows()] == ["李明", "王芳", "张伟"]


def test_filters(members, ctx):
    with ctx.uow() as s:
        s.add_all([Organization(name="教科卫体委员会", kind="committee"), Organization(name="经济委员会", kind="committee")])
        s.commit()
    committees = {o.name: o.id for o in members.committees()}
    wang = members.add(replace(WANG_FANG, committee_ids=(committees["教科卫体委员会"],))).new_id
    li = members.add(replace(LI_MING, committee_ids=(committees["经济委员会"],))).new_id
    zhang = members.add(replace(ZHANG_WEI, committee_ids=(committees["教科卫体委员会"],))).new_id
    members.end_term(zhang, on=date(2025, 3, 1), reason="届满", expected_version=1)

    def names(**kwargs):
        return sorted(r.name for r in members.list_rows(MemberFilter(**kwargs)))

    assert names() == ["李明", "王芳"]  # in office by default
    assert names(status=None) == ["张伟", "李明", "王芳"]
    assert names(status="left") == ["张伟"]
    assert names(sector="教育界") == ["王芳"]
    assert names(political_status="中共党员") == ["李明"]
    assert names(standing=True) == ["王芳"]
    assert names(standing=False) == ["李明"]
    assert names(committee_id=committees["教科卫体委员会"]) == ["王芳"]
    assert names(committee_id=committees["教科卫体委员会"], status=None) == ["张伟", "王芳"]
    assert names(text="wf", sector="经济界") == []
    row = next(r for r in members.list_rows() if r.id == wang)
    assert row.committees == ("教科卫体委员会",)
    assert members.search("zw", include_left=True)[0].name == "张伟"
    assert members.search("zw") == []


def test_audit_entries_are_written_for_every_change(members, ctx):
    member_id = members.add(WANG_FANG).new_id
    detail = members.get(member_id)
    members.edit(member_id, replace(detail.data, position="校长"), expected_version=detail.version)
    members.end_term(member_id, on=date(2025, 6, 30), reason="工作调动", expected_version=detail.version + 1)

    with ctx.uow() as s:
        entries = s.execute(
            select(AuditEntry.table_name, AuditEntry.record_id, AuditEntry.action, AuditEntry.actor,
                   AuditEntry.before_json, AuditEntry.after_json)
            .where(AuditEntry.table_name == "members").order_by(AuditEntry.id)).all()
    assert [e.action for e in entries] == ["insert", "update", "end_term"]
    assert all(e.record_id == member_id and e.actor == ctx.actor for e in entries)
    inserted = json.loads(entries[0].after_json)
    assert inserted["name"] == "王芳" and inserted["id_number"] == WANG_FANG.id_number
    assert json.loads(entries[1].before_json) == {"position": "副校长"}
    assert json.loads(entries[1].after_json) == {"position": "校长"}
    ended = json.loads(entries[2].after_json)
    assert ended["status"] == "left" and ended["left_date"] == "2025-06-30"
    with ctx.uow() as s:
        assert s.scalar(select(Member.changed_by).where(Member.id == member_id)) == ctx.actor
