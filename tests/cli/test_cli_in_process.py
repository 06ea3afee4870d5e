"""A command run inside another program's process (as the tests of reports and ledgers run it, tests/cli_support.py)
lets go of its data folder and database when it ends, not when the process does."""
from __future__ import annotations

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from desktop_app.services.presence import FOLDER
from tests.cli_support import cli


def test_a_command_leaves_no_note_that_it_has_the_folder_open(tmp_path):
    data = tmp_path / "数据"
    assert cli(data, "init", "--county", "黎城县")[0] == 0
    assert cli(data, "stats")[0] == 0
    # each command's own note (<pid>-<id>.lock and .json) removed; the writers' shared lock file stays
    assert sorted(p.name for p in (data / FOLDER).iterdir()) == ["writer.lock"]


def test_a_command_on_a_server_closes_its_connections(tmp_path, pg_server):
    url = pg_server.fresh_database()
    code, _out, err = cli(tmp_path / "数据", "--db", url, "stats")
    assert (code, err) == (0, "")
    watcher = create_engine(make_url(url).set(database="postgres"), poolclass=NullPool)
    try:
        with watcher.connect() as connection:
            open_connections = connection.execute(
                text("SELECT count(*) FROM pg_stat_activity WHERE datname = :name"),
                {"name": make_url(url).database}).scalar_one()
    finally:
        watcher.dispose()
    assert open_connections == 0
