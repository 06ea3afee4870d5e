"""Roster re-import where only a member's links change: 包联村（社区） and 专委会 (member_villages, member_committees),
or their 委员之家 or 状态.

The sheet's set replaces the stored one; a sheet without the column leaves the links alone; an unchanged set
(in any order) is 与数据库相同. Rosters are written here with openpyxl; expected values are counted here.
"""
from __future__ import annotations

import pytest

import json
from pathlib import Path

import openpyxl
from sqlalchemy import select

from db.models import AuditEntry, Home, Member, Organization, Village, member_committees, member_villages
from desktop_app.services.ledgers.members import member_importer

HEADER = ["姓名", "性别", "出生年月", "专委会", "包联村（社区）"]
# name, gender, birth, committees, villages
PEOPLE = [
    ("李明", "男", "1970.05", "提案委员会", "东关村、西关村"),
    ("王芳", "女", "1975.11", "经济委员会", "南关社区"),
    ("赵强", "男", "1968.03", "提案委员会、经济委员会", "东关村"),
    ("孙丽", "女", "1980.07", "", ""),
]


def _roster(path: Path, people, header=HEADER) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for person in people:
        sheet.append(list(person[:len(header)]))
    book.save(path)
    return path


def _villages(ctx) -> dict[str, set[str]]:
    with ctx.uow() as s:
        out: dict[str, set[str]] = {m: set() for m in s.scalars(select(Member.name))}
        for name, village in s.execute(select(Member.name, Village.name).join(
                member_villages, member_villages.c.member_id == Member.id).join(
                Village, Village.id == member_villages.c.village_id)):
            out[name].add(village)
    return out


def _committees(ctx) -> dict[str, set[str]]:
    with ctx.uow() as s:
        out: dict[str, set[str]] = {m: set() for m in s.scalars(select(Member.name))}
        for name, committee in s.execute(select(Member.name, Organization.name).join(
                member_committees, member_committees.c.member_id == Member.id).join(
                Organization, Organization.id == member_committees.c.organization_id)):
            out[name].add(committee)
    return out


def _member_entries_after(ctx, last_id: int) -> list[tuple[int, dict, dict]]:
    """(member id, before, after) of each audit entry on members written after entry `last_id`."""
    with ctx.uow() as s:
        return [(r, json.loads(b), json.loads(a)) for r, b, a in s.execute(
            select(AuditEntry.record_id, AuditEntry.before_json, AuditEntry.after_json).where(
                AuditEntry.id > last_id, AuditEntry.table_name == "members").order_by(AuditEntry.id))]


def _last_audit_id(ctx) -> int:
    with ctx.uow() as s:
        return max(s.scalars(select(AuditEntry.id)), default=0)


FIRST_VILLAGES = {"李明": {"东关村", "西关村"}, "王芳": {"南关社区"}, "赵强": {"东关村"}, "孙丽": set()}
FIRST_COMMITTEES = {"李明": {"提案委员会"}, "王芳": {"经济委员会"}, "赵强": {"提案委员会", "经济委员会"}, "孙丽": set()}


def _first_import(ctx, tmp_path) -> None:
    batch = member_importer(ctx).import_file(_roster(tmp_path / "花名册.xlsx", PEOPLE)).batch
    assert (batch.created, batch.updated) == (4, 0)
    assert _villages(ctx) == FIRST_VILLAGES
    assert _committees(ctx) == FIRST_COMMITTEES


def test_a_changed_village_set_is_one_change_and_replaces_the_links(ctx, tmp_path):
    _first_import(ctx, tmp_path)
    people = list(PEOPLE)
    people[0] = ("李明", "男", "1970.05", "提案委员会", "西关村、北关村")  # 北关村 added, 东关村 removed
    changed = _roster(tmp_path / "花名册（改）.xlsx", people)
    importer = member_importer(ctx)

    plan = importer.plan(changed)
    assert (plan.new, plan.updated, plan.unchanged) == (0, 1, 3)
    assert [(r.row, r.name, r.changed) for r in plan.rows if r.action == "changed"] == [(2, "李明", ("包联村（社区）",))]
    assert "  第2行“李明”：将更新包联村（社区）" in plan.lines()
    assert "将新建村（社区）1个：北关村" in plan.lines()

    before = _last_audit_id(ctx)
    batch = importer.import_file(changed).batch
    assert (batch.created, batch.updated, batch.unchanged) == (0, 1, 3)
    assert _villages(ctx) == {**FIRST_VILLAGES, "李明": {"西关村", "北关村"}}
    assert _committees(ctx) == FIRST_COMMITTEES

    entries = _member_entries_after(ctx, before)
    assert len(entries) == 1
    with ctx.uow() as s:
        li = s.scalar(select(Member.id).where(Member.name == "李明"))
        village_id = dict(s.execute(select(Village.name, Village.id)).all())
    assert entries[0][0] == li
    assert entries[0][1]["linked_villages"] == sorted([village_id["东关村"], village_id["西关村"]])
    assert entries[0][2]["linked_villages"] == sorted([village_id["西关村"], village_id["北关村"]])

    again = importer.plan(changed)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 4)


def test_the_same_villages_in_another_order_are_the_same(ctx, tmp_path):
    _first_import(ctx, tmp_path)
    people = list(PEOPLE)
    people[0] = ("李明", "男", "1970.05", "提案委员会", "西关村，东关村")
    plan = member_importer(ctx).plan(_roster(tmp_path / "换了顺序.xlsx", people))
    assert (plan.new, plan.updated, plan.unchanged) == (0, 0, 4)


