"""What a write changed, so each page refreshes only when its part did (Anki's OpChanges)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Changes:
    members: bool = False
    proposals: bool = False
    homes: bool = False
    activities: bool = False
    platforms: bool = False
    consultations: bool = False
    opinions: bool = False
    units: bool = False
    settings: bool = False
    vocabularies: bool = False

    @classmethod
    def everything(cls) -> "Changes":
        return cls(**{name: True for name in cls.__dataclass_fields__})

    def __or__(self, other: "Changes") -> "Changes":
        return Changes(**{n: getattr(self, n) or getattr(other, n) for n in self.__dataclass_fields__})

    def any(self) -> bool:
        return any(getattr(self, n) for n in self.__dataclass_fields__)
