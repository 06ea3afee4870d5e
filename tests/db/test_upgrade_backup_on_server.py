"""Before the schema of a PostgreSQL database is upgraded, opening it copies every record into a SQLite file at
the database's present revision (backups/before-upgrade-NNNN-….sqlite3), as a data folder's own file is copied;
the copy holds each table's rows exactly (counted on the server before the upgrade) and moves back with
`transfer --from`. Needs the server of CPPCC_TEST_PG (skipped without one)."""
from __future__ import annotations

import sqlite3

from sqlalchemy import inspect, text

from db.engine import make_engine
from db.migrate import downgrade_to, head_revision, migrations_dir
from desktop_app.services.database import open_store
from tests.cli.test_cli import run


def _revisions() -> list[str]:
    return sorted(p.name[:4] for p in (migrations_dir() / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))


def _server_counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            names = inspect(connection).get_table_names()
            return {name: connection.execute(text(f'SELECT COUNT(*) FROM "{name}"')).scalar() for name in names}
    finally:
        engine.dispose()


def test_opening_an_older_server_database_backs_up_every_record_before_the_upgrade(tmp_path, pg_server):
    older = _revisions()[-2]
    url = pg_server.empty_database()
    data = tmp_path / "数据"
    assert run("--db", url, "demo", data=data).returncode == 0
    engine = make_engine(url)
    downgrade_to(engine, older)  # as a program of the previous version left it
    engine.dispose()
    before = _server_counts(url)
    assert before["members"] > 50 and before["alembic_version"] == 1

    ctx = open_store(data, url=url)
    try:
        with ctx.engine.connect() as connection:
            assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
    finally:
        ctx.close()
    copies = sorted((data / "backups").glob(f"before-upgrade-{older}-*.sqlite3"))
    assert len(copies) == 1, list((data / "backups").iterdir())
    assert not list((data / "backups").glob("*.part*"))
    con = sqlite3.connect(f"{copies[0].as_uri()}?mode=ro", uri=True)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        assert con.execute("SELECT version_num FROM alembic_version").fetchone() == (older,)
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        # audit_pending is the server's own (the audit log's capture, PostgreSQL only), empty between commits
        assert tables == set(before) - {"audit_pending"} and before["audit_pending"] == 0
        copied = {name: con.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in tables}
    finally:
        con.close()
    assert copied == {name: n for name, n in before.items() if name != "audit_pending"}

    back = tmp_path / "迁回"  # the copy is a usable backup: moved back into a new folder (upgraded on the way)
    moved = run("transfer", "--from", f"sqlite:///{copies[0].as_posix()}", data=back)
    assert moved.returncode == 0, moved.stderr
    con = sqlite3.connect(f"{(back / 'cppcc-desk.sqlite3').as_uri()}?mode=ro", uri=True)
    try:
        assert con.execute("SELECT COUNT(*) FROM members").fetchone()[0] == before["members"]
        assert con.execute("SELECT version_num FROM alembic_version").fetchone() == (head_revision(),)
    finally:
        con.close()
