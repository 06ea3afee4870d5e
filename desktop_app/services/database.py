"""Open the store: data folder → engine → migrate (after a backup) → shipped vocabularies."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy.exc import DatabaseError, OperationalError

from db.engine import make_engine, make_session_factory, sqlite_url
from db.migrate import MigrationOutcome, current_revision, head_revision, upgrade_to_head
from desktop_app.domain.errors import EnvironmentProblem
from desktop_app.paths import DataPaths, resources_dir
from desktop_app.services.context import ServiceContext
from desktop_app.services.uow import UnitOfWork

PROGRAM_ACTOR = "本程序"  # 经办人 of what the program writes on its own (the shipped vocabularies after an upgrade)
from desktop_app.services.settings import seed_vocabularies


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


def open_store(data_dir: Path, *, url: str | None = None, resources: Path | None = None,
               what: str = "命令行") -> ServiceContext:
    """A ServiceContext on the data folder's SQLite file (or `url`), upgraded to the program's schema.

    `what` names this program to others (a restore refuses while the window or a command has the folder open).
    """
    from desktop_app.services.presence import Presence, clear_stale, writer_lock
    from desktop_app.services.restore import recover_interrupted_restore
    from desktop_app.services.transfer import backup_before_upgrade

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
        presence.close()
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
