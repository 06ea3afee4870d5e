"""Migrations are tested code: upgrade → downgrade → upgrade with data, refusals, backups, pragmas."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from db.base import Base
from db.engine import SQLITE_FILE_NAME, make_engine, sqlite_url
from db.migrate import (backup_sqlite_file, current_revision, downgrade_to, head_revision, migrations_dir,
                        upgrade_to_head)
from desktop_app.domain.errors import EnvironmentProblem
from desktop_app.services.database import open_store

import db.models

db.models.load_all()  # registers every table on Base.metadata


def _engine(folder: Path):
    folder.mkdir(parents=True, exist_ok=True)
    return make_engine(sqlite_url(folder))


def _file_bytes(folder: Path) -> bytes:
    return (folder / SQLITE_FILE_NAME).read_bytes()


def _insert_member(engine, name: str) -> None:
    with engine.begin() as c:
        c.execute(text("INSERT INTO members (name, name_pinyin, name_initials, is_standing, status, uuid, version) "
                       "VALUES (:n, '', '', 0, 'active', :u, 1)"), {"n": name, "u": f"uuid-{name}"})


def test_revision_files_are_numbered_and_head_is_the_highest(tmp_path):
    versions = sorted(p.name for p in (migrations_dir() / "versions").glob("*.py"))
    assert versions, "no migration files"
    assert all(name[:4].isdigit() and name[4] == "_" for name in versions)
    assert head_revision() == versions[-1][:4]


def test_the_head_read_from_file_names_is_alembics_head():
    """The window reads the head from the file names before Alembic is imported (db/sqlite_file.py): each file's
    revision id must be its number, and the chain must end at the highest."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory(str(migrations_dir()))
    assert [scripts.get_revision(name[:4]).revision for name in sorted(
        p.name for p in (migrations_dir() / "versions").glob("0*.py"))] == [
        f"{n:04d}" for n in range(1, int(head_revision()) + 1)]
    assert scripts.get_heads() == [head_revision()]


def test_upgrade_downgrade_upgrade_on_a_file_with_data(tmp_path):
    engine = _engine(tmp_path / "库")
    outcome = upgrade_to_head(engine, backups_dir=tmp_path / "backups")
    assert (outcome.before, outcome.after, outcome.backup) == (None, head_revision(), None)
    assert current_revision(engine) == head_revision()
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    _insert_member(engine, "王芳")

    downgrade_to(engine, "base")
    left = set(inspect(engine).get_table_names()) - {"alembic_version"}
    assert left == set(), f"downgrade left tables behind: {left}"

    upgrade_to_head(engine, backups_dir=tmp_path / "backups")
    assert current_revision(engine) == head_revision()
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    _insert_member(engine, "李明")
    with engine.connect() as c:
        assert c.execute(text("SELECT name FROM members")).scalars().all() == ["李明"]
    engine.dispose()


