"""Engine and session factory. SQLite gets foreign keys, WAL and a busy timeout on every connection."""
from __future__ import annotations

import os
import socket
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from db.sqlite_file import SQLITE_FILE_NAME, sqlite_url  # noqa: F401 (named here too)


def _on_sqlite_connect(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")  # another PC or our backup holding a lock: wait, don't fail
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Up to 64 MB of page cache (SQLite's default is 2 MB): a 100,000-row roster's random UUID and ID-number
    # index inserts then stay in memory instead of spilling, 0.35 s of a 6 s import. Only pages used take memory.
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.close()


APPLICATION = "cppcc-desk"  # PostgreSQL's application_name starts with it: who has a server database open


def program_tag() -> str:
    """This program on this PC, as a server lists its connections: "cppcc-desk HOST PID" (ASCII: the server shows
    other characters as ?), so a restore can tell another PC's program from its own connections."""
    host = socket.gethostname().encode("ascii", "replace").decode("ascii")[:30]
    return f"{APPLICATION} {host} {os.getpid()}"


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite connections get the pragmas above, PostgreSQL ones this program's tag."""
    if make_url(url).get_backend_name() == "postgresql":
        return create_engine(url, future=True, connect_args={"application_name": program_tag()})
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _on_sqlite_connect)
    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    # expire_on_commit=False: services hand out DTOs built after commit without reloading.
    return sessionmaker(engine, expire_on_commit=False, future=True)


def sqlite_path(engine: Engine) -> Path | None:
    """The database file behind a SQLite engine, or None for other databases."""
    if engine.dialect.name != "sqlite" or not engine.url.database or engine.url.database == ":memory:":
        return None
    return Path(engine.url.database)
