"""首页: what needs doing today, and the year at a glance.

Left, the lists of today's work (services/today.py says the rule of each), each counted on its tile; a row
opens its record on its own page (double-click or Enter). Below, this year's key figures as cards with
small charts. The lists come first; the figures follow, and their charts are drawn in the background
(widgets/chart_view.py), so neither the start nor a switch to this page waits for matplotlib.
"""
from __future__ import annotations

from datetime import date
from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPalette, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.ui.desk import Desk
from desktop_app.ui.operations.today import cares_about, load_work, load_work_early, load_year_figures
from desktop_app.ui.widgets.record_list_page import LatestLoad

if TYPE_CHECKING:
    from desktop_app.services.changes import Changes
    from desktop_app.services.today import TodayWork, YearFigures
    from desktop_app.ui.pages.home_parts import FigureCard, TodoList
    from desktop_app.ui.widgets.chart_view import ChartView

# Only the header is built with the window; the lists and cards (pages/home_parts.py, with the imports they
# need) just after its first paint, while the store opens on its worker.
WEEKDAYS = "一二三四五六日"
QUIET = "#6b6b6b"
NEW_DAY_CHECK_MS = 5 * 60 * 1000


def _parts() -> ModuleType:
    from desktop_app.ui.pages import home_parts

    return home_parts


def tone(label: QLabel, colour: str, *, points: float | None = None, bold: bool = False) -> QLabel:
    """A label's colour, size and weight (a palette and a font: cheaper than a style sheet, and at start-up)."""
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(colour))
    label.setPalette(palette)
    if points is not None or bold:
        font = QFont(label.font())
        if points is not None:
            font.setPointSizeF(points)
        font.setBold(bold)
        label.setFont(font)
    return label


