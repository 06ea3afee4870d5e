"""有事来商量台账 import: one row per consultation; platforms and villages named in it are created.

A kind of the one import pipeline (services.ledgers.pipeline); each value is checked by the
consultation form's rules (domain.consultation_rules). A consultation is the same as one already
stored when date, platform and topic agree; it is then updated or left alone when nothing differs
(importing an exported ledger changes nothing).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import delete, insert, select, update

from db.base import new_uuid
from db.models import Consultation, Platform, Village, consultation_members
from desktop_app.domain import consultation_rules as rules
from desktop_app.domain.enums import FollowUpStatus
from desktop_app.domain.errors import Problem
from desktop_app.domain.gatherings import follow_up_status, infer_village_kind, platform_level
from desktop_app.services.changes import Changes
from desktop_app.services.context import ServiceContext
from desktop_app.services.ledgers.activities import roster_matcher
from desktop_app.services.ledgers.common import (Columns, Found, checked, count_cell, date_cell, identical_rows,
                                                 name_cell, names_cell, outcomes_against_store, pair_with_store,
                                                 text_cell)
from desktop_app.services.ledgers.pipeline import ImportKind, KindPlan, LedgerImporter, Located, check_cancel

KIND = "consultations"
LABEL = "有事来商量台账"
# sheet field → consultation column
COUNT_FIELDS = (("department_reps", "department_participants"), ("resident_reps", "resident_participants"),
                ("suggestions", "suggestions_count"), ("done_deeds", "done_deeds"))
COMPARED = (("topic_source", "议题来源"), ("department_participants", "部门代表人数"),
            ("resident_participants", "群众代表人数"), ("suggestions_count", "意见建议条数"),
            ("suggestions_text", "意见建议"), ("outcome", "协商成果"), ("responsible_unit", "责任单位"),
            ("follow_up_status", "落实情况"), ("done_deeds", "办成实事件数"), ("satisfaction", "群众满意度"),
            ("notes", "备注"))
NEW_PLATFORMS, NEW_VILLAGES = "协商议事室", "村（社区）"
_CHUNK = 2000


@dataclass
class ConsultationRows:
    columns: Columns
    held_on: list[date | None]
    platform: list[str | None]
    township: list[str | None]
    village: list[str | None]
    topic: list[str | None]
    values: dict[str, list]  # the COMPARED columns
    members: list[tuple[str, ...]]
    compared: list[tuple] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.compared = list(zip(*(self.values[code] for code, _ in COMPARED)))


@dataclass
class _Work:
    create: list[int]
    update: list[tuple[int, int]]
    members: list[tuple[int, ...] | None]
    new_platforms: list[str]
    new_villages: list[tuple[str, str]]


def _vocab_cell(vocab, rule):
    def convert(value: object):
        text = text_cell(value)
        if text and vocab is not None:
            text = vocab.canonical(text) or text
        return text, rule(text)

    return convert


def _follow_up(value: object):
    text = text_cell(value)
    status = follow_up_status(text) if text else FollowUpStatus.NOT_STARTED
    if status is None:
        return None, Problem(f"落实情况“{text}”不对，应为未落实、落实中或已落实。", column="落实情况",
                             rule="consultation.follow_up.vocabulary")
    return status.value, None


class ConsultationKind(ImportKind):
    kind, label, unit, key_field, key_label = KIND, LABEL, "条", "topic", "议题"
    changes = Changes(consultations=True, platforms=True)
    record_parts = {NEW_PLATFORMS: "platforms", NEW_VILLAGES: "platforms"}

    def parse(self, ctx: ServiceContext, located: Located, vocabularies) -> ConsultationRows:
        columns = Columns.of(located, self.key_field)
        satisfaction = vocabularies.get("satisfaction")
        values = {
            "topic_source": columns.convert("topic_source", _vocab_cell(
                vocabularies.get("topic_source"),
                lambda v: rules.topic_source_problem(v, vocabularies.get("topic_source")))),
            **{column: columns.convert(code, count_cell(lambda n, c=column: rules.count_problem(n, c),
                                                        rules.COUNT_LABELS[column]))
               for code, column in COUNT_FIELDS},
            "suggestions_text": columns.convert("suggestions_text", lambda v: (text_cell(v), None)),
            "outcome": columns.convert("outcome", lambda v: (text_cell(v), None)),
            "responsible_unit": columns.convert("responsible_unit", checked(text_cell, rules.responsible_unit_problem)),
            "follow_up_status": columns.convert("follow_up", _follow_up),
            "satisfaction": columns.convert("satisfaction", _vocab_cell(satisfaction, rules.satisfaction_problem)),
            "notes": columns.convert("notes", lambda v: (text_cell(v), None)),
        }
        return ConsultationRows(
            columns=columns,
            held_on=columns.convert("date", date_cell(rules.held_on_problem, "日期")),
            platform=columns.convert("platform", checked(name_cell, rules.platform_problem)),
            township=columns.convert("township", lambda v: (name_cell(v), None)),
            village=columns.convert("village", lambda v: (name_cell(v), None)),
            topic=columns.convert("topic", checked(text_cell, rules.topic_problem)),
            values=values, members=columns.convert("members", lambda v: (names_cell(v), None)))

    def plan(self, ctx: ServiceContext, s, located: Located, parsed: ConsultationRows, *, progress,
             cancelled) -> KindPlan:
        columns = parsed.columns
        found = Found.of(columns)
        matcher = roster_matcher(s)
        n = len(columns)
        members: list[tuple[int, ...] | None] = [None] * n
        for position in range(n):
            if position % _CHUNK == 0:
                check_cancel(cancelled)
            if position in found.bad:
                continue
            ids: list[int] = []
            for name in parsed.members[position]:
                member_id, message = matcher.match(name)
                if message:
                    found.add(position, "members", Problem(message, rule="consultation.members.name"))
                elif member_id not in ids:
                    ids.append(member_id)
            members[position] = tuple(ids)
        keys = [(parsed.held_on[p], parsed.platform[p], parsed.topic[p]) for p in range(n)]
        contents = [(parsed.compared[p], frozenset(members[p])) if members[p] is not None else None for p in range(n)]
        valid = [p for p in range(n) if p not in found.bad]
        kept = identical_rows(valid, lambda p: (keys[p], contents[p]), columns.rows, found.add, "协商", "topic")
        create, updates, unchanged = _against_store(s, kept, keys.__getitem__, contents.__getitem__)
        outcomes, changed = outcomes_against_store(found, unchanged, updates, contents.__getitem__, COMPARED, "参加委员")
        platforms = set(s.scalars(select(Platform.name)))
        villages = {(t, v) for t, v in s.execute(select(Village.township, Village.name))}
        new_platforms: list[str] = []
        new_villages: list[tuple[str, str]] = []
        todo = create + [p for p, _, _ in updates]
        for p in kept:
            platform = parsed.platform[p]
            if platform not in platforms and platform not in new_platforms:
                new_platforms.append(platform)
                place = (parsed.township[p] or "", parsed.village[p])
                if parsed.village[p] and place not in villages and place not in new_villages:
                    new_villages.append(place)
        suggestions, deeds = parsed.values["suggestions_count"], parsed.values["done_deeds"]
        return KindPlan(
            row_numbers=columns.rows, outcomes=outcomes, names=parsed.topic, changed=changed, problems=found.problems,
            new_records=[(NEW_PLATFORMS, tuple(new_platforms)), (NEW_VILLAGES, tuple(t + v for t, v in new_villages))],
            details=[("意见建议条数", sum(suggestions[p] for p in todo)), ("办成实事件数", sum(deeds[p] for p in todo))],
            skipped_rows=columns.skipped,
            work=_Work(create, [(p, i) for p, i, _ in updates], members, new_platforms, new_villages))

    def write(self, ctx: ServiceContext, s, located: Located, plan, *, progress, cancelled) -> None:
        _write(ctx, s, located.parsed, plan.work, progress, cancelled)


def consultation_importer(ctx: ServiceContext) -> LedgerImporter:
    return LedgerImporter(ctx, ConsultationKind())


def _against_store(s, positions: list[int], key, content):
    if not positions:
        return [], [], []
    days = [key(p)[0] for p in positions]
    keys = {key(p) for p in positions}
    columns = [getattr(Consultation, c) for c, _ in COMPARED]
    found = [((r[1], r[2], r[3]), r[0], tuple(r[4:])) for r in s.execute(
        select(Consultation.id, Consultation.held_on, Platform.name, Consultation.topic, *columns)
        .join(Platform, Platform.id == Consultation.platform_id)
        .where(Consultation.held_on.between(min(days), max(days))).order_by(Consultation.id))
        if (r[1], r[2], r[3]) in keys]
    ids = [cid for _, cid, _ in found]
    members: dict[int, set[int]] = {}
    for start in range(0, len(ids), 500):
        for cid, mid in s.execute(select(consultation_members.c.consultation_id, consultation_members.c.member_id)
                                  .where(consultation_members.c.consultation_id.in_(ids[start:start + 500]))):
            members.setdefault(cid, set()).add(mid)
    stored: dict[tuple, list] = {}
    for k, cid, values in found:
        stored.setdefault(k, []).append((cid, (values, frozenset(members.get(cid, set())))))
    return pair_with_store(positions, stored, key=key, content=content)


def _create_places(s, ctx: ServiceContext, parsed: ConsultationRows, work: _Work) -> dict[str, int]:
    if work.new_villages:
        s.execute(insert(Village.__table__), [
            {"uuid": new_uuid(), "version": 1, "township": t, "name": v, "kind": infer_village_kind(v), "active": True,
             "changed_by": ctx.actor} for t, v in work.new_villages])
    village_ids = {(t, n): i for i, t, n in s.execute(select(Village.id, Village.township, Village.name))}
    if work.new_platforms:
        where: dict[str, tuple] = {}
        for p in work.create + [p for p, _ in work.update]:
            where.setdefault(parsed.platform[p], (parsed.township[p], parsed.village[p]))
        s.execute(insert(Platform.__table__), [
            {"uuid": new_uuid(), "version": 1, "name": name, "level": platform_level(*where[name]),
             "township": where[name][0], "village_id": village_ids.get((where[name][0] or "", where[name][1])),
             "active": True, "changed_by": ctx.actor} for name in work.new_platforms if name in where])
    return dict(s.execute(select(Platform.name, Platform.id)).all())


def _row_values(parsed: ConsultationRows, p: int) -> dict:
    return {"topic": parsed.topic[p], "held_on": parsed.held_on[p],
            **{code: parsed.values[code][p] for code, _ in COMPARED}}


def _write(ctx: ServiceContext, s, parsed: ConsultationRows, work: _Work, progress, cancelled) -> None:
    table = Consultation.__table__
    platform_ids = _create_places(s, ctx, parsed, work)
    total, done = len(work.create) + len(work.update), 0
    for start in range(0, len(work.create), _CHUNK):
        check_cancel(cancelled)
        chunk = work.create[start:start + _CHUNK]
        rows = [{**_row_values(parsed, p), "platform_id": platform_ids[parsed.platform[p]], "uuid": new_uuid(),
                 "version": 1, "changed_by": ctx.actor} for p in chunk]
        ids = s.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows).scalars().all()
        links = [{"consultation_id": cid, "member_id": m} for cid, p in zip(ids, chunk) for m in work.members[p]]
        if links:
            s.execute(insert(consultation_members), links)
        done += len(chunk)
        if progress:
            progress(done, total, "正在写入协商记录")
    for p, cid in work.update:
        s.execute(update(table).where(table.c.id == cid).values(
            **_row_values(parsed, p), version=table.c.version + 1, changed_by=ctx.actor))
        s.execute(delete(consultation_members).where(consultation_members.c.consultation_id == cid))
        if work.members[p]:
            s.execute(insert(consultation_members), [{"consultation_id": cid, "member_id": m}
                                                     for m in work.members[p]])
