"""The audit log, kept by construction: every row the program writes is logged, however it is written.

How (SQLite):
- every connection gets TEMP triggers on every table (`install`): an insert, update or delete — by the ORM's
  unit of work, a Core `insert()/update()/delete()`, or a driver-level executemany — copies the row's values
  (old and new, as JSON) into the connection's `temp.audit_pending`; an insert only the row's id (its values are
  read from the table at commit, a table at a time); `insert_links` captures a bulk insert of link rows in one
  statement;
- when the transaction commits (the engine's `commit` event, so no service has to remember anything), the
  pending rows become `audit_log` entries: who (`ServiceContext.actor`, handed to the connection by the unit of
  work), when (UTC, `db.base.utc_now`), table, record and the values before → after (only what changed);
  each entry carries the hash chain (`domain/audit_chain.py`). A rollback discards the pending rows with the rest.
- link tables (委员—专委会, 委员—联系村, 平台—委员, 协商—委员) are folded into their owner's entry as a list
  of ids, old → new, so a roster import writes one entry per changed member; an activity's attendance is
  folded the same way (a list of "member id:status"), so an activity import writes one entry per activity.
Not logged: the audit log itself, and the columns that are bookkeeping or caches (NOT_LOGGED).
Other databases (`--db URL`): no triggers are installed; the log is then not kept (docs/architecture.md).
"""
from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable

from sqlalchemy import Boolean, Engine, event
from sqlalchemy.orm import Session

from db.base import Base, utc_now
from desktop_app.domain.audit_chain import GENESIS, chain, entry_hash, stamp_text

AUDIT_TABLE = "audit_log"
NOT_AUDITED_TABLES = frozenset({AUDIT_TABLE, "alembic_version"})
# Bookkeeping every record has (the entry itself says who and when) and caches derived from other columns.
NOT_LOGGED = frozenset({"created_at", "updated_at", "version", "changed_by", "name_pinyin", "name_initials"})
# link table: (owner table, owner column, other column, the field named on the owner's entry)
LINKS = {
    "member_committees": ("members", "member_id", "organization_id", "committees"),
    "member_villages": ("members", "member_id", "village_id", "linked_villages"),
    "platform_members": ("platforms", "platform_id", "member_id", "members"),
    "consultation_members": ("consultations", "consultation_id", "member_id", "members"),
    # an activity's attendance is part of the activity: a 200,000-row activity import writes one entry per
    # activity (its attendance as "member id:status", old list → new list), not one per attendance row
    "attendance": ("activities", "activity_id", "member_id", "attendance"),
}
# What a link is when more than the other id (SQL over the row `{row}`); else the other column's id.
LINK_VALUES = {"attendance": "{row}.member_id || ':' || {row}.status"}


def link_sql(table: str, row: str) -> str:
    """The SQL of one link of `table` in row `row` (NEW, OLD or the table's name)."""
    return LINK_VALUES.get(table, "{row}." + LINKS[table][2]).format(row=row)


_ID_LINKS = frozenset(LINKS) - frozenset(LINK_VALUES)  # ids, captured as text by audit_pending's columns


def _link_order(link):
    """Ids by value; "member id:status" by the member id."""
    return (int(link.split(":", 1)[0]), link) if isinstance(link, str) else (link, "")


_ACTOR = "audit_actor"  # the key services/uow.py sets in session.info
_LABELS = "audit_labels"
_COPYING = "audit_copying"  # connection.info: the transaction copies logged records (copy_not_logged)
_INSTALLED = "audit_installed"


# --- capture ---------------------------------------------------------------------------------------------------
@lru_cache(maxsize=None)
def _logged_tables() -> dict[str, tuple[list[str], set[str], bool]]:
    """Every logged table that is not a link table: (logged columns, boolean columns, has a uuid column)."""
    from db.models import load_all

    load_all()  # model modules load lazily: register every table on Base.metadata before walking it
    out = {}
    for table in Base.metadata.sorted_tables:
        if table.name in NOT_AUDITED_TABLES or table.name in LINKS:
            continue
        columns = [c.name for c in table.columns if c.name not in NOT_LOGGED]
        assert len(columns) <= 60, table.name  # json_object takes at most 127 arguments
        out[table.name] = (columns, {c.name for c in table.columns if isinstance(c.type, Boolean)},
                           "uuid" in table.columns)
    return out


