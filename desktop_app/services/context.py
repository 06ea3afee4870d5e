"""What every service needs, made once by app.py and passed in (no globals)."""
from __future__ import annotations

import getpass
from dataclasses import dataclass, field
from pathlib import Path

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
    upgrade_notes: tuple[str, ...] = ()  # what the upgrade on opening repaired, for the user to read

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.session_factory)
