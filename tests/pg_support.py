"""A real PostgreSQL server for the tests, when CPPCC_TEST_PG names one.

CPPCC_TEST_PG is a server URL without a database name, e.g. `postgresql+psycopg://postgres@/?host=/tmp/pg`.
Each test gets fresh databases cloned from a template made once per run (migrated and seeded by open_store
itself), so a test starts from exactly what `init` makes, at the cost of one CREATE DATABASE.
"""
from __future__ import annotations

import itertools
import os
import tempfile
from pathlib import Path

import pytest

PG_VARIABLE = "CPPCC_TEST_PG"
_counter = itertools.count(1)


def server_url() -> str | None:
    return os.environ.get(PG_VARIABLE) or None


class PgServer:
    """Creates and drops the test databases on the server named by CPPCC_TEST_PG."""

    def __init__(self, base: str):
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        self.base = make_url(base)
        self._admin = create_engine(self.base.set(database="postgres"), isolation_level="AUTOCOMMIT",
                                    poolclass=_null_pool())
        self._prefix = f"cppcc_t{os.getpid()}_"
        self._template: str | None = None
        self._made: list[str] = []  # the empty databases handed out, dropped by close()

    def url(self, name: str) -> str:
        return self.base.set(database=name).render_as_string(hide_password=False)

    def _execute(self, sql: str) -> None:
        from sqlalchemy import text

        with self._admin.connect() as connection:
            connection.execute(text(sql))

    def empty_database(self) -> str:
        """A new, empty database (no tables); its URL."""
        name = f"{self._prefix}{next(_counter)}"
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\'')
        self._made.append(name)
        return self.url(name)

    def fresh_database(self) -> str:
        """A new database as `init` leaves it (schema at head, vocabularies seeded); its URL."""
        if self._template is None:
            self._template = self._make_template()
        name = f"{self._prefix}{next(_counter)}"
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{self._template}"')
        return self.url(name)

    def _make_template(self) -> str:
        from desktop_app.services.database import open_store

        url = self.empty_database()
        with tempfile.TemporaryDirectory() as folder:
            ctx = open_store(Path(folder) / "模板", url=url)
            ctx.close()
        return url.rsplit("/", 1)[1].split("?", 1)[0]

    def drop(self, url: str) -> None:
        from sqlalchemy.engine import make_url

        self._execute(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')

    def close(self) -> None:
        for name in self._made:
            self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if self._template is not None:
            self._execute(f'DROP DATABASE IF EXISTS "{self._template}" WITH (FORCE)')
        self._admin.dispose()


def _null_pool():
    from sqlalchemy.pool import NullPool

    return NullPool


class FolderDatabases:
    """Stands in for services.database.database_url: each data folder opened without --db gets its own fresh
    PostgreSQL database (the same one every time that folder is opened again), as each has its own SQLite file."""

    def __init__(self, server: PgServer):
        self.server = server
        self.by_folder: dict[Path, str] = {}

    def __call__(self, data, url):
        if url:
            return url
        root = Path(data.root).resolve()
        if root not in self.by_folder:
            self.by_folder[root] = self.server.fresh_database()
        return self.by_folder[root]

    def created(self) -> set[Path]:
        return set(self.by_folder)

    def drop_except(self, keep: set[Path]) -> None:
        for root in list(self.by_folder):
            if root not in keep:
                self.server.drop(self.by_folder.pop(root))


def backend_params() -> list:
    """The backends a test marked for both databases runs on: SQLite always, PostgreSQL when a server is named."""
    if server_url() is None:
        return ["sqlite"]
    return ["sqlite", "postgresql"]


def skip_on_postgresql(request, reason: str) -> None:
    backend = request.node.callspec.params.get("database_backend") if hasattr(request.node, "callspec") else None
    if backend == "postgresql":
        pytest.skip(reason)
