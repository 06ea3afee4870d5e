"""Proposals as a table model over a plain list of ProposalRow DTOs (sorted in Python, as the member table)."""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

Index = QModelIndex | QPersistentModelIndex

COLUMNS: list[tuple[str, Callable[[Any], str], Callable[[Any], Any]]] = [
    ("会次", lambda r: r.session_code, lambda r: r.session_code),
    ("案号", lambda r: r.case_text, lambda r: r.case_number or 0),
    ("案由", lambda r: r.title, lambda r: r.title),
    ("提案者", lambda r: r.proposer, lambda r: r.proposer_pinyin),
    ("类型", lambda r: r.kind_label, lambda r: r.kind),
    ("类别", lambda r: r.category or "", lambda r: r.category or ""),
    ("提交日期", lambda r: r.submitted_on.isoformat(), lambda r: r.submitted_on),
    ("状态", lambda r: r.state_label, lambda r: r.state),
    ("承办单位", lambda r: "、".join(r.units), lambda r: "、".join(r.units)),
    ("办理期限", lambda r: r.next_due.isoformat() if r.next_due else "", lambda r: r.next_due.isoformat() if r.next_due else ""),
    ("重点", lambda r: "是" if r.is_key else "", lambda r: r.is_key),
]
HEADERS = [c[0] for c in COLUMNS]
_OVERDUE = QColor(200, 30, 30)


class ProposalTableModel(QAbstractTableModel):
    """Read-only rows; overdue ones are shown in red."""

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
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[index.column()][1](row)
        if role == Qt.ItemDataRole.ForegroundRole and row.overdue:
            return QBrush(_OVERDUE)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (2, 8):
            return COLUMNS[index.column()][1](row) or None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 (Qt's name)
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][0]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        self._rows.sort(key=COLUMNS[column][2], reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()

    def set_rows(self, rows: list[Any]) -> None:
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

    def row_of(self, proposal_id: int) -> int | None:
        for position, row in enumerate(self._rows):
            if row.id == proposal_id:
                return position
        return None
