"""Migrations after 0001 on a database full of data: down and up again, every row kept, foreign keys intact."""
import pytest
from sqlalchemy import inspect, text

from db.migrate import current_revision, downgrade_to, head_revision, upgrade_to_head
from desktop_app.services.demo import DemoService


def _row_counts(engine) -> dict[str, int]:
    with engine.connect() as c:
        tables = [t for t in inspect(c).get_table_names() if t not in ("alembic_version", "member_terms")]
        return {t: c.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar() for t in tables}


@pytest.mark.sqlite_only("expects upgrade_to_head's SQLite file backup and checks with PRAGMA foreign_key_check")
def test_the_migrations_go_down_and_up_on_a_filled_database(store, tmp_path):
    DemoService(store).fill()
    counts = _row_counts(store.engine)
    downgrade_to(store.engine, "0001")
    with store.engine.connect() as c:
        assert "merged_into_id" not in {col["name"] for col in inspect(c).get_columns("organizations")}
        assert "ix_proposals_figures" not in {i["name"] for i in inspect(c).get_indexes("proposals")}
    outcome = upgrade_to_head(store.engine, backups_dir=tmp_path / "备份")
    assert (outcome.before, outcome.after) == ("0001", head_revision()) and outcome.backup.exists()
    assert current_revision(store.engine) == head_revision()
    assert _row_counts(store.engine) == counts
    with store.engine.connect() as c:
        assert "merged_into_id" in {col["name"] for col in inspect(c).get_columns("organizations")}
        assert {"ix_replies_proposal_unit"} <= {i["name"] for i in inspect(c).get_indexes("replies")}
        indexes = {i["name"] for i in inspect(c).get_indexes("proposals")}
        assert {"ix_proposals_tally", "ix_proposals_member_submitted"} <= indexes
        assert "ix_proposals_figures" not in indexes
        assert c.execute(text("SELECT COUNT(*) FROM proposals")).scalar() > 500
        assert c.execute(text("PRAGMA foreign_key_check")).fetchall() == []


def test_0003_goes_down_to_the_0002_indexes(store):
    from db.engine import make_engine

    # a bare engine, as a migration tool has: the store's keeps the audit log, whose capture table (PostgreSQL)
    # goes with the migrations it walks down
    engine = make_engine(store.engine.url.render_as_string(hide_password=False))
    try:
        downgrade_to(engine, "0002")
        with engine.connect() as c:
            indexes = {i["name"] for i in inspect(c).get_indexes("proposals")}
    finally:
        engine.dispose()
    assert "ix_proposals_figures" in indexes and "ix_proposals_tally" not in indexes