def test_the_migrated_schema_matches_the_models(tmp_path):
    """Autogenerate finds nothing to do: the migrations build exactly what the models describe."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    engine = _engine(tmp_path / "库")
    upgrade_to_head(engine, backups_dir=tmp_path / "backups")
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata)
    engine.dispose()
    assert diff == []


def test_reopening_a_current_database_changes_nothing(tmp_path):
    engine = _engine(tmp_path / "库")
    upgrade_to_head(engine, backups_dir=tmp_path / "backups")
    _insert_member(engine, "王芳")
    outcome = upgrade_to_head(engine, backups_dir=tmp_path / "backups")
    assert (outcome.before, outcome.after, outcome.backup) == (head_revision(), head_revision(), None)
    assert not (tmp_path / "backups").exists()  # nothing to back up, not even the folder
    engine.dispose()


def test_a_database_newer_than_the_program_is_refused_and_left_unchanged(tmp_path):
    folder = tmp_path / "新版数据"
    engine = _engine(folder)
    upgrade_to_head(engine, backups_dir=folder / "backups")
    _insert_member(engine, "王芳")
    newer = f"{int(head_revision()) + 1:04d}"
    with engine.begin() as c:
        c.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": newer})
    engine.dispose()
    with sqlite3.connect(folder / SQLITE_FILE_NAME) as con:  # fold the WAL into the file before comparing
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = _file_bytes(folder)

    with pytest.raises(EnvironmentProblem) as caught:
        open_store(folder)
    assert newer in caught.value.message and "新版" in caught.value.message

    with sqlite3.connect(folder / SQLITE_FILE_NAME) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert con.execute("SELECT version_num FROM alembic_version").fetchone() == (newer,)
        assert con.execute("SELECT name FROM members").fetchall() == [("王芳",)]
    assert _file_bytes(folder) == before


def test_a_foreign_sqlite_file_is_refused_and_left_unchanged(tmp_path):
    folder = tmp_path / "别的程序"
    folder.mkdir()
    with sqlite3.connect(folder / SQLITE_FILE_NAME) as con:
        con.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)")
        con.execute("INSERT INTO contacts (name) VALUES ('张三')")
    con.close()
    before = _file_bytes(folder)

    with pytest.raises(EnvironmentProblem) as caught:
        open_store(folder)
    assert "不是本程序" in caught.value.message

    with sqlite3.connect(folder / SQLITE_FILE_NAME) as con:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    con.close()
    assert tables == ["contacts"]
    assert _file_bytes(folder) == before


def test_a_file_that_is_not_a_database_is_refused_with_a_sentence(tmp_path):
    folder = tmp_path / "坏文件"
    folder.mkdir()
    (folder / SQLITE_FILE_NAME).write_bytes(b"this is a spreadsheet, not a database" * 100)
    with pytest.raises(EnvironmentProblem) as caught:
        open_store(folder)
    assert "无法打开数据库" in caught.value.message


def test_backup_before_an_upgrade_of_a_database_holding_data(tmp_path):
    revisions = sorted(p.name[:4] for p in (migrations_dir() / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))
    engine = _engine(tmp_path / "库")
    backups = tmp_path / "backups"
    upgrade_to_head(engine, backups_dir=backups)
    if len(revisions) > 1:
        downgrade_to(engine, revisions[-2])
        _insert_member(engine, "王芳")
        outcome = upgrade_to_head(engine, backups_dir=backups)
        assert outcome.before == revisions[-2] and outcome.backup is not None
        copy = outcome.backup
        expected_revision = revisions[-2]
    else:
        _insert_member(engine, "王芳")
        copy = backup_sqlite_file(engine, backups, "before-upgrade-0001")
        expected_revision = revisions[-1]
    engine.dispose()
    assert copy.parent == backups and copy.name.startswith("before-upgrade-")
    with sqlite3.connect(copy) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert con.execute("SELECT version_num FROM alembic_version").fetchone() == (expected_revision,)
        assert con.execute("SELECT name FROM members").fetchall() == [("王芳",)]
    con.close()


def test_backup_sqlite_file_includes_what_is_still_in_the_wal(tmp_path):
    """The online backup API sees what is in the WAL, which a plain file copy would miss."""
    engine = _engine(tmp_path / "库")
    upgrade_to_head(engine, backups_dir=tmp_path / "backups")
    _insert_member(engine, "王芳")
    wal = tmp_path / "库" / (SQLITE_FILE_NAME + "-wal")
    with engine.connect():  # keep a connection open so the WAL is not checkpointed away
        assert wal.exists() and wal.stat().st_size > 0
        copy = backup_sqlite_file(engine, tmp_path / "备份", "手动")
    engine.dispose()
    with sqlite3.connect(copy) as con:
        assert con.execute("SELECT name FROM members").fetchall() == [("王芳",)]
    con.close()


def test_backup_sqlite_file_of_a_missing_database_is_none(tmp_path):
    engine = make_engine(sqlite_url(tmp_path / "空"))
    assert backup_sqlite_file(engine, tmp_path / "backups", "x") is None
    memory = make_engine("sqlite://")
    assert backup_sqlite_file(memory, tmp_path / "backups", "x") is None


def test_every_connection_gets_foreign_keys_wal_and_busy_timeout(tmp_path):
    engine = _engine(tmp_path / "库")
    upgrade_to_head(engine, backups_dir=tmp_path / "backups")
    for _ in range(2):  # a fresh connection each time, not only the first
        with engine.connect() as c:
            assert c.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert c.execute(text("PRAGMA busy_timeout")).scalar() == 5000
        engine.dispose()


def test_foreign_keys_are_enforced(tmp_path):
    from sqlalchemy.exc import IntegrityError

    engine = _engine(tmp_path / "库")
    upgrade_to_head(engine, backups_dir=tmp_path / "backups")
    with pytest.raises(IntegrityError):
        with engine.begin() as c:
            c.execute(text("INSERT INTO member_committees (member_id, organization_id) VALUES (999, 999)"))
    engine.dispose()


def test_an_upgraded_database_has_planner_statistics(tmp_path):
    """A table rebuilt by a migration loses SQLite's statistics; the upgrade gathers them again (ANALYZE), so the
    planner does not pick a plan that is slow by orders of magnitude (the all-years statistics of a city)."""
    from db.migrate import upgrade_to

    engine = _engine(tmp_path / "库")
    upgrade_to(engine, "0005")
    _insert_member(engine, "王芳")
    outcome = upgrade_to_head(engine, backups_dir=tmp_path / "backups")
    engine.dispose()
    assert (outcome.before, outcome.after) == ("0005", head_revision())
    with sqlite3.connect(tmp_path / "库" / SQLITE_FILE_NAME) as db:
        analysed = {row[0] for row in db.execute("SELECT tbl FROM sqlite_stat1")}
    assert "members" in analysed  # ANALYZE records only tables holding rows
