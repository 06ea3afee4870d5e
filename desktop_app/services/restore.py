"""Restore a backup: check everything before touching anything, then swap atomically with a journal.

1. Stage: only the entries the manifest names are read (sizes limited, each hashed as it is read)
   into a folder beside the data; the database inside is opened read-only and must be ours, not newer
   than the program, of the manifest's revision, pass `integrity_check`, and keep every attachment
   path inside `attachments/`. Any problem: one sentence, nothing changed.
2. Refuse while another program has the data folder open (services.presence), naming it.
3. Back up the current data (`恢复前自动备份-….zip`; a damaged database is copied as it is instead).
4. Swap, with `restore-journal.json` recording the step: the current database and attachments are
   renamed to `*.old`, the staged ones renamed in, then the old ones removed. A restore killed at
   any point is rolled back (before the swap completed) or finished (after) at the next opening,
   which says which.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import zipfile
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath

from db.sqlite_file import SQLITE_FILE_NAME, head_revision
from desktop_app.domain.errors import Conflict, EnvironmentProblem, InputFileProblem
from desktop_app.paths import DataPaths

MANIFEST = "manifest.json"
JOURNAL = "restore-journal.json"
RESTORED = "restored.json"  # in backups/: which backup was restored when; older backups are of another history
STAGING_PREFIX = ".restore-"
MAX_MANIFEST_BYTES = 50 << 20
MAX_DATABASE_BYTES = 8 << 30
MAX_ATTACHMENT_BYTES = 2 << 30
MAX_TOTAL_BYTES = 32 << 30
_OUR_TABLES = {"alembic_version", "members", "proposals", "attachments", "settings"}


@dataclass(frozen=True)
class StagedBackup:
    folder: Path  # holds cppcc-desk.sqlite3 and attachments/
    manifest: dict

    @property
    def database(self) -> Path:
        return self.folder / SQLITE_FILE_NAME


def _refuse(path: Path, why: str) -> InputFileProblem:
    return InputFileProblem(f"备份“{path.name}”{why}，未作任何更改。")


def safe_attachment_name(name: object) -> str | None:
    """The manifest's name of an attachment when it stays inside attachments/, else None."""
    if not isinstance(name, str) or "\\" in name or "\x00" in name:
        return None
    pure = PurePosixPath(name)
    if pure.is_absolute() or ".." in pure.parts or len(pure.parts) < 2 or pure.parts[0] != "attachments":
        return None
    if any(":" in part for part in pure.parts):  # a Windows drive or an alternate data stream
        return None
    return pure.as_posix()


def _read_manifest(zf: zipfile.ZipFile, path: Path) -> dict:
    try:
        info = zf.getinfo(MANIFEST)
    except KeyError:
        raise _refuse(path, "不是本程序的备份文件（缺少清单）") from None
    if info.file_size > MAX_MANIFEST_BYTES:
        raise _refuse(path, "的清单大得不正常，不是本程序的备份文件")
    try:
        manifest = json.loads(zf.read(MANIFEST).decode("utf-8"))
    except (ValueError, UnicodeDecodeError, zipfile.BadZipFile, OSError):
        raise _refuse(path, "的清单无法读取，文件已损坏或不是本程序的备份") from None
    database = manifest.get("database") if isinstance(manifest, dict) else None
    attachments = manifest.get("attachments", {}) if isinstance(manifest, dict) else None
    if (not isinstance(manifest, dict) or manifest.get("program") != "cppcc-desk" or not isinstance(database, dict)
            or not isinstance(database.get("sha256"), str) or not isinstance(attachments, dict)
            or not all(isinstance(v, str) for v in attachments.values())):
        raise _refuse(path, "不是本程序的备份文件（清单内容不对）")
    return manifest


def _revision(value: object) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _extract(zf: zipfile.ZipFile, name: str, target: Path, *, limit: int, path: Path) -> str:
    """Copy one entry to `target`, never more than its declared size (and `limit`); returns its SHA-256."""
    try:
        info = zf.getinfo(name)
    except KeyError:
        raise _refuse(path, f"缺少清单中列出的“{name}”") from None
    if info.file_size > limit:
        raise _refuse(path, f"中的“{name}”大得不正常（{info.file_size // (1 << 20)} MB）")
    digest = hashlib.sha256()
    written = 0
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with zf.open(info) as source, open(target, "wb") as out:
            for block in iter(lambda: source.read(1 << 20), b""):
                written += len(block)
                if written > info.file_size:
                    raise _refuse(path, f"中的“{name}”比登记的大小还大")
                digest.update(block)
                out.write(block)
    except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
        raise _refuse(path, f"中的“{name}”已损坏") from exc
    return digest.hexdigest()


