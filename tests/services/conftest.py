"""Every service test runs on SQLite, and on PostgreSQL too when CPPCC_TEST_PG names a server (tests/conftest.py)."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="module", autouse=True)
def _services_on_both_databases(database_backend):
    return database_backend
