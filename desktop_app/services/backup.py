"""Backup, restore and integrity check of the database and the attachments folder.

A backup is one .zip: a consistent SQLite copy (online backup API), every attachment, and a
manifest with the schema revision and each file's SHA-256 so a restore can check before it replaces.
On a server database (PostgreSQL, several PCs) the SQLite copy is a snapshot made by services.transfer, the
attachments' content (kept in the server's database) is written into the zip as the same files, and a restore
copies the backup's records and files back into the server in one transaction under its writer lock.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from db.engine import SQLITE_FILE_NAME, sqlite_path
from db.migrate import head_revision
from db.models import Attachment, AttachmentContent
from desktop_app import __version__
from desktop_app.domain.errors import EnvironmentProblem
from desktop_app.services import audit
from desktop_app.services.attachments import contents_in_database
from desktop_app.services.context import ServiceContext
from desktop_app.services.restore import MANIFEST, RESTORED as _RESTORED, safe_attachment_name
from desktop_app.services.transfer import backup_database

def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class BackupResult:
    path: Path
    files: int
    size: int


@dataclass(frozen=True)
class CheckReport:
    ok: bool
    problems: list[str]
    members: int
    attachments: int


class DamagedDatabase(EnvironmentProblem):
    """The database file itself is damaged: it can be restored over, not backed up."""


class BackupService:
    def __init__(self, ctx: ServiceContext):
        self._ctx = ctx

    def _db_file(self) -> Path:
        path = sqlite_path(self._ctx.engine)
        if path is None:
            raise EnvironmentProblem("当前使用的是外部数据库服务器，请用该服务器自己的备份工具进行备份。")
        return path

    def backup(self, out: Path | None = None, *, progress=None, cancelled=None) -> BackupResult:
        """Write a backup .zip (default: the data folder's backups/); returns where it went.

        On a server database (PostgreSQL) the zip holds a SQLite snapshot of it (services.transfer), so one
        backup file serves both and can be restored into either."""
        out = Path(out) if out else self._ctx.data.backups / f"备份-{datetime.now():%Y%m%d-%H%M%S}.zip"
        out.parent.mkdir(parents=True, exist_ok=True)
        self._ctx.data.backups.mkdir(parents=True, exist_ok=True)
        # the copy is made beside the backups, not in the system's temp folder: a program killed meanwhile leaves
        # it where the next opening removes it (services.restore.recover_interrupted_restore: backups/*.part)
        with tempfile.TemporaryDirectory(dir=self._ctx.data.backups, prefix=".copy-", suffix=".part") as tmp:
            # a server database keeps the attachments' content itself: its snapshot writes them out as files, so
            # the zip is the same as a data folder's and restores into either
            in_database = contents_in_database(self._ctx.engine)
            files_root = Path(tmp) / "files" if in_database else self._ctx.data.root
            copy = self._healthy_copy(Path(tmp), files_root=files_root if in_database else None)
            attachments = sorted(p for p in (files_root / "attachments").rglob("*") if p.is_file())
            total = len(attachments) + 1
            manifest = {
                "program": "cppcc-desk", "program_version": __version__, "revision": head_revision(),
                "created_at": datetime.now().isoformat(timespec="seconds"),
                "database": {"name": SQLITE_FILE_NAME, "sha256": _sha256(copy)},
                # the audit log's last entry: an edit of the log made afterwards is found by comparing with it
                "audit_head": _audit_head(copy),
                "attachments": {},
            }
            partial = out.with_name(out.name + ".part")
            try:
                with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as zf:
                    zf.write(copy, SQLITE_FILE_NAME)
                    if progress:
                        progress(1, total, "数据库已复制")
                    for index, path in enumerate(attachments, start=2):
                        if cancelled and cancelled():
                            raise_cancel()
                        rel = path.relative_to(files_root).as_posix()
                        zf.write(path, rel)
                        manifest["attachments"][rel] = _sha256(path)
                        if progress:
                            progress(index, total, f"附件 {path.name}")
                    zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
                partial.replace(out)
            except PermissionError as exc:
                partial.unlink(missing_ok=True)
                raise EnvironmentProblem(f"无法写入备份文件“{out}”，文件被占用或没有写入权限，请换一个位置。") from exc
            except BaseException:
                partial.unlink(missing_ok=True)
                raise
        return BackupResult(out, total, out.stat().st_size)

    def verify_backup(self, path: Path) -> dict:
        """Check a backup completely (services.restore.stage_backup); returns its manifest or raises."""
        from desktop_app.services.restore import stage_backup

        staged = stage_backup(self._ctx.data, Path(path))
        shutil.rmtree(staged.folder, ignore_errors=True)
        return staged.manifest

    def restore(self, path: Path, *, progress=None) -> Path:
        """Replace the database and attachments with a checked backup; the current state is backed up first.

        Refused while another program has the data folder open. The caller must not use the old engine
        afterwards: it is disposed here.
        """
        from desktop_app.services.presence import writer_lock
        from desktop_app.services.restore import refuse_if_others_open, restore_note, stage_backup, swap_in

        if sqlite_path(self._ctx.engine) is None:
            return self._restore_into_server(Path(path), progress=progress)
        own = self._ctx.presence.id if self._ctx.presence is not None else None
        refuse_if_others_open(self._ctx.data.root, own)  # before unpacking gigabytes for nothing
        staged = stage_backup(self._ctx.data, Path(path))
        try:
            with writer_lock(self._ctx.data.root, "恢复备份"):
                refuse_if_others_open(self._ctx.data.root, own)
                if progress:
                    progress(1, 3, "备份文件检查无误，正在备份当前数据")
                safety = self._safety_copy()
                self._ctx.engine.dispose()
                swap_in(self._ctx.data, staged, restore_note(Path(path), staged.manifest))
        finally:
            shutil.rmtree(staged.folder, ignore_errors=True)
        if progress:
            progress(3, 3, f"已恢复 {staged.manifest.get('created_at', '')} 的备份")
        return safety

    def _restore_into_server(self, path: Path, *, progress=None) -> Path:
        """Restore on a server database: the checked backup's records, and its attachments' files as their content,
        replace every record in one transaction (services.transfer.copy_records), under the database's writer lock.
        The data folder's attachments/ is left alone: a server database does not use it."""
        from db.engine import make_engine
        from db.migrate import upgrade_to_head
        from desktop_app.services.presence import writer_lock
        from desktop_app.services.restore import refuse_if_others_open, restore_note, stage_backup, write_restore_note
        from desktop_app.services.transfer import copy_records

        own = self._ctx.presence.id if self._ctx.presence is not None else None
        refuse_if_others_open(self._ctx.data.root, own, self._ctx.engine)
        staged = stage_backup(self._ctx.data, path)
        try:
            with writer_lock(self._ctx.data.root, "恢复备份", engine=self._ctx.engine):
                if progress:
                    progress(1, 3, "备份文件检查无误，正在备份当前数据")
                safety = self._safety_copy()
                if progress:
                    progress(2, 3, "正在写入备份中的数据")
                source = make_engine(f"sqlite:///{staged.database.as_posix()}")
                try:
                    upgrade_to_head(source, backups_dir=staged.folder)  # a backup of an older program
                    copy_records(source, self._ctx.engine, source_root=staged.folder)
                finally:
                    source.dispose()
                # `check` compares the audit log with this backup, not with a newer one of the abandoned history
                write_restore_note(self._ctx.data.backups, restore_note(path, staged.manifest))
        finally:
            shutil.rmtree(staged.folder, ignore_errors=True)
        if progress:
            progress(3, 3, f"已恢复 {staged.manifest.get('created_at', '')} 的备份")
        return safety

    def _safety_copy(self) -> Path:
        """恢复前自动备份: a normal backup, or — when the current database is damaged — the files as they are."""
        stamp = f"{datetime.now():%Y%m%d-%H%M%S}"
        try:
            return self.backup(self._ctx.data.backups / f"恢复前自动备份-{stamp}.zip").path
        except DamagedDatabase:
            out = self._ctx.data.backups / f"恢复前原样副本-{stamp}.zip"
            db_file = self._db_file()
            with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
                for part in (db_file, Path(f"{db_file}-wal")):
                    if part.exists():
                        zf.write(part, part.name)
            return out

    def _healthy_copy(self, folder: Path, *, files_root: Path | None = None) -> Path:
        """A consistent copy of the database that passes SQLite's own check; a damaged one is refused."""
        try:
            copy = backup_database(self._ctx.engine, folder, "db", files_root=files_root)
            con = sqlite3.connect(str(copy))
            try:
                result = con.execute("PRAGMA quick_check").fetchone()[0]
            finally:
                con.close()
        except sqlite3.DatabaseError as exc:
            result = str(exc)
        if result != "ok":
            raise DamagedDatabase(f"数据库文件已损坏（{first_line(result)}），不能备份。请用“恢复”从以前的备份还原，"
                                  "或把数据文件夹交给技术人员处理。")
        return copy

    def check(self) -> CheckReport:
        """Integrity of the database (pages, foreign keys) and of every attachment's file and hash."""
        problems: list[str] = []
        try:
            with self._ctx.engine.connect() as connection:
                if self._ctx.engine.dialect.name == "sqlite":
                    found = [r for (r,) in connection.execute(text("PRAGMA integrity_check")) if r != "ok"]
                    if found:
                        problems.append(f"数据库文件已损坏（{first_line(found[0])}"
                                        + (f"等{len(found)}处" if len(found) > 1 else "")
                                        + "）。请用“恢复”从以前的备份还原，或把数据文件夹交给技术人员处理。")
                    for row in connection.execute(text("PRAGMA foreign_key_check")):
                        problems.append(f"表 {row[0]} 第 {row[1]} 条记录引用了不存在的 {row[2]} 记录")
                members = connection.execute(text("SELECT COUNT(*) FROM members")).scalar()
                problems.extend(self._audit_problems(connection))
            in_database = contents_in_database(self._ctx.engine)
            with self._ctx.uow() as s:  # plain rows: ORM objects expire when the unit of work closes
                if in_database:  # the content's hash is computed by the server: no content crosses the network
                    held = (func.encode(func.sha256(AttachmentContent.content), "hex")
                            if self._ctx.engine.dialect.name == "postgresql" else AttachmentContent.content)
                    attachments = s.execute(
                        select(Attachment.original_name, Attachment.stored_path, Attachment.sha256, held)
                        .outerjoin(AttachmentContent, AttachmentContent.id == Attachment.id)
                        .order_by(Attachment.id)).all()
                else:
                    attachments = s.execute(select(Attachment.original_name, Attachment.stored_path,
                                                   Attachment.sha256)).all()
        except DBAPIError as exc:
            problems.append(f"数据库文件已损坏，无法读取（{getattr(exc, 'orig', exc)}）。请用“恢复”从以前的备份还原。")
            return CheckReport(False, problems, 0, 0)
        if in_database:
            for original_name, stored_path, sha256, held in attachments:
                if safe_attachment_name(stored_path) is None:
                    problems.append(f"附件“{original_name}”的登记路径“{stored_path}”在附件文件夹以外，可能被篡改")
                elif held is None:
                    problems.append(f"附件“{original_name}”的内容丢失（数据库中没有 {stored_path} 的内容）")
                elif (held if isinstance(held, str) else hashlib.sha256(held).hexdigest()) != sha256:
                    problems.append(f"附件“{original_name}”的内容与登记的校验值不符，可能已被改动")
            return CheckReport(not problems, problems, members, len(attachments))
        root = self._ctx.data.root.resolve()
        for original_name, stored_path, sha256, *_ in attachments:
            stored = (self._ctx.data.root / stored_path).resolve()
            if safe_attachment_name(stored_path) is None or not stored.is_relative_to(root / "attachments"):
                problems.append(f"附件“{original_name}”的登记路径“{stored_path}”在附件文件夹以外，可能被篡改")
            elif not stored.is_file():
                problems.append(f"附件“{original_name}”的文件丢失（{stored_path}）")
            elif _sha256(stored) != sha256:
                problems.append(f"附件“{original_name}”的内容与登记的校验值不符，可能已被改动")
        return CheckReport(not problems, problems, members, len(attachments))


    def _audit_problems(self, connection) -> list[str]:
        """The audit log's hash chain, and its head against the newest backup of this database's history."""
        def run(sql: str):
            return connection.exec_driver_sql(sql).fetchall()

        report = audit.verify_chain(run)
        if report.problem:
            return [report.problem]
        newest = newest_backup_head(self._ctx.data.backups)
        if newest is None:
            return []
        name, head = newest
        problem = audit.compare_with_backup(run, head, name)
        return [problem] if problem else []




def _audit_head(database: Path) -> dict | None:
    con = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)
    try:
        row = con.execute("SELECT id, entry_hash, at FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        con.close()
    return {"id": row[0], "hash": row[1], "at": str(row[2])} if row else None


def read_manifest(path: Path) -> dict | None:
    """A backup's manifest, or None when the file is no backup of this program."""
    try:
        with zipfile.ZipFile(path) as zf:
            manifest = json.loads(zf.read(MANIFEST).decode("utf-8"))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return None
    return manifest if isinstance(manifest, dict) and manifest.get("program") == "cppcc-desk" else None


def newest_backup_head(backups: Path) -> tuple[str, dict] | None:
    """(file name, audit head) of the newest backup of the current history: made after the last restore (or the
    restored backup itself), not the copy a restore makes of what it replaces."""
    try:
        restored = json.loads((backups / _RESTORED).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        restored = {}
    since = str(restored.get("restored_at") or "")
    found: list[tuple[str, str, dict]] = []
    if restored.get("audit_head"):
        found.append((str(restored.get("backup_created_at") or ""), str(restored.get("backup")), restored["audit_head"]))
    for path in sorted(backups.glob("*.zip")) if backups.is_dir() else []:
        if path.name.startswith("恢复前"):
            continue
        manifest = read_manifest(path)
        head = manifest.get("audit_head") if manifest else None
        created = str(manifest.get("created_at") or "") if manifest else ""
        if head and created > since:  # a backup made in the very second of the restore is left out
            found.append((created, path.name, head))
    if not found:
        return None
    _created, name, head = max(found, key=lambda f: (f[0], f[2].get("id", 0)))
    return name, head


def first_line(text: str) -> str:
    """SQLite's integrity report can run to hundreds of lines: people need the first."""
    lines = [line.strip() for line in str(text).splitlines() if line.strip() and not line.startswith("***")]
    return lines[0] if lines else str(text).strip()


def raise_cancel():
    from desktop_app.domain.errors import Cancelled

    raise Cancelled()
