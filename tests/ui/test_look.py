"""The program as people meet it: icons, menus and keys, 关于, Chinese file dialogs, where exports go, numbers
right-aligned, states as coloured tags, the window maximised the first time."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QPushButton

from tests.ui.helpers import TASK_TIMEOUT_MS, fill_demo_members, shown_window, wait_idle, wait_loaded

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
NAV = ["委员", "提案", "委员之家", "有事来商量", "统计", "基础资料", "设置"]


def _window(desk, qtbot):
    return shown_window(desk, qtbot, active=True)


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


# ----- icons -----
def test_the_window_and_every_navigation_entry_and_action_have_icons(desk, qtbot):
    window = _window(desk, qtbot)
    assert not window.windowIcon().isNull()
    assert window.windowIcon().availableSizes()  # the rendered PNGs, 16 … 256 px
    nav = window._nav
    assert set(NAV) <= {nav.item(row).text() for row in range(nav.count())}  # (and any page added later)
    for row in range(nav.count()):
        pixmap = nav.item(row).icon().pixmap(20, 20)
        assert not pixmap.isNull() and not pixmap.toImage().allGray(), nav.item(row).text()  # drawn, in colour
    for name, action in window.actions_by_name.items():
        assert not action.icon().pixmap(20, 20).isNull(), name
    wait_idle(qtbot, desk)


def test_the_application_icon_files_are_there_for_the_build():
    root = Path(__file__).resolve().parents[2]
    icons = root / "resources" / "icons"
    assert (icons / "app.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"  # an .ico file
    spec = (root / "build.spec").read_text(encoding="utf-8")
    assert spec.count("icon=str(ICON)") == 2 and '"resources" / "icons" / "app.ico"' in spec


# ----- menus and keys -----
def test_restore_sits_in_the_data_menu_not_on_the_toolbar(desk, qtbot):
    window = _window(desk, qtbot)
    toolbar = window.findChild(type(window.addToolBar("x")), "mainToolbar")
    on_toolbar = [a.text() for a in toolbar.actions() if a.text()]
    assert "恢复…" not in on_toolbar and {"备份", "检查", "使用说明"} <= set(on_toolbar)
    menus = {menu.title(): [a.text() for a in menu.actions() if a.text()]
             for menu in (a.menu() for a in window.menuBar().actions()) if menu is not None}
    assert menus["数据(&D)"] == ["备份", "恢复…", "检查"]
    assert menus["帮助(&H)"] == ["使用说明", "关于"]
    assert [window.actions_by_name[n].shortcut() for n in ("查找", "新增", "刷新", "使用说明")] == [
        QKeySequence("Ctrl+F"), QKeySequence("Ctrl+N"), QKeySequence("F5"), QKeySequence("F1")]
    wait_idle(qtbot, desk)


def test_ctrl_f_ctrl_n_and_f5_act_on_the_page_shown(make_desk, qtbot):
    desk = make_desk()
    fill_demo_members(desk)
    window = _window(desk, qtbot)
    window.show_page("委员")  # the window opens on 首页, which has no search box
    members = window.page_of("委员")
    wait_loaded(qtbot, members)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is members.search
    filled = []
    members.sig_filled.connect(lambda: filled.append(True))
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: bool(filled), timeout=TASK_TIMEOUT_MS)  # read again
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: getattr(members, "member_form", None) is not None and members.member_form.isVisible(),
                    timeout=TASK_TIMEOUT_MS)
    assert members.member_form.windowTitle() == "新增委员"
    members.member_form.reject()

    window.show_page("委员之家")  # with its second tab open, 新增 adds a home; 查找 goes back to the activities
    homes = window.page_of("委员之家")
    wait_idle(qtbot, desk)
    homes.tabs.setCurrentIndex(1)
    window.activateWindow()  # back from the member form
    qtbot.waitUntil(window.isActiveWindow, timeout=TASK_TIMEOUT_MS)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: getattr(homes, "home_form", None) is not None and homes.home_form.isVisible(),
                    timeout=TASK_TIMEOUT_MS)
    assert homes.home_form.windowTitle() == "新增委员之家"
    homes.home_form.reject()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=TASK_TIMEOUT_MS)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert homes.tabs.currentIndex() == 0 and QApplication.focusWidget() is homes.search

    window.show_page("统计")  # no search box, nothing to add: said in the status bar
    wait_idle(qtbot, desk)
    assert not window.add_new() and "没有" in window.statusBar().currentMessage()
    wait_idle(qtbot, desk)


def test_the_window_opens_maximised_the_first_time_then_as_it_was_left(desk, qtbot):
    from desktop_app.ui.main_window import MainWindow

    first = MainWindow(desk)
    qtbot.addWidget(first)
    first.show_on_start()
    qtbot.waitUntil(first.isMaximized, timeout=TASK_TIMEOUT_MS)
    first.showNormal()
    first.resize(1000, 600)
    qtbot.waitUntil(lambda: first.width() == 1000, timeout=TASK_TIMEOUT_MS)
    first.close()
    second = MainWindow(desk)
    qtbot.addWidget(second)
    second.show_on_start()
    assert not second.isMaximized() and (second.width(), second.height()) == (1000, 600)
    wait_idle(qtbot, desk)


# ----- 关于 -----
def test_about_shows_the_data_folder_whole_broken_only_after_separators(qtbot, make_desk):
    desk = make_desk(data_name="政协办公室资料/县政协履职工作台/二〇二六年/数据文件夹（请勿移动或删除其中的文件）")
    window = _window(desk, qtbot)
    window.actions_by_name["关于"].trigger()
    dialog = window.about_dialog
    assert dialog.isVisible()
    lines = dialog.data_field.lines()
    assert "".join(lines) == str(desk.data_dir)  # whole, nothing added or lost
    assert len(lines) > 1  # long enough to need a second line …
    assert all(line.endswith(("/", "\\")) for line in lines[:-1])  # … broken only after a separator
    label = dialog.data_field.label
    assert label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert label.width() >= label.sizeHint().width()  # no line is cut short
    cells = [text.strip() for text in dialog.licences.toPlainText().splitlines()]  # one table cell a line
    for name, licence in (("PySide6", "LGPL-3.0"), ("SQLAlchemy", "MIT"), ("openpyxl", "MIT"), ("python-docx", "MIT"),
                          ("docxtpl", "LGPL-2.1"), ("matplotlib", "PSF"), ("python-calamine", "MIT"),
                          ("platformdirs", "MIT"), ("Alembic", "MIT")):
        row = next(i for i, text in enumerate(cells) if name in text)
        assert any(licence in text for text in cells[row + 1:row + 3]), name  # version, then licence
    from desktop_app import __version__

    assert any(f"版本 {__version__}" in w.text() for w in dialog.findChildren(QLabel))
    dialog.reject()
    wait_idle(qtbot, desk)


# ----- Qt's own dialogs in Chinese -----
def test_the_file_dialog_speaks_chinese(qapp, tmp_path):
    from desktop_app.ui.launch import install_chinese

    install_chinese(qapp)
    for mode in (QFileDialog.AcceptMode.AcceptOpen, QFileDialog.AcceptMode.AcceptSave):
        dialog = QFileDialog(None, "选择文件", str(tmp_path), "Excel 工作簿 (*.xlsx)")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setAcceptMode(mode)
        dialog.show()
        buttons = [b.text() for b in dialog.findChildren(QPushButton) if b.text()]
        labels = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
        assert buttons and all(_has_cjk(text) for text in buttons), buttons
        assert len(labels) == 3 and all(_has_cjk(text) for text in labels), labels  # 查找范围, 文件名称, 文件类型
        dialog.close()
        dialog.deleteLater()


# ----- exports start in <data>/exports -----
def _answer_file_dialog(qtbot, seen: list[str]):
    """Note where the next modal file dialog starts, then cancel it."""
    def answer():
        dialog = next((w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog) and w.isVisible()),
                      None)
        if dialog is None:
            QTimer.singleShot(50, answer)
            return
        seen.append(dialog.directory().absolutePath())
        dialog.reject()

    QTimer.singleShot(50, answer)


def test_save_dialogs_start_in_the_data_folders_exports(desk, qtbot):
    from desktop_app.ui.operations.members import export_roster
    from desktop_app.ui.operations.proposals import write_notices
    from desktop_app.ui.operations.reports import PeriodRequest, export_workbook

    window = _window(desk, qtbot)
    exports = desk.data_dir / "exports"
    assert not exports.exists()
    seen: list[str] = []
    _answer_file_dialog(qtbot, seen)
    assert export_roster(desk, parent=window) is None  # cancelled
    assert exports.is_dir() and seen == [str(exports)]
    _answer_file_dialog(qtbot, seen)
    export_workbook(desk, parent=window, request=PeriodRequest(year=2025), label="2025年")
    assert seen[-1] == str(exports)
    dialog = write_notices(desk, parent=window, session_code=None)
    assert Path(dialog.directory().absolutePath()) == exports
    dialog.reject()
    wait_idle(qtbot, desk)


def test_a_name_typed_without_its_extension_gets_the_filters(qtbot, tmp_path):
    from PySide6.QtWidgets import QLineEdit, QWidget

    from desktop_app.ui.operations.common import XLSX_FILTER, pick_file

    parent = QWidget()
    qtbot.addWidget(parent)

    def answer():  # the user types 问题清单 in Qt's own save dialog (Windows' native one would add .xlsx itself)
        dialog = next((w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog) and w.isVisible()),
                      None)
        if dialog is None:
            QTimer.singleShot(50, answer)
            return
        dialog.findChild(QLineEdit, "fileNameEdit").setText("问题清单")
        dialog.accept()

    QTimer.singleShot(50, answer)
    chosen = pick_file(parent, "导出问题清单", XLSX_FILTER, default=str(tmp_path / "清单.xlsx"), save=True)
    assert chosen == tmp_path / "问题清单.xlsx"


# ----- tables -----
def test_number_columns_are_right_aligned_and_text_left(make_desk, qtbot):
    desk = make_desk()
    fill_demo_members(desk)
    window = _window(desk, qtbot)
    counts = {"委员人数", "活动次数", "出席", "请假", "缺席", "其他参加", "意见建议", "联系委员", "协商次数",
              "参加委员", "办成实事", "案号"}
    checked = 0
    for title, tables in (("委员之家", ("table", "home_table")), ("有事来商量", ("table", "platform_table")),
                          ("提案", ("table",)), ("委员", ("table",))):
        window.show_page(title)
        page = window.page_of(title)
        qtbot.waitUntil(lambda: desk.tasks.is_idle() and not page._loading, timeout=TASK_TIMEOUT_MS)
        for name in tables:
            model = getattr(page, name).model()
            if not model.rowCount():
                continue
            for column in range(model.columnCount()):
                header = model.headerData(column, Qt.Orientation.Horizontal)
                alignment = model.data(model.index(0, column), Qt.ItemDataRole.TextAlignmentRole)
                if header in counts:
                    assert alignment == RIGHT, f"{title} {header}"
                    checked += 1
                else:
                    assert alignment is None, f"{title} {header}"
    assert checked >= 12
    window.show_page("统计")
    statistics = window.page_of("统计")
    qtbot.waitUntil(lambda: statistics.copy_button.isEnabled(), timeout=TASK_TIMEOUT_MS)
    view = statistics.sheet_view("委员")
    model = view.table_models["按界别"]
    assert [model.data(model.index(0, c), Qt.ItemDataRole.TextAlignmentRole) for c in range(3)] == [None, RIGHT, RIGHT]
    wait_idle(qtbot, desk)


def test_states_are_painted_as_coloured_tags(desk, qtbot):
    from desktop_app.services.members import MemberInput, MembersService
    from desktop_app.services.organizations import OrganizationService
    from desktop_app.services.proposals import ProposalService
    from desktop_app.services.proposals.dto import ProposalInput, UnitAssignmentInput
    from desktop_app.services.terms import TermService
    from desktop_app.ui.widgets.state_tags import StateTagDelegate, colour_of, tag_width

    ctx = desk.ctx
    session_id = TermService(ctx).add_session(term=14, number=4, opening_date=date(2025, 1, 10)).new_id
    lead = MembersService(ctx).add(MemberInput(name="王芳")).new_id
    unit = OrganizationService(ctx).add_unit(name="县教育局").new_id
    service = ProposalService(ctx)
    late = service.submit(ProposalInput(session_id=session_id, title="关于整治乡村道路的建议",
                                        submitted_on=date.today() - timedelta(days=200), lead_member_id=lead)).new_id
    service.accept(late, on=date.today() - timedelta(days=190))
    service.assign(late, [UnitAssignmentInput(unit, "lead")], on=date.today() - timedelta(days=190))  # 3 months ago+
    fresh = service.submit(ProposalInput(session_id=session_id, title="关于建设县城公园的建议",
                                         submitted_on=date.today(), lead_member_id=lead)).new_id
    window = _window(desk, qtbot)
    window.show_page("提案")
    page = window.page_of("提案")
    qtbot.waitUntil(lambda: not page._loading and page.model.rowCount() == 2, timeout=TASK_TIMEOUT_MS)
    column = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())].index("状态")
    assert isinstance(page.table.itemDelegateForColumn(column), StateTagDelegate)
    shown = {page.model.row_at(r).id: page.model.data(page.model.index(r, column)) for r in range(2)}
    assert shown == {late: "已逾期", fresh: "待审查"}
    assert colour_of("已逾期").name() == "#c0392b" and colour_of("已答复").name() == "#2e7d32"
    assert colour_of("已交办").name() == "#2463a6" and colour_of("待审查").name() == "#6b7280"
    assert colour_of("已撤销（2024-03-01）").name() == "#6b7280" and colour_of("县教育局") is None
    page.table.viewport().grab()  # paints through the delegate without error
    assert page.table.columnWidth(column) >= tag_width(page.table.fontMetrics(), "退回修改")  # the longest, whole
    window.show_page("基础资料")
    registry = window.page_of("基础资料")
    qtbot.waitUntil(lambda: not registry._loading, timeout=TASK_TIMEOUT_MS)
    assert isinstance(registry.unit_table.itemDelegateForColumn(4), StateTagDelegate)
    wait_idle(qtbot, desk)


def test_no_raw_similarity_score_is_shown():
    root = Path(__file__).resolve().parents[2] / "desktop_app" / "ui"
    for path in root.rglob("*.py"):
        assert "相似度" not in path.read_text(encoding="utf-8"), path

