"""What every service needs, made once by app.py and passed in (no globals)."""
from __future__ import annotations

import getpass
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from desktop_app.paths import DataPaths
from desktop_app.services.uow import UnitOfWork


def _current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name on some Windows service accounts
        return "本机用户"


@dataclass
class ServiceContext:
    engine: Engine
    session_factory: sessionmaker[Session]
    data: DataPaths
    resources: Path
    actor: str = field(default_factory=_current_user)
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
        return UnitOfWork(self.session_factory)
