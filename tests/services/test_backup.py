"""Backup, restore and check of the database and the attachments, on a real data folder."""
from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from db.engine import SQLITE_FILE_NAME
from db.models import Attachment, AttachmentContent
from desktop_app.services.attachments import contents_in_database
from desktop_app.domain.errors import Cancelled, InputFileProblem
from desktop_app.services.backup import MANIFEST, BackupService
from desktop_app.services.database import open_store
from desktop_app.services.members import MemberInput, MembersService
from desktop_app.services.settings import SettingsService, OfficeSettings


def _attach(ctx, rel: str, content: bytes, name: str) -> None:
    """An attachment's database record and its content, as the attachment service keeps them: a file in the data
    folder's attachments (SQLite), or a row of attachment_contents (PostgreSQL)."""
    uow = ctx.uow()
    with uow as s:
        attachment = Attachment(owner_type="activity", owner_id=1, original_name=name, stored_path=rel,
                                sha256=hashlib.sha256(content).hexdigest(), size=len(content))
        s.add(attachment)
        s.flush()
        if contents_in_database(ctx.engine):
            s.add(AttachmentContent(id=attachment.id, content=content))
        uow.commit()
    if not contents_in_database(ctx.engine):
        path = ctx.data.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def _content(ctx, rel: str) -> bytes | None:
    """The content kept for the attachment recorded at `rel` (file or row), None when there is none."""
    if not contents_in_database(ctx.engine):
        path = ctx.data.root / rel
        return path.read_bytes() if path.is_file() else None
    with ctx.uow() as s:
        held = s.scalar(select(AttachmentContent.content).join(Attachment, Attachment.id == AttachmentContent.id)
                        .where(Attachment.stored_path == rel))
        return None if held is None else bytes(held)


def _set_content(ctx, rel: str, content: bytes | None) -> None:
    """Change (or, with None, lose) the content behind the program's back: the file, or the row."""
    if not contents_in_database(ctx.engine):
        path = ctx.data.root / rel
        path.unlink() if content is None else path.write_bytes(content)
        return
    uow = ctx.uow()
    with uow as s:
        attachment_id = s.scalar(select(Attachment.id).where(Attachment.stored_path == rel))
        row = s.get(AttachmentContent, attachment_id)
        if content is None:
            s.delete(row)
        else:
            row.content = content
        uow.commit()


def _names(ctx) -> list[str]:
    return sorted(r.name for r in MembersService(ctx).list_rows())


@pytest.fixture
def filled(ctx):
    SettingsService(ctx).save_office(OfficeSettings(county="黎城县"))
    members = MembersService(ctx)
    members.add(MemberInput(name="王芳", gender="女", phone="13912345678"))
    members.add(MemberInput(name="李明", gender="男"))
    _attach(ctx, "attachments/2025/活动照片.jpg", b"\xff\xd8 photo of the activity" * 50, "活动照片.jpg")
    return ctx


def _safety_backups(ctx) -> list[Path]:
    return sorted(ctx.data.backups.glob("恢复前自动备份-*.zip"))


def test_backup_writes_one_zip_with_manifest_database_and_attachments(filled, tmp_path):
    out = tmp_path / "备份 文件" / "黎城县政协.zip"
    result = BackupService(filled).backup(out)
    assert result.path == out and out.is_file() and result.size == out.stat().st_size
    assert not out.with_name(out.name + ".part").exists()
    with zipfile.ZipFile(out) as zf:
        names = set(zf.namelist())
        manifest = json.loads(zf.read(MANIFEST))
        assert hashlib.sha256(zf.read(SQLITE_FILE_NAME)).hexdigest() == manifest["database"]["sha256"]
    assert {MANIFEST, SQLITE_FILE_NAME, "attachments/2025/活动照片.jpg"} <= names
    assert manifest["program"] == "cppcc-desk"
    assert list(manifest["attachments"]) == ["attachments/2025/活动照片.jpg"]


def test_backup_goes_to_the_backups_folder_by_default(filled):
    result = BackupService(filled).backup()
    assert result.path.parent == filled.data.backups and result.path.suffix == ".zip"


def test_backup_then_change_then_restore_gives_the_old_data_back(filled, data_dir, tmp_path):
    service = BackupService(filled)
    backup = service.backup(tmp_path / "备份.zip").path

    members = MembersService(filled)
    members.add(MemberInput(name="张伟"))
    photo = "attachments/2025/活动照片.jpg"
    original_photo = _content(filled, photo)
    _set_content(filled, photo, b"overwritten")
    _attach(filled, "attachments/新附件.pdf", b"%PDF new", "新附件.pdf")
    SettingsService(filled).save_office(OfficeSettings(county="潞城区"))
    assert _names(filled) == sorted(["李明", "王芳", "张伟"])

    safety = service.restore(backup)

    reopened = open_store(data_dir)
    try:
        assert _names(reopened) == sorted(["李明", "王芳"])
        assert SettingsService(reopened).office().county == "黎城县"
        assert _content(reopened, photo) == original_photo
        assert _content(reopened, "attachments/新附件.pdf") is None
        assert BackupService(reopened).check().ok
    finally:
        reopened.engine.dispose()

    # the state before the restore was kept, and can itself be restored
    assert safety.is_file() and safety.parent == filled.data.backups
    manifest = BackupService(filled).verify_backup(safety)
    assert "attachments/新附件.pdf" in manifest["attachments"]


