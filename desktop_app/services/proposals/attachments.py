"""Reply files taken in with their SHA-256 (never a path to the user's original): services.attachments' layout."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from db.models import Attachment
from desktop_app.services.attachments import store_in_session
from desktop_app.services.context import ServiceContext


def store_attachment(s: Session, ctx: ServiceContext, source: str | Path, *, owner_type: str, owner_id: int,
                     on: date, description: str | None = None) -> Attachment:
    """Take `source` in (a file in attachments/, or its content in a server database) and register it in the
    caller's transaction."""
    return store_in_session(s, ctx, Path(source), owner_type=owner_type, owner_id=owner_id, year=on.year,
                            description=description)