@lru_cache(maxsize=None)
def _values_sql(name: str, row: str) -> str:
    """The logged values of `name`'s row `row` (NEW, OLD or an alias) as one JSON object; booleans as JSON
    true/false, not SQLite's 1/0."""
    columns, flags, _ = _logged_tables()[name]
    return "json_object(" + ", ".join(
        f"'{c}', " + (f"CASE WHEN {row}.{c} IS NULL THEN NULL WHEN {row}.{c} THEN json('true') "
                      f"ELSE json('false') END" if c in flags else f"{row}.{c}") for c in columns) + ")"


def _link_trigger_sql(name: str, op: str) -> str:
    """The trigger capturing a link row inserted or deleted: its owner's id and the link."""
    row, column = ("NEW", "new") if op == "insert" else ("OLD", "old")
    return (f"CREATE TEMP TRIGGER IF NOT EXISTS audit_{op}_{name} AFTER {op.upper()} ON main.{name} "
            f"BEGIN INSERT INTO audit_pending (tbl, op, rid, {column}) "
            f"VALUES ('{name}', '{op}', {row}.{LINKS[name][1]}, {link_sql(name, row)}); END")


def _trigger_sql() -> list[str]:
    _logged_tables()  # loads every model module first
    sql = ["CREATE TEMP TABLE IF NOT EXISTS audit_pending (seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL, "
           "op TEXT NOT NULL, rid INTEGER, ruuid TEXT, old TEXT, new TEXT)"]
    for table in Base.metadata.sorted_tables:
        name = table.name
        if name in NOT_AUDITED_TABLES:
            continue
        if name in LINKS:
            owner_col = LINKS[name][1]
            sql.append(_link_trigger_sql(name, "insert"))
            sql.append(_link_trigger_sql(name, "delete"))
            # an update is the old link removed and the new one added (a link row's own id is not logged)
            sql.append(f"CREATE TEMP TRIGGER IF NOT EXISTS audit_update_{name} AFTER UPDATE ON main.{name} "
                       f"WHEN OLD.{owner_col} IS NOT NEW.{owner_col} OR ({link_sql(name, 'OLD')}) IS NOT "
                       f"({link_sql(name, 'NEW')}) BEGIN "
                       f"INSERT INTO audit_pending (tbl, op, rid, old) VALUES ('{name}', 'delete', OLD.{owner_col}, "
                       f"{link_sql(name, 'OLD')}); "
                       f"INSERT INTO audit_pending (tbl, op, rid, new) VALUES ('{name}', 'insert', NEW.{owner_col}, "
                       f"{link_sql(name, 'NEW')}); END")
            continue
        columns, _flags, has_uuid = _logged_tables()[name]
        changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)
        # an insert captures only the row's id: its values are read from the table at commit, all rows of a table
        # in one statement (_resolved); a later update or delete in the same transaction captures the values
        # the insert gave (its OLD), and the insert's entry takes those
        sql.append(f"CREATE TEMP TRIGGER IF NOT EXISTS audit_insert_{name} AFTER INSERT ON main.{name} "
                   f"BEGIN INSERT INTO audit_pending (tbl, op, rid, ruuid) VALUES ('{name}', 'insert', NEW.id, "
                   f"{'NEW.uuid' if has_uuid else 'NULL'}); END")
        for op, row in (("update", "NEW"), ("delete", "OLD")):
            new = _values_sql(name, "NEW") if op != "delete" else "NULL"
            when = f" WHEN {changed}" if op == "update" else ""
            sql.append(f"CREATE TEMP TRIGGER IF NOT EXISTS audit_{op}_{name} AFTER {op.upper()} ON main.{name}{when} "
                       f"BEGIN INSERT INTO audit_pending (tbl, op, rid, ruuid, old, new) VALUES ('{name}', '{op}', "
                       f"{row}.id, {f'{row}.uuid' if has_uuid else 'NULL'}, {_values_sql(name, 'OLD')}, {new}); END")
    return sql


def install(engine: Engine, session_factory) -> None:
    """Keep the audit log on every connection of `engine` from now on (SQLite only; call after migrating)."""
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


