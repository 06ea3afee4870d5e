"""Backups from the window: the automatic ones (before the day's first write, on closing after writes), 恢复
from the 数据 menu with the backups listed and the one chosen named, and 设置 → 备份."""
from __future__ import annotations

import sqlite3
import zipfile
from datetime import datetime
from pathlib import Path

from desktop_app.services.changes import Changes
from tests.ui.helpers import TASK_TIMEOUT_MS, top_boxes, wait_idle


def _automatic(desk) -> list[Path]:
    def made(path: Path) -> tuple[str, int]:  # 自动备份-20261206-093000.zip, then …-093000-2.zip in the same second
        parts = path.stem.split("-")
        return parts[1] + parts[2], int(parts[3]) if len(parts) > 3 else 1

    return sorted((desk.data_dir / "backups").glob("自动备份-*.zip"), key=made)


def _members_in(backup: Path, tmp_path: Path) -> int:
    """Members in the database a backup holds (read with sqlite3, not with the code under test)."""
    with zipfile.ZipFile(backup) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".sqlite3"))
        archive.extract(name, tmp_path / "看备份")
    with sqlite3.connect(tmp_path / "看备份" / name) as db:
        return db.execute("select count(*) from members").fetchone()[0]


def _add_member(desk, qtbot, name: str):
    from desktop_app.services.members import MemberInput, MembersService

    task = desk.run(lambda ctx, p, c: MembersService(ctx).add(MemberInput(name=name)), title="保存委员信息",
                    parent=None, writer=True, on_done=desk.announce)
    qtbot.waitUntil(lambda: task.finished, timeout=TASK_TIMEOUT_MS)
    assert task.error is None
    return task


def test_the_first_write_of_a_day_is_preceded_by_a_backup_and_copied(desk, qtbot, tmp_path):
    desk.auto_backup = True
    desk.set_backup_copy_folder(str(tmp_path / "U盘" / "政协备份"))
    made = []
    desk.sig_auto_backup.connect(lambda ok, message: made.append((ok, message)))
    _add_member(desk, qtbot, "王芳")
    backups = _automatic(desk)
    assert len(backups) == 1
    assert _members_in(backups[0], tmp_path) == 0  # taken before the write
    assert (tmp_path / "U盘" / "政协备份" / backups[0].name).read_bytes() == backups[0].read_bytes()
    qtbot.waitUntil(lambda: bool(made), timeout=TASK_TIMEOUT_MS)
    assert made[0][0] and backups[0].name in made[0][1]
    _add_member(desk, qtbot, "李强")  # the day's second write: no second backup
    assert _automatic(desk) == backups and desk.wrote
    wait_idle(qtbot, desk)


def test_a_backup_that_fails_is_told_and_the_write_goes_ahead(desk, qtbot, read_only_folder):
    from desktop_app.services.members import MembersService

    desk.auto_backup = True
    desk.set_backup_copy_folder(str(read_only_folder / "副本"))
    told = []
    desk.sig_auto_backup.connect(lambda ok, message: told.append((ok, message)))
    _add_member(desk, qtbot, "王芳")
    qtbot.waitUntil(lambda: bool(told), timeout=TASK_TIMEOUT_MS)
    ok, message = told[0]
    assert not ok and message.startswith("自动备份未完成") and "Traceback" not in message
    assert [m.name for m in MembersService(desk.ctx).list_rows()] == ["王芳"]
    wait_idle(qtbot, desk)


def test_closing_after_writes_makes_a_backup_then_closes(desk, qtbot, tmp_path):
    from desktop_app.ui.main_window import MainWindow

    desk.auto_backup = True
    window = MainWindow(desk)
    qtbot.addWidget(window)
    window.show()
    _add_member(desk, qtbot, "王芳")  # makes the day's backup first (no member in it yet)
    assert len(_automatic(desk)) == 1
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("已自动备份到"), timeout=TASK_TIMEOUT_MS)
    assert _automatic(desk)[0].name in window.statusBar().currentMessage()  # said, and not wiped when the save ended
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=TASK_TIMEOUT_MS)
    after = _automatic(desk)
    assert len(after) == 2 and _members_in(after[-1], tmp_path) == 1 and not desk.wrote
    again = MainWindow(desk)  # nothing written since: closing makes none
    qtbot.addWidget(again)
    again.show()
    again.close()
    assert not again.isVisible() and len(_automatic(desk)) == 2
    wait_idle(qtbot, desk)


