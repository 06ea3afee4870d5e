"""Members as a table model over a plain Python list of MemberRow DTOs.

Sorting sorts the list and filtering resets it (Qt's proxy model takes 38 s to sort 100k rows;
a list sort takes 0.1 s). The module imports no service at load time, so the window paints first.
"""
from __future__ import annotations

from operator import attrgetter

from PySide6.QtCore import QObject

from desktop_app.ui.models.row_table import Column, RowTableModel, state
from desktop_app.ui.models.row_table import text as _text


# (header, display text, sort key) — a sort key never returns None so mixed rows compare.
COLUMNS: list[Column] = [
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
    state("状态", lambda r: r.status_label, lambda r: r.status),
]
HEADERS = [c[0] for c in COLUMNS]


class MemberTableModel(RowTableModel):
    """Read-only member rows; work unit and committees carry tool tips (they are often cut off)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(COLUMNS, parent, tooltip_columns=(7, 11))