def insert_links(connection, table: str, columns: tuple[str, ...], rows: list[tuple]) -> bool:
    """Insert many rows of the link table `table` (plain tuples of `columns`, no row ids) and capture them in one
    statement instead of one trigger call a row (200,000 attendance rows: a third of a second less); False when it
    did nothing (not SQLite, no log kept here, or ids given): then insert the rows the ordinary way.

    The capture is the trigger's, made set-based: the insert trigger is set aside for this one statement, in this
    transaction, and every row above the table's highest row id before it (the rows the statement made: SQLite
    gives a new row the highest id + 1) is captured exactly as the trigger would have; the trigger is back before
    anything else runs on the connection, and a rollback undoes both."""
    if table not in LINKS or not rows or connection.dialect.name != "sqlite" or "id" in columns \
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
            cursor.executemany(f"INSERT INTO main.{table} ({', '.join(columns)}) "
                               f"VALUES ({', '.join('?' * len(columns))})", rows)
            cursor.execute(f"INSERT INTO temp.audit_pending (tbl, op, rid, new) SELECT '{table}', 'insert', "
                           f"{LINKS[table][1]}, {link_sql(table, table)} FROM main.{table} WHERE rowid > ? "
                           "ORDER BY rowid", (watermark,))
            captured = cursor.rowcount
        finally:
            cursor.execute(_link_trigger_sql(table, "insert"))
        if captured != len(rows):
            raise RuntimeError(f"audit: {len(rows)} rows inserted into {table}, {captured} captured")
    finally:
        cursor.close()
    return True


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


def _on_rollback(connection) -> None:
    connection.info.pop(_COPYING, None)
    connection.info.pop(_LABELS, None)
    connection.info.pop(_ACTOR, None)


def _on_commit(connection) -> None:
    """The engine's commit event: turn what the triggers captured into chained audit entries, same transaction."""
    info = connection.info
    labels = info.pop(_LABELS, None) or {}
    actor = info.pop(_ACTOR, None)
    copying = info.pop(_COPYING, False)
    if not info.get(_INSTALLED):
        return
    cursor = connection.connection.dbapi_connection.cursor()
    try:
        if cursor.execute("SELECT 1 FROM temp.audit_pending LIMIT 1").fetchone() is None:
            return
        if copying:
            cursor.execute("DELETE FROM temp.audit_pending")
            return
        entries = _entries(cursor, labels)
        if entries:
            if not actor:
                from desktop_app.services.context import default_actor

                actor = default_actor()
            _append(cursor, entries, actor)
        cursor.execute("DELETE FROM temp.audit_pending")
    finally:
        cursor.close()


# --- from captured rows to entries --------------------------------------------------------------------------------
# An entry is a list [table, record id, uuid, action, before, after, seq, folded link fields]; before and after are
# JSON text, None, or a marker of values read a chunk at a time when the entries are written (_resolved), so a
# 100,000-row import never holds every row's values at once:
_ROW = object()  # after: the inserted row's values, read from its table (the pending row `seq` names it)
_OLD = object()  # before: the values the pending row `seq` captured (a delete's)


class _Later(int):
    """after: the values a later capture (this pending seq) found before it changed the row — what an insert gave
    a row updated or deleted again in the same transaction."""


_ARRAY = object()  # a folded link field's value: the owner's links as they now stand, read from the link table


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


_LINK_TABLES = "(" + ", ".join(f"'{t}'" for t in LINKS) + ")"


def _entries(cursor, labels: dict) -> list[list]:
    """The entries of what the triggers captured, in the order made (owners without an entry of their own whose
    links changed come last)."""
    entries: list[list] = []
    last: dict[tuple[str, int], list] = {}
    inserted: dict[tuple[str, int], list] = {}  # inserts whose row nothing captured since
    append = entries.append
    for seq, tbl, op, rid, ruuid, old, new in cursor.execute(
            "SELECT seq, tbl, op, rid, ruuid, CASE WHEN op = 'update' THEN old END, "
            f"CASE WHEN op = 'update' THEN new END FROM temp.audit_pending WHERE tbl NOT IN {_LINK_TABLES} "
            "ORDER BY seq"):
        key = (tbl, rid)
        action = labels.get(key, op)
        if op == "insert":
            entry = [tbl, rid, ruuid, action, None, _ROW, seq, None]
            inserted[key] = entry
        elif op == "update":
            opened = inserted.pop(key, None)
            if opened is not None:
                opened[5] = old
            before, after = _changed(json.loads(old), json.loads(new))
            if not before and not after:
                continue
            entry = [tbl, rid, ruuid, action, json.dumps(before, ensure_ascii=False),
                     json.dumps(after, ensure_ascii=False), seq, None]
        else:
            opened = inserted.pop(key, None)
            if opened is not None:
                opened[5] = _Later(seq)
            entry = [tbl, rid, ruuid, action, _OLD, None, seq, None]
        append(entry)
        last[key] = entry
    del inserted
    touched = cursor.execute(f"SELECT tbl, rid FROM temp.audit_pending WHERE tbl IN {_LINK_TABLES} "
                             "GROUP BY tbl, rid").fetchall()
    if touched:
        _fold_links(cursor, touched, entries, last, labels)
    return entries


