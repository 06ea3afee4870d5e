"""The window as a new office meets it: a demo folder made on the command line for a county other than the one the
program's examples use, opened the way the program's entry point opens it (app.make_desk → MainWindow.start)."""
from __future__ import annotations

import re
import sqlite3

from PySide6.QtCore import QAbstractListModel, QModelIndex, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QPushButton

from tests.cli.test_cli import run
from tests.ui.helpers import TASK_TIMEOUT_MS, wait_idle

SESSION_CODE = re.compile(r"(?<![\d-])1\d-\d(?![\d-])")  # 14-1, as the office never writes a session


def _texts(widget) -> list[str]:
    """What a person can read on a page: labels, buttons and the first rows of every table."""
    texts = [w.text() for w in widget.findChildren(QLabel) + widget.findChildren(QPushButton)]
    for view in widget.findChildren(QAbstractItemView):
        model = view.model()
        if model is None:
            continue
        columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(QModelIndex())
        for row in range(min(model.rowCount(QModelIndex()), 30)):
            texts += [str(model.index(row, c).data() or "") for c in range(columns)]
    return texts


def test_a_demo_folder_of_another_county_opens_on_todays_work_in_its_own_words(tmp_path, qtbot):
    from desktop_app.app import make_desk
    from desktop_app.ui.dialogs.help_browser import chapters
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.widgets.chart_view import ChartView

    folder = tmp_path / "平顺县政协" / "数据"
    assert run("init", "--county", "平顺县", data=folder).returncode == 0
    assert run("demo", data=folder).returncode == 0
    with sqlite3.connect(folder / "cppcc-desk.sqlite3") as db:
        opinions = db.execute("SELECT COUNT(*) FROM opinions").fetchone()[0]

    desk = make_desk(folder, settings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    window = MainWindow(desk)
    qtbot.addWidget(window)
    window.show_on_start()
    with qtbot.waitSignal(desk.sig_store_ready, timeout=TASK_TIMEOUT_MS):
        window.start()
    wait_idle(qtbot, desk)
    try:
        # no dialog; the 首页 with overdue and due items, as many in each tile as in its list
        assert window.first_run_dialog is None and not [w for w in QApplication.topLevelWidgets()
                                                        if w.isVisible() and w is not window]
        home = window.current_page()
        assert window._nav.currentItem().text() == "首页" and home is window.page_of("首页")
        qtbot.waitUntil(lambda: getattr(home, "work", None) is not None and not home._loading, timeout=TASK_TIMEOUT_MS)
        for key, tile in (("overdue", 0), ("due_soon", 1)):
            rows = home.list_of(key).rows()
            assert rows and home.tiles.item(tile).data(Qt.ItemDataRole.UserRole) == len(rows), key

        # icons on the window and on every navigation entry
        assert not window.windowIcon().isNull()
        assert [window._nav.item(i).text() for i in range(window._nav.count())
                if window._nav.item(i).icon().isNull()] == []

        # charts on the 首页 and the 统计 page, drawn
        qtbot.waitUntil(lambda: all(v.is_settled() for v in home.charts()), timeout=60000)
        assert home.charts() and all(v.has_image() for v in home.charts())
        window.show_page("统计")
        statistics = window.page_of("统计")
        qtbot.waitUntil(lambda: bool(views := statistics.tabs.currentWidget().findChildren(ChartView))
                        and all(v.is_settled() for v in views) and any(v.has_image() for v in views), timeout=60000)

        # a 社情民意 page counting what the folder holds
        window.show_page("社情民意")
        opinions_page = window.page_of("社情民意")
        qtbot.waitUntil(lambda: opinions_page.count_label.text().startswith(f"共 {opinions} 篇，"),
                        timeout=TASK_TIMEOUT_MS)

        # F1 opens a manual of several thousand characters
        f1 = next(a for a in window.findChildren(QAction) if a.shortcut() == QKeySequence("F1"))
        f1.trigger()
        browser = next(w for w in QApplication.topLevelWidgets() if type(w).__name__ == "HelpBrowser")
        assert browser.isVisible() and browser.current_chapter() == "opinions"  # the chapter of the page shown
        manual = 0
        for name, _label, _sections in chapters():
            browser.show_chapter(name)
            manual += len(browser.text())
        assert manual >= 5000, manual
        browser.close()

        # never another county's name, never a session written as 14-1, on any page
        for index in range(window._nav.count()):
            title = window._nav.item(index).text()
            window.show_page(title)
            page = window.page_of(title)
            wait_idle(qtbot, desk)
            texts = _texts(page)
            assert [t for t in texts if "黎城" in t] == [], title
            assert [t for t in texts if SESSION_CODE.search(t)] == [], title
    finally:
        wait_idle(qtbot, desk)
        desk.close_store()
