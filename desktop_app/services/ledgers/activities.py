"""委员之家活动台账 import: one row per activity, attendance from the 出席 / 请假 / 缺席 name lists.

A kind of the one import pipeline (services.ledgers.pipeline). Each value is checked by the
activity form's rules (domain.activity_rules). An activity is the same as one already stored
when date, home and title agree; it is then updated (attendance replaced) or left alone when
nothing differs, so importing a ledger the program exported changes nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from collections import Counter
from itertools import chain

from sqlalchemy import bindparam, delete, func, insert, select, update

from db.models import Activity, Attendance, Home, Member
from desktop_app.domain import activity_rules as rules
from desktop_app.domain.enums import AttendanceStatus
from desktop_app.domain.errors import Problem
from desktop_app.domain.gatherings import NameMatcher, RosterEntry, infer_home_level
from desktop_app.services import audit
from desktop_app.services.changes import Changes
from desktop_app.services.context import ServiceContext
from desktop_app.services.ledgers.common import (Columns, Found, checked, count_cell, date_cell, driver_insert,
                                                 identical_rows, indexes_set_aside, name_cell, names_cell,
                                                 outcomes_against_store,
                                                 pair_with_store, random_uuids, text_cell, timestamp_text)
from desktop_app.services.ledgers.pipeline import ImportKind, KindPlan, LedgerImporter, Located, check_cancel

KIND = "activities"
LABEL = "委员之家活动台账"
STATUS_FIELDS = (("present", AttendanceStatus.PRESENT.value), ("excused", AttendanceStatus.EXCUSED.value),
                 ("absent", AttendanceStatus.ABSENT.value))
# Compared with the stored activity, with the label a changed field is listed by.
COMPARED = (("kind", "活动类型"), ("place", "地点"), ("summary", "活动简况"), ("other_participants", "其他参加人数"),
            ("suggestions_count", "意见建议条数"), ("notes", "备注"))
NEW_HOMES = "委员之家"
_CHUNK = 2000


@dataclass
class ActivityRows:
    """The ledger's rows, converted and checked column by column (no stored records)."""

    columns: Columns
    held_on: list[date | None]
    title: list[str | None]
    home: list[str | None]
    values: dict[str, list]  # kind, place, summary, other_participants, suggestions_count, notes
    names: dict[str, list[tuple[str, ...]]]  # present / excused / absent → names per row
    compared: list[tuple] = field(default_factory=list)  # the COMPARED values of every row

    def __post_init__(self) -> None:
        self.compared = list(zip(*(self.values[code] for code, _ in COMPARED)))


@dataclass
class _Work:
    create: list[int]  # positions
    update: list[tuple[int, int]]  # (position, activity id)
    attendance: list[dict[int, str] | None]
    new_homes: list[str]


def roster_matcher(s) -> NameMatcher:
    return NameMatcher([RosterEntry(i, n, st == "active") for i, n, st in
                        s.execute(select(Member.id, Member.name, Member.status))])


def _kind_cell(vocab):
    def convert(value: object):
        text = text_cell(value)
        if text and vocab is not None:
            text = vocab.canonical(text) or text
        return text, rules.kind_problem(text, vocab)

    return convert


