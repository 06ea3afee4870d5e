"""`demo`: fill an empty database with a realistic generated data set, in one transaction.

Each module adds a part: `fill(session, rng, size, context) -> {label: count}`, run in order.
"""
from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

from sqlalchemy import func, select

from db.models import Member
from desktop_app.domain.errors import Conflict
from desktop_app.services.changes import Batch, Changes
from desktop_app.services import audit
from desktop_app.services.context import ServiceContext
from desktop_app.services.demo import members as members_part
from desktop_app.services.demo import opinions as opinions_part
from desktop_app.services.demo import proposals as proposals_part
from desktop_app.services.demo import consultations as consultations_part
from desktop_app.services.demo import homes as homes_part
from desktop_app.services.settings import SettingsService, ensure_term_session, read_office

SIZES = {"county": {"members": 180, "years": 2}, "city": {"members": 500, "years": 10}}

# (label, fill function) in dependency order; each module appends its own part.
DEMO_PARTS = [
    ("委员", members_part.fill),
    ("提案", proposals_part.fill),
    ("委员之家", homes_part.fill),
    ("有事来商量", consultations_part.fill),
    ("社情民意信息", opinions_part.fill),
]


class DemoService:
    def __init__(self, ctx: ServiceContext):
        self._ctx = ctx

    def fill(self, *, size: str = "county", seed: int = 2025, progress=None, today: date | None = None) -> Changes:
        """Fill an empty database with a generated data set; the Changes touch everything, and their batch tallies
        what was made (委员 180, 提案 631 …)."""
        settings = SettingsService(self._ctx)
        office = settings.office()
        if not office.county:
            settings.save_office(replace(office, county="黎城县", committee_name="政协黎城县委员会",
                                         current_term=14, current_session=4, first_run_done=True))
        rng = random.Random(seed)
        summary: dict[str, int] = {}
        uow = self._ctx.uow()
        with uow as s:
            if s.scalar(select(func.count()).select_from(Member)):
                raise Conflict("数据库中已有委员，演示数据只能填入空数据库；请换一个数据文件夹（例如 --data 演示数据）再试。")
            context = {"size": SIZES[size], "today": today or date.today(), "office": read_office(s),
                       "resources": self._ctx.resources}
            ensure_term_session(s, context["office"].current_term, context["office"].current_session)
            for index, (label, part) in enumerate(DEMO_PARTS, start=1):
                if progress:
                    progress(index - 1, len(DEMO_PARTS), f"正在生成{label}")
                summary.update(part(s, rng, context))
            audit.record_bulk(s, actor=self._ctx.actor, table_name="*", action="demo", summary=summary)
            uow.commit()
        if progress:
            progress(len(DEMO_PARTS), len(DEMO_PARTS), "完成")
        return replace(Changes.everything(), batch=Batch(created=sum(summary.values()), tally=tuple(summary.items())))
