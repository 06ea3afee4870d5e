"""`demo`: fill an empty database with a realistic generated data set, in one transaction.

Everything is named after the county of the office settings (a demo without one is written for the
default county of resources/demo/counties.json and sets it). Each module adds a part:
`fill(session, rng, context) -> {label: count}`, run in order; `context["county"]` is the DemoCounty.
"""
from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

from sqlalchemy import func, select

from db.models import Member
from desktop_app.domain.errors import Cancelled, Conflict
from desktop_app.services.changes import Batch, Changes
from desktop_app.services.context import ServiceContext
from desktop_app.services.demo import consultations as consultations_part
from desktop_app.services.demo import homes as homes_part
from desktop_app.services.demo import members as members_part
from desktop_app.services.demo import opinions as opinions_part
from desktop_app.services.demo import proposals as proposals_part
from desktop_app.services.demo.county import default_county, make_county
from desktop_app.services.settings import (OfficeSettings, check_office, ensure_term_session, read_office,
                                           write_office)

SIZES = {"county": {"members": 180, "years": 2}, "city": {"members": 500, "years": 10}}

# (label, fill function) in dependency order; each module appends its own part.
DEMO_PARTS = [
    ("委员", members_part.fill),
    ("提案", proposals_part.fill),
    ("委员之家", homes_part.fill),
    ("有事来商量", consultations_part.fill),
    ("社情民意信息", opinions_part.fill),
]


def demo_office(office: OfficeSettings, county: str) -> OfficeSettings:
    """The settings a demo leaves: the office's own, or, without a county, `county` in the 14th term's 4th session."""
    if office.county:
        return office
    return replace(office, county=county, committee_name=office.committee_name or f"政协{county}委员会",
                   current_term=14, current_session=4)


class DemoService:
    def __init__(self, ctx: ServiceContext):
        self._ctx = ctx

    def fill(self, *, size: str = "county", seed: int = 2025, office: OfficeSettings | None = None, progress=None,
             cancelled=None, today: date | None = None) -> Changes:
        """Fill the empty database; `office`, when given, is saved first in the same transaction.

        The office settings end with a county and first_run_done (the first start is settled). The Changes touch
        everything; their batch tallies what was made (委员 180, 提案 631 …)."""
        rng = random.Random(seed)
        summary: dict[str, int] = {}
        uow = self._ctx.uow()
        with uow as s:
            if s.scalar(select(func.count()).select_from(Member)):
                raise Conflict("数据库中已有委员，演示数据只能填入空数据库；请换一个空的数据文件夹再载入演示数据。")
            settings = demo_office(office or read_office(s), default_county(self._ctx.resources))
            check_office(settings)
            settings = write_office(s, settings, actor=self._ctx.actor)
            context = {"size": SIZES[size], "today": today or date.today(), "office": settings,
                       "resources": self._ctx.resources,
                       "county": make_county(settings.county, self._ctx.resources, rng)}
            ensure_term_session(s, settings.current_term, settings.current_session)
            for index, (label, part) in enumerate(DEMO_PARTS, start=1):
                if cancelled is not None and cancelled():
                    raise Cancelled()
                if progress:
                    progress(index - 1, len(DEMO_PARTS), f"正在生成{label}")
                summary.update(part(s, rng, context))
            if cancelled is not None and cancelled():
                raise Cancelled()
            uow.commit()
        if progress:
            progress(len(DEMO_PARTS), len(DEMO_PARTS), "完成")
        return replace(Changes.everything(), batch=Batch(created=sum(summary.values()), tally=tuple(summary.items())))
