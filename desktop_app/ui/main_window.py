"""The main window: assembles pages and actions, nothing more."""
from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QByteArray, QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMainWindow, QMessageBox,
                               QStackedWidget, QTableView, QWidget)

from desktop_app.ui import page_protocol
from desktop_app.ui.desk import Desk
from desktop_app.ui.icons import action_icon, app_icon, nav_icon
from desktop_app.ui.tasks import info, present
from desktop_app.ui.widgets.state_tags import style_table

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
    ("社情民意", page("desktop_app.ui.pages.opinions_page", "OpinionsPage")),
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
    "opinion": ("社情民意", "select_opinion"),
}

# The manual's chapter (resources/help/<name>.html) F1 opens on each page; a page may say better
# (page_protocol: help_chapter()), e.g. the chapter of the tab it has open.
HELP_CHAPTERS = {
    "首页": "index", "委员": "members", "提案": "proposals", "委员之家": "homes", "有事来商量": "consultations",
    "社情民意": "opinions", "统计": "reports", "基础资料": "registry", "设置": "settings",
}


class MainWindow(QMainWindow):
    """Navigation list on the left, the chosen page on the right, actions in the menu and toolbar."""

    def __init__(self, desk: Desk, *, pages: list[tuple[str, PageFactory]] | None = None):
        super().__init__()
        self.desk = desk
        self.setWindowTitle("县政协履职工作台")
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)
        self.setMinimumSize(QSize(800, 520))  # fits 1366×768 at 125% scaling (1093×614 less the taskbar)
        self._nav = QListWidget()
        self._nav.setObjectName("navigation")
        self._nav.setFixedWidth(132)
        self._nav.setIconSize(QSize(20, 20))
        self._nav.setSpacing(1)
        self._stack = QStackedWidget()
        self._factories: dict[str, PageFactory] = dict(pages if pages is not None else PAGES)
        self._pages: dict[str, QWidget] = {}
        for title in self._factories:
            item = QListWidgetItem(nav_icon(title), title)
            item.setSizeHint(QSize(0, 32))
            self._nav.addItem(item)
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
        desk.sig_auto_backup.connect(self._on_auto_backup)
        desk.sig_auto_backup_started.connect(
            lambda: self.statusBar().showMessage("正在自动备份今天的数据，完成后接着保存……"))
        desk.sig_outside_write.connect(  # the command line or another window wrote: every page is reloading
            lambda: self.statusBar().showMessage("其他程序修改了数据，已重新读取。", 8000))
        self._started = False
        self._closing_backup_done = False
        self.first_run_dialog = None

    # ----- assembly -----
    def _operation(self, module: str, name: str) -> Callable[[], None]:
        """A slot that imports ui/operations/<module>.py when first used."""
        return lambda: getattr(import_module(f"desktop_app.ui.operations.{module}"), name)(self.desk, parent=self)

    def _build_actions(self) -> None:
        """Menus 文件 编辑 数据 帮助 and the toolbar; every action has an icon, the frequent ones a key."""
        self.actions_by_name: dict[str, QAction] = {}

        def action(name: str, slot: Callable[[], object], *, text: str = "", keys: str = "",
                   tip: str = "") -> QAction:
            made = QAction(action_icon(text or name), text or name, self)
            if keys:
                made.setShortcut(QKeySequence(keys))
                made.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            made.setToolTip(f"{tip or text or name}（{keys}）" if keys else (tip or text or name))
            made.setStatusTip(tip)
            made.triggered.connect(lambda _checked=False: slot())
            self.actions_by_name[name] = made
            return made

        file_menu = self.menuBar().addMenu("文件(&F)")
        file_menu.addAction(action("导入花名册", self._operation("members", "open_import_wizard"),
                                   tip="从 Excel 或 WPS 表格导入委员花名册"))
        file_menu.addAction(action("导出花名册", self._operation("members", "export_roster"),
                                   tip="把委员花名册导出为 Excel 工作簿"))
        file_menu.addSeparator()
        file_menu.addAction(action("退出", self.close, keys="Ctrl+Q"))

        edit_menu = self.menuBar().addMenu("编辑(&E)")
        edit_menu.addAction(action("新增", self.add_new, keys="Ctrl+N", tip="在当前页新增一条记录"))
        edit_menu.addAction(action("查找", self.focus_search, keys="Ctrl+F", tip="转到当前页的搜索框"))
        edit_menu.addAction(action("刷新", self.reload_page, keys="F5", tip="重新读取当前页的数据"))

        data_menu = self.menuBar().addMenu("数据(&D)")
        data_menu.addAction(action("备份", self._operation("admin", "backup"),
                                   tip="把全部数据（含附件）备份为一个文件"))
        data_menu.addAction(action("恢复", self._operation("admin", "choose_backup"), text="恢复…",
                                   tip="用以前的备份替换当前全部数据"))
        data_menu.addSeparator()
        data_menu.addAction(action("检查", self._operation("admin", "check"), tip="检查数据库和附件是否完好"))

        help_menu = self.menuBar().addMenu("帮助(&H)")
        help_menu.addAction(action("使用说明", self.open_help, keys="F1", tip="打开使用说明（本页的那一章）"))
        help_menu.addSeparator()
        help_menu.addAction(action("关于", self._operation("admin", "about")))

        toolbar = self.addToolBar("常用")
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setIconSize(QSize(20, 20))
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for name in ("导入花名册", "导出花名册", None, "备份", "检查", None, "使用说明"):
            if name is None:
                toolbar.addSeparator()
            else:
                toolbar.addAction(self.actions_by_name[name])

    # ----- what the keys do on the page shown (page_protocol) -----
    def current_title(self) -> str:
        row = self._nav.currentRow()
        return list(self._factories)[row] if row >= 0 else ""

    def current_page(self) -> QWidget | None:
        return self._pages.get(self.current_title())

    def focus_search(self) -> bool:
        page = self.current_page()
        found = page is not None and page_protocol.focus_search(page)
        if not found:
            self.statusBar().showMessage("本页没有搜索框。", 3000)
        return found

    def add_new(self) -> bool:
        page = self.current_page()
        done = page is not None and page_protocol.add_new(page)
        if not done:
            self.statusBar().showMessage("本页没有可以新增的内容。", 3000)
        return done

    def reload_page(self) -> bool:
        page = self.current_page()
        if page is None or not self.desk.ready:
            return False
        done = page_protocol.reload(page)
        if done:
            self.statusBar().showMessage("已重新读取。", 2000)
        return done

    def help_chapter(self) -> str:
        return page_protocol.help_chapter(self.current_page(), self.current_title(), HELP_CHAPTERS)

    def open_help(self, chapter: str | None = None):
        """使用说明 at `chapter`, else at the chapter of the page on screen."""
        from desktop_app.ui.operations.admin import help_browser

        return help_browser(self.desk, parent=self, chapter=chapter or self.help_chapter())

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
            for view in built.findChildren(QTableView):  # states as coloured tags in every list of the page
                style_table(view)
        return self._pages[title]

    def show_page(self, title: str) -> None:
        self._nav.setCurrentRow(list(self._factories).index(title))

    def show_record(self, kind: str, record_id: int) -> None:
        """Show a record on its own page, selected: the 提案 page with that proposal, and so on."""
        title, select = RECORD_PAGES[kind]
        self.show_page(title)
        if not self.desk.ready:  # the 首页's lists are shown before the store is open (read from the file): wait for it
            self.desk.sig_store_ready.connect(lambda: self._reveal(title, select, record_id),
                                              Qt.ConnectionType.SingleShotConnection)
            return
        self._reveal(title, select, record_id)

    def _reveal(self, title: str, select: str, record_id: int) -> None:
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
        from desktop_app.ui.operations.database import database_in_use

        self._status.setText(f"数据文件夹：{self.desk.data_dir}　数据库：{database_in_use(self.desk)}")
        notes = self.desk.ctx.opening_notes
        if notes:
            box = QMessageBox(QMessageBox.Icon.Information, "打开数据文件夹", "打开数据文件夹时：\n\n"
                              + "\n".join(f"· {note}" for note in notes), QMessageBox.StandardButton.Ok, self)
            present(box)
        page = self.current_page()
        lists_filled = getattr(page, "sig_lists_filled", None)
        if lists_filled is not None and getattr(page, "lists_loading", False):
            # the page on screen (the 首页, as the window opens) reads its lists first, with the store to itself;
            # whether to greet a first start is asked once they are shown
            lists_filled.connect(self._read_first_start, Qt.ConnectionType.SingleShotConnection)
        else:
            self._read_first_start()

    def _read_first_start(self) -> None:
        from desktop_app.ui.operations.settings import load_first_start

        self.desk.run(load_first_start, title="读取设置", parent=None, on_done=self._maybe_first_run)

    def _on_auto_backup(self, made: bool, message: str) -> None:
        if made:
            self.statusBar().showMessage(message, 8000)
        else:
            info(self, message, title="自动备份",
                 detail="今天的工作照常保存。请检查数据文件夹所在的磁盘和“设置 → 备份”中的副本文件夹，"
                        "或用“数据 → 备份”手动备份一次。")

    def _on_tasks_busy_changed(self, busy: bool) -> None:
        if busy:
            self.statusBar().showMessage(f"正在进行：{self.desk.tasks.writer_title}……")
        elif self.statusBar().currentMessage().startswith("正在"):  # a word said meanwhile (自动备份) stays
            self.statusBar().clearMessage()

    def _on_desk_store_failed(self, message: str) -> None:
        self._status.setText(message)
        from desktop_app.services.server import ServerUnreachable

        if isinstance(self.desk.store_failure, ServerUnreachable):  # the server saved in 设置 → 数据库
            self._offer_local_file(message)
            return
        box = QMessageBox(QMessageBox.Icon.Critical, "无法打开数据库", message, QMessageBox.StandardButton.Ok, self)
        present(box)

    def _offer_local_file(self, message: str) -> None:
        """The shared server cannot be reached: say why, and offer 改用本机数据 (or 重试) instead of failing."""
        box = QMessageBox(QMessageBox.Icon.Warning, "连不上共用服务器", message, QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("serverUnreachableBox")
        box.setInformativeText("可以改用这台电脑上的本机数据文件（服务器上的数据不受影响，以后可在“设置 → 数据库”"
                               "选回共用服务器），或检查网络后重试。")
        local = box.addButton("改用本机数据", QMessageBox.ButtonRole.AcceptRole)
        local.setObjectName("useLocalData")
        retry = box.addButton("重试", QMessageBox.ButtonRole.ResetRole)
        retry.setObjectName("retryServer")
        box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)

        def chosen(button) -> None:
            if button is local:
                from desktop_app.ui.operations.database import use_local_file

                self.statusBar().showMessage(use_local_file(self.desk), 8000)
            elif button is not retry:
                return
            self._status.setText("正在打开数据库……")
            self.desk.open_store()

        box.buttonClicked.connect(chosen)
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
        """As the window was left on this PC (size, place, maximised); the first time, maximised."""
        saved = self.desk.settings.value("main/geometry")
        self.first_time = not (isinstance(saved, (QByteArray, bytes)) and self.restoreGeometry(QByteArray(saved)))
        if self.first_time:
            self.resize(1280, 720)  # what "restore down" gives; show_on_start() maximises

    def show_on_start(self) -> None:
        """Show the window as the program starts: maximised the first time on this PC, else as it was left."""
        if self.first_time:
            self.showMaximized()
        else:
            self.show()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        """Closing waits for the closing automatic backup (when something was written since the last one)."""
        if self.desk.tasks.writer_busy:
            if self.desk.tasks.writer_title == "自动备份":
                event.ignore()  # the closing backup: the window closes by itself when it is done
                return
            answer = QMessageBox.question(self, "操作尚未完成", "还有操作正在进行，现在退出会取消它。确定要退出吗？")
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
            self.desk.tasks.cancel_all()
            self._closing_backup_done = True  # what the cancelled work left is today's backup's business
        if not self._closing_backup_done:
            self._closing_backup_done = True
            if self.desk.closing_backup(parent=self, on_finished=self.close) is not None:
                self.statusBar().showMessage("正在自动备份，完成后关闭……")
                event.ignore()
                return
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