class HomePage(QWidget):
    """Today's work and the year's figures; refreshed when records change and whenever it is shown."""

    sig_lists_filled = Signal()  # the lists show freshly read rows
    sig_figures_filled = Signal()  # the cards show the year's figures (their charts follow)
    sig_open_record = Signal(str, int)  # (kind, id): the window shows the record on its page

    def __init__(self, desk: Desk):
        super().__init__()
        self.desk = desk
        self.work: TodayWork | None = None
        self.figures: YearFigures | None = None
        self.work_loader: LatestLoad[TodayWork] = LatestLoad(desk, title="读取今日待办", parent=self)
        self.figures_loader: LatestLoad[YearFigures] = LatestLoad(desk, title="读取今年的数字", parent=self)
        self._figures_stale = True
        self._shown_day: date | None = None
        self._tile_chosen = False  # the user picked a list: keep it across refreshes
        self._body_built = False
        self._build()
        if not desk.ready:  # the window's first paint comes first; the lists and cards are built just after it
            self.installEventFilter(self)
        self._new_day = QTimer(self)  # a window left open overnight shows the new day's work
        self._new_day.setInterval(NEW_DAY_CHECK_MS)
        self._new_day.timeout.connect(self._on_clock)
        self._new_day.start()
        desk.sig_store_readable.connect(self._read_early)
        desk.sig_store_ready.connect(self.reload)
        desk.sig_changed.connect(self._on_desk_changed)
        if desk.ready:  # built after the store opened
            self.reload()

    @property
    def lists_loading(self) -> bool:
        """True while the newest read of the lists has not been shown yet (sig_lists_filled follows)."""
        return self.work_loader.loading

    _loading = lists_loading

    @property
    def _figures_loading(self) -> bool:
        return self.figures_loader.loading

    def _on_clock(self) -> None:
        if self.isVisible() and self._shown_day is not None and date.today() != self._shown_day and not self._loading:
            self.refresh(figures=True)

    # ----- widgets -----
    def _build(self) -> None:
        """The header; the body (lists and cards) is built by _ensure_body, once the window has painted."""
        self.date_label = tone(QLabel(), "#222222", points=14, bold=True)
        self.date_label.setObjectName("homeDate")
        self.summary = tone(QLabel("正在读取今天的待办事项……"), QUIET)
        self.summary.setObjectName("homeSummary")
        self.refresh_button = QPushButton("刷新")
        self.refresh_button.setToolTip("重新读取待办事项和今年的数字（其他电脑改动了数据时）")
        self.refresh_button.clicked.connect(lambda: self.refresh(figures=True))
        header = QHBoxLayout()
        header.addWidget(self.date_label)
        header.addSpacing(12)
        header.addWidget(self.summary, 1)
        header.addWidget(self.refresh_button)
        self.body = QWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(6)
        layout.addLayout(header)
        layout.addWidget(self.body, 1)
        self._show_date(date.today())

    def _ensure_body(self) -> None:
        if self._body_built:
            return
        self._body_built = True
        from PySide6.QtWidgets import QFrame, QListWidget, QListWidgetItem, QSizePolicy, QStackedWidget

        self.tiles = QListWidget()
        self.tiles.setObjectName("homeTiles")
        self.tiles.setItemDelegate(_parts().TileDelegate(self.tiles))
        self.tiles.setFixedWidth(184)
        self.tiles.setFrameShape(QFrame.Shape.NoFrame)
        palette = self.tiles.palette()
        palette.setColor(QPalette.ColorRole.Base, palette.color(QPalette.ColorRole.Window))  # tiles on the page
        self.tiles.setPalette(palette)
        self.tiles.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.tiles.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tiles.setMinimumHeight(120)
        self.lists: dict[str, TodoList] = {}
        self.list_stack = QStackedWidget()
        for spec in _parts().LISTS:
            key, title, _unit, _empty, rule, _hint, urgent = spec[:7]
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, None)
            item.setData(Qt.ItemDataRole.UserRole + 1, urgent)
            item.setToolTip(rule)
            self.tiles.addItem(item)
            todo = _parts().TodoList(spec)
            todo.table.activated.connect(lambda index, todo=todo: self._open(todo, index.row()))
            self.lists[key] = todo
            self.list_stack.addWidget(todo)
        self.tiles.currentRowChanged.connect(self._on_tile)
        self.tiles.itemPressed.connect(self._on_tile_chosen)
        self.tiles.installEventFilter(self)
        self.list_title = tone(QLabel(), "#222222", points=11, bold=True)
        self.list_title.setObjectName("homeListTitle")
        self.list_hint = tone(QLabel(), QUIET)
        title_row = QHBoxLayout()
        title_row.addWidget(self.list_title)
        title_row.addSpacing(8)
        title_row.addWidget(self.list_hint, 1)
        panel = QVBoxLayout()
        panel.setSpacing(4)
        panel.addLayout(title_row)
        panel.addWidget(self.list_stack, 1)
        work = QHBoxLayout()
        work.setSpacing(8)
        work.addWidget(self.tiles)
        work.addLayout(panel, 1)

        self.year_label = tone(QLabel(), "#222222", points=11, bold=True)
        self.year_label.setObjectName("homeYear")
        self.year_note = tone(QLabel("数字与“统计”页按年度统计的相同。"), QUIET)
        year_row = QHBoxLayout()
        year_row.addWidget(self.year_label)
        year_row.addSpacing(8)
        year_row.addWidget(self.year_note, 1)
        self.cards: dict[str, FigureCard] = {}
        cards = QHBoxLayout()
        cards.setSpacing(10)
        for key, title in (("proposals", "提案"), ("homes", "委员之家活动"), ("consultations", "有事来商量"),
                           ("opinions", "社情民意信息")):
            card = _parts().FigureCard(key, title)
            card.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            self.cards[key] = card
            cards.addWidget(card, 1)

        layout = QVBoxLayout(self.body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(work, 5)
        layout.addSpacing(4)
        layout.addLayout(year_row)
        layout.addLayout(cards, 4)
        self._show_date(self._shown_day or date.today())
        self.tiles.setCurrentRow(0)

    def _fit_tiles(self) -> None:
        parts, delegate = _parts(), self.tiles.itemDelegate()
        fits = self.tiles.height() >= len(parts.LISTS) * parts.TILE_HEIGHT + 4
        height = parts.TILE_HEIGHT if fits else parts.SMALL_TILE_HEIGHT
        if isinstance(delegate, parts.TileDelegate) and delegate.height != height:
            delegate.height = height
            self.tiles.doItemsLayout()

    def _show_date(self, today: date) -> None:
        self.date_label.setText(f"{today.year}年{today.month}月{today.day}日　星期{WEEKDAYS[today.weekday()]}")
        if self._body_built:
            self.year_label.setText(f"{today.year}年主要数字")

    def _on_tile_chosen(self, *_args: object) -> None:
        self._tile_chosen = True

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if obj is self:
            if event.type() == QEvent.Type.Paint and not self._body_built:
                self.removeEventFilter(self)
                QTimer.singleShot(0, self._ensure_body)  # after this paint, while the store opens on its worker
        elif event.type() == QEvent.Type.KeyPress:  # the tiles
            self._tile_chosen = True
        elif event.type() == QEvent.Type.Resize:
            self._fit_tiles()
        return False

    def _on_tile(self, row: int) -> None:
        if row < 0:
            return
        spec = _parts().LISTS[row]
        key, title, unit, _empty, rule, hint = spec[:6]
        self.list_stack.setCurrentIndex(row)
        count = len(self.lists[key].rows()) if self.work is not None else None
        self.list_title.setText(title if count is None else f"{title} {count} {unit}")
        self.list_hint.setText(f"{hint}；双击或按回车打开。" if count else "")
        self.list_title.setToolTip(rule)
        self.list_hint.setToolTip(rule)

    # ----- data -----
    def reload(self) -> None:
        """The lists now; the figures after them (the store opened, or the settings changed)."""
        self._figures_stale = True
        self.refresh()

    def _read_early(self) -> None:
        """The lists from the data folder's file while the store is being opened (the window's start; the store
        opens once they are read). Read again, with the figures, when it is open (reload)."""
        self._ensure_body()
        self.work_loader.start(load_work_early, self._on_work, on_failed=lambda _exc: None, early=True)

    def refresh(self, *, figures: bool = False) -> None:
        """Read the lists again (one read transaction); the figures too when asked or out of date."""
        if not self.desk.ready:
            return
        self._ensure_body()
        if figures:
            self._figures_stale = True
        self.work_loader.start(load_work, self._on_work, on_failed=self._on_failed)

    def _on_failed(self, exc: BaseException) -> None:
        from desktop_app.ui.tasks import error_text

        self.summary.setText(error_text(exc, log_path=self.desk.log_path)[0])
        self.sig_lists_filled.emit()

    def _on_work(self, work: TodayWork) -> None:
        same = work == self.work  # read again as the store opened, say: the rows and their selection stay
        self.work = work
        if work.today != self._shown_day:
            self._figures_stale = self._figures_stale or self._shown_day is not None
            self._shown_day = work.today
            self._show_date(work.today)
        for row, spec in enumerate(_parts().LISTS):
            rows = getattr(work, spec[0])
            if not same:
                self.lists[spec[0]].set_rows(rows)
            item = self.tiles.item(row)
            item.setData(Qt.ItemDataRole.UserRole, len(rows))
            item.setText(spec[1])
        self.summary.setText(self._summary_text(work))
        if not self._tile_chosen:  # until the user picks a list: the first with something in it
            first = next((row for row, spec in enumerate(_parts().LISTS) if getattr(work, spec[0])), 0)
            self.tiles.blockSignals(True)
            self.tiles.setCurrentRow(first)
            self.tiles.blockSignals(False)
        self._on_tile(self.tiles.currentRow())
        self.sig_lists_filled.emit()
        if self._figures_stale:
            self.reload_figures()

    def _summary_text(self, work: TodayWork) -> str:
        parts = [f"{title} {len(getattr(work, key))} {unit}" for key, title, unit, *_rest in _parts().LISTS[:5]
                 if getattr(work, key)]
        return "今天要办：" + "，".join(parts) + "。" if parts else "今天没有到期或待跟进的事项。"

    def reload_figures(self) -> None:
        if not self.desk.ready:
            return
        self._figures_stale = False

        def failed(exc: BaseException) -> None:
            from desktop_app.ui.tasks import error_text

            self.year_note.setText(error_text(exc, log_path=self.desk.log_path)[0])
            self.sig_figures_filled.emit()

        self.figures_loader.start(load_year_figures, self._on_figures, on_failed=failed)

    def _on_figures(self, figures: YearFigures) -> None:
        self.figures = figures
        self.year_label.setText(f"{figures.year}年主要数字")
        for card in figures.cards:
            self.cards[card.key].show_figures(card)
        self.sig_figures_filled.emit()

    def _on_desk_changed(self, changes: Changes) -> None:
        if not self.desk.ready or not cares_about(changes):
            return
        self._figures_stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self.desk.ready and not self._loading:
            self.refresh()  # cheap, and the day may have changed since the lists were read

    # ----- opening a record -----
    def list_of(self, key: str) -> TodoList:
        self._ensure_body()
        return self.lists[key]

    def show_list(self, key: str) -> None:
        self._ensure_body()
        self._tile_chosen = True
        self.tiles.setCurrentRow(_parts().LIST_KEYS.index(key))

    def _open(self, todo: TodoList, row: int) -> None:
        if 0 <= row < todo.model.rowCount():
            record = todo.model.row_at(row)
            self.sig_open_record.emit(record.kind, record.record_id)

    def charts(self) -> list[ChartView]:
        self._ensure_body()
        return [card.chart for card in self.cards.values()]
