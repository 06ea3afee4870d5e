"""The audit log, kept by construction: every row the program writes is logged, however it is written.

How (SQLite):
- every connection gets TEMP triggers on every table (`install`): an insert, update or delete — by the ORM's
  unit of work, a Core `insert()/update()/delete()`, or a driver-level executemany — copies the row's values
  (old and new, as JSON) into the connection's `temp.audit_pending`;
- when the transaction commits (the engine's `commit` event, so no service has to remember anything), the
  pending rows become `audit_log` entries: who (`ServiceContext.actor`, handed to the connection by the unit of
  work), when (UTC, `db.base.utc_now`), table, record and the values before → after (only what changed);
  each entry carries the hash chain (`domain/audit_chain.py`). A rollback discards the pending rows with the rest.
  A run of inserted or deleted records (a roster's 100,000 members, an import's activities) goes from
  temp.audit_pending to audit_log in one INSERT … SELECT, its hashes from the chain's Stepper registered as SQL
  functions, which refuses any id out of order (`_append_captured`); the other entries are written from Python.
- link tables (委员—专委会, 委员—联系村, 平台—委员, 协商—委员) are folded into their owner's entry as a list
  of ids, old → new, so a roster import writes one entry per changed member; an activity's attendance is
  folded the same way (a list of "member id:status"), so an activity import writes one entry per activity.
Not logged: the audit log itself, and the columns that are bookkeeping or caches (NOT_LOGGED).
PostgreSQL (`--db URL`): the triggers are the database's own (migration 0007, db/audit_capture.py) and what they
capture becomes entries the same way at commit (services/audit_pg.py).
"""
from __future__ import annotations

import itertools
import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from sqlalchemy import Boolean, Engine, event
from sqlalchemy.orm import Session

from db.base import Base, utc_now
from desktop_app.domain.audit_chain import GENESIS, Stepper, chain, entry_hash, stamp_text
from desktop_app.domain.audit_scope import (  # noqa: F401  (the one list, shared with PostgreSQL's triggers)
    AUDIT_TABLE, LINK_VALUES, LINKS, NOT_AUDITED_TABLES, NOT_LOGGED, link_sql)

_ID_LINKS = frozenset(LINKS) - frozenset(LINK_VALUES)  # ids, captured as text by audit_pending's columns


def _link_order(link):
    """Ids by value; "member id:status" by the member id."""
    return (int(link.split(":", 1)[0]), link) if isinstance(link, str) else (link, "")


_ACTOR = "audit_actor"  # the key services/uow.py sets in session.info
_LABELS = "audit_labels"
_COPYING = "audit_copying"  # connection.info: the transaction copies logged records (copy_not_logged)
_INSTALLED = "audit_installed"
_SPANS = "audit_spans"  # connection.info: (table, first seq, count) of the rows insert_rows captured


# --- capture ---------------------------------------------------------------------------------------------------
def _trigger_sql() -> list[str]:
    from db.models import load_all

    load_all()  # model modules load lazily: register every table on Base.metadata before walking it

    sql = ["CREATE TEMP TABLE IF NOT EXISTS audit_pending (seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL, "
           "op TEXT NOT NULL, rid INTEGER, ruuid TEXT, old TEXT, new TEXT)"]
    for table in Base.metadata.sorted_tables:
        name = table.name
        if name in NOT_AUDITED_TABLES:
            continue
        if name in LINKS:
            owner_col = LINKS[name][1]
            sql += [_link_trigger_sql(name, "insert"), _link_trigger_sql(name, "delete")]
            # an update is the old link removed and the new one added (a link row's own id is not logged)
            sql.append(f"CREATE TEMP TRIGGER IF NOT EXISTS audit_update_{name} AFTER UPDATE ON main.{name} "
                       f"WHEN OLD.{owner_col} IS NOT NEW.{owner_col} OR ({link_sql(name, 'OLD')}) IS NOT "
                       f"({link_sql(name, 'NEW')}) BEGIN "
                       f"INSERT INTO audit_pending (tbl, op, rid, old) VALUES ('{name}', 'delete', OLD.{owner_col}, "
                       f"{link_sql(name, 'OLD')}); "
                       f"INSERT INTO audit_pending (tbl, op, rid, new) VALUES ('{name}', 'insert', NEW.{owner_col}, "
                       f"{link_sql(name, 'NEW')}); END")
            continue
        sql += [_record_trigger_sql(table, op) for op in ("insert", "update", "delete")]
    return sql


