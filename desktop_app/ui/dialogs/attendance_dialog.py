"""Fast attendance entry: the expected members listed in advance, 全部出席, type-ahead by name or pinyin.

Keyboard only, if the user wishes:
  Alt+A            mark everyone present
  type + Enter     add the highlighted match (↑/↓ choose) as present
  Enter on empty   save;  Ctrl+S also saves;  Esc cancels
  Tab              to the list: ↑/↓ move, 1 出席, 2 请假, 3 缺席, Space cycles, Delete removes
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from desktop_app.domain.enums import AttendanceStatus

if TYPE_CHECKING:
    from desktop_app.services.members import MemberRow

STATUSES = tuple((code, label) for label, code in AttendanceStatus.choices())
_LABEL = dict(STATUSES)
_KEYS = {Qt.Key.Key_1: "present", Qt.Key.Key_2: "excused", Qt.Key.Key_3: "absent"}
MAX_MATCHES = 8


class AttendanceDialog(QDialog):
    """Edits a list of (member, status); `values()` gives [(member id, status code)] in list order."""

    def __init__(self, *, title: str, roster: list["MemberRow"], lines: list[tuple["MemberRow", str]],
                 matches: Callable[["MemberRow", str], bool], on_save: Callable[[list[tuple[int, str]]], None],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"登记出席 — {title}")
        self.resize(620, 540)  # fits a 1366×768 screen at 125% scaling
        self._roster = roster  # MemberRow-like: id, name, sector, name_pinyin, name_initials
        self._matches = matches
        self._on_save = on_save
        self._lines: list[list[MemberRow | str]] = [[member, status] for member, status in lines]  # [member, status]
        self._build()
        self._refresh_table()
        self.search.setFocus()

    # ----- widgets -----
    def _build(self) -> None:
        self.search = QLineEdit()
        self.search.setObjectName("attendanceSearch")
        self.search.setPlaceholderText("添加委员：输入姓名、拼音或首字母（如 wf），回车添加为出席")
        self.search.textChanged.connect(self._update_matches)
        self.search.installEventFilter(self)
        self.matches = QListWidget()
        self.matches.setObjectName("attendanceMatches")
        self.matches.setMaximumHeight(150)
        self.matches.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.matches.itemClicked.connect(lambda item: self._add(item.data(Qt.ItemDataRole.UserRole)))
        self.matches.hide()
        self.hint = QLabel("")
        self.hint.setObjectName("attendanceHint")
        self.all_present_button = QPushButton("全部出席(&A)")
        self.all_present_button.setAutoDefault(False)
        self.all_present_button.clicked.connect(self.mark_all_present)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.save)
        self.count_label = QLabel()
        self.count_label.setObjectName("attendanceCount")
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("attendanceTable")
        self.table.setHorizontalHeaderLabels(["姓名", "界别", "出席情况"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 120)
        self.table.setColumnWidth(1, 200)
        self.table.installEventFilter(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        for button in self.buttons.buttons():
            button.setAutoDefault(False)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.all_present_button)
        top.addStretch(1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.matches)
        layout.addWidget(self.hint)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel("列表中：1 出席，2 请假，3 缺席，空格切换，Delete 移除；搜索框中空白回车即保存。"))
        layout.addWidget(self.buttons)

    # ----- keyboard -----
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(obj, event)
        key, modifiers = event.key(), event.modifiers()
        if key == Qt.Key.Key_A and modifiers & Qt.KeyboardModifier.AltModifier:
            self.mark_all_present()  # also when the window manager hands shortcuts no focus
            return True
        if key == Qt.Key.Key_S and modifiers & Qt.KeyboardModifier.ControlModifier:
            self.save()
            return True
        if obj is self.search:
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.matches.count():
                step = 1 if key == Qt.Key.Key_Down else -1
                self.matches.setCurrentRow(max(0, min(self.matches.count() - 1, self.matches.currentRow() + step)))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if modifiers & Qt.KeyboardModifier.ControlModifier or not self.search.text().strip():
                    self.save()
                else:
                    self._add_current_match()
                return True
        if obj is self.table:
            current = self.table.currentRow()
            selected = sorted({i.row() for i in self.table.selectedIndexes()})
            rows = selected if current in selected else ([current] if current >= 0 else [])
            if key in _KEYS and rows:
                self._set_status(rows, _KEYS[key])
                return True
            if key == Qt.Key.Key_Space and rows:
                order = [code for code, _ in STATUSES]
                self._set_status(rows, order[(order.index(self._lines[rows[0]][1]) + 1) % len(order)])
                return True
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and rows:
                for row in reversed(rows):
                    del self._lines[row]
                self._refresh_table(select=min(rows[0], len(self._lines) - 1))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.save()
                return True
        return super().eventFilter(obj, event)

    # ----- editing -----
    def _listed_ids(self) -> set[int]:
        return {member.id for member, _ in self._lines}

    def _update_matches(self, typed: str) -> None:
        self.matches.clear()
        typed = typed.strip()
        if not typed:
            self.matches.hide()
            self.hint.setText("")
            return
        listed = self._listed_ids()
        found = [m for m in self._roster if m.id not in listed and self._matches(m, typed)][:MAX_MATCHES]
        for member in found:
            item = QListWidgetItem(f"{member.name}　{member.sector or ''}")
            item.setData(Qt.ItemDataRole.UserRole, member)
            self.matches.addItem(item)
        self.matches.setVisible(bool(found))
        if found:
            self.matches.setCurrentRow(0)
        already = [m.name for m, _ in self._lines if self._matches(m, typed)]
        self.hint.setText("" if found else (f"“{already[0]}”已在名单中。" if already else f"没有找到“{typed}”，请换个写法。"))

    def _add_current_match(self) -> None:
        item = self.matches.currentItem()
        if item is not None:
            self._add(item.data(Qt.ItemDataRole.UserRole))

    def _add(self, member: "MemberRow") -> None:
        if member.id not in self._listed_ids():
            self._lines.append([member, "present"])
        self.search.clear()
        self._refresh_table(select=len(self._lines) - 1)
        self.hint.setText(f"已添加“{member.name}”（出席）。")
        self.search.setFocus()

    def _set_status(self, rows: list[int], status: str) -> None:
        for row in rows:
            self._lines[row][1] = status
        self._refresh_table(select=rows[-1])

    def mark_all_present(self) -> None:
        for line in self._lines:
            line[1] = "present"
        self._refresh_table()

    def _refresh_table(self, *, select: int | None = None) -> None:
        self.table.setRowCount(len(self._lines))
        for row, (member, status) in enumerate(self._lines):
            for col, value in enumerate((member.name, member.sector or "", _LABEL[status])):
                self.table.setItem(row, col, QTableWidgetItem(value))
        if select is not None and 0 <= select < len(self._lines):
            self.table.selectRow(select)
            self.table.setCurrentCell(select, 0)
        counts = {code: sum(1 for _, s in self._lines if s == code) for code, _ in STATUSES}
        self.count_label.setText(f"共 {len(self._lines)} 人：出席 {counts['present']}，请假 {counts['excused']}，"
                                 f"缺席 {counts['absent']}")

    def values(self) -> list[tuple[int, str]]:
        return [(member.id, status) for member, status in self._lines]

    def save(self) -> None:
        self._on_save(self.values())
