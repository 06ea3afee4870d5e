"""Numbers read right-aligned in a table of figures: a delegate that aligns cells holding a number."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyledItemDelegate

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def is_number(text: object) -> bool:
    """"12 件", "84.98%", "12 人（6.67%）", "—" (a rate over nothing): a count or a rate, not a name."""
    return isinstance(text, str) and (text[:1].isdigit() or text == "—")


class NumbersRight(QStyledItemDelegate):
    """Right-aligns every cell after the first column whose text is a number (the first names the row)."""

    def initStyleOption(self, option, index) -> None:  # noqa: N802 (Qt's name)
        super().initStyleOption(option, index)
        if index.column() > 0 and is_number(index.data()):
            option.displayAlignment = RIGHT
