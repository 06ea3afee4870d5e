"""Roster export in the import template's layout, so that export → import reports no change."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from db.models import Home, Member, Organization, Village, member_committees, member_villages
from desktop_app.domain.cn_format import cn_numeral
from desktop_app.domain.enums import MemberStatus
from desktop_app.services.context import ServiceContext
from desktop_app.services.settings import read_office

# (header, member attribute or computed key); headers are the import synonyms' canonical names.
ROSTER_COLUMNS = (
    ("序号", "seq"), ("姓名", "name"), ("性别", "gender"), ("民族", "ethnicity"), ("出生年月", "birth"),
    ("籍贯", "native_place"), ("政治面貌", "political_status"), ("界别", "sector"), ("文化程度", "education"),
    ("工作单位", "work_unit"), ("职务", "position"), ("联系电话", "phone"), ("身份证号", "id_number"),
    ("通讯地址", "address"), ("是否常委", "is_standing"), ("专委会", "committees"), ("委员之家", "home"),
    ("包联村（社区）", "villages"), ("状态", "status"), ("备注", "notes"),
)


def roster_rows(ctx: ServiceContext, *, include_left: bool = False) -> tuple[str, list[list]]:
    """The roster's title and rows as plain values in ROSTER_COLUMNS order."""
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
        stmt = select(Member).order_by(Member.id)
        if not include_left:
            stmt = stmt.where(Member.status == MemberStatus.ACTIVE.value)
        rows = []
        for seq, m in enumerate(s.scalars(stmt), start=1):
            computed = {
                "seq": seq,
                # Text "1975.03" rather than a number: 1975.10 stored as a number would read back as 1975.1.
                "birth": f"{m.birth_year}.{m.birth_month:02d}" if m.birth_year and m.birth_month
                else (str(m.birth_year) if m.birth_year else None),
                "is_standing": "是" if m.is_standing else "否",
                "committees": "、".join(committees.get(m.id, [])) or None,
                "home": homes.get(m.home_id),
                "villages": "、".join(villages.get(m.id, [])) or None,
                "status": MemberStatus(m.status).label,
            }
            rows.append([computed[key] if key in computed else getattr(m, key) for _, key in ROSTER_COLUMNS])
    title = f"{office.committee_display}第{cn_numeral(office.current_term)}届委员会委员名单" if office.county else "委员名单"
    return title, rows


def export_members(ctx: ServiceContext, out: Path, *, include_left: bool = False) -> int:
    """Write the roster .xlsx; returns the number of members written."""
    from desktop_app.fileio.xlsx_writer import ColumnSpec, SheetSpec, write_table_workbook

    title, rows = roster_rows(ctx, include_left=include_left)
    columns = [ColumnSpec(header, "int" if key == "seq" else "text") for header, key in ROSTER_COLUMNS]
    write_table_workbook(Path(out), [SheetSpec(name="委员名单", title=title, columns=columns, rows=rows)])
    return len(rows)