def _record_trigger_sql(table, op: str) -> str:
    """A record table's trigger for `op`: the row's logged values before and after, as JSON objects."""
    name = table.name
    row = "OLD" if op == "delete" else "NEW"
    old = _values_sql(table, "OLD") if op != "insert" else "NULL"
    new = _values_sql(table, "NEW") if op != "delete" else "NULL"
    uuid = f"{row}.uuid" if "uuid" in table.columns else "NULL"
    when = ""
    if op == "update":
        when = " WHEN " + " OR ".join(f"OLD.{c.name} IS NOT NEW.{c.name}" for c in table.columns
                                      if c.name not in NOT_LOGGED)
    return (f"CREATE TEMP TRIGGER IF NOT EXISTS audit_{op}_{name} AFTER {op.upper()} ON main.{name}{when} "
            f"BEGIN INSERT INTO audit_pending (tbl, op, rid, ruuid, old, new) VALUES ('{name}', '{op}', "
            f"{row}.id, {uuid}, {old}, {new}); END")


def _values_sql(table, row: str) -> str:
    """The SQL of a row's logged values as a JSON object (booleans as JSON true/false, not SQLite's 1/0)."""
    columns = [c for c in table.columns if c.name not in NOT_LOGGED]
    assert len(columns) <= 60, table.name  # json_object takes at most 127 arguments
    return "json_object(" + ", ".join(
        f"'{c.name}', " + (f"CASE WHEN {row}.{c.name} IS NULL THEN NULL WHEN {row}.{c.name} THEN json('true') "
                           f"ELSE json('false') END" if isinstance(c.type, Boolean) else f"{row}.{c.name}")
        for c in columns) + ")"


def _link_trigger_sql(name: str, op: str) -> str:
    """A link table's insert or delete trigger: the owner's id and the link (the link row's own id is not logged)."""
    row, column = ("NEW", "new") if op == "insert" else ("OLD", "old")
    return (f"CREATE TEMP TRIGGER IF NOT EXISTS audit_{op}_{name} AFTER {op.upper()} ON main.{name} "
            f"BEGIN INSERT INTO audit_pending (tbl, op, rid, {column}) "
            f"VALUES ('{name}', '{op}', {row}.{LINKS[name][1]}, {link_sql(name, row)}); END")


def insert_links(connection, table: str, columns: tuple[str, ...], rows: list[tuple]) -> bool:
    """Insert link rows (attendance …) by multi-row statements and capture them in one more, one pending row per
    owner holding its links as a JSON array, instead of a trigger call a row (200,000 attendance rows of an
    activity import: 20,000 pending rows, folded into the owners' entries at commit exactly as row by row).
    False when it does not apply (PostgreSQL, where the database's triggers capture; the log not kept; a copy;
    ids given): the caller then inserts as usual.

    The table's insert trigger is set aside inside the transaction and made again before anything else runs on
    the connection, so a rollback undoes both."""
    if table not in LINKS:
        return False
    owner = LINKS[table][1]

    def capture(cursor, watermark: int) -> int:
        (pending,) = cursor.execute("SELECT coalesce(max(seq), 0) FROM temp.audit_pending").fetchone()
        cursor.execute(f"INSERT INTO temp.audit_pending (tbl, op, rid, new) SELECT '{table}', '{_INSERTS}', "
                       f"{owner}, json_group_array({link_sql(table, table)}) FROM main.{table} NOT INDEXED "
                       f"WHERE rowid > ? GROUP BY {owner}", (watermark,))
        (captured,) = cursor.execute("SELECT coalesce(sum(json_array_length(new)), 0) FROM temp.audit_pending "
                                     "WHERE seq > ?", (pending,)).fetchone()
        return captured

    return _insert_captured(connection, table, columns, rows, capture, _link_trigger_sql(table, "insert"))


