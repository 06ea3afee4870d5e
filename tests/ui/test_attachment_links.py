"""The attachment links of a record's detail open the attachment: on SQLite the data folder's own file; on a
PostgreSQL server (when CPPCC_TEST_PG names one) a copy of the content kept in the database, also on a PC whose
data folder has never held the file. The page's opener is replaced by one that records the path it was given."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QSettings, QUrl

from tests.ui.conftest import TASK_TIMEOUT_MS

CONTENT = b"%PDF-1.4 " + bytes(range(256)) * 40


def _activity_with_attachment(ctx, tmp_path) -> int:
    from desktop_app.services.activities import ActivitiesService, ActivityInput

    source = tmp_path / "原件" / "调研报告.pdf"
    source.parent.mkdir()
    source.write_bytes(CONTENT)
    activity_id = ActivitiesService(ctx).add(ActivityInput(held_on=date(2025, 9, 9), kind="其他", title="座谈")).new_id
    return ActivitiesService(ctx).attach(activity_id, source).new_id


def _open_from_the_homes_page(desk, qtbot, attachment_id: int):
    from desktop_app.ui.pages.homes_page import HomesPage

    page = HomesPage(desk)
    qtbot.addWidget(page)
    opened = []
    page.opener = lambda path: opened.append(path) or True
    page.show()
    qtbot.waitUntil(lambda: not page._loading and page.model.rowCount() == 1, timeout=TASK_TIMEOUT_MS)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: "调研报告.pdf" in page.detail.toPlainText(), timeout=TASK_TIMEOUT_MS)
    assert f'href="attachment:{attachment_id}"' in page.detail.toHtml()
    page.detail.anchorClicked.emit(QUrl(f"attachment:{attachment_id}"))
    qtbot.waitUntil(lambda: bool(opened), timeout=TASK_TIMEOUT_MS)
    return opened


def test_the_link_opens_the_data_folders_file(desk, qtbot, tmp_path):
    attachment_id = _activity_with_attachment(desk.ctx, tmp_path)
    [path] = _open_from_the_homes_page(desk, qtbot, attachment_id)
    assert path.read_bytes() == CONTENT
    assert path.is_relative_to(desk.data_dir / "attachments") and path.name.endswith("-调研报告.pdf")


def test_on_a_server_the_link_opens_the_content_on_another_pc(pg_server, qtbot, tmp_path, monkeypatch):
    from desktop_app.app import make_desk
    from desktop_app.services.database import open_store

    url = pg_server.fresh_database()
    first = open_store(tmp_path / "甲", url=url)
    try:
        attachment_id = _activity_with_attachment(first, tmp_path)
    finally:
        first.close()
    monkeypatch.setenv("CPPCC_DESK_CACHE", str(tmp_path / "乙的缓存"))
    desk = make_desk(tmp_path / "乙", url, settings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    with qtbot.waitSignal(desk.sig_store_ready, timeout=TASK_TIMEOUT_MS):
        desk.open_store()
    try:
        [path] = _open_from_the_homes_page(desk, qtbot, attachment_id)
        assert path.read_bytes() == CONTENT
        assert path.name == "调研报告.pdf" and path.is_relative_to(tmp_path / "乙的缓存")
        assert not any((tmp_path / "乙" / "attachments").rglob("*.pdf"))
    finally:
        qtbot.waitUntil(desk.tasks.is_idle, timeout=TASK_TIMEOUT_MS)
        desk.close_store()
        pg_server.drop(url)
