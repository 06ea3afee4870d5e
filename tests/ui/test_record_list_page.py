"""The list base every record page stands on: the newest load wins, the count, and an empty state that says what to do."""
from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QTableView

from tests.ui.helpers import TASK_TIMEOUT_MS, shown_window, top_boxes, wait_idle


def _texts(page) -> list[str]:
    area = page.list_area
    return [area.empty.text.text()] + [b.text() for b in area.empty.buttons]


class _Numbers:
    """A row with an id, as the services' DTOs have."""

    def __init__(self, ident: int, label: str):
        self.id, self.label = ident, label


@pytest.fixture
def number_page(desk, qtbot):
    """A RecordListPage over rows a test hands it, each load held until the test lets it finish."""
    from desktop_app.ui.models.row_table import RowTableModel
    from desktop_app.ui.widgets.record_list_page import RecordListPage

    class NumberPage(RecordListPage):
        record_noun = "数字"

        def __init__(self, desk):
            super().__init__(desk)
            self.next_load = None
            table = QTableView()
            area = self.attach_list(table, RowTableModel([("数", lambda r: r.label, lambda r: r.id)], self))
            from PySide6.QtWidgets import QVBoxLayout

            QVBoxLayout(self).addWidget(area)

        def query(self):
            return self.next_load

    page = NumberPage(desk)
    qtbot.addWidget(page)
    page.show()
    return page


def _held(rows, release: threading.Event, started: threading.Event):
    def load(ctx, progress, cancelled):
        started.set()
        release.wait(10)
        return rows

    return load


def test_a_newer_load_wins_even_if_the_older_finishes_later(number_page, qtbot):
    page = number_page
    old_release, old_started = threading.Event(), threading.Event()
    new_release, new_started = threading.Event(), threading.Event()
    page.next_load = _held([_Numbers(1, "旧")], old_release, old_started)
    old_task = page.reload()
    assert old_started.wait(5)
    page.next_load = _held([_Numbers(2, "新"), _Numbers(3, "新")], new_release, new_started)
    new_task = page.reload()
    assert old_task.is_cancelled() and not new_task.is_cancelled()  # the replaced load was asked to stop
    assert new_started.wait(5)
    new_release.set()  # the newer load finishes first …
    qtbot.waitUntil(lambda: new_task.finished, timeout=TASK_TIMEOUT_MS)
    assert [page.model.row_at(i).label for i in range(page.model.rowCount())] == ["新", "新"]
    assert page._loading is False
    old_release.set()  # … and the older one after it: its rows are dropped
    qtbot.waitUntil(lambda: old_task.finished, timeout=TASK_TIMEOUT_MS)
    qtbot.wait(50)
    assert [page.model.row_at(i).id for i in range(page.model.rowCount())] == [2, 3]
    assert page.count_label.text() == "共 2 条"


def test_the_older_load_is_ignored_while_the_newer_one_is_still_running(number_page, qtbot):
    page = number_page
    old_release, old_started = threading.Event(), threading.Event()
    new_release, new_started = threading.Event(), threading.Event()
    page.next_load = _held([_Numbers(1, "旧")], old_release, old_started)
    old_task = page.reload()
    page.next_load = _held([_Numbers(2, "新")], new_release, new_started)
    page.reload()
    old_release.set()
    qtbot.waitUntil(lambda: old_task.finished, timeout=TASK_TIMEOUT_MS)
    qtbot.wait(50)
    assert page.model.rowCount() == 0 and page._loading  # still waiting for the newer one
    new_release.set()
    qtbot.waitUntil(lambda: not page._loading, timeout=TASK_TIMEOUT_MS)
    assert [page.model.row_at(i).id for i in range(page.model.rowCount())] == [2]


