"""Choosing several records from a list (members of a home or a platform, co-signers, submitting organizations):
a checkable list with a search box and a count of those chosen."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QVBoxLayout, QWidget)

if TYPE_CHECKING:
    from desktop_app.services.members import MemberRow
    from desktop_app.services.organizations import OrganizationRow


class CheckPicker(QDialog):
    """Rows (each with an `id`) shown as `text(row)`; typing hides those `matches(row, typed)` refuses."""

    def __init__(self, *, title: str, rows: Iterable[Any], chosen: Iterable[int], text: Callable[[Any], str],
                 matches: Callable[[Any, str], bool], placeholder: str, counted: str, save_text: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(420, 540)  # fits a 1366×768 screen at 125% scaling
        self.on_save: Callable[[list[int]], None] = lambda ids: None
        self._matches, self._counted = matches, counted
        self._chosen = set(chosen)
        self.search = QLineEdit()
        self.search.setPlaceholderText(placeholder)
        self.search.textChanged.connect(self._filter)
        self.list = QListWidget()
        for row in rows:
            item = QListWidgetItem(text(row))
            item.setData(Qt.ItemDataRole.UserRole, row)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if row.id in self._chosen else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.itemChanged.connect(self._on_item_changed)
        self.count = QLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(save_text)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(lambda: self.on_save(self.chosen_ids()))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.search, self.list, self.count, buttons):
            layout.addWidget(widget)
        self._update_count()

    def _filter(self, typed: str) -> None:
        for index in range(self.list.count()):
            item = self.list.item(index)
            item.setHidden(not self._matches(item.data(Qt.ItemDataRole.UserRole), typed))

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        row = item.data(Qt.ItemDataRole.UserRole)
        if item.checkState() == Qt.CheckState.Checked:
            self._chosen.add(row.id)
        else:
            self._chosen.discard(row.id)
        self._update_count()

    def set_checked(self, row_id: int, checked: bool) -> None:
        for index in range(self.list.count()):
            item = self.list.item(index)
            if item.data(Qt.ItemDataRole.UserRole).id == row_id:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _update_count(self) -> None:
        self.count.setText(f"已选 {len(self._chosen)} {self._counted}")

    def chosen_ids(self) -> list[int]:
        return sorted(self._chosen)


def _matches_member(member: "MemberRow", typed: str) -> bool:
    from desktop_app.services.members import matches_text

    return matches_text(member, typed)


class MemberPicker(CheckPicker):
    """Members, found by name, pinyin or its initials."""

    def __init__(self, *, title: str, roster: list["MemberRow"], chosen: list[int], parent: QWidget | None = None):
        super().__init__(title=title, rows=roster, chosen=chosen, parent=parent,
                         text=lambda m: f"{m.name}　{m.sector or ''}　{m.home_name or ''}", matches=_matches_member,
                         placeholder="搜索：姓名、拼音或首字母", counted="人", save_text="保存")


class OrganizationPicker(CheckPicker):
    """The organizations that submitted an opinion, found by a part of their name."""

    def __init__(self, *, organizations: list["OrganizationRow"], chosen: Iterable[int],
                 parent: QWidget | None = None):
        super().__init__(title="选择报送单位", rows=organizations, chosen=chosen, parent=parent,
                         text=lambda o: f"{o.name}　{o.kind_label}", matches=lambda o, typed: typed.strip() in o.name,
                         placeholder="搜索单位名称", counted="个单位", save_text="确定")
