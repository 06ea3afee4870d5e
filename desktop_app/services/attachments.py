"""Attachments: a file copied into the data folder (attachments/<year>/<uuid>-<name>) with its SHA-256."""
from __future__ import annotations

import hashlib
import shutil
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Attachment
from desktop_app.domain.errors import EnvironmentProblem, NotFound
from desktop_app.services import audit
from desktop_app.services.context import ServiceContext
from desktop_app.services.records import add_audited

_UNSAFE = str.maketrans({c: "_" for c in '<>:"/\\|?*'})


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
    name = source.name.translate(_UNSAFE)[-120:]
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
                add_audited(s, att, actor=self._ctx.actor)
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
            path = self._ctx.data.root / att.stored_path
            audit.record(s, actor=self._ctx.actor, obj=att, action="delete", before=audit.snapshot(att))
            s.delete(att)
            uow.commit()
        path.unlink(missing_ok=True)

    def path_of(self, attachment_id: int) -> Path:
        """The stored copy's full path, for opening it."""
        with self._ctx.uow() as s:
            att = s.get(Attachment, attachment_id)
            if att is None:
                raise NotFound("找不到这个附件，可能已被删除，请刷新。")
            return self._ctx.data.root / att.stored_path
