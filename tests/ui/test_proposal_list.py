"""The 提案 list at scale: rows fetched in pages, the count from the database, sorting in SQL, the column
chooser remembered per PC, and the columns that matter in view on a 1366-px screen (and at 125 %)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from tests.ui.helpers import TASK_TIMEOUT_MS, wait_idle

SESSION_OPENED = date(2025, 1, 10)


def _proposals(desk, count: int, *, overdue: bool = False) -> dict:
    """`count` proposals written through the services, titles in a shuffled order; with `overdue` the first is
    accepted and assigned long ago (its reply late on 2025-06-01)."""
    from desktop_app.services.members import MemberInput, MembersService
    from desktop_app.services.organizations import OrganizationService
    from desktop_app.services.proposals import ProposalService
    from desktop_app.services.proposals.dto import ProposalInput, UnitAssignmentInput
    from desktop_app.services.terms import TermService

    ctx = desk.ctx
    session_id = TermService(ctx).add_session(term=14, number=4, opening_date=SESSION_OPENED).new_id
    lead = MembersService(ctx).add(MemberInput(name="王芳")).new_id
    service = ProposalService(ctx)
    titles = {}
    for n in range(count):
        title = f"关于第{(n * 7919) % 1000:03d}项工作的建议"  # distinct, not in the order written
        pid = service.submit(ProposalInput(session_id=session_id, title=title, lead_member_id=lead,
                                           submitted_on=SESSION_OPENED + timedelta(days=n % 60))).new_id
        titles[pid] = title
    world = {"titles": titles, "session_id": session_id}
    if overdue:
        unit = OrganizationService(ctx).add_unit(name="县农业农村和水利局").new_id
        late = next(iter(titles))
        service.accept(late, on=date(2025, 1, 20))
        service.assign(late, [UnitAssignmentInput(unit, "lead")], on=date(2025, 1, 20))
        world["late"] = late
    return world


def _window(desk, qtbot, width: int = 1366, height: int = 728):
    from desktop_app.ui.main_window import MainWindow

    window = MainWindow(desk)
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    window.show_page("提案")
    page = window.page_of("提案")
    page.today = date(2025, 6, 1)
    page.reload()
    _wait(qtbot, page)
    return window, page


def _wait(qtbot, page) -> None:
    qtbot.waitUntil(lambda: page.desk.tasks.is_idle() and not page._loading and page.model.total > 0,
                    timeout=TASK_TIMEOUT_MS)


def _ids(page) -> list[int]:
    return [page.model.row_at(r).id for r in range(page.model.rowCount())]


def test_rows_come_in_pages_and_the_count_is_exact(desk, qtbot):
    world = _proposals(desk, 450)
    window, page = _window(desk, qtbot)
    assert page.model.rowCount() == 200 and page.model.total == 450
    assert page.count_label.text() == "共 450 件"
    assert page.model.canFetchMore()
    page.model.fetchMore()
    assert page.model.rowCount() == 400
    page.model.fetchMore()
    assert page.model.rowCount() == 450 and not page.model.canFetchMore()
    assert sorted(_ids(page)) == sorted(world["titles"])  # each once

    # a reload after a write keeps the rows the user had scrolled to
    page.reload()
    _wait(qtbot, page)
    assert page.model.rowCount() == 450

    # a new filter starts at the first page again; the view fetches by itself as it scrolls to the end
    page.apply_filter()
    _wait(qtbot, page)
    assert page.model.rowCount() == 200
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: page.model.rowCount() > 200, timeout=TASK_TIMEOUT_MS)

    # a proposal not fetched yet is selected all the same
    page.apply_filter()
    _wait(qtbot, page)
    last = page.model.ids()[-1]
    assert page.model.row_of(last) is None
    assert page.select_proposal(last)
    assert [r.id for r in page.selected_rows()] == [last]
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.id == last, timeout=TASK_TIMEOUT_MS)

    # far from the rows fetched (on a city's list), the rows up to it are read off the GUI thread first
    page.table.clearSelection()  # (a selected row is fetched again after a load, to stay selected)
    page.apply_filter()
    _wait(qtbot, page)
    page.near_rows = 0
    assert page.model.row_of(last) is None
    assert page.select_proposal(last)  # True: the list holds it; selected once its rows have come
    qtbot.waitUntil(lambda: [r.id for r in page.selected_rows()] == [last], timeout=TASK_TIMEOUT_MS)
    assert page.model.rowCount() == 450

    # a filter counts in the database too: 显示 M 件，共 450 件
    page.search.setText("第00")
    qtbot.waitUntil(lambda: not page._loading and page.model.total < 450, timeout=TASK_TIMEOUT_MS)
    expected = sorted(pid for pid, title in world["titles"].items() if "第00" in title)
    assert sorted(_ids(page)) == expected
    assert page.count_label.text() == f"显示 {len(expected)} 件，共 450 件"
    wait_idle(qtbot, desk)


def test_a_header_click_sorts_in_the_database(desk, qtbot):
    world = _proposals(desk, 260)
    window, page = _window(desk, qtbot)
    titles = world["titles"]
    column = page.model.headerData(2, Qt.Orientation.Horizontal)
    assert column == "案由"
    header = page.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=header.rect().topLeft() + header.viewport().mapFrom(header, header.rect().topLeft())
                     + _section_centre(header, 2))
    qtbot.waitUntil(lambda: not page._loading and page.model.order is not None, timeout=TASK_TIMEOUT_MS)
    wait_idle(qtbot, desk)
    assert page.model.order == ("title", False) and page.model.rowCount() == 200
    page.model.fetchMore()
    assert _ids(page) == sorted(titles, key=titles.get)
    page.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: not page._loading and page.model.order == ("title", True), timeout=TASK_TIMEOUT_MS)
    page.model.fetchMore()
    assert _ids(page) == sorted(titles, key=titles.get, reverse=True)
    # by date, then (the default order) by id among proposals of one day
    page.table.sortByColumn(6, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: not page._loading and page.model.order == ("submitted", False), timeout=TASK_TIMEOUT_MS)
    page.model.fetchMore()
    written = list(titles)
    assert _ids(page) == sorted(written, key=lambda pid: (written.index(pid) % 60, pid))
    wait_idle(qtbot, desk)


def _section_centre(header, section: int):
    from PySide6.QtCore import QPoint

    return QPoint(header.sectionViewportPosition(section) + header.sectionSize(section) // 2, header.height() // 2)


def test_the_column_chooser_hides_a_column_and_remembers_it(desk, qtbot):
    _proposals(desk, 3)
    window, page = _window(desk, qtbot)
    columns = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    menu = page.column_menu()
    actions = {a.text(): a for a in menu.actions() if a.isCheckable()}
    assert list(actions) == columns
    assert not actions["案由"].isEnabled()  # the title always shows
    assert actions["承办单位"].isChecked() and not actions["提交日期"].isChecked()
    actions["承办单位"].setChecked(False)
    actions["提交日期"].setChecked(True)
    assert page.table.isColumnHidden(columns.index("承办单位"))
    assert not page.table.isColumnHidden(columns.index("提交日期"))
    menu.deleteLater()
    window.close()
    wait_idle(qtbot, desk)

    again, page = _window(desk, qtbot)  # a new window and page on the same PC's settings
    assert page.table.isColumnHidden(columns.index("承办单位"))
    assert not page.table.isColumnHidden(columns.index("提交日期"))
    wait_idle(qtbot, desk)


@pytest.mark.parametrize(("width", "height"), [(1366, 728), (1093, 574)])
def test_state_units_and_due_date_are_in_view_on_a_small_screen(desk, qtbot, width, height):
    world = _proposals(desk, 5, overdue=True)
    window, page = _window(desk, qtbot, width, height)
    qtbot.wait(50)
    table = page.table
    viewport = table.viewport().width()
    for name in ("案号", "案由", "状态", "承办单位", "办理期限"):
        column = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())].index(name)
        assert not table.isColumnHidden(column), name
        right = table.columnViewportPosition(column) + table.columnWidth(column)
        assert 0 <= table.columnViewportPosition(column) and right <= viewport, f"{name}: {right} > {viewport}"
    assert table.horizontalScrollBar().maximum() == 0  # nothing to scroll to
    title = table.columnWidth(2)
    assert title >= 120  # the 案由 keeps room to be read (elided, whole in its tool tip)

    # the overdue row: red, 已逾期, and why in the tool tip of any of its cells
    row = page.model.row_of(world["late"])
    assert page.model.data(page.model.index(row, 7)) == "已逾期"
    assert page.model.data(page.model.index(row, 7), Qt.ItemDataRole.ForegroundRole).color().red() == 200
    reason = "已交办，已过办理期限（2025-04-20），承办单位尚未答复"
    assert page.model.data(page.model.index(row, 7), Qt.ItemDataRole.ToolTipRole) == reason
    assert reason in page.model.data(page.model.index(row, 2), Qt.ItemDataRole.ToolTipRole)
    wait_idle(qtbot, desk)
