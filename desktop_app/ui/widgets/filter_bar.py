"""The filter bar the record-list pages share: a debounced search box and “标签：全部” combos."""
from __future__ import annotations

from typing import Any, Callable, Sequence

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from desktop_app.ui.widgets.record_lists import fill_combo


def search_box(owner: QWidget, *, placeholder: str, on_idle: Callable[[], Any], interval_ms: int = 250,
               clear_button: bool = False) -> tuple[QLineEdit, QTimer]:
    """A search field that calls `on_idle` once typing pauses for `interval_ms`; returns (field, its timer)."""
    search = QLineEdit()
    search.setPlaceholderText(placeholder)
    if clear_button:
        search.setClearButtonEnabled(True)
    debounce = QTimer(owner)
    debounce.setSingleShot(True)
    debounce.setInterval(interval_ms)
    debounce.timeout.connect(on_idle)
    search.textChanged.connect(lambda _t: debounce.start())
    return search, debounce


def filter_combo(label: str, *, on_change: Callable[[], Any], min_chars: int) -> QComboBox:
    """A combo starting with “label：全部”, remembering its label for `refill`, calling `on_change` on a pick."""
    combo = QComboBox()
    combo.setProperty("label", label)
    fill_combo(combo, label, [])
    combo.setMinimumContentsLength(min_chars)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.currentIndexChanged.connect(on_change)
    return combo


def refill(combo: QComboBox, items: list[tuple[str, Any]]) -> None:
    """Refill a `filter_combo` keeping its choice when still offered (no change signal)."""
    fill_combo(combo, combo.property("label"), items)


def filter_row(combos: Sequence[QComboBox], search: QLineEdit, *, on_change: Callable[[], Any]) -> QHBoxLayout:
    """The combos (each calling `on_change`) then the wider search field, in one row."""
    row = QHBoxLayout()
    for combo in combos:
        combo.currentIndexChanged.connect(on_change)
        row.addWidget(combo, 1)
    row.addWidget(search, 2)
    return row
