"""The settings page saves the office's settings and edits a vocabulary."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.helpers import TASK_TIMEOUT_MS, top_boxes, wait_idle


@pytest.fixture
def page(desk, qtbot):
    from desktop_app.ui.pages.settings_page import SettingsPage

    page = SettingsPage(desk)
    qtbot.addWidget(page)
    page.show()  # loads when first shown
    qtbot.waitUntil(lambda: page.office_box.isEnabled() and page.vocab_box.isEnabled(), timeout=TASK_TIMEOUT_MS)
    return page


def test_office_settings_are_saved(page, qtbot, desk):
    from desktop_app.services.settings import SettingsService

    page.county.setText("黎城县")
    page.committee.setText("政协黎城县委员会")
    page.term.setValue(15)
    page.session.setValue(3)
    page.reply_months.setValue(2)
    page.villages.setValue(214)
    page.font_set.setCurrentIndex(page.font_set.findData("windows"))
    page.save_office_button.click()
    qtbot.waitUntil(lambda: bool(top_boxes("infoBox")), timeout=TASK_TIMEOUT_MS)
    office = SettingsService(desk.ctx).office()
    assert (office.county, office.current_term, office.current_session) == ("黎城县", 15, 3)
    assert (office.reply_period_months, office.villages_and_communities, office.font_set) == (2, 214, "windows")
    wait_idle(qtbot, desk)


def test_missing_county_is_refused_with_a_sentence(page, qtbot, desk):
    page.county.setText("")
    page.save_office_button.click()
    qtbot.waitUntil(lambda: bool(top_boxes("errorBox")), timeout=TASK_TIMEOUT_MS)
    assert "县" in top_boxes("errorBox")[0].text()
    wait_idle(qtbot, desk)


def test_vocabulary_entry_added_reordered_deactivated_and_saved(page, qtbot, desk):
    from desktop_app.services.settings import SettingsService

    page.vocab_combo.setCurrentIndex(page.vocab_combo.findData("sector"))
    before = page.entries.rowCount()
    page.add_entry_button.click()
    row = page.entries.rowCount() - 1
    page.entries.item(row, 0).setText("新兴产业界")
    page.entries.item(row, 1).setText("新兴产业，新产业")
    page.entries.setCurrentCell(row, 0)
    page.up_button.click()
    page.entries.item(0, 2).setCheckState(Qt.CheckState.Unchecked)
    first_name = page.entries.item(0, 0).text()
    page.save_vocab_button.click()
    qtbot.waitUntil(lambda: bool(top_boxes("infoBox")), timeout=TASK_TIMEOUT_MS)
    vocab = SettingsService(desk.ctx).vocabularies()["sector"]
    names = [e.name for e in vocab.entries]
    assert len(names) == before + 1 and names[-2] == "新兴产业界"
    assert vocab.canonical("新产业") == "新兴产业界"
    assert first_name not in vocab.names  # deactivated: kept, but not offered
    wait_idle(qtbot, desk)


def test_font_note_names_the_missing_characters(page):
    from PySide6.QtWidgets import QLabel

    note = page.findChild(QLabel, "fontNote")
    assert all(ch in note.text() for ch in "堃喆玥昇赟旻垚祎瑄")


def test_the_page_says_which_years_of_holidays_the_working_days_know(page, qtbot, desk):
    note = page.calendar_note.text()
    assert "已有 2024、2025、2026 年的放假安排" in note and ".json" not in note
    (desk.ctx.data.root / "work_calendar.json").write_text("不是 JSON", encoding="utf-8")
    page.reload()
    qtbot.waitUntil(lambda: "有误" in page.calendar_note.text(), timeout=TASK_TIMEOUT_MS)
    assert page.calendar_note.text().endswith("请改正或删除该文件。")
    wait_idle(qtbot, desk)
