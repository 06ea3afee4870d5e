"""Controlled vocabularies (界别, 民族, 政治面貌 …) as plain data with aliases.

Defaults ship as JSON under resources/vocabularies/; the office edits its copy in the
database (settings page). This module only knows the shape and how to look a value up.
"""
from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path


def fold(text: str) -> str:
    """Fold full-width forms and drop every kind of space: the key used for matching."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if not ch.isspace())


@dataclass(frozen=True)
class VocabularyEntry:
    name: str
    aliases: tuple[str, ...] = ()
    active: bool = True


@dataclass
class Vocabulary:
    """One vocabulary: its key (`sector`), Chinese label (`界别`) and ordered entries."""

    key: str
    label: str
    entries: list[VocabularyEntry] = field(default_factory=list)
    open: bool = False  # an open vocabulary accepts values outside the list (e.g. committees)
    _index: dict[str, str] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self._rebuild()

    def _rebuild(self) -> None:
        index: dict[str, str] = {}
        for entry in self.entries:
            index.setdefault(fold(entry.name), entry.name)
        for entry in self.entries:
            for alias in entry.aliases:
                index.setdefault(fold(alias), entry.name)
        self._index = index

    @property
    def names(self) -> list[str]:
        return [e.name for e in self.entries if e.active]

    def canonical(self, raw: str | None) -> str | None:
        """The vocabulary's name for `raw` (an exact name or alias, after folding), else None."""
        if raw is None:
            return None
        return self._index.get(fold(str(raw)))

    @classmethod
    def from_dict(cls, data: dict) -> "Vocabulary":
        entries = [
            VocabularyEntry(
                name=e["name"], aliases=tuple(e.get("aliases", ())), active=e.get("active", True)
            )
            for e in data["entries"]
        ]
        return cls(key=data["key"], label=data["label"], entries=entries, open=data.get("open", False))

    def to_dict(self) -> dict:
        return {
            "key": self.key,
            "label": self.label,
            "open": self.open,
            "entries": [
                {"name": e.name, "aliases": list(e.aliases), **({} if e.active else {"active": False})}
                for e in self.entries
            ],
        }


def load_vocabulary_files(folder: Path) -> dict[str, Vocabulary]:
    """Read every resources/vocabularies/*.json into a dict keyed by vocabulary key."""
    result: dict[str, Vocabulary] = {}
    for path in sorted(folder.glob("*.json")):
        vocab = Vocabulary.from_dict(json.loads(path.read_text(encoding="utf-8")))
        result[vocab.key] = vocab
    return result
