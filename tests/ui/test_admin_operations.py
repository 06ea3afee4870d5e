"""Backup, check, restore and roster export from the window, on a real data folder."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from python_calamine import CalamineWorkbook

from desktop_app.services.changes import Changes
from tests.ui.helpers import TASK_TIMEOUT_MS, fill_demo_members, top_boxes, wait_idle, wait_loaded

ROOT = Path(__file__).resolve().parents[2]


def _page(desk, qtbot):
    from desktop_app.ui.pages.members_page import MembersPage

    page = MembersPage(desk)
    qtbot.addWidget(page)
    page.show()
    wait_loaded(qtbot, page)
    return page


def _close_boxes() -> None:
    for name in ("infoBox", "errorBox"):
        for box in top_boxes(name):
            box.close()


def test_backup_then_restore_brings_the_old_roster_back(desk, qtbot, tmp_path):
    from desktop_app.services.members import MemberInput, MembersService
    from desktop_app.ui.operations import admin

    fill_demo_members(desk)
    page = _page(desk, qtbot)
    target = tmp_path / "备份" / "第一次.zip"
    task = admin.backup(desk, parent=page, out=target)
    qtbot.waitUntil(lambda: task.finished, timeout=TASK_TIMEOUT_MS)
    assert task.error is None and target.exists()
    assert str(target) in top_boxes("infoBox")[0].text()
    _close_boxes()
    MembersService(desk.ctx).add(MemberInput(name="新来的委员"))
    desk.announce(Changes(members=True))
    qtbot.waitUntil(lambda: page.model.rowCount() == 181, timeout=TASK_TIMEOUT_MS)
    old_ctx = desk.ctx
    with qtbot.waitSignal(desk.sig_store_ready, timeout=TASK_TIMEOUT_MS):
        admin.restore(desk, parent=page, path=target, confirmed=True)
    assert desk.ctx is not old_ctx
    qtbot.waitUntil(lambda: page.model.rowCount() == 180 and not page._loading, timeout=TASK_TIMEOUT_MS)
    assert "新来的委员" not in [r.name for r in page.model.rows()]
    wait_idle(qtbot, desk)
    _close_boxes()


def test_check_reports_a_sound_database(desk, qtbot):
    from desktop_app.ui.operations import admin

    fill_demo_members(desk)
    page = _page(desk, qtbot)
    task = admin.check(desk, parent=page)
    qtbot.waitUntil(lambda: task.finished, timeout=TASK_TIMEOUT_MS)
    assert task.result.ok
    assert "检查通过" in top_boxes("infoBox")[0].text() and "180 名委员" in top_boxes("infoBox")[0].text()
    _close_boxes()


def test_roster_exported_to_xlsx(desk, qtbot, tmp_path):
    from desktop_app.ui.operations.members import export_roster

    fill_demo_members(desk)
    page = _page(desk, qtbot)
    out = tmp_path / "导出" / "花名册.xlsx"
    task = export_roster(desk, parent=page, path=out)
    qtbot.waitUntil(lambda: task.finished, timeout=TASK_TIMEOUT_MS)
    assert task.result == 180 and out.exists()
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    names = {r.name for r in page.model.rows()}
    assert len(names & {str(cell) for row in rows for cell in row}) == 180
    _close_boxes()


def test_window_modules_import_no_database_or_file_library():
    code = ("import sys; import desktop_app.ui.launch, desktop_app.ui.main_window, desktop_app.ui.tasks, "
            "desktop_app.ui.desk, desktop_app.ui.pages.members_page, desktop_app.ui.pages.settings_page, "
            "desktop_app.ui.dialogs.import_wizard, desktop_app.ui.dialogs.member_form, "
            "desktop_app.ui.dialogs.first_run, desktop_app.ui.operations.members, desktop_app.ui.operations.admin; "
            "print(sorted(m for m in ('sqlalchemy', 'openpyxl', 'docx', 'pypinyin', 'alembic') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