def test_an_error_of_a_replaced_load_is_not_shown(number_page, qtbot):
    page = number_page
    release, started = threading.Event(), threading.Event()

    def failing(ctx, progress, cancelled):
        started.set()
        release.wait(10)
        raise RuntimeError("旧的读取出错")

    page.next_load = failing
    old_task = page.reload()
    assert started.wait(5)
    page.next_load = lambda ctx, progress, cancelled: [_Numbers(5, "五")]
    page.reload()
    release.set()
    qtbot.waitUntil(lambda: old_task.finished and not page._loading, timeout=TASK_TIMEOUT_MS)
    qtbot.wait(50)
    assert not top_boxes("errorBox")
    assert page.model.rowCount() == 1


def test_an_empty_list_says_what_to_do_and_its_buttons_do_it(number_page, qtbot):
    page = number_page
    page.next_load = lambda ctx, progress, cancelled: []
    page.reload()
    qtbot.waitUntil(lambda: not page._loading, timeout=TASK_TIMEOUT_MS)
    assert page.list_area.showing_empty and _texts(page) == ["还没有数字。"]
    assert page.count_label.text() == "共 0 条"


@pytest.fixture
def window(desk, qtbot):
    return shown_window(desk, qtbot)


def test_no_proposals_yet_offers_to_add_one_or_import_the_ledger(window, qtbot):
    page = window.page_of("提案")
    window.show_page("提案")
    qtbot.waitUntil(lambda: not page._loading and page.desk.tasks.is_idle(), timeout=TASK_TIMEOUT_MS)
    assert page.list_area.showing_empty and page.list_area.empty.isVisible()
    assert _texts(page) == ["还没有提案。可以：", "新增提案", "导入台账"]
    page.list_area.empty.buttons[0].click()
    assert page.submit_dialog is not None and page.submit_dialog.isVisible()
    page.submit_dialog.reject()


def test_no_members_yet_offers_to_add_or_import_and_a_filter_that_hides_all_offers_to_clear_it(window, qtbot):
    from tests.ui.helpers import fill_demo_members

    page = window.page_of("委员")
    qtbot.waitUntil(lambda: not page._loading and page.desk.tasks.is_idle(), timeout=TASK_TIMEOUT_MS)
    assert _texts(page) == ["还没有委员。可以：", "新增委员", "导入花名册"]
    page.list_area.empty.buttons[1].click()
    assert page.import_wizard is not None and page.import_wizard.isVisible()
    page.import_wizard.reject()
    wait_idle(qtbot, page.desk)

    fill_demo_members(page.desk)
    page.reload()
    qtbot.waitUntil(lambda: not page._loading and page.model.rowCount() > 0, timeout=TASK_TIMEOUT_MS)
    assert not page.list_area.showing_empty
    page.search.setText("没有这个人")
    page.apply_filter()
    assert page.model.rowCount() == 0 and page.list_area.showing_empty
    assert _texts(page) == ["没有符合筛选条件的委员。可以：", "清除筛选"]
    page.list_area.empty.buttons[0].click()
    assert page.search.text() == "" and page.model.rowCount() > 0 and not page.list_area.showing_empty
    wait_idle(qtbot, page.desk)


def test_activities_and_consultations_offer_to_add_or_import(window, qtbot):
    for title, expected in (("委员之家", ["还没有活动。可以：", "新增活动", "导入台账"]),
                            ("有事来商量", ["还没有协商。可以：", "新增协商", "导入台账"])):
        window.show_page(title)
        page = window.page_of(title)
        qtbot.waitUntil(lambda: not page._loading and page.desk.tasks.is_idle(), timeout=TASK_TIMEOUT_MS)
        assert _texts(page) == expected, title
    page = window.page_of("基础资料")
    window.show_page("基础资料")
    qtbot.waitUntil(lambda: not page._loading and page.desk.tasks.is_idle(), timeout=TASK_TIMEOUT_MS)
    assert page.session_area.showing_empty
    assert [b.text() for b in page.session_area.empty.buttons] == ["新增会次", "新增届次"]
    assert page.unit_area.showing_empty  # a new data folder has no handling units
    assert [b.text() for b in page.unit_area.empty.buttons] == ["新增承办单位"]
