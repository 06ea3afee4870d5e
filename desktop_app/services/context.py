"""What every service needs, made once by app.py and passed in (no globals)."""
from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from desktop_app.paths import DataPaths
from desktop_app.services.uow import UnitOfWork


CLERK_VARIABLE = "CPPCC_DESK_CLERK"  # the clerk's name on this PC, for the command line
ACTOR_LENGTH = 64  # the width of the 经办人 columns


def clerk_name(text: str | None) -> str:
    """A clerk's name as stored: trimmed, each run of blanks made one space, cut to the column's width."""
    return " ".join((text or "").split())[:ACTOR_LENGTH]


def default_actor() -> str:
    """Who acts when this PC has named no clerk: CPPCC_DESK_CLERK when set, else the login name.

    The window names its clerk in its own settings (本机经办人) and sets ServiceContext.actor from it."""
    named = clerk_name(os.environ.get(CLERK_VARIABLE))
    if named:
        return named
    try:
        return clerk_name(getpass.getuser()) or "本机用户"
    except Exception:  # no login name on some Windows service accounts
        return "本机用户"


@dataclass
class ServiceContext:
    engine: Engine
    session_factory: sessionmaker[Session]
    data: DataPaths
    resources: Path
    actor: str = field(default_factory=default_actor)  # 经办人 of what this program writes
    # What opening did on its own (an upgrade's repairs, an interrupted restore finished), for the user to read.
    opening_notes: tuple[str, ...] = ()
    presence: Any = None  # services.presence.Presence: this program has the folder open

    def close(self) -> None:
        """Close every connection and say this program no longer has the folder open."""
        self.engine.dispose()
        if self.presence is not None:
            self.presence.close()
            self.presence = None

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.session_factory, actor=self.actor)
