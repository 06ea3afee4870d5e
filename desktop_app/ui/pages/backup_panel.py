"""设置 → 备份: how much room the backups take, how many automatic ones the office keeps, and this PC's
second folder for copies (a USB stick or a shared folder)."""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QSpinBox, QVBoxLayout)

from desktop_app.ui.desk import Desk
from desktop_app.ui.dialogs.restore_dialog import size_text, when_text
from desktop_app.ui.operations.settings import Backups, load_backups, save_auto_backup
from desktop_app.ui.tasks import info
from desktop_app.ui.widgets.record_list_page import LatestLoad

if TYPE_CHECKING:
    from desktop_app.services.changes import Changes
    from desktop_app.services.settings import OfficeSettings

HINT = ("程序每天第一次保存数据前自动备份一次，关闭时如当天改过数据再备份一次。自动备份放在数据文件夹的 "
        "backups 中，按下面的份数保留，更早的自动删除；手动备份和恢复前的备份不会删除。")
COPY_HINT = "每次自动备份后再复制一份到这个文件夹（只对这台电脑有效），例如U盘或单位的共享文件夹。不填则不复制。"


class BackupPanel(QGroupBox):
    """Reads the backups and the office's keep rule when the page loads; 保存备份设置 saves both settings."""

    def __init__(self, desk: Desk):
        super().__init__()  # untitled: the page's tab names it
        self.desk = desk
        self.office: OfficeSettings | None = None
        self.loader: LatestLoad[Backups] = LatestLoad(desk, title="读取备份", parent=self)
        self.space = QLabel("正在读取……")
        self.space.setObjectName("backupSpace")
        self.space.setWordWrap(True)
        self.latest = QLabel()
        self.latest.setObjectName("latestBackup")
        self.latest.setWordWrap(True)
        self.daily = QSpinBox()
        self.daily.setRange(1, 365)
        self.daily.setPrefix("最近 ")
        self.daily.setSuffix(" 天，每天一份")
        self.monthly = QSpinBox()
        self.monthly.setRange(0, 120)
        self.monthly.setPrefix("最近 ")
        self.monthly.setSuffix(" 个月，每月一份")
        self.copy_folder = QLineEdit()
        self.copy_folder.setObjectName("backupCopyFolder")
        self.copy_folder.setPlaceholderText("不复制")
        self.copy_folder.setToolTip(COPY_HINT)
        browse = QPushButton("选择…")
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.copy_folder, 1)
        folder_row.addWidget(browse)
        self.save_button = QPushButton("保存备份设置")
        self.save_button.clicked.connect(self.save)
        hint = QLabel(HINT)
        hint.setWordWrap(True)
        copy_hint = QLabel(COPY_HINT)
        copy_hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow("占用空间", self.space)
        form.addRow("最近一次", self.latest)
        form.addRow("自动备份保留", self.daily)
        form.addRow("", self.monthly)
        form.addRow("副本文件夹", folder_row)
        form.addRow("", copy_hint)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.setEnabled(False)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        """The backups are counted again each time the tab is opened (a backup may have been made since)."""
        super().showEvent(event)
        if self.desk.ready and self.office is not None:
            self.reload()

    def reload(self) -> None:
        if self.desk.ready:
            self.loader.start(load_backups, self._on_loaded)

    def _on_loaded(self, backups: Backups) -> None:
        self.office, entries = backups.office, backups.entries
        automatic = [e for e in entries if e.kind == "自动备份"]
        total = sum(e.size for e in entries)
        self.space.setText(f"{len(entries)} 个备份，共 {size_text(total)}（其中自动备份 {len(automatic)} 个）"
                           if entries else "还没有备份")
        self.latest.setText(f"{when_text(entries[0].made_at)} 的{entries[0].kind}" if entries else "—")
        self.daily.setValue(self.office.auto_backup_daily)
        self.monthly.setValue(self.office.auto_backup_monthly)
        self.copy_folder.setText(self.desk.backup_copy_folder)
        self.setEnabled(True)

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "选择备份副本文件夹", self.copy_folder.text() or "")
        if chosen:
            self.copy_folder.setText(chosen)

    def save(self) -> None:
        """The keep rule into the office's settings (shared), the copy folder into this PC's."""
        if self.office is None:
            return
        self.desk.set_backup_copy_folder(self.copy_folder.text())
        daily, monthly = self.daily.value(), self.monthly.value()
        office = replace(self.office, auto_backup_daily=daily, auto_backup_monthly=monthly)

        def saved(changes: Changes) -> None:  # announced by the operation
            self.office = office
            info(self, "备份设置已保存。")

        save_auto_backup(self.desk, parent=self, daily=daily, monthly=monthly, on_done=saved)

    def help_chapter(self) -> str:
        return "backups"
