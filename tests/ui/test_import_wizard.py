"""The import wizard driven like a person would: file → mapping → report → import → summary."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from python_calamine import CalamineWorkbook

from tests.ui.helpers import wait_loaded, TASK_TIMEOUT_MS, wait_idle


@pytest.fixture
def page(desk, qtbot):
    from desktop_app.ui.pages.members_page import MembersPage

    page = MembersPage(desk)
    qtbot.addWidget(page)
    page.show()
    wait_loaded(qtbot, page)  # a page made on an open store loads itself
    return page


def _open_wizard(page, qtbot, path):
    page.import_button.click()
    wizard = page.import_wizard
    wizard.file_page.path_edit.setText(str(path))
    wizard.file_page.path_edit.editingFinished.emit()
    qtbot.waitUntil(wizard.file_page.isComplete, timeout=TASK_TIMEOUT_MS)
    return wizard


def test_messy_roster_imported_through_every_page(page, qtbot, desk, sample_copy):
    wizard = _open_wizard(page, qtbot, sample_copy("roster_messy.xlsx"))
    assert "表头在第 3 行" in wizard.file_page.status.text()
    wizard.next()
    mapping = wizard.mapping_page
    assert wizard.currentId() == wizard.PAGE_MAPPING
    assert mapping.header_spin.value() == 3 and mapping.sheet_combo.currentText() == "委员名单"
    assert mapping.current_mapping()["公民身份号码"] == "id_number"
    assert mapping.preview_table.rowCount() > 0 and mapping.preview_table.columnCount() == 13
    mapping.set_mapping("姓名", None)
    assert not mapping.isComplete() and "姓名" in mapping.missing_label.text()
    mapping.set_mapping("姓名", "name")
    mapping.save_mapping.setChecked(True)
    assert mapping.isComplete()
    wizard.next()
    report = wizard.report_page
    qtbot.waitUntil(report.isComplete, timeout=TASK_TIMEOUT_MS)
    assert "新增 180 人" in report.counts.text() and "有问题 0 行" in report.counts.text()
    assert report.problem_table.model().rowCount() == 0 and not report.skip_invalid.isVisibleTo(report)
    # nothing to correct and no stored member to change: the page opens on the members it will add, by name
    assert report.tabs.currentWidget() is report.new_table
    assert [report.tabs.tabText(i) for i in range(report.tabs.count())] == [
        "有问题的行（0）", "将新增的委员（180）", "将更新的委员（0）"]
    assert report.new_table.model().rowCount() == 180
    # the sheet's row 4 is its first member, written "卢\u3000兰" (an ideographic space inside the name)
    assert (report.new_table.model().index(0, 0).data(), report.new_table.model().index(0, 1).data()) == ("4", "卢兰")
    assert report.new_table.model().index(179, 0).data() == "184"  # 侯杰, the 180th (the blank row 61 is passed over)
    with qtbot.waitSignal(page.sig_filled, timeout=TASK_TIMEOUT_MS):
        wizard.next()  # the import runs; the page refreshes when it is done
        qtbot.waitUntil(lambda: wizard.currentId() == wizard.PAGE_SUMMARY, timeout=TASK_TIMEOUT_MS)
    assert wizard.result.created == 180
    text = wizard.summary_page.summary.text()
    assert "新增 180 人" in text and "备份" in text and str(wizard.result.backup) in text
    assert wizard.result.backup.exists()
    assert page.model.rowCount() == 180 and page.count_label.text() == "共 180 人"
    wizard.accept()
    wait_idle(qtbot, desk)


def test_bad_roster_reports_problems_exports_them_and_imports_only_good_rows(page, qtbot, desk, sample_copy,
                                                                            tmp_path):
    wizard = _open_wizard(page, qtbot, sample_copy("roster_bad.xlsx"))
    wizard.next()
    wizard.next()
    report = wizard.report_page
    qtbot.waitUntil(lambda: wizard.plan is not None, timeout=TASK_TIMEOUT_MS)
    plan = wizard.plan
    assert plan.problems and not report.isComplete()
    assert report.problem_table.model().rowCount() == len(plan.problems)
    first = plan.problems[0]
    assert report.problem_table.model().index(0, 0).data() == str(first.row)
    assert report.problem_table.model().index(0, 2).data() == first.column
    # a long sentence is read whole in its tool tip; a click on a header sorts the list by that column
    assert report.problem_table.model().index(0, 3).data(Qt.ItemDataRole.ToolTipRole) == first.message
    report.problem_table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    assert [report.problem_table.model().index(r, 2).data() for r in range(len(plan.problems))] == sorted(
        (p.column or "" for p in plan.problems), reverse=True)
    assert f"有问题 {plan.refused} 行" in report.counts.text()
    out = tmp_path / "问题清单.xlsx"
    task = report.export_report(out)
    qtbot.waitUntil(lambda: task.finished, timeout=TASK_TIMEOUT_MS)
    assert task.error is None and out.exists()
    sheet = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert any("问题" in str(cell) for row in sheet for cell in row)
    report.skip_invalid.setChecked(True)
    assert report.isComplete()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == wizard.PAGE_SUMMARY, timeout=TASK_TIMEOUT_MS)
    assert wizard.result.created == plan.new
    assert wizard.result.skipped == plan.refused + plan.duplicates
    assert f"跳过 {wizard.result.skipped} 行" in wizard.summary_page.summary.text()
    qtbot.waitUntil(lambda: page.model.rowCount() == plan.new, timeout=TASK_TIMEOUT_MS)
    wait_idle(qtbot, desk)


def test_unreadable_file_is_explained_on_the_first_page(page, qtbot, tmp_path):
    broken = tmp_path / "坏文件.xlsx"
    broken.write_bytes(b"this is not a workbook")
    page.import_button.click()
    wizard = page.import_wizard
    wizard.file_page.choose(broken)
    qtbot.waitUntil(lambda: not wizard.file_page._reading, timeout=TASK_TIMEOUT_MS)
    assert not wizard.file_page.isComplete()
    assert "坏文件.xlsx" in wizard.file_page.status.text()
    assert "Traceback" not in wizard.file_page.status.text()


def test_second_import_lists_the_member_it_will_update(page, qtbot, desk, sample_copy):
    from dataclasses import replace

    from desktop_app.services.ledgers.members import member_importer
    from desktop_app.services.members import MembersService

    path = sample_copy("roster_messy.xlsx")
    member_importer(desk.ctx).import_file(path)
    service = MembersService(desk.ctx)
    changed = service.list_rows()[0]
    detail = service.get(changed.id)
    service.edit(changed.id, replace(detail.data, phone="13900000000"), expected_version=detail.version)
    wizard = _open_wizard(page, qtbot, path)
    wizard.next()
    wizard.next()
    report = wizard.report_page
    qtbot.waitUntil(report.isComplete, timeout=TASK_TIMEOUT_MS)
    assert "更新 1 人" in report.counts.text() and "无变化 179 人" in report.counts.text()
    assert report.tabs.currentWidget() is report.update_table
    assert report.update_table.model().rowCount() == 1 and report.new_table.model().rowCount() == 0
    assert report.update_table.model().index(0, 1).data() == changed.name
    assert "联系电话" in report.update_table.model().index(0, 2).data()
    wizard.reject()
    wait_idle(qtbot, desk)


def test_a_column_mapped_by_hand_is_remembered_when_saved(page, qtbot, desk, tmp_path):
    import openpyxl

    path = tmp_path / "自制名单.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "名单"
    sheet.append(["姓名", "性别", "通讯号码"])
    sheet.append(["王芳", "女", "13912345678"])
    sheet.append(["李强", "男", "13812345678"])
    book.save(path)
    wizard = _open_wizard(page, qtbot, path)
    wizard.next()
    mapping = wizard.mapping_page
    assert "通讯号码" in mapping.unknown_label.text()
    assert "通讯号码" not in mapping.current_mapping()
    mapping.set_mapping("通讯号码", "phone")
    mapping.save_mapping.setChecked(True)
    wizard.next()
    qtbot.waitUntil(wizard.report_page.isComplete, timeout=TASK_TIMEOUT_MS)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == wizard.PAGE_SUMMARY, timeout=TASK_TIMEOUT_MS)
    assert wizard.result.created == 2
    wizard.accept()
    wait_idle(qtbot, desk)
    phones = {r.name: r.phone for r in page.model.rows()}
    assert phones == {"王芳": "13912345678", "李强": "13812345678"}
    again = _open_wizard(page, qtbot, path)
    assert again.preview.mapping.get("通讯号码") == "phone"
    again.reject()
    wait_idle(qtbot, desk)
