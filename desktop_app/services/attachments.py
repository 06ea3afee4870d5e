"""Attachments: a file copied in, recorded with its SHA-256 under the name attachments/<year>/<uuid>-<name>.

Where the bytes live depends on the database:
- a SQLite data folder keeps them as that file in its attachments/ folder (the backup zip and the office's folder
  rely on it);
- a server database several PCs share (PostgreSQL, `--db URL`) keeps them in its attachment_contents table, written
  in the same transaction as the attachment's row, so a file attached on one PC opens on every other. Opening one
  writes it to a per-user cache folder (paths.attachment_cache_dir) under its own name and returns that path.
The recorded stored_path is the same on both: backups and transfers write the content at that name.
"""
from __future__ import annotations

import hashlib
import os
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from db.models import Attachment, AttachmentContent
from desktop_app.domain.errors import EnvironmentProblem, NotFound
from desktop_app.paths import attachment_cache_dir
from desktop_app.services.context import ServiceContext
from desktop_app.services.records import add_flushed

_UNSAFE = str.maketrans({c: "_" for c in '<>:"/\\|?*' + "".join(map(chr, range(32)))})
_NAME_BYTES = 120  # of the stored name after the UUID: every file system allows 255 bytes, Chinese takes 3 each
# The largest attachment: what a backup's restore accepts (services.restore.MAX_ATTACHMENT_BYTES, 2 GiB) — on a
# server database less, as PostgreSQL holds at most 1 GB in one value (bytea).
MAX_FILE_BYTES = 2 << 30
MAX_CONTENT_BYTES = (1 << 30) - (1 << 20)


def contents_in_database(engine: Engine) -> bool:
    """True when the attachments' bytes are kept in the database (a server several PCs share), not in files."""
    return engine.dialect.name != "sqlite"


def stored_name(original: str) -> str:
    """A name safe on Windows and short enough in bytes: forbidden characters become _, the end is kept whole."""
    name = original.translate(_UNSAFE).strip(" .") or "附件"
    stem, dot, suffix = name.rpartition(".")
    if not dot or len(suffix.encode()) > 16:
        stem, suffix = name, ""
    room = _NAME_BYTES - len(suffix.encode()) - (1 if suffix else 0)
    while len(stem.encode()) > room:
        stem = stem[:-1]
    return f"{stem}.{suffix}" if suffix else stem


def inside_attachments(ctx: ServiceContext, stored_path: str) -> Path | None:
    """The stored file's full path when the recorded path stays inside attachments/ (a restored or edited
    database could point anywhere); None otherwise."""
    path = (ctx.data.root / stored_path).resolve()
    return path if path.is_relative_to(ctx.data.attachments.resolve()) else None


@dataclass(frozen=True)
class AttachmentRow:
    id: int
    owner_type: str
    owner_id: int
    original_name: str
    stored_path: str  # relative to the data folder
    sha256: str
    size: int
    description: str | None = None


def _row(a: Attachment) -> AttachmentRow:
    return AttachmentRow(a.id, a.owner_type, a.owner_id, a.original_name, a.stored_path, a.sha256, a.size,
                         a.description)


def copy_into_store(ctx: ServiceContext, source: Path, *, year: int) -> tuple[str, str, int]:
    """Copy `source` to attachments/<year>/<uuid>-<name>; returns (relative path, sha256, size)."""
    source = Path(source)
    if source.is_dir():
        raise EnvironmentProblem(f"“{source.name}”是一个文件夹，请选择其中的文件作为附件。")
    name = stored_name(source.name)
    folder = ctx.data.attachments / str(year)
    target = folder / f"{uuid.uuid4()}-{name}"
    digest = hashlib.sha256()
    try:
        _refuse_if_too_big(source, MAX_FILE_BYTES)
        folder.mkdir(parents=True, exist_ok=True)
        with open(source, "rb") as src, open(target, "wb") as dst:
            for chunk in iter(lambda: src.read(1 << 20), b""):
                digest.update(chunk)
                dst.write(chunk)
    except FileNotFoundError:
        raise EnvironmentProblem(f"找不到文件“{source.name}”，请确认它仍在原来的位置后重试。") from None
    except PermissionError:
        target.unlink(missing_ok=True)
        raise EnvironmentProblem(f"文件“{source.name}”正被其他程序占用或没有读取权限，请关闭后重试。") from None
    except OSError as exc:
        target.unlink(missing_ok=True)
        raise EnvironmentProblem(f"无法复制附件“{source.name}”（{exc.strerror}），请检查磁盘空间后重试。") from None
    return target.relative_to(ctx.data.root).as_posix(), digest.hexdigest(), target.stat().st_size


