"""数据 → 恢复…: the backups kept in the data folder, newest first, to restore one or pick a file elsewhere."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

if TYPE_CHECKING:
    from desktop_app.services.auto_backup import BackupEntry


def when_text(made_at: datetime | None) -> str:
    """2026年12月6日 09:30 — as the office says a time."""
    if made_at is None:
        return "时间不详"
    return f"{made_at.year}年{made_at.month}月{made_at.day}日 {made_at:%H:%M}"


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def backup_label(entry: "BackupEntry") -> str:
    """“2026年12月6日 09:30 的自动备份”: how the confirmation names a backup."""
    return f"{when_text(entry.made_at)} 的{entry.kind}"


class RestoreDialog(QDialog):
    """Lists the restorable backups; 恢复 calls `on_restore(path, label)`, 从其他位置选择… calls `on_browse()`."""

    def __init__(self, entries: list["BackupEntry"], *, folder: Path, on_restore: Callable[[Path, str], None],
                 on_browse: Callable[[], None], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("恢复数据")
        self.setObjectName("restoreDialog")
        self.entries = [e for e in entries if e.restorable]
        self._on_restore, self._on_browse = on_restore, on_browse
        intro = QLabel("选择一个备份，用它替换当前的全部数据。恢复前，程序会先把当前数据另存一份备份，"
                       "恢复后如有需要还可以再恢复回来。")
        intro.setWordWrap(True)
        self.table = QTableWidget(len(self.entries), 3)
        self.table.setObjectName("backupList")
        self.table.setHorizontalHeaderLabels(["备份时间", "种类", "大小"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(1, 130)
        self.table.setColumnWidth(2, 90)
        for row, entry in enumerate(self.entries):
            cells = [when_text(entry.made_at), entry.kind, size_text(entry.size)]
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setToolTip(str(entry.path))
                if column == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.empty = QLabel(f"数据文件夹中还没有备份（{folder}）。可以点“从其他位置选择…”，选U盘或其他文件夹中的备份文件。")
        self.empty.setWordWrap(True)
        self.empty.setVisible(not self.entries)
        self.restore_button = QPushButton("恢复")
        self.restore_button.setObjectName("restoreButton")
        self.browse_button = QPushButton("从其他位置选择…")
        self.cancel_button = QPushButton("取消")
        self.restore_button.clicked.connect(self._restore)
        self.browse_button.clicked.connect(self._browse)
        self.cancel_button.clicked.connect(self.reject)
        self.table.itemSelectionChanged.connect(self._update)
        self.table.itemDoubleClicked.connect(lambda _item: self._restore())
        buttons = QHBoxLayout()
        buttons.addWidget(self.browse_button)
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)
        self.resize(560, 400)
        if self.entries:
            self.table.selectRow(0)
        self._update()

    def chosen(self) -> "BackupEntry | None":
        rows = self.table.selectionModel().selectedRows()
        return self.entries[rows[0].row()] if rows else None

    def choose(self, path: Path) -> None:
        """Select the backup at `path` (tests, and a caller that knows which one)."""
        for row, entry in enumerate(self.entries):
            if entry.path == path:
                self.table.selectRow(row)
                return
        raise KeyError(path)

    def _update(self) -> None:
        self.restore_button.setEnabled(self.chosen() is not None)
        self.restore_button.setDefault(self.chosen() is not None)

    def _restore(self) -> None:
        entry = self.chosen()
        if entry is not None:
            self.accept()
            self._on_restore(entry.path, backup_label(entry))

    def _browse(self) -> None:
        self.accept()
        self._on_browse()
