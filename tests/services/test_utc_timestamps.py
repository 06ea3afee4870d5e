"""Every created_at the program writes is UTC, whichever path wrote it: an import, the demo or a form.

Run with the office's time zone (Asia/Shanghai, UTC+8): a local timestamp would be eight hours ahead.
"""
from __future__ import annotations

import os
import sqlite3
import time
from datetime import datetime, timedelta, timezone

import pytest

from tests.cli.test_cli import run

SHANGHAI = {"TZ": "Asia/Shanghai"}


def _created(db, table: str) -> list[datetime]:
    with sqlite3.connect(db) as connection:
        return [datetime.fromisoformat(v) for (v,) in connection.execute(f"SELECT created_at FROM {table}")]


def _assert_utc(stamps: list[datetime], before: datetime, after: datetime) -> None:
    assert stamps
    for stamp in stamps:
        assert before - timedelta(seconds=2) <= stamp <= after + timedelta(seconds=2), (stamp, before, after)


def _utc() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


@pytest.mark.sqlite_only("runs the program in a subprocess on the folder's SQLite file and reads it")
def test_demo_and_imports_write_utc(tmp_path, sample_copy):
    data = tmp_path / "数据"
    before = _utc()
    assert run("demo", data=data, env=SHANGHAI).returncode == 0
    after = _utc()
    db = data / "cppcc-desk.sqlite3"
    for table in ("members", "proposals", "activities", "consultations", "opinions", "homes"):
        _assert_utc(_created(db, table), before, after)
    fresh = tmp_path / "新数据"
    before = _utc()
    assert run("import", "members", str(sample_copy("roster_messy.xlsx")), data=fresh, env=SHANGHAI).returncode == 0
    assert run("import", "activities", str(sample_copy("activities_2025.xlsx")), data=fresh, env=SHANGHAI).returncode == 0
    after = _utc()
    _assert_utc(_created(fresh / "cppcc-desk.sqlite3", "members"), before, after)
    _assert_utc(_created(fresh / "cppcc-desk.sqlite3", "activities"), before, after)


@pytest.fixture
def shanghai_time():
    old = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Shanghai"
    time.tzset()
    yield
    if old is None:
        os.environ.pop("TZ")
    else:
        os.environ["TZ"] = old
    time.tzset()


@pytest.mark.sqlite_only("reads created_at straight from the SQLite file")
def test_a_member_added_by_the_form_is_stamped_in_utc(store, shanghai_time):
    from desktop_app.services.members import MemberInput, MembersService

    assert datetime.now() - _utc() > timedelta(hours=7)  # the test really runs eight hours ahead of UTC
    before = _utc()
    member_id = MembersService(store).add(MemberInput(name="王芳", gender="女", birth_year=1975, birth_month=3)).new_id
    after = _utc()
    _assert_utc(_created(store.data.root / "cppcc-desk.sqlite3", "members"), before, after)