def insert_rows(connection, table: str, columns: tuple[str, ...], rows: list[tuple]) -> bool:
    """Insert records (a roster's 100,000 new members) by multi-row statements and capture them in one
    INSERT … SELECT, exactly as the row trigger would have (the same values, in the order inserted), without a
    trigger call a row. False when it does not apply (as insert_links): the caller then inserts as usual."""
    from db.models import load_all

    load_all()
    model = Base.metadata.tables.get(table)
    if model is None or table in LINKS or table in NOT_AUDITED_TABLES:
        return False
    uuid = "uuid" if "uuid" in model.columns else "NULL"
    statement = (f"INSERT INTO temp.audit_pending (tbl, op, rid, ruuid, old, new) SELECT '{table}', 'insert', id, "
                 f"{uuid}, NULL, {_values_sql(model, table)} FROM main.{table} WHERE rowid > ? ORDER BY rowid")

    def capture(cursor, watermark: int) -> int:
        (pending,) = cursor.execute("SELECT coalesce(max(seq), 0) FROM temp.audit_pending").fetchone()
        cursor.execute(statement, (watermark,))
        # a hint for the commit (_spans): these pending rows, seq pending + 1 on, are one run of inserts
        connection.info.setdefault(_SPANS, []).append((table, pending + 1, cursor.rowcount))
        return cursor.rowcount

    return _insert_captured(connection, table, columns, rows, capture, _record_trigger_sql(model, "insert"))


def _insert_captured(connection, table: str, columns: tuple[str, ...], rows: list[tuple],
                     capture: Callable[[Any, int], int], trigger: str) -> bool:
    """Insert `rows` with the table's insert trigger set aside, then `capture(cursor, watermark)` what was inserted
    (rows past the watermark rowid) into the pending changes; it returns how many rows it captured."""
    if not rows or connection.dialect.name != "sqlite" or "id" in columns \
            or not connection.info.get(_INSTALLED) or connection.info.get(_COPYING):
        return False
    dbapi_connection = connection.connection.dbapi_connection
    cursor = dbapi_connection.cursor()
    try:
        if not dbapi_connection.in_transaction:  # the driver begins only before DML: the trigger's drop must be in it
            cursor.execute("BEGIN")
        (watermark,) = cursor.execute(f"SELECT coalesce(max(rowid), 0) FROM main.{table}").fetchone()
        cursor.execute(f"DROP TRIGGER temp.audit_insert_{table}")
        try:
            _insert_rows(cursor, table, columns, rows)
            captured = capture(cursor, watermark)
        finally:
            cursor.execute(trigger)
        if captured != len(rows):
            raise RuntimeError(f"audit: {len(rows)} rows inserted into {table}, {captured} captured")
    finally:
        cursor.close()
    return True


_INSERTS = "inserts"  # a pending row of insert_links: an owner's links inserted, as a JSON array


