"""设置 → 数据库 actions: which database this data folder uses (its own file or a shared PostgreSQL server).

The setting lives in the data folder (services.server), not in the database, so these run without the store;
the connection test runs off the GUI thread (a server that does not answer takes seconds)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtWidgets import QWidget

from desktop_app.ui.desk import Cancelled, Desk, Progress
from desktop_app.ui.tasks import Task

if TYPE_CHECKING:
    from desktop_app.services.server import ConnectionTest, ServerSetting


def saved_server(desk: Desk) -> tuple["ServerSetting | None", bool]:
    """(the server saved for the desk's data folder or None, whether its password is in this PC's password file)."""
    from desktop_app.services.server import has_password, read_server

    setting = read_server(desk.data_dir)
    return setting, setting is not None and has_password(setting)


def database_in_use(desk: Desk) -> str:
    """Which database the open store uses, for people ("" while none is open)."""
    if desk.ctx is None:
        return ""
    from desktop_app.services.server import database_in_use as describe

    return describe(desk.ctx.engine)


def test_server(desk: Desk, *, parent: QWidget, host: str, port: int, database: str, user: str, password: str,
                on_done: Callable[["ConnectionTest"], None],
                on_failed: Callable[[BaseException], None] | None = None) -> Task | None:
    """测试连接: connect once with what the form holds (the password typed, else the one saved on this PC)."""
    from desktop_app.services.server import checked_setting

    setting = checked_setting(host, port, database, user)

    def run(progress: Progress, cancelled: Cancelled) -> "ConnectionTest":
        from desktop_app.services.server import test_connection

        return test_connection(setting, password or None)

    return desk.tasks.start(run, title="测试连接", parent=parent, on_done=on_done, on_failed=on_failed)


def save_server(desk: Desk, *, host: str, port: int, database: str, user: str, password: str) -> str:
    """保存 with 共用服务器: the setting into the data folder, a typed password into this PC's password file.
    Returns the sentence to show (takes effect after a restart)."""
    from desktop_app.services.server import checked_setting, save_server as save

    setting = checked_setting(host, port, database, user)
    stored_at = save(desk.data_dir, setting, password or None)
    said = f"已保存：{setting.describe()}。重新启动本程序后改用它。"
    if stored_at is not None:
        said += f"密码已存入本机的 PostgreSQL 密码文件（{stored_at}），没有写进数据文件夹。"
    return said


def use_local_file(desk: Desk) -> str:
    """保存 with 本机数据文件, or 改用本机数据 when the server cannot be reached: the server setting is removed (its
    password stays in this PC's password file, for switching back). Returns the sentence to show."""
    from desktop_app.services.server import clear_server

    cleared = clear_server(desk.data_dir, forget=False)
    if cleared is None:
        return "已保存：使用本机数据文件。"
    return f"已改为使用本机数据文件（不再使用{cleared.describe()}）。"
