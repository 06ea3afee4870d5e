"""The open window notices what another program wrote to its data folder: the command line in a subprocess
imports a roster, and the 委员 page lists the new members within a few seconds; the window's own writes do not
make it reload everything."""
from __future__ import annotations

import time

import openpyxl
import pytest

from tests.cli.test_cli import run
from tests.ui.helpers import TASK_TIMEOUT_MS, wait_idle, wait_loaded


@pytest.fixture
def window(desk, qtbot):
    from desktop_app.ui.main_window import MainWindow

    window = MainWindow(desk)
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.show()
    return window


def _roster(path, names):
    book = openpyxl.Workbook()
    book.active.append(["姓名", "性别", "界别"])
    for name in names:
        book.active.append([name, "女", "经济界"])
    book.save(path)
    return path


def test_a_roster_imported_on_the_command_line_appears_in_the_open_window(window, desk, qtbot, tmp_path):
    window.show_page("委员")
    page = window.page_of("委员")
    wait_loaded(qtbot, page)
    assert page.model.rowCount() == 0
    told = []
    desk.sig_outside_write.connect(lambda: told.append(window.statusBar().currentMessage()))
    roster = _roster(tmp_path / "新委员.xlsx", ["王芳", "李强"])
    result = run("import", "members", str(roster), data=desk.data_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    written = time.monotonic()
    qtbot.waitUntil(lambda: sorted(r.name for r in page.model.rows()) == ["李强", "王芳"], timeout=TASK_TIMEOUT_MS)
    seen_after = time.monotonic() - written
    assert seen_after < 2 * desk.watch_timer.interval() / 1000 + 3  # one poll, then the page's reload
    assert told == ["其他程序修改了数据，已重新读取。"]


def test_the_windows_own_writes_do_not_count_as_another_programs(window, desk, qtbot):
    from desktop_app.services.members import MemberInput, MembersService

    outside = []
    desk.sig_outside_write.connect(lambda: outside.append(True))
    for name in ("王芳", "李强"):
        desk.run(lambda ctx, p, c, n=name: MembersService(ctx).add(MemberInput(name=n)), title="新增委员",
                 parent=window, writer=True, on_done=desk.announce)
        wait_idle(qtbot, desk)
    assert sorted(m.name for m in MembersService(desk.ctx).list_rows()) == ["李强", "王芳"]
    assert desk.check_outside_writes() is False
    qtbot.wait(desk.watch_timer.interval() + 500)  # the timer's own poll as well
    assert outside == []


def test_a_write_by_another_connection_is_announced_as_everything(window, desk, qtbot):
    from dataclasses import replace

    from db.engine import make_engine, make_session_factory
    from desktop_app.services.members import MemberInput, MembersService

    announced = []
    desk.sig_changed.connect(announced.append)
    engine = make_engine(str(desk.ctx.engine.url))  # as another program opens the file
    try:
        MembersService(replace(desk.ctx, engine=engine, session_factory=make_session_factory(engine))).add(
            MemberInput(name="张伟"))
    finally:
        engine.dispose()
    assert desk.check_outside_writes() is True
    assert [c.any() and all(getattr(c, f) for f in ("members", "proposals", "homes", "settings"))
            for c in announced] == [True]
    assert desk.check_outside_writes() is False
