"""Choosing members (a home's or a platform's): a checkable roster with search by name or pinyin."""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QVBoxLayout, QWidget)

if TYPE_CHECKING:
    from desktop_app.services.members import MemberRow


class MemberPicker(QDialog):
    def __init__(self, *, title: str, roster: list["MemberRow"], chosen: list[int], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(420, 540)  # fits a 1366×768 screen at 125% scaling
        self.on_save: Callable[[list[int]], None] = lambda ids: None
        self._chosen = set(chosen)
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索：姓名、拼音或首字母")
        self.search.textChanged.connect(self._filter)
        self.list = QListWidget()
        for member in roster:
            item = QListWidgetItem(f"{member.name}　{member.sector or ''}　{member.home_name or ''}")
            item.setData(Qt.ItemDataRole.UserRole, member)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if member.id in self._chosen else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.itemChanged.connect(self._on_item_changed)
        self.count = QLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(lambda: self.on_save(self.chosen_ids()))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.search, self.list, self.count, buttons):
            layout.addWidget(widget)
        self._update_count()

    def _filter(self, typed: str) -> None:
        from desktop_app.services.members import matches_text

        for index in range(self.list.count()):
            item = self.list.item(index)
            item.setHidden(not matches_text(item.data(Qt.ItemDataRole.UserRole), typed))

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        member = item.data(Qt.ItemDataRole.UserRole)
        if item.checkState() == Qt.CheckState.Checked:
            self._chosen.add(member.id)
        else:
            self._chosen.discard(member.id)
        self._update_count()

    def set_checked(self, member_id: int, checked: bool) -> None:
        for index in range(self.list.count()):
            item = self.list.item(index)
            if item.data(Qt.ItemDataRole.UserRole).id == member_id:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _update_count(self) -> None:
        self.count.setText(f"已选 {len(self._chosen)} 人")

    def chosen_ids(self) -> list[int]:
        return sorted(self._chosen)
