"""村（社区）及协商议事室名单 import (乡镇, 村（社区）, 类型, 协商议事室名称): missing villages and rooms are created.

A kind of the one import pipeline (services.ledgers.pipeline). A row is new when its village or
its room is not stored yet, else unchanged; nothing stored is changed or removed.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import insert, select

from db.base import new_uuid
from db.models import Platform, Village
from desktop_app.domain.errors import Problem
from desktop_app.domain.gatherings import VILLAGE_KINDS, infer_village_kind
from desktop_app.domain.record_rules import required, text_length
from desktop_app.services.changes import Changes
from desktop_app.services.context import ServiceContext
from desktop_app.services.ledgers.common import Columns, Found, checked, name_cell
from desktop_app.services.ledgers.pipeline import ImportKind, KindPlan, LedgerImporter, Located, Outcome

KIND = "platforms"
NEW_VILLAGES, NEW_PLATFORMS = "村（社区）", "协商议事室"


def _village_problem(value: str | None) -> Problem | None:
    return required(value, "村（社区）", "village.name", what="村（社区）名称") or text_length(
        value, 50, "村（社区）", "village.name")


def _kind_problem(value: str | None) -> Problem | None:
    if value and value not in VILLAGE_KINDS:
        return Problem(f"类型“{value}”不对，应为“村”或“社区”。", column="类型", rule="village.kind.vocabulary")
    return None


@dataclass
class RoomRows:
    columns: Columns
    township: list[str | None]
    village: list[str | None]
    kind: list[str | None]
    platform: list[str | None]


class PlatformKind(ImportKind):
    kind, label, unit, key_field, key_label = KIND, "村（社区）及协商议事室名单", "个", "village", "村（社区）"
    changes = Changes(platforms=True)
    record_parts = {NEW_VILLAGES: "platforms", NEW_PLATFORMS: "platforms"}

    def parse_inputs(self, ctx: ServiceContext, s):
        return None

    def parse(self, ctx: ServiceContext, located: Located, inputs) -> RoomRows:
        columns = Columns.of(located, self.key_field)
        return RoomRows(
            columns=columns,
            township=columns.convert("township", checked(
                name_cell, lambda v: text_length(v, 50, "乡镇（街道）", "village.township"))),
            village=columns.convert("village", checked(name_cell, _village_problem)),
            kind=columns.convert("village_kind", checked(name_cell, _kind_problem)),
            platform=columns.convert("platform", checked(
                name_cell, lambda v: text_length(v, 100, "协商议事室", "platform.name"))))

    def plan(self, ctx: ServiceContext, s, located: Located, parsed: RoomRows, *, progress, cancelled) -> KindPlan:
        columns = parsed.columns
        found = Found.of(columns)
        villages = {(t, n) for t, n in s.execute(select(Village.township, Village.name))}
        platforms = set(s.scalars(select(Platform.name)))
        outcomes = []
        new_villages: dict[tuple[str, str], str] = {}
        new_platforms: list[str] = []
        for p in range(len(columns)):
            if p in found.bad:
                outcomes.append(found.outcome_of(p))
                continue
            place = (parsed.township[p] or "", parsed.village[p])
            room = parsed.platform[p]
            fresh = False
            if place not in villages:
                new_villages.setdefault(place, parsed.kind[p] or infer_village_kind(place[1]))
                fresh = True
            if room and room not in platforms:
                if room not in new_platforms:
                    new_platforms.append(room)
                fresh = True
            outcomes.append(Outcome.NEW if fresh else Outcome.UNCHANGED)
        rows = [(parsed.township[p] or "", parsed.village[p], parsed.platform[p])
                for p in range(len(columns)) if p not in found.bad]
        return KindPlan(
            row_numbers=columns.rows, outcomes=outcomes, names=parsed.village, problems=found.problems,
            new_records=[(NEW_VILLAGES, tuple(t + v for t, v in new_villages)), (NEW_PLATFORMS, tuple(new_platforms))],
            skipped_rows=columns.skipped, work=(new_villages, rows))

    def write(self, ctx: ServiceContext, s, located: Located, plan, *, progress, cancelled) -> None:
        new_villages, rows = plan.work
        if new_villages:
            s.execute(insert(Village.__table__), [
                {"uuid": new_uuid(), "version": 1, "township": t, "name": v, "kind": kind, "active": True,
                 "changed_by": ctx.actor} for (t, v), kind in new_villages.items()])
        village_ids = {(t, n): i for i, t, n in s.execute(select(Village.id, Village.township, Village.name))}
        existing = set(s.scalars(select(Platform.name)))
        for township, village, room in rows:
            if room and room not in existing:
                s.execute(insert(Platform.__table__), [{
                    "uuid": new_uuid(), "version": 1, "name": room, "level": "村社区", "township": township or None,
                    "village_id": village_ids.get((township, village)), "active": True, "changed_by": ctx.actor}])
                existing.add(room)


def platform_importer(ctx: ServiceContext) -> LedgerImporter:
    return LedgerImporter(ctx, PlatformKind())
