"""Roster export in the import template's layout, so that export → import reports no change."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from db.models import Home, Member, Organization, Village, member_committees, member_villages
from desktop_app.domain.cn_format import cn_numeral
from desktop_app.domain.enums import MemberStatus
from desktop_app.services.context import ServiceContext
from desktop_app.services.settings import read_office

_COLUMNS = ("name", "gender", "ethnicity", "birth_year", "birth_month", "native_place", "political_status", "sector",
            "education", "work_unit", "position", "phone", "id_number", "address", "is_standing", "notes")


def roster_records(ctx: ServiceContext, *, include_left: bool = False) -> tuple[str, list[dict]]:
    """The roster's title and one dict per member keyed by the roster's field codes."""
    with ctx.uow() as s:
        office = read_office(s)
        homes = dict(s.execute(select(Home.id, Home.name)).all())
        committees: dict[int, list[str]] = {}
        for member_id, name in s.execute(select(member_committees.c.member_id, Organization.name).join(
                Organization, Organization.id == member_committees.c.organization_id).order_by(Organization.id)):
            committees.setdefault(member_id, []).append(name)
        villages: dict[int, list[str]] = {}
        for member_id, township, name in s.execute(select(member_villages.c.member_id, Village.township, Village.name).join(
                Village, Village.id == member_villages.c.village_id)):
            villages.setdefault(member_id, []).append(township + name)
        stmt = select(Member.id, Member.home_id, Member.status, *[getattr(Member, c) for c in _COLUMNS]).order_by(Member.id)
        if not include_left:
            stmt = stmt.where(Member.status == MemberStatus.ACTIVE.value)
        records = []
        for row in s.execute(stmt):
            record = dict(zip(_COLUMNS, row[3:]))
            record.update(committees=committees.get(row.id, []), home=homes.get(row.home_id),
                          linked_villages=villages.get(row.id, []), status=MemberStatus(row.status).label)
            records.append(record)
    return roster_title(office.committee_display, office.current_term) if office.county else "委员名单", records


_TERM_AFTER = ("中国人民政治协商会议", "政协")


def roster_title(committee: str, term: int) -> str:
    """政协第十四届黎城县委员会委员名单: the term goes after 政协, as the committee's full name is written."""
    numbered = f"第{cn_numeral(term)}届"
    for prefix in _TERM_AFTER:
        if committee.startswith(prefix):
            return f"{prefix}{numbered}{committee[len(prefix):]}委员名单"
    return f"{committee}{numbered}委员名单"


def export_members(ctx: ServiceContext, out: Path, *, include_left: bool = False) -> int:
    """Write the roster .xlsx; returns the number of members written."""
    from desktop_app.fileio.headers import load_synonyms
    from desktop_app.fileio.roster_export import write_roster

    title, records = roster_records(ctx, include_left=include_left)
    write_roster(Path(out), records, title=title, columns=load_synonyms(ctx.resources, "members"))
    return len(records)
