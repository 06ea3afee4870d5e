"""The 基础资料 page over a real database: sessions with opening dates, units merged, organizations added."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate

from tests.ui.helpers import TASK_TIMEOUT_MS, top_boxes, wait_loaded


@pytest.fixture
def page(desk, qtbot):
    from desktop_app.ui.pages.registry_page import RegistryPage

    page = RegistryPage(desk)
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    wait_loaded(qtbot, page)
    return page


def _save(qtbot, page, form) -> None:
    form.buttons.accepted.emit()
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=TASK_TIMEOUT_MS)
    wait_loaded(qtbot, page)


def _names(model) -> list[str]:
    return [model.row_at(i).name for i in range(model.rowCount())]


def test_session_added_with_its_opening_date_makes_the_session_period_work(page, qtbot):
    from desktop_app.domain.errors import NotFound
    from desktop_app.services.periods import session_period

    with pytest.raises(NotFound):
        session_period(page.desk.ctx, "14-4")
    page.add_session_button.click()
    form = page.session_form
    form.term.setValue(14)
    form.number.setValue(4)
    assert form.opening.known.isChecked()
    form.opening.edit.setDate(QDate(2025, 1, 8))
    _save(qtbot, page, form)

    assert page.session_model.rowCount() == 1
    row = page.session_model.row_at(0)
    assert [page.session_model.data(page.session_model.index(0, c)) for c in range(4)] == [
        "第十四届", "第四次", "十四届四次会议", "2025-01-08"]
    period = session_period(page.desk.ctx, "14-4")
    assert period.start == date(2025, 1, 8)
    assert "第十四届" in page.terms_label.text()

    # the next session is suggested, and a later opening date closes the earlier period
    page.add_session_button.click()
    form = page.session_form
    assert (form.term.value(), form.number.value()) == (14, 5)
    form.opening.edit.setDate(QDate(2026, 1, 10))
    _save(qtbot, page, form)
    assert session_period(page.desk.ctx, "14-4").end == date(2026, 1, 9)

    # 修改开幕日期 of 14-4
    page.session_table.selectRow(page.session_model.row_of(row.id))
    page.opening_button.click()
    form = page.opening_form
    form.opening.edit.setDate(QDate(2025, 1, 12))
    _save(qtbot, page, form)
    assert session_period(page.desk.ctx, "14-4").start == date(2025, 1, 12)


def test_two_units_added_then_one_merged_into_the_other(page, qtbot):
    from desktop_app.services.organizations import OrganizationService

    page.tabs.setCurrentIndex(1)
    for name, person in (("县教育局", "王明"), ("县教体局", None)):
        page.unit_add.click()
        form = page.unit_form
        form.name.setText(name)
        form.kind.setEditText("政府部门")
        if person:
            form.contact_person.setText(person)
            form.contact_phone.setText("0351-1234567")
        _save(qtbot, page, form)
    assert sorted(_names(page.unit_model)) == sorted(["县教育局", "县教体局"])

    page.unit_table.selectRow(_names(page.unit_model).index("县教体局"))
    page.unit_merge.click()
    form = page.merge_form
    assert "提案" in form.findChild(type(page.terms_label), "mergeExplanation").text()
    form.keep.setCurrentIndex(form.keep.findText("县教育局"))
    _save(qtbot, page, form)

    service = OrganizationService(page.desk.ctx)
    assert [u.name for u in service.units()] == ["县教育局"]
    merged = next(u for u in service.units(include_inactive=True) if u.name == "县教体局")
    survivor = next(u for u in service.units() if u.name == "县教育局")
    assert merged.merged_into_id == survivor.id and not merged.active
    assert survivor.contact_person == "王明" and survivor.kind == "政府部门"
    assert _names(page.unit_model) == ["县教育局"]
    page.unit_shown.setCurrentIndex(1)
    statuses = {page.unit_model.row_at(i).name: page.unit_model.data(page.unit_model.index(i, 4))
                for i in range(page.unit_model.rowCount())}
    assert statuses == {"县教育局": "在用", "县教体局": "已合并到“县教育局”"}


def test_organization_added_with_its_kind(page, qtbot):
    from desktop_app.domain.enums import OrganizationKind
    from desktop_app.services.organizations import OrganizationService

    page.tabs.setCurrentIndex(2)
    page.org_add.click()
    form = page.organization_form
    form.name.setText("民革县支部")
    form.kind.setCurrentIndex(form.kind.findData(OrganizationKind.PARTY.value))
    _save(qtbot, page, form)
    rows = OrganizationService(page.desk.ctx).organizations()
    assert [(o.name, o.kind) for o in rows] == [("民革县支部", "party")]
    assert page.org_model.data(page.org_model.index(0, 1)) == OrganizationKind.PARTY.label


def test_empty_name_is_refused_with_a_message_and_nothing_written(page, qtbot):
    from desktop_app.services.organizations import OrganizationService

    page.tabs.setCurrentIndex(1)
    page.unit_add.click()
    form = page.unit_form
    form.name.setText("   ")
    form.buttons.accepted.emit()
    qtbot.waitUntil(lambda: bool(top_boxes("errorBox")), timeout=TASK_TIMEOUT_MS)
    assert top_boxes("errorBox")[0].text() == "请填写承办单位名称。"
    assert form.isVisible()
    for box in top_boxes("errorBox"):
        box.close()
    form.reject()
    wait_loaded(qtbot, page)
    assert OrganizationService(page.desk.ctx).units(include_inactive=True) == []
    assert page.unit_model.rowCount() == 0


def test_merge_without_choosing_the_survivor_is_refused(page, qtbot):
    from desktop_app.services.organizations import OrganizationService

    service = OrganizationService(page.desk.ctx)
    service.add_organization(name="县工商联")
    page.reload()
    wait_loaded(qtbot, page)
    page.tabs.setCurrentIndex(2)
    page.org_table.selectRow(0)
    page.org_merge.click()
    form = page.merge_form
    assert form.keep.count() == 1  # only the prompt: nothing else to keep
    form.buttons.accepted.emit()
    qtbot.waitUntil(lambda: bool(top_boxes("errorBox")), timeout=TASK_TIMEOUT_MS)
    assert "请选择要保留的单位" in top_boxes("errorBox")[0].text()
    for box in top_boxes("errorBox"):
        box.close()
    form.reject()
    assert [o.name for o in service.organizations()] == ["县工商联"]


def test_unit_and_organization_edited_and_page_follows_writes_made_elsewhere(page, qtbot):
    from desktop_app.services.organizations import OrganizationService

    service = OrganizationService(page.desk.ctx)
    service.add_unit(name="县财政局")
    changes = service.add_organization(name="县妇联", kind="peoples_organization")
    page.desk.announce(changes)  # another page's write: this page reloads
    qtbot.waitUntil(lambda: page.unit_model.rowCount() == 1 and page.org_model.rowCount() == 1,
                    timeout=TASK_TIMEOUT_MS)

    page.tabs.setCurrentIndex(1)
    page.unit_table.selectRow(0)
    page.unit_edit.click()
    form = page.unit_form
    assert form.name.text() == "县财政局"
    form.contact_phone.setText("13800000000")
    form.active.setChecked(False)
    _save(qtbot, page, form)
    unit = service.units(include_inactive=True)[0]
    assert (unit.contact_phone, unit.active) == ("13800000000", False)
    assert page.unit_model.rowCount() == 0  # retired units are hidden unless asked for
    page.unit_shown.setCurrentIndex(1)
    assert page.unit_model.data(page.unit_model.index(0, 4)) == "停用"

    page.tabs.setCurrentIndex(2)
    page.org_table.selectRow(0)
    page.org_edit.click()
    form = page.organization_form
    form.name.setText("县妇女联合会")
    _save(qtbot, page, form)
    assert [(o.name, o.kind) for o in service.organizations()] == [("县妇女联合会", "peoples_organization")]


def test_the_window_lists_the_page_before_settings(make_desk, qtbot):
    from desktop_app.ui.main_window import PAGES, MainWindow
    from desktop_app.ui.pages.registry_page import RegistryPage

    titles = [title for title, _ in PAGES]
    assert titles.index("基础资料") == titles.index("设置") - 1
    window = MainWindow(make_desk())
    qtbot.addWidget(window)
    window.show_page("基础资料")
    assert isinstance(window.page_of("基础资料"), RegistryPage)
    wait_loaded(qtbot, window.page_of("基础资料"))


def test_term_added_then_its_dates_set_and_a_wrong_order_refused(page, qtbot):
    from desktop_app.services.terms import TermService

    assert not page.term_dates_button.isEnabled()
    page.add_term_button.click()
    form = page.term_form
    assert form.number.value() == 1
    form.number.setValue(14)
    _save(qtbot, page, form)
    assert [t.number for t in TermService(page.desk.ctx).terms()] == [14]
    assert page.term_dates_button.isEnabled() and "第十四届" in page.terms_label.text()

    page.term_dates_button.click()
    form = page.term_dates_form
    form.start.known.setChecked(True)
    form.start.edit.setDate(QDate(2021, 12, 20))
    form.end.known.setChecked(True)
    form.end.edit.setDate(QDate(2021, 1, 1))
    form.buttons.accepted.emit()
    qtbot.waitUntil(lambda: bool(top_boxes("errorBox")), timeout=TASK_TIMEOUT_MS)
    assert "早于开始日期" in top_boxes("errorBox")[0].text() and form.isVisible()
    for box in top_boxes("errorBox"):
        box.close()
    form.end.known.setChecked(False)
    _save(qtbot, page, form)
    term = TermService(page.desk.ctx).terms()[0]
    assert (term.start_date, term.end_date) == (date(2021, 12, 20), None)
    assert "2021-12-20 至 今" in page.terms_label.text()
