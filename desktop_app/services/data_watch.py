"""Has another program written to the database since we last looked? (the window's "another program wrote").

The command line, a second window or another PC on the shared folder may commit while the window is open.
SQLite's `PRAGMA data_version` on one connection changes exactly when another connection has committed; read
on a connection kept for the watch it costs a few microseconds (no table is read), so the window can ask every
few seconds. The window's own writes commit on other connections of the same engine and change it too, so the
window brackets each of its writes with `own_write()`: the watch then takes whatever changed up to the end of the
write as its own. A commit by another program in the middle of one of the window's writes is taken as the
window's (the writes are serialised by SQLite's write lock, so this needs the two to interleave between the
window's commits); the next outside commit brings the window up to date.
Commits through the window's own engine that were not bracketed (a service called directly, an automatic
backup's bookkeeping) are recognised too: a commit event on the engine whose connection changed rows
(sqlite3's `total_changes`) marks the next version change as ours.
The watch reads on a plain sqlite3 connection of its own, not one of the engine's: it never writes, so it needs
none of what the engine sets up on each connection (the pragmas and the audit log's triggers, about 8 ms that the
window would otherwise spend as the store opens, before the first page is read).

On PostgreSQL (several PCs on one server) every write ends in the audit log (services/audit_pg.py), so the
version is the log's last id, read through the engine (one indexed row, a round trip on the office network); a
commit of ours that appended entries is marked by audit_pg in the connection's info (APPENDED), the way
`total_changes` marks ours on SQLite. Another PC's write therefore shows in this window within a poll.
"""
from __future__ import annotations

import contextlib
import sqlite3
import threading
from typing import Iterator

from sqlalchemy import Engine, event


APPENDED = "data_watch_appended"  # connection.info (PostgreSQL): this commit appended audit entries of ours


class DataWatch:
    """Polled by the window (`outside_write`: on the GUI thread for a file, on a worker for a server, see
    `remote`), bracketed by the window's writers on workers (`own_write`)."""

    def __init__(self, engine: Engine):
        self._lock = threading.Lock()
        self._engine: Engine | None = engine if engine.dialect.name in ("sqlite", "postgresql") else None
        self._server = engine.dialect.name == "postgresql"
        self._connection = None
        self._own = 0  # the window's writes running now
        self._pending = False  # an outside commit seen when one of ours began, not yet reported
        self._ours = False  # a commit through our engine changed rows since the last version change we took
        if self._engine is not None:
            event.listen(self._engine, "commit", self._on_commit)
        self._seen = self._version()

    @property
    def remote(self) -> bool:
        """True on a server: each look is a round trip on the office network, so the window looks off its GUI
        thread (a file's look costs microseconds and stays on it)."""
        return self._server

    def _on_commit(self, connection) -> None:
        """Any commit on the engine (any thread): did its connection change rows since its last commit?"""
        if self._server:
            if connection.info.pop(APPENDED, False):
                self._ours = True
            return
        pooled = connection.connection  # the pool's record of the DBAPI connection lives as long as it does
        total = getattr(getattr(pooled, "dbapi_connection", None), "total_changes", None)
        if total is None:
            return
        if total != pooled.info.get("data_watch_changes", 0):
            pooled.info["data_watch_changes"] = total
            self._ours = True

    def _version(self) -> int | None:
        """The connection's data_version (connecting first when needed); None for a database we cannot watch."""
        if self._engine is None:
            return None
        if self._server:
            if self._connection is None:
                self._connection, self._seen = True, None  # no connection of its own: the engine's pool
            with self._engine.connect() as connection:
                return int(connection.exec_driver_sql("SELECT coalesce(max(id), 0) FROM audit_log").scalar())
        if self._connection is None:
            self._connection = self._connect(self._engine)
            self._seen = None  # a new connection counts afresh: nothing to compare with yet
        cursor = self._connection.cursor()
        try:
            cursor.execute("PRAGMA data_version")
            return int(cursor.fetchone()[0])
        finally:
            cursor.close()

    @staticmethod
    def _connect(engine: Engine):
        """A connection of the watch's own to the engine's database file (the engine's, for one in memory)."""
        from db.engine import sqlite_path

        path = sqlite_path(engine)
        if path is None:
            return engine.raw_connection()
        # used from the GUI thread and, under the lock, from the window's writers on their workers
        return sqlite3.connect(str(path), check_same_thread=False)

    def outside_write(self) -> bool:
        """True (once) when another program has committed since the last call; False while a write of ours runs."""
        with self._lock:
            if self._engine is None or self._own:
                return False
            fresh = self._connection is None
            version = self._version()
            moved = not fresh and version != self._seen
            changed = self._pending or (moved and not self._ours)
            if moved or fresh:
                self._ours = False  # kept while the version has not moved: the commit may not have landed yet
            self._seen, self._pending = version, False
            return changed

    @contextlib.contextmanager
    def own_write(self, *, replaces_file: bool = False) -> Iterator[None]:
        """Around one of the window's writes: what others committed before it is still reported, what changes
        until it ends is ours. `replaces_file` (a restore): the watch lets go of the database file meanwhile."""
        with self._lock:
            if self._engine is not None and not self._own and self._connection is not None \
                    and self._version() != self._seen:
                self._pending = True
            self._own += 1
            if replaces_file:
                self._disconnect()
        try:
            yield
        finally:
            with self._lock:
                self._own -= 1
                if self._engine is not None and not self._own and self._connection is not None:
                    self._seen = self._version()

    def _disconnect(self) -> None:
        if self._connection is True:
            self._connection = None
        elif self._connection is not None:
            with contextlib.suppress(Exception):
                self._connection.close()
            self._connection = None

    def close(self) -> None:
        with self._lock:
            self._disconnect()
            if self._engine is not None:
                with contextlib.suppress(Exception):
                    event.remove(self._engine, "commit", self._on_commit)
            self._engine = None
