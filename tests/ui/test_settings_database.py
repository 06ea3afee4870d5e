"""设置 → 数据库 and the window's start on a saved server, with real widgets: 测试连接 says in one sentence what
came of it, 保存 writes the server into the data folder and the password only into the password file (PGPASSFILE),
the status bar names the database in use, and a saved server that cannot be reached offers 改用本机数据."""
from __future__ import annotations

import json
import stat

import pytest

from tests.pg_password_server import PASSWORD, password_server  # noqa: F401 (a fixture)
from tests.ui.helpers import TASK_TIMEOUT_MS, top_boxes, wait_idle


@pytest.fixture
def pgpass(tmp_path, monkeypatch):
    path = tmp_path / "home" / "pgpass.conf"
    monkeypatch.setenv("PGPASSFILE", str(path))
    monkeypatch.delenv("PGPASSWORD", raising=False)
    return path


def _panel(desk, qtbot):
    from desktop_app.ui.pages.settings_page import SettingsPage

    page = SettingsPage(desk)
    qtbot.addWidget(page)
    page.show()
    page.tabs.setCurrentWidget(page.database)
    return page.database


def _fill(panel, host: str, port: int, database: str, user: str, password: str) -> None:
    panel.server.setChecked(True)
    panel.host.setText(host)
    panel.port.setValue(port)
    panel.database.setText(database)
    panel.user.setText(user)
    panel.password.setText(password)


def test_the_tab_tests_and_saves_a_server_with_its_password_outside_the_data_folder(desk, qtbot, pgpass,
                                                                                    password_server):
    server = password_server
    server.create_database("cppcc_window")
    panel = _panel(desk, qtbot)
    assert panel.local.isChecked() and not panel.server_box.isEnabled()
    assert panel.in_use.text() == f"正在使用：本机数据文件 {desk.data_dir / 'cppcc-desk.sqlite3'}"

    _fill(panel, server.socket, server.port, "cppcc_window", server.user, "不对的密码")
    panel.test_button.click()
    qtbot.waitUntil(lambda: "拒绝登录" in panel.result.text(), timeout=TASK_TIMEOUT_MS)
    assert panel.result.text() == (f"服务器 {server.socket}:{server.port} 拒绝登录：用户 {server.user} 的密码不对"
                                   "（或没有这个用户），请核对用户名和密码。")
    panel.database.setText("cppcc_none")
    panel.password.setText(PASSWORD)
    panel.test_button.click()
    qtbot.waitUntil(lambda: "没有名为" in panel.result.text(), timeout=TASK_TIMEOUT_MS)
    panel.database.setText("cppcc_window")
    panel.test_button.click()
    qtbot.waitUntil(lambda: panel.result.text().startswith("已连上"), timeout=TASK_TIMEOUT_MS)
    assert "数据库是空的" in panel.result.text()

    panel.save_button.click()
    qtbot.waitUntil(lambda: bool(top_boxes("infoBox")), timeout=TASK_TIMEOUT_MS)
    assert "重新启动本程序后改用它" in panel.result.text()
    assert json.loads((desk.data_dir / "server.json").read_text(encoding="utf-8")) == {
        "host": server.socket, "port": server.port, "database": "cppcc_window", "user": server.user}
    assert stat.S_IMODE(pgpass.stat().st_mode) == 0o600
    assert pgpass.read_text(encoding="utf-8").startswith(f"{server.socket}:{server.port}:cppcc_window:{server.user}:")
    stored = b"".join(p.read_bytes() for p in desk.data_dir.rglob("*") if p.is_file())
    assert PASSWORD.encode("utf-8") not in stored and PASSWORD.replace(":", "\\:").encode("utf-8") not in stored
    assert panel.password.text() == ""
    panel.reload()  # as the tab shows it the next time: the password kept on this PC, not shown
    assert panel.server.isChecked() and panel.database.text() == "cppcc_window"
    assert panel.password.placeholderText() == "已保存在本机（不改就不用填）"

    panel.local.setChecked(True)
    panel.save_button.click()
    assert not (desk.data_dir / "server.json").exists()
    assert panel.result.text().startswith("已改为使用本机数据文件")
    wait_idle(qtbot, desk)


def test_a_server_that_cannot_be_reached_offers_the_local_data(make_desk, qtbot, tmp_path, pgpass):
    from desktop_app.services.server import ServerSetting, save_server
    from desktop_app.ui.main_window import MainWindow

    nowhere = tmp_path / "no-server-here"
    save_server(tmp_path / "数据", ServerSetting(str(nowhere), 5432, "cppcc", "cppcc"))
    desk = make_desk(open_store=False)
    window = MainWindow(desk)
    qtbot.addWidget(window)
    desk.open_store()
    qtbot.waitUntil(lambda: bool(top_boxes("serverUnreachableBox")), timeout=TASK_TIMEOUT_MS)
    box = top_boxes("serverUnreachableBox")[0]
    sentence = (f"连接不上服务器 {nowhere}:5432（服务器没有开着、地址或端口不对，或被防火墙挡住）；请检查服务器和网络后重试。")
    assert box.text() == sentence
    assert desk.ctx is None
    from PySide6.QtWidgets import QPushButton

    with qtbot.waitSignal(desk.sig_store_ready, timeout=TASK_TIMEOUT_MS):
        box.findChild(QPushButton, "useLocalData").click()
    assert not (desk.data_dir / "server.json").exists()
    assert window._status.text() == (f"数据文件夹：{desk.data_dir}　数据库：本机数据文件 "
                                     f"{desk.data_dir / 'cppcc-desk.sqlite3'}")
    wait_idle(qtbot, desk)
