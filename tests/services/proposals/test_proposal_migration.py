"""Migrations 0002 and 0003 on a database full of data: up and down with foreign keys on."""
from sqlalchemy import inspect, text

from db.migrate import current_revision, downgrade_to, upgrade_to_head
from desktop_app.services.demo import DemoService


def test_0002_and_0003_go_down_and_up_on_a_filled_database(store, tmp_path):
    DemoService(store).fill()
    downgrade_to(store.engine, "0001")
    with store.engine.connect() as c:
        assert "merged_into_id" not in {col["name"] for col in inspect(c).get_columns("organizations")}
        assert "ix_proposals_figures" not in {i["name"] for i in inspect(c).get_indexes("proposals")}
    outcome = upgrade_to_head(store.engine, backups_dir=tmp_path / "备份")
    assert (outcome.before, outcome.after) == ("0001", "0003") and outcome.backup.exists()
    assert current_revision(store.engine) == "0003"
    with store.engine.connect() as c:
        assert "merged_into_id" in {col["name"] for col in inspect(c).get_columns("organizations")}
        assert {"ix_replies_proposal_unit"} <= {i["name"] for i in inspect(c).get_indexes("replies")}
        indexes = {i["name"] for i in inspect(c).get_indexes("proposals")}
        assert {"ix_proposals_tally", "ix_proposals_member_submitted"} <= indexes
        assert "ix_proposals_figures" not in indexes
        assert c.execute(text("SELECT COUNT(*) FROM proposals")).scalar() > 500
        assert c.execute(text("PRAGMA foreign_key_check")).fetchall() == []


def test_0003_goes_down_to_the_0002_indexes(store):
    downgrade_to(store.engine, "0002")
    with store.engine.connect() as c:
        indexes = {i["name"] for i in inspect(c).get_indexes("proposals")}
    assert "ix_proposals_figures" in indexes and "ix_proposals_tally" not in indexes
