"""What a write did: the one value every service write returns (Anki's OpChanges).

The flags say which parts of the data changed, so each page refreshes only when its part did; a write
announces everything it touched (a roster import that creates a committee sets `organizations` too).
The other fields are what a write reports back: the id of the record it made, the case number it gave,
and for an import, what it wrote (`Batch`). Nobody unpacks a tuple.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path

from desktop_app.domain.errors import Problem

# The parts of the data a write may change (the bool fields of Changes).
FLAGS = ("members", "proposals", "homes", "activities", "platforms", "consultations", "opinions", "units",
         "organizations", "sessions", "settings", "vocabularies")


@dataclass(frozen=True)
class Batch:
    """What a write of many records did (an import, a step applied to many): counts and the sentences to show."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0  # rows or records left out (problems, refusals)
    lines: tuple[str, ...] = ()  # the summary, one sentence a line
    tally: tuple[tuple[str, int], ...] = ()  # how many of each kind were made: (("委员", 180), ("提案", 631) …)
    problems: tuple[Problem, ...] = ()  # why rows were skipped
    backup: Path | None = None  # the copy of the database taken before writing


@dataclass(frozen=True)
class Changes:
    members: bool = False
    proposals: bool = False
    homes: bool = False
    activities: bool = False
    platforms: bool = False
    consultations: bool = False
    opinions: bool = False
    units: bool = False  # 承办单位
    organizations: bool = False  # 参加单位, 专委会 among them
    sessions: bool = False  # 届次与会次
    settings: bool = False
    vocabularies: bool = False
    new_id: int | None = None  # the record the write created (proposal, member, reply, opinion …)
    case_number: int | None = None  # the 案号 an accepted proposal was given
    batch: Batch | None = None  # what a write of many records did (an import, a batch step)

    @classmethod
    def everything(cls) -> "Changes":
        return cls(**{name: True for name in FLAGS})

    def __or__(self, other: "Changes") -> "Changes":
        merged = {n: getattr(self, n) or getattr(other, n) for n in FLAGS}
        return replace(self, **merged, new_id=other.new_id if other.new_id is not None else self.new_id,
                       case_number=other.case_number if other.case_number is not None else self.case_number,
                       batch=other.batch or self.batch)

    def any(self) -> bool:
        """True when some part of the data changed."""
        return any(getattr(self, n) for n in FLAGS)

    def touches(self, *parts: str) -> bool:
        """True when any of `parts` (flag names) changed."""
        unknown = [p for p in parts if p not in FLAGS]
        if unknown:
            raise ValueError(f"not a part of Changes: {unknown}")
        return any(getattr(self, p) for p in parts)


assert FLAGS == tuple(f.name for f in fields(Changes) if f.type in ("bool", bool))
