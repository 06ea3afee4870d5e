"""One dialog for every proposal step: a form built from field specs (date, text, choice, check, number)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Union

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout,
                               QHBoxLayout, QLineEdit, QPlainTextEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget)


Value = Union[date, str, int, bool, None]  # what one field holds: a date, a text, a choice's value, a tick
Values = dict[str, Value]


@dataclass(frozen=True)
class Field:
    """A form field: kind is date / text / long / choice / check / number / file."""

    key: str
    label: str
    kind: str = "text"
    choices: tuple[tuple[str, Value], ...] = ()
    default: Value = None
    optional: bool = False
    bounds: tuple[int, int] = (0, 9999)
    extra: dict = field(default_factory=dict)


class _FileField(QWidget):
    """A file chosen with 浏览…; the service copies it into the data folder."""

    def __init__(self):
        super().__init__()
        self.path = QLineEdit()
        self.path.setPlaceholderText("答复函的扫描件或电子文件")
        browse = QPushButton("浏览…")
        browse.clicked.connect(self._browse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.path, 1)
        layout.addWidget(browse)

    def _browse(self) -> None:
        from desktop_app.ui.operations.common import pick_file

        path = pick_file(self, "选择文件", "答复文件 (*.pdf *.doc *.docx *.wps *.jpg *.png);;所有文件 (*)")
        if path:
            self.path.setText(str(path))


class StepDialog(QDialog):
    """Collects a step's values; `values()` hands them to the operation as plain Python values."""

    def __init__(self, title: str, fields: list[Field], *, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("proposalStepDialog")
        self.widgets: dict[str, QWidget] = {}
        self._fields = fields
        form = QFormLayout()
        for spec in fields:
            widget = self._make(spec, today or date.today())
            widget.setObjectName(f"field_{spec.key}")
            self.widgets[spec.key] = widget
            form.addRow(spec.label + ("（可不填）" if spec.optional and spec.kind != "check" else ""), widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    @staticmethod
    def _make(spec: Field, today: date) -> QWidget:
        if spec.kind == "date":
            widget = QDateEdit()
            widget.setCalendarPopup(True)
            widget.setDisplayFormat("yyyy-MM-dd")
            value = spec.default or today
            widget.setDate(QDate(value.year, value.month, value.day))
            return widget
        if spec.kind == "choice":
            widget = QComboBox()
            if spec.optional:
                widget.addItem("（无）", None)
            for text, value in spec.choices:
                widget.addItem(text, value)
            if spec.default is not None:
                index = widget.findData(spec.default)
                widget.setCurrentIndex(max(index, 0))
            return widget
        if spec.kind == "check":
            widget = QCheckBox()
            widget.setChecked(bool(spec.default))
            return widget
        if spec.kind == "number":
            widget = QSpinBox()
            widget.setRange(*spec.bounds)
            widget.setValue(int(spec.default or spec.bounds[0]))
            return widget
        if spec.kind == "file":
            return _FileField()
        if spec.kind == "long":
            widget = QPlainTextEdit()
            widget.setPlainText(spec.default or "")
            widget.setFixedHeight(90)
            return widget
        widget = QLineEdit()
        widget.setText(spec.default or "")
        return widget

    def set_value(self, key: str, value: Value) -> None:
        """Fill a field as a person would (used by tests and by the page's defaults)."""
        widget = self.widgets[key]
        if isinstance(widget, QDateEdit):
            widget.setDate(QDate(value.year, value.month, value.day))
        elif isinstance(widget, _FileField):
            widget.path.setText(str(value))
        elif isinstance(widget, QComboBox):
            widget.setCurrentIndex(widget.findData(value))
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, QSpinBox):
            widget.setValue(int(value))
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value)
        else:
            widget.setText(value)

    def values(self) -> Values:
        out: Values = {}
        for spec in self._fields:
            widget = self.widgets[spec.key]
            if isinstance(widget, QDateEdit):
                q = widget.date()
                out[spec.key] = date(q.year(), q.month(), q.day())
            elif isinstance(widget, _FileField):
                out[spec.key] = widget.path.text().strip() or None
            elif isinstance(widget, QComboBox):
                out[spec.key] = widget.currentData()
            elif isinstance(widget, QCheckBox):
                out[spec.key] = widget.isChecked()
            elif isinstance(widget, QSpinBox):
                out[spec.key] = widget.value()
            elif isinstance(widget, QPlainTextEdit):
                out[spec.key] = widget.toPlainText().strip()
            else:
                out[spec.key] = widget.text().strip()
        return out
