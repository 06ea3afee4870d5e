"""Proposals as a table model that fetches its rows on demand.

The page loads (off the GUI thread) the ordered ids of every proposal its filters let through and the first
page of rows; the view asks for more through canFetchMore/fetchMore as the user scrolls, each a query of one
page of ids (`fetch`). A header click does not sort the rows here: it calls `on_sort`, and the page loads the
ids again sorted in SQL.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Sequence

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtGui import QBrush, QColor

from desktop_app.domain.cn_format import session_short
from desktop_app.domain.period import parse_session_code
from desktop_app.ui.models.row_table import NUMBER, Column, Index, RowTableModel, kinded, state

if TYPE_CHECKING:
    from desktop_app.services.proposals.dto import ProposalRow

OVERDUE_LABEL = "已逾期"
PAGE_ROWS = 200  # rows fetched at a time (operations/proposal_list.PAGE_ROWS: the first load)

COLUMNS: list[Column] = [
    ("会次", lambda r: _session(r.session_code), lambda r: parse_session_code(r.session_code) if r.session_code else (0, 0)),
    kinded(("案号", lambda r: r.case_text, lambda r: r.case_number or 0), NUMBER),
    ("案由", lambda r: r.title, lambda r: r.title),
    ("提案者", lambda r: r.proposer, lambda r: r.proposer_pinyin),
    ("类型", lambda r: r.kind_label, lambda r: r.kind),
    ("类别", lambda r: r.category or "", lambda r: r.category or ""),
    ("提交日期", lambda r: r.submitted_on.isoformat(), lambda r: r.submitted_on),
    # An overdue proposal (已交办, a unit's reply late) shows 已逾期: the state that asks for a 催办.
    state("状态", lambda r: OVERDUE_LABEL if r.overdue else r.state_label, lambda r: (r.state, bool(r.overdue))),
    ("承办单位", lambda r: "、".join(r.units), lambda r: "、".join(r.units)),
    ("办理期限", lambda r: r.next_due.isoformat() if r.next_due else "", lambda r: r.next_due.isoformat() if r.next_due else ""),
    ("重点", lambda r: "是" if r.is_key else "", lambda r: r.is_key),
]
HEADERS = [c[0] for c in COLUMNS]
STATE_COLUMN = HEADERS.index("状态")
# The key services.proposals.queries sorts each column by (SORT_KEYS), in the order of COLUMNS.
SORT_KEYS = ("session", "case", "title", "proposer", "kind", "category", "submitted", "state", "units", "due", "key")
Order = tuple[str, bool]  # (sort key, descending)
Fetch = Callable[[list[int]], list["ProposalRow"]]


def _session(code: str) -> str:
    """十四届四次, as the window writes a session (the row carries its code 14-4)."""
    return session_short(*parse_session_code(code)) if code else ""

_OVERDUE = QColor(200, 30, 30)


def overdue_reason(row: ProposalRow) -> str:
    return f"{row.state_label}，已过办理期限（{row.next_due.isoformat()}），承办单位尚未答复" if row.next_due else ""


class ProposalTableModel(RowTableModel["ProposalRow"]):
    """Read-only rows fetched in pages; overdue ones in red with the reason as every cell's tool tip."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(COLUMNS, parent, tooltip_columns=(2, 8), row_numbers=False)
        self._ids: list[int] = []
        self._position: dict[int, int] = {}
        self._fetch: Fetch | None = None
        self.on_sort: Callable[[Order | None], None] | None = None
        self.order: Order | None = None

    # ----- the rows -----
    def set_page(self, ids: Sequence[int], rows: Sequence[ProposalRow], fetch: Fetch | None) -> None:
        """Every id the list holds, in order, the rows of the first of them, and how to fetch more rows."""
        self.beginResetModel()
        self._ids = list(ids)
        self._position = {pid: i for i, pid in enumerate(self._ids)}
        self._rows = list(rows)
        self._fetch = fetch
        self.endResetModel()

    def set_rows(self, rows: Sequence[ProposalRow]) -> None:
        """Every row at once (no fetching), in the order given."""
        self.set_page([r.id for r in rows], rows, None)

    @property
    def total(self) -> int:
        """How many rows the list holds, fetched or not."""
        return len(self._ids)

    def ids(self) -> list[int]:
        return list(self._ids)

    def position_of(self, record_id: int) -> int | None:
        """The row the record has (or will have once fetched) in the list; None when the list does not hold it."""
        return self._position.get(record_id)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802 (Qt's name)
        return not parent.isValid() and self._fetch is not None and len(self._rows) < len(self._ids)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802 (Qt's name)
        if self.canFetchMore(parent):
            self.fetch_to(len(self._rows) + PAGE_ROWS - 1)

    def fetch_to(self, row: int) -> None:
        """Fetch the rows up to `row` (and the rest of its page)."""
        if self._fetch is None:
            return
        start = len(self._rows)
        end = min(len(self._ids), max(row + 1, start + PAGE_ROWS))
        if end <= start:
            return
        self.add_fetched(start, self._ids[start:end], self._fetch(self._ids[start:end]))

    def add_fetched(self, start: int, wanted: list[int], got: Sequence[ProposalRow]) -> bool:
        """Append the rows fetched for ids `wanted` from row `start`; False (nothing added) when the list has
        changed since they were asked for."""
        if start != len(self._rows) or self._ids[start:start + len(wanted)] != wanted:
            return False
        fetched = {r.id: r for r in got}
        # A proposal deleted since the ids were read is dropped from the list (the reload that follows mends it).
        rows = [fetched[pid] for pid in wanted if pid in fetched]
        if len(rows) < len(wanted):
            self._ids = self._ids[:start] + [r.id for r in rows] + self._ids[start + len(wanted):]
            self._position = {pid: i for i, pid in enumerate(self._ids)}
        if rows:
            self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        return True

    def replace_row(self, row: ProposalRow) -> None:
        index = self.row_of(row.id)
        if index is not None:
            self._rows[index] = row
            self.dataChanged.emit(self.index(index, 0), self.index(index, self.columnCount() - 1))

    def row_of(self, record_id: int) -> int | None:
        """The row of a fetched record."""
        position = self._position.get(record_id)
        return position if position is not None and position < len(self._rows) else None

    # ----- sorting in SQL -----
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Ask the page to load the list sorted by the column (-1: the default order)."""
        wanted = (SORT_KEYS[column], order == Qt.SortOrder.DescendingOrder) if 0 <= column < len(SORT_KEYS) else None
        if wanted == self.order:
            return
        self.order = wanted
        self._sort = (column, order) if wanted else None
        if self.on_sort is not None:
            self.on_sort(wanted)

    # ----- look -----
    def row_data(self, row: ProposalRow, role: int) -> object:
        if role == Qt.ItemDataRole.ForegroundRole and row.overdue:
            return QBrush(_OVERDUE)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            row = self.row_at(index.row())
            if row.overdue and row.next_due:  # why the row is red, wherever the pointer rests
                text = overdue_reason(row)
                own = super().data(index, role)
                return f"{own}\n{text}" if own and index.column() != STATE_COLUMN else text
        return super().data(index, role)
