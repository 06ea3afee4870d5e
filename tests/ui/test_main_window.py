"""The main window: fits a 1366×768 screen, remembers its geometry, takes a dropped roster, first start."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, QRect, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QWidget

from tests.ui.helpers import wait_loaded, TASK_TIMEOUT_MS, fill_demo_members, wait_idle


def _window(make_desk, qtbot, **kwargs):
    from desktop_app.ui.main_window import MainWindow

    desk = make_desk(**kwargs)
    window = MainWindow(desk)
    qtbot.addWidget(window)
    return desk, window


def _assert_nothing_clipped(window) -> None:
    frame = QRect(QPoint(0, 0), window.size())
    controls = [w for w in window.findChildren(QWidget) if isinstance(w, (QAbstractButton, QComboBox, QLineEdit))]
    assert len(controls) > 10
    for widget in controls:
        if not widget.isVisibleTo(window) or widget.window() is not window:
            continue
        rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        assert frame.contains(rect), f"{widget.objectName() or type(widget).__name__} clipped: {rect}"
        assert widget.width() >= widget.minimumSizeHint().width(), f"{type(widget).__name__} squeezed"


@pytest.mark.parametrize(("width", "height", "min_rows_shown"), [
    (1366, 728, 18),  # 1366×768 less the Windows taskbar
    (1093, 574, 12),  # the same screen at 125% scaling
])
def test_window_fits_a_1366_by_768_screen_without_clipping(make_desk, qtbot, width, height, min_rows_shown):
    from desktop_app.ui.main_window import MainWindow

    desk = make_desk()
    fill_demo_members(desk)
    window = MainWindow(desk)
    qtbot.addWidget(window)
    window.show()
    window.resize(width, height)
    home = window.page_of("首页")  # the window opens on 首页 …
    wait_loaded(qtbot, home)
    qtbot.waitUntil(lambda: window.width() == width and window.height() == height, timeout=TASK_TIMEOUT_MS)
    hint = window.minimumSizeHint()
    assert hint.width() <= width and hint.height() <= height
    _assert_nothing_clipped(window)
    assert home.tiles.isVisible() and home.cards["proposals"].isVisible()
    window.show_page("委员")  # … and the roster, one click away, fits as before
    page = window.page_of("委员")
    wait_loaded(qtbot, page)
    assert page.model.rowCount() == 180
    hint = window.minimumSizeHint()
    assert hint.width() <= width and hint.height() <= height
    _assert_nothing_clipped(window)
    table = page.table
    assert table.isVisible() and table.rowAt(0) == 0 and table.columnAt(0) == 0
    assert table.rowAt(table.viewport().height() - 1) >= min_rows_shown - 1
    shown_columns = sum(1 for c in range(page.model.columnCount())
                        if table.columnViewportPosition(c) < table.viewport().width())
    assert shown_columns >= 7
    window.show_page("设置")
    settings = window.page_of("设置")
    qtbot.waitUntil(lambda: settings.office_box.isEnabled(), timeout=TASK_TIMEOUT_MS)
    _assert_nothing_clipped(window)
    assert settings.save_office_button.isVisible() and settings.save_vocab_button.isVisible()
    wait_idle(qtbot, desk)


def test_geometry_is_remembered(make_desk, qtbot):
    from desktop_app.ui.main_window import MainWindow

    desk, window = _window(make_desk, qtbot)
    window.show()
    window.resize(1100, 650)
    qtbot.waitUntil(lambda: window.width() == 1100, timeout=TASK_TIMEOUT_MS)
    window.close()
    again = MainWindow(desk)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (1100, 650)
    wait_idle(qtbot, desk)


def test_dropping_a_spreadsheet_opens_the_import_wizard(make_desk, qtbot, sample_copy):
    desk, window = _window(make_desk, qtbot)
    window.show()
    path = sample_copy("roster_messy.xlsx")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    wizard = window.import_wizard
    assert wizard.isVisible() and wizard.path == path
    qtbot.waitUntil(wizard.file_page.isComplete, timeout=TASK_TIMEOUT_MS)
    wizard.reject()
    wait_idle(qtbot, desk)


def test_first_start_asks_the_office_and_loads_demo_data(make_desk, qtbot):
    from desktop_app.services.settings import SettingsService
    from desktop_app.ui.main_window import MainWindow

    desk = make_desk(open_store=False)
    window = MainWindow(desk)
    qtbot.addWidget(window)
    window.show()
    window.start()
    qtbot.waitUntil(lambda: window.first_run_dialog is not None and window.first_run_dialog.isVisible(),
                    timeout=TASK_TIMEOUT_MS)
    dialog = window.first_run_dialog
    assert dialog.committee.text() == "政协××县委员会"
    dialog.demo_button.click()
    assert "县" in dialog.error.text() and dialog.isVisible()  # the county is required
    dialog.county.insert("平顺县")
    assert dialog.committee.text() == "政协平顺县委员会"
    dialog.term.setValue(15)
    dialog.session.setValue(2)
    page = window.page_of("委员")
    dialog.demo_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=TASK_TIMEOUT_MS)
    qtbot.waitUntil(lambda: page.model.rowCount() == 180, timeout=TASK_TIMEOUT_MS)
    office = SettingsService(desk.ctx).office()
    assert office.first_run_done and office.county == "平顺县" and office.committee_name == "政协平顺县委员会"
    assert (office.current_term, office.current_session) == (15, 2)
    wait_idle(qtbot, desk)
    again = MainWindow(desk)  # a second start does not ask again
    qtbot.addWidget(again)
    again._on_desk_store_ready()
    wait_idle(qtbot, desk)
    assert again.first_run_dialog is None


def test_first_start_can_go_straight_to_the_import_wizard(make_desk, qtbot):
    from desktop_app.ui.main_window import MainWindow

    desk = make_desk(open_store=False)
    window = MainWindow(desk)
    qtbot.addWidget(window)
    window.show()
    window.start()
    qtbot.waitUntil(lambda: window.first_run_dialog is not None and window.first_run_dialog.isVisible(),
                    timeout=TASK_TIMEOUT_MS)
    dialog = window.first_run_dialog
    dialog.county.insert("黎城县")
    dialog.import_button.click()
    qtbot.waitUntil(lambda: getattr(window, "import_wizard", None) is not None, timeout=TASK_TIMEOUT_MS)
    assert not dialog.isVisible() and window.import_wizard.isVisible()
    assert window.import_wizard.currentId() == window.import_wizard.PAGE_FILE
    window.import_wizard.reject()
    wait_idle(qtbot, desk)


def test_a_data_folder_that_cannot_be_made_is_explained(tmp_path, qtbot):
    from PySide6.QtCore import QSettings

    from desktop_app.app import make_desk
    from desktop_app.ui.main_window import MainWindow

    blocker = tmp_path / "不是文件夹"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    desk = make_desk(blocker / "数据", settings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    window = MainWindow(desk)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(desk.sig_store_failed, timeout=TASK_TIMEOUT_MS) as failed:
        window.start()
    message = failed.args[0]
    assert "数据文件夹" in message and "Traceback" not in message
    assert not desk.ready
    assert window.statusBar().findChildren(type(window._status))[0].text() == message
    wait_idle(qtbot, desk)
