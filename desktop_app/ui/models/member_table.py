"""Members as a table model over a plain Python list of MemberRow DTOs.

Sorting sorts the list and filtering resets it (Qt's proxy model takes 38 s to sort 100k rows;
a list sort takes 0.1 s). The module imports no service at load time, so the window paints first.
"""
from __future__ import annotations

from operator import attrgetter
from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


def _text(value: Any) -> str:
    return "" if value is None else str(value)


# (header, display text, sort key) — a sort key never returns None so mixed rows compare.
COLUMNS: list[tuple[str, Callable[[Any], str], Callable[[Any], Any]]] = [
    ("姓名", lambda r: r.name, attrgetter("name_pinyin")),  # stable: same-sounding names keep their order
    ("性别", lambda r: _text(r.gender), lambda r: r.gender or ""),
    ("民族", lambda r: _text(r.ethnicity), lambda r: r.ethnicity or ""),
    ("出生年月", lambda r: r.birth_text, lambda r: (r.birth_year or 0) * 100 + (r.birth_month or 0)),
    ("政治面貌", lambda r: _text(r.political_status), lambda r: r.political_status or ""),
    ("界别", lambda r: _text(r.sector), lambda r: r.sector or ""),
    ("文化程度", lambda r: _text(r.education), lambda r: r.education or ""),
    ("工作单位", lambda r: _text(r.work_unit), lambda r: r.work_unit or ""),
    ("职务", lambda r: _text(r.position), lambda r: r.position or ""),
    ("联系电话", lambda r: _text(r.phone), lambda r: r.phone or ""),
    ("常委", lambda r: "是" if r.is_standing else "", lambda r: r.is_standing),
    ("专委会", lambda r: "、".join(r.committees), lambda r: "、".join(r.committees)),
    ("委员之家", lambda r: _text(r.home_name), lambda r: r.home_name or ""),
    ("状态", lambda r: r.status_label, lambda r: r.status),
]
HEADERS = [c[0] for c in COLUMNS]


class MemberTableModel(QAbstractTableModel):
    """Read-only rows; `set_rows` replaces the list (a reset), `sort` sorts it in place."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[Any] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[index.column()][1](self._rows[index.row()])
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (7, 11):
            return COLUMNS[index.column()][1](self._rows[index.row()]) or None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 (Qt's name)
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][0]
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Vertical:
            return section + 1
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the Python list by the column's key (stable, so earlier sorts break ties)."""
        if not 0 <= column < len(COLUMNS):
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        self._rows.sort(key=COLUMNS[column][2], reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()

    def set_rows(self, rows: list[Any]) -> None:
        """Replace every row, keeping the current sort."""
        self.beginResetModel()
        self._rows = list(rows)
        if self._sort is not None:
            column, order = self._sort
            self._rows.sort(key=COLUMNS[column][2], reverse=order == Qt.SortOrder.DescendingOrder)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_of(self, member_id: int) -> int | None:
        for position, row in enumerate(self._rows):
            if row.id == member_id:
                return position
        return None
