"""导入台账 / 导出台账 on the 提案 page: the sample ledger into the session chosen in the filter, and back out."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.conftest import sample
from tests.ui.helpers import TASK_TIMEOUT_MS, top_dialogs


@pytest.fixture
def page(desk, qtbot):
    from desktop_app.services.ledgers.members import member_importer
    from desktop_app.services.terms import TermService
    from desktop_app.ui.main_window import MainWindow

    member_importer(desk.ctx).import_file(sample("roster_messy.xlsx"))
    TermService(desk.ctx).add_session(term=14, number=3, opening_date=date(2024, 1, 8))
    window = MainWindow(desk)
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.show()
    window.show_page("提案")
    page = window.page_of("提案")
    qtbot.waitUntil(lambda: desk.tasks.is_idle() and not page._loading and page.session_combo.count() > 1,
                    timeout=TASK_TIMEOUT_MS)
    page.session_combo.setCurrentIndex(page.session_combo.findText("十四届三次"))
    return page


def _wait_rows(qtbot, page, rows: int) -> None:
    # every row the list holds, fetched or not (it fetches 200 at a time as it scrolls)
    qtbot.waitUntil(lambda: page.desk.tasks.is_idle() and not page._loading and page.model.total == rows,
                    timeout=TASK_TIMEOUT_MS)


def _close_info(qtbot) -> str:
    qtbot.waitUntil(lambda: any(b.isVisible() for b in _infos()), timeout=TASK_TIMEOUT_MS)
    box = next(b for b in _infos() if b.isVisible())
    text = box.text()
    box.done(0)
    return text


def _infos():
    from PySide6.QtWidgets import QApplication

    return [w for w in QApplication.topLevelWidgets() + [c for p in QApplication.topLevelWidgets()
            for c in p.findChildren(QMessageBox)] if isinstance(w, QMessageBox)]


def test_the_sample_ledger_imports_after_its_preview_and_exports_unchanged(page, qtbot, tmp_path):
    from desktop_app.services.ledgers.pipeline import ImportOptions
    from desktop_app.services.ledgers.proposals import proposal_importer

    previews = []
    page._on_import_clicked(path=sample("proposal_ledger.xlsx"), confirm=lambda plan: previews.append(plan) or True)
    _wait_rows(qtbot, page, 461)
    assert previews and "归入十四届三次会议。" in previews[0].notes and previews[0].new == 461
    assert "已导入新增461件" in _close_info(qtbot)

    out = tmp_path / "导出" / "提案台账.xlsx"
    page._on_export_clicked(path=out)
    assert "已导出 461 件提案" in _close_info(qtbot)
    again = proposal_importer(page.desk.ctx).plan(out, ImportOptions(session_code="14-3"))
    assert (again.new, again.updated, again.unchanged) == (0, 0, 461)


def test_the_preview_box_imports_nothing_until_the_user_says_so(page, qtbot):
    page._on_import_clicked(path=sample("proposal_ledger.xlsx"))
    qtbot.waitUntil(lambda: bool(top_dialogs("importPreview")), timeout=TASK_TIMEOUT_MS)
    preview = top_dialogs("importPreview")[0]
    assert "将导入新增461件" in preview.summary.text() and "十四届三次会议" in preview.details.toPlainText()
    assert preview.lists.tabText(1) == "将新增（461）" and preview.lists.currentWidget() is preview.lists.new_table
    assert preview.import_button.text() == "导入"
    preview.cancel_button.click()
    qtbot.waitUntil(page.desk.tasks.is_idle, timeout=TASK_TIMEOUT_MS)
    assert page.model.rowCount() == 0

    page._on_import_clicked(path=sample("proposal_ledger.xlsx"))
    qtbot.waitUntil(lambda: bool(top_dialogs("importPreview")), timeout=TASK_TIMEOUT_MS)
    top_dialogs("importPreview")[0].import_button.click()
    _wait_rows(qtbot, page, 461)