def _refuse_if_too_big(source: Path, limit: int) -> None:
    size = source.stat().st_size
    if size > limit:
        raise EnvironmentProblem(f"文件“{source.name}”有 {size / (1 << 20):.0f} MB，超过附件上限 {limit >> 20} MB，"
                                 "请压缩或拆分后再添加。")


def read_source(source: Path, *, year: int) -> tuple[str, bytes]:
    """The name to record (attachments/<year>/<uuid>-<name>) and the bytes of `source`, for a server database."""
    source = Path(source)
    if source.is_dir():
        raise EnvironmentProblem(f"“{source.name}”是一个文件夹，请选择其中的文件作为附件。")
    try:
        _refuse_if_too_big(source, MAX_CONTENT_BYTES)
        content = source.read_bytes()
    except FileNotFoundError:
        raise EnvironmentProblem(f"找不到文件“{source.name}”，请确认它仍在原来的位置后重试。") from None
    except PermissionError:
        raise EnvironmentProblem(f"文件“{source.name}”正被其他程序占用或没有读取权限，请关闭后重试。") from None
    except OSError as exc:
        raise EnvironmentProblem(f"无法读取附件“{source.name}”（{exc.strerror}），请检查后重试。") from None
    return f"attachments/{year}/{uuid.uuid4()}-{stored_name(source.name)}", content


def store_in_session(s: Session, ctx: ServiceContext, source: Path, *, owner_type: str, owner_id: int, year: int,
                     description: str | None = None) -> Attachment:
    """Take `source` in and add its record to the caller's transaction (flushed, so it has its id).

    SQLite: the file is copied into attachments/ first (removed again here when the record cannot be added; the
    caller removes it, discard_files, when its commit fails); a server database: its bytes are added in the same
    transaction as the record."""
    source = Path(source)
    if contents_in_database(ctx.engine):
        rel, content = read_source(source, year=year)
        sha, size = hashlib.sha256(content).hexdigest(), len(content)
    else:
        rel, sha, size = copy_into_store(ctx, source, year=year)
        content = None
    attachment = Attachment(owner_type=owner_type, owner_id=owner_id, original_name=source.name, stored_path=rel,
                            sha256=sha, size=size, description=description, changed_by=ctx.actor)
    try:
        add_flushed(s, attachment)
        if content is not None:
            s.add(AttachmentContent(id=attachment.id, content=content))
            s.flush()
    except BaseException:
        discard_files(ctx, [rel])
        raise
    return attachment


def discard_files(ctx: ServiceContext, stored_paths) -> None:
    """After removing attachment records: their files in a SQLite data folder (never outside attachments/). On a
    server database the content went with the rows; the folder is left alone."""
    if contents_in_database(ctx.engine):
        return
    for rel in stored_paths:
        path = inside_attachments(ctx, rel)
        if path is not None:
            path.unlink(missing_ok=True)


def attachments_of(s: Session, owner_type: str, owner_id: int) -> tuple[AttachmentRow, ...]:
    rows = s.scalars(select(Attachment).where(Attachment.owner_type == owner_type, Attachment.owner_id == owner_id)
                     .order_by(Attachment.id))
    return tuple(_row(a) for a in rows)


def delete_attachments_of(s: Session, owner_type: str, owner_id: int) -> list[str]:
    """Delete an owner's attachment rows in this transaction; returns their stored paths, whose files go once
    the transaction has committed (discard_files), so a failed delete keeps them."""
    owned = (Attachment.owner_type == owner_type, Attachment.owner_id == owner_id)
    stored = list(s.scalars(select(Attachment.stored_path).where(*owned)))
    s.execute(delete(Attachment).where(*owned))
    return stored


