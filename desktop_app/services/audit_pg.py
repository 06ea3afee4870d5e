"""The audit log on PostgreSQL: the database's own triggers capture every change (db/audit_capture.py, migration
0007); when a transaction commits, the same code that turns SQLite's captures into entries (services/audit.py:
only what changed, link tables folded into their owner's entry, the hash chain) turns this transaction's captures
into audit_log entries, in the same transaction.

Several PCs write to one database: the entries are appended under an advisory lock of their own, taken just before
the chain's head is read and held to the commit, so each commit's entries follow the previous commit's and the
chain stays one chain. Only the appending waits for it (a few milliseconds), not the work before it; and since a
transaction holding it waits for nothing else, it cannot deadlock with the writer lock (services.presence).
"""
from __future__ import annotations

import re

from sqlalchemy import Engine, event

from db.audit_capture import OFF_SETTING
from desktop_app.domain.audit_scope import AUDIT_TABLE, CAPTURE_TABLE
from desktop_app.services import audit
from desktop_app.services.data_watch import APPENDED

OUTSIDE_ACTOR = "（本程序以外）"  # who an entry names when the change was committed without the program

# The advisory lock the chain is appended under (not the writer lock: see the module's note).
CHAIN_LOCK_KEY = 0x63707063_61756474  # "cppcaudt"


def install(engine: Engine, session_factory) -> None:
    """Turn each transaction's captures into entries when it commits (the triggers are the database's)."""
    event.listen(session_factory, "after_begin", audit._hand_over)
    event.listen(engine, "commit", _on_commit)
    event.listen(engine, "rollback", audit._on_rollback)


def capture_nothing(connection) -> None:
    """This transaction's writes are not captured (copy_not_logged: a transfer brings the records' own log)."""
    connection.exec_driver_sql(f"SELECT set_config('{OFF_SETTING}', 'on', true)")


def _on_commit(connection) -> None:
    info = connection.info
    labels = info.pop(audit._LABELS, None) or {}
    actor = info.pop(audit._ACTOR, None)
    if info.pop(audit._COPYING, False):
        return  # nothing was captured (capture_nothing)
    raw = connection.connection.dbapi_connection.cursor()
    try:
        cursor = _Cursor(raw)
        # a transaction that wrote nothing has no transaction id: then nothing is read
        pending = cursor.execute(_PENDING.format(which="= txid_current_if_assigned()")).fetchall()
        if not pending:
            return
        # the chain's head is read after the lock: the last commit's entries are then visible (READ COMMITTED)
        cursor.execute(f"SELECT pg_advisory_xact_lock({CHAIN_LOCK_KEY})")
        _log_outside_changes(cursor)
        entries = audit._entries(cursor, pending, labels)
        del pending
        if entries:
            if not actor:
                from desktop_app.services.context import default_actor

                actor = default_actor()
            audit._append(cursor, entries, actor)
            info[APPENDED] = True  # the window's data watch takes this commit's entries as its own
        cursor.execute(f"DELETE FROM {CAPTURE_TABLE} WHERE txid = txid_current_if_assigned()")
    finally:
        raw.close()


_PENDING = (f"SELECT seq, tbl, op, rid, ruuid, {audit._NOW_IF_NEEDED.format(column='old')}, "
            f"{audit._NOW_IF_NEEDED.format(column='new')} FROM {CAPTURE_TABLE} WHERE txid {{which}} ORDER BY seq")


def _log_outside_changes(cursor) -> None:
    """Changes committed without the program (psql, a tool on the server): the triggers captured them all the
    same; they are logged now, before this commit's own, as made outside the program (under the chain's lock, so
    one program logs them, once). A link list on such an entry is read as it is now."""
    outside = cursor.execute(_PENDING.format(which="<> txid_current_if_assigned()").replace(
        "SELECT seq", "SELECT txid, seq", 1)).fetchall()
    if not outside:
        return
    txids = sorted({row[0] for row in outside})
    entries = audit._entries(cursor, [row[1:] for row in outside], {})
    del outside
    if entries:
        audit._append(cursor, entries, OUTSIDE_ACTOR)
    # by transaction: one committed meanwhile has all its rows left for the next commit
    cursor.execute(f"DELETE FROM {CAPTURE_TABLE} WHERE txid = ANY(%s)", (txids,))


_MAIN = re.compile(r"\b(?:main|temp)\.")


class _Cursor:
    """The psycopg cursor, taking the SQL services/audit.py writes for SQLite: `?` marks, main./temp. schemas."""

    def __init__(self, cursor):
        self._cursor = cursor

    @staticmethod
    def _sql(sql: str) -> str:
        return _MAIN.sub("", sql).replace("?", "%s")

    def execute(self, sql: str, params=()):
        self._cursor.execute(self._sql(sql), tuple(params) or None)
        return self._cursor

    def executemany(self, sql: str, rows) -> None:
        insert = _INSERT_ENTRIES.match(sql)
        if insert is None:
            self._cursor.executemany(self._sql(sql), rows)
            return
        # the entries: by COPY, several times faster than one INSERT each (586,000 entries of a city demo)
        with self._cursor.copy(f"COPY {AUDIT_TABLE} ({insert.group(1)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


_INSERT_ENTRIES = re.compile(rf"INSERT INTO {AUDIT_TABLE} \(([a-z_, ]+)\) VALUES")
