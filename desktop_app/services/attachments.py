"""Attachments: a file copied into the data folder (attachments/<year>/<uuid>-<name>) with its SHA-256."""
from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from db.models import Attachment
from desktop_app.domain.errors import EnvironmentProblem, NotFound
from desktop_app.services.context import ServiceContext
from desktop_app.services.records import add_flushed

_UNSAFE = str.maketrans({c: "_" for c in '<>:"/\\|?*' + "".join(map(chr, range(32)))})
_NAME_BYTES = 120  # of the stored name after the UUID: every file system allows 255 bytes, Chinese takes 3 each


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


def attachments_of(s: Session, owner_type: str, owner_id: int) -> tuple[AttachmentRow, ...]:
    rows = s.scalars(select(Attachment).where(Attachment.owner_type == owner_type, Attachment.owner_id == owner_id)
                     .order_by(Attachment.id))
    return tuple(_row(a) for a in rows)


def delete_attachments_of(s: Session, owner_type: str, owner_id: int) -> list[str]:
    """Delete an owner's attachment rows in this transaction; returns their stored paths, whose files go once
    the transaction has committed (remove_stored_files), so a failed delete keeps them."""
    owned = (Attachment.owner_type == owner_type, Attachment.owner_id == owner_id)
    stored = list(s.scalars(select(Attachment.stored_path).where(*owned)))
    s.execute(delete(Attachment).where(*owned))
    return stored


def remove_stored_files(ctx: ServiceContext, stored: list[str]) -> None:
    for rel in stored:
        path = inside_attachments(ctx, rel)  # never delete a file outside the folder
        if path is not None:
            path.unlink(missing_ok=True)


class AttachmentsService:
    def __init__(self, ctx: ServiceContext):
        self._ctx = ctx

    def add(self, *, owner_type: str, owner_id: int, source: Path, held_on: date | None = None,
            description: str | None = None) -> AttachmentRow:
        """Copy the file in and record it; the copy is removed again if the record cannot be written."""
        year = (held_on or date.today()).year
        rel, sha, size = copy_into_store(self._ctx, source, year=year)
        uow = self._ctx.uow()
        try:
            with uow as s:
                att = Attachment(owner_type=owner_type, owner_id=owner_id, original_name=Path(source).name,
                                 stored_path=rel, sha256=sha, size=size, description=description,
                                 changed_by=self._ctx.actor)
                add_flushed(s, att)
                uow.commit()
                return _row(att)
        except BaseException:
            (self._ctx.data.root / rel).unlink(missing_ok=True)
            raise

    def remove(self, attachment_id: int) -> None:
        uow = self._ctx.uow()
        with uow as s:
            att = s.get(Attachment, attachment_id)
            if att is None:
                raise NotFound("找不到这个附件，可能已被删除，请刷新。")
            path = inside_attachments(self._ctx, att.stored_path)  # never delete a file outside the folder
            s.delete(att)
            uow.commit()
        if path is not None:
            path.unlink(missing_ok=True)
