"""Proposals as a table model over a plain list of ProposalRow DTOs (sorted in Python, as the member table)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor

from desktop_app.domain.cn_format import session_short
from desktop_app.domain.period import parse_session_code
from desktop_app.ui.models.row_table import NUMBER, Column, Index, RowTableModel, kinded, state

if TYPE_CHECKING:
    from desktop_app.services.proposals.dto import ProposalRow

OVERDUE_LABEL = "已逾期"

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


def _session(code: str) -> str:
    """十四届四次, as the window writes a session (the row carries its code 14-4)."""
    return session_short(*parse_session_code(code)) if code else ""

_OVERDUE = QColor(200, 30, 30)


class ProposalTableModel(RowTableModel["ProposalRow"]):
    """Read-only rows; overdue ones are shown in red, title and units carry tool tips."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(COLUMNS, parent, tooltip_columns=(2, 8), row_numbers=False)

    def row_data(self, row: ProposalRow, role: int) -> object:
        if role == Qt.ItemDataRole.ForegroundRole and row.overdue:
            return QBrush(_OVERDUE)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid() and index.column() == STATE_COLUMN:
            row = self.row_at(index.row())
            if row.overdue and row.next_due:
                return f"{row.state_label}，已过办理期限（{row.next_due.isoformat()}）"
        return super().data(index, role)
