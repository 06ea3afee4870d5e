"""A read-only table model over a Python list of DTOs, described by columns (header, text, sort key).

Sorting sorts the list (Qt's proxy is far slower at scale); `set_rows` resets it, keeping the sort.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
Column = tuple[str, Callable[[Any], str], Callable[[Any], Any]]


def text(value: Any) -> str:
    return "" if value is None else str(value)


def sort_key(value: Any) -> tuple:
    """Blank values first; the rest compare among themselves (one column holds one kind of value)."""
    return (0, "") if value is None else (1, value)


def column(header: str, attr: str) -> Column:
    """A column showing attribute `attr` as text and sorting by its value."""
    return header, lambda r: text(getattr(r, attr)), lambda r: sort_key(getattr(r, attr))


class RowTableModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], parent=None):
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[Any] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.columns[index.column()][1](self._rows[index.row()])
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 (Qt's name)
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section][0]
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Vertical:
            return section + 1
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        self._rows.sort(key=self.columns[column][2], reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        if self._sort is not None:
            col, order = self._sort
            self._rows.sort(key=self.columns[col][2], reverse=order == Qt.SortOrder.DescendingOrder)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_of(self, record_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == record_id), None)
