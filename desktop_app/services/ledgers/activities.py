"""委员之家活动台账 import: one row per activity, attendance from the 出席 / 请假 / 缺席 name lists.

An activity is the same as one already stored when date, home and title agree; it is then
updated (attendance replaced) or left alone when nothing differs, so importing a ledger the
program exported changes nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import delete, func, insert, select, update

from db.base import utc_now
from db.models import Activity, Attendance, Home, Member
from desktop_app.domain.enums import AttendanceStatus
from desktop_app.domain.errors import Problem
from desktop_app.domain.gatherings import NameMatcher, RosterEntry, infer_home_level, parse_count, split_names
from desktop_app.domain.normalize import clean_name
from desktop_app.services import audit
from desktop_app.services.changes import Changes
from desktop_app.services.context import ServiceContext
from desktop_app.services.ledgers.common import (LedgerImport, LedgerPreview, LedgerSheet,
                                                 check_cancel, date_value, driver_insert, identical_rows, pair_with_store,
                                                 read_ledger, text_value)
from desktop_app.services.progress import CancelFn, ProgressFn
from desktop_app.services.settings import load_vocabularies

KIND = "activities"
LABEL = "委员之家活动台账"
STATUS_FIELDS = (("present", AttendanceStatus.PRESENT), ("excused", AttendanceStatus.EXCUSED),
                 ("absent", AttendanceStatus.ABSENT))
_CHUNK = 2000


@dataclass
class ActivityPlan:
    row: int
    held_on: date
    home: str | None
    kind: str
    title: str
    place: str | None
    summary: str | None
    other_participants: int
    suggestions_count: int
    notes: str | None
    attendance: dict[int, str] = field(default_factory=dict)
    existing_id: int | None = None

    @property
    def key(self) -> tuple:
        return self.held_on, self.home or "", self.title

    def columns(self) -> tuple:
        return (self.kind, self.place, self.summary, self.other_participants, self.suggestions_count, self.notes)


@dataclass
class _Parsed:
    ledger: LedgerSheet
    plans: list[ActivityPlan]
    problems: list[Problem]
    bad_rows: set[int]
    new_homes: list[str]
    create: list[ActivityPlan]
    update: list[ActivityPlan]
    unchanged: int


def roster_matcher(s) -> NameMatcher:
    return NameMatcher([RosterEntry(i, n, st == "active") for i, n, st in
                        s.execute(select(Member.id, Member.name, Member.status))])


def _parse_row(ledger: LedgerSheet, row, kinds, matcher: NameMatcher, problems: list[Problem]) -> ActivityPlan | None:
    before = len(problems)
    held_on = date_value(ledger, row, "date", problems, required=True)
    title = text_value(row, "title")
    if not title:
        problems.append(ledger.problem(row, "title", "活动名称为空，请填写。"))
    raw_kind = text_value(row, "kind")
    kind = kinds.canonical(raw_kind) if (kinds is not None and raw_kind) else raw_kind
    if not raw_kind:
        problems.append(ledger.problem(row, "kind", "活动类型为空，请填写，例如“理论学习”。"))
    elif kind is None:
        problems.append(ledger.problem(row, "kind", f"活动类型“{raw_kind}”不在活动类型表中，请改为表中的类型，或先在设置中添加。"))
    counts = {}
    for code in ("other_participants", "suggestions"):
        value, message = parse_count(row.values.get(code))
        if message:
            problems.append(ledger.problem(row, code, message))
        counts[code] = value or 0
    attendance: dict[int, str] = {}
    for code, status in STATUS_FIELDS:
        stored = status.value  # once per column, not per name: 200,000 enum lookups add up
        for name in split_names(row.values.get(code)):
            member_id, message = matcher.match(name)
            if message:
                problems.append(ledger.problem(row, code, message))
            elif member_id in attendance and attendance[member_id] != stored:
                problems.append(ledger.problem(row, code, f"委员“{name}”同时列在两种出席情况中，请只保留一处。"))
            else:
                attendance[member_id] = stored
    if len(problems) > before:
        return None
    home = clean_name(row.values.get("home")) or None
    return ActivityPlan(row.number, held_on, home, kind, title, text_value(row, "place") or None,
                        text_value(row, "summary") or None, counts["other_participants"], counts["suggestions"],
                        text_value(row, "notes") or None, attendance)


def _parse(ctx: ServiceContext, path: Path, *, sheet, header_row, progress, cancelled) -> _Parsed:
    ledger = read_ledger(ctx, path, kind=KIND, sheet=sheet, header_row=header_row)
    problems: list[Problem] = []
    plans: list[ActivityPlan] = []
    bad_rows: set[int] = set()
    with ctx.uow() as s:
        kinds = load_vocabularies(s).get("activity_kind")
        matcher = roster_matcher(s)
        homes = {name for name in s.scalars(select(Home.name))}
        total = len(ledger.rows)
        for index, row in enumerate(ledger.rows):
            if index % _CHUNK == 0:
                check_cancel(cancelled)
                if progress:
                    progress(index, total, "正在检查表格")
            before = len(problems)
            plan = _parse_row(ledger, row, kinds, matcher, problems)
            if plan is None:
                bad_rows.add(row.number)
            elif len(problems) == before:
                plans.append(plan)
        kept, repeated = identical_rows(plans, ledger, key=_key, content=_content, what="活动")
        problems.extend(repeated)
        bad_rows.update(p.row for p in repeated)
        create, updates, unchanged = _against_store(s, kept)
    new_homes = sorted({p.home for p in kept if p.home and p.home not in homes})
    problems.sort(key=lambda p: (p.row or 0))
    return _Parsed(ledger, kept, problems, bad_rows, new_homes, create, updates, unchanged)


def _key(plan: ActivityPlan) -> tuple:
    return plan.key


def _content(plan: ActivityPlan) -> tuple:
    return plan.columns(), frozenset(plan.attendance.items())


def _against_store(s, plans: list[ActivityPlan]) -> tuple[list[ActivityPlan], list[ActivityPlan], int]:
    """Split the plans into new activities, changed ones and unchanged ones."""
    if not plans:
        return [], [], 0
    first, last = min(p.held_on for p in plans), max(p.held_on for p in plans)
    keys = {p.key for p in plans}
    found = []
    for r in s.execute(select(Activity.id, Activity.held_on, Home.name, Activity.title, Activity.kind, Activity.place,
                              Activity.summary, Activity.other_participants, Activity.suggestions_count,
                              Activity.notes)
                       .outerjoin(Home, Home.id == Activity.home_id).where(Activity.held_on.between(first, last))
                       .order_by(Activity.id)):
        if (r[1], r[2] or "", r[3]) in keys:
            found.append(((r[1], r[2] or "", r[3]), r[0], tuple(r[4:])))
    attendance: dict[int, dict[int, str]] = {}
    ids = [activity_id for _, activity_id, _ in found]
    for start in range(0, len(ids), 500):
        for activity_id, member_id, status in s.execute(
                select(Attendance.activity_id, Attendance.member_id, Attendance.status)
                .where(Attendance.activity_id.in_(ids[start:start + 500]))):
            attendance.setdefault(activity_id, {})[member_id] = status
    stored: dict[tuple, list] = {}
    for key, activity_id, columns in found:
        stored.setdefault(key, []).append(
            (activity_id, (columns, frozenset(attendance.get(activity_id, {}).items()))))
    create, pairs, unchanged = pair_with_store(plans, stored, key=_key, content=_content)
    updates = []
    for plan, activity_id in pairs:
        plan.existing_id = activity_id
        updates.append(plan)
    return create, updates, unchanged


def _preview(parsed: _Parsed, *, committed: bool = False, backup: Path | None = None,
             skipped: tuple[int, ...] = ()) -> LedgerPreview:
    todo = parsed.create + parsed.update
    present = sum(list(p.attendance.values()).count(AttendanceStatus.PRESENT.value) for p in todo)
    return LedgerPreview(
        label=LABEL, file_name=parsed.ledger.file_name, sheet=parsed.ledger.sheet_name,
        header_row=parsed.ledger.header_row, rows=len(parsed.ledger.rows), create=len(parsed.create),
        update=len(parsed.update), unchanged=parsed.unchanged, problems=tuple(parsed.problems), skipped_rows=skipped,
        new_records={"委员之家": tuple(parsed.new_homes)}, unknown_columns=tuple(parsed.ledger.unknown_columns),
        hidden_rows=parsed.ledger.hidden_rows,
        details={"出席人次": present, "出席登记": sum(len(p.attendance) for p in todo)},
        committed=committed, backup=backup)


def _insert_homes(s, names: list[str]) -> dict[str, int]:
    if names:
        from db.base import new_uuid

        s.execute(insert(Home.__table__), [
            {"uuid": new_uuid(), "name": n, "level": infer_home_level(n), "active": True, "version": 1,
             "township": n.replace("委员之家", "") if infer_home_level(n) == "乡镇" else None}
            for n in names])
    return dict(s.execute(select(Home.name, Home.id)).all())


def _activity_values(plan: ActivityPlan, home_ids: dict[str, int]) -> dict:
    return {"held_on": plan.held_on, "home_id": home_ids.get(plan.home) if plan.home else None, "kind": plan.kind,
            "title": plan.title, "place": plan.place, "summary": plan.summary,
            "other_participants": plan.other_participants, "suggestions_count": plan.suggestions_count,
            "notes": plan.notes}


_ACTIVITY_COLUMNS = ("held_on", "home_id", "kind", "title", "place", "summary", "other_participants",
                     "suggestions_count", "notes", "uuid", "version", "changed_by", "created_at", "updated_at")


def _write(ctx: ServiceContext, parsed: _Parsed, progress: ProgressFn | None, cancelled: CancelFn | None) -> None:
    from db.base import new_uuid

    table = Activity.__table__
    now = utc_now()
    uow = ctx.uow()
    with uow as s:
        home_ids = _insert_homes(s, parsed.new_homes)
        total = len(parsed.create) + len(parsed.update)
        done = 0
        for start in range(0, len(parsed.create), _CHUNK):
            check_cancel(cancelled)
            chunk = parsed.create[start:start + _CHUNK]
            before = s.scalar(select(func.coalesce(func.max(table.c.id), 0)))
            uuids = [new_uuid() for _ in chunk]
            driver_insert(s, "activities", _ACTIVITY_COLUMNS, [
                (p.held_on, home_ids.get(p.home) if p.home else None, p.kind, p.title, p.place, p.summary,
                 p.other_participants, p.suggestions_count, p.notes, uid, 1, ctx.actor, now, now)
                for p, uid in zip(chunk, uuids)])
            ids = dict(s.execute(select(table.c.uuid, table.c.id).where(table.c.id > before)).all())
            driver_insert(s, "attendance", ("activity_id", "member_id", "status"), [
                (ids[uid], m, st) for uid, plan in zip(uuids, chunk) for m, st in plan.attendance.items()])
            done += len(chunk)
            if progress:
                progress(done, total, "正在写入活动")
        for plan in parsed.update:
            check_cancel(cancelled)
            s.execute(update(table).where(table.c.id == plan.existing_id).values(
                **_activity_values(plan, home_ids), version=table.c.version + 1, changed_by=ctx.actor))
            s.execute(delete(Attendance).where(Attendance.activity_id == plan.existing_id))
            if plan.attendance:
                s.execute(insert(Attendance.__table__), [{"activity_id": plan.existing_id, "member_id": m, "status": st}
                                                         for m, st in plan.attendance.items()])
            done += 1
        audit.record_bulk(s, actor=ctx.actor, table_name="activities", action="import",
                          summary={"file": parsed.ledger.file_name, "created": len(parsed.create),
                                   "updated": len(parsed.update), "homes_created": parsed.new_homes})
        uow.commit()


class ActivityLedgerImport(LedgerImport):
    """`import activities`: the ledger import of this kind (see LedgerImport)."""

    kind, label, changes = KIND, LABEL, Changes(activities=True, homes=True)
    parse, make_preview, write = staticmethod(_parse), staticmethod(_preview), staticmethod(_write)
