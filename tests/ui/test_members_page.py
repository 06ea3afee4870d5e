"""The members page over a real database: filled, searched by pinyin, filtered and sorted."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.helpers import wait_loaded, TASK_TIMEOUT_MS, fill_demo_members, wait_idle


@pytest.fixture
def page(desk, qtbot):
    from desktop_app.services.members import MemberInput, MembersService
    from desktop_app.ui.pages.members_page import MembersPage

    fill_demo_members(desk)
    MembersService(desk.ctx).add(MemberInput(name="王芳", gender="女", sector="教育界", work_unit="县实验小学"))
    page = MembersPage(desk)
    qtbot.addWidget(page)
    page.resize(1200, 600)
    page.show()
    wait_loaded(qtbot, page)  # a page made on an open store loads itself
    return page


def _names(page) -> list[str]:
    return [page.model.row_at(r).name for r in range(page.model.rowCount())]


def test_page_lists_every_active_member(page):
    assert page.model.rowCount() == 181
    keys = [r.name_pinyin for r in page.model.rows()]
    assert keys == sorted(keys)  # 姓名 A→Z by pinyin at first
    assert page.table.horizontalHeader().sortIndicatorSection() == 0
    assert page.count_label.text() == "共 181 人"
    assert page.sector_combo.count() > 5 and page.committee_combo.count() > 1


def _expected(page, typed: str) -> list[str]:
    """The names a search for `typed` must show, from pypinyin (not the program's own pinyin table):
    initials or full pinyin starting with it, or full pinyin containing it."""
    from pypinyin import Style, lazy_pinyin

    needle = typed.lower()
    every = [page.model.row_at(r).name for r in range(page.model.rowCount())]
    found = []
    for name in every:
        full = "".join(lazy_pinyin(name))
        initials = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER))
        if initials.startswith(needle) or needle in full:
            found.append(name)
    return sorted(found)


@pytest.mark.parametrize("typed", ["wf", "wangfang", "WangF"])
def test_search_by_pinyin_finds_the_member(page, qtbot, typed):
    expected = _expected(page, typed)
    assert "王芳" in expected and len(expected) < 181
    qtbot.keyClicks(page.search, typed)
    qtbot.waitUntil(lambda: page.model.rowCount() < 181, timeout=TASK_TIMEOUT_MS)
    names = _names(page)
    assert sorted(names) == expected
    assert page.count_label.text() == f"显示 {len(names)} 人，共 181 人"


def test_search_is_debounced(page, qtbot):
    page.search.setText("wangfang")
    assert page.model.rowCount() == 181  # not yet: the filter waits for typing to pause
    qtbot.waitUntil(lambda: page.model.rowCount() < 181, timeout=TASK_TIMEOUT_MS)


def test_filters_by_sector_and_status(page, qtbot):
    page.sector_combo.setCurrentIndex(page.sector_combo.findData("教育界"))
    rows = [page.model.row_at(r) for r in range(page.model.rowCount())]
    assert rows and all(r.sector == "教育界" for r in rows)
    committee = page.committee_combo.itemData(1)
    page.sector_combo.setCurrentIndex(0)
    page.committee_combo.setCurrentIndex(1)
    rows = [page.model.row_at(r) for r in range(page.model.rowCount())]
    assert rows and all(committee in r.committees for r in rows)


def test_sorting_by_birth_column_both_ways(page):
    birth = 3
    page.table.sortByColumn(birth, Qt.SortOrder.AscendingOrder)
    keys = [(r.birth_year or 0, r.birth_month or 0) for r in page.model.rows()]
    assert keys == sorted(keys) and keys[0] != keys[-1]
    page.table.sortByColumn(birth, Qt.SortOrder.DescendingOrder)
    keys = [(r.birth_year or 0, r.birth_month or 0) for r in page.model.rows()]
    assert keys == sorted(keys, reverse=True)
    assert page.model.index(0, birth).data() == page.model.rows()[0].birth_text


def test_end_term_moves_member_out_of_the_active_list(page, qtbot, desk):
    page.select_member(page.model.rows()[0].id)
    leaving = page.selected_row()
    page.leave_button.click()
    dialog = page.end_term_dialog
    dialog.reason.setEditText("工作调动")
    with qtbot.waitSignal(page.sig_filled, timeout=TASK_TIMEOUT_MS):
        dialog.accept()
    assert leaving.id not in [r.id for r in page.model.rows()]
    page.status_combo.setCurrentIndex(page.status_combo.findData("left"))
    assert [r.name for r in page.model.rows()] == [leaving.name]
    wait_idle(qtbot, desk)
