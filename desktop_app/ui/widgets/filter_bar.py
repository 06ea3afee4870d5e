"""The filter bar the record-list pages share: a debounced search box and “标签：全部” combos (the one combo helper)."""
from __future__ import annotations

from typing import Callable, Hashable, Sequence

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

Choice = tuple[str, Hashable | None]  # (text shown, value the filter takes; None for 全部)


def search_box(owner: QWidget, *, placeholder: str, on_idle: Callable[[], object], interval_ms: int = 250,
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


def filter_combo(label: str, *, on_change: Callable[[], object] | None = None, min_chars: int = 0,
                 items: Sequence[Choice] = ()) -> QComboBox:
    """A combo starting with “label：全部”, remembering its label for `refill`, calling `on_change` on a pick."""
    combo = QComboBox()
    combo.setProperty("label", label)
    refill(combo, items)
    if min_chars:
        combo.setMinimumContentsLength(min_chars)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    if on_change is not None:
        combo.currentIndexChanged.connect(on_change)
    return combo


def refill(combo: QComboBox, items: Sequence[Choice]) -> None:
    """Refill a `filter_combo` (“label：全部” first) keeping its choice when still offered (no change signal)."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(f"{combo.property('label')}：全部", None)
    for text, value in items:
        combo.addItem(text, value)
    index = combo.findData(current)
    combo.setCurrentIndex(index if index >= 0 else 0)
    combo.blockSignals(False)


def reset(*combos: QComboBox) -> None:
    """Back to “全部” (the first item) in each combo, with one change signal at most from the last."""
    for combo in combos[:-1]:
        combo.blockSignals(True)
        combo.setCurrentIndex(0)
        combo.blockSignals(False)
    if combos:
        combos[-1].setCurrentIndex(0)


def filter_row(combos: Sequence[QComboBox], search: QLineEdit, *, on_change: Callable[[], object]) -> QHBoxLayout:
    """The combos (each calling `on_change`) then the wider search field, in one row."""
    row = QHBoxLayout()
    for combo in combos:
        combo.currentIndexChanged.connect(on_change)
        row.addWidget(combo, 1)
    row.addWidget(search, 2)
    return row