class ActivityKind(ImportKind):
    kind, label, unit, key_field, key_label = KIND, LABEL, "条", "title", "活动名称"
    changes = Changes(activities=True, homes=True)
    record_parts = {NEW_HOMES: "homes"}

    def warm_up(self, ctx: ServiceContext) -> None:
        # imported while calamine reads the file (the header search and the data rows' selection use them)
        import desktop_app.fileio.headers  # noqa: F401
        import desktop_app.fileio.table_rows  # noqa: F401

    def parse(self, ctx: ServiceContext, located: Located, vocabularies) -> ActivityRows:
        columns = Columns.of(located, self.key_field)
        values = {
            "kind": columns.convert("kind", _kind_cell(vocabularies.get("activity_kind"))),
            "place": columns.convert("place", checked(text_cell, rules.place_problem)),
            "summary": columns.mapped("summary", text_cell),
            "other_participants": columns.convert("other_participants", count_cell(
                lambda n: rules.count_problem(n, "other_participants"), "其他参加人数")),
            "suggestions_count": columns.convert("suggestions", count_cell(
                lambda n: rules.count_problem(n, "suggestions_count"), "意见建议条数")),
            "notes": columns.mapped("notes", text_cell),
        }
        return ActivityRows(
            columns=columns,
            held_on=columns.convert("date", date_cell(rules.held_on_problem, "日期")),
            title=columns.convert("title", checked(text_cell, rules.title_problem)),
            home=columns.convert("home", checked(name_cell, rules.home_problem)),
            values=values,
            names={code: columns.mapped(code, names_cell) for code, _ in STATUS_FIELDS})

    def plan(self, ctx: ServiceContext, s, located: Located, parsed: ActivityRows, *, progress, cancelled) -> KindPlan:
        columns = parsed.columns
        found = Found.of(columns)
        roster = tuple(map(tuple, s.execute(select(Member.id, Member.name, Member.status))))
        resolved = located.memo.get("resolved")
        if resolved is None or resolved[0] != roster:
            # what depends only on the file and the roster is worked out once per roster: the commit's plan,
            # made again in the write transaction, reuses it when nobody changed the roster meanwhile
            resolved = located.memo["resolved"] = (roster, *_resolve(parsed, roster, progress, cancelled))
        _, attendance, present_counts, met, keys, kept = resolved
        for position, code, problem in met:
            found.add(position, code, problem)
        compared = parsed.compared
        key = keys.__getitem__

        def content(p: int) -> tuple:  # as compared with a stored activity (a dict compares as the set of its items)
            return compared[p], attendance[p]

        create, updates, unchanged = _against_store(s, kept, key, content)
        outcomes, changed = outcomes_against_store(found, unchanged, updates, content, COMPARED, "出席情况")
        homes = set(s.scalars(select(Home.name)))
        todo = create + [p for p, _, _ in updates]
        new_homes = sorted({parsed.home[p] for p in todo if parsed.home[p] and parsed.home[p] not in homes})
        present = sum(map(present_counts.__getitem__, todo))
        return KindPlan(
            row_numbers=columns.rows, outcomes=outcomes, names=parsed.title, changed=changed, problems=found.problems,
            new_records=[(NEW_HOMES, tuple(new_homes))],
            details=[("出席人次", present), ("出席登记", sum(map(len, map(attendance.__getitem__, todo))))],
            skipped_rows=columns.skipped, hidden_rows=_hidden(located, columns.rows),
            work=_Work(create, [(p, i) for p, i, _ in updates], attendance, new_homes))

    def write(self, ctx: ServiceContext, s, located: Located, plan, *, progress, cancelled) -> None:
        _write(ctx, s, located.parsed, plan.work, progress, cancelled)


def _resolve(parsed: ActivityRows, roster: tuple, progress, cancelled) -> tuple:
    """Attendance names matched to the roster, and rows repeating an earlier row: (attendance, how many of each
    row's are present, problems as (position, column code, problem), keys, rows kept)."""
    columns = parsed.columns
    matcher = NameMatcher([RosterEntry(i, n, st == "active") for i, n, st in roster])
    met: list[tuple[int, str | None, Problem]] = []
    bad = set(columns.bad)

    def add(position: int, code: str | None, problem: Problem) -> None:
        met.append((position, code, problem))
        bad.add(position)

    n = len(columns)
    attendance: list[dict[int, str] | None] = [None] * n
    names = parsed.names
    # one dict for the whole file, made from the distinct names (a few hundred behind 200,000 written)
    lookup = {name: matcher.match(name) for name in set(chain.from_iterable(
        chain.from_iterable(names[code] for code, _ in STATUS_FIELDS)))}
    # the names that matched a member without a word: a row of only such names, nobody under two statuses, is
    # taken in one step (the common row); any other row is gone through name by name below
    member_of = {name: member_id for name, (member_id, message) in lookup.items() if not message}
    present, excused, absent = (names[code] for code, _ in STATUS_FIELDS)
    for position in range(n):
        if position % _CHUNK == 0:
            check_cancel(cancelled)
            if progress:
                progress(position, n, "正在核对出席名单")
        if position in bad:
            continue
        taken = _common_row(present[position], excused[position], absent[position], member_of)
        if taken is not None:
            attendance[position] = taken
            continue
        taken = {}
        for code, status in STATUS_FIELDS:
            for name in names[code][position]:
                member_id, message = lookup[name]
                if message:
                    add(position, code, Problem(message, rule="activity.attendance.name"))
                elif taken.setdefault(member_id, status) != status:
                    add(position, code, Problem(f"委员“{name}”同时列在两种出席情况中，请只保留一处。",
                                                rule="activity.attendance.twice"))
        attendance[position] = taken
    held_on, home, title, compared = parsed.held_on, parsed.home, parsed.title, parsed.compared
    keys = [(held_on[p], home[p] or "", title[p]) for p in range(n)]
    valid = [p for p in range(n) if p not in bad]
    # a row repeats an earlier one when key, fields and attendance agree: the attendance (as a set) is made only
    # for rows whose key and fields are those of another row
    alike = Counter((keys[p], compared[p]) for p in valid)

    def signature(p: int) -> tuple:
        return (keys[p], compared[p],
                frozenset(attendance[p].items()) if alike[keys[p], compared[p]] > 1 else None)

    kept = identical_rows(valid, signature, columns.rows, add, "活动", "title")
    present_counts = [list(taken.values()).count(_PRESENT) if taken else 0 for taken in attendance]
    return attendance, present_counts, met, keys, kept


