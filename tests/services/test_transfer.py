"""`transfer --to URL` / `--from URL`: a data folder's records into an empty PostgreSQL database and back.

Needs a server (CPPCC_TEST_PG); the module's tests are skipped without one. On the [sqlite] run the folder's
own database is its SQLite file; on the [postgresql] run it is a database of the server too.
"""
from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.pool import NullPool

from db.models import Member, Proposal
from desktop_app.services.database import open_store
from desktop_app.services.members import MemberInput, MembersService
from tests.cli_support import cli, demo_folder

# The folder side is its SQLite file, the server side the test server: run once, not again with the folder on
# the server.
pytestmark = pytest.mark.sqlite_only("moves a data folder's SQLite file to the test server and back")

YEARS = ("2024", "2025")


def _stats(data, *db) -> list[dict]:
    figures = []
    for year in YEARS:
        code, out, err = cli(data, *db, "stats", "--year", year, "--json")
        assert code == 0, err
        figures.append(json.loads(out))
    return figures


def _identities(url: str) -> dict[str, list[tuple]]:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as c:
            return {
                "members": [tuple(r) for r in c.execute(select(Member.id, Member.uuid, Member.version, Member.name,
                                                               Member.created_at).order_by(Member.id))],
                "proposals": [tuple(r) for r in c.execute(select(Proposal.id, Proposal.uuid, Proposal.version,
                                                                 Proposal.merged_into_id).order_by(Proposal.id))],
                "audit": [tuple(r) for r in c.execute(text("SELECT id, actor, action FROM audit_log ORDER BY id"))],
            }
    finally:
        engine.dispose()


def _folder_url(data) -> str:
    ctx = open_store(data)
    try:
        return ctx.engine.url.render_as_string(hide_password=False)
    finally:
        ctx.close()


@pytest.fixture(scope="module")
def moved(database_backend, pg_server, tmp_path_factory):
    """(demo folder, the server database its records were moved to, the figures before), once per module:
    the tests only read it (they may run in any order)."""
    data = demo_folder(tmp_path_factory.mktemp("迁出"))
    before = _stats(data)
    url = pg_server.empty_database()
    code, out, err = cli(data, "transfer", "--to", url)
    assert code == 0, err
    assert out.startswith("已把 ") and "迁移到 postgresql+psycopg://" in out
    return data, url, before


def test_a_folder_moved_to_the_server_has_the_same_figures_ids_and_versions(moved, tmp_path):
    data, url, before = moved
    assert _stats(tmp_path / "另一台电脑", "--db", url) == before
    source, target = _identities(_folder_url(data)), _identities(url)
    assert source["members"] and source["proposals"] and source["audit"]
    assert any(merged for *_, merged in source["proposals"])  # a proposal merged into another came along
    assert target == source


def test_moved_back_into_a_new_folder_it_is_the_same_again(moved, tmp_path):
    data, url, before = moved
    back = tmp_path / "迁回"
    code, out, err = cli(back, "transfer", "--from", url)
    assert code == 0, err
    assert _stats(back) == before
    assert _identities(_folder_url(back)) == _identities(url)


def test_a_database_that_holds_records_is_refused_and_left_unchanged(moved):
    data, url, _ = moved
    held = _identities(url)
    code, out, err = cli(data, "transfer", "--to", url)
    assert (code, out) == (2, "")
    assert err.strip() == "目标数据库中已有数据（例如表 handling_units），数据未迁移；迁移只写入空的数据库，以免两份数据混在一起。"
    assert _identities(url) == held


def test_moving_back_into_a_folder_with_records_is_refused(moved):
    data, url, _ = moved
    code, out, err = cli(data, "transfer", "--from", url)
    assert code == 2
    assert err.startswith("本数据文件夹的数据库中已有数据（例如表 ")


def test_transfer_needs_one_direction(tmp_path):
    code, _, err = cli(tmp_path / "数据", "transfer")
    assert code == 2
    assert err.startswith("transfer 需要 --to 地址")


def test_a_wrong_address_is_one_sentence(tmp_path):
    code, _, err = cli(tmp_path / "数据", "transfer", "--to", "postgres-ql://服务器/cppcc")
    assert code == 2
    assert err.startswith("数据库地址“postgres-ql://服务器/cppcc”写得不对（")


def test_an_empty_server_database_has_nothing_to_move_back(pg_server, tmp_path):
    code, _, err = cli(tmp_path / "数据", "transfer", "--from", pg_server.empty_database())
    assert code == 2
    assert err.strip().endswith("是空的，没有可迁回的数据。")


def test_a_new_record_on_the_server_gets_the_next_id(moved, pg_server, tmp_path):
    data, _, _ = moved
    url = pg_server.empty_database()  # a database of its own: the others above only read theirs
    assert cli(data, "transfer", "--to", url)[0] == 0
    largest = max(row[0] for row in _identities(url)["members"])
    ctx = open_store(tmp_path / "另一台电脑", url=url)
    try:
        assert MembersService(ctx).add(MemberInput(name="新委员")).new_id == largest + 1
    finally:
        ctx.close()


def test_the_moved_audit_log_verifies_on_the_server_and_goes_on_there(moved, pg_server, tmp_path):
    """The copy is no change of its own: the server holds exactly the folder's entries, nothing is left captured,
    the chain verifies, and the next change on the server is the chain's next entry."""
    from desktop_app.services import audit
    from desktop_app.services.backup import BackupService

    data, _, _ = moved
    url = pg_server.empty_database()
    assert cli(data, "transfer", "--to", url)[0] == 0
    source = _identities(_folder_url(data))["audit"]
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as c:
            assert c.execute(text("SELECT COUNT(*) FROM audit_pending")).scalar() == 0
            report = audit.verify_chain(lambda sql: c.exec_driver_sql(sql).fetchall())
        assert (report.problem, report.entries, report.head.id) == (None, len(source), source[-1][0])
        ctx = open_store(tmp_path / "另一台电脑", url=url)
        try:
            ctx.actor = "王建华"
            MembersService(ctx).add(MemberInput(name="新委员"))
            assert BackupService(ctx).check().ok
        finally:
            ctx.close()
        with engine.connect() as c:
            report = audit.verify_chain(lambda sql: c.exec_driver_sql(sql).fetchall())
            last = c.execute(text("SELECT id, actor, table_name, action FROM audit_log ORDER BY id DESC LIMIT 1")).one()
        assert report.problem is None and report.entries == len(source) + 1
        assert tuple(last) == (source[-1][0] + 1, "王建华", "members", "insert")
    finally:
        engine.dispose()
