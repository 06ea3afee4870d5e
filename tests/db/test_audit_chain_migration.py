"""Migration 0005: the audit log gets its hash chain, computed for the entries already there, oldest first."""
from __future__ import annotations

import sqlite3

from sqlalchemy import text

from db.engine import SQLITE_FILE_NAME, make_engine, sqlite_url
from db.migrate import downgrade_to, upgrade_to_head
from desktop_app.domain.audit_chain import entry_hash
from desktop_app.services import audit

ENTRIES = [  # (at, actor, table, record, uuid, action, before, after) as older versions wrote them
    ("2025-03-01 08:00:00.000000", "王建华", "members", 1, "u-1", "insert", None, '{"name": "王芳"}'),
    ("2025-03-02 09:30:00.123456", "王建华", "members", 1, "u-1", "update", '{"position": "副校长"}',
     '{"position": "校长"}'),
    ("2025-03-03 10:00:00.000000", "张丽华", "members", None, None, "import", None, '{"file": "花名册.xlsx"}'),
]


def test_upgrading_chains_the_existing_entries_and_the_log_goes_on_from_them(tmp_path):
    folder = tmp_path / "库"
    folder.mkdir()
    engine = make_engine(sqlite_url(folder))
    upgrade_to_head(engine, backups_dir=tmp_path / "backups")
    downgrade_to(engine, "0004")
    with engine.begin() as c:
        c.execute(text("INSERT INTO audit_log (at, actor, table_name, record_id, record_uuid, action, before_json, "
                       "after_json) VALUES (:at, :actor, :t, :r, :u, :a, :b, :af)"),
                  [dict(zip(("at", "actor", "t", "r", "u", "a", "b", "af"), e)) for e in ENTRIES])
    upgrade_to_head(engine, backups_dir=tmp_path / "backups")

    con = sqlite3.connect(folder / SQLITE_FILE_NAME)
    rows = con.execute("SELECT id, at, actor, table_name, record_id, record_uuid, action, before_json, after_json, "
                       "prev_hash, entry_hash FROM audit_log ORDER BY id").fetchall()
    con.close()
    assert [r[1:9] for r in rows] == ENTRIES
    previous = ""
    for row in rows:
        assert row[9] == previous
        previous = entry_hash(previous, *row[:9])
        assert row[10] == previous
    with engine.connect() as c:
        report = audit.verify_chain(lambda sql: c.exec_driver_sql(sql).fetchall())
    assert (report.problem, report.entries, report.head.id, report.head.hash) == (None, 3, 3, previous)
    engine.dispose()


def test_downgrading_drops_the_chain_columns(tmp_path):
    folder = tmp_path / "库"
    folder.mkdir()
    engine = make_engine(sqlite_url(folder))
    upgrade_to_head(engine, backups_dir=tmp_path / "backups")
    downgrade_to(engine, "0004")
    con = sqlite3.connect(folder / SQLITE_FILE_NAME)
    columns = [r[1] for r in con.execute("PRAGMA table_info(audit_log)")]
    con.close()
    engine.dispose()
    assert "prev_hash" not in columns and "entry_hash" not in columns and "after_json" in columns
