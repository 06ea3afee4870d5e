"""有事来商量台账 import: one row per consultation; platforms and villages named in it are created.

A consultation is the same as one already stored when date, platform and topic agree; it is then
updated or left alone when nothing differs (importing an exported ledger changes nothing).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import delete, insert, select, update

from db.base import new_uuid
from db.models import Consultation, Platform, Village, consultation_members
from desktop_app.domain.enums import FollowUpStatus
from desktop_app.domain.errors import Problem
from desktop_app.domain.gatherings import follow_up_status, infer_village_kind, parse_count, platform_level, split_names
from desktop_app.domain.normalize import clean_name
from desktop_app.services import audit
from desktop_app.services.changes import Changes
from desktop_app.services.context import ServiceContext
from desktop_app.services.ledgers.activities import roster_matcher
from desktop_app.services.ledgers.common import (LedgerImport, LedgerPreview, LedgerSheet,
                                                 check_cancel, date_value, identical_rows, pair_with_store,
                                                 read_ledger, text_value)
from desktop_app.services.progress import CancelFn, ProgressFn
from desktop_app.services.settings import load_vocabularies

KIND = "consultations"
LABEL = "有事来商量台账"
COUNT_FIELDS = (("department_reps", "department_participants"), ("resident_reps", "resident_participants"),
                ("suggestions", "suggestions_count"), ("done_deeds", "done_deeds"))
_CHUNK = 2000


@dataclass
class ConsultationPlan:
    row: int
    held_on: date
    platform: str
    township: str | None
    village: str | None
    values: dict  # consultation columns except platform_id
    members: tuple[int, ...] = ()
    existing_id: int | None = None

    @property
    def key(self) -> tuple:
        return self.held_on, self.platform, self.values["topic"]


@dataclass
class _Parsed:
    ledger: LedgerSheet
    problems: list[Problem]
    bad_rows: set[int]
    new_platforms: list[str]
    new_villages: list[tuple[str, str]]
    create: list[ConsultationPlan] = field(default_factory=list)
    update: list[ConsultationPlan] = field(default_factory=list)
    unchanged: int = 0


_COMPARED = ("topic_source", "department_participants", "resident_participants", "suggestions_count",
             "suggestions_text", "outcome", "responsible_unit", "follow_up_status", "done_deeds", "satisfaction", "notes")


def _parse_row(ledger: LedgerSheet, row, vocab, matcher, problems: list[Problem]) -> ConsultationPlan | None:
    before = len(problems)
    held_on = date_value(ledger, row, "date", problems, required=True)
    platform = clean_name(row.values.get("platform"))
    if not platform:
        problems.append(ledger.problem(row, "platform", "协商议事室为空，请填写。"))
    topic = text_value(row, "topic")
    if not topic:
        problems.append(ledger.problem(row, "topic", "议题为空，请填写。"))
    raw_source = text_value(row, "topic_source")
    sources = vocab.get("topic_source")
    source = sources.canonical(raw_source) if (sources is not None and raw_source) else (raw_source or None)
    if raw_source and source is None:
        problems.append(ledger.problem(row, "topic_source", f"议题来源“{raw_source}”不对，应为{'、'.join(sources.names)}之一。"))
    values = {"topic": topic, "topic_source": source}
    for code, column in COUNT_FIELDS:
        number, message = parse_count(row.values.get(code))
        if message:
            problems.append(ledger.problem(row, code, message))
        values[column] = number or 0
    raw_follow = text_value(row, "follow_up")
    status = follow_up_status(raw_follow) if raw_follow else FollowUpStatus.NOT_STARTED
    if status is None:
        problems.append(ledger.problem(row, "follow_up", f"落实情况“{raw_follow}”不对，应为未落实、落实中或已落实。"))
    satisfaction_vocab = vocab.get("satisfaction")
    raw_satisfaction = text_value(row, "satisfaction")
    values["satisfaction"] = ((satisfaction_vocab.canonical(raw_satisfaction) if satisfaction_vocab else None)
                              or raw_satisfaction or None)
    members: list[int] = []
    for name in split_names(row.values.get("members")):
        member_id, message = matcher.match(name)
        if message:
            problems.append(ledger.problem(row, "members", message))
        elif member_id not in members:
            members.append(member_id)
    if len(problems) > before:
        return None
    values.update({"suggestions_text": text_value(row, "suggestions_text") or None,
                   "outcome": text_value(row, "outcome") or None,
                   "responsible_unit": text_value(row, "responsible_unit") or None,
                   "follow_up_status": status.value, "notes": text_value(row, "notes") or None})
    return ConsultationPlan(row.number, held_on, platform, clean_name(row.values.get("township")) or None,
                            clean_name(row.values.get("village")) or None, values, tuple(members))


def _parse(ctx: ServiceContext, path: Path, *, sheet, header_row, progress, cancelled) -> _Parsed:
    ledger = read_ledger(ctx, path, kind=KIND, sheet=sheet, header_row=header_row)
    problems: list[Problem] = []
    bad_rows: set[int] = set()
    plans: list[ConsultationPlan] = []
    with ctx.uow() as s:
        vocab = load_vocabularies(s)
        matcher = roster_matcher(s)
        for index, row in enumerate(ledger.rows):
            if index % _CHUNK == 0:
                check_cancel(cancelled)
                if progress:
                    progress(index, len(ledger.rows), "正在检查表格")
            plan = _parse_row(ledger, row, vocab, matcher, problems)
            if plan is None:
                bad_rows.add(row.number)
            else:
                plans.append(plan)
        kept, repeated = identical_rows(plans, ledger, key=_key, content=_content, what="协商")
        problems.extend(repeated)
        bad_rows.update(p.row for p in repeated)
        platforms = set(s.scalars(select(Platform.name)))
        villages = {(t, n) for t, n in s.execute(select(Village.township, Village.name))}
        parsed = _Parsed(ledger, problems, bad_rows, [], [])
        for plan in kept:
            if plan.platform not in platforms and plan.platform not in parsed.new_platforms:
                parsed.new_platforms.append(plan.platform)
                place = (plan.township or "", plan.village)
                if plan.village and place not in villages and place not in parsed.new_villages:
                    parsed.new_villages.append(place)
        _against_store(s, kept, parsed)
    problems.sort(key=lambda p: p.row or 0)
    return parsed


def _key(plan: ConsultationPlan) -> tuple:
    return plan.key


def _content(plan: ConsultationPlan) -> tuple:
    return tuple(plan.values[c] for c in _COMPARED), frozenset(plan.members)


def _against_store(s, plans: list[ConsultationPlan], parsed: _Parsed) -> None:
    if not plans:
        return
    first, last = min(p.held_on for p in plans), max(p.held_on for p in plans)
    keys = {p.key for p in plans}
    columns = [getattr(Consultation, c) for c in _COMPARED]
    found = [((r[1], r[2], r[3]), r[0], tuple(r[4:])) for r in s.execute(
        select(Consultation.id, Consultation.held_on, Platform.name, Consultation.topic, *columns)
        .join(Platform, Platform.id == Consultation.platform_id)
        .where(Consultation.held_on.between(first, last)).order_by(Consultation.id))
        if (r[1], r[2], r[3]) in keys]
    ids = [cid for _, cid, _ in found]
    members: dict[int, set[int]] = {}
    for start in range(0, len(ids), 500):
        for cid, mid in s.execute(select(consultation_members.c.consultation_id, consultation_members.c.member_id)
                                  .where(consultation_members.c.consultation_id.in_(ids[start:start + 500]))):
            members.setdefault(cid, set()).add(mid)
    stored: dict[tuple, list] = {}
    for key, cid, values in found:
        stored.setdefault(key, []).append((cid, (values, frozenset(members.get(cid, set())))))
    create, pairs, parsed.unchanged = pair_with_store(plans, stored, key=_key, content=_content)
    parsed.create.extend(create)
    for plan, cid in pairs:
        plan.existing_id = cid
        parsed.update.append(plan)


def _preview(parsed: _Parsed, *, committed=False, backup=None, skipped=()) -> LedgerPreview:
    todo = parsed.create + parsed.update
    return LedgerPreview(
        label=LABEL, file_name=parsed.ledger.file_name, sheet=parsed.ledger.sheet_name,
        header_row=parsed.ledger.header_row, rows=len(parsed.ledger.rows), create=len(parsed.create),
        update=len(parsed.update), unchanged=parsed.unchanged, problems=tuple(parsed.problems), skipped_rows=skipped,
        new_records={"协商议事室": tuple(parsed.new_platforms),
                     "村（社区）": tuple(f"{t}{v}" for t, v in parsed.new_villages)},
        unknown_columns=tuple(parsed.ledger.unknown_columns), hidden_rows=parsed.ledger.hidden_rows,
        details={"意见建议条数": sum(p.values["suggestions_count"] for p in todo),
                 "办成实事件数": sum(p.values["done_deeds"] for p in todo)},
        committed=committed, backup=backup)


def _create_places(s, ctx: ServiceContext, parsed: _Parsed) -> dict[str, int]:
    if parsed.new_villages:
        s.execute(insert(Village.__table__), [
            {"uuid": new_uuid(), "version": 1, "township": t, "name": v, "kind": infer_village_kind(v), "active": True,
             "changed_by": ctx.actor} for t, v in parsed.new_villages])
    village_ids = {(t, n): i for i, t, n in s.execute(select(Village.id, Village.township, Village.name))}
    if parsed.new_platforms:
        where = {}
        for plan in parsed.create + parsed.update:
            where.setdefault(plan.platform, (plan.township, plan.village))
        s.execute(insert(Platform.__table__), [
            {"uuid": new_uuid(), "version": 1, "name": name, "level": platform_level(*where[name]),
             "township": where[name][0], "village_id": village_ids.get((where[name][0] or "", where[name][1])),
             "active": True, "changed_by": ctx.actor} for name in parsed.new_platforms])
    return dict(s.execute(select(Platform.name, Platform.id)).all())


def _write(ctx: ServiceContext, parsed: _Parsed, progress: ProgressFn | None, cancelled: CancelFn | None) -> None:
    table = Consultation.__table__
    uow = ctx.uow()
    with uow as s:
        platform_ids = _create_places(s, ctx, parsed)
        total, done = len(parsed.create) + len(parsed.update), 0
        for start in range(0, len(parsed.create), _CHUNK):
            check_cancel(cancelled)
            chunk = parsed.create[start:start + _CHUNK]
            rows = [{**p.values, "held_on": p.held_on, "platform_id": platform_ids[p.platform], "uuid": new_uuid(),
                     "version": 1, "changed_by": ctx.actor} for p in chunk]
            ids = s.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows).scalars().all()
            links = [{"consultation_id": cid, "member_id": m} for cid, p in zip(ids, chunk) for m in p.members]
            if links:
                s.execute(insert(consultation_members), links)
            done += len(chunk)
            if progress:
                progress(done, total, "正在写入协商记录")
        for plan in parsed.update:
            s.execute(update(table).where(table.c.id == plan.existing_id).values(
                **plan.values, version=table.c.version + 1, changed_by=ctx.actor))
            s.execute(delete(consultation_members).where(consultation_members.c.consultation_id == plan.existing_id))
            if plan.members:
                s.execute(insert(consultation_members), [{"consultation_id": plan.existing_id, "member_id": m}
                                                         for m in plan.members])
        audit.record_bulk(s, actor=ctx.actor, table_name="consultations", action="import",
                          summary={"file": parsed.ledger.file_name, "created": len(parsed.create),
                                   "updated": len(parsed.update), "platforms_created": parsed.new_platforms})
        uow.commit()


class ConsultationLedgerImport(LedgerImport):
    """`import consultations`: the ledger import of this kind (see LedgerImport)."""

    kind, label, changes = KIND, LABEL, Changes(consultations=True, platforms=True)
    parse, make_preview, write = staticmethod(_parse), staticmethod(_preview), staticmethod(_write)
