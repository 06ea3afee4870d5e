"""Helpers shared by the window tests."""
from __future__ import annotations

TASK_TIMEOUT_MS = 60000  # only a failing test waits this long; a busy machine (CI, several runs) may need it


def fill_demo_members(desk) -> None:
    """The demo data set (180 members) written through the service, as the CLI `demo` does."""
    from desktop_app.services.demo import DemoService

    DemoService(desk.ctx).fill()


def shown_window(desk, qtbot, *, active: bool = False):
    """The main window on `desk`, shown at 1366×728 (a common laptop screen); `active`: also wait until it has focus."""
    from desktop_app.ui.main_window import MainWindow

    window = MainWindow(desk)
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.show()
    if active:
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=TASK_TIMEOUT_MS)
    return window


def wait_idle(qtbot, desk) -> None:
    qtbot.waitUntil(desk.tasks.is_idle, timeout=TASK_TIMEOUT_MS)


def top_boxes(name: str):
    """Open message boxes with the given object name."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.objectName() == name
            and w.isVisible()]


def top_dialogs(name: str):
    """Open dialogs (windows) with the given object name."""
    from PySide6.QtWidgets import QApplication, QDialog

    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.objectName() == name
            and w.isVisible()]


def wait_loaded(qtbot, page) -> None:
    """Until the page's own loading task has finished and shown its rows."""
    qtbot.waitUntil(lambda: page.desk.tasks.is_idle() and not page._loading, timeout=TASK_TIMEOUT_MS)
