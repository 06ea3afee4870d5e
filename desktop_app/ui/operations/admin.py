"""Backup, restore, check and about: each a task with progress; restore confirms, then reopens the store."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop_app import __version__
from desktop_app.ui.desk import Cancelled, Desk, Progress
from desktop_app.ui.tasks import Task, info

if TYPE_CHECKING:
    from desktop_app.services.backup import BackupResult, CheckReport
    from desktop_app.services.context import ServiceContext


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

    return desk.run(run, title="备份数据", parent=parent, writer=True, on_done=done, show_progress=True)


def restore(desk: Desk, *, parent: QWidget, path: Path | None = None, confirmed: bool = False,
            on_done: Callable[[Path], None] | None = None) -> Task | None:
    """恢复 from a backup .zip after the user confirms; the store is reopened afterwards."""
    if path is None:
        start = str(desk.data_dir / "backups")
        chosen, _ = QFileDialog.getOpenFileName(parent, "选择备份文件", start, "备份文件 (*.zip)")
        if not chosen:
            return None
        path = Path(chosen)
    if not confirmed:
        answer = QMessageBox.question(
            parent, "确认恢复",
            f"恢复会用“{path.name}”中的数据替换当前全部数据（当前数据会先自动备份）。确定要恢复吗？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return None

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
                    cancellable=False)


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


def about(desk: Desk, *, parent: QWidget) -> None:
    info(parent, f"县政协履职工作台 {__version__}", title="关于",
         detail=f"数据文件夹：{desk.data_dir}\n日志文件：{desk.log_path}")