def stage_backup(data: DataPaths, path: Path) -> StagedBackup:
    """Check a backup completely and unpack it beside the data folder's contents; the caller removes the folder."""
    path = Path(path)
    if not path.is_file():
        raise InputFileProblem(f"找不到备份文件“{path}”，请检查路径。")
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _refuse(path, "不是本程序的备份文件或已损坏") from exc
    folder = data.root / f"{STAGING_PREFIX}{datetime.now():%Y%m%d-%H%M%S-%f}"
    try:
        with zf:
            manifest = _read_manifest(zf, path)
            revision, head = _revision(manifest.get("revision")), int(head_revision())
            if revision is None:
                raise _refuse(path, "的清单没有有效的数据库版本")
            if revision > head:
                raise InputFileProblem(f"备份“{path.name}”来自更新版本的程序（数据库版本 {revision}），"
                                       "请先升级本程序再恢复，未作任何更改。")
            names = {}
            for name, digest in manifest["attachments"].items():
                safe = safe_attachment_name(name)
                if safe is None:
                    raise _refuse(path, f"的清单中有指向附件文件夹以外的路径“{name}”")
                names[safe] = digest
            declared = sum(zf.getinfo(n).file_size for n in [SQLITE_FILE_NAME, *names] if n in zf.NameToInfo)
            if declared > MAX_TOTAL_BYTES:
                raise _refuse(path, "解压后大得不正常")
            folder.mkdir()
            database = folder / SQLITE_FILE_NAME
            if _extract(zf, SQLITE_FILE_NAME, database, limit=MAX_DATABASE_BYTES, path=path) \
                    != manifest["database"]["sha256"]:
                raise _refuse(path, "中的数据库校验不符，文件已损坏")
            _check_database(database, path, revision)
            _check_audit(database, path, manifest.get("audit_head"))
            for name, digest in names.items():
                if _extract(zf, name, folder / name, limit=MAX_ATTACHMENT_BYTES, path=path) != digest:
                    raise _refuse(path, f"中的附件“{name}”已损坏")
            (folder / "attachments").mkdir(exist_ok=True)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return StagedBackup(folder, manifest)


def _check_database(database: Path, path: Path, revision: int) -> None:
    """The database inside: ours, of the manifest's revision, whole, its attachment paths inside attachments/."""
    try:
        con = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise _refuse(path, "中的数据库无法打开") from exc
    try:
        tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not _OUR_TABLES <= tables:
            raise _refuse(path, "中的数据库不是本程序的数据库")
        stored = _revision(con.execute("SELECT version_num FROM alembic_version").fetchone()[0])
        if stored != revision:
            raise _refuse(path, f"中的数据库版本（{stored}）与清单（{revision}）不一致，文件被改动过")
        result = con.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise _refuse(path, f"中的数据库不完整（{result}）")
        for (stored_path,) in con.execute("SELECT stored_path FROM attachments"):
            if safe_attachment_name(stored_path) is None:
                raise _refuse(path, f"中有附件记录指向附件文件夹以外的路径“{stored_path}”")
    except sqlite3.DatabaseError as exc:
        raise _refuse(path, f"中的数据库已损坏（{exc}）") from exc
    finally:
        con.close()


def _check_audit(database: Path, path: Path, head: dict | None) -> None:
    """The backup's audit log: its hash chain whole, and still holding the head its manifest recorded."""
    if not head:  # a backup made before the log was chained
        return
    from desktop_app.services import audit

    con = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)
    try:
        def run(sql: str):
            return con.execute(sql).fetchall()

        problem = audit.verify_chain(run).problem or audit.compare_with_backup(run, head, path.name)
    except sqlite3.DatabaseError as exc:
        raise _refuse(path, f"中的数据库已损坏（{exc}）") from exc
    finally:
        con.close()
    if problem:
        raise _refuse(path, "中的" + problem.rstrip("。"))


# --- the swap, and finishing or rolling back an interrupted one ------------------------------------------------
def restore_note(backup: Path, manifest: dict) -> dict:
    """What backups/restored.json records of a restore: the backup's name, when it was made, its audit head."""
    return {"backup": Path(backup).name, "backup_created_at": manifest.get("created_at"),
            "audit_head": manifest.get("audit_head")}


def write_restore_note(backups: Path, note: dict | None) -> None:
    """backups/restored.json: `check` compares the audit log with the restored backup, not with a backup of the
    history the restore replaced (services.backup.newest_backup_head)."""
    if not isinstance(note, dict) or not note.get("backup"):
        return
    note = {**note, "restored_at": datetime.now().isoformat(timespec="seconds")}
    try:
        backups.mkdir(parents=True, exist_ok=True)
        (backups / RESTORED).write_text(json.dumps(note, ensure_ascii=False), encoding="utf-8")
    except OSError:
        pass  # only a help for `check`; the restore itself is done


def _write_journal(data: DataPaths, state: str, staged: Path, note: dict | None = None) -> None:
    journal = data.root / JOURNAL
    tmp = journal.with_suffix(".tmp")
    tmp.write_text(json.dumps({"state": state, "staging": staged.name, "note": note,
                               "at": datetime.now().isoformat(timespec="seconds")}, ensure_ascii=False),
                   encoding="utf-8")
    os.replace(tmp, journal)


def _database_files(db_file: Path) -> list[Path]:
    return [db_file, Path(f"{db_file}-wal"), Path(f"{db_file}-shm")]


def _old(path: Path) -> Path:
    return path.with_name(path.name + ".old")


