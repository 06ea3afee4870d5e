"""导入预览 of a ledger: every problem listed, the dialog within the screen, the problem list exported, and the
rows without problems imported only when the user says so."""
from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from PySide6.QtCore import Qt
from python_calamine import CalamineWorkbook

from tests.ui.helpers import TASK_TIMEOUT_MS, top_dialogs, wait_idle

GOOD, BAD = 3, 30  # activities with a date, and with a "date" no calendar has


@pytest.fixture
def ledger(tmp_path):
    path = tmp_path / "输入文件" / "活动台账.xlsx"
    path.parent.mkdir()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["日期", "活动类型", "活动名称", "地点"])
    for n in range(GOOD):
        sheet.append([date(2025, 3, 1 + n), "理论学习", f"春季学习{n + 1}", "会议室"])
    for n in range(BAD):
        sheet.append([f"2025年13月{n + 1}日", "读书活动", f"读书会{n + 1}", "图书室"])
    book.save(path)
    return path


def _preview(desk, qtbot, path):
    from PySide6.QtWidgets import QWidget

    from desktop_app.ui.operations.homes import import_activities

    parent = QWidget()
    qtbot.addWidget(parent)
    parent.resize(1366, 728)
    parent.show()
    import_activities(desk, parent=parent, path=path)
    qtbot.waitUntil(lambda: bool(top_dialogs("importPreview")), timeout=TASK_TIMEOUT_MS)
    return top_dialogs("importPreview")[0]


def test_every_problem_is_listed_and_the_dialog_stays_on_the_screen(desk, qtbot, ledger):
    preview = _preview(desk, qtbot, ledger)
    lists = preview.lists
    assert lists.currentWidget() is lists.problem_table  # the problems first
    assert [lists.tabText(i) for i in range(lists.count())] == [f"有问题的行（{BAD}）", f"将新增（{GOOD}）", "将更新（0）"]
    problems = lists.problem_table.model()
    assert [problems.index(r, 0).data() for r in range(problems.rowCount())] == [str(GOOD + 2 + n) for n in range(BAD)]
    assert problems.index(0, 1).data() == "读书会1" and problems.index(0, 2).data() == "日期"
    assert problems.headerData(1, Qt.Orientation.Horizontal) == "活动名称"  # the kind's own name for a row
    new = lists.new_table.model()
    assert [new.index(r, 1).data() for r in range(new.rowCount())] == ["春季学习1", "春季学习2", "春季学习3"]
    # 30 problems used to be 20 lines of a message box and "……另有 10 处"; the buttons stay within the screen
    area = preview.screen().availableGeometry()
    assert preview.frameGeometry().height() <= area.height()
    assert preview.import_button.text() == "只导入没有问题的行" and preview.import_button.isEnabled()
    assert preview.export_button.isVisibleTo(preview)
    preview.cancel_button.click()
    wait_idle(qtbot, desk)
    from desktop_app.services.activities import ActivitiesService

    assert ActivitiesService(desk.ctx).list_rows() == []


def test_the_problem_list_is_exported_and_the_good_rows_imported(desk, qtbot, ledger, tmp_path):
    preview = _preview(desk, qtbot, ledger)
    out = tmp_path / "问题清单.xlsx"
    task = preview.export_problems(out)
    qtbot.waitUntil(lambda: task.finished, timeout=TASK_TIMEOUT_MS)
    assert task.error is None
    sheet = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    problem_column = sheet[0].index("问题")
    flagged = [row[2] for row in sheet[1:] if row[problem_column]]
    assert flagged == [f"读书会{n + 1}" for n in range(BAD)]
    preview.import_button.click()
    wait_idle(qtbot, desk)
    from desktop_app.services.activities import ActivitiesService

    qtbot.waitUntil(lambda: len(ActivitiesService(desk.ctx).list_rows()) == GOOD, timeout=TASK_TIMEOUT_MS)
    assert sorted(row.title for row in ActivitiesService(desk.ctx).list_rows()) == ["春季学习1", "春季学习2", "春季学习3"]


def test_a_file_with_nothing_new_cannot_be_imported_again(desk, qtbot, tmp_path):
    path = tmp_path / "活动台账.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["日期", "活动类型", "活动名称", "地点"])
    book.active.append([date(2025, 3, 1), "理论学习", "春季学习", "会议室"])
    book.save(path)
    preview = _preview(desk, qtbot, path)
    preview.import_button.click()
    wait_idle(qtbot, desk)
    again = _preview(desk, qtbot, path)
    assert "无需导入" in again.hint.text() and not again.import_button.isEnabled()
    assert again.lists.currentWidget() is again.lists.problem_table and again.lists.tabText(1) == "将新增（0）"
    again.cancel_button.click()
