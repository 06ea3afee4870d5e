"""Open the store: data folder → engine → migrate (after a backup) → shipped vocabularies.

In two steps, so the window can show its first page before SQLAlchemy is even imported: `prepare_folder` (the
folder made ready, an interrupted restore finished, this program marked as having it open, and the SQLite file's
revision read through a plain sqlite3 connection) imports nothing but the standard library; a folder whose own
SQLite file is already at the program's schema can then be read at once through `FolderReader` (plain sqlite3,
read-only, one transaction), while `finish_opening` makes the engine and upgrades. A file at any other revision
(new, older, not ours) and a server are read only after `finish_opening`: an older database still gets its backup
and upgrade before anything reads it. `open_store` is both steps in one.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, TypeVar

from db.sqlite_file import head_revision, sqlite_file, sqlite_file_revision, sqlite_url
from desktop_app.domain.errors import EnvironmentProblem
from desktop_app.paths import DataPaths, resources_dir

if TYPE_CHECKING:
    from desktop_app.services.context import ServiceContext

PROGRAM_ACTOR = "本程序"  # 经办人 of what the program writes on its own (the shipped vocabularies after an upgrade)
BUSY_TIMEOUT_S = 5.0  # as the engine's connections wait for a lock (db/engine.py)
T = TypeVar("T")
Rows = Callable[[str, dict], list]  # run(sql, params) -> rows: the SQL of a read, its :named parameters


def database_url(data: DataPaths, url: str | None) -> str:
    """The database of a data folder: `url` when given (--db), else the server saved in 设置 (services.server),
    else its SQLite file.

    (The tests on PostgreSQL replace this function to give each data folder a fresh database.)"""
    if url:
        return url
    from desktop_app.services.server import read_server

    saved = read_server(data.root)
    return saved.url() if saved is not None else sqlite_url(data.root)


def _server_problem(data: DataPaths, url: str, exc: BaseException) -> EnvironmentProblem:
    """A server that could not be used, in one sentence; the saved server's failure is a ServerUnreachable (the
    window then offers 改用本机数据)."""
    from sqlalchemy.engine import make_url

    from desktop_app.services.server import (DEFAULT_PORT, ServerSetting, ServerUnreachable, connection_problem,
                                             read_server)

    saved = read_server(data.root)
    if saved is not None and saved.url() == url:
        return ServerUnreachable(connection_problem(saved, exc), saved)
    parsed = make_url(url)
    setting = ServerSetting(host=parsed.host or str(parsed.query.get("host") or "本机"),
                            port=int(parsed.port or parsed.query.get("port") or DEFAULT_PORT),
                            database=parsed.database or "", user=parsed.username or "")
    return EnvironmentProblem(connection_problem(setting, exc))


class FolderReader:
    """Reads the data folder's SQLite file before the engine exists: a plain sqlite3 connection, read-only
    (`query_only`), one transaction per read. Only a file at the program's schema is read this way."""

    def __init__(self, path: Path):
        self.path = path

    def read(self, read: Callable[[Rows], T]) -> T:
        """`read(run)` inside one read transaction; `run(sql, params)` returns the rows (dates as ISO text)."""
        connection = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_S, isolation_level=None,
                                     check_same_thread=False)
        try:
            connection.execute("PRAGMA query_only = ON")
            connection.execute("BEGIN")
            try:
                return read(lambda sql, params: connection.execute(sql, _sqlite_params(params)).fetchall())
            finally:
                connection.execute("ROLLBACK")
        finally:
            connection.close()


def _sqlite_params(params: dict) -> dict:
    """Dates as SQLite keeps them (ISO text, as SQLAlchemy's Date stores them)."""
    return {key: value.isoformat() if hasattr(value, "isoformat") else value for key, value in params.items()}


@dataclass
class PreparedFolder:
    """A data folder made ready to open (prepare_folder); `finish_opening` makes the store from it."""

    data: DataPaths
    url: str
    folder_file: bool  # the data folder's own SQLite file, not a server
    notes: list[str] = field(default_factory=list)  # what recovering an interrupted restore did
    presence: Any = None  # services.presence.Presence
    at_head: bool = False  # the folder's file exists at the program's schema: nothing to upgrade before reading

    def reader(self) -> FolderReader | None:
        """A reader of the folder's file when it may be read before the store is open (at the program's schema)."""
        return FolderReader(sqlite_file(self.data.root)) if self.folder_file and self.at_head else None

    def close(self) -> None:
        """Let go of the folder without opening the store (the window closed first)."""
        if self.presence is not None:
            self.presence.close()
            self.presence = None


