"""An import plan's rows in three lists — the problems, the new rows, the changed rows — as tabs with counts.

Shared by the roster wizard's 检查结果 page and every ledger's 导入预览: each list is a sortable view over a
RowTableModel, so a city's 100,000 rows show at once rather than item by item on the GUI thread.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTabWidget

from desktop_app.ui.models.row_table import Column, RowTableModel, sort_key, text

if TYPE_CHECKING:
    from desktop_app.services.ledgers.pipeline import ImportPlan


def _cell(header: str, index: int) -> Column[tuple]:
    """Column `index` of a row tuple, sorted by its value (a sheet row by number)."""
    return header, lambda row: text(row[index]), lambda row: sort_key(row[index])


def rows_view(name: str, columns: list[Column[tuple]], *, tips: tuple[int, ...] = ()) -> QTableView:
    """A read-only, sortable list of sheet rows; its last column takes the width left; `tips`: columns whose
    long text is read whole in a tool tip."""
    view = QTableView()
    view.setObjectName(name)
    view.setModel(RowTableModel(columns, view, tooltip_columns=tips, row_numbers=False))
    view.horizontalHeader().setSectionResizeMode(len(columns) - 1, QHeaderView.ResizeMode.Stretch)
    view.verticalHeader().setVisible(False)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSortingEnabled(True)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    return view


def row_count(view: QTableView) -> int:
    return view.model().rowCount()


class PlanLists(QTabWidget):
    """有问题的行 / 将新增 / 将更新 of a plan; `name_header` heads the column naming each row (姓名, 案由 …)."""

    def __init__(self, *, name_header: str, new_title: str, update_title: str, parent=None):
        super().__init__(parent)
        self.setObjectName("planLists")
        self.problem_table = rows_view("problemTable", [_cell("工作表行号", 0), _cell(name_header, 1), _cell("列", 2),
                                                        _cell("问题", 3)], tips=(3,))
        # the rows the import adds, by name, so that a wrong sheet or header row shows before anything is written
        self.new_table = rows_view("newTable", [_cell("工作表行号", 0), _cell(name_header, 1)])
        self.update_table = rows_view("updateTable", [_cell("工作表行号", 0), _cell(name_header, 1),
                                                      _cell("将更改的项目", 2)])
        self._lists = ((self.problem_table, "有问题的行"), (self.new_table, new_title), (self.update_table, update_title))
        for view, title in self._lists:
            self.addTab(view, title)

    def clear_rows(self) -> None:
        for view, title in self._lists:
            view.model().set_rows([])
            self.setTabText(self.indexOf(view), title)

    def show_plan(self, plan: ImportPlan) -> None:
        """Fill the lists from `plan` and open the one to look at first: the problems, else the changes to stored
        records, else the new ones."""
        rows = plan.rows
        names = {outcome.row: outcome.name for outcome in rows}
        self.problem_table.model().set_rows([(p.row, names.get(p.row, ""), p.column or "", p.message)
                                             for p in plan.problems])
        self.new_table.model().set_rows([(outcome.row, outcome.name) for outcome in rows if outcome.action == "new"])
        self.update_table.model().set_rows([(outcome.row, outcome.name, "、".join(outcome.changed)) for outcome in rows
                                            if outcome.action == "changed"])
        for view, title in self._lists:
            self.setTabText(self.indexOf(view), f"{title}（{row_count(view)}）")
        self.setCurrentWidget(next((view for view in (self.problem_table, self.update_table, self.new_table)
                                    if row_count(view)), self.problem_table))
