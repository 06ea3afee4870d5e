"""A restore checks everything before it touches anything, never runs beside another program, and survives being
killed; hostile backups and damaged databases get one sentence and change nothing."""
from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import text

from db.engine import SQLITE_FILE_NAME
from desktop_app.domain.errors import Conflict, EnvironmentProblem, InputFileProblem
from desktop_app.services.attachments import AttachmentsService
from desktop_app.services.backup import BackupService
from desktop_app.services.database import open_store
from desktop_app.services.restore import JOURNAL, MANIFEST
from tests.services.test_backup import _names, _refused_and_unchanged, _rewrite, filled  # noqa: F401 (fixture)

ROOT = Path(__file__).resolve().parents[2]


def _manifest(zip_path: Path) -> dict:
    with zipfile.ZipFile(zip_path) as zf:
        return json.loads(zf.read(MANIFEST))


def _with_database(good: Path, out: Path, edit) -> Path:
    """The backup with its database changed by `edit(sqlite3 connection)`, and the manifest's hash made to match."""
    work = out.parent / (out.stem + "-db")
    work.mkdir()
    with zipfile.ZipFile(good) as zf:
        zf.extract(SQLITE_FILE_NAME, work)
    con = sqlite3.connect(work / SQLITE_FILE_NAME)
    edit(con)
    con.commit()
    con.close()
    data = (work / SQLITE_FILE_NAME).read_bytes()
    manifest = _manifest(good)
    manifest["database"]["sha256"] = hashlib.sha256(data).hexdigest()
    return _rewrite(good, out, replace={SQLITE_FILE_NAME: data, MANIFEST: json.dumps(manifest).encode()})


def test_a_database_newer_than_its_manifest_says_is_refused(filled, data_dir, tmp_path):
    good = BackupService(filled).backup(tmp_path / "好的.zip").path
    bad = _with_database(good, tmp_path / "改版本.zip", lambda c: c.execute("UPDATE alembic_version SET version_num='9999'"))
    _refused_and_unchanged(filled, data_dir, bad, "与清单")
    assert BackupService(filled).check().ok


def test_a_foreign_sqlite_file_inside_is_refused(filled, data_dir, tmp_path):
    good = BackupService(filled).backup(tmp_path / "好的.zip").path
    foreign = tmp_path / "别的.sqlite3"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    data = foreign.read_bytes()
    manifest = _manifest(good)
    manifest["database"]["sha256"] = hashlib.sha256(data).hexdigest()
    bad = _rewrite(good, tmp_path / "外来.zip", replace={SQLITE_FILE_NAME: data, MANIFEST: json.dumps(manifest).encode()})
    _refused_and_unchanged(filled, data_dir, bad, "不是本程序的数据库")


