"""Shared set-up for the homes and consultations tests: a store with the sample roster's members."""
from __future__ import annotations

from sqlalchemy import insert

from db.models import Member
from desktop_app.domain.normalize import clean_name
from desktop_app.fileio.spreadsheet import read_sheet
from desktop_app.services.pinyin import name_pinyin

from tests.conftest import sample


def roster_names() -> list[str]:
    """The members' names of the sample roster, read straight from the file."""
    rows = read_sheet(sample("roster_messy.xlsx")).rows
    return [clean_name(r[1]) for r in rows if r and isinstance(r[0], int) and r[1]]


def add_members(ctx, names) -> dict[str, int]:
    """Members with these names, in office; returns name → id."""
    rows = []
    for name in names:
        full, initials = name_pinyin(name)
        rows.append({"name": name, "name_pinyin": full, "name_initials": initials, "status": "active",
                     "version": 1, "uuid": f"m-{name}-{len(rows)}"})
    uow = ctx.uow()
    with uow as s:
        s.execute(insert(Member.__table__), rows)
        uow.commit()
    with ctx.uow() as s:
        from sqlalchemy import select

        return {n: i for n, i in s.execute(select(Member.name, Member.id))}