_PRESENT, _EXCUSED, _ABSENT = (status for _, status in STATUS_FIELDS)


def _common_row(present, excused, absent, member_of: dict[str, int]) -> dict[int, str] | None:
    """A row's attendance {member id: status} when every name is a member's and nobody is under two statuses (the
    common row, taken in one step); else None, and the row is gone through name by name."""
    member = member_of.__getitem__
    try:
        taken = dict.fromkeys(map(member, present), _PRESENT)
        written = len(taken)
        for more, status in ((excused, _EXCUSED), (absent, _ABSENT)):
            if more:
                more = dict.fromkeys(map(member, more), status)
                written += len(more)
                taken.update(more)
    except KeyError:  # a name without its member
        return None
    return taken if written == len(taken) else None


def activity_importer(ctx: ServiceContext) -> LedgerImporter:
    return LedgerImporter(ctx, ActivityKind())


def _hidden(located: Located, rows: list[int]) -> list[int]:
    hidden = located.sheet.hidden_rows
    return [r for r in rows if r - 1 in hidden] if hidden else []


def _against_store(s, positions: list[int], key, content):
    """Split the rows into new activities, changed ones (with the stored content) and unchanged ones."""
    if not positions:
        return [], [], []
    days = [key(p)[0] for p in positions]
    first, last = min(days), max(days)
    keys = {key(p) for p in positions}
    found = []
    activity, home = Activity.__table__.c, Home.__table__.c
    connection = s.connection()  # Core rows: the ORM's row loading costs more than the query
    for r in connection.execute(
            select(activity.id, activity.held_on, home.name, activity.title, activity.kind, activity.place,
                   activity.summary, activity.other_participants, activity.suggestions_count, activity.notes)
            .select_from(Activity.__table__.outerjoin(Home.__table__, home.id == activity.home_id))
            .where(activity.held_on.between(first, last)).order_by(activity.id)).fetchall():
        if (r[1], r[2] or "", r[3]) in keys:
            found.append(((r[1], r[2] or "", r[3]), r[0], tuple(r[4:])))
    attendance: dict[int, dict[int, str]] = {}
    ids = [activity_id for _, activity_id, _ in found]
    for start in range(0, len(ids), 5000):  # ids are the database's integers: written into the statement
        for activity_id, member_id, status in connection.exec_driver_sql(
                "SELECT activity_id, member_id, status FROM attendance WHERE activity_id IN "
                f"({', '.join(map(str, map(int, ids[start:start + 5000])))})").fetchall():
            attendance.setdefault(activity_id, {})[member_id] = status
    stored: dict[tuple, list] = {}
    for k, activity_id, values in found:  # (values, {member: status}) as content() makes them for a row
        stored.setdefault(k, []).append((activity_id, (values, attendance.get(activity_id, {}))))
    return pair_with_store(positions, stored, key=key, content=content)


