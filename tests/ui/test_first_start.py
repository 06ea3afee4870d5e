"""The first start as people meet it: the welcome dialog only for a folder with no settings and no data,
its 载入演示数据 from the window, and 经办人 as the clerk named on this PC."""
from __future__ import annotations

import sqlite3
from datetime import date

from PySide6.QtCore import QSettings, Qt

from tests.cli.test_cli import run
from tests.ui.helpers import TASK_TIMEOUT_MS, top_boxes, wait_idle


def _started_window(make_desk, qtbot, **kwargs):
    """A window started as the program starts it: it paints, then opens the store and reads the settings."""
    from desktop_app.ui.main_window import MainWindow

    desk = make_desk(open_store=False, **kwargs)
    window = MainWindow(desk)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(desk.sig_store_ready, timeout=TASK_TIMEOUT_MS):
        window.start()
    wait_idle(qtbot, desk)  # the settings have been read and the dialog shown, or not
    return desk, window


def _rows(folder, sql: str) -> list[tuple]:
    with sqlite3.connect(folder / "cppcc-desk.sqlite3") as db:
        return db.execute(sql).fetchall()


def test_a_folder_after_init_and_demo_on_the_command_line_opens_without_the_welcome(make_desk, qtbot, tmp_path):
    folder = tmp_path / "数据"
    assert run("init", "--county", "平顺县", data=folder).returncode == 0
    assert run("demo", data=folder).returncode == 0
    desk, window = _started_window(make_desk, qtbot)
    assert window.first_run_dialog is None
    page = window.page_of("委员")  # built now (the window opens on 首页): its filter lists load after its rows
    qtbot.waitUntil(lambda: page.model.rowCount() == 180, timeout=TASK_TIMEOUT_MS)
    wait_idle(qtbot, desk)


def test_a_folder_with_only_init_or_only_an_import_opens_without_the_welcome(make_desk, qtbot, tmp_path, sample_copy):
    assert run("init", "--county", "平顺县", data=tmp_path / "只有设置").returncode == 0
    _, window = _started_window(make_desk, qtbot, data_name="只有设置")
    assert window.first_run_dialog is None
    imported = run("import", "members", str(sample_copy("roster_messy.xlsx")), "--skip-invalid", data=tmp_path / "导入")
    assert imported.returncode == 0, imported.stderr
    _, window = _started_window(make_desk, qtbot, data_name="导入")
    assert window.first_run_dialog is None  # the data says the office has begun, though no county was given


def test_an_empty_folder_is_welcomed_and_its_demo_is_loaded_from_the_window(make_desk, qtbot, tmp_path):
    desk, window = _started_window(make_desk, qtbot)
    dialog = window.first_run_dialog
    assert dialog is not None and dialog.isVisible()
    texts = " ".join(w.text() for w in dialog.findChildren(type(dialog.error)))
    assert "--" not in texts and "命令" not in texts  # the dialog never speaks of command-line options
    dialog.county.insert("平顺县")
    dialog.clerk.setText("  李晓红 ")
    page = window.page_of("委员")
    qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=TASK_TIMEOUT_MS)
    qtbot.waitUntil(lambda: page.model.rowCount() == 180, timeout=TASK_TIMEOUT_MS)
    assert not top_boxes("errorBox")
    wait_idle(qtbot, desk)
    folder = tmp_path / "数据"
    assert _rows(folder, "SELECT count(*) FROM proposals")[0][0] > 250
    assert ("民建平顺县支部",) in _rows(folder, "SELECT name FROM organizations")
    assert desk.clerk == "李晓红"  # kept on this PC …
    assert "李晓红" not in _rows(folder, "SELECT value_json FROM settings WHERE key = 'office'")[0][0]  # … not shared
    again = make_desk(data_name="数据")  # the next start is not welcomed again
    from desktop_app.ui.main_window import MainWindow

    second = MainWindow(again)
    qtbot.addWidget(second)
    second._on_desk_store_ready()
    wait_idle(qtbot, again)
    assert second.first_run_dialog is None


