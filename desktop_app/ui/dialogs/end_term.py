"""退出委员: the date a member leaves office and why."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel, QWidget

REASONS = ["届满", "工作调动", "辞去委员职务", "撤销委员资格", "去世"]


class EndTermDialog(QDialog):
    """Asks 退出日期 and 退出原因; OK only with a reason."""

    def __init__(self, name: str, *, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("退出委员")
        self.date_edit = QDateEdit(QDate.currentDate())
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy年M月d日")
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems(REASONS)
        self.reason.setCurrentIndex(-1)
        self.reason.lineEdit().setPlaceholderText("选择或填写退出原因")
        form = QFormLayout(self)
        form.addRow(QLabel(f"委员“{name}”退出后，其履职记录仍然保留。"))
        form.addRow("退出日期", self.date_edit)
        form.addRow("退出原因", self.reason)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定退出")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.reason.currentTextChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.reason.currentText().strip()))

    def values(self) -> tuple[date, str]:
        return self.date_edit.date().toPython(), self.reason.currentText().strip()
