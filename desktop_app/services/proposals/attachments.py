"""Reply files copied into the data folder with their SHA-256 (never a path to the user's original)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from db.models import Attachment
from desktop_app.services.attachments import copy_into_store
from desktop_app.services.context import ServiceContext


def store_attachment(s: Session, ctx: ServiceContext, source: str | Path, *, owner_type: str, owner_id: int,
                     on: date, description: str | None = None) -> Attachment:
    """Copy `source` in (services.attachments' layout) and register it in the caller's transaction."""
    relative, digest, size = copy_into_store(ctx, Path(source), year=on.year)
    attachment = Attachment(owner_type=owner_type, owner_id=owner_id, original_name=Path(source).name,
                            stored_path=relative, sha256=digest, size=size, description=description,
                            changed_by=ctx.actor)
    s.add(attachment)
    s.flush()
    return attachment
