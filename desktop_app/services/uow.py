"""The unit of work: one transaction per user action, committed once by the service."""
from __future__ import annotations

from types import TracebackType

from sqlalchemy.orm import Session, sessionmaker


class UnitOfWork:
    """`with uow as s:` gives a session; the service calls `uow.commit()` once; anything else rolls back."""

    def __init__(self, session_factory: sessionmaker[Session], actor: str | None = None):
        self._factory = session_factory
        self._actor = actor
        self.session: Session | None = None

    def __enter__(self) -> Session:
        self.session = self._factory()
        if self._actor:
            self.session.info["audit_actor"] = self._actor  # who the audit log names (services/audit.py)
        return self.session

    def commit(self) -> None:
        assert self.session is not None
        self.session.commit()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        assert self.session is not None
        try:
            self.session.rollback()  # no-op after commit; undoes everything after an error
        finally:
            self.session.close()
            self.session = None