def test_restore_from_the_menu_lists_the_backups_and_names_the_one_chosen(desk, qtbot):
    from desktop_app.services.auto_backup import AutoBackupService
    from desktop_app.services.backup import BackupService
    from desktop_app.services.members import MemberInput, MembersService
    from desktop_app.ui.main_window import MainWindow

    MembersService(desk.ctx).add(MemberInput(name="王芳"))
    automatic = AutoBackupService(desk.ctx).run(now=datetime(2025, 12, 6, 9, 30))
    manual = BackupService(desk.ctx).backup().path
    MembersService(desk.ctx).add(MemberInput(name="后来的委员"))
    window = MainWindow(desk)
    qtbot.addWidget(window)
    window.show()
    window.actions_by_name["恢复"].trigger()
    qtbot.waitUntil(lambda: getattr(window, "restore_dialog", None) is not None, timeout=TASK_TIMEOUT_MS)
    dialog = window.restore_dialog
    table = dialog.backup_list if hasattr(dialog, "backup_list") else dialog.table
    rows = [[table.item(r, c).text() for c in range(3)] for r in range(table.rowCount())]
    assert len(rows) == 2  # the two made above, newest first
    assert rows[0][1] == "手动备份" and rows[1][:2] == ["2025年12月6日 09:30", "自动备份"]
    assert rows[1][2].endswith("KB")
    dialog.choose(automatic)
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: bool(top_boxes("restoreConfirm")), timeout=TASK_TIMEOUT_MS)
    box = top_boxes("restoreConfirm")[0]
    assert "将用 2025年12月6日 09:30 的自动备份替换当前全部数据" in box.text()
    old_ctx = desk.ctx
    with qtbot.waitSignal(desk.sig_store_ready, timeout=TASK_TIMEOUT_MS):
        next(b for b in box.buttons() if b.text() == "恢复").click()
    assert desk.ctx is not old_ctx
    assert [m.name for m in MembersService(desk.ctx).list_rows()] == ["王芳"]
    assert manual.exists()
    wait_idle(qtbot, desk)
    for name in ("infoBox",):
        for shown in top_boxes(name):
            shown.close()


def test_the_backups_tab_shows_the_room_they_take_and_saves_the_rule(desk, qtbot, tmp_path):
    from desktop_app.services.auto_backup import AutoBackupService
    from desktop_app.services.backup import BackupService
    from desktop_app.services.settings import SettingsService
    from desktop_app.ui.pages.settings_page import SettingsPage

    first = AutoBackupService(desk.ctx).run(now=datetime(2025, 12, 6, 9, 30))
    second = BackupService(desk.ctx).backup().path
    total_kb = round((first.stat().st_size + second.stat().st_size) / 1024)
    page = SettingsPage(desk)
    qtbot.addWidget(page)
    page.resize(1093, 574)
    page.show()
    page.tabs.setCurrentIndex(2)
    panel = page.backups
    qtbot.waitUntil(panel.isEnabled, timeout=TASK_TIMEOUT_MS)
    assert panel.space.text() == f"2 个备份，共 {total_kb} KB（其中自动备份 1 个）"
    assert (panel.daily.value(), panel.monthly.value()) == (30, 12)
    panel.daily.setValue(10)
    panel.monthly.setValue(6)
    panel.copy_folder.setText(str(tmp_path / "U盘"))
    panel.save()
    qtbot.waitUntil(lambda: bool(top_boxes("infoBox")), timeout=TASK_TIMEOUT_MS)
    office = SettingsService(desk.ctx).office()
    assert (office.auto_backup_daily, office.auto_backup_monthly) == (10, 6)
    assert desk.backup_copy_folder == str(tmp_path / "U盘")
    desk.announce(Changes(settings=True))
    wait_idle(qtbot, desk)
