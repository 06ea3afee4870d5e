"""Pieces the record-list pages share: a sortable read-only table, filter combos, button rows, attachment links."""
from __future__ import annotations

import html
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QPushButton, QTableView

from desktop_app.ui.models.row_table import RowTableModel

YEARS_SHOWN = 10


def make_table(model: RowTableModel, widths: list[int]) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    # No sort indicator before sorting is enabled: enabling it sorts at once by the indicator (Qt's default is
    # column 0 descending), which would reverse the order the service gave until the user clicks a header.
    table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    table.setSortingEnabled(True)
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(24)
    for index, width in enumerate(widths):
        table.setColumnWidth(index, width)
    return table


def fill_combo(combo: QComboBox, label: str, items: list[tuple[str, Any]]) -> None:
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(f"{label}：全部", None)
    for text, value in items:
        combo.addItem(text, value)
    index = combo.findData(current)
    combo.setCurrentIndex(index if index >= 0 else 0)
    combo.blockSignals(False)


def year_combo() -> QComboBox:
    combo = QComboBox()
    combo.addItem("年份：全部", None)
    for year in range(date.today().year, date.today().year - YEARS_SHOWN, -1):
        combo.addItem(f"{year}年", year)
    return combo


def button_row(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


def attachments_html(attachments, root) -> str:
    if not attachments:
        return ""
    links = "".join(f'<li><a href="{QUrl.fromLocalFile(str(root / a.stored_path)).toString()}">'
                    f"{html.escape(a.original_name)}</a>（{a.size // 1024 or 1} KB）</li>" for a in attachments)
    return f"<p><b>附件</b></p><ul>{links}</ul>"


def follow_desk(page) -> None:
    """Reload `page` when the store opens, hand it the desk's changes, and load now if the store is open."""
    page.desk.sig_store_ready.connect(page.reload)
    page.desk.sig_changed.connect(page._on_desk_changed)
    if page.desk.ready:  # built after the store opened
        page.reload()


def chosen_row(table: QTableView, model: RowTableModel) -> Any | None:
    """The record on the first selected row of `table`, or None."""
    rows = table.selectionModel().selectedRows()
    return model.row_at(rows[0].row()) if rows else None


def select_record(table: QTableView, model: RowTableModel, record_id: int) -> bool:
    """Select the record's row; False when it is not listed (filtered out)."""
    row = model.row_of(record_id)
    if row is not None:
        table.selectRow(row)
    return row is not None