def _fold_links(cursor, touched: list[tuple], entries, last, labels) -> None:
    """Each owner's link changes as one field, old list → new list, on the owner's entry (made when it has none).

    An owner inserted in this transaction had no links: its field is its links as they now stand, read with its
    values (_resolved). For the others the net change of each link is counted from the captures."""
    stored: dict[str, set[int]] = defaultdict(set)
    for tbl, rid in touched:
        owner, _owner_col, _other_col, field = LINKS[tbl]
        entry = last.get((owner, rid))
        if entry is not None and entry[4] is None and entry[5] is not None:  # inserted here, still there
            entry[7] = entry[7] or []
            entry[7].append((5, field, (tbl, _ARRAY)))
        else:
            stored[tbl].add(rid)
    for tbl, rids in stored.items():
        owner, owner_col, _other_col, field = LINKS[tbl]
        counts: dict[int, dict] = defaultdict(dict)
        for rid, link, n in cursor.execute(
                "SELECT rid, CASE WHEN op = 'insert' THEN new ELSE old END AS link, "
                "sum(CASE WHEN op = 'insert' THEN 1 ELSE -1 END) AS n FROM temp.audit_pending WHERE tbl = ? "
                "GROUP BY rid, link HAVING n != 0", (tbl,)):
            if rid in rids:
                counts[rid][int(link) if tbl in _ID_LINKS else link] = n
        ids = sorted(counts)
        now: dict[int, set] = defaultdict(set)
        uuids: dict[int, str] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ", ".join("?" * len(chunk))
            for rid, link in cursor.execute(f"SELECT {owner_col}, {link_sql(tbl, tbl)} FROM main.{tbl} "
                                            f"WHERE {owner_col} IN ({marks})", chunk).fetchall():
                now[rid].add(link)
            uuids.update(cursor.execute(f"SELECT id, uuid FROM main.{owner} WHERE id IN ({marks})", chunk).fetchall())
        order = _link_order if tbl not in _ID_LINKS else None
        for rid in ids:
            added = {other for other, n in counts[rid].items() if n > 0}
            removed = {other for other, n in counts[rid].items() if n < 0}
            new = sorted(now[rid], key=order)
            old = sorted((now[rid] - added) | removed, key=order)
            entry = last.get((owner, rid))
            if entry is None:
                entry = [owner, rid, uuids.get(rid), labels.get((owner, rid), "update"), "{}", "{}", None, None]
                entries.append(entry)
                last[(owner, rid)] = entry
            for side, value in ((4, old), (5, new)):
                if entry[side] is None or (side == 4 and entry[3] == "insert"):
                    continue
                if isinstance(entry[side], str):
                    entry[side] = _set_field(entry[side], field, value)
                else:  # added when the values are read (_resolved)
                    entry[7] = entry[7] or []
                    entry[7].append((side, field, value))


def _set_field(text: str, field: str, value) -> str:
    """The JSON object `text` with `field` set to `value` (a list, or a _Json text)."""
    return _put_field(text, field, value if isinstance(value, _Json) else json.dumps(value, ensure_ascii=False))


class _Json(str):
    """A value already written as JSON."""


def _put_field(text: str, field: str, encoded: str) -> str:
    """`text` with `field` set to the JSON `encoded`: appended as text when the object has no such key (SQLite's
    json_object and json.dumps write no key twice and end in "}"), else decoded and encoded again."""
    key = json.dumps(field)
    if key not in text and text.endswith("}"):
        return f"{text[:-1]}{', ' if text != '{}' else ''}{key}: {encoded}}}"
    data = json.loads(text)
    data[field] = json.loads(encoded)
    return json.dumps(data, ensure_ascii=False)


