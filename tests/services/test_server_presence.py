"""Several PCs on one PostgreSQL database: the window's watch sees another PC's write, and a restore is refused
while the program is open on another PC (seen in the server's connections, not in this PC's data folder)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.domain.errors import Conflict
from desktop_app.services.backup import BackupService
from desktop_app.services.data_watch import DataWatch
from desktop_app.services.database import open_store
from desktop_app.services.members import MemberInput, MembersService

ROOT = Path(__file__).resolve().parents[2]


def _url(ctx) -> str:
    return ctx.engine.url.render_as_string(hide_password=False)


@pytest.fixture
def here(tmp_path):
    first = open_store(tmp_path / "本机")
    if first.engine.dialect.name != "postgresql":
        first.close()
        pytest.skip("several PCs reach one another only through a server database")
    yield first
    first.close()


def test_the_watch_sees_another_pcs_write_once_and_not_its_own(here, tmp_path):
    other = open_store(tmp_path / "另一台电脑", url=_url(here))
    watch = DataWatch(here.engine)
    try:
        assert watch.outside_write() is False
        MembersService(other).add(MemberInput(name="王芳"))
        assert watch.outside_write() is True
        assert watch.outside_write() is False  # said once
        MembersService(here).add(MemberInput(name="李明"))  # this PC's own write, even not bracketed
        assert watch.outside_write() is False
        with watch.own_write():
            MembersService(here).add(MemberInput(name="赵敏"))
        assert watch.outside_write() is False
    finally:
        watch.close()
        other.close()


def test_a_restore_is_refused_while_the_program_is_open_on_another_pc(here, tmp_path):
    MembersService(here).add(MemberInput(name="王芳"))
    backup = BackupService(here).backup().path
    script = ("import sys, time; from pathlib import Path; from desktop_app.services.database import open_store; "
              "ctx = open_store(Path(sys.argv[1]), url=sys.argv[2]); ctx.engine.connect(); "
              "print('ready', flush=True); time.sleep(120)")
    other_pc = subprocess.Popen([sys.executable, "-c", script, str(tmp_path / "另一台电脑"), _url(here)], cwd=ROOT,
                                stdout=subprocess.PIPE, text=True)
    try:
        assert other_pc.stdout.readline().strip() == "ready"
        with pytest.raises(Conflict) as refused:
            BackupService(here).restore(backup)
        assert f"（进程 {other_pc.pid}）" in refused.value.message
        assert refused.value.message.startswith("共用数据库正被其他电脑上的本程序使用：电脑 ")
    finally:
        other_pc.kill()
        other_pc.wait()
    with here.engine.connect() as c:  # what the server does by itself once it notices the program is gone
        c.exec_driver_sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE %s",
                          (f"cppcc-desk % {other_pc.pid}",))
    BackupService(here).restore(backup)
    assert [m.name for m in MembersService(here).search("")] == ["王芳"]


@pytest.mark.sqlite_only("makes its own server databases (runs once, whichever database the suite is on)")
def test_two_pcs_opening_a_new_server_database_at_once_set_it_up_once(pg_server, tmp_path):
    import threading

    from db.migrate import head_revision

    url = pg_server.empty_database()
    start, opened, problems = threading.Barrier(2), {}, []

    def open_pc(name: str) -> None:
        try:
            start.wait()
            opened[name] = open_store(tmp_path / name, url=url)
        except Exception as exc:  # named by the assertion below
            problems.append(repr(exc))

    threads = [threading.Thread(target=open_pc, args=(name,)) for name in ("甲", "乙")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert problems == []
        with opened["甲"].engine.connect() as c:
            assert c.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all() == [head_revision()]
    finally:
        for ctx in opened.values():
            ctx.close()
