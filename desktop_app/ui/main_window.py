"""The main window: assembles pages and actions, nothing more."""
from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QByteArray, QEvent, QObject, QSize, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QListWidget, QMainWindow, QMessageBox, QStackedWidget,
                               QWidget)

from desktop_app.ui.desk import Desk
from desktop_app.ui.tasks import present

if TYPE_CHECKING:
    from desktop_app.services.settings import OfficeSettings

PageFactory = Callable[[Desk], QWidget]


def page(module: str, name: str) -> PageFactory:
    """A factory that imports the page's module only when the page is first opened (fast start)."""

    def make(desk: Desk) -> QWidget:
        return getattr(import_module(module), name)(desk)

    return make


# (title in the navigation list, factory(desk) -> page). Adding a module's page is one line here;
# the factory is a page class or, to keep its imports out of start-up, page("module", "ClassName").
PAGES: list[tuple[str, PageFactory]] = [
    ("首页", page("desktop_app.ui.pages.home_page", "HomePage")),  # the window opens on the first page
    ("委员", page("desktop_app.ui.pages.members_page", "MembersPage")),
    ("提案", page("desktop_app.ui.pages.proposals_page", "ProposalsPage")),
    ("委员之家", page("desktop_app.ui.pages.homes_page", "HomesPage")),
    ("有事来商量", page("desktop_app.ui.pages.consultations_page", "ConsultationsPage")),
    ("统计", page("desktop_app.ui.pages.statistics_page", "StatisticsPage")),
    ("基础资料", page("desktop_app.ui.pages.registry_page", "RegistryPage")),
    ("设置", page("desktop_app.ui.pages.settings_page", "SettingsPage")),
]

SPREADSHEET_SUFFIXES = (".xlsx", ".xls", ".csv", ".et", ".ods", ".xlsm")

# A kind of record → (the page that lists it, that page's method selecting one by id).
RECORD_PAGES: dict[str, tuple[str, str]] = {
    "proposal": ("提案", "select_proposal"),
    "consultation": ("有事来商量", "select_consultation"),
    "activity": ("委员之家", "select_activity"),
    "member": ("委员", "select_member"),
}


