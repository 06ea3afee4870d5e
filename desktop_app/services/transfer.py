"""Move every record from one database to another, empty one: a data folder's SQLite file to a PostgreSQL
server shared by several PCs (`transfer --to URL`), or back into a new data folder (`transfer --from URL`).

Every row of every table is copied as it is — ids, UUIDs, versions, timestamps, the audit log, the settings —
so the figures (`stats --json`) are the same on both sides. The target is refused unless it is empty: no
tables at all, or this program's tables holding nothing but the vocabularies every new database is given
(those are replaced by the source's). Everything is written in one transaction on the target: a transfer
cut short leaves it as it was. Afterwards PostgreSQL's id sequences are moved past the copied ids.

Tables referring to each other (a proposal merged into another, an opinion turned into a proposal and back)
are copied with those references empty first and filled in once every table is written, so no foreign key
has to be switched off (that needs a superuser on PostgreSQL).

Attachments travel with their records: a SQLite side keeps their bytes as files in its folder's attachments/, a
server side in its attachment_contents table (services/attachments.py), so the files of the folder become content
rows on the server (`--to`), content rows become files in the folder (`--from`), and a server's backup carries them
as the files of the backup zip.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, Integer, Table, bindparam, func, inspect, select, text, update

from desktop_app.domain.errors import EnvironmentProblem
from desktop_app.services.progress import CancelFn, ProgressFn

# What a new database holds before anyone has entered a record (open_store seeds them, and the audit log notes the
# seeding as the program's own doing): replaced, not refused.
SEEDED_TABLES = frozenset({"vocabularies", "vocabulary_terms", "settings", "audit_log"})
CHUNK = 2000


CONTENTS_TABLE = "attachment_contents"


@dataclass(frozen=True)
class TransferResult:
    tables: int
    rows: int
    by_table: tuple[tuple[str, int], ...]
    attachments: int = 0  # attachments whose content was carried
    missing: tuple[str, ...] = ()  # attachments whose content the source did not have (their names)


def _tables() -> list[Table]:
    from db.base import Base
    from db.models import load_all

    load_all()
    return list(Base.metadata.sorted_tables)


def describe_url(url: str) -> str:
    """A database address for people: without its password."""
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url)
    except Exception:
        return url
    return url if parsed.password is None else parsed.render_as_string(hide_password=True)


def describe_engine(engine: Engine) -> str:
    """Where an engine's database is, for people: a SQLite file's path, else its address without the password."""
    from db.engine import sqlite_path

    path = sqlite_path(engine)
    return str(path) if path is not None else engine.url.render_as_string(hide_password=True)


def open_target(url: str) -> Engine:
    """An engine on the database at `url` (a wrong address is the user's mistake, said in one sentence)."""
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    from db.engine import make_engine

    try:
        return make_engine(url)
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise EnvironmentProblem(f"数据库地址“{describe_url(url)}”写得不对（{exc}），"
                                 "例如 postgresql+psycopg://用户@服务器/数据库名。") from exc
    except ImportError as exc:  # the driver of that database is not installed
        raise EnvironmentProblem(f"本机没有安装连接这种数据库的组件（{exc.name}）；PostgreSQL 请先安装："
                                 "pip install \"cppcc-desk[postgres]\"。") from exc


def _connect_problem(engine: Engine, exc: Exception) -> EnvironmentProblem:
    return EnvironmentProblem(f"无法连接数据库“{describe_url(engine.url.render_as_string(hide_password=False))}”"
                              f"（{getattr(exc, 'orig', exc)}）；请检查地址、用户名和密码，以及服务器是否开着。")


def record_counts(engine: Engine) -> dict[str, int]:
    """Rows per table of this program's schema (tables the database does not have are left out)."""
    with engine.connect() as connection:
        present = set(inspect(connection).get_table_names())
        return {t.name: connection.scalar(select(func.count()).select_from(t)) for t in _tables() if t.name in present}


def refuse_unless_empty(engine: Engine, where: str) -> None:
    """EnvironmentProblem unless `engine`'s database is empty (see the module's note)."""
    from sqlalchemy.exc import DBAPIError

    try:
        with engine.connect() as connection:
            present = set(inspect(connection).get_table_names())
    except DBAPIError as exc:
        raise _connect_problem(engine, exc) from exc
    if not present:
        return
    from desktop_app.domain.audit_scope import CAPTURE_TABLE

    known = {t.name for t in _tables()} | {"alembic_version", CAPTURE_TABLE}  # PostgreSQL's audit capture
    foreign = sorted(present - known)
    if foreign:
        raise EnvironmentProblem(f"{where}中已有不属于本程序的表（{'、'.join(foreign[:3])}），数据未迁移；"
                                 "请换一个新建的空数据库。")
    holding = [name for name, count in record_counts(engine).items() if count and name not in SEEDED_TABLES]
    if holding:
        raise EnvironmentProblem(f"{where}中已有数据（例如表 {holding[0]}），数据未迁移；"
                                 "迁移只写入空的数据库，以免两份数据混在一起。")


def refuse_if_new(engine: Engine, label: str) -> None:
    """EnvironmentProblem when the source database has none of this program's tables (nothing to move)."""
    from sqlalchemy.exc import DBAPIError

    from db.migrate import current_revision

    try:
        revision = current_revision(engine)
    except DBAPIError as exc:
        raise _connect_problem(engine, exc) from exc
    if revision is None:
        raise EnvironmentProblem(f"数据库“{label}”是空的，没有可迁回的数据。")


def prepare_target(engine: Engine, backups: Path) -> None:
    """Create this program's tables in an empty database (the migrations, as opening does)."""
    from sqlalchemy.exc import DBAPIError

    from db.migrate import upgrade_to_head

    try:  # a database of an older program is copied before its upgrade, as opening does
        upgrade_to_head(engine, backups_dir=backups, backup=backup_before_upgrade)
    except DBAPIError as exc:
        raise _connect_problem(engine, exc) from exc


def _deferred_columns(tables: list[Table]) -> dict[str, list[str]]:
    """Per table, the nullable foreign-key columns referring to its own table or to one copied after it."""
    order = {t.name: i for i, t in enumerate(tables)}
    deferred: dict[str, list[str]] = {}
    for t in tables:
        for fk in t.foreign_keys:
            target = fk.column.table.name
            if order.get(target, -1) >= order[t.name]:
                if not fk.parent.nullable:
                    raise EnvironmentProblem(f"表 {t.name} 的 {fk.parent.name} 列引用后写入的表且不能为空，无法迁移。")
                deferred.setdefault(t.name, []).append(fk.parent.name)
    return deferred


def copy_records(source: Engine, target: Engine, *, source_root: Path | None = None, target_root: Path | None = None,
                 progress: ProgressFn | None = None, cancelled: CancelFn | None = None) -> TransferResult:
    """Copy every row of `source` into `target` (both at the program's schema; target empty), one transaction.

    The attachments' content comes along (see the module's note): from the source's attachment_contents, or from
    the files under `source_root` (a SQLite source's data folder); into the target's attachment_contents, or as
    files under `target_root` (a SQLite target's folder; without one, a SQLite target gets no files). Files written
    for a copy that fails are removed again."""
    written: list[Path] = []
    try:
        return _copy_records(source, target, source_root, target_root, written, progress, cancelled)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise


def _copy_records(source: Engine, target: Engine, source_root: Path | None, target_root: Path | None,
                  written: list[Path], progress: ProgressFn | None, cancelled: CancelFn | None) -> TransferResult:
    from desktop_app.domain.errors import Cancelled

    tables = _tables()
    deferred = _deferred_columns(tables)
    counts = record_counts(source)
    total = sum(counts.values()) or 1
    done = 0
    copied: list[tuple[str, int]] = []
    read_options = {"isolation_level": "REPEATABLE READ"} if source.dialect.name == "postgresql" else {}
    with source.connect() as reader, target.begin() as writer:
        from desktop_app.services.audit import copy_not_logged

        copy_not_logged(writer)  # the source's log comes along; the copy itself is no change to log
        if read_options:
            reader = reader.execution_options(**read_options)
        for t in reversed(tables):  # the vocabularies a new database was given make way for the source's
            writer.execute(t.delete())
        later: list[tuple[Table, list[str], list[dict]]] = []
        for t in tables:
            if t.name == CONTENTS_TABLE:
                continue  # below, by _copy_contents
            held = deferred.get(t.name, [])
            pk = list(t.primary_key.columns)
            pending: list[dict] = []
            rows_copied = 0
            result = reader.execution_options(stream_results=True).execute(select(t).order_by(*pk))
            for chunk in result.mappings().partitions(CHUNK):
                if cancelled is not None and cancelled():
                    raise Cancelled("迁移已取消，目标数据库未作更改。")
                rows = [dict(row) for row in chunk]
                if held:
                    for row in rows:
                        values = {c: row[c] for c in held if row[c] is not None}
                        if values:
                            pending.append({**{f"k_{c.name}": row[c.name] for c in pk},
                                            **{f"v_{c}": v for c, v in values.items()}})
                            for c in values:
                                row[c] = None
                writer.execute(t.insert(), rows)
                rows_copied += len(rows)
                done += len(rows)
                if progress:
                    progress(min(done, total), total, f"正在复制 {t.name}")
            if pending:
                later.append((t, pk, pending))
            copied.append((t.name, rows_copied))
        for t, pk, pending in later:  # the references that had to wait for their rows
            by_shape: dict[tuple, list[dict]] = {}
            for p in pending:
                by_shape.setdefault(tuple(sorted(p)), []).append(p)
            for shape, group in by_shape.items():
                stmt = update(t).where(*[c == bindparam(f"k_{c.name}") for c in pk]).values(
                    {k[2:]: bindparam(k) for k in shape if k.startswith("v_")})
                writer.execute(stmt, group)
        carried, missing = _copy_contents(reader, writer, source_root, target_root, written, cancelled)
        copied.append((CONTENTS_TABLE, carried if target.dialect.name != "sqlite" else 0))
        if target.dialect.name == "postgresql":
            reset_sequences(writer, tables)
    return TransferResult(len(tables), sum(n for _, n in copied), tuple(copied), carried, missing)


def _copy_contents(reader, writer, source_root: Path | None, target_root: Path | None, written: list[Path],
                   cancelled: CancelFn | None) -> tuple[int, tuple[str, ...]]:
    """Carry each attachment's content from the source to the target (rows or files, see copy_records); returns
    (how many were carried, the names of those the source lacked)."""
    from db.base import Base
    from desktop_app.domain.errors import Cancelled
    from desktop_app.services.attachments import contents_in_database
    from desktop_app.services.restore import safe_attachment_name

    from_rows, to_rows = contents_in_database(reader.engine), contents_in_database(writer.engine)
    if not to_rows and target_root is None:
        return 0, ()
    attachments, contents = Base.metadata.tables["attachments"], Base.metadata.tables[CONTENTS_TABLE]
    carried, missing = 0, []
    rows = reader.execute(select(attachments.c.id, attachments.c.stored_path, attachments.c.original_name)
                          .order_by(attachments.c.id)).all()
    for attachment_id, stored_path, name in rows:
        if cancelled is not None and cancelled():
            raise Cancelled("迁移已取消，目标数据库未作更改。")
        rel = safe_attachment_name(stored_path)
        content = None
        if rel is not None and from_rows:
            content = reader.scalar(select(contents.c.content).where(contents.c.id == attachment_id))
        elif rel is not None and source_root is not None:
            path = source_root / rel
            content = path.read_bytes() if path.is_file() else None
        if content is None:
            missing.append(name)
            continue
        if to_rows:
            writer.execute(contents.insert(), {"id": attachment_id, "content": bytes(content)})
        else:
            out = target_root / rel
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(content)
            written.append(out)
        carried += 1
    return carried, tuple(missing)


def reset_sequences(connection, tables: list[Table]) -> None:
    """Move each PostgreSQL id sequence past the largest id copied, so the next new row gets a fresh id."""
    for t in tables:
        pk = list(t.primary_key.columns)
        if len(pk) != 1 or pk[0].autoincrement is False or not isinstance(pk[0].type, Integer):
            continue
        column = pk[0].name
        connection.execute(text(
            f"SELECT setval(pg_get_serial_sequence(:table, :column), "
            f"COALESCE((SELECT MAX({column}) FROM {t.name}), 0) + 1, false)"), {"table": t.name, "column": column})


def transfer(source: Engine, target: Engine, *, backups: Path, target_label: str, source_root: Path | None = None,
             target_root: Path | None = None, progress: ProgressFn | None = None,
             cancelled: CancelFn | None = None) -> TransferResult:
    """Check the target is empty, give it this program's tables, copy every record and the attachments' content
    (see the module's note; `source_root`/`target_root`: the data folder of a SQLite side)."""
    refuse_unless_empty(target, target_label)
    prepare_target(target, backups)
    return copy_records(source, target, source_root=source_root, target_root=target_root, progress=progress,
                        cancelled=cancelled)


_EMPTY_SQLITE: dict[str, Path] = {}  # revision → a SQLite file with this program's tables and nothing in them


def _empty_sqlite() -> Path:
    """An empty SQLite database at the program's schema, made once per process by the migrations (a second
    each) and copied for every snapshot."""
    import tempfile

    from db.engine import make_engine
    from db.migrate import head_revision, upgrade_to_head

    head = head_revision()
    made = _EMPTY_SQLITE.get(head)
    if made is not None and made.is_file():
        return made
    import atexit

    folder = Path(tempfile.mkdtemp(prefix="cppcc-desk-schema-"))
    atexit.register(shutil.rmtree, folder, True)
    path = folder / "empty.sqlite3"
    engine = make_engine(f"sqlite:///{path.as_posix()}")
    try:
        upgrade_to_head(engine, backups_dir=folder)
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA journal_mode=DELETE")
    finally:
        engine.dispose()
    _EMPTY_SQLITE[head] = path
    return path


def snapshot_to_sqlite(source: Engine, folder: Path, label: str, *, files_root: Path | None = None) -> Path:
    """A SQLite file in `folder` holding every record of `source` (a server database): its backup, readable and
    restorable like the copy of a data folder's own file. A copy cut short leaves no file behind. With
    `files_root`, the attachments' content is written there as files (<files_root>/attachments/…), as a data
    folder keeps them."""
    from datetime import datetime

    from db.engine import make_engine

    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{label}-{datetime.now():%Y%m%d-%H%M%S-%f}.sqlite3"
    try:
        shutil.copyfile(_empty_sqlite(), target)
        engine = make_engine(f"sqlite:///{target.as_posix()}")
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    try:
        copy_records(source, engine, target_root=files_root)
    except BaseException:
        engine.dispose()
        for part in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
            part.unlink(missing_ok=True)
        raise
    with engine.connect() as connection:  # one self-contained file: no -wal beside it
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.exec_driver_sql("PRAGMA journal_mode=DELETE")
    engine.dispose()
    return target


def backup_database(engine: Engine, folder: Path, label: str, *, files_root: Path | None = None) -> Path | None:
    """A consistent copy of the database as a SQLite file in `folder`: SQLite's online backup of the data
    folder's file, or a snapshot of a server database (see snapshot_to_sqlite; `files_root`: where its
    attachments' content is written as files)."""
    from db.engine import sqlite_path
    from db.migrate import backup_sqlite_file

    if sqlite_path(engine) is not None:
        return backup_sqlite_file(engine, folder, label)
    return snapshot_to_sqlite(engine, folder, label, files_root=files_root)


def snapshot_at_revision(source: Engine, folder: Path, label: str, revision: str) -> Path:
    """A SQLite file in `folder` holding every record of `source` (a server database at schema `revision`, which
    may be older than the program's): the file is made at that revision by the migrations and each table's rows
    are copied column by column, as they are. The backup a server gets before its schema is upgraded; it is read,
    and moved back (`transfer --from sqlite:///FILE`, which upgrades it), like the data folder's own copy.
    Written as .part and renamed when whole: a copy cut short is never taken for a backup."""
    import os
    from datetime import datetime

    from sqlalchemy import MetaData

    from db.engine import make_engine
    from db.migrate import upgrade_to

    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{label}-{datetime.now():%Y%m%d-%H%M%S-%f}.sqlite3"
    partial = target.with_name(target.name + ".part")
    engine = make_engine(f"sqlite:///{partial.as_posix()}")
    try:
        upgrade_to(engine, revision)
        wanted, present = MetaData(), MetaData()
        wanted.reflect(bind=engine)
        with source.connect() as reader:
            if source.dialect.name == "postgresql":
                reader = reader.execution_options(isolation_level="REPEATABLE READ")  # one moment of every table
            on_server = set(inspect(reader).get_table_names())
            present.reflect(bind=reader, only=[name for name in wanted.tables if name in on_server])
            with engine.connect() as writer:
                writer.exec_driver_sql("PRAGMA foreign_keys=OFF")  # tables referring to each other, copied as they are
                writer.commit()
                with writer.begin():
                    tables = [wanted.tables[name] for name in sorted(wanted.tables)]  # keys are off: any order
                    for t in tables:  # what the migrations seeded makes way for the records
                        writer.execute(t.delete())
                    for t in tables:
                        held = present.tables.get(t.name)
                        if held is None:
                            continue
                        columns = [c.name for c in t.columns if c.name in held.c]
                        pk = [held.c[c.name] for c in t.primary_key.columns if c.name in held.c]
                        query = select(*[held.c[c] for c in columns]).order_by(*pk)
                        result = reader.execution_options(stream_results=True).execute(query)
                        for chunk in result.mappings().partitions(CHUNK):
                            writer.execute(t.insert(), [dict(row) for row in chunk])
                    broken = writer.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise EnvironmentProblem(f"升级前的备份中有{len(broken)}处引用对不上（例如表 {broken[0][0]}），"
                                                 "未升级，数据未作更改。")
                writer.exec_driver_sql("PRAGMA foreign_keys=ON")
                writer.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")  # one self-contained file
                writer.exec_driver_sql("PRAGMA journal_mode=DELETE")
        engine.dispose()
        os.replace(partial, target)
    except BaseException:
        engine.dispose()
        for part in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm"), Path(f"{partial}-journal")):
            part.unlink(missing_ok=True)
        raise
    return target


def backup_before_upgrade(engine: Engine, folder: Path, label: str) -> Path | None:
    """The copy taken before the schema of an opened database is upgraded (db.migrate.upgrade_to_head): SQLite's
    online backup of a data folder's file, or a snapshot of a server database at its present revision."""
    from db.engine import sqlite_path
    from db.migrate import backup_sqlite_file, current_revision

    if sqlite_path(engine) is not None:
        return backup_sqlite_file(engine, folder, label)
    revision = current_revision(engine)
    return snapshot_at_revision(engine, folder, label, revision) if revision else None