def _insert_homes(s, names: list[str]) -> dict[str, int]:
    if names:
        from db.base import new_uuid

        s.execute(insert(Home.__table__), [
            {"uuid": new_uuid(), "name": n, "level": infer_home_level(n), "active": True, "version": 1,
             "township": n.replace("委员之家", "") if infer_home_level(n) == "乡镇" else None}
            for n in names])
    return dict(s.execute(select(Home.name, Home.id)).all())


_ACTIVITY_COLUMNS = ("held_on", "home_id", "kind", "title", "place", "summary", "other_participants",
                     "suggestions_count", "notes", "uuid", "version", "changed_by", "created_at", "updated_at")


_ATTENDANCE_COLUMNS = ("activity_id", "member_id", "status")
_UPDATED = ("held_on", "home_id", "kind", "title", "place", "summary", "other_participants", "suggestions_count", "notes")


def _write(ctx: ServiceContext, s, parsed: ActivityRows, work: _Work, progress, cancelled) -> None:
    table = Activity.__table__
    now = timestamp_text()
    home_ids = _insert_homes(s, work.new_homes)
    values = parsed.values
    kinds, places, summaries = values["kind"], values["place"], values["summary"]
    others, suggestions, notes = values["other_participants"], values["suggestions_count"], values["notes"]
    total = len(work.create) + len(work.update)
    done = 0
    rebuilt = (indexes_set_aside(s, Activity, ("ix_activities_held_on", "ix_activities_home_id"), len(work.create))
               + indexes_set_aside(s, Attendance, ("ix_attendance_member_status",),
                                    sum(len(work.attendance[p]) for p in work.create)))
    for start in range(0, len(work.create), _CHUNK):
        check_cancel(cancelled)
        chunk = work.create[start:start + _CHUNK]
        before = s.scalar(select(func.coalesce(func.max(table.c.id), 0)))
        uuids = random_uuids(len(chunk))
        # dates as the ISO text SQLAlchemy's Date stores in SQLite (what driver_insert would make of them)
        params = [(parsed.held_on[p].isoformat(), home_ids.get(parsed.home[p]) if parsed.home[p] else None, kinds[p],
                   parsed.title[p], places[p], summaries[p], others[p], suggestions[p], notes[p], uid, 1, ctx.actor,
                   now, now) for p, uid in zip(chunk, uuids)]
        # SQLite: multi-row statements, captured for the audit log in one statement instead of a trigger call a row
        if not audit.insert_rows(s.connection(), "activities", _ACTIVITY_COLUMNS, params):
            driver_insert(s, "activities", _ACTIVITY_COLUMNS, params)
        ids = dict(s.execute(select(table.c.uuid, table.c.id).where(table.c.id > before)).all())
        rows = [(ids[uid], m, st) for uid, p in zip(uuids, chunk) for m, st in work.attendance[p].items()]
        if not audit.insert_links(s.connection(), "attendance", _ATTENDANCE_COLUMNS, rows):
            driver_insert(s, "attendance", _ATTENDANCE_COLUMNS, rows)
        done += len(chunk)
        if progress:
            progress(done, total, "正在写入活动")
    for index in rebuilt:
        index.create(s.connection())
    # the changed activities: one executemany of updates, their attendance replaced (deleted, inserted) in bulk
    statement = update(table).where(table.c.id == bindparam("b_id")).values(
        **{name: bindparam(f"v_{name}") for name in _UPDATED}, version=table.c.version + 1, changed_by=ctx.actor)
    for start in range(0, len(work.update), _CHUNK):
        check_cancel(cancelled)
        chunk = work.update[start:start + _CHUNK]
        s.execute(statement, [
            {"b_id": activity_id, "v_held_on": parsed.held_on[p],
             "v_home_id": home_ids.get(parsed.home[p]) if parsed.home[p] else None, "v_kind": kinds[p],
             "v_title": parsed.title[p], "v_place": places[p], "v_summary": summaries[p], "v_other_participants": others[p],
             "v_suggestions_count": suggestions[p], "v_notes": notes[p]} for p, activity_id in chunk])
        for first in range(0, len(chunk), 500):
            s.execute(delete(Attendance).where(Attendance.activity_id.in_([i for _, i in chunk[first:first + 500]])))
        driver_insert(s, "attendance", _ATTENDANCE_COLUMNS, [
            (activity_id, m, st) for p, activity_id in chunk for m, st in work.attendance[p].items()])