def _insert_rows(cursor, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """The rows, in order, by INSERT … VALUES (…), (…) … statements of up to 999 values (the oldest SQLite's
    limit) each, the rest one by one: stepping a statement once per batch instead of once per row takes less than
    half the time of an executemany of single rows."""
    width = len(columns)
    per = max(1, 999 // width)
    full = len(rows) // per * per
    names, one = ", ".join(columns), f"({', '.join('?' * width)})"
    if full:
        cursor.executemany(f"INSERT INTO main.{table} ({names}) VALUES {', '.join([one] * per)}",
                           [tuple(itertools.chain.from_iterable(rows[i:i + per])) for i in range(0, full, per)])
    if full < len(rows):
        cursor.executemany(f"INSERT INTO main.{table} ({names}) VALUES {one}", rows[full:])


def install(engine: Engine, session_factory) -> None:
    """Keep the audit log on every connection of `engine` from now on (call after migrating)."""
    if engine.dialect.name == "postgresql":
        from desktop_app.services import audit_pg

        audit_pg.install(engine, session_factory)
        return
    if engine.dialect.name != "sqlite":
        return
    event.listen(session_factory, "after_begin", _hand_over)
    statements = _trigger_sql()

    def on_connect(dbapi_connection, record) -> None:
        cursor = dbapi_connection.cursor()
        try:
            for statement in statements:
                cursor.execute(statement)
        finally:
            cursor.close()
        record.info[_INSTALLED] = True

    event.listen(engine, "connect", on_connect)
    event.listen(engine, "commit", _on_commit)
    event.listen(engine, "rollback", _on_rollback)
    engine.dispose()  # connections opened before (the upgrade's) have no triggers: open new ones


def _hand_over(session, _transaction, connection) -> None:
    """The unit of work put its clerk in session.info (services/uow.py): the connection records the writes as theirs."""
    actor = session.info.get(_ACTOR)
    if actor:
        connection.info[_ACTOR] = actor


def label(session: Session, obj, action: str) -> None:
    """Optional: name what a change of `obj` was (end_term, merge, assign …) instead of plain update/insert/delete.

    Nothing depends on it: without a label the change is still logged."""
    connection = session.connection()
    table = getattr(obj, "__tablename__", None)
    ident = getattr(obj, "id", None)
    if ident is None:
        session.flush()
        ident = getattr(obj, "id", None)
    connection.info.setdefault(_LABELS, {})[(table, ident)] = action


def copy_not_logged(connection) -> None:
    """This transaction copies records that carry their own log (transfer, restore of a server's snapshot): what
    it writes is not logged again."""
    connection.info[_COPYING] = True
    if connection.dialect.name == "postgresql":
        from desktop_app.services import audit_pg

        audit_pg.capture_nothing(connection)


def _on_rollback(connection) -> None:
    connection.info.pop(_SPANS, None)
    connection.info.pop(_COPYING, None)
    connection.info.pop(_LABELS, None)
    connection.info.pop(_ACTOR, None)


def _on_commit(connection) -> None:
    """The engine's commit event: turn what the triggers captured into chained audit entries, same transaction."""
    info = connection.info
    labels = info.pop(_LABELS, None) or {}
    actor = info.pop(_ACTOR, None)
    copying = info.pop(_COPYING, False)
    spans = info.pop(_SPANS, None)
    if not info.get(_INSTALLED):
        return
    dbapi_connection = connection.connection.dbapi_connection
    cursor = dbapi_connection.cursor()
    try:
        # an inserted or deleted row's values go to its entry as captured: they are read a chunk at a time
        # when the entries are written (_append), not all at once here (100 MB for a 100,000-row roster)
        pending = _pending(cursor, _spans(cursor, spans, labels) if spans and not copying else [])
        if not pending:
            return
        if copying:
            cursor.execute("DELETE FROM temp.audit_pending")
            return
        entries = _entries(cursor, pending, labels)
        del pending
        if entries:
            if not actor:
                from desktop_app.services.context import default_actor

                actor = default_actor()
            _append(cursor, entries, actor, dbapi_connection)
        cursor.execute("DELETE FROM temp.audit_pending")
    finally:
        cursor.close()


def _pending(cursor, spans: list[tuple[int, int]]) -> list[tuple]:
    """The pending rows in seq order; each span (first seq, count) of `spans` (in order, apart) stands as one row
    (first seq, None, _SPAN, count, …) instead of a row each: their entries are written by SQLite (_append)."""
    if not spans:
        return cursor.execute(_PENDING + " ORDER BY seq").fetchall()
    rows, after = [], 0
    for first, count in spans:
        rows += cursor.execute(_PENDING + " WHERE seq > ? AND seq < ? ORDER BY seq", (after, first)).fetchall()
        rows.append((first, None, _SPAN, count, None, None, None))
        after = first + count - 1
    rows += cursor.execute(_PENDING + " WHERE seq > ? ORDER BY seq", (after,)).fetchall()
    return rows


_SPAN = "span"


def _spans(cursor, hints: list[tuple[str, int, int]], labels: dict) -> list[tuple[int, int]]:
    """Of the spans insert_rows captured (a hint: a rolled back savepoint may have taken rows back), those still
    _SQL_RUN or more pending inserts of the table one after another, whose entries are the rows as captured: the
    table not a link table, no label on any of its records, and, for a link table's owner, no link of the table
    pending (which would be folded into the entries)."""
    merged: list[list] = []
    for table, first, count in sorted(hints, key=lambda hint: hint[1]):
        if merged and merged[-1][0] == table and merged[-1][1] + merged[-1][2] == first:
            merged[-1][2] += count
        elif not merged or merged[-1][1] + merged[-1][2] <= first:
            merged.append([table, first, count])
        else:
            return []  # overlapping: not as insert_rows left them
    labelled = {table for table, _ in labels}
    spans = []
    for table, first, count in merged:
        if count < _SQL_RUN or table in LINKS or table in labelled:
            continue
        links = [name for name, (owner, *_rest) in LINKS.items() if owner == table]
        if links:
            marks = ", ".join("?" * len(links))
            if cursor.execute(f"SELECT 1 FROM temp.audit_pending WHERE (seq < ? OR seq > ?) AND tbl IN ({marks}) "
                              "LIMIT 1", (first, first + count - 1, *links)).fetchone():
                continue
        (found,) = cursor.execute("SELECT count(*) FROM temp.audit_pending WHERE seq BETWEEN ? AND ? AND tbl = ? "
                                  "AND op = 'insert' AND old IS NULL", (first, first + count - 1, table)).fetchone()
        if found == count:
            spans.append((first, count))
    return spans


class _Captured(str):
    """Stands for a pending row's own values (read when the entry is written, `_resolved`)."""


_CAPTURED = _Captured("{}")


_NOW_IF_NEEDED = ("CASE WHEN op = 'update' OR tbl IN (" + ", ".join(f"'{t}'" for t in LINKS) + ") "
                  "THEN {column} WHEN {column} IS NULL THEN NULL ELSE '' END")

_PENDING = (f"SELECT seq, tbl, op, rid, ruuid, {_NOW_IF_NEEDED.format(column='old')}, "
            f"{_NOW_IF_NEEDED.format(column='new')} FROM temp.audit_pending")


# --- from captured rows to entries --------------------------------------------------------------------------------
def _changed(old: dict, new: dict) -> tuple[dict, dict]:
    """Only what changed; a JSON object kept in a text column (settings.value_json) is compared key by key."""
    before, after = {}, {}
    for key in new:
        if old.get(key) == new[key]:
            continue
        inner = _json_objects(old.get(key), new[key]) if key.endswith("_json") else None
        if inner:
            was, now = inner
            for k in dict.fromkeys([*was, *now]):
                if was.get(k) != now.get(k):
                    before[k], after[k] = was.get(k), now.get(k)
        else:
            before[key], after[key] = old.get(key), new[key]
    return before, after


def _json_objects(old, new) -> tuple[dict, dict] | None:
    try:
        was, now = json.loads(old) if old else {}, json.loads(new) if new else {}
    except (TypeError, ValueError):
        return None
    return (was, now) if isinstance(was, dict) and isinstance(now, dict) else None


def _entries(cursor, pending: list[tuple], labels: dict) -> list[list]:
    """[table, record id, record uuid, action, before_json, after_json] per change, in the order made."""
    entries: list[list] = []
    last: dict[tuple[str, int], list] = {}
    links: dict[tuple[str, str, int], Counter] = defaultdict(Counter)
    for seq, tbl, op, rid, ruuid, old, new in pending:
        if op is _SPAN:  # inserts written as captured (rid: how many)
            entries.append(_Span(seq, rid))
            continue
        if tbl in LINKS:
            owner = LINKS[tbl][0]
            counts = links[(tbl, owner, rid)]
            if op == _INSERTS:
                counts.update(map(int, json.loads(new)) if tbl in _ID_LINKS else json.loads(new))
                continue
            link = new if op == "insert" else old
            counts[int(link) if tbl in _ID_LINKS else link] += 1 if op == "insert" else -1
            continue
        action = labels.get((tbl, rid), op)
        if op == "update":
            before, after = _changed(json.loads(old), json.loads(new))
            if not before and not after:
                continue
            entry = [tbl, rid, ruuid, action, _dumps(before), _dumps(after)]
        else:  # the values as captured, read when the entry is written
            entry = [tbl, rid, ruuid, action, None if old is None else _CAPTURED, None if new is None else _CAPTURED,
                     seq]
        entries.append(entry)
        last[(tbl, rid)] = entry
    if links:
        _fold_links(cursor, links, entries, last, labels)
    return entries


def _fold_links(cursor, links, entries, last, labels) -> None:
    """Each owner's link changes as one field, old list → new list, on the owner's entry (made when it has none)."""
    by_table: dict[str, dict[int, tuple[set, set]]] = defaultdict(dict)
    for (tbl, _owner, rid), counts in links.items():
        added = {other for other, n in counts.items() if n > 0}
        removed = {other for other, n in counts.items() if n < 0} if len(added) < len(counts) else set()
        if added or removed:
            by_table[tbl][rid] = (added, removed)
    for tbl, owners in by_table.items():
        owner, owner_col, _other_col, field = LINKS[tbl]
        now: dict[int, set] = defaultdict(set)
        uuids: dict[int, str] = {}
        ids = sorted(owners)
        # an owner inserted in this transaction (its last entry has no before) had no links: they are all added
        fresh = {rid for rid in ids if (entry := last.get((owner, rid))) is not None and entry[4] is None
                 and entry[5] is not None}
        for rid in fresh:
            now[rid] = owners[rid][0]
        stored = [rid for rid in ids if rid not in fresh]
        order = None
        for start in range(0, len(stored), 500):
            chunk = stored[start:start + 500]
            marks = ", ".join("?" * len(chunk))
            for rid, link in cursor.execute(f"SELECT {owner_col}, {link_sql(tbl, tbl)} FROM main.{tbl} "
                                            f"WHERE {owner_col} IN ({marks})", chunk).fetchall():
                now[rid].add(link)
            uuids.update(cursor.execute(f"SELECT id, uuid FROM main.{owner} WHERE id IN ({marks})", chunk).fetchall())
        if tbl not in _ID_LINKS:  # "member id:status" by the member id: each distinct link's rank, worked out once
            ranked = sorted(set().union(*now.values(), *(removed for _, removed in owners.values())), key=_link_order)
            order = {link: n for n, link in enumerate(ranked)}.__getitem__
        for rid in ids:
            added, removed = owners[rid]
            new = sorted(now[rid], key=order)
            old = sorted((now[rid] - added) | removed, key=order) if rid not in fresh else []
            entry = last.get((owner, rid))
            if entry is None:
                entry = [owner, rid, uuids.get(rid), labels.get((owner, rid), "update"), "{}", "{}"]
                entries.append(entry)
                last[(owner, rid)] = entry
            for side, value in ((4, old), (5, new)):
                if entry[side] is None or (side == 4 and entry[3] == "insert"):
                    continue
                if entry[side] is _CAPTURED:  # added when the captured values are read (_resolved)
                    if len(entry) < 8:
                        entry.append(([], []))
                    entry[7][side - 4].append((field, value))
                else:
                    entry[side] = _set_field(entry[side], field, value)


def _set_field(text: str, field: str, value: list) -> str:
    """The JSON object `text` with `field` set to `value`: appended as text when the object has no such key
    (SQLite's json_object and json.dumps write no key twice and end in "}"), else decoded and encoded again."""
    key = _KEYS.get(field) or _KEYS.setdefault(field, json.dumps(field))
    if key not in text and text.endswith("}"):
        return f"{text[:-1]}{', ' if text != '{}' else ''}{key}: {_dumps(value)}}}"
    data = json.loads(text)
    data[field] = value
    return _dumps(data)


_KEYS: dict[str, str] = {}  # a link field's name as a JSON key

# json.dumps(value, ensure_ascii=False) without making an encoder at every call
_dumps = json.JSONEncoder(ensure_ascii=False).encode


def _append(cursor, entries: list[list], actor: str, sqlite=None) -> None:
    """Write the entries, chained, after the log's last one. On SQLite (`sqlite`: the driver's connection) a run
    of inserted or deleted records logged as captured is written by the database itself, straight from
    temp.audit_pending (_append_captured); the other entries, and PostgreSQL's, from here."""
    head = cursor.execute(f"SELECT id, entry_hash FROM {AUDIT_TABLE} ORDER BY id DESC LIMIT 1").fetchone()
    next_id, previous = (head[0] + 1, head[1] or GENESIS) if head else (1, GENESIS)
    at = stamp_text(utc_now())
    sql = (f"INSERT INTO {AUDIT_TABLE} (id, at, actor, table_name, record_id, record_uuid, action, before_json, "
           "after_json, prev_hash, entry_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
    runs = _runs(entries) if sqlite is not None else [(0, len(entries), False)]
    ident = next_id
    for begin, end, captured in runs:
        if captured:
            span = entries[begin]
            if isinstance(span, _Span):
                first_seq, count, folds = span.first, span.count, {}
            else:
                first_seq, count = span[6], end - begin
                folds = {entry[6]: entry[7] for entry in entries[begin:end] if len(entry) > 7}
            previous = _append_captured(sqlite, cursor, first_seq, count, folds, ident, previous, at, actor)
            ident += count
            continue
        # in chunks: the hashes and parameter rows of 100,000 entries at once would be tens of megabytes more
        for start in range(begin, end, _APPEND_CHUNK):
            chunk = _resolved(cursor, entries[start:min(start + _APPEND_CHUNK, end)])
            hashes = chain(previous, ident, at, actor, chunk)
            cursor.executemany(sql, [(ident + n, at, actor, *entry, prev, own)
                                     for n, (entry, (prev, own)) in enumerate(zip(chunk, hashes))])
            previous = hashes[-1][1]
            ident += len(chunk)


@dataclass(frozen=True)
class _Span:
    """Entries for `count` pending inserts from seq `first`, as captured (_spans)."""
    first: int
    count: int


def _plain(entry: list) -> bool:
    """An inserted or deleted record whose entry is its pending row as captured (and link fields folded in), not
    labelled."""
    return isinstance(entry, list) and len(entry) > 6 and entry[3] == ("insert" if entry[4] is None else "delete")


_SQL_RUN = 16  # fewer entries in a row are written with the others


def _runs(entries: list[list]):
    """(begin, end, captured) spans of `entries` in order: captured spans are at least _SQL_RUN plain entries
    whose pending rows follow one another (seq, seq + 1 …)."""
    count, i, rest = len(entries), 0, 0
    while i < count:
        if isinstance(entries[i], _Span):
            if rest < i:
                yield rest, i, False
            yield i, i + 1, True
            i = rest = i + 1
            continue
        if not _plain(entries[i]):
            i += 1
            continue
        j = i + 1
        while j < count and _plain(entries[j]) and entries[j][6] == entries[j - 1][6] + 1:
            j += 1
        if j - i >= _SQL_RUN:
            if rest < i:
                yield rest, i, False
            yield i, j, True
            rest = j
        i = j
    if rest < count:
        yield rest, count, False


_CAPTURED_ENTRIES = (
    f"INSERT INTO {AUDIT_TABLE} (id, at, actor, table_name, record_id, record_uuid, action, before_json, after_json, "
    "prev_hash, entry_hash) SELECT seq + ?1, ?2, ?3, tbl, rid, ruuid, op, {old}, {new}, audit_prev_hash(seq + ?1), "
    "audit_entry_hash(seq + ?1, tbl, rid, ruuid, op, CAST({old} AS BLOB), CAST({new} AS BLOB)) "
    "FROM temp.audit_pending WHERE seq BETWEEN ?4 AND ?5 ORDER BY seq")
_AS_CAPTURED = _CAPTURED_ENTRIES.format(old="old", new="new")
# by the sides that have link fields folded in: (before, after)
_FOLDED = {(before, after): _CAPTURED_ENTRIES.format(old="audit_folded(seq, 0, old)" if before else "old",
                                                     new="audit_folded(seq, 1, new)" if after else "new")
           for before in (False, True) for after in (False, True)}


def _append_captured(dbapi_connection, cursor, first_seq: int, count: int, folds: dict, first_id: int, previous: str,
                     at: str, actor: str) -> str:
    """Entries first_id … for the `count` pending rows from first_seq as captured (table, id, uuid, op,
    old → new), written by one INSERT … SELECT: the values go from the pending row to the entry inside SQLite,
    each entry's hashes come from the chain's Stepper registered as SQL functions, called in seq order (the Stepper
    refuses any other, and the count is checked after). Link fields folded into an entry (_fold_links) are set on
    its values on the way (`folds`: seq → fields, `_Folded`). Returns the last entry's hash."""
    stepper = Stepper(previous, first_id, at, actor)
    dbapi_connection.create_function("audit_entry_hash", 7, stepper.step)
    dbapi_connection.create_function("audit_prev_hash", 1, stepper.previous)
    if folds:
        dbapi_connection.create_function("audit_folded", 3, _Folded(folds))
    sql = _FOLDED[any(f[0] for f in folds.values()), any(f[1] for f in folds.values())] if folds else _AS_CAPTURED
    try:
        cursor.execute(sql, (first_id - first_seq, at, actor, first_seq, first_seq + count - 1))
    finally:  # the connection keeps no reference to this commit's chain or links
        for name, arguments in (("audit_entry_hash", 7), ("audit_prev_hash", 1), ("audit_folded", 3)):
            dbapi_connection.create_function(name, arguments, None)
    if cursor.rowcount != count or stepper.last_id != first_id + count - 1:
        raise RuntimeError(f"audit: {count} entries from {first_id} to write, {cursor.rowcount} written, "
                           f"the chain at {stepper.last_id}")
    return stepper.last_hash


class _Folded:
    """audit_folded(seq, side, text): a pending row's old (side 0) or new (1) values with the link fields folded
    into its entry set (as _resolved sets them); asked twice a row (the column, the hash), worked out once."""

    def __init__(self, folds: dict[int, tuple[list, list]]) -> None:
        self._folds, self._seq, self._done = folds, None, {}

    def __call__(self, seq: int, side: int, text: str | None) -> str | None:
        if seq != self._seq:
            self._seq, self._done = seq, {}
        elif side in self._done:
            return self._done[side]
        fields = self._folds.get(seq)
        value = text
        if fields:
            for field, links in fields[side]:
                value = _set_field(value, field, links)
        self._done[side] = value
        return value


_APPEND_CHUNK = 5000


def _resolved(cursor, chunk: list[list]) -> list[tuple]:
    """The entries as (table, record id, uuid, action, before, after), the captured values read in."""
    seqs = [entry[6] for entry in chunk if len(entry) > 6]
    if not seqs:
        return [tuple(entry) for entry in chunk]
    texts = {seq: (old, new) for seq, old, new in cursor.execute(
        "SELECT seq, old, new FROM temp.audit_pending WHERE seq BETWEEN ? AND ?", (seqs[0], seqs[-1]))}
    out = []
    for entry in chunk:
        if len(entry) > 6:
            old, new = texts[entry[6]]
            before = old if entry[4] is _CAPTURED else entry[4]
            after = new if entry[5] is _CAPTURED else entry[5]
            if len(entry) > 7:  # link fields folded into the entry
                for field, value in entry[7][0]:
                    before = _set_field(before, field, value)
                for field, value in entry[7][1]:
                    after = _set_field(after, field, value)
            entry = (entry[0], entry[1], entry[2], entry[3], before, after)
        out.append(tuple(entry))
    return out


# --- verifying the chain ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ChainHead:
    id: int
    hash: str
    at: str

    def as_dict(self) -> dict:
        return {"id": self.id, "hash": self.hash, "at": self.at}


@dataclass(frozen=True)
class ChainReport:
    entries: int
    head: ChainHead | None
    problem: str | None  # one sentence, or None when the chain is whole


_COLUMNS = "id, at, actor, table_name, record_id, record_uuid, action, before_json, after_json, prev_hash, entry_hash"


def _when(at) -> str:
    return stamp_text(at)[:19]


def verify_chain(run: Callable[[str], Iterable]) -> ChainReport:
    """Recompute the chain from the first entry; `run(sql)` gives rows (sqlite3's execute, exec_driver_sql …)."""
    previous, count, good = GENESIS, 0, None
    for row in run(f"SELECT {_COLUMNS} FROM {AUDIT_TABLE} ORDER BY id"):
        ident, at, *content, prev_hash, digest = row
        expected = entry_hash(previous, ident, at, *content)
        if prev_hash != previous or digest != expected:
            since = f"{_when(good.at)}（第 {good.id} 条）" if good else "第一条记录"
            return ChainReport(count, good, f"审计记录在{since}之后被改动：第 {ident} 条与它的校验值对不上，"
                                            "可能有人绕过本程序修改了数据库。")
        previous, count, good = digest, count + 1, ChainHead(ident, digest, stamp_text(at))
    return ChainReport(count, good, None)


def compare_with_backup(run: Callable[[str], Iterable], head: dict | None, backup_name: str) -> str | None:
    """None when the log still holds, unchanged, the head entry a backup recorded; else one sentence."""
    if not head:
        return None
    rows = list(run(f"SELECT entry_hash FROM {AUDIT_TABLE} WHERE id = {int(head['id'])}"))
    if rows and rows[0][0] == head.get("hash"):
        return None
    return (f"审计记录在备份“{backup_name}”（{str(head.get('at', ''))[:19]}）之后被改动：备份时的第 {int(head['id'])} 条"
            + ("已不存在" if not rows else "已不是原样") + "，可能有人绕过本程序修改了数据库。")
