"""Backup, restore and integrity check of the database and the attachments folder.

A backup is one .zip: a consistent SQLite copy (online backup API), every attachment, and a
manifest with the schema revision and each file's SHA-256 so a restore can check before it replaces.
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

from sqlalchemy import select, text

from db.engine import SQLITE_FILE_NAME, sqlite_path
from db.migrate import backup_sqlite_file, head_revision
from db.models import Attachment
from desktop_app import __version__
from desktop_app.domain.errors import EnvironmentProblem, InputFileProblem
from desktop_app.services.context import ServiceContext

MANIFEST = "manifest.json"


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


class BackupService:
    def __init__(self, ctx: ServiceContext):
        self._ctx = ctx

    def _db_file(self) -> Path:
        path = sqlite_path(self._ctx.engine)
        if path is None:
            raise EnvironmentProblem("当前使用的是外部数据库服务器，请用该服务器自己的备份工具进行备份。")
        return path

    def backup(self, out: Path | None = None, *, progress=None, cancelled=None) -> BackupResult:
        """Write a backup .zip (default: the data folder's backups/); returns where it went."""
        self._db_file()
        out = Path(out) if out else self._ctx.data.backups / f"备份-{datetime.now():%Y%m%d-%H%M%S}.zip"
        out.parent.mkdir(parents=True, exist_ok=True)
        attachments = sorted(p for p in self._ctx.data.attachments.rglob("*") if p.is_file())
        total = len(attachments) + 1
        with tempfile.TemporaryDirectory() as tmp:
            copy = backup_sqlite_file(self._ctx.engine, Path(tmp), "db")
            manifest = {
                "program": "cppcc-desk", "program_version": __version__, "revision": head_revision(),
                "created_at": datetime.now().isoformat(timespec="seconds"),
                "database": {"name": SQLITE_FILE_NAME, "sha256": _sha256(copy)},
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
                        rel = path.relative_to(self._ctx.data.root).as_posix()
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
        """Check a backup file completely; returns its manifest or raises InputFileProblem."""
        path = Path(path)
        if not path.is_file():
            raise InputFileProblem(f"找不到备份文件“{path}”，请检查路径。")
        try:
            zf = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise InputFileProblem(f"“{path.name}”不是本程序的备份文件或已损坏，未作任何更改。") from exc
        with zf:
            names = set(zf.namelist())
            if MANIFEST not in names or SQLITE_FILE_NAME not in names:
                raise InputFileProblem(f"“{path.name}”不是本程序的备份文件（缺少清单或数据库），未作任何更改。")
            manifest = json.loads(zf.read(MANIFEST))
            if str(manifest.get("revision", "")) > head_revision():
                raise InputFileProblem(f"备份“{path.name}”来自更新版本的程序，请先升级本程序再恢复。")
            with tempfile.TemporaryDirectory() as tmp:
                zf.extract(SQLITE_FILE_NAME, tmp)
                db_copy = Path(tmp) / SQLITE_FILE_NAME
                if _sha256(db_copy) != manifest["database"]["sha256"]:
                    raise InputFileProblem(f"备份“{path.name}”中的数据库校验不符，文件已损坏，未作任何更改。")
                con = sqlite3.connect(str(db_copy))
                try:
                    result = con.execute("PRAGMA integrity_check").fetchone()[0]
                finally:
                    con.close()
                if result != "ok":
                    raise InputFileProblem(f"备份“{path.name}”中的数据库不完整（{result}），未作任何更改。")
            for rel, digest in manifest.get("attachments", {}).items():
                if rel not in names or hashlib.sha256(zf.read(rel)).hexdigest() != digest:
                    raise InputFileProblem(f"备份“{path.name}”中的附件“{rel}”已损坏，未作任何更改。")
        return manifest

    def restore(self, path: Path, *, progress=None) -> Path:
        """Replace the database and attachments with a checked backup; the current state is backed up first.

        The caller must not use the old engine afterwards: it is disposed here.
        """
        manifest = self.verify_backup(path)
        safety = self.backup(self._ctx.data.backups / f"恢复前自动备份-{datetime.now():%Y%m%d-%H%M%S}.zip")
        if progress:
            progress(1, 3, "已备份当前数据")
        db_file = self._db_file()
        self._ctx.engine.dispose()
        with zipfile.ZipFile(path) as zf, tempfile.TemporaryDirectory(dir=self._ctx.data.root) as tmp:
            zf.extractall(tmp)
            staged_attachments = Path(tmp) / "attachments"
            for suffix in ("-wal", "-shm"):
                Path(str(db_file) + suffix).unlink(missing_ok=True)
            shutil.copyfile(Path(tmp) / SQLITE_FILE_NAME, db_file.with_name(db_file.name + ".restoring"))
            db_file.with_name(db_file.name + ".restoring").replace(db_file)
            if progress:
                progress(2, 3, "数据库已恢复")
            shutil.rmtree(self._ctx.data.attachments, ignore_errors=True)
            if staged_attachments.exists():
                shutil.move(str(staged_attachments), self._ctx.data.attachments)
            self._ctx.data.attachments.mkdir(exist_ok=True)
        if progress:
            progress(3, 3, f"已恢复 {manifest['created_at']} 的备份")
        return safety.path

    def check(self) -> CheckReport:
        """Integrity of the database (pages, foreign keys) and of every attachment's file and hash."""
        problems: list[str] = []
        with self._ctx.engine.connect() as connection:
            if self._ctx.engine.dialect.name == "sqlite":
                result = connection.execute(text("PRAGMA integrity_check")).scalar()
                if result != "ok":
                    problems.append(f"数据库文件结构有误：{result}")
                for row in connection.execute(text("PRAGMA foreign_key_check")):
                    problems.append(f"表 {row[0]} 第 {row[1]} 条记录引用了不存在的 {row[2]} 记录")
            members = connection.execute(text("SELECT COUNT(*) FROM members")).scalar()
        with self._ctx.uow() as s:  # plain rows: ORM objects expire when the unit of work closes
            attachments = s.execute(select(Attachment.original_name, Attachment.stored_path, Attachment.sha256)).all()
        for original_name, stored_path, sha256 in attachments:
            stored = self._ctx.data.root / stored_path
            if not stored.is_file():
                problems.append(f"附件“{original_name}”的文件丢失（{stored_path}）")
            elif _sha256(stored) != sha256:
                problems.append(f"附件“{original_name}”的内容与登记的校验值不符，可能已被改动")
        return CheckReport(not problems, problems, members, len(attachments))


def raise_cancel():
    from desktop_app.domain.errors import Cancelled

    raise Cancelled()
