"""Attachments copied into the data folder (or, on a server database, their content in it), and the audit log of
every change."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Record, allowed_values, utc_now
from desktop_app.domain.enums import AttachmentOwner


class Attachment(Record, Base):
    """A file copied into the data folder (never a path to the user's original)."""

    __tablename__ = "attachments"
    __table_args__ = (Index("ix_attachments_owner", "owner_type", "owner_id"), allowed_values("owner_type", AttachmentOwner))
    owner_type: Mapped[str] = mapped_column(String(30))  # activity / consultation / proposal / reply / opinion
    owner_id: Mapped[int] = mapped_column(Integer)
    original_name: Mapped[str] = mapped_column(String(255))
    stored_path: Mapped[str] = mapped_column(String(500))  # relative to the data folder
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    description: Mapped[str | None] = mapped_column(Text)


class AttachmentContent(Base):
    """An attachment's bytes, kept in the database when it is a server several PCs share (PostgreSQL), so every PC
    opens the same file; a SQLite data folder keeps them as files in attachments/ and leaves this table empty
    (services/attachments.py). Removing the attachment removes its content."""

    __tablename__ = "attachment_contents"
    # the attachment's id (named id, as every table's key is: SQLite's audit triggers, services/audit.py, name it)
    id: Mapped[int] = mapped_column(ForeignKey("attachments.id", ondelete="CASCADE"), primary_key=True,
                                    autoincrement=False)
    content: Mapped[bytes] = mapped_column(LargeBinary)


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_record", "table_name", "record_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utc_now, server_default=func.current_timestamp(), index=True)
    actor: Mapped[str | None] = mapped_column(String(64))
    table_name: Mapped[str] = mapped_column(String(50))
    record_id: Mapped[int | None] = mapped_column(Integer)
    record_uuid: Mapped[str | None] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(20))  # insert / update / delete / import / …
    before_json: Mapped[str | None] = mapped_column(Text)
    after_json: Mapped[str | None] = mapped_column(Text)
    # The hash chain (domain/audit_chain.py): the previous entry's hash and this entry's own.
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    entry_hash: Mapped[str | None] = mapped_column(String(64))