def test_an_attachment_path_leaving_the_folder_is_refused(filled, data_dir, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("不要删我")
    good = BackupService(filled).backup(tmp_path / "好的.zip").path
    bad = _with_database(good, tmp_path / "越界.zip",
                         lambda c: c.execute("UPDATE attachments SET stored_path = '../../victim.txt'"))
    _refused_and_unchanged(filled, data_dir, bad, "附件文件夹以外")
    manifest = _manifest(good)
    manifest["attachments"]["../../victim.txt"] = hashlib.sha256(b"x").hexdigest()
    worse = _rewrite(good, tmp_path / "清单越界.zip", replace={MANIFEST: json.dumps(manifest).encode()})
    _refused_and_unchanged(filled, data_dir, worse, "附件文件夹以外")
    assert victim.read_text() == "不要删我"


def test_entries_the_manifest_does_not_name_are_never_unpacked(filled, data_dir, tmp_path):
    good = BackupService(filled).backup(tmp_path / "好的.zip").path
    padded = tmp_path / "多余.zip"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(padded, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        dst.writestr("bomb.bin", b"\0" * (64 << 20))  # 64 MB of zeros, a few KB compressed
    BackupService(filled).restore(padded)
    assert not any(p.name == "bomb.bin" for p in data_dir.rglob("*"))
    reopened = open_store(data_dir)
    assert _names(reopened) == ["李明", "王芳"]
    reopened.close()


def test_a_manifest_that_is_not_json_and_a_numeric_revision(filled, data_dir, tmp_path):
    good = BackupService(filled).backup(tmp_path / "好的.zip").path
    broken = _rewrite(good, tmp_path / "清单坏.zip", replace={MANIFEST: b"{not json"})
    _refused_and_unchanged(filled, data_dir, broken, "清单无法读取")
    manifest = _manifest(good)
    manifest["revision"] = int(manifest["revision"])  # a number, as another tool might write it
    numeric = _rewrite(good, tmp_path / "数字版本.zip", replace={MANIFEST: json.dumps(manifest).encode()})
    assert BackupService(filled).verify_backup(numeric)["revision"] == manifest["revision"]


def test_a_restore_is_refused_while_another_program_has_the_folder_open(filled, data_dir, tmp_path):
    good = BackupService(filled).backup(tmp_path / "好的.zip").path
    code = ("import sys, time; from pathlib import Path; from desktop_app.services.database import open_store; "
            "ctx = open_store(Path(sys.argv[1]), what='窗口'); print('ready', flush=True); time.sleep(60)")
    other = subprocess.Popen([sys.executable, "-c", code, str(data_dir)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout.readline().strip() == "ready"
        with pytest.raises(Conflict) as refused:
            BackupService(filled).restore(good)
        assert "数据文件夹正被其他程序使用：窗口（进程" in refused.value.message
        assert "数据未作任何更改" in refused.value.message
    finally:
        other.kill()
        other.wait()
    BackupService(filled).restore(good)  # the other program is gone: its leftover lock file is cleared


@pytest.mark.sqlite_only("kills a restore while it swaps the SQLite file")
def test_a_restore_killed_before_the_swap_finished_is_rolled_back(filled, data_dir, tmp_path):
    db_file = data_dir / SQLITE_FILE_NAME
    filled.close()
    # as a restore leaves it when killed after moving the current files aside, before moving the new ones in
    db_file.rename(db_file.with_name(db_file.name + ".old"))
    (data_dir / "attachments").rename(data_dir / "attachments.old")
    staging = data_dir / ".restore-20260101-000000-000000"
    staging.mkdir()
    (data_dir / JOURNAL).write_text(json.dumps({"state": "prepared", "staging": staging.name}), encoding="utf-8")
    reopened = open_store(data_dir)
    try:
        assert reopened.opening_notes == ("上次恢复备份在替换完成前中断，本次打开时已还原为恢复前的数据。",)
        assert _names(reopened) == ["李明", "王芳"]
        assert (data_dir / "attachments/2025/活动照片.jpg").is_file()
        assert not (data_dir / JOURNAL).exists() and not staging.exists()
    finally:
        reopened.close()


@pytest.mark.sqlite_only("kills a restore after it swapped the SQLite file")
def test_a_restore_killed_after_the_swap_is_finished(filled, data_dir, tmp_path):
    filled.close()
    old = data_dir / "attachments.old"
    old.mkdir()
    (data_dir / JOURNAL).write_text(json.dumps({"state": "swapped", "staging": ".restore-x"}), encoding="utf-8")
    reopened = open_store(data_dir)
    try:
        assert reopened.opening_notes == ("上次恢复备份在替换完成后中断，本次打开时已完成收尾，数据是恢复后的数据。",)
        assert not old.exists() and not (data_dir / JOURNAL).exists()
    finally:
        reopened.close()


def _damage(db_file: Path) -> None:
    """Overwrite 8 KB in the middle of the file, as a failing disk might."""
    size = db_file.stat().st_size
    with open(db_file, "r+b") as handle:
        handle.seek(size // 2)
        handle.write(b"\xa5" * 8192)


@pytest.mark.sqlite_only("damages the SQLite file's pages")
def test_a_damaged_database_is_reported_by_check_and_refused_by_backup(tmp_path):
    from desktop_app.services.demo import DemoService

    data = tmp_path / "数据"
    ctx = open_store(data)
    DemoService(ctx).fill()
    ctx.close()
    _damage(data / SQLITE_FILE_NAME)
    ctx = open_store(data)
    try:
        report = BackupService(ctx).check()
        assert not report.ok and report.problems
        assert report.problems[0].startswith("数据库文件已损坏") and "\n" not in report.problems[0]
        with pytest.raises(EnvironmentProblem, match="数据库文件已损坏.*不能备份"):
            BackupService(ctx).backup(tmp_path / "坏.zip")
        assert not (tmp_path / "坏.zip").exists()
    finally:
        ctx.close()


def test_removing_an_attachment_recorded_outside_the_folder_never_deletes_that_file(filled, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("不要删我")
    with filled.engine.begin() as c:
        c.execute(text("UPDATE attachments SET stored_path = :p"), {"p": f"../{victim.name}"})
    report = BackupService(filled).check()
    assert any("附件文件夹以外" in p for p in report.problems)
    with filled.uow() as s:
        attachment_id = s.execute(text("SELECT id FROM attachments")).scalar()
    AttachmentsService(filled).remove(attachment_id)
    assert victim.read_text() == "不要删我"


def test_long_chinese_names_and_folders_as_attachments(filled, tmp_path):
    long_name = "关于进一步加强农村饮水安全工程建设与管护工作的调研报告" * 3 + ".docx"  # 81 characters
    source = tmp_path / long_name[-200:]
    source.write_bytes(b"docx")
    row = AttachmentsService(filled).add(owner_type="proposal", owner_id=1, source=source)
    assert row.original_name == source.name
    stored = filled.data.root / row.stored_path
    assert stored.suffix == ".docx" and len(stored.name.encode()) <= 160
    assert stored.is_file() == (filled.engine.dialect.name == "sqlite")  # a server database keeps the bytes itself
    assert AttachmentsService(filled).open_path(row.id, cache=tmp_path / "缓存").read_bytes() == b"docx"
    with pytest.raises(EnvironmentProblem, match="是一个文件夹，请选择其中的文件"):
        AttachmentsService(filled).add(owner_type="proposal", owner_id=1, source=tmp_path)
