"""What a 1366×768 screen at 125% scaling (1093×574 for the window) shows: every page fits, the forms fit,
and the tables give their text columns the room."""
from __future__ import annotations

from PySide6.QtWidgets import QTabWidget

from tests.ui.helpers import TASK_TIMEOUT_MS, fill_demo_members, wait_idle, wait_loaded

SCALED_WIDTH, SCALED_HEIGHT = 1093, 574  # 1366×768 at 125%, less the Windows taskbar
DIALOG_HEIGHT = SCALED_HEIGHT - 30  # and a dialog's title bar


def _demo_window(make_desk, qtbot):
    from desktop_app.ui.main_window import MainWindow

    desk = make_desk()
    fill_demo_members(desk)
    window = MainWindow(desk)
    qtbot.addWidget(window)
    window.show()
    return desk, window


def test_every_page_fits_the_window_at_125_percent(make_desk, qtbot):
    desk, window = _demo_window(make_desk, qtbot)
    window.resize(SCALED_WIDTH, SCALED_HEIGHT)
    for title in ("首页", "委员", "提案", "委员之家", "有事来商量", "社情民意", "统计", "基础资料", "设置"):
        window.show_page(title)
        page = window.page_of(title)
        wait_idle(qtbot, desk)
        tabs = page.findChildren(QTabWidget)
        for index in range(tabs[0].count() if tabs else 1):
            if tabs:
                tabs[0].setCurrentIndex(index)
            hint = window.minimumSizeHint()
            assert hint.width() <= SCALED_WIDTH, f"{title} needs a {hint.width()} px wide window"
            assert hint.height() <= SCALED_HEIGHT, f"{title} needs a {hint.height()} px high window"
    wait_idle(qtbot, desk)


def test_summary_sits_beside_the_tabs_and_only_for_the_list_it_counts(make_desk, qtbot):
    desk, window = _demo_window(make_desk, qtbot)
    window.resize(SCALED_WIDTH, SCALED_HEIGHT)
    window.show_page("有事来商量")
    page = window.page_of("有事来商量")
    wait_loaded(qtbot, page)
    label = page.count_label
    assert page.tabs.cornerWidget() is label and "次协商" in label.text()
    # whole, not squeezed — once the layout has settled (measuring earlier raced it)
    qtbot.waitUntil(lambda: label.isVisible() and label.width() >= label.sizeHint().width(), timeout=TASK_TIMEOUT_MS)
    page.tabs.setCurrentIndex(2)
    assert not label.isVisible()
    page.tabs.setCurrentIndex(0)
    assert label.isVisible()
    wait_idle(qtbot, desk)


def test_text_column_takes_the_spare_width_but_never_shrinks_below_its_own(make_desk, qtbot):
    desk, window = _demo_window(make_desk, qtbot)
    window.resize(1366, 728)
    window.show_page("委员之家")
    page = window.page_of("委员之家")
    wait_loaded(qtbot, page)
    table, title_column = page.table, 3  # 活动名称
    header = table.horizontalHeader()
    qtbot.waitUntil(lambda: header.sectionViewportPosition(header.count() - 1) + header.sectionSize(header.count() - 1)
                    == table.viewport().width(), timeout=TASK_TIMEOUT_MS)
    assert header.sectionSize(title_column) > 200  # the names, not the last (a count), got the room
    assert header.sectionSize(header.count() - 1) == 64
    window.resize(800, 520)
    qtbot.waitUntil(lambda: table.viewport().width() < 700, timeout=TASK_TIMEOUT_MS)  # less than the other columns need
    assert header.sectionSize(title_column) == 200  # the table scrolls rather than squeeze the names
    wait_idle(qtbot, desk)


def test_forms_fit_the_scaled_screen_and_show_long_names(desk, qtbot):
    from desktop_app.ui.dialogs.attendance_dialog import AttendanceDialog
    from desktop_app.ui.dialogs.gathering_forms import ConsultationForm, HomeForm, PlatformForm
    from desktop_app.ui.dialogs.member_picker import MemberPicker

    forms = [ConsultationForm(detail=None, platforms=[], sources=["委员荐题"], roster=[]),
             AttendanceDialog(title="读书活动", roster=[], lines=[], matches=lambda m, t: False, on_save=lambda v: None),
             MemberPicker(title="联系委员", roster=[], chosen=[]), HomeForm(row=None), PlatformForm(row=None, villages=[])]
    for form in forms:
        qtbot.addWidget(form)
        form.show()
        assert form.height() <= DIALOG_HEIGHT and form.minimumSizeHint().height() <= DIALOG_HEIGHT, type(form).__name__
        assert form.width() <= SCALED_WIDTH
    for form in forms[3:]:
        name = "黄崖洞镇黄崖8村协商议事室"
        form.name.setText(name)
        assert form.name.width() > form.name.fontMetrics().horizontalAdvance(name), type(form).__name__


def test_proposal_panels_give_the_case_title_the_room(make_desk, qtbot):
    desk, window = _demo_window(make_desk, qtbot)
    window.resize(1366, 728)
    window.show_page("提案")
    page = window.page_of("提案")
    wait_loaded(qtbot, page)
    for table in (page.overdue_table, page.soon_table):
        header = table.horizontalHeader()
        assert header.sectionSize(1) > 2 * max(header.sectionSize(c) for c in (0, 2, 3, 4))  # 案由, not 天数
    assert page.unit_table.horizontalHeader().sectionSize(0) > 150  # 承办单位 beside three counts
    history = page.history.horizontalHeader()
    assert history.sectionSize(4) > history.sectionSize(0)  # 说明, the longest text
    assert page.history.verticalHeader().defaultSectionSize() == page.table.verticalHeader().defaultSectionSize()
    name = "县乡村振兴局"
    assert page.batch_unit.width() > page.batch_unit.fontMetrics().horizontalAdvance(name) + 20
    if page.overdue_table.rowCount():
        item = page.overdue_table.item(0, 1)
        assert item.toolTip() == item.text()  # the whole 案由 where the column cuts it
    wait_idle(qtbot, desk)


def test_vocabulary_names_show_whole(make_desk, qtbot):
    desk, window = _demo_window(make_desk, qtbot)
    window.resize(SCALED_WIDTH, SCALED_HEIGHT)
    window.show_page("设置")
    page = window.page_of("设置")
    qtbot.waitUntil(page.vocab_box.isEnabled, timeout=TASK_TIMEOUT_MS)
    metrics = page.entries.fontMetrics()
    assert page.entries.columnWidth(0) >= metrics.horizontalAdvance("社情民意信息研讨") + 12
    wait_idle(qtbot, desk)
