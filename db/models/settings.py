"""Office settings, editable vocabularies and saved import column mappings."""
from __future__ import annotations

from sqlalchemy import Boolean, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Record


class Setting(Record, Base):
    """One office setting: a key and its JSON-encoded value (county name, reply period …)."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), unique=True)
    value_json: Mapped[str] = mapped_column(Text, default="null")


class VocabularyTerm(Record, Base):
    """One entry of a vocabulary (界别, 民族 …) with its aliases, in the office's order."""

    __tablename__ = "vocabulary_terms"
    __table_args__ = (UniqueConstraint("vocabulary", "name"),)
    vocabulary: Mapped[str] = mapped_column(String(40), index=True)
    name: Mapped[str] = mapped_column(String(100))
    aliases_json: Mapped[str] = mapped_column(Text, default="[]")
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Vocabulary(Record, Base):
    """A vocabulary's own facts: its key, Chinese label and whether other values are allowed."""

    __tablename__ = "vocabularies"
    key: Mapped[str] = mapped_column(String(40), unique=True)
    label: Mapped[str] = mapped_column(String(40))
    open: Mapped[bool] = mapped_column(Boolean, default=False)


class ImportMapping(Record, Base):
    """A column mapping the user saved for one kind of import (header text → field)."""

    __tablename__ = "import_mappings"
    __table_args__ = (UniqueConstraint("kind", "header_key"),)
    kind: Mapped[str] = mapped_column(String(30))
    header_key: Mapped[str] = mapped_column(String(200))  # folded header text
    field: Mapped[str] = mapped_column(String(40))
