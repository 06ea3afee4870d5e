"""Which programs have a data folder open, and one writer at a time across processes.

Every program that opens a data folder (the window, each command) leaves a small lock file in
`<data>/.open/` and holds an operating-system lock on it while it runs. A restore asks who else is
there: a file whose lock can be taken belongs to a program that ended (or crashed) and is removed;
a file whose lock is held names a running program, and the restore refuses in a sentence naming it.
(The window's "another program wrote" check reads the database itself: services/data_watch.py.)

`writer_lock` is an exclusive lock on `<data>/.open/writer.lock` for the length of one write
(an import, a restore, the demo): a second writer gets a sentence, or waits when it asks to.
"""
from __future__ import annotations

import atexit
import contextlib
import json
import os
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Iterator

from desktop_app.domain.errors import Conflict

FOLDER = ".open"
STARTING_S = 2.0  # a lock file younger than this may belong to a program still taking its lock


def _try_lock(handle) -> bool:
    """Take an exclusive lock on an open file without waiting; False when another process holds it."""
    if os.name == "nt":
        import msvcrt

        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def _unlock(handle) -> None:
    with contextlib.suppress(OSError):
        if os.name == "nt":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


@dataclass(frozen=True)
class OpenProgram:
    what: str  # 窗口 / 命令行：import members …
    pid: int
    since: str  # local time, for people

    def describe(self) -> str:
        return f"{self.what}（进程 {self.pid}，{self.since}起）"


class Presence:
    """This program has the data folder open, until `close()`."""

    def __init__(self, root: Path, what: str):
        self.root = Path(root)
        self.id = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        folder = self.root / FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        self._info = folder / f"{self.id}.json"
        self._info.write_text(json.dumps({"what": what, "pid": os.getpid(),
                                          "since": datetime.now().strftime("%Y-%m-%d %H:%M")}, ensure_ascii=False),
                              encoding="utf-8")
        self._handle = open(folder / f"{self.id}.lock", "a+b")
        for _attempt in range(100):  # another program looking (other_programs) holds the lock for an instant
            if _try_lock(self._handle):
                break
            time.sleep(0.01)
        else:
            raise OSError("could not lock a new presence file")
        atexit.register(self.close)  # a command that ends without closing its context leaves no files behind

    def close(self) -> None:
        if self._handle is None:
            return
        _unlock(self._handle)
        self._handle.close()
        self._handle = None
        for path in (self._info, self._info.with_suffix(".lock")):
            with contextlib.suppress(OSError):
                path.unlink()


def other_programs(root: Path, *, except_id: str | None = None) -> list[OpenProgram]:
    """The programs that have the folder open now, this one (`except_id`) left out; leftovers are removed."""
    folder = Path(root) / FOLDER
    found: list[OpenProgram] = []
    if not folder.is_dir():
        return found
    for lock in sorted(folder.glob("*.lock")):
        if lock.stem == except_id or lock.name == "writer.lock":
            continue
        info = lock.with_suffix(".json")
        try:
            young = time.time() - lock.stat().st_mtime < STARTING_S
            handle = open(lock, "a+b")
        except OSError:
            continue
        with handle:
            if _try_lock(handle):  # nobody holds it: that program has ended …
                _unlock(handle)
                if young:  # … or is starting (it creates the file, then locks it): left for a later look
                    continue
                stale = True
            else:
                stale = False
        if stale:
            for path in (lock, info):
                with contextlib.suppress(OSError):
                    path.unlink()
            continue
        try:
            data = json.loads(info.read_text(encoding="utf-8"))
            found.append(OpenProgram(str(data.get("what", "另一个程序")), int(data.get("pid", 0)), str(data.get("since", ""))))
        except (OSError, ValueError):
            found.append(OpenProgram("另一个程序", 0, ""))
    return found


def clear_stale(root: Path) -> None:
    """Remove the presence files of programs killed while they had the folder open (a note `writer.json` left by
    a killed writer stays: it is read only while the writer lock is held, and the next writer replaces it)."""
    other_programs(root)


# The key of the writer lock on a shared PostgreSQL database (an advisory lock, per database): PCs sharing a
# server do not share a data folder, so there the folder's writer.lock cannot keep two writers apart.
WRITER_LOCK_KEY = 0x63707063_6465736B  # "cppcdesk"
_SERVER_WRITER = "另一台电脑（或另一个程序）"


def _advisory(engine) -> bool:
    return engine is not None and engine.dialect.name == "postgresql"


def lock_database_for_writing(connection, what: str, *, wait_s: float = 60.0) -> None:
    """Inside a write transaction on PostgreSQL: wait (up to `wait_s`) for the database's writer lock, held
    until the transaction ends — what SQLite's BEGIN IMMEDIATE does for a file. No-op on other databases."""
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    if connection.dialect.name != "postgresql":
        return
    connection.execute(text(f"SET LOCAL lock_timeout = '{int(wait_s * 1000)}ms'"))
    try:
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITER_LOCK_KEY})
    except OperationalError as exc:  # lock_timeout: another PC's write lasted longer than we wait
        raise Conflict(f"{_SERVER_WRITER}正在写入数据，请等它完成后再{what}。") from exc


@contextlib.contextmanager
def _database_writer_lock(engine, what: str, wait_s: float) -> Iterator[None]:
    """The advisory writer lock of a PostgreSQL database, on a connection of its own, for the block."""
    from sqlalchemy import text

    with engine.connect() as connection:
        connection = connection.execution_options(isolation_level="AUTOCOMMIT")
        deadline = time.monotonic() + wait_s
        while not connection.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": WRITER_LOCK_KEY}):
            if time.monotonic() >= deadline:
                raise Conflict(f"{_SERVER_WRITER}正在写入数据，请等它完成后再{what}。")
            time.sleep(0.1)
        try:
            yield
        finally:
            connection.scalar(text("SELECT pg_advisory_unlock(:key)"), {"key": WRITER_LOCK_KEY})


@contextlib.contextmanager
def writer_lock(root: Path, what: str, *, wait_s: float = 0.0, engine=None) -> Iterator[None]:
    """Hold the data folder's writer lock while the block runs; refuse (Conflict) when another writer holds it.

    With `engine` on PostgreSQL (several PCs, each with its own data folder, on one database) the database's
    advisory lock is taken as well, so a writer on another PC is kept out too."""
    if _advisory(engine):
        with _database_writer_lock(engine, what, wait_s), writer_lock(root, what, wait_s=wait_s):
            yield
        return
    folder = Path(root) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "writer.lock"
    handle = open(path, "a+b")
    deadline = time.monotonic() + wait_s
    try:
        while not _try_lock(handle):
            if time.monotonic() >= deadline:
                holder = _holder(folder)
                raise Conflict(f"{holder}正在写入数据，请等它完成后再{what}。")
            time.sleep(0.1)
        _write_holder(folder, what)
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                (folder / "writer.json").unlink()
            _unlock(handle)
    finally:
        handle.close()


def _write_holder(folder: Path, what: str) -> None:
    with contextlib.suppress(OSError):
        (folder / "writer.json").write_text(json.dumps({"what": what, "pid": os.getpid()}, ensure_ascii=False),
                                            encoding="utf-8")


def _holder(folder: Path) -> str:
    try:
        data = json.loads((folder / "writer.json").read_text(encoding="utf-8"))
        return f"另一个程序（{data.get('what', '')}，进程 {data.get('pid', '')}）"
    except (OSError, ValueError):
        return "另一个程序"