def swap_in(data: DataPaths, staged: StagedBackup, note: dict | None = None) -> None:
    """Replace the database and attachments with the staged ones; every connection must be closed.

    `note` (restore_note) goes into the journal and, once the swap is done, into backups/restored.json — also when
    the program is killed after the swap and the next opening finishes the restore."""
    db_file = data.root / SQLITE_FILE_NAME
    _write_journal(data, "prepared", staged.folder, note)
    moved: list[tuple[Path, Path]] = []
    try:
        for current in _database_files(db_file) + [data.attachments]:
            if current.exists():
                os.replace(current, _old(current))
                moved.append((_old(current), current))
        os.replace(staged.database, db_file)
        os.replace(staged.folder / "attachments", data.attachments)
    except OSError as exc:
        for old, current in reversed(moved):  # put back what was moved; the journal still says "prepared"
            with contextlib.suppress(OSError):
                if current.exists() and current.is_dir():
                    shutil.rmtree(current)
                elif current.exists():
                    current.unlink()
                os.replace(old, current)
        with contextlib.suppress(OSError):
            (data.root / JOURNAL).unlink()
        raise EnvironmentProblem(f"恢复时无法替换数据文件（{exc.strerror or exc}），已还原为恢复前的数据。"
                                 "请关闭其他正在使用数据文件夹的程序后重试。") from exc
    _write_journal(data, "swapped", staged.folder, note)
    write_restore_note(data.backups, note)
    _clean_after_swap(data, staged.folder)


def _clean_after_swap(data: DataPaths, staging: Path) -> None:
    db_file = data.root / SQLITE_FILE_NAME
    for current in _database_files(db_file):
        with contextlib.suppress(OSError):
            _old(current).unlink()
    shutil.rmtree(_old(data.attachments), ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)
    with contextlib.suppress(OSError):
        (data.root / JOURNAL).unlink()


def recover_interrupted_restore(data: DataPaths) -> list[str]:
    """At opening: finish or roll back a restore that was killed; remove leftover staging folders. Notes for the user."""
    notes: list[str] = []
    journal = data.root / JOURNAL
    db_file = data.root / SQLITE_FILE_NAME
    if journal.exists():
        try:
            state = json.loads(journal.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            state = {"state": "prepared", "staging": ""}
        staging = data.root / str(state.get("staging", ""))
        if state.get("state") == "swapped":
            write_restore_note(data.backups, state.get("note"))  # as the completed restore would have
            _clean_after_swap(data, staging)
            notes.append("上次恢复备份在替换完成后中断，本次打开时已完成收尾，数据是恢复后的数据。")
        else:
            rolled_back = False
            for current in _database_files(db_file) + [data.attachments]:
                old = _old(current)
                if old.exists():
                    if current.is_dir():
                        shutil.rmtree(current, ignore_errors=True)
                    elif current.exists():
                        current.unlink()
                    os.replace(old, current)
                    rolled_back = True
            shutil.rmtree(staging, ignore_errors=True)
            journal.unlink()
            notes.append("上次恢复备份在替换完成前中断，本次打开时已还原为恢复前的数据"
                         + ("。" if rolled_back else "（当时尚未替换任何文件）。"))
    with contextlib.suppress(OSError):  # a journal cut short while written: the journal itself still holds
        journal.with_suffix(".tmp").unlink()  # the last step, or no file was moved yet
    for leftover in data.root.glob(f"{STAGING_PREFIX}*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in data.backups.glob("*.part*") if data.backups.is_dir() else ():  # a backup or its copy cut short
        if leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                leftover.unlink()
    return notes


def refuse_if_others_open(root: Path, own_id: str | None, engine=None) -> None:
    """Refuse while another program has the data open: another window or command on this data folder, or — on a
    server database — the program on another PC (or another program here), seen in the server's connections."""
    from desktop_app.services.presence import other_programs

    others = other_programs(root, except_id=own_id)
    if others:
        listing = "、".join(program.describe() for program in others)
        raise Conflict(f"数据文件夹正被其他程序使用：{listing}。请先关闭它们再恢复，数据未作任何更改。")
    if engine is not None and engine.dialect.name == "postgresql":
        elsewhere = programs_on_server(engine)
        if elsewhere:
            raise Conflict(f"共用数据库正被其他电脑上的本程序使用：{'、'.join(elsewhere)}。请先在那些电脑上关闭本程序再恢复，"
                           "数据未作任何更改。")


def programs_on_server(engine) -> list[str]:
    """The other copies of this program connected to the server database ("电脑 HOST（进程 PID）"), each once."""
    from db.engine import APPLICATION, program_tag

    with engine.connect() as connection:
        tags = connection.exec_driver_sql(
            "SELECT DISTINCT application_name FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND application_name LIKE %(prefix)s AND application_name <> %(own)s",
            {"prefix": f"{APPLICATION} %", "own": program_tag()}).scalars().all()
    found = []
    for tag in sorted(tags):
        parts = tag.split(" ")
        found.append(f"电脑 {parts[1]}（进程 {parts[2]}）" if len(parts) == 3 else tag)
    return found
