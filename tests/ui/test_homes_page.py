"""The 委员之家 page over a real database: lists, filters, forms, member assignment, participation."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.helpers import TASK_TIMEOUT_MS, fill_demo_members, top_boxes, wait_idle


def _settle(qtbot, page):
    qtbot.waitUntil(lambda: not page._loading and page.desk.tasks.is_idle(), timeout=TASK_TIMEOUT_MS)


@pytest.fixture
def page(desk, qtbot):
    from desktop_app.ui.pages.homes_page import HomesPage

    fill_demo_members(desk)
    page = HomesPage(desk)
    qtbot.addWidget(page)
    page.resize(1200, 650)
    page.show()
    _settle(qtbot, page)
    return page


def test_lists_filters_and_detail(page, qtbot):
    total = page.model.rowCount()
    assert total > 300 and page.home_model.rowCount() == 12
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("全体会议"))
    _settle(qtbot, page)
    rows = [page.model.row_at(i) for i in range(page.model.rowCount())]
    assert rows and all(r.kind == "全体会议" and r.home_name is None for r in rows)
    page.kind_combo.setCurrentIndex(0)
    page.home_combo.setCurrentIndex(1)
    _settle(qtbot, page)
    home = page.home_combo.currentText()
    assert 0 < page.model.rowCount() < total
    assert all(page.model.row_at(i).home_name == home for i in range(page.model.rowCount()))
    page.table.selectRow(0)
    chosen = page.model.row_at(0)
    qtbot.waitUntil(lambda: chosen.title in page.detail.toPlainText(), timeout=TASK_TIMEOUT_MS)
    assert f"出席（{chosen.present}）" in page.detail.toPlainText()


def test_new_home_through_the_form_then_members_assigned(page, qtbot):
    page.tabs.setCurrentIndex(1)
    page.home_add.click()
    form = page.home_form
    form.name.setText("城关社区委员之家")  # QTest cannot type Chinese characters
    form.township.setText("古韩镇")
    form.buttons.accepted.emit()
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=TASK_TIMEOUT_MS)
    _settle(qtbot, page)
    names = [page.home_model.row_at(i).name for i in range(page.home_model.rowCount())]
    assert "城关社区委员之家" in names
    page.home_table.selectRow(names.index("城关社区委员之家"))
    page.home_members.click()
    qtbot.waitUntil(lambda: getattr(page, "member_picker", None) is not None, timeout=TASK_TIMEOUT_MS)
    picker = page.member_picker
    first_two = [picker.list.item(i).data(Qt.ItemDataRole.UserRole).id for i in range(2)]
    for member_id in first_two:
        picker.set_checked(member_id, True)
    picker.findChild(type(form.buttons)).accepted.emit()
    qtbot.waitUntil(lambda: not picker.isVisible(), timeout=TASK_TIMEOUT_MS)
    _settle(qtbot, page)
    row = next(page.home_model.row_at(i) for i in range(page.home_model.rowCount())
               if page.home_model.row_at(i).name == "城关社区委员之家")
    assert row.member_count == 2


def test_a_retired_home_is_restored_from_its_button(page, qtbot):
    import sqlite3
    from datetime import date

    from desktop_app.services.homes import HomesService
    from desktop_app.ui.operations.homes import reinstate_home

    page.tabs.setCurrentIndex(1)
    first = page.home_model.row_at(0)
    HomesService(page.desk.ctx).retire(first.id, on=date(2026, 3, 1), expected_version=first.version)
    page.desk.announce(_homes_changed())
    _settle(qtbot, page)
    assert first.name not in [page.home_model.row_at(i).name for i in range(page.home_model.rowCount())]
    page.show_retired.setCurrentIndex(1)
    names = [page.home_model.row_at(i).name for i in range(page.home_model.rowCount())]
    page.home_table.selectRow(names.index(first.name))
    assert page.home_retire.text() == "恢复"
    retired = page.selected_home()
    reinstate_home(page.desk, parent=page, row=retired, ask=False)
    _settle(qtbot, page)
    page.home_table.selectRow([page.home_model.row_at(i).name for i in range(page.home_model.rowCount())]
                              .index(first.name))
    assert page.home_retire.text() == "撤销"
    with sqlite3.connect(page.desk.ctx.data.root / "cppcc-desk.sqlite3") as db:
        assert db.execute("SELECT active, retired_date FROM homes WHERE id = ?", (first.id,)).fetchone() == (1, None)


def _homes_changed():
    from desktop_app.services.changes import Changes

    return Changes(homes=True)


def test_refused_form_shows_the_reason_and_stays_open(page, qtbot):
    page.add_button.click()
    form = page.activity_form
    form.buttons.accepted.emit()  # no title
    qtbot.waitUntil(lambda: bool(top_boxes("errorBox")), timeout=TASK_TIMEOUT_MS)
    assert "活动名称" in top_boxes("errorBox")[0].text() and form.isVisible()
    for box in top_boxes("errorBox"):
        box.close()
    form.title.setText("新年座谈会")
    form.buttons.accepted.emit()
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=TASK_TIMEOUT_MS)
    _settle(qtbot, page)
    assert any(page.model.row_at(i).title == "新年座谈会" for i in range(page.model.rowCount()))


def test_member_page_shows_the_members_activities(desk, qtbot):
    from desktop_app.services.participation import member_participation
    from desktop_app.ui.pages.members_page import MembersPage
    from tests.ui.helpers import wait_loaded

    fill_demo_members(desk)
    page = MembersPage(desk)
    qtbot.addWidget(page)
    page.show()
    wait_loaded(qtbot, page)
    member = page.model.row_at(0)
    page.select_member(member.id)
    page.participation_button.click()
    qtbot.waitUntil(lambda: getattr(page, "participation_dialog", None) is not None, timeout=TASK_TIMEOUT_MS)
    dialog = page.participation_dialog
    expected = member_participation(desk.ctx, member.id)
    assert dialog.activities.model().rowCount() == len(expected.activities) > 0
    assert f"出席 {expected.present} 次" in _summary(dialog)
    wait_idle(qtbot, desk)


def _summary(dialog) -> str:
    from PySide6.QtWidgets import QLabel

    return dialog.findChild(QLabel, "participationSummary").text()


def test_pages_are_in_the_main_window(desk, qtbot):
    from desktop_app.ui.main_window import PAGES, MainWindow

    titles = [title for title, _ in PAGES]
    assert "委员之家" in titles and "有事来商量" in titles
    window = MainWindow(desk)
    qtbot.addWidget(window)
    window.show()
    window.show_page("委员之家")
    window.show_page("有事来商量")
    assert type(window.page_of("委员之家")).__name__ == "HomesPage"
    assert type(window.page_of("有事来商量")).__name__ == "ConsultationsPage"
    wait_idle(qtbot, desk)


def test_ledger_import_and_export_through_the_page(desk, qtbot, tmp_path):
    from openpyxl import load_workbook

    from desktop_app.ui.operations.homes import export_activities, import_activities
    from desktop_app.ui.pages.homes_page import HomesPage
    from tests.conftest import sample
    from tests.homes_support import add_members, roster_names

    add_members(desk.ctx, roster_names())
    page = HomesPage(desk)
    qtbot.addWidget(page)
    page.show()
    _settle(qtbot, page)
    seen = []
    import_activities(desk, parent=page, path=sample("activities_2025.xlsx"),
                      confirm=lambda preview: seen.append(preview) or True)
    qtbot.waitUntil(lambda: page.model.rowCount() == 402, timeout=TASK_TIMEOUT_MS)
    assert seen[0].new == 402 and len(seen[0].new_names("委员之家")) == 25
    _settle(qtbot, page)
    assert page.home_model.rowCount() == 25
    out = tmp_path / "导出" / "活动台账.xlsx"
    export_activities(desk, parent=page, year=2025, path=out)
    qtbot.waitUntil(lambda: out.exists(), timeout=TASK_TIMEOUT_MS)
    wait_idle(qtbot, desk)
    assert load_workbook(out).active.max_row == 402 + 2
    # the same sentence as the command line's: the count, what was exported, the file
    def exported() -> list[str]:
        return [box.text() for box in top_boxes("infoBox") if box.text().startswith("已导出")]

    qtbot.waitUntil(lambda: bool(exported()), timeout=TASK_TIMEOUT_MS)
    assert exported() == [f"已导出 402 次活动到“{out}”。"]
    for box in top_boxes("infoBox"):
        box.close()


def test_a_quarter_or_a_month_of_the_chosen_year(page, qtbot):
    from datetime import date

    year = date.today().year - 1  # the demo fills the whole of last year
    assert not page.year_part.isEnabled()  # 年份：全部
    page.year.setCurrentIndex(page.year.findData(year))
    _settle(qtbot, page)
    assert page.year_part.isEnabled()
    whole_year = page.model.rowCount()
    page.year_part.setCurrentIndex(page.year_part.findText("第二季度"))
    _settle(qtbot, page)
    quarter = [page.model.row_at(i).held_on for i in range(page.model.rowCount())]
    assert quarter and all(date(year, 4, 1) <= d <= date(year, 6, 30) for d in quarter)
    page.year_part.setCurrentIndex(page.year_part.findText("12月"))
    _settle(qtbot, page)
    december = [page.model.row_at(i).held_on for i in range(page.model.rowCount())]
    assert december and all(date(year, 12, 1) <= d <= date(year, 12, 31) for d in december)
    assert len(quarter) + len(december) < whole_year
