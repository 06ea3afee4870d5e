"""Backup, restore, check, the manual and about: each a task with progress; restore confirms, then reopens the store."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop_app import __version__
from desktop_app.ui.desk import Cancelled, Desk, Progress
from desktop_app.ui.tasks import Task, info, present

if TYPE_CHECKING:
    from desktop_app.services.auto_backup import BackupEntry
    from desktop_app.services.backup import BackupResult, CheckReport
    from desktop_app.services.context import ServiceContext
    from desktop_app.ui.dialogs.about_dialog import AboutDialog
    from desktop_app.ui.dialogs.help_browser import HelpBrowser


def backup(desk: Desk, *, parent: QWidget, out: Path | None = None,
           on_done: Callable[["BackupResult"], None] | None = None) -> Task | None:
    """备份 into the data folder's backups/ (or `out`)."""

    def run(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> "BackupResult":
        from desktop_app.services.backup import BackupService

        return BackupService(ctx).backup(out, progress=progress, cancelled=cancelled)

    def done(result: "BackupResult") -> None:
        info(parent, f"备份完成，已保存到“{result.path}”（{result.size / 1024:.0f} KB）。",
             detail="建议定期把备份文件复制到U盘或其他电脑保存。")
        if on_done is not None:
            on_done(result)

    return desk.run(run, title="备份数据", parent=parent, writer=True, on_done=done, show_progress=True,
                    changes_data=False)


def choose_backup(desk: Desk, *, parent: QWidget) -> Task | None:
    """数据 → 恢复…: the backups in the data folder (read off the GUI thread), then the list to choose from
    (kept on `parent` as `restore_dialog`); 恢复 asks to confirm, naming the backup."""
    from desktop_app.ui.dialogs.restore_dialog import RestoreDialog

    def run(ctx: "ServiceContext", progress: Progress,
            cancelled: Cancelled) -> tuple[Path, list["BackupEntry"]]:
        from desktop_app.services.auto_backup import AutoBackupService

        service = AutoBackupService(ctx)
        return service.folder, service.list_backups()

    def show(result: tuple[Path, list["BackupEntry"]]) -> None:
        folder, entries = result
        dialog = RestoreDialog(entries, folder=folder, parent=parent,
                               on_restore=lambda path, label: restore(desk, parent=parent, path=path, label=label),
                               on_browse=lambda: restore(desk, parent=parent))
        parent.restore_dialog = dialog
        dialog.open()

    return desk.run(run, title="读取备份", parent=parent, on_done=show)


def restore(desk: Desk, *, parent: QWidget, path: Path | None = None, confirmed: bool = False, label: str = "",
            on_done: Callable[[Path], None] | None = None) -> Task | QMessageBox | None:
    """恢复 from a backup .zip; unless `confirmed`, first the question naming the backup (`label`, e.g.
    “2026年12月6日 09:30 的自动备份”; else the file's name), a box returned while it is open, object name
    restoreConfirm. The store is reopened afterwards."""
    if path is None:
        start = str(desk.data_dir / "backups")
        chosen, _ = QFileDialog.getOpenFileName(parent, "选择备份文件", start, "备份文件 (*.zip)")
        if not chosen:
            return None
        path = Path(chosen)
    if not confirmed:
        named = f"将用 {label}" if label else f"将用备份文件“{path.name}”"
        box = QMessageBox(QMessageBox.Icon.Question, "确认恢复",
                          f"{named}替换当前全部数据（委员、提案、活动、协商等，以及附件）。", parent=parent)
        box.setInformativeText("替换前，当前数据会先自动另存一份备份，需要时可以再恢复回来。确定要恢复吗？")
        box.setObjectName("restoreConfirm")
        yes = box.addButton("恢复", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.finished.connect(lambda _r: restore(desk, parent=parent, path=path, confirmed=True, on_done=on_done)
                             if box.clickedButton() is yes else None)
        return present(box)

    def run(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> Path:
        from desktop_app.services.backup import BackupService

        return BackupService(ctx).restore(path, progress=progress)

    def done(safety: Path) -> None:
        desk.close_store()
        desk.open_store()  # pages reload on sig_store_ready
        info(parent, f"已从“{path.name}”恢复。恢复前的数据已自动备份到“{safety}”。")
        if on_done is not None:
            on_done(safety)

    return desk.run(run, title="恢复数据", parent=parent, writer=True, on_done=done, show_progress=True,
                    cancellable=False, changes_data=False)


def check(desk: Desk, *, parent: QWidget, on_done: Callable[["CheckReport"], None] | None = None) -> Task | None:
    """检查 the database and the attachments."""

    def run(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> "CheckReport":
        from desktop_app.services.backup import BackupService

        return BackupService(ctx).check()

    def done(report: "CheckReport") -> None:
        if report.ok:
            info(parent, f"检查通过：数据库完好，{report.members} 名委员，{report.attachments} 个附件均完好。",
                 title="检查结果")
        else:
            shown = report.problems[:30]
            more = len(report.problems) - len(shown)
            info(parent, f"检查发现 {len(report.problems)} 个问题，请用“恢复”还原最近的备份，或联系技术支持。",
                 title="检查结果", detail="\n".join(shown) + (f"\n……另有 {more} 个问题" if more else ""))
        if on_done is not None:
            on_done(report)

    return desk.run(run, title="检查数据", parent=parent, on_done=done, show_progress=True, cancellable=False)


def about(desk: Desk, *, parent: QWidget) -> "AboutDialog":
    """帮助 → 关于: the version, the data folder and log (whole, selectable) and the bundled libraries' licences;
    kept on `parent` as `about_dialog`."""
    from desktop_app.ui.dialogs.about_dialog import AboutDialog

    dialog = AboutDialog(version=__version__, data_dir=desk.data_dir, log_path=Path(desk.log_path), parent=parent)
    parent.about_dialog = dialog
    dialog.open()
    return dialog


def help_browser(desk: Desk, *, parent: QWidget, chapter: str = "index") -> "HelpBrowser":
    """帮助 → 使用说明 (F1): the manual at `chapter`; one window, reused (kept on `parent` as `help_window`)."""
    from desktop_app.ui.dialogs.help_browser import HelpBrowser

    window = getattr(parent, "help_window", None)
    if window is None:
        window = HelpBrowser(parent=parent)
        parent.help_window = window
    window.show_chapter(chapter)
    window.show()
    window.raise_()
    window.activateWindow()
    return window
