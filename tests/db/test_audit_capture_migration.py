"""Migration 0007 on PostgreSQL: a capture trigger on every audited table, dropped by its downgrade; nothing on
SQLite (its triggers are each connection's own, services/audit.py). Needs a server (CPPCC_TEST_PG)."""
from __future__ import annotations

from sqlalchemy import inspect

import db.models
from db.audit_capture import tables_with_capture
from db.base import Base
from db.engine import make_engine, sqlite_url
from db.migrate import downgrade_to, head_revision, upgrade_to_head
from desktop_app.domain.audit_scope import CAPTURE_TABLE, audited_tables

db.models.load_all()


def _audited() -> set[str]:
    return set(audited_tables(t.name for t in Base.metadata.sorted_tables))


def test_upgrade_downgrade_upgrade_on_postgresql(pg_server, tmp_path):
    engine = make_engine(pg_server.empty_database())
    try:
        upgrade_to_head(engine, backups_dir=tmp_path)
        with engine.connect() as c:
            assert tables_with_capture(c) == _audited()
        downgrade_to(engine, "0006")
        with engine.connect() as c:
            assert tables_with_capture(c) == set()
            assert CAPTURE_TABLE not in inspect(c).get_table_names()
            assert c.exec_driver_sql("SELECT COUNT(*) FROM pg_proc WHERE starts_with(proname, 'audit_capture')").scalar() == 0
        upgrade_to_head(engine, backups_dir=tmp_path)
        with engine.connect() as c:
            assert tables_with_capture(c) == _audited()
            assert c.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head_revision()
    finally:
        engine.dispose()


def test_sqlite_gets_no_capture_table(tmp_path):
    folder = tmp_path / "库"
    folder.mkdir()
    engine = make_engine(sqlite_url(folder))
    try:
        upgrade_to_head(engine, backups_dir=tmp_path)
        assert CAPTURE_TABLE not in inspect(engine).get_table_names()
    finally:
        engine.dispose()