def test_villages_emptied_in_the_sheet_are_removed(ctx, tmp_path):
    _first_import(ctx, tmp_path)
    people = list(PEOPLE)
    people[2] = ("赵强", "男", "1968.03", "提案委员会、经济委员会", "")
    importer = member_importer(ctx)
    path = _roster(tmp_path / "清空.xlsx", people)
    plan = importer.plan(path)
    assert [(r.name, r.changed) for r in plan.rows if r.action == "changed"] == [("赵强", ("包联村（社区）",))]
    importer.import_file(path)
    assert _villages(ctx) == {**FIRST_VILLAGES, "赵强": set()}


def test_a_sheet_without_the_link_columns_keeps_the_links(ctx, tmp_path):
    _first_import(ctx, tmp_path)
    path = _roster(tmp_path / "只有基本信息.xlsx", PEOPLE, header=HEADER[:3])
    importer = member_importer(ctx)
    plan = importer.plan(path)
    assert (plan.new, plan.updated, plan.unchanged) == (0, 0, 4)
    people = [("李明", "女", "1970.05")] + [p[:3] for p in PEOPLE[1:]]  # 性别 changed: the row is written
    batch = importer.import_file(_roster(tmp_path / "改了性别.xlsx", people, header=HEADER[:3])).batch
    assert (batch.created, batch.updated, batch.unchanged) == (0, 1, 3)
    assert _villages(ctx) == FIRST_VILLAGES
    assert _committees(ctx) == FIRST_COMMITTEES


def test_a_sheet_without_the_village_column_keeps_villages_while_committees_change(ctx, tmp_path):
    _first_import(ctx, tmp_path)
    people = list(PEOPLE)
    people[1] = ("王芳", "女", "1975.11", "经济委员会、提案委员会", "")
    path = _roster(tmp_path / "无包联村.xlsx", people, header=HEADER[:4])
    importer = member_importer(ctx)
    plan = importer.plan(path)
    assert [(r.name, r.changed) for r in plan.rows if r.action == "changed"] == [("王芳", ("专委会",))]
    importer.import_file(path)
    assert _villages(ctx) == FIRST_VILLAGES
    assert _committees(ctx) == {**FIRST_COMMITTEES, "王芳": {"经济委员会", "提案委员会"}}


def test_a_changed_committee_set_is_one_change_and_replaces_the_links(ctx, tmp_path):
    _first_import(ctx, tmp_path)
    people = list(PEOPLE)
    people[2] = ("赵强", "男", "1968.03", "经济委员会、文史委", "东关村")  # 文史委 added, 提案委员会 removed
    path = _roster(tmp_path / "专委会变了.xlsx", people)
    importer = member_importer(ctx)
    plan = importer.plan(path)
    assert (plan.new, plan.updated, plan.unchanged) == (0, 1, 3)
    assert [(r.row, r.name, r.changed) for r in plan.rows if r.action == "changed"] == [(4, "赵强", ("专委会",))]
    before = _last_audit_id(ctx)
    importer.import_file(path)
    # 文史委 is an alias of 文化文史和学习委员会 in resources/vocabularies/committee.json
    assert _committees(ctx) == {**FIRST_COMMITTEES, "赵强": {"经济委员会", "文化文史和学习委员会"}}
    assert _villages(ctx) == FIRST_VILLAGES
    with ctx.uow() as s:
        zhao = s.scalar(select(Member.id).where(Member.name == "赵强"))
    assert [e[0] for e in _member_entries_after(ctx, before)] == [zhao]


def _homes_and_statuses(ctx) -> dict[str, tuple[str | None, str]]:
    with ctx.uow() as s:
        homes = dict(s.execute(select(Home.id, Home.name)).all())
        return {n: (homes.get(h), st) for n, h, st in s.execute(select(Member.name, Member.home_id, Member.status))}


def test_a_changed_home_or_status_is_a_change_too(ctx, tmp_path):
    header = ["姓名", "性别", "出生年月", "委员之家", "状态"]
    people = [("李明", "男", "1970.05", "城关委员之家", "在任"), ("王芳", "女", "1975.11", "城关委员之家", "在任"),
              ("赵强", "男", "1968.03", "", "在任")]
    importer = member_importer(ctx)
    importer.import_file(_roster(tmp_path / "第一次.xlsx", people, header=header))
    assert _homes_and_statuses(ctx) == {"李明": ("城关委员之家", "active"), "王芳": ("城关委员之家", "active"),
                                        "赵强": (None, "active")}
    people[0] = ("李明", "男", "1970.05", "西井委员之家", "在任")  # another home (not stored yet)
    people[1] = ("王芳", "女", "1975.11", "城关委员之家", "已退出")
    people[2] = ("赵强", "男", "1968.03", "城关委员之家", "")  # a home given; blank 状态 keeps the status
    path = _roster(tmp_path / "第二次.xlsx", people, header=header)
    plan = importer.plan(path)
    assert [(r.name, r.changed) for r in plan.rows if r.action == "changed"] == [
        ("李明", ("委员之家",)), ("王芳", ("状态",)), ("赵强", ("委员之家",))]
    importer.import_file(path)
    assert _homes_and_statuses(ctx) == {"李明": ("西井委员之家", "active"), "王芳": ("城关委员之家", "left"),
                                        "赵强": ("城关委员之家", "active")}
    again = importer.plan(path)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 3)
