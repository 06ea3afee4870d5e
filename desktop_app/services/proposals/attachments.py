"""Reply files copied into the data folder with their SHA-256 (never a path to the user's original)."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from sqlalchemy.orm import Session

from db.models import Attachment
from desktop_app.domain.errors import InputFileProblem
from desktop_app.paths import DataPaths


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def store_attachment(s: Session, data: DataPaths, source: str | Path, *, owner_type: str, owner_id: int,
                     actor: str, description: str | None = None) -> Attachment:
    """Copy `source` to attachments/<owner_type>/<sha[:2]>/<sha><suffix> and register it."""
    source = Path(source)
    try:
        digest = _sha256(source)
        size = source.stat().st_size
    except FileNotFoundError:
        raise InputFileProblem(f"找不到附件文件“{source.name}”，请确认它仍在原来的位置后重试。") from None
    except PermissionError:
        raise InputFileProblem(f"附件文件“{source.name}”正被其他程序占用或无权读取，请关闭后重试。") from None
    relative = Path("attachments") / owner_type / digest[:2] / f"{digest}{source.suffix.lower()}"
    target = data.root / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".part")
        try:
            shutil.copyfile(source, partial)
            partial.replace(target)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise InputFileProblem(f"无法把附件“{source.name}”复制到数据文件夹（{exc.strerror}），请检查磁盘空间后重试。") from exc
    attachment = Attachment(owner_type=owner_type, owner_id=owner_id, original_name=source.name,
                            stored_path=relative.as_posix(), sha256=digest, size=size, description=description,
                            changed_by=actor)
    s.add(attachment)
    s.flush()
    return attachment
