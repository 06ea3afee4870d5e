"""统计 page: every figure of docs/domain.md ("Statistics") for a year, a session span or a date range.

The numbers come from the statistics service (the same place `stats` and the reports read), worded by
services/statistics/sheets.py; this page only lays them out and copies them for Word or Excel.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import (QComboBox, QDateEdit, QHBoxLayout, QLabel, QMainWindow, QPushButton, QScrollArea,
                               QTableView, QTabWidget, QVBoxLayout, QWidget)

from desktop_app.domain.cn_format import session_name
from desktop_app.ui.desk import Desk
from desktop_app.ui.models.row_table import NUMBER, TEXT, Column, RowTableModel, kinded
from desktop_app.ui.operations.reports import Figures, PeriodRequest, compute_figures, load_sessions
from desktop_app.ui.tasks import Task
from desktop_app.ui.widgets.chart_view import ChartGrid
from desktop_app.ui.widgets.record_list_page import LatestLoad
from desktop_app.ui.widgets.record_lists import make_table

if TYPE_CHECKING:
    from desktop_app.services.changes import Changes
    from desktop_app.services.statistics.sheets import Sheet
    from desktop_app.services.terms import SessionRow

BY_YEAR, BY_SESSION, BY_DATES = 0, 1, 2
YEARS_SHOWN = 15
ROW_HEIGHT = 24
MAX_VISIBLE_ROWS = 14  # a longer table scrolls inside itself
# The 概况 tab's charts: the sheets' own (chart_data keys), one per part, drawn from the same figures.
OVERVIEW_CHARTS = ("proposals.categories", "proposals.satisfaction", "homes.months", "consultations.months")


def _columns(headers: tuple[str, ...], rows: list[tuple[str, ...]] | None = None) -> list[Column]:
    # Rows are tuples of display text; the sort key is the text, or the number when it starts with one.
    # A column (after the first, which names the row) whose every cell is a figure is right-aligned.
    def key(i: int) -> Callable[[tuple[str, ...]], tuple[int, float, str]]:
        def sort_key(row: tuple[str, ...]) -> tuple[int, float, str]:
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


def _as_text(sheet: Sheet) -> str:
    """A sheet as tab-separated lines: pasted into Excel it fills cells, into Word it reads as lines."""
    lines = [sheet.title]
    lines += [f"{label}\t{value}" for label, value in sheet.figures]
    for table in sheet.tables:
        lines += ["", table.title, "\t".join(table.headers)]
        lines += ["\t".join(row) for row in table.rows]
    return "\n".join(lines)


class SheetView(QWidget):
    """One part: its key figures on the left, its breakdown tables stacked on the right."""

    def __init__(self, sheet: Sheet, parent: QWidget | None = None):
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
            view = _fitted(make_table(model, widths, stretch=0), len(table.rows))  # the names take the room left
            title = QLabel(f"<b>{table.title}</b>" + ("" if table.rows else "（无）"))
            column.addWidget(title)
            if table.rows:
                column.addWidget(view)
        # The part's charts above its tables, drawn in the background once the tab is open.
        self.charts = ChartGrid(stack)
        self.charts.set_charts(sheet.charts)
        column.insertWidget(0, self.charts)
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
        self.sheets: list[Sheet] = []
        self.summary: list[str] = []
        self.period_text = ""
        self.shown_request = PeriodRequest()
        self.shown_label = ""
        self._stale = False
        self.sessions_loader: LatestLoad[list[SessionRow]] = LatestLoad(desk, title="读取会次", parent=self)
        self.loader: LatestLoad[Figures] = LatestLoad(desk, title="统计", parent=self)
        self._build()
        desk.sig_store_ready.connect(self.reload)
        desk.sig_changed.connect(self._on_desk_changed)
        if desk.ready:
            self.reload()

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
        self.overview_charts = ChartGrid()  # the parts' main charts under the sentences
        overview = QWidget()
        overview_column = QVBoxLayout(overview)
        overview_column.setContentsMargins(0, 0, 8, 0)
        overview_column.addWidget(self.overview)
        overview_column.addWidget(self.overview_charts)
        overview_column.addStretch(1)
        overview_scroll = QScrollArea()
        overview_scroll.setWidgetResizable(True)
        overview_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        overview_scroll.setWidget(overview)
        self.tabs.addTab(overview_scroll, "概况")
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
    @property
    def _loading(self) -> bool:
        return self.sessions_loader.loading or self.loader.loading

    def reload(self) -> None:
        """The sessions for the period choice, then the figures."""
        self.sessions_loader.start(load_sessions, self._on_sessions)

    def _on_sessions(self, sessions: list[SessionRow]) -> None:
        current = self.session.currentData()
        self.session.blockSignals(True)
        self.session.clear()
        for row in sorted(sessions, key=lambda r: (r.term, r.number), reverse=True):
            opening = row.opening_date.isoformat() if row.opening_date else "开幕日期未填"
            self.session.addItem(f"{session_name(row.term, row.number)}以来（{opening}）", row.code)
        if not sessions:
            self.session.addItem("还没有会次，请在“基础资料”页添加", None)
        index = self.session.findData(current)
        self.session.setCurrentIndex(index if index >= 0 else 0)
        self.session.blockSignals(False)
        self.compute()

    def request(self) -> PeriodRequest:
        """What the user chose."""
        mode = self.mode.currentIndex()
        if mode == BY_SESSION:
            return PeriodRequest(session=self.session.currentData() or "")
        if mode == BY_DATES:
            return PeriodRequest(start=self.start.date().toPython(), end=self.end.date().toPython())
        return PeriodRequest(year=self.year.currentData())

    def compute(self, *_args: object) -> None:
        if not self.desk.ready:
            return
        request = self.request()
        if request.session == "":
            self.loader.forget()
            self._show_message("还没有会次。请先在“基础资料”页添加会次并填写开幕日期，或按年度统计。")
            return
        self._stale = False
        from desktop_app.ui.tasks import error_text

        self.loader.start(compute_figures(request), lambda figures: self._show(request, figures),
                          on_failed=lambda exc: self._show_message(error_text(exc)[0]))

    def _show_message(self, text: str) -> None:
        for button in (self.workbook_button, self.annual_button, self.proposals_button):
            button.setEnabled(False)  # the figures shown are no longer those of the chosen period
        self.message.setText(text)
        self.message.show()
        self.sig_filled.emit()

    def _show(self, request: PeriodRequest, figures: Figures) -> None:
        period, sheets, summary = figures.period, figures.sheets, figures.summary
        self.message.hide()
        self.sheets, self.summary = sheets, summary
        self.period_text = summary[0] if summary else ""
        note = f"<br><span style='color:#8a5a00'>{period.note}</span>" if period.note else ""
        self.period_label.setText(f"<b>{figures.name}</b>　{self.period_text}{note}")
        self.overview.setText("\n\n".join(line for line in summary[1:] if line != period.note))
        drawn = {data.key: data for sheet in sheets for data in sheet.charts}
        self.overview_charts.set_charts([drawn[key] for key in OVERVIEW_CHARTS if key in drawn])
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
        self.shown_request, self.shown_label = request, figures.name
        self.sig_filled.emit()

    def sheet_view(self, title: str) -> SheetView:
        for index in range(self.tabs.count()):
            widget = self.tabs.widget(index)
            if self.tabs.tabText(index) == title and isinstance(widget, SheetView):
                return widget
        raise KeyError(title)

    def export_workbook(self, *, path: Path | None = None) -> Task | None:
        """The statistics workbook of the period shown (its figures are the ones on the page)."""
        from desktop_app.ui.operations.reports import export_workbook

        return export_workbook(self.desk, parent=self, request=self.shown_request, label=self.shown_label, path=path)

    def export_annual(self, *, path: Path | None = None) -> Task | None:
        """The annual work summary of the period shown."""
        from desktop_app.ui.operations.reports import export_annual

        return export_annual(self.desk, parent=self, request=self.shown_request, label=self.shown_label, path=path)

    def export_proposals_report(self, *, path: Path | None = None) -> Task | None:
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

    def _on_desk_changed(self, changes: Changes) -> None:
        # Every record can move a figure. Recount now if shown, else when the page is next opened.
        if changes.touches("sessions", "settings"):
            self.reload()
        elif self.isVisible():
            self.compute()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._stale:
            self.compute()
