"""On a server database (several PCs), the window looks for another PC's writes off its GUI thread: the look is a
network round trip, and the window must not stall on it every few seconds. Another PC's write reaches the open
window's 委员 page; the window's own writes do not make it reload everything."""
from __future__ import annotations

import pytest

from tests.ui.helpers import TASK_TIMEOUT_MS, wait_idle, wait_loaded


@pytest.fixture
def server_desk(pg_server, tmp_path, qtbot):
    from PySide6.QtCore import QSettings

    from desktop_app.app import make_desk

    url = pg_server.fresh_database()
    desk = make_desk(tmp_path / "本机", url, settings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    with qtbot.waitSignal(desk.sig_store_ready, timeout=TASK_TIMEOUT_MS):
        desk.open_store()
    yield desk, url
    qtbot.waitUntil(desk.tasks.is_idle, timeout=TASK_TIMEOUT_MS)
    desk.close_store()
    pg_server.drop(url)


def test_another_pcs_write_is_seen_by_a_look_on_a_worker(server_desk, qtbot, tmp_path):
    from desktop_app.services.database import open_store
    from desktop_app.services.members import MemberInput, MembersService
    from desktop_app.ui.main_window import MainWindow

    desk, url = server_desk
    desk.watch_timer.stop()  # the test looks itself, once at a time
    window = MainWindow(desk)
    qtbot.addWidget(window)
    window.show_page("委员")
    page = window.page_of("委员")
    wait_loaded(qtbot, page)
    other_pc = open_store(tmp_path / "另一台电脑", url=url)
    try:
        MembersService(other_pc).add(MemberInput(name="王芳"))
    finally:
        other_pc.close()
    with qtbot.waitSignal(desk.sig_outside_write, timeout=TASK_TIMEOUT_MS):
        assert desk.check_outside_writes() is None  # answered later, from the worker
        assert desk.check_outside_writes() is None  # a second tick while the first look runs starts none
        assert not desk.tasks.is_idle()
    qtbot.waitUntil(lambda: [r.name for r in page.model.rows()] == ["王芳"], timeout=TASK_TIMEOUT_MS)
    wait_idle(qtbot, desk)
    told = []
    desk.sig_outside_write.connect(lambda: told.append(True))
    desk.check_outside_writes()  # nothing new: the look comes back with nothing to tell
    wait_idle(qtbot, desk)
    assert told == []


def test_the_windows_own_writes_on_a_server_are_not_another_pcs(server_desk, qtbot):
    from desktop_app.services.members import MemberInput, MembersService

    desk, _url = server_desk
    desk.watch_timer.stop()
    told = []
    desk.sig_outside_write.connect(lambda: told.append(True))
    desk.run(lambda ctx, p, c: MembersService(ctx).add(MemberInput(name="李强")), title="新增委员", parent=None,
             writer=True, on_done=desk.announce)
    wait_idle(qtbot, desk)
    desk.check_outside_writes()
    wait_idle(qtbot, desk)
    assert told == []
    assert [m.name for m in MembersService(desk.ctx).list_rows()] == ["李强"]
