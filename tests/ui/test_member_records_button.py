"""导出履职档案 on the 委员 page: the year and folder asked in a dialog, all members in office or the selected ones,
written in the background; the status bar says how many and where."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QMainWindow

from tests.member_records_support import build_world, paragraphs
from tests.ui.helpers import TASK_TIMEOUT_MS, wait_idle, wait_loaded


@pytest.fixture
def window(desk, qtbot, tmp_path):
    from desktop_app.ui.pages.members_page import MembersPage

    build_world(desk.ctx, tmp_path)
    page = MembersPage(desk)
    window = QMainWindow()
    window.setCentralWidget(page)
    qtbot.addWidget(window)
    window.resize(1200, 600)
    window.show()
    wait_loaded(qtbot, page)
    return window


def _select(page, names: list[str]) -> None:
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    page.table.clearSelection()
    for row in range(page.model.rowCount()):
        member = page.model.row_at(row)
        if (member.name, member.birth_year) in names or member.name in names:
            page.table.selectionModel().select(page.model.index(row, 0), flags)


def _export(qtbot, window, dialog, folder, year=2025) -> None:
    dialog.year.setCurrentIndex(dialog.year.findData(year))
    dialog.folder.setText(str(folder))
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() != "", timeout=TASK_TIMEOUT_MS)


def test_all_members_in_office_when_nothing_is_selected(window, qtbot, tmp_path):
    page = window.centralWidget()
    assert page.records_button.isEnabled() and page.model.rowCount() == 4  # 张伟 has left
    dialog = page.open_records_dialog()
    assert dialog.year.currentData() == date.today().year
    assert dialog.folder.text() == str(page.desk.data_dir / "exports" / f"委员履职档案（{date.today().year}年度）")
    dialog.year.setCurrentIndex(dialog.year.findData(2025))
    assert dialog.folder.text().endswith("委员履职档案（2025年度）")  # follows the year until the user edits it
    assert dialog.all_members.isChecked() and not dialog.selected_members.isEnabled()
    folder = tmp_path / "导出" / "2025"
    _export(qtbot, window, dialog, folder)
    wait_idle(qtbot, page.desk)
    assert window.statusBar().currentMessage() == f"已生成2025年度委员履职档案 4 份，保存在“{folder}”。"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["李强.docx", "王芳（1975年3月）.docx", "王芳（1982年7月）.docx", "赵敏.docx"])


def test_only_the_selected_members(window, qtbot, tmp_path):
    page = window.centralWidget()
    _select(page, ["李强", "赵敏"])
    assert len(page.selected_rows()) == 2
    assert not page.edit_button.isEnabled()  # editing takes one member
    dialog = page.open_records_dialog()
    assert dialog.selected_members.isChecked() and "2 名委员（李强、赵敏）" in dialog.selected_members.text()
    folder = tmp_path / "所选"
    _export(qtbot, window, dialog, folder)
    wait_idle(qtbot, page.desk)
    assert window.statusBar().currentMessage() == f"已生成2025年度委员履职档案 2 份，保存在“{folder}”。"
    assert sorted(p.name for p in folder.iterdir()) == ["李强.docx", "赵敏.docx"]
    assert "（2025年度）" in paragraphs(folder / "李强.docx")


def test_the_selection_can_be_left_for_all(window, qtbot, tmp_path):
    page = window.centralWidget()
    _select(page, ["李强"])
    assert page.edit_button.isEnabled()
    dialog = page.open_records_dialog()
    dialog.all_members.setChecked(True)
    _export(qtbot, window, dialog, tmp_path / "全部")
    wait_idle(qtbot, page.desk)
    assert len(list((tmp_path / "全部").iterdir())) == 4


def test_cancel_stops_between_members_and_says_what_is_kept(window, qtbot, tmp_path):
    from desktop_app.ui.operations.members import export_records
    from tests.ui.helpers import top_boxes

    page = window.centralWidget()
    folder = tmp_path / "取消"
    task = export_records(page.desk, parent=page, year=2025, folder=folder)
    task.cancel()  # as the progress dialog's 取消 does
    qtbot.waitUntil(lambda: bool(top_boxes("errorBox")), timeout=TASK_TIMEOUT_MS)
    box = top_boxes("errorBox")[0]
    written = len(list(folder.iterdir())) if folder.exists() else 0
    assert box.windowTitle() == "已取消" and written < 4
    assert box.text() == f"已取消：已生成的 {written} 份履职档案保留在“{folder}”中，其余未生成。"
    box.accept()
    assert window.statusBar().currentMessage() == ""
