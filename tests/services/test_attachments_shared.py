"""Attachments seen from several PCs: on PostgreSQL their content is kept in the database (attachment_contents), so a
file attached on one PC (one data folder) opens on another (another, empty data folder, the same --db URL); on
SQLite the file stays in the data folder's attachments/ (the PCs share that folder), as before.

Runs on SQLite, and on PostgreSQL when CPPCC_TEST_PG names a server (tests/services/conftest.py).
"""
from __future__ import annotations

import hashlib
import json
import os
import zipfile
from datetime import date

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.pool import NullPool

from db.models import Attachment, AttachmentContent
from desktop_app.domain.errors import EnvironmentProblem, NotFound
from desktop_app.services.activities import ActivitiesService, ActivityInput
from desktop_app.services.attachments import (MAX_CONTENT_BYTES, MAX_FILE_BYTES, AttachmentsService,
                                              contents_in_database)
from desktop_app.services.backup import MANIFEST, BackupService
from desktop_app.services.database import open_store
from desktop_app.services.proposals.attachments import store_attachment
from tests.cli_support import cli

NAME = '纪要:第1次?.docx'  # ':' and '?' are not allowed in a Windows file name
SAFE_NAME = "纪要_第1次_.docx"
CONTENT = b"PK\x03\x04" + bytes(range(256)) * 300 + "会议纪要".encode()


def _url(ctx) -> str:
    return ctx.engine.url.render_as_string(hide_password=False)


def _on_server(ctx) -> bool:
    return ctx.engine.dialect.name == "postgresql"


def _files(folder) -> list:
    return sorted(p for p in (folder / "attachments").rglob("*") if p.is_file())


def _content_rows(ctx) -> list[tuple[int, bytes]]:
    with ctx.uow() as s:
        return [(i, bytes(c)) for i, c in s.execute(select(AttachmentContent.id, AttachmentContent.content)
                                                    .order_by(AttachmentContent.id))]


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "原件" / NAME
    path.parent.mkdir()
    path.write_bytes(CONTENT)
    return path


@pytest.fixture
def two_pcs(tmp_path):
    """(PC 1, PC 2): on PostgreSQL two data folders on one database; on SQLite one data folder (the office's shared
    folder, which holds the files) opened twice."""
    first = open_store(tmp_path / "甲")
    if _on_server(first):
        second = open_store(tmp_path / "乙", url=_url(first))
    else:
        second = open_store(tmp_path / "甲")
    first.actor, second.actor = "甲", "乙"
    yield first, second
    second.close()
    first.close()


def _activity(ctx) -> int:
    return ActivitiesService(ctx).add(ActivityInput(held_on=date(2025, 9, 9), kind="其他", title="座谈")).new_id


def _attach(ctx, source) -> int:
    return ActivitiesService(ctx).attach(_activity(ctx), source).new_id


def test_attached_on_one_pc_opens_on_the_other_with_the_same_bytes_and_name(two_pcs, source, tmp_path):
    first, second = two_pcs
    attachment_id = _attach(first, source)
    with second.uow() as s:
        row = s.get(Attachment, attachment_id)
        assert (row.original_name, row.sha256, row.size) == (NAME, hashlib.sha256(CONTENT).hexdigest(), len(CONTENT))
        stored_path = row.stored_path
    assert stored_path.startswith("attachments/2025/") and stored_path.endswith("-" + SAFE_NAME)

    cache = tmp_path / "乙的缓存"
    opened = AttachmentsService(second).open_path(attachment_id, cache=cache)
    assert opened.read_bytes() == CONTENT
    assert AttachmentsService(second).open_path(attachment_id, cache=cache) == opened  # the copy is reused
    if _on_server(first):
        assert contents_in_database(first.engine)
        assert opened.name == SAFE_NAME and opened.parent.parent == cache
        assert _content_rows(second) == [(attachment_id, CONTENT)]
        assert _files(first.data.root) == [] and _files(second.data.root) == []  # nothing in either folder
    else:
        assert not contents_in_database(first.engine)
        assert opened == first.data.root / stored_path
        assert _files(first.data.root) == [first.data.root / stored_path]
        assert _content_rows(first) == []
        assert not cache.exists()