def test_the_clerk_named_in_settings_is_the_handler_of_what_the_window_writes(make_desk, qtbot, tmp_path):
    from desktop_app.services.members import MemberInput, MembersService
    from desktop_app.services.proposals import ProposalService
    from desktop_app.services.proposals.dto import ProposalInput
    from desktop_app.services.terms import TermService
    from desktop_app.ui.main_window import MainWindow

    desk = make_desk()
    ctx = desk.ctx
    session_id = TermService(ctx).add_session(term=14, number=4, opening_date=date(2025, 1, 10)).new_id
    member = MembersService(ctx).add(MemberInput(name="王芳")).new_id
    pid = ProposalService(ctx).submit(ProposalInput(session_id=session_id, title="关于整治乡村道路的建议",
                                                    submitted_on=date(2025, 1, 12), lead_member_id=member)).new_id
    window = MainWindow(desk)
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.show()
    window.show_page("设置")
    settings = window.page_of("设置")
    qtbot.waitUntil(settings.office_box.isEnabled, timeout=TASK_TIMEOUT_MS)
    assert settings.clerk.text() == "" and settings.clerk.isVisible()
    settings.county.setText("黎城县")
    settings.clerk.setText("张丽华")
    settings.save_office_button.click()
    qtbot.waitUntil(lambda: bool(top_boxes("infoBox")), timeout=TASK_TIMEOUT_MS)
    wait_idle(qtbot, desk)

    window.show_page("提案")
    page = window.page_of("提案")
    page.reload()
    qtbot.waitUntil(lambda: desk.tasks.is_idle() and not page._loading and page.model.rowCount() == 1,
                    timeout=TASK_TIMEOUT_MS)
    assert page.select_proposal(pid)
    qtbot.waitUntil(lambda: desk.tasks.is_idle() and page.detail is not None and not page._loading,
                    timeout=TASK_TIMEOUT_MS)
    qtbot.mouseClick(page.action_buttons["accept"], Qt.MouseButton.LeftButton)
    page.step_dialog.set_value("category", "社会建设")
    page.step_dialog.set_value("on", date(2025, 2, 1))
    page.step_dialog.accept()
    qtbot.waitUntil(lambda: desk.tasks.is_idle() and page.detail is not None and page.detail.state == "accepted"
                    and not page._loading, timeout=TASK_TIMEOUT_MS)
    folder = tmp_path / "数据"
    assert _rows(folder, f"SELECT actor FROM proposal_events WHERE proposal_id = {pid} AND action = 'accept'") == \
        [("张丽华",)]
    history = page.history  # 日期, 操作, 办理后状态, 经办人, 说明: 立案 by the clerk
    rows = [[history.item(r, c).text() for c in range(history.columnCount())] for r in range(history.rowCount())]
    assert [row[3] for row in rows if row[1] == "立案"] == ["张丽华"]

    other_pc = QSettings(str(tmp_path / "另一台电脑.ini"), QSettings.Format.IniFormat)
    from desktop_app.app import make_desk as compose

    other = compose(folder, settings=other_pc)  # the same shared folder on a PC that named nobody
    with qtbot.waitSignal(other.sig_store_ready, timeout=TASK_TIMEOUT_MS):
        other.open_store()
    assert other.clerk == "" and other.ctx.actor != "张丽华"
    wait_idle(qtbot, other)
    other.close_store()
    wait_idle(qtbot, desk)


def test_the_command_line_takes_the_clerk_from_cppcc_desk_clerk(tmp_path):
    folder = tmp_path / "数据"
    assert run("init", "--county", "平顺县", data=folder, env={"CPPCC_DESK_CLERK": " 王建华 "}).returncode == 0
    assert _rows(folder, "SELECT changed_by FROM settings WHERE key = 'office'") == [("王建华",)]
    # the shipped vocabularies are the program's own doing (本程序); the clerk's entry is the settings'
    assert _rows(folder, "SELECT DISTINCT actor FROM audit_log ORDER BY actor = '本程序'") == [("王建华",), ("本程序",)]
    assert _rows(folder, "SELECT table_name FROM audit_log WHERE actor = '王建华' ORDER BY table_name") == [
        ("sessions",), ("settings",), ("terms",)]  # init writes the office's settings and its current term and session
