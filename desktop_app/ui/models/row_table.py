"""A read-only table model over a Python list of DTOs, described by columns (header, text, sort key).

Sorting sorts the list (Qt's proxy is far slower at scale); `set_rows` resets it, keeping the sort.
"""
from __future__ import annotations

from typing import Callable, Collection, Generic, Protocol, Sequence, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


class SortKey(Protocol):
    """A value rows are sorted by (a number, a text, a date, or a tuple of them)."""

    def __lt__(self, other: object, /) -> bool: ...


R = TypeVar("R")
Column = tuple[str, Callable[[R], str], Callable[[R], SortKey]]  # (header, text of a row, sort key of a row)


def text(value: object) -> str:
    return "" if value is None else str(value)


def sort_key(value: SortKey | None) -> tuple[int, SortKey | str]:
    """Blank values first; the rest compare among themselves (one column holds one kind of value)."""
    return (0, "") if value is None else (1, value)


def column(header: str, attr: str) -> Column:
    """A column showing attribute `attr` as text and sorting by its value."""
    return header, lambda r: text(getattr(r, attr)), lambda r: sort_key(getattr(r, attr))


class RowTableModel(QAbstractTableModel, Generic[R]):
    """Read-only rows; `set_rows` replaces the list (a reset), `sort` sorts it in place.

    `tooltip_columns` limits tool tips to those columns (blank text gives none); None means every column.
    `row_numbers` False leaves the vertical header blank.
    """

    def __init__(self, columns: Sequence[Column[R]], parent: QObject | None = None, *,
                 tooltip_columns: Collection[int] | None = None, row_numbers: bool = True):
        super().__init__(parent)
        self.columns = list(columns)
        self._tooltip_columns = None if tooltip_columns is None else frozenset(tooltip_columns)
        self._row_numbers = row_numbers
        self._rows: list[R] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[index.column()][1](row)
        if role == Qt.ItemDataRole.ToolTipRole:
            if self._tooltip_columns is None:
                return self.columns[index.column()][1](row)
            if index.column() in self._tooltip_columns:
                return self.columns[index.column()][1](row) or None
            return None
        return self.row_data(row, role)

    def row_data(self, row: R, role: int) -> object:
        """Data for roles other than display and tool tip, the same across the row (none here)."""
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 (Qt's name)
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section][0]
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Vertical and self._row_numbers:
            return section + 1
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the Python list by the column's key (stable, so earlier sorts break ties)."""
        if not 0 <= column < len(self.columns):
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        self._rows.sort(key=self.columns[column][2], reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()

    def set_rows(self, rows: Sequence[R]) -> None:
        """Replace every row, keeping the current sort."""
        self.beginResetModel()
        self._rows = list(rows)
        if self._sort is not None:
            col, order = self._sort
            self._rows.sort(key=self.columns[col][2], reverse=order == Qt.SortOrder.DescendingOrder)
        self.endResetModel()

    def row_at(self, row: int) -> R:
        return self._rows[row]

    def rows(self) -> list[R]:
        return list(self._rows)

    def row_of(self, record_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == record_id), None)