def test_a_copy_edited_in_the_cache_is_written_again_from_the_database(two_pcs, source, tmp_path):
    first, second = two_pcs
    attachment_id = _attach(first, source)
    if not _on_server(first):
        pytest.skip("SQLite opens the data folder's own file, no cached copy")
    opened = AttachmentsService(second).open_path(attachment_id, cache=tmp_path / "缓存")
    opened.write_bytes(b"changed in Word")
    assert AttachmentsService(second).open_path(attachment_id, cache=tmp_path / "缓存").read_bytes() == CONTENT


def test_removed_on_one_pc_it_is_gone_on_both(two_pcs, source, tmp_path):
    first, second = two_pcs
    attachment_id = _attach(first, source)
    AttachmentsService(second).remove(attachment_id)
    for pc in (first, second):
        with pytest.raises(NotFound):
            AttachmentsService(pc).open_path(attachment_id, cache=tmp_path / "缓存")
    assert _content_rows(first) == []
    assert _files(first.data.root) == []
    assert BackupService(first).check().attachments == 0


def test_deleting_the_activity_takes_its_attachments_content_with_it(two_pcs, source):
    first, second = two_pcs
    activity_id = _activity(first)
    ActivitiesService(first).attach(activity_id, source)
    ActivitiesService(first).attach(activity_id, source)
    assert len(_content_rows(first)) == (2 if _on_server(first) else 0)
    assert len(_files(first.data.root)) == (0 if _on_server(first) else 2)
    version = ActivitiesService(second).get(activity_id).version
    ActivitiesService(second).delete(activity_id, expected_version=version)
    assert _content_rows(first) == []
    assert _files(first.data.root) == []


def test_a_reply_file_is_kept_like_every_attachment(two_pcs, source, tmp_path):
    first, second = two_pcs
    uow = first.uow()
    with uow as s:
        attachment_id = store_attachment(s, first, source, owner_type="reply", owner_id=1, on=date(2025, 3, 2)).id
        uow.commit()
    assert AttachmentsService(second).open_path(attachment_id, cache=tmp_path / "缓存").read_bytes() == CONTENT
    assert _content_rows(first) == ([(attachment_id, CONTENT)] if _on_server(first) else [])


def test_a_failed_write_leaves_no_attachment_and_no_content(two_pcs, source):
    first, _ = two_pcs
    with pytest.raises(NotFound):
        uow = first.uow()
        with uow as s:
            store_attachment(s, first, source, owner_type="reply", owner_id=1, on=date(2025, 3, 2))
            raise NotFound("写入中途失败")
    with first.uow() as s:
        assert s.scalar(select(func.count()).select_from(Attachment)) == 0
    assert _content_rows(first) == []


def test_check_passes_then_finds_changed_and_lost_content(two_pcs, source):
    first, second = two_pcs
    attachment_id = _attach(first, source)
    report = BackupService(second).check()
    assert (report.ok, report.problems, report.attachments) == (True, [], 1)

    with first.uow() as s:
        stored_path = s.get(Attachment, attachment_id).stored_path
    if _on_server(first):
        with first.engine.begin() as c:
            c.execute(text("UPDATE attachment_contents SET content = :c"), {"c": b"edited behind the program"})
    else:
        (first.data.root / stored_path).write_bytes(b"edited behind the program")
    assert BackupService(second).check().problems == [f"附件“{NAME}”的内容与登记的校验值不符，可能已被改动"]

    if _on_server(first):
        with first.engine.begin() as c:
            c.execute(text("DELETE FROM attachment_contents"))
        expected = f"附件“{NAME}”的内容丢失（数据库中没有 {stored_path} 的内容）"
    else:
        (first.data.root / stored_path).unlink()
        expected = f"附件“{NAME}”的文件丢失（{stored_path}）"
    assert BackupService(second).check().problems == [expected]
    with pytest.raises(EnvironmentProblem):
        AttachmentsService(second).open_path(attachment_id)


def test_a_file_over_the_limit_is_refused_and_nothing_is_kept(ctx, tmp_path):
    limit = MAX_CONTENT_BYTES if _on_server(ctx) else MAX_FILE_BYTES
    big = tmp_path / "录像.mp4"
    with open(big, "wb") as handle:  # sparse: takes no disk
        handle.truncate(limit + 1)
    with pytest.raises(EnvironmentProblem) as caught:
        _attach(ctx, big)
    assert caught.value.message == (f"文件“录像.mp4”有 {(limit + 1) / (1 << 20):.0f} MB，超过附件上限 {limit >> 20} MB，"
                                    "请压缩或拆分后再添加。")
    with ctx.uow() as s:
        assert s.scalar(select(func.count()).select_from(Attachment)) == 0
    assert _files(ctx.data.root) == []