class AttachmentsService:
    def __init__(self, ctx: ServiceContext):
        self._ctx = ctx

    def add(self, *, owner_type: str, owner_id: int, source: Path, held_on: date | None = None,
            description: str | None = None) -> AttachmentRow:
        """Take the file in and record it, in one transaction; a copied file is removed again if the record
        cannot be written."""
        year = (held_on or date.today()).year
        uow = self._ctx.uow()
        att = None
        try:
            with uow as s:
                att = store_in_session(s, self._ctx, Path(source), owner_type=owner_type, owner_id=owner_id,
                                       year=year, description=description)
                uow.commit()
                return _row(att)
        except BaseException:
            if att is not None:
                discard_files(self._ctx, [att.stored_path])
            raise

    def open_path(self, attachment_id: int, *, cache: Path | None = None) -> Path:
        """A file holding the attachment, to open: its file in attachments/ (SQLite), or a copy of the database's
        content in this user's cache folder under the attachment's own name (a server database)."""
        with self._ctx.uow() as s:
            att = s.get(Attachment, attachment_id)
            if att is None:
                raise NotFound("找不到这个附件，可能已被删除，请刷新。")
            name, rel, sha, key = att.original_name, att.stored_path, att.sha256, att.uuid
            if not contents_in_database(self._ctx.engine):
                path = inside_attachments(self._ctx, rel)
                if path is None or not path.is_file():
                    raise EnvironmentProblem(f"附件“{name}”的文件不在数据文件夹中（{rel}），请运行“检查”。")
                return path
            target = cached_path(cache or attachment_cache_dir(), key, name)
            if _file_sha256(target) == sha:  # written before and unchanged (perhaps open in Word): not fetched again
                return target
            content = s.scalar(select(AttachmentContent.content).where(AttachmentContent.id == attachment_id))
        if content is None:
            raise EnvironmentProblem(f"数据库中没有附件“{name}”的内容，请运行“检查”。")
        return write_cached(target, name, bytes(content))

    def remove(self, attachment_id: int) -> None:
        uow = self._ctx.uow()
        with uow as s:
            att = s.get(Attachment, attachment_id)
            if att is None:
                raise NotFound("找不到这个附件，可能已被删除，请刷新。")
            rel = att.stored_path
            s.delete(att)  # on a server database its content goes with it (ON DELETE CASCADE)
            uow.commit()
        discard_files(self._ctx, [rel])


def carry_in_local_files(ctx: ServiceContext) -> int:
    """On a server database: store the content of attachments the database lacks from this PC's data folder, where
    a program before attachment_contents kept them (its file at stored_path, with the recorded SHA-256), so every PC
    opens them from now on; returns how many. Called when a data folder opens; a folder without files costs nothing,
    and a problem (another PC storing the same file at once, a file that cannot be read) leaves it for next time."""
    from sqlalchemy.exc import DBAPIError

    if not contents_in_database(ctx.engine) or not _holds_files(ctx.data.attachments):
        return 0
    carried = 0
    uow = ctx.uow()
    try:
        with uow as s:
            lacking = s.execute(select(Attachment.id, Attachment.stored_path, Attachment.sha256)
                                .outerjoin(AttachmentContent, AttachmentContent.id == Attachment.id)
                                .where(AttachmentContent.id.is_(None)).order_by(Attachment.id)).all()
            for attachment_id, rel, sha in lacking:
                path = inside_attachments(ctx, rel)
                if path is None or not path.is_file():
                    continue
                content = path.read_bytes()
                if hashlib.sha256(content).hexdigest() == sha:
                    s.add(AttachmentContent(id=attachment_id, content=content))
                    s.flush()
                    carried += 1
            uow.commit()
    except (DBAPIError, OSError):
        return 0
    return carried


def _holds_files(folder: Path) -> bool:
    try:
        return any(folder.iterdir())
    except OSError:
        return False


def cached_path(cache: Path, key: str, original_name: str) -> Path:
    """Where an attachment kept in the database is written to be opened: <cache>/<its UUID>/<its name made safe>."""
    return cache / key / stored_name(original_name)


def _file_sha256(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def write_cached(target: Path, original_name: str, content: bytes) -> Path:
    """Write `content` to `target` (through a temporary file beside it, so a reader never sees half of it)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        part = target.with_name(f".{uuid.uuid4().hex}.part")
        try:
            part.write_bytes(content)
            os.replace(part, target)
        finally:
            part.unlink(missing_ok=True)
    except PermissionError:
        raise EnvironmentProblem(f"附件“{original_name}”的副本正被其他程序打开，请关闭后重试（{target}）。") from None
    except OSError as exc:
        raise EnvironmentProblem(f"无法写出附件“{original_name}”的副本（{exc.strerror}），请检查磁盘空间后重试。") from None
    return target
