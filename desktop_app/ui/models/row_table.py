"""A read-only table model over a Python list of DTOs, described by columns (header, text, sort key).

Sorting sorts the list (Qt's proxy is far slower at scale); `set_rows` resets it, keeping the sort.
A column may have a kind (`kinded`, `number`): 'number' is right-aligned, 'state' is painted as a coloured
tag by widgets/state_tags.StateTagDelegate (the view gets it from style_table); plain tuples are 'text'.
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

NUMBER, STATE, TEXT = "number", "state", "text"
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class KindedColumn(tuple):
    """A column (header, text, sort key) that also says what it holds (.kind); it unpacks as a plain column."""

    kind: str

    def __new__(cls, header: str, shown: Callable[[R], str], key: Callable[[R], SortKey],
                kind: str) -> "KindedColumn":
        made = super().__new__(cls, (header, shown, key))
        made.kind = kind
        return made


def kinded(col: Column[R], kind: str) -> Column[R]:
    """`col` marked as holding `kind` (NUMBER, STATE or TEXT)."""
    return KindedColumn(col[0], col[1], col[2], kind)  # type: ignore[return-value]


def kind_of(col: Column[R]) -> str:
    return getattr(col, "kind", TEXT)


def number(header: str, attr: str) -> Column:
    """A count or amount: attribute `attr` as text, right-aligned, sorted by value."""
    return kinded(column(header, attr), NUMBER)


def state(header: str, shown: Callable[[R], str], key: Callable[[R], SortKey]) -> Column[R]:
    """A state shown as a coloured tag (its colour by its text, widgets/state_tags)."""
    return KindedColumn(header, shown, key, STATE)  # type: ignore[return-value]


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
        if role == Qt.ItemDataRole.TextAlignmentRole and kind_of(self.columns[index.column()]) == NUMBER:
            return _RIGHT
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
        if (role == Qt.ItemDataRole.TextAlignmentRole and orientation == Qt.Orientation.Horizontal
                and kind_of(self.columns[section]) == NUMBER):
            return _RIGHT  # the header sits over its figures
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

    def column_kind(self, column: int) -> str:
        return kind_of(self.columns[column]) if 0 <= column < len(self.columns) else TEXT

    def row_at(self, row: int) -> R:
        return self._rows[row]

    def rows(self) -> list[R]:
        return list(self._rows)

    def row_of(self, record_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == record_id), None)