def test_backup_then_restore_carries_the_attachment(ctx, data_dir, source, tmp_path):
    attachment_id = _attach(ctx, source)
    with ctx.uow() as s:
        stored_path = s.get(Attachment, attachment_id).stored_path
    backup = BackupService(ctx).backup(tmp_path / "备份.zip").path
    with zipfile.ZipFile(backup) as zf:
        manifest = json.loads(zf.read(MANIFEST))
        assert manifest["attachments"] == {stored_path: hashlib.sha256(CONTENT).hexdigest()}
        assert zf.read(stored_path) == CONTENT

    AttachmentsService(ctx).remove(attachment_id)
    assert _content_rows(ctx) == [] and _files(ctx.data.root) == []
    on_server = _on_server(ctx)
    url = _url(ctx)
    BackupService(ctx).restore(backup)
    ctx.close()

    # PC 2: on PostgreSQL a new, empty data folder on the same database; on SQLite the restored folder
    other = open_store(tmp_path / "乙", url=url) if on_server else open_store(data_dir)
    try:
        assert AttachmentsService(other).open_path(attachment_id, cache=tmp_path / "缓存").read_bytes() == CONTENT
        report = BackupService(other).check()
        assert (report.ok, report.attachments) == (True, 1)
        assert _content_rows(other) == ([(attachment_id, CONTENT)] if on_server else [])
        assert _files(data_dir) == ([] if on_server else [data_dir / stored_path])
    finally:
        other.close()


@pytest.mark.sqlite_only("moves a data folder's SQLite file to the test server and back")
def test_transfer_to_the_server_and_back_carries_the_attachment(pg_server, source, tmp_path):
    folder = open_store(tmp_path / "本机")
    attachment_id = _attach(folder, source)
    with folder.uow() as s:
        stored_path = s.get(Attachment, attachment_id).stored_path
    folder.close()

    url = pg_server.empty_database()
    code, out, err = cli(tmp_path / "本机", "transfer", "--to", url)
    assert code == 0, err
    assert out.splitlines()[1] == ("1 个附件的内容已存入该数据库。各台电脑在“设置 → 数据库”（或用 cppcc-desk server set）"
                                   f"保存这个服务器，或用 --db {url} 打开它。")
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as c:
            assert [tuple(r) for r in c.execute(text(
                "SELECT id, content FROM attachment_contents"))] == [(attachment_id, CONTENT)]
    finally:
        engine.dispose()

    second = open_store(tmp_path / "乙", url=url)  # another PC: an empty data folder
    try:
        assert AttachmentsService(second).open_path(attachment_id, cache=tmp_path / "缓存").read_bytes() == CONTENT
        assert BackupService(second).check().ok
    finally:
        second.close()

    back = tmp_path / "迁回"
    code, out, err = cli(back, "transfer", "--from", url)
    assert code == 0, err
    assert out.splitlines()[1] == "1 个附件已写入本数据文件夹的 attachments。"
    assert _files(back) == [back / stored_path]
    assert (back / stored_path).read_bytes() == CONTENT
    returned = open_store(back)
    try:
        report = BackupService(returned).check()
        assert (report.ok, report.attachments) == (True, 1)
        assert _content_rows(returned) == []
    finally:
        returned.close()


@pytest.mark.sqlite_only("moves a data folder's SQLite file to the test server")
def test_transfer_names_an_attachment_whose_file_is_lost(pg_server, source, tmp_path):
    folder = open_store(tmp_path / "本机")
    attachment_id = _attach(folder, source)
    with folder.uow() as s:
        (folder.data.root / s.get(Attachment, attachment_id).stored_path).unlink()
    folder.close()
    url = pg_server.empty_database()
    code, out, err = cli(tmp_path / "本机", "transfer", "--to", url)
    assert code == 0, err
    assert out.splitlines()[1:] == [
        "0 个附件的内容已存入该数据库。各台电脑在“设置 → 数据库”（或用 cppcc-desk server set）"
        f"保存这个服务器，或用 --db {url} 打开它。",
        f"附件“{NAME}”在原处没有内容（文件丢失），只迁移了其登记记录；请运行 check 查看。"]


