"""Bring a database to the program's schema: back up, then upgrade; refuse one that is newer.

Revision ids are zero-padded sequence numbers ("0001", "0002" …) named in the file names, so
the head can be known without importing Alembic (0.2 s) on every start (db/sqlite_file.py).
"""
from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, inspect, text

from db.engine import sqlite_path
from db.sqlite_file import _FOREIGN_FILE, head_revision, migrations_dir, sqlite_file_revision  # noqa: F401
from desktop_app.domain.errors import EnvironmentProblem


def current_revision(engine: Engine) -> str | None:
    """The database's revision, or None for a database without one (new and empty)."""
    path = sqlite_path(engine)
    if path is not None and path.exists():
        return sqlite_file_revision(path)
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            if inspect(connection).get_table_names():
                raise EnvironmentProblem(_FOREIGN_FILE)
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


@dataclass(frozen=True)
class MigrationOutcome:
    before: str | None
    after: str
    backup: Path | None
    notes: tuple[str, ...] = ()  # what an upgrade repaired, in sentences for the user


def backup_sqlite_file(engine: Engine, backups_dir: Path, label: str) -> Path | None:
    """A consistent copy of a SQLite database via the online backup API (safe while open)."""
    source = sqlite_path(engine)
    if source is None or not source.exists():
        return None
    backups_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backups_dir / f"{label}-{stamp}.sqlite3"
    # written as .part and renamed when whole: a copy cut short (full disk, the process killed) never passes
    # for a backup, and the next opening removes it (services.restore.recover_interrupted_restore)
    partial = target.with_name(target.name + ".part")
    src = sqlite3.connect(str(source))
    try:
        dst = sqlite3.connect(str(partial))
        try:
            src.backup(dst)
        finally:
            dst.close()
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)  # a copy cut short by a full disk is no backup: leave nothing behind
        raise
    finally:
        src.close()
    return target


def _alembic_config(connection):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.attributes["connection"] = connection
    return config


def _run_alembic(engine: Engine, command_name: str, revision: str) -> list[str]:
    """Run an Alembic command on one connection; returns the notes the migrations left.

    On SQLite, foreign keys are off while it runs: batch mode copies a table and drops the old one, and a
    DROP TABLE with foreign keys on would first delete (and cascade) every row pointing at it. The keys are
    checked once the migration has run, before it commits.
    """
    from alembic import command

    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")  # sqlite3 opens no transaction for a PRAGMA
            connection.commit()  # ends SQLAlchemy's autobegun (empty) transaction
        try:
            config = _alembic_config(connection)
            with connection.begin():
                getattr(command, command_name)(config, revision)
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise EnvironmentProblem(
                            f"数据库升级后有{len(broken)}处引用对不上（例如表 {broken[0][0]}），升级已撤销，数据未作更改。")
        finally:
            if sqlite:
                connection.rollback()  # nothing is pending after a commit; after an error this ends it
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()
    return list(config.attributes.get("notes", []))


def upgrade_to_head(engine: Engine, *, backups_dir: Path, backup=None) -> MigrationOutcome:
    """Upgrade `engine`'s database to the program's head, after a backup when it held data.

    `backup(engine, folder, label)` makes that backup (default: backup_sqlite_file, which copies a SQLite file and
    leaves other databases alone; opening a data folder passes one that also snapshots a server database,
    services.transfer.backup_before_upgrade). It runs before the migrations; when it fails, nothing is upgraded."""
    head = head_revision()
    before = current_revision(engine)
    if before == head:
        return MigrationOutcome(before, head, None)
    if engine.dialect.name == "postgresql":
        with _upgrade_lock(engine):  # two PCs opening an older server database at once: one upgrades
            return _upgrade(engine, backups_dir, backup, head, current_revision(engine))
    return _upgrade(engine, backups_dir, backup, head, before)


UPGRADE_LOCK_KEY = 0x63707063_75706772  # "cppcupgr": a server database is upgraded by one program at a time


@contextlib.contextmanager
def _upgrade_lock(engine: Engine):
    """A session advisory lock on its own connection, held while the migrations run on theirs."""
    with engine.connect() as connection:
        connection.exec_driver_sql(f"SELECT pg_advisory_lock({UPGRADE_LOCK_KEY})")
        connection.commit()
        try:
            yield
        finally:
            connection.exec_driver_sql(f"SELECT pg_advisory_unlock({UPGRADE_LOCK_KEY})")
            connection.commit()


def _upgrade(engine: Engine, backups_dir: Path, backup, head: str, before: str | None) -> MigrationOutcome:
    if before == head:  # another PC upgraded it while this one waited
        return MigrationOutcome(before, head, None)
    if before is not None and before > head:
        raise EnvironmentProblem(
            f"数据库由更新版本的程序创建（结构版本 {before}），本程序只支持到 {head}；"
            "请安装新版程序后再打开，数据未作任何更改。"
        )
    make_backup = backup or backup_sqlite_file
    copy = make_backup(engine, backups_dir, f"before-upgrade-{before}") if before else None
    notes = _run_alembic(engine, "upgrade", "head")
    if before is not None:
        _refresh_planner_statistics(engine)
    return MigrationOutcome(before, head, copy, tuple(notes))


def _refresh_planner_statistics(engine: Engine) -> None:
    """ANALYZE after an upgrade of a database with records: a migration that rebuilds a table (SQLite's batch
    mode) drops its statistics, and without them SQLite chose a plan that took the all-years statistics on the
    city demo from 0.1 s to over two minutes. A few seconds once, on the first opening after the upgrade."""
    with engine.connect() as connection:
        connection.exec_driver_sql("ANALYZE")
        connection.commit()


def upgrade_to(engine: Engine, revision: str) -> tuple[str, ...]:
    """Upgrade to `revision` (no backup); used by the migration tests. Returns the migrations' notes."""
    return tuple(_run_alembic(engine, "upgrade", revision))


def downgrade_to(engine: Engine, revision: str) -> None:
    """Downgrade to `revision` ("base" for empty); used by the migration tests."""
    _run_alembic(engine, "downgrade", revision)