def prepare_folder(data_dir: Path, *, url: str | None = None, what: str = "命令行") -> PreparedFolder:
    """The data folder made ready (created, an interrupted restore finished, this program marked as having it
    open) and its SQLite file's revision read; the standard library only (no SQLAlchemy).

    `what` names this program to others (a restore refuses while the window or a command has the folder open).
    """
    from desktop_app.services.presence import Presence, clear_stale
    from desktop_app.services.restore import recover_interrupted_restore

    try:
        data = DataPaths(Path(data_dir)).ensure()
        url = database_url(data, url)
        folder_file = url == sqlite_url(data.root)  # the data folder's own SQLite file, not a server
        notes = recover_interrupted_restore(data) if folder_file else []
        clear_stale(data.root)
        presence = Presence(data.root, what)
    except OSError as exc:
        from desktop_app.domain.faults import explain_fault

        reason = explain_fault(exc)
        raise EnvironmentProblem(f"数据文件夹“{data_dir}”无法写入。" + (reason.message if reason else
                                 f"（{exc.strerror}）请换一个有写入权限的位置。")) from exc
    prepared = PreparedFolder(data, url, folder_file, notes, presence)
    path = sqlite_file(data.root)
    if folder_file and path.exists():
        try:  # a plain read of one row; a file that is not ours or damaged is refused by finish_opening, as before
            prepared.at_head = sqlite_file_revision(path) == head_revision()
        except EnvironmentProblem:
            prepared.at_head = False
    return prepared


def open_store(data_dir: Path, *, url: str | None = None, resources: Path | None = None,
               what: str = "命令行") -> ServiceContext:
    """A ServiceContext on the data folder's SQLite file (or `url`), upgraded to the program's schema.

    `what` names this program to others (a restore refuses while the window or a command has the folder open).
    """
    return finish_opening(prepare_folder(data_dir, url=url, what=what), resources=resources)


def finish_opening(prepared: PreparedFolder, *, resources: Path | None = None) -> ServiceContext:
    """The store of a prepared folder: the engine, the schema brought to the program's (after a backup), the audit
    log installed, the shipped vocabularies an upgrade lacks added."""
    from sqlalchemy.exc import DatabaseError, OperationalError

    from db.engine import make_engine, make_session_factory
    from db.migrate import MigrationOutcome, current_revision, upgrade_to_head
    from desktop_app.services.context import ServiceContext
    from desktop_app.services.presence import writer_lock
    from desktop_app.services.settings import seed_vocabularies
    from desktop_app.services.transfer import backup_before_upgrade
    from desktop_app.services.uow import UnitOfWork

    data, url, folder_file, notes, presence = (prepared.data, prepared.url, prepared.folder_file, prepared.notes,
                                               prepared.presence)
    engine = make_engine(url)
    try:
        revision = current_revision(engine) if folder_file else None
        if folder_file and revision == head_revision():
            # already at the program's schema (every start but the first after an update): the revision, read once
            # through a plain connection, is all there is to check
            outcome = MigrationOutcome(revision, revision, None)
        elif folder_file:
            # creating or upgrading the file: one program at a time (two started at once on a new folder both
            # created the tables, and one failed with "table … already exists")
            with writer_lock(data.root, "打开数据文件夹", wait_s=120):
                outcome = upgrade_to_head(engine, backups_dir=data.backups, backup=backup_before_upgrade)
        else:  # a server: its schema's upgrade waits for a copy of every record too (a SQLite snapshot)
            outcome = upgrade_to_head(engine, backups_dir=data.backups, backup=backup_before_upgrade)
    except BaseException as exc:
        engine.dispose()
        prepared.close()
        if not isinstance(exc, (OperationalError, DatabaseError)):
            raise
        if not folder_file and engine.dialect.name == "postgresql":
            raise _server_problem(data, url, exc) from exc
        raise EnvironmentProblem(
            f"无法打开数据库（{exc.orig if hasattr(exc, 'orig') else exc}），"
            "文件可能已损坏或正被占用；请关闭其他使用它的程序，或用“恢复备份”还原。"
        ) from exc
    from desktop_app.services import audit

    session_factory = make_session_factory(engine)
    audit.install(engine, session_factory)  # after the upgrade: from here on every change is logged
    ctx = ServiceContext(engine=engine, session_factory=session_factory, data=data,
                         resources=resources or resources_dir(),
                         opening_notes=tuple(notes) + tuple(f"数据库已升级，并修复：{n}" for n in outcome.notes),
                         presence=presence)
    prepared.presence = None  # the context has it now (ServiceContext.close lets go of the folder)
    if ctx.opening_notes:
        import logging

        from desktop_app.logs import LOGGER_NAME

        for note in ctx.opening_notes:  # into the log file only; the fronts show them to the user
            logging.getLogger(LOGGER_NAME).warning("打开数据文件夹时：%s", note)
    if outcome.before != outcome.after:
        uow = UnitOfWork(ctx.session_factory, actor=PROGRAM_ACTOR)  # the program's own doing, not the clerk's
        with uow as s:
            seed_vocabularies(s, ctx.resources)
            uow.commit()
    if not folder_file:  # a server keeps attachments itself: files an older program left in this folder go in
        from desktop_app.services.attachments import carry_in_local_files

        carried = carry_in_local_files(ctx)
        if carried:
            ctx.opening_notes += (f"已把本机数据文件夹中的 {carried} 个附件存入数据库，各台电脑都能打开它们。",)
    return ctx