def test_files_an_older_program_left_in_a_pcs_folder_go_into_the_server_when_it_opens(two_pcs, tmp_path):
    first, second = two_pcs
    if not _on_server(first):
        pytest.skip("a SQLite data folder keeps its files")
    rel = "attachments/2024/0b5c-旧附件.pdf"  # as a program before attachment_contents kept it: the file, no content
    uow = first.uow()
    with uow as s:
        s.add_all([Attachment(owner_type="activity", owner_id=1, original_name="旧附件.pdf", stored_path=rel,
                              sha256=hashlib.sha256(CONTENT).hexdigest(), size=len(CONTENT)),
                   Attachment(owner_type="activity", owner_id=1, original_name="改过.pdf", stored_path=rel + "x",
                              sha256="0" * 64, size=len(CONTENT))])
        uow.commit()
    for name in (rel, rel + "x"):
        (first.data.root / name).parent.mkdir(parents=True, exist_ok=True)
        (first.data.root / name).write_bytes(CONTENT)
    assert BackupService(second).check().problems == [
        f"附件“旧附件.pdf”的内容丢失（数据库中没有 {rel} 的内容）", f"附件“改过.pdf”的内容丢失（数据库中没有 {rel}x 的内容）"]

    again = open_store(first.data.root, url=_url(first))  # PC 1 opens its folder again
    try:
        assert again.opening_notes == ("已把本机数据文件夹中的 1 个附件存入数据库，各台电脑都能打开它们。",)
    finally:
        again.close()
    with second.uow() as s:
        old_id = s.scalar(select(Attachment.id).where(Attachment.stored_path == rel))
    assert AttachmentsService(second).open_path(old_id, cache=tmp_path / "缓存").read_bytes() == CONTENT
    # the file whose bytes are not the recorded ones stays out
    assert BackupService(second).check().problems == [f"附件“改过.pdf”的内容丢失（数据库中没有 {rel}x 的内容）"]
    reopened = open_store(tmp_path / "乙", url=_url(first))  # a PC without files: nothing to say
    try:
        assert reopened.opening_notes == ()
    finally:
        reopened.close()


def test_a_backup_made_on_the_server_restores_into_a_sqlite_folder_as_files(ctx, source, tmp_path):
    from db.engine import sqlite_url

    if not _on_server(ctx):
        pytest.skip("the server's backup: the [postgresql] run")
    attachment_id = _attach(ctx, source)
    with ctx.uow() as s:
        stored_path = s.get(Attachment, attachment_id).stored_path
    backup = BackupService(ctx).backup(tmp_path / "服务器备份.zip").path
    folder = tmp_path / "单机"
    local = open_store(folder, url=sqlite_url(folder))  # a data folder's own SQLite file
    try:
        BackupService(local).restore(backup)
    finally:
        local.close()
    restored = open_store(folder, url=sqlite_url(folder))
    try:
        assert _files(folder) == [folder / stored_path] and (folder / stored_path).read_bytes() == CONTENT
        assert AttachmentsService(restored).open_path(attachment_id) == folder / stored_path
        report = BackupService(restored).check()
        assert (report.ok, report.attachments) == (True, 1)
        assert _content_rows(restored) == []
    finally:
        restored.close()


def test_a_sqlite_folders_backup_restores_into_the_server_as_content(ctx, source, tmp_path):
    from db.engine import sqlite_url

    if not _on_server(ctx):
        pytest.skip("restoring into the server: the [postgresql] run")
    folder = tmp_path / "单机"
    local = open_store(folder, url=sqlite_url(folder))
    try:
        attachment_id = _attach(local, source)
        backup = BackupService(local).backup(tmp_path / "单机备份.zip").path
    finally:
        local.close()
    BackupService(ctx).restore(backup)
    assert _content_rows(ctx) == [(attachment_id, CONTENT)]
    assert _files(ctx.data.root) == []
    other = open_store(tmp_path / "乙", url=_url(ctx))
    try:
        assert AttachmentsService(other).open_path(attachment_id, cache=tmp_path / "缓存").read_bytes() == CONTENT
        assert BackupService(other).check().ok
    finally:
        other.close()
