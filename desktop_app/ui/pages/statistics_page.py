"""统计 page: every figure of spec/domain.md for a year, a session span or a date range.

The numbers come from the statistics service (the same place `stats` and the reports read), worded by
services/statistics/sheets.py; this page only lays them out and copies them for Word or Excel.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QComboBox, QDateEdit, QHBoxLayout, QLabel, QMainWindow, QPushButton, QScrollArea,
                               QTableView, QTabWidget, QVBoxLayout, QWidget)

from desktop_app.ui.desk import Desk
from desktop_app.ui.models.row_table import NUMBER, TEXT, RowTableModel, kinded
from desktop_app.ui.widgets.record_lists import follow_desk, make_table

BY_YEAR, BY_SESSION, BY_DATES = 0, 1, 2
YEARS_SHOWN = 15
ROW_HEIGHT = 24
MAX_VISIBLE_ROWS = 14  # a longer table scrolls inside itself


def _columns(headers: tuple[str, ...], rows: list[tuple[str, ...]] | None = None) -> list:
    # Rows are tuples of display text; the sort key is the text, or the number when it starts with one.
    # A column (after the first, which names the row) whose every cell is a figure is right-aligned.
    def key(i: int):
        def sort_key(row) -> tuple:
            head = row[i].split(" ")[0].rstrip("%")
            try:
                return (0, float(head), "")
            except ValueError:
                return (1, 0.0, row[i])
        return sort_key

    def figures(i: int) -> bool:
        cells = [row[i] for row in rows or [] if row[i]]
        return i > 0 and bool(cells) and all(cell[0].isdigit() or cell == "—" for cell in cells)

    return [kinded((header, lambda r, i=i: r[i], key(i)), NUMBER if figures(i) else TEXT)
            for i, header in enumerate(headers)]


def _fitted(table: QTableView, rows: int) -> QTableView:
    """A table as tall as its rows (up to MAX_VISIBLE_ROWS), so short breakdowns take no empty space."""
    shown = max(1, min(rows, MAX_VISIBLE_ROWS))
    table.setFixedHeight(table.horizontalHeader().sizeHint().height() + shown * ROW_HEIGHT + 4)
    return table


def _as_text(sheet) -> str:
    """A sheet as tab-separated lines: pasted into Excel it fills cells, into Word it reads as lines."""
    lines = [sheet.title]
    lines += [f"{label}\t{value}" for label, value in sheet.figures]
    for table in sheet.tables:
        lines += ["", table.title, "\t".join(table.headers)]
        lines += ["\t".join(row) for row in table.rows]
    return "\n".join(lines)


def _duty_sheet(ctx, period):
    """The 委员履职 tab; a wrong rules file spoils only this tab, with the sentence that says how to fix it."""
    from desktop_app.domain.errors import InputFileProblem
    from desktop_app.services.performance import PerformanceService
    from desktop_app.services.statistics.sheets import duty_sheet, problem_sheet

    try:
        rows, summary = PerformanceService(ctx).scored(period)
    except InputFileProblem as problem:
        return problem_sheet("委员履职", problem.message)
    return duty_sheet(summary, rows)


class SheetView(QWidget):
    """One part: its key figures on the left, its breakdown tables stacked on the right."""

    def __init__(self, sheet, parent: QWidget | None = None):
        super().__init__(parent)
        self.sheet = sheet
        self.figure_model = RowTableModel(_columns(("项目", "数值"), list(sheet.figures)), self, row_numbers=False)
        self.figure_model.set_rows(list(sheet.figures))
        self.figure_table = make_table(self.figure_model, [150, 170])
        self.figure_table.setObjectName("figureTable")
        self.figure_table.setSortingEnabled(False)  # the figures read in their report order
        self.figure_table.setFixedWidth(350)
        self.table_models: dict[str, RowTableModel] = {}
        stack = QWidget()
        column = QVBoxLayout(stack)
        column.setContentsMargins(0, 0, 4, 0)
        for table in sheet.tables:
            model = RowTableModel(_columns(table.headers, list(table.rows)), self, row_numbers=False)
            model.set_rows(list(table.rows))
            self.table_models[table.title] = model
            # Wide tables (the units') keep every column in view at 1366 px; short ones read at ease.
            wide = len(table.headers) > 4
            widths = [150 if wide else 200] + [68 if wide else 100] * (len(table.headers) - 1)
            if table.title == "重点提案":
                widths = [80, 280, 90, 140, 220]
            view = _fitted(make_table(model, widths, stretch=0), len(table.rows))  # figures stay by their labels
            title = QLabel(f"<b>{table.title}</b>" + ("" if table.rows else "（无）"))
            column.addWidget(title)
            if table.rows:
                column.addWidget(view)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(stack)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.figure_table)
        layout.addWidget(scroll, 1)

    def figure(self, label: str) -> str | None:
        return dict(self.sheet.figures).get(label)


class StatisticsPage(QWidget):
    sig_filled = Signal()

    def __init__(self, desk: Desk):
        super().__init__()
        self.desk = desk
        self.sheets: list[Any] = []
        self.summary: list[str] = []
        self.period_text = ""
        self.shown_request: dict = {}
        self.shown_label = ""
        self._computing: dict = {}
        self._loading = False
        self._stale = False
        self._generation = 0
        self._build()
        follow_desk(self)

    # ----- widgets -----
    def _build(self) -> None:
        self.mode = QComboBox()
        self.mode.addItems(["按年度", "按会次（本次会议以来）", "按起止日期"])
        self.year = QComboBox()
        for year in range(date.today().year, date.today().year - YEARS_SHOWN, -1):
            self.year.addItem(f"{year}年", year)
        self.session = QComboBox()
        self.session.setMinimumWidth(200)
        self.start, self.end = QDateEdit(), QDateEdit()
        for edit, value in ((self.start, QDate(date.today().year, 1, 1)), (self.end, QDate.currentDate())):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(value)
        self.to_label = QLabel("至")
        self.refresh_button = QPushButton("重新统计")
        self.copy_button = QPushButton("复制全部数字")
        self.copy_button.setToolTip("复制后可粘贴到 Excel（按格分开）或 Word")
        self.copy_button.setEnabled(False)
        self.workbook_button = QPushButton("导出统计表")
        self.workbook_button.setToolTip("把本时段的汇总、提案目录、承办单位办理情况、委员履职和各台账写成一个 Excel 工作簿")
        self.workbook_button.setEnabled(False)
        self.workbook_button.clicked.connect(self.export_workbook)
        self.annual_button = QPushButton("生成工作总结")
        self.annual_button.setToolTip("把本时段的数字写成公文格式的工作总结（Word），问题和下一步工作留给办公室补写")
        self.annual_button.setEnabled(False)
        self.annual_button.clicked.connect(self.export_annual)
        self.proposals_button = QPushButton("生成提案工作报告")
        self.proposals_button.setToolTip("把本时段的提案数字和各类有代表性的提案写成提案工作情况报告（Word），"
                                         "背景、做法、不足和思路留给办公室补写")
        self.proposals_button.setEnabled(False)
        self.proposals_button.clicked.connect(self.export_proposals_report)
        self.mode.currentIndexChanged.connect(self._on_mode_changed)
        for combo in (self.year, self.session):
            combo.currentIndexChanged.connect(self.compute)
        for edit in (self.start, self.end):
            edit.dateChanged.connect(self.compute)
        self.refresh_button.clicked.connect(self.compute)
        self.copy_button.clicked.connect(self.copy_all)

        bar = QHBoxLayout()
        bar.addWidget(QLabel("统计时段："))
        for widget in (self.mode, self.year, self.session, self.start, self.to_label, self.end, self.refresh_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.copy_button)
        bar.addWidget(self.workbook_button)
        bar.addWidget(self.annual_button)
        bar.addWidget(self.proposals_button)
        self.period_label = QLabel()
        self.message = QLabel()
        self.message.setObjectName("statisticsMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()
        self.overview = QLabel()
        self.overview.setObjectName("statisticsOverview")
        self.overview.setWordWrap(True)
        self.overview.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.overview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.overview.setMargin(8)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.overview, "概况")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.period_label)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        self._on_mode_changed(notify=False)

    def _on_mode_changed(self, *_args, notify: bool = True) -> None:
        mode = self.mode.currentIndex()
        self.year.setVisible(mode == BY_YEAR)
        self.session.setVisible(mode == BY_SESSION)
        for widget in (self.start, self.to_label, self.end):
            widget.setVisible(mode == BY_DATES)
        if notify:
            self.compute()

    # ----- data -----
    def reload(self) -> None:
        """The sessions for the period choice, then the figures."""
        self._loading = True

        def load(ctx, progress, cancelled):
            from desktop_app.services.terms import TermService

            return TermService(ctx).sessions()

        self.desk.run(load, title="读取会次", parent=self, on_done=self._on_sessions)

    def _on_sessions(self, sessions) -> None:
        from desktop_app.domain.cn_format import cn_numeral

        current = self.session.currentData()
        self.session.blockSignals(True)
        self.session.clear()
        for row in sorted(sessions, key=lambda r: (r.term, r.number), reverse=True):
            opening = row.opening_date.isoformat() if row.opening_date else "开幕日期未填"
            self.session.addItem(f"第{cn_numeral(row.term)}届第{cn_numeral(row.number)}次会议以来（{opening}）", row.code)
        if not sessions:
            self.session.addItem("还没有会次，请在“基础资料”页添加", None)
        index = self.session.findData(current)
        self.session.setCurrentIndex(index if index >= 0 else 0)
        self.session.blockSignals(False)
        self.compute()

    def request(self) -> dict:
        """What the user chose, as resolve_period's keywords."""
        mode = self.mode.currentIndex()
        if mode == BY_SESSION:
            return {"session": self.session.currentData() or ""}
        if mode == BY_DATES:
            return {"start": self.start.date().toPython(), "end": self.end.date().toPython()}
        return {"year": self.year.currentData()}

    def compute(self, *_args) -> None:
        if not self.desk.ready:
            return
        request = self.request()
        if request.get("session") == "":
            self._show_message("还没有会次。请先在“基础资料”页添加会次并填写开幕日期，或按年度统计。")
            return
        self._loading = True
        self._stale = False
        self._generation += 1
        generation = self._generation
        self._computing = request

        def load(ctx, progress, cancelled):
            from desktop_app.services.periods import resolve_period
            from desktop_app.services.statistics import StatisticsService
            from desktop_app.services.statistics.sheets import sheets
            from desktop_app.services.statistics.text import summary_lines

            period = resolve_period(ctx, **request)
            figures = StatisticsService(ctx).figures(period)
            summary = {key: value.as_json() for key, value in figures.items()}
            return period, sheets(figures) + [_duty_sheet(ctx, period)], summary_lines(period, summary)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                from desktop_app.ui.tasks import error_text

                self._show_message(error_text(exc)[0])

        self.desk.run(load, title="统计", parent=self, on_failed=failed,
                      on_done=lambda result: self._show(result) if generation == self._generation else None)

    def _show_message(self, text: str) -> None:
        for button in (self.workbook_button, self.annual_button, self.proposals_button):
            button.setEnabled(False)  # the figures shown are no longer those of the chosen period
        self.message.setText(text)
        self.message.show()
        self._loading = False
        self.sig_filled.emit()

    def _show(self, result) -> None:
        period, sheets, summary = result
        self.message.hide()
        self.sheets, self.summary = sheets, summary
        self.period_text = summary[0] if summary else ""
        note = f"<br><span style='color:#8a5a00'>{period.note}</span>" if period.note else ""
        self.period_label.setText(f"<b>{period.label}</b>　{self.period_text}{note}")
        self.overview.setText("\n\n".join(line for line in summary[1:] if line != period.note))
        current = self.tabs.currentIndex()
        while self.tabs.count() > 1:
            old = self.tabs.widget(1)
            self.tabs.removeTab(1)
            old.deleteLater()
        for sheet in sheets:
            self.tabs.addTab(SheetView(sheet), sheet.title)
        self.tabs.setCurrentIndex(min(current, self.tabs.count() - 1))
        self.copy_button.setEnabled(True)
        self.workbook_button.setEnabled(True)
        self.annual_button.setEnabled(True)
        self.proposals_button.setEnabled(True)
        self.shown_request, self.shown_label = self._computing, period.label
        self._loading = False
        self.sig_filled.emit()

    def sheet_view(self, title: str) -> SheetView:
        for index in range(self.tabs.count()):
            if self.tabs.tabText(index) == title:
                return self.tabs.widget(index)
        raise KeyError(title)

    def export_workbook(self, *, path=None):
        """The statistics workbook of the period shown (its figures are the ones on the page)."""
        from desktop_app.ui.operations.reports import export_workbook

        return export_workbook(self.desk, parent=self, request=self.shown_request, label=self.shown_label, path=path)

    def export_annual(self, *, path=None):
        """The annual work summary of the period shown."""
        from desktop_app.ui.operations.reports import export_annual

        return export_annual(self.desk, parent=self, request=self.shown_request, label=self.shown_label, path=path)

    def export_proposals_report(self, *, path=None):
        """The 提案工作情况报告 of the period shown."""
        from desktop_app.ui.operations.reports import export_proposals_report

        return export_proposals_report(self.desk, parent=self, request=self.shown_request, label=self.shown_label,
                                       path=path)

    def copy_all(self) -> None:
        text = "\n".join(self.summary) + "\n\n" + "\n\n".join(_as_text(sheet) for sheet in self.sheets)
        QGuiApplication.clipboard().setText(text)
        window = self.window()
        if isinstance(window, QMainWindow):  # a passing word, not a box to close
            window.statusBar().showMessage("已复制全部数字，可粘贴到 Excel 或 Word。", 5000)

    def _on_desk_changed(self, changes) -> None:
        # Any record can move a figure. Recount now if shown, else when the page is next opened.
        if changes.settings:
            self.reload()
        elif self.isVisible():
            self.compute()
        else:
            self._stale = True

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._stale:
            self.compute()
