"""When the database changed between the preview and the import, the window says how and offers the new plan."""
from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from tests.ui.helpers import TASK_TIMEOUT_MS, wait_idle, wait_loaded


def _roster(path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "性别", "出生年月", "工作单位"])
    sheet.append(["王建国", "男", "1968.05", "县教育局"])
    sheet.append(["李秀英", "女", "1975.11", "县人民医院"])
    sheet.append(["赵志强", "男", "1982.02", "县农业农村局"])
    book.save(path)
    return path


@pytest.fixture
def page(desk, qtbot):
    from desktop_app.ui.pages.members_page import MembersPage

    page = MembersPage(desk)
    qtbot.addWidget(page)
    page.show()
    wait_loaded(qtbot, page)
    return page


def test_the_wizard_shows_the_difference_and_imports_the_new_plan(page, qtbot, desk, tmp_path):
    from desktop_app.services.members import MemberInput, MembersService

    path = _roster(tmp_path / "名单.xlsx")
    page.import_button.click()
    wizard = page.import_wizard
    wizard.file_page.choose(path)
    qtbot.waitUntil(wizard.file_page.isComplete, timeout=TASK_TIMEOUT_MS)
    wizard.next()
    wizard.next()
    qtbot.waitUntil(wizard.report_page.isComplete, timeout=TASK_TIMEOUT_MS)
    assert "新增 3 人" in wizard.report_page.counts.text()
    MembersService(desk.ctx).add(MemberInput(name="李秀英", gender="女", birth_year=1975, birth_month=11,
                                             work_unit="县人民医院"))  # someone else, meanwhile
    wizard.next()
    importing = wizard.import_page
    qtbot.waitUntil(lambda: not importing.running, timeout=TASK_TIMEOUT_MS)
    assert wizard.result is None
    assert "导入前数据库已被修改：第3行“李秀英”原为新增，现为无变化。" in importing.text.text()
    assert "新的预览：新增 2 人" in importing.text.text()
    assert importing.replan_button.isVisibleTo(importing)
    assert MembersService(desk.ctx).count() == 1
    importing.replan_button.click()
    qtbot.waitUntil(lambda: wizard.currentId() == wizard.PAGE_SUMMARY, timeout=TASK_TIMEOUT_MS)
    assert (wizard.result.created, wizard.result.unchanged) == (2, 1)
    assert MembersService(desk.ctx).count() == 3
    wizard.accept()
    wait_idle(qtbot, desk)


def test_the_ledger_prompt_asks_again_with_the_new_plan(desk, qtbot, tmp_path):
    from PySide6.QtWidgets import QWidget

    from desktop_app.services.activities import ActivitiesService, ActivityInput
    from desktop_app.ui.operations.homes import import_activities

    path = tmp_path / "活动台账.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["日期", "活动类型", "活动名称", "地点"])
    sheet.append([date(2025, 3, 1), "理论学习", "春季学习", "会议室"])
    sheet.append([date(2025, 4, 1), "读书活动", "读书会", "图书室"])
    book.save(path)
    parent = QWidget()
    qtbot.addWidget(parent)
    seen = []

    def confirm(plan) -> bool:
        seen.append(plan)
        if len(seen) == 1:  # between this preview and the import, someone enters the reading club by hand
            ActivitiesService(desk.ctx).add(ActivityInput(held_on=date(2025, 4, 1), kind="读书活动", title="读书会",
                                                          place="图书室"))
        return True

    import_activities(desk, parent=parent, path=path, confirm=confirm)
    qtbot.waitUntil(lambda: len(seen) == 2 and desk.tasks.is_idle(), timeout=TASK_TIMEOUT_MS)
    wait_idle(qtbot, desk)
    assert (seen[0].new, seen[0].unchanged) == (2, 0)
    assert (seen[1].new, seen[1].unchanged) == (1, 1)  # the new plan, asked about again
    qtbot.waitUntil(lambda: len(ActivitiesService(desk.ctx).list_rows()) == 2, timeout=TASK_TIMEOUT_MS)


def test_the_wizard_names_a_two_row_header(page, qtbot, desk, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["序号", "姓名", "基本情况", None, "工作单位"])
    sheet.append([None, None, "性别", "出生年月", None])
    sheet.append([1, "王建国", "男", "1968.05", "县教育局"])
    for column in "ABE":
        sheet.merge_cells(f"{column}1:{column}2")
    sheet.merge_cells("C1:D1")
    path = tmp_path / "两行表头.xlsx"
    book.save(path)
    page.import_button.click()
    wizard = page.import_wizard
    wizard.file_page.choose(path)
    qtbot.waitUntil(wizard.file_page.isComplete, timeout=TASK_TIMEOUT_MS)
    assert "表头在第 1、2 行（两行表头）" in wizard.file_page.status.text()
    wizard.next()
    assert wizard.mapping_page.current_mapping() == {"序号": "seq", "姓名": "name", "性别": "gender",
                                                     "出生年月": "birth", "工作单位": "work_unit"}
    assert wizard.mapping_page.preview_table.item(0, 1).text() == "王建国"  # the first row under the header
    wizard.reject()
    wait_idle(qtbot, desk)
