"""Migration 0004: the database refuses unknown codes, keeps one current reply per unit and one verdict per reply,
repairs what older data had, and loses no row on the way (batch mode copies tables with foreign keys off)."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from db.engine import SQLITE_FILE_NAME, make_engine, sqlite_url
from db.migrate import upgrade_to, upgrade_to_head
from desktop_app.domain.errors import EnvironmentProblem


def _engine(folder: Path):
    folder.mkdir(parents=True, exist_ok=True)
    return make_engine(sqlite_url(folder))


def _fill_at_0003(engine) -> None:
    """A member in a committee, a proposal in state 已立案 (a label), two current replies of one unit, two verdicts
    on the newer reply, an attendance row — as an older program or a hand edit could have left them."""
    rows = [
        "INSERT INTO terms (id, number, uuid, version) VALUES (1, 14, 't', 1)",
        "INSERT INTO sessions (id, term_id, number, last_case_number, uuid, version) VALUES (1, 1, 4, 0, 's', 1)",
        "INSERT INTO members (id, name, name_pinyin, name_initials, is_standing, status, uuid, version) "
        "VALUES (1, '王芳', '', '', 0, 'active', 'm1', 1)",
        "INSERT INTO organizations (id, name, kind, active, uuid, version) VALUES (1, '提案委员会', 'committee', 1, 'o1', 1)",
        "INSERT INTO member_committees (member_id, organization_id) VALUES (1, 1)",
        "INSERT INTO handling_units (id, name, active, uuid, version) VALUES (1, '县教育局', 1, 'u1', 1)",
        "INSERT INTO proposals (id, session_id, title, kind, lead_member_id, submitted_on, state, is_key, is_follow_up, "
        "is_excellent, uuid, version) VALUES (1, 1, '关于X的建议', 'member', 1, '2025-01-12', '已立案', 0, 0, 0, 'p1', 1)",
        "INSERT INTO replies (id, proposal_id, unit_id, replied_on, category, face_to_face, superseded, uuid, version) "
        "VALUES (1, 1, 1, '2025-03-01', 'B', 0, 0, 'r1', 1)",
        "INSERT INTO replies (id, proposal_id, unit_id, replied_on, category, face_to_face, superseded, uuid, version) "
        "VALUES (2, 1, 1, '2025-04-01', 'A', 0, 0, 'r2', 1)",
        "INSERT INTO feedback (id, proposal_id, reply_id, verdict, uuid, version) VALUES (1, 1, 2, 'satisfied', 'f1', 1)",
        "INSERT INTO feedback (id, proposal_id, reply_id, verdict, uuid, version) VALUES (2, 1, 2, 'dissatisfied', 'f2', 1)",
        "INSERT INTO activities (id, held_on, kind, title, other_participants, suggestions_count, uuid, version) "
        "VALUES (1, '2025-05-01', '读书活动', '读书会', 0, 0, 'a1', 1)",
        "INSERT INTO attendance (activity_id, member_id, status) VALUES (1, 1, 'present')",
    ]
    with engine.begin() as c:
        for sql in rows:
            c.execute(text(sql))


def test_upgrade_repairs_and_keeps_every_row(tmp_path):
    engine = _engine(tmp_path / "库")
    upgrade_to(engine, "0003")
    _fill_at_0003(engine)
    outcome = upgrade_to_head(engine, backups_dir=tmp_path / "backups")
    assert outcome.before == "0003" and outcome.backup is not None
    assert outcome.notes == (
        "proposals.state：1行的“已立案”已改为“accepted”。",
        "有1条答复与同一单位对同一提案的较新答复重复，已标为“已被重新办理取代”。",
        "有1条委员反馈与同一答复的较新反馈重复，已保留为不对应答复的反馈。",
    )
    with engine.connect() as c:
        assert c.execute(text("SELECT state FROM proposals")).scalar() == "accepted"
        assert c.execute(text("SELECT id, superseded FROM replies ORDER BY id")).all() == [(1, 1), (2, 0)]
        assert c.execute(text("SELECT id, reply_id FROM feedback ORDER BY id")).all() == [(1, None), (2, 2)]
        # nothing pointing at a copied table was cascaded away
        assert c.execute(text("SELECT COUNT(*) FROM member_committees")).scalar() == 1
        assert c.execute(text("SELECT COUNT(*) FROM attendance")).scalar() == 1
        assert c.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


@pytest.mark.parametrize("sql", [
    "UPDATE proposals SET state = 'finished'",
    "UPDATE proposals SET kind = 'party'",
    "UPDATE members SET status = 'retired'",
    "UPDATE assignments SET role = 'helper'",
    "UPDATE feedback SET verdict = 'ok'",
    "UPDATE attendance SET status = 'late'",
    "UPDATE replies SET category = 'D'",
    "UPDATE attachments SET owner_type = 'member'",
])
def test_an_unknown_code_written_with_sqlite3_is_refused(tmp_path, sql):
    from desktop_app.services.database import open_store
    from desktop_app.services.demo import DemoService

    ctx = open_store(tmp_path / "数据")
    DemoService(ctx).fill(size="county")
    if "attachments" in sql:
        with ctx.engine.begin() as c:
            c.execute(text("INSERT INTO attachments (owner_type, owner_id, original_name, stored_path, sha256, size, "
                           "uuid, version) VALUES ('proposal', 1, 'a.pdf', 'attachments/a.pdf', 'x', 1, 'att1', 1)"))
    ctx.engine.dispose()
    connection = sqlite3.connect(tmp_path / "数据" / SQLITE_FILE_NAME)
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
        connection.execute(sql)
    connection.close()


def test_one_current_reply_per_unit_and_one_verdict_per_reply(tmp_path):
    engine = _engine(tmp_path / "库")
    upgrade_to(engine, "0003")
    _fill_at_0003(engine)
    upgrade_to_head(engine, backups_dir=tmp_path / "backups")
    with engine.connect() as c:
        with pytest.raises(Exception, match="UNIQUE constraint failed"):
            c.execute(text("UPDATE replies SET superseded = 0 WHERE id = 1"))
        c.rollback()
        with pytest.raises(Exception, match="UNIQUE constraint failed"):
            c.execute(text("UPDATE feedback SET reply_id = 2 WHERE id = 1"))
    engine.dispose()


def test_a_value_that_is_no_code_and_no_label_stops_the_upgrade_unchanged(tmp_path):
    engine = _engine(tmp_path / "库")
    upgrade_to(engine, "0003")
    _fill_at_0003(engine)
    with engine.begin() as c:
        c.execute(text("UPDATE members SET status = '调离'"))
    with pytest.raises(EnvironmentProblem, match="members.status 的“调离”1行"):
        upgrade_to_head(engine, backups_dir=tmp_path / "backups")
    with engine.connect() as c:
        assert c.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0003"
        assert c.execute(text("SELECT state FROM proposals")).scalar() == "已立案"
    engine.dispose()


def test_the_command_line_says_what_the_upgrade_repaired(tmp_path):
    from tests.cli.test_cli import run

    data = tmp_path / "政协数据"
    engine = _engine(data)
    upgrade_to(engine, "0003")
    _fill_at_0003(engine)
    engine.dispose()
    result = run("stats", "--year", "2025", data=data)
    assert result.returncode == 0
    assert "数据库已升级，并修复：有1条答复与同一单位对同一提案的较新答复重复，已标为“已被重新办理取代”。" in result.stderr
    again = run("stats", "--year", "2025", data=data)
    assert "数据库已升级" not in again.stderr