def _refused_and_unchanged(ctx, data_dir, bad: Path, words: str) -> None:
    before_names = _names(ctx)
    before_backups = sorted(ctx.data.backups.iterdir())
    sqlite_file = ctx.engine.dialect.name == "sqlite"  # on PostgreSQL the names below say it is unchanged
    db_bytes = (data_dir / SQLITE_FILE_NAME).read_bytes() if sqlite_file else None
    with pytest.raises(InputFileProblem) as caught:
        BackupService(ctx).restore(bad)
    assert words in caught.value.message
    assert caught.value.message.endswith("未作任何更改。")
    assert sorted(ctx.data.backups.iterdir()) == before_backups  # not even a safety backup was needed
    if sqlite_file:
        assert (data_dir / SQLITE_FILE_NAME).read_bytes() == db_bytes
    assert _names(ctx) == before_names
    assert _content(ctx, "attachments/2025/活动照片.jpg") == b"\xff\xd8 photo of the activity" * 50


def test_a_corrupted_zip_is_refused_and_nothing_changes(filled, data_dir, tmp_path):
    good = BackupService(filled).backup(tmp_path / "好的.zip").path
    bad = tmp_path / "坏的.zip"
    bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])  # cut off halfway, as a broken USB copy
    _refused_and_unchanged(filled, data_dir, bad, "坏的.zip")


def test_a_file_that_is_not_a_backup_is_refused(filled, data_dir, tmp_path):
    spreadsheet = tmp_path / "委员名单.xlsx"
    spreadsheet.write_bytes(b"PK\x03\x04 not really a workbook")
    _refused_and_unchanged(filled, data_dir, spreadsheet, "不是本程序的备份文件")

    other_zip = tmp_path / "照片.zip"
    with zipfile.ZipFile(other_zip, "w") as zf:
        zf.writestr("照片1.jpg", b"jpeg")
    _refused_and_unchanged(filled, data_dir, other_zip, "不是本程序的备份文件")

    with pytest.raises(InputFileProblem) as caught:
        BackupService(filled).restore(tmp_path / "不存在.zip")
    assert "找不到备份文件" in caught.value.message


def _rewrite(source: Path, target: Path, *, replace: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for item in zin.infolist():
            zout.writestr(item, replace.get(item.filename, zin.read(item.filename)))
    return target


def test_a_backup_whose_database_was_altered_is_refused(filled, data_dir, tmp_path):
    good = BackupService(filled).backup(tmp_path / "好的.zip").path
    with zipfile.ZipFile(good) as zf:
        db = bytearray(zf.read(SQLITE_FILE_NAME))
    db[-100] ^= 0xFF
    bad = _rewrite(good, tmp_path / "改过的.zip", replace={SQLITE_FILE_NAME: bytes(db)})
    _refused_and_unchanged(filled, data_dir, bad, "校验不符")


def test_a_backup_whose_attachment_was_altered_is_refused(filled, data_dir, tmp_path):
    good = BackupService(filled).backup(tmp_path / "好的.zip").path
    bad = _rewrite(good, tmp_path / "附件改过.zip", replace={"attachments/2025/活动照片.jpg": b"changed"})
    _refused_and_unchanged(filled, data_dir, bad, "活动照片.jpg")


def test_a_backup_from_a_newer_program_is_refused(filled, data_dir, tmp_path):
    good = BackupService(filled).backup(tmp_path / "好的.zip").path
    with zipfile.ZipFile(good) as zf:
        manifest = json.loads(zf.read(MANIFEST))
    manifest["revision"] = "9999"
    newer = _rewrite(good, tmp_path / "新版.zip", replace={MANIFEST: json.dumps(manifest).encode()})
    _refused_and_unchanged(filled, data_dir, newer, "更新版本")


def test_a_cancelled_backup_leaves_no_file(filled, tmp_path):
    out = tmp_path / "取消.zip"
    with pytest.raises(Cancelled):
        BackupService(filled).backup(out, cancelled=lambda: True)
    assert not out.exists() and not out.with_name(out.name + ".part").exists()


def test_backup_reports_progress(filled, tmp_path):
    calls = []
    BackupService(filled).backup(tmp_path / "进度.zip", progress=lambda done, total, text: calls.append((done, total)))
    assert calls[0] == (1, 2) and calls[-1] == (2, 2)


def test_check_passes_on_a_healthy_folder(filled):
    report = BackupService(filled).check()
    assert report.ok and report.problems == []
    assert (report.members, report.attachments) == (2, 1)


def test_check_finds_a_missing_attachment(filled):
    _set_content(filled, "attachments/2025/活动照片.jpg", None)
    report = BackupService(filled).check()
    assert not report.ok
    assert len(report.problems) == 1 and "活动照片.jpg" in report.problems[0] and "丢失" in report.problems[0]


def test_check_finds_an_altered_attachment(filled):
    _set_content(filled, "attachments/2025/活动照片.jpg", b"edited in another program")
    report = BackupService(filled).check()
    assert not report.ok
    assert len(report.problems) == 1 and "校验值不符" in report.problems[0]


@pytest.mark.sqlite_only("writes a broken reference with SQLite's foreign keys off; PostgreSQL cannot hold one")
def test_check_finds_a_broken_reference(filled):
    with filled.engine.connect() as c:  # written behind the program's back, foreign keys off
        c.exec_driver_sql("PRAGMA foreign_keys=OFF")
        c.exec_driver_sql("INSERT INTO member_committees (member_id, organization_id) VALUES (1, 4242)")
        c.commit()
    report = BackupService(filled).check()
    assert not report.ok and any("member_committees" in p for p in report.problems)


def test_attachments_stay_listed_in_the_database(filled):
    with filled.uow() as s:
        assert s.scalars(select(Attachment.original_name)).all() == ["活动照片.jpg"]