class MainWindow(QMainWindow):
    """Navigation list on the left, the chosen page on the right, actions in the menu and toolbar."""

    def __init__(self, desk: Desk, *, pages: list[tuple[str, PageFactory]] | None = None):
        super().__init__()
        self.desk = desk
        self.setWindowTitle("县政协履职工作台")
        self.setAcceptDrops(True)
        self.setMinimumSize(QSize(800, 520))  # fits 1366×768 at 125% scaling (1093×614 less the taskbar)
        self._nav = QListWidget()
        self._nav.setObjectName("navigation")
        self._nav.setFixedWidth(120)
        self._stack = QStackedWidget()
        self._factories: dict[str, PageFactory] = dict(pages if pages is not None else PAGES)
        self._pages: dict[str, QWidget] = {}
        for title in self._factories:
            self._nav.addItem(title)
            self._stack.addWidget(QWidget())  # stands in until the page is first opened
        self._nav.currentRowChanged.connect(self._on_nav_row_changed)
        self._nav.setCurrentRow(0)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self._nav)
        layout.addWidget(self._stack, 1)
        self.setCentralWidget(central)
        self._status = QLabel("正在打开数据库……")
        self.statusBar().addWidget(self._status, 1)
        self._build_actions()
        self._restore_geometry()
        desk.tasks.sig_busy_changed.connect(self._on_tasks_busy_changed)
        desk.sig_store_ready.connect(self._on_desk_store_ready)
        desk.sig_store_failed.connect(self._on_desk_store_failed)
        self._started = False
        self.first_run_dialog = None

    # ----- assembly -----
    def _operation(self, module: str, name: str) -> Callable[[], None]:
        """A slot that imports ui/operations/<module>.py when first used."""
        return lambda: getattr(import_module(f"desktop_app.ui.operations.{module}"), name)(self.desk, parent=self)

    def _build_actions(self) -> None:
        specs = [
            ("导入花名册", self._operation("members", "open_import_wizard")),
            ("导出花名册", self._operation("members", "export_roster")),
            ("备份", self._operation("admin", "backup")),
            ("恢复", self._operation("admin", "restore")),
            ("检查", self._operation("admin", "check")),
            ("关于", self._operation("admin", "about")),
        ]
        self.actions_by_name: dict[str, QAction] = {}
        file_menu = self.menuBar().addMenu("文件(&F)")
        data_menu = self.menuBar().addMenu("数据(&D)")
        help_menu = self.menuBar().addMenu("帮助(&H)")
        toolbar = self.addToolBar("常用")
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        for name, slot in specs:
            action = QAction(name, self)
            action.triggered.connect(slot)
            self.actions_by_name[name] = action
            menu = file_menu if name.endswith("花名册") else help_menu if name == "关于" else data_menu
            menu.addAction(action)
            if name != "关于":
                toolbar.addAction(action)
        file_menu.addSeparator()
        quit_action = QAction("退出", self)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

    def page_of(self, title: str) -> QWidget:
        """The page called `title`, built now if it has not been opened yet."""
        if title not in self._pages:
            index = list(self._factories).index(title)
            built = self._factories[title](self.desk)
            stand_in = self._stack.widget(index)
            self._stack.insertWidget(index, built)
            self._stack.removeWidget(stand_in)
            stand_in.deleteLater()
            self._pages[title] = built
            opener = getattr(built, "sig_open_record", None)
            if opener is not None:  # a page listing other pages' records (首页) opens them here
                opener.connect(self.show_record)
        return self._pages[title]

    def show_page(self, title: str) -> None:
        self._nav.setCurrentRow(list(self._factories).index(title))

    def show_record(self, kind: str, record_id: int) -> None:
        """Show a record on its own page, selected: the 提案 page with that proposal, and so on."""
        title, select = RECORD_PAGES[kind]
        self.show_page(title)
        self._revealing = _Reveal(self, self.page_of(title), select, record_id)

    def _on_nav_row_changed(self, row: int) -> None:
        if row >= 0:
            self._stack.setCurrentWidget(self.page_of(list(self._factories)[row]))

    # ----- start-up: paint first, then open the store -----
    def start(self) -> None:
        """Open the store once the window has painted (or shortly after, if it never paints)."""
        watcher = _FirstPaint(self, self._open_store_once)
        self.installEventFilter(watcher)
        self._first_paint = watcher
        QTimer.singleShot(300, self._open_store_once)

    def _open_store_once(self) -> None:
        if not self._started:
            self._started = True
            self.desk.open_store()

    def _on_desk_store_ready(self) -> None:
        self._status.setText(f"数据文件夹：{self.desk.data_dir}")
        notes = self.desk.ctx.opening_notes
        if notes:
            box = QMessageBox(QMessageBox.Icon.Information, "打开数据文件夹", "打开数据文件夹时：\n\n"
                              + "\n".join(f"· {note}" for note in notes), QMessageBox.StandardButton.Ok, self)
            present(box)
        from desktop_app.ui.operations.settings import load_first_start

        self.desk.run(load_first_start, title="读取设置", parent=None, on_done=self._maybe_first_run)

    def _on_tasks_busy_changed(self, busy: bool) -> None:
        if busy:
            self.statusBar().showMessage(f"正在进行：{self.desk.tasks.writer_title}……")
        else:
            self.statusBar().clearMessage()

    def _on_desk_store_failed(self, message: str) -> None:
        self._status.setText(message)
        box = QMessageBox(QMessageBox.Icon.Critical, "无法打开数据库", message, QMessageBox.StandardButton.Ok, self)
        present(box)

    def _maybe_first_run(self, first_start: tuple[OfficeSettings, bool]) -> None:
        """The welcome dialog, only for a folder with no settings and no data (init, demo or an import settle it)."""
        office, needed = first_start
        if not needed:
            return
        from desktop_app.ui.dialogs.first_run import FirstRunDialog

        self.first_run_dialog = FirstRunDialog(self.desk, office, parent=self)
        self.first_run_dialog.open()

    # ----- drag and drop of a spreadsheet -----
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt's name)
        if _dropped_spreadsheet(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt's name)
        path = _dropped_spreadsheet(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            from desktop_app.ui.operations.members import open_import_wizard

            open_import_wizard(self.desk, parent=self, path=path)

    # ----- geometry -----
    def _restore_geometry(self) -> None:
        saved = self.desk.settings.value("main/geometry")
        if isinstance(saved, (QByteArray, bytes)) and self.restoreGeometry(QByteArray(saved)):
            return
        self.resize(1280, 720)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        if self.desk.tasks.writer_busy:
            answer = QMessageBox.question(self, "操作尚未完成", "还有操作正在进行，现在退出会取消它。确定要退出吗？")
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
            self.desk.tasks.cancel_all()
        self.desk.settings.setValue("main/geometry", self.saveGeometry())
        self.desk.settings.sync()
        super().closeEvent(event)


class _Reveal(QObject):
    """Selects one record on a list page once the page shows its rows; clears the page's filters if they hide it."""

    def __init__(self, window: MainWindow, page: QWidget, select: str, record_id: int):
        super().__init__(window)
        self._window, self._page, self._select, self._id = window, page, select, record_id
        self._cleared = False
        self._waiting = False
        previous = getattr(window, "_revealing", None)
        if previous is not None:
            previous.stop()
        self._attempt()

    def stop(self) -> None:
        if self._waiting:
            self._page.sig_filled.disconnect(self._on_filled)
            self._waiting = False

    def _loading(self) -> bool:
        return bool(getattr(self._page, "_loading", False))

    def _wait(self) -> None:
        if not self._waiting:
            self._page.sig_filled.connect(self._on_filled)
            self._waiting = True

    def _on_filled(self) -> None:
        if not self._loading():
            self.stop()
            self._attempt()

    def _attempt(self) -> None:
        if self._loading():
            self._wait()
            return
        page = self._page
        tabs = getattr(page, "tabs", None)
        if tabs is not None:
            tabs.setCurrentIndex(0)  # the list (or the proposal's 详情) is on the first tab
        if getattr(page, self._select)(self._id):
            table = getattr(page, "table", None)
            if table is not None:
                chosen = table.selectionModel().selectedRows()
                if chosen:
                    table.scrollTo(chosen[0])
                table.setFocus()
            return
        if not self._cleared:
            self._cleared = True
            _clear_filters(page)
            if self._loading():
                self._wait()
            else:
                self._attempt()
            return
        self._window.statusBar().showMessage("找不到这条记录，可能已被删除或不在本页列出。", 8000)


def _clear_filters(page: QWidget) -> None:
    """Back to every record: the search box emptied, each “…：全部” choice chosen, the filter ticks cleared."""
    from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit

    search = getattr(page, "search", None)
    if isinstance(search, QLineEdit) and search.text():
        search.clear()
        apply = getattr(page, "apply_filter", None) or getattr(page, "reload_consultations", None) \
            or getattr(page, "reload_activities", None)
        if apply is not None:
            apply()  # now, not after the search box's pause
    for combo in page.findChildren(QComboBox):
        if combo.currentIndex() > 0 and combo.count() and combo.itemText(0).endswith("：全部"):
            combo.setCurrentIndex(0)
    for name in ("key_check", "overdue_check"):
        check = getattr(page, name, None)
        if isinstance(check, QCheckBox):
            check.setChecked(False)


class _FirstPaint(QObject):
    """Calls back once, just after the window's first paint."""

    def __init__(self, parent: QObject, callback: Callable[[], None]):
        super().__init__(parent)
        self._callback = callback

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint and self._callback is not None:
            callback, self._callback = self._callback, None
            QTimer.singleShot(0, callback)
        return False


def _dropped_spreadsheet(mime) -> Path | None:
    if not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile() and url.toLocalFile().lower().endswith(SPREADSHEET_SUFFIXES):
            return Path(url.toLocalFile())
    return None
