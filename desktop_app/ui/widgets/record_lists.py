"""Pieces the record-list pages share: a sortable read-only table, filter combos, button rows, attachment links."""
from __future__ import annotations

import html
from datetime import date
from typing import Sequence, TypeVar

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableView, QTabWidget)

from desktop_app.ui.models.row_table import RowTableModel
from desktop_app.ui.widgets.state_tags import style_table

YEARS_SHOWN = 10
R = TypeVar("R")


def read_only_rows(table: QAbstractItemView, widths: Sequence[int], *, several: bool = False) -> None:
    """What every list shares: whole rows selected (one, or `several` with Ctrl/Shift), never edited in place,
    rows of one fixed height (fast at 100,000 rows), columns at `widths`."""
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if several
                           else QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(24)
    for index, width in enumerate(widths):
        table.setColumnWidth(index, width)


def make_table(model: RowTableModel, widths: list[int], *, stretch: int | None = None) -> QTableView:
    """A sortable read-only table; column `stretch` (else the last) takes the width left over."""
    table = QTableView()
    table.setModel(model)
    read_only_rows(table, widths)
    table.setAlternatingRowColors(True)
    # No sort indicator before sorting is enabled: enabling it sorts at once by the indicator (Qt's default is
    # column 0 descending), which would reverse the order the service gave until the user clicks a header.
    table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    table.setSortingEnabled(True)
    table.horizontalHeader().setStretchLastSection(stretch is None)
    style_table(table)  # states as coloured tags
    if stretch is not None:  # a text column, rather than a narrow count at the end, gets the spare width
        table.viewport().installEventFilter(_StretchColumn(table, stretch, widths[stretch]))
    return table


class _StretchColumn(QObject):
    """Widens one column to fill the table's width, never below its own width (a narrow window scrolls)."""

    def __init__(self, table: QTableView, column: int, least: int):
        super().__init__(table)
        self._table, self._column, self._least = table, column, least

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Resize:
            header = self._table.horizontalHeader()
            others = sum(header.sectionSize(c) for c in range(header.count()) if c != self._column)
            header.resizeSection(self._column, max(self._least, self._table.viewport().width() - others))
        return False


def corner_label(tabs: QTabWidget, label: QLabel) -> None:
    """Show `label` (the first tab's summary) beside the tab titles, and only while the first tab is open."""
    label.setContentsMargins(0, 0, 6, 0)
    tabs.setCornerWidget(label, Qt.Corner.TopRightCorner)
    tabs.currentChanged.connect(lambda index: label.setVisible(index == 0))


def year_combo() -> QComboBox:
    combo = QComboBox()
    combo.addItem("年份：全部", None)
    for year in range(date.today().year, date.today().year - YEARS_SHOWN, -1):
        combo.addItem(f"{year}年", year)
    return combo


# A part of the chosen year: (label, first month, last month).
YEAR_PARTS = ([("全年", 1, 12)] + [(f"第{'一二三四'[q]}季度", 3 * q + 1, 3 * q + 3) for q in range(4)]
              + [(f"{m}月", m, m) for m in range(1, 13)])


def year_part_combo(year: QComboBox) -> QComboBox:
    """全年 / a quarter / a month of the year chosen in `year`; idle while the year is 全部."""
    combo = QComboBox()
    for label, first, last in YEAR_PARTS:
        combo.addItem(label, (first, last))
    combo.setEnabled(year.currentData() is not None)
    year.currentIndexChanged.connect(lambda _i: combo.setEnabled(year.currentData() is not None))
    return combo


def chosen_span(year: QComboBox, part: QComboBox) -> tuple[date | None, date | None]:
    """(start, end) of the year and part chosen; (None, None) for 全部."""
    chosen = year.currentData()
    if chosen is None:
        return None, None
    first, last = part.currentData() or (1, 12)
    end = date(chosen + 1, 1, 1) if last == 12 else date(chosen, last + 1, 1)
    return date(chosen, first, 1), date.fromordinal(end.toordinal() - 1)


def button_row(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


def attachments_html(attachments) -> str:
    """The record's attachments as links `attachment:ID`, opened by ui/operations/attachments.py (the file may be
    kept in a server database, not in this PC's data folder)."""
    if not attachments:
        return ""
    links = "".join(f'<li><a href="attachment:{a.id}">'
                    f"{html.escape(a.original_name)}</a>（{a.size // 1024 or 1} KB）</li>" for a in attachments)
    return f"<p><b>附件</b></p><ul>{links}</ul>"


def chosen_row(table: QTableView, model: RowTableModel) -> R | None:
    """The record on the first selected row of `table`, or None."""
    rows = table.selectionModel().selectedRows()
    return model.row_at(rows[0].row()) if rows else None


def select_record(table: QTableView, model: RowTableModel, record_id: int) -> bool:
    """Select the record's row; False when it is not listed (filtered out)."""
    row = model.row_of(record_id)
    if row is not None:
        table.selectRow(row)
    return row is not None