def _append(cursor, entries: list[list], actor: str) -> None:
    head = cursor.execute(f"SELECT id, entry_hash FROM {AUDIT_TABLE} ORDER BY id DESC LIMIT 1").fetchone()
    next_id, previous = (head[0] + 1, head[1] or GENESIS) if head else (1, GENESIS)
    at = stamp_text(utc_now())
    sql = (f"INSERT INTO {AUDIT_TABLE} (id, at, actor, table_name, record_id, record_uuid, action, before_json, "
           "after_json, prev_hash, entry_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
    # in chunks: the values, hashes and parameter rows of 100,000 entries at once would be tens of megabytes more
    for start in range(0, len(entries), _APPEND_CHUNK):
        chunk = _resolved(cursor, entries[start:start + _APPEND_CHUNK])
        first = next_id + start
        hashes = chain(previous, first, at, actor, chunk)
        cursor.executemany(sql, [(first + n, at, actor, *entry, prev, own)
                                 for n, (entry, (prev, own)) in enumerate(zip(chunk, hashes))])
        previous = hashes[-1][1]


_APPEND_CHUNK = 5000
_ORDERED_AGGREGATES = sqlite3.sqlite_version_info >= (3, 44)  # json_group_array(x ORDER BY y)


def _in_chunks(cursor, sql: str, ids: list, size: int = 500):
    """Rows of `sql` (with {marks} for an IN list) over `ids`, `size` at a time."""
    for start in range(0, len(ids), size):
        chunk = ids[start:start + size]
        yield from cursor.execute(sql.format(marks=", ".join("?" * len(chunk))), chunk)


def _resolved(cursor, chunk: list[list]) -> list[tuple]:
    """The entries as (table, record id, uuid, action, before, after), the values read in: inserted rows from their
    tables (one statement a table), captured values from the pending rows, folded links from the link tables."""
    captured, rows, arrays = [], defaultdict(list), defaultdict(list)
    for entry in chunk:
        if entry[4] is _OLD:
            captured.append(entry[6])
        after = entry[5]
        if after is _ROW:
            rows[entry[0]].append(entry[6])
        elif isinstance(after, _Later):
            captured.append(int(after))
        for _side, _field, value in entry[7] or ():
            if isinstance(value, tuple):
                arrays[value[0]].append(entry[1])
    texts = dict(_in_chunks(cursor, "SELECT seq, old FROM temp.audit_pending WHERE seq IN ({marks})", captured))
    values: dict[int, str] = {}
    for tbl, seqs in rows.items():
        values.update(cursor.execute(
            f"SELECT p.seq, {_values_sql(tbl, 't')} FROM temp.audit_pending p JOIN main.{tbl} t ON t.id = p.rid "
            f"WHERE p.seq BETWEEN ? AND ? AND p.tbl = '{tbl}' AND p.op = 'insert'", (min(seqs), max(seqs))))
    links: dict[tuple[str, int], str] = {}
    for tbl, owners in arrays.items():
        _owner, owner_col, other_col, _field = LINKS[tbl]
        link = link_sql(tbl, tbl)
        if _ORDERED_AGGREGATES:
            sql = (f"SELECT {owner_col}, json_group_array({link} ORDER BY {other_col}, {link}) FROM main.{tbl} "
                   f"WHERE {owner_col} IN ({{marks}}) GROUP BY {owner_col}")
        else:  # the rows reach the aggregate in the order of the subquery
            sql = (f"SELECT o, json_group_array(link) FROM (SELECT {owner_col} AS o, {link} AS link FROM main.{tbl} "
                   f"WHERE {owner_col} IN ({{marks}}) ORDER BY {owner_col}, {other_col}, link) GROUP BY o")
        links.update(((tbl, owner), array) for owner, array in _in_chunks(cursor, sql, sorted(set(owners))))
    out = []
    for tbl, rid, ruuid, action, before, after, seq, folded in chunk:
        if before is _OLD:
            before = texts[seq]
        if after is _ROW:
            after = values[seq]
        elif isinstance(after, _Later):
            after = texts[int(after)]
        for side, field, value in folded or ():
            if isinstance(value, tuple):
                value = links.get((value[0], rid))
                if value is None:  # its links were added and removed again
                    continue
                value = _Json(value)
            if side == 4:
                before = _set_field(before, field, value)
            else:
                after = _set_field(after, field, value)
        out.append((tbl, rid, ruuid, action, before, after))
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
