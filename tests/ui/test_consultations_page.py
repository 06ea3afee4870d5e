"""The 有事来商量 page over a real database: the sample ledger, filters, follow-up panel, links, coverage."""
from __future__ import annotations

import pytest

from tests.conftest import sample
from tests.ui.helpers import TASK_TIMEOUT_MS


def _settle(qtbot, page):
    qtbot.waitUntil(lambda: not page._loading and page.desk.tasks.is_idle(), timeout=TASK_TIMEOUT_MS)


@pytest.fixture
def page(desk, qtbot):
    from desktop_app.services.ledgers.consultations import consultation_importer
    from desktop_app.services.settings import OfficeSettings, SettingsService
    from desktop_app.ui.pages.consultations_page import ConsultationsPage
    from tests.homes_support import add_members, roster_names

    SettingsService(desk.ctx).save_office(OfficeSettings(county="黎城县", committee_name="政协黎城县委员会",
                                                         current_term=14, current_session=4))
    add_members(desk.ctx, roster_names())
    consultation_importer(desk.ctx).import_file(sample("consultations_2025.xlsx"))
    page = ConsultationsPage(desk)
    qtbot.addWidget(page)
    page.resize(1300, 700)
    page.show()
    _settle(qtbot, page)
    return page


def test_lists_filters_and_the_follow_up_panel(page, qtbot):
    assert page.model.rowCount() == 219 and page.platform_model.rowCount() == 41
    assert page.pending_model.rowCount() == 219 - 68  # 68 rows of the sample are 已落实
    page.status_combo.setCurrentIndex(page.status_combo.findData("done"))
    _settle(qtbot, page)
    assert page.model.rowCount() == 68
    page.status_combo.setCurrentIndex(0)
    page.township_combo.setCurrentIndex(page.township_combo.findData("古韩镇"))
    page.source_combo.setCurrentIndex(page.source_combo.findData("党政点题"))
    _settle(qtbot, page)
    rows = [page.model.row_at(i) for i in range(page.model.rowCount())]
    assert rows and all(r.township == "古韩镇" and r.topic_source == "党政点题" for r in rows)


def test_follow_up_from_the_panel_moves_it_out(page, qtbot):
    before = page.pending_model.rowCount()
    page.tabs.setCurrentIndex(1)
    page.pending_table.selectRow(0)
    topic = page.pending_model.row_at(0).topic
    page.pending_follow.click()
    dialog = page.follow_up_dialog
    assert topic in dialog.windowTitle()
    dialog.status.setCurrentIndex(dialog.status.findData("done"))
    dialog.note.setPlainText("已完工")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=TASK_TIMEOUT_MS)
    _settle(qtbot, page)
    assert page.pending_model.rowCount() == before - 1


def test_turned_into_a_proposal_shows_the_link_on_both_sides(page, qtbot):
    from desktop_app.ui.operations.consultations import turn_into_proposal

    page.table.selectRow(0)
    row = page.selected()
    made = []
    turn_into_proposal(page.desk, parent=page, row=row, ask=False, on_done=made.append)
    qtbot.waitUntil(lambda: bool(made), timeout=TASK_TIMEOUT_MS)
    _settle(qtbot, page)
    assert page.select_consultation(row.id)
    qtbot.waitUntil(lambda: "已转为提案" in page.detail.toPlainText(), timeout=TASK_TIMEOUT_MS)
    assert f"关于{row.topic}的建议" in page.detail.toPlainText()
    assert not page.proposal_button.isEnabled() and page.opinion_button.isEnabled()
    assert page.model.row_at(page.model.row_of(row.id)).proposal_id == made[0]
    with page.desk.ctx.uow() as s:
        from db.models import Proposal

        assert s.get(Proposal, made[0]).source_consultation_id == row.id


def test_village_total_gives_coverage(page, qtbot):
    page.tabs.setCurrentIndex(2)
    page.village_total.setValue(82)
    page.village_save.click()
    qtbot.waitUntil(lambda: "覆盖率 50%" in page.coverage_label.text(), timeout=TASK_TIMEOUT_MS)
    assert "已覆盖 41 个" in page.coverage_label.text()


def test_new_consultation_through_the_form_with_members_typed_by_name(page, qtbot):
    from tests.homes_support import roster_names
    from tests.ui.helpers import top_boxes

    names = roster_names()
    page.add_button.click()
    qtbot.waitUntil(lambda: getattr(page, "consultation_form", None) is not None, timeout=TASK_TIMEOUT_MS)
    form = page.consultation_form
    form.topic.setText("冬季供暖")
    form.members.setText(f"{names[0]}、查无此人")
    form.buttons.accepted.emit()
    qtbot.waitUntil(lambda: bool(top_boxes("errorBox")), timeout=TASK_TIMEOUT_MS)
    assert "查无此人" in top_boxes("errorBox")[0].text() and form.isVisible()
    for box in top_boxes("errorBox"):
        box.close()
    form.members.setText(f"{names[0]}，{names[1]}")
    form.suggestions.setValue(3)
    form.buttons.accepted.emit()
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=TASK_TIMEOUT_MS)
    _settle(qtbot, page)
    row = next(page.model.row_at(i) for i in range(page.model.rowCount()) if page.model.row_at(i).topic == "冬季供暖")
    assert (row.members, row.suggestions_count, row.follow_up_label) == (2, 3, "未落实")
