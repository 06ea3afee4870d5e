"""The 设置 page's Word templates on a real data folder: the list, 打开 (the shipped one only after copying),
复制为本单位模板, 恢复默认 (the office copy renamed, not deleted) and 检查. Nothing is opened for real: the
panel's opener is replaced by one that records the path it was given."""
from __future__ import annotations

import docx
import pytest
from PySide6.QtWidgets import QMessageBox

from tests.ui.helpers import TASK_TIMEOUT_MS, top_boxes, wait_idle


@pytest.fixture
def page(desk, qtbot):
    from desktop_app.ui.pages.settings_page import SettingsPage

    page = SettingsPage(desk)
    qtbot.addWidget(page)
    page.resize(1093, 574)
    page.show()
    page.tabs.setCurrentWidget(page.templates)
    qtbot.waitUntil(lambda: page.templates.table.rowCount() > 0, timeout=TASK_TIMEOUT_MS)
    wait_idle(qtbot, desk)
    page.opened = []
    page.templates.opener = lambda path: page.opened.append(path) or True
    return page


def _box(qtbot, name: str) -> QMessageBox:
    qtbot.waitUntil(lambda: bool(top_boxes(name)), timeout=TASK_TIMEOUT_MS)
    return top_boxes(name)[0]


def _click(box: QMessageBox, text: str) -> None:
    next(b for b in box.buttons() if b.text() == text).click()


def _close_boxes() -> None:
    for name in ("infoBox", "templateCheck", "templateOpenOffer", "templateRestoreConfirm"):
        for box in top_boxes(name):
            box.close()


def test_the_table_lists_every_template_and_which_is_in_use(page, desk):
    from desktop_app.services.templates import TemplateService

    listed = TemplateService(desk.ctx).list()
    table = page.templates.table
    assert [table.horizontalHeaderItem(c).text() for c in range(3)] == ["名称", "用途", "使用中"]
    rows = [tuple(table.item(r, c).text() for c in range(3)) for r in range(table.rowCount())]
    assert rows == [(t.title, t.purpose, "程序自带") for t in listed]
    page.templates.select("sign_in")
    assert page.templates.copy_button.isEnabled() and not page.templates.restore_button.isEnabled()


def test_opening_the_shipped_template_offers_a_copy_first(page, qtbot, desk):
    panel = page.templates
    panel.select("sign_in")
    panel.open_button.click()
    offer = _box(qtbot, "templateOpenOffer")
    assert "程序自带的模板不能修改" in offer.text()
    assert page.opened == [] and not (desk.data_dir / "templates" / "签到表.docx").exists()  # nothing yet
    _click(offer, "复制为本单位模板并打开")
    qtbot.waitUntil(lambda: bool(page.opened), timeout=TASK_TIMEOUT_MS)
    office_copy = desk.data_dir / "templates" / "签到表.docx"
    assert page.opened == [office_copy] and office_copy.is_file()
    qtbot.waitUntil(lambda: panel.in_use_text("sign_in") == "本单位模板", timeout=TASK_TIMEOUT_MS)
    assert str(office_copy) in _box(qtbot, "infoBox").text()
    _close_boxes()
    # Now it is the office's own: 打开 opens it straight away.
    panel.select("sign_in")
    panel.open_button.click()
    assert page.opened == [office_copy, office_copy] and not top_boxes("templateOpenOffer")
    wait_idle(qtbot, desk)


def test_cancelling_the_offer_copies_and_opens_nothing(page, qtbot, desk):
    page.templates.select("sign_in")
    page.templates.open_button.click()
    _click(_box(qtbot, "templateOpenOffer"), "取消")
    wait_idle(qtbot, desk)
    assert page.opened == [] and not (desk.data_dir / "templates").exists()
    assert page.templates.in_use_text("sign_in") == "程序自带"


def test_copy_then_restore_the_default(page, qtbot, desk):
    panel = page.templates
    panel.select("sign_in")
    panel.copy_button.click()
    qtbot.waitUntil(lambda: panel.in_use_text("sign_in") == "本单位模板", timeout=TASK_TIMEOUT_MS)
    office_copy = desk.data_dir / "templates" / "签到表.docx"
    assert page.opened == [office_copy]
    _close_boxes()
    panel.select("sign_in")
    assert panel.restore_button.isEnabled() and not panel.copy_button.isEnabled()
    panel.restore_button.click()
    confirm = _box(qtbot, "templateRestoreConfirm")
    assert "签到表" in confirm.text() and str(office_copy) in confirm.informativeText()
    assert office_copy.is_file()  # nothing happens before the answer
    _click(confirm, "恢复默认")
    qtbot.waitUntil(lambda: panel.in_use_text("sign_in") == "程序自带", timeout=TASK_TIMEOUT_MS)
    kept = list((desk.data_dir / "templates").glob("签到表（停用*）.docx.bak"))
    assert not office_copy.exists() and len(kept) == 1  # renamed, not deleted
    assert kept[0].name in _box(qtbot, "infoBox").informativeText()
    wait_idle(qtbot, desk)


def test_a_broken_office_copy_shows_its_problem_in_the_check(page, qtbot, desk):
    from desktop_app.services.templates import TemplateService

    info, _ = TemplateService(desk.ctx).copy("sign_in")
    document = docx.Document(str(info.office_copy))
    document.add_paragraph("{{ 不存在 }}")
    document.save(str(info.office_copy))
    page.templates.reload()
    qtbot.waitUntil(lambda: page.templates.in_use_text("sign_in") == "本单位模板", timeout=TASK_TIMEOUT_MS)
    page.templates.select("sign_in")
    page.templates.check_button.click()
    box = _box(qtbot, "templateCheck")
    assert box.text().startswith("本单位模板“签到表.docx”有 1 个问题")
    assert "字段“不存在”程序不提供" in box.informativeText()
    wait_idle(qtbot, desk)


def test_the_shipped_template_checks_clean(page, qtbot, desk):
    page.templates.select("sign_in")
    page.templates.check_button.click()
    box = _box(qtbot, "templateCheck")
    assert box.text() == "程序自带“签到表.docx”没有问题。" and box.informativeText() == ""
    wait_idle(qtbot, desk)


def test_when_nothing_can_open_the_file_the_user_is_told(page, qtbot, desk):
    from desktop_app.services.templates import TemplateService

    TemplateService(desk.ctx).copy("sign_in")
    page.templates.reload()
    qtbot.waitUntil(lambda: page.templates.in_use_text("sign_in") == "本单位模板", timeout=TASK_TIMEOUT_MS)
    page.templates.opener = lambda path: False
    page.templates.select("sign_in")
    page.templates.open_button.click()
    box = _box(qtbot, "infoBox")
    assert "没能打开" in box.text() and "Word 或 WPS" in box.informativeText()
    wait_idle(qtbot, desk)


def test_the_page_with_its_templates_tab_as_a_picture(page, qtbot, desk, tmp_path):
    """The page at 1366×768 and 125 % (1093×574), grabbed for people to look at (tmp_path/设置.png)."""
    page.templates.select("sign_in")
    picture = page.grab()
    assert picture.width() == 1093 and picture.height() == 574
    assert picture.save(str(tmp_path / "设置.png"))
    table = page.templates.table
    assert table.viewport().width() >= table.horizontalHeader().length() - 1  # the columns need no scrolling
    wait_idle(qtbot, desk)
