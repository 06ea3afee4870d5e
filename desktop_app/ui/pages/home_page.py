"""首页: what needs doing today, and the year at a glance.

Left, the lists of today's work (services/today.py says the rule of each), each counted on its tile; a row
opens its record on its own page (double-click or Enter). Below, this year's key figures as cards with
small charts. The lists come first; the figures follow, and their charts are drawn in the background
(widgets/chart_view.py), so neither the start nor a switch to this page waits for matplotlib.
"""
from __future__ import annotations

from datetime import date
from typing import Any, Callable

from PySide6.QtCore import QEvent, QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QPushButton, QSizePolicy, QStackedLayout, QStackedWidget, QStyle,
                               QStyledItemDelegate, QStyleOptionViewItem, QTableView, QVBoxLayout, QWidget)

from desktop_app.ui.desk import Desk
from desktop_app.ui.models.row_table import RowTableModel, sort_key
from desktop_app.ui.widgets.chart_view import ChartView
from desktop_app.ui.widgets.record_lists import follow_desk, make_table

WEEKDAYS = "一二三四五六日"
ACCENT = "#3B6EA8"
URGENT = "#B5484B"
QUIET = "#6b6b6b"
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
FOLLOW_UP_DAYS = 30  # services/today.FOLLOW_UP_DAYS (not imported here: the services wait for the store)
TILE_HEIGHT, SMALL_TILE_HEIGHT = 40, 30  # the tiles close up on a small screen, so all seven stay in view


def _case(row) -> str:
    return f"{row.case_number:03d}" if row.case_number else ""


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _days(n: int) -> str:
    return f"{n} 天"


class _Rows(RowTableModel):
    """Rows of one list; the columns in `right` (numbers and dates) are right-aligned."""

    def __init__(self, columns, right: set[int], parent=None):
        super().__init__(columns, parent, row_numbers=False)
        self._right = right

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and index.isValid():
            return RIGHT if index.column() in self._right else None
        return super().data(index, role)


def _col(header: str, text: Callable[[Any], str], key: Callable[[Any], Any] | None = None):
    return header, text, key or (lambda r: sort_key(text(r)))


# key → (tile title, unit, sentence when empty, the rule (tool tip), hint under the title, urgent when not empty,
#        columns, right-aligned columns, widths, stretched column)
LISTS: list[tuple[str, str, str, str, str, str, bool, list, set[int], list[int], int]] = [
    ("overdue", "逾期未答复", "件", "没有逾期的提案。",
     "已交办的提案，主办或分办单位过了办理期限仍未答复（每个单位一行）。",
     "按逾期天数从多到少排列", True,
     [_col("案号", _case, lambda r: r.case_number or 0), _col("案由", lambda r: r.title),
      _col("承办单位", lambda r: r.unit_name), _col("办理期限", lambda r: _day(r.due_on)),
      _col("已逾期", lambda r: _days(r.days), lambda r: r.days)],
     {0, 3, 4}, [56, 240, 130, 92, 72], 1),
    ("due_soon", "14天内到期", "件", "14 天内没有到期的提案。",
     "已交办、尚未答复的提案，办理期限在今天到 14 天之内（每个单位一行）。",
     "按剩余天数从少到多排列", False,
     [_col("案号", _case, lambda r: r.case_number or 0), _col("案由", lambda r: r.title),
      _col("承办单位", lambda r: r.unit_name), _col("办理期限", lambda r: _day(r.due_on)),
      _col("剩余", lambda r: "今天到期" if r.days == 0 else _days(r.days), lambda r: r.days)],
     {0, 3, 4}, [56, 240, 130, 92, 72], 1),
    ("awaiting_verdict", "待委员反馈", "件", "没有等待委员反馈的答复。",
     "承办单位已答复、委员尚未反馈满意度的提案（每条答复一行）。",
     "按答复日期从早到晚排列", False,
     [_col("案号", _case, lambda r: r.case_number or 0), _col("案由", lambda r: r.title),
      _col("承办单位", lambda r: r.unit_name), _col("答复日期", lambda r: _day(r.replied_on)),
      _col("已等待", lambda r: _days(r.days), lambda r: r.days)],
     {0, 3, 4}, [56, 240, 130, 92, 72], 1),
    ("rehandling", "不满意待重办", "件", "没有需要重新办理的提案。",
     "委员对答复不满意、承办单位尚未重新答复的提案。",
     "按反馈日期从早到晚排列", True,
     [_col("案号", _case, lambda r: r.case_number or 0), _col("案由", lambda r: r.title),
      _col("承办单位", lambda r: r.unit_name), _col("反馈日期", lambda r: _day(r.verdict_on)),
      _col("办理期限", lambda r: _day(r.due_on))],
     {0, 3, 4}, [56, 240, 130, 92, 92], 1),
    ("follow_ups", "协商待跟进", "次", "没有需要跟进的协商。",
     f"落实情况不是“已落实”，且距上次登记落实情况（没有登记过的，距协商日期）已满 {FOLLOW_UP_DAYS} 天的协商。",
     "按未跟进的时间从长到短排列", False,
     [_col("协商日期", lambda r: _day(r.held_on)), _col("议题", lambda r: r.topic),
      _col("协商议事室", lambda r: r.platform), _col("落实情况", lambda r: r.status_label),
      _col("上次跟进", lambda r: _day(r.last_follow_up) or "未登记"),
      _col("未跟进", lambda r: _days(r.days), lambda r: r.days)],
     {0, 4, 5}, [92, 180, 170, 70, 92, 72], 1),
    ("activities", "近两周活动", "次", "本周和下周没有安排活动。",
     "本周一到下周日举办的委员之家活动和全县性活动。",
     "按日期排列", False,
     [_col("日期", lambda r: r.day_text, lambda r: r.held_on), _col("", lambda r: r.week),
      _col("活动名称", lambda r: r.title), _col("委员之家", lambda r: r.home_name),
      _col("活动类型", lambda r: r.activity_kind)],
     set(), [124, 44, 240, 130, 90], 2),
    ("idle_members", "未履职委员", "人", "今年每位在任委员都有履职记录。",
     "今年在任、但没有任何履职记录的委员：没有出席或请假的会议和活动，没有领衔或联名提案，"
     "没有参加协商，没有报送社情民意信息。",
     "按姓名拼音排列", False,
     [_col("姓名", lambda r: r.name), _col("界别", lambda r: r.sector),
      _col("常委", lambda r: "常委" if r.standing else "")],
     set(), [110, 220, 60], 1),
]
LIST_KEYS = [spec[0] for spec in LISTS]


class _TileDelegate(QStyledItemDelegate):
    """A tile: the list's name on the left, its count large on the right (red when urgent)."""

    height = TILE_HEIGHT

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(170, self.height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        painter.save()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        rect = option.rect.adjusted(2, 2, -2, -2)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QColor(ACCENT) if selected else QColor("#dcdcdc"))
        painter.setBrush(QColor("#e8eff8") if selected else QColor("white"))
        painter.drawRoundedRect(rect, 5, 5)
        count, urgent = index.data(Qt.ItemDataRole.UserRole), index.data(Qt.ItemDataRole.UserRole + 1)
        font = QFont(option.font)
        painter.setFont(font)
        painter.setPen(QColor("#222222"))
        painter.drawText(rect.adjusted(10, 0, -60, 0), int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                         index.data(Qt.ItemDataRole.DisplayRole))
        big = QFont(option.font)
        big.setPointSizeF(option.font.pointSizeF() * 1.45)
        big.setBold(True)
        painter.setFont(big)
        colour = URGENT if urgent and count else (ACCENT if count else "#9a9a9a")
        painter.setPen(QColor(colour))
        painter.drawText(QRect(rect.right() - 64, rect.top(), 54, rect.height()), RIGHT,
                         "…" if count is None else str(count))
        painter.restore()


class _TodoList(QWidget):
    """One list: its table, or a calm sentence when it is empty."""

    def __init__(self, spec, parent: QWidget | None = None):
        super().__init__(parent)
        key, _title, _unit, empty_text, _rule, _hint, _urgent, columns, right, widths, stretch = spec
        self.key = key
        self.model = _Rows(columns, right, self)
        self.table: QTableView = make_table(self.model, widths, stretch=stretch)
        self.table.setObjectName(f"home_{key}")
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(False)  # the order is the list's own (most urgent first)
        self.empty = QLabel(empty_text)
        self.empty.setObjectName(f"home_{key}_empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet(f"color: {QUIET}; font-size: 11pt;")
        self._layout = QStackedLayout(self)
        self._layout.addWidget(self.table)
        self._layout.addWidget(self.empty)

    def set_rows(self, rows) -> None:
        self.model.set_rows(list(rows))
        self._layout.setCurrentWidget(self.table if rows else self.empty)

    def rows(self) -> list[Any]:
        return self.model.rows()


class _FigureCard(QFrame):
    """A key figure of the year: name, the number large, two companions, a small chart."""

    def __init__(self, key: str, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.key = key
        self.setObjectName("figureCard")
        self.setStyleSheet("#figureCard { background: white; border: 1px solid #dcdcdc; border-radius: 6px; }"
                           "#figureCard QLabel { background: transparent; border: none; }")
        self.title = QLabel(title)
        self.title.setStyleSheet(f"color: {QUIET};")
        self.number = QLabel("—")
        self.number.setObjectName("cardNumber")
        self.number.setStyleSheet(f"color: {ACCENT}; font-size: 20pt; font-weight: bold;")
        self.unit = QLabel("")
        self.unit.setStyleSheet(f"color: {QUIET};")
        self.lines = QLabel("")
        self.lines.setObjectName("cardLines")
        self.chart = ChartView("")
        self.chart.caption.setStyleSheet(f"color: {QUIET}; font-size: 8.5pt;")
        self.chart.picture.setMinimumHeight(84)
        self.title.setStyleSheet("color: #333333; font-weight: bold;")
        top = QHBoxLayout()
        top.setSpacing(4)
        top.addWidget(self.title, 0, Qt.AlignmentFlag.AlignBaseline)
        top.addStretch(1)
        top.addWidget(self.number, 0, Qt.AlignmentFlag.AlignBaseline)
        top.addWidget(self.unit, 0, Qt.AlignmentFlag.AlignBaseline)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 6)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.lines)
        layout.addWidget(self.chart, 1)

    def show_figures(self, card) -> None:
        self.title.setText(card.title)
        self.number.setText(card.number)
        self.unit.setText(card.unit)
        self.lines.setText("　".join(f"{name} <b>{value}</b>" for name, value in card.lines))
        self.chart.set_chart(card.chart)


class HomePage(QWidget):
    """Today's work and the year's figures; refreshed when records change and whenever it is shown."""

    sig_lists_filled = Signal()  # the lists show freshly read rows
    sig_figures_filled = Signal()  # the cards show the year's figures (their charts follow)
    sig_open_record = Signal(str, int)  # (kind, id): the window shows the record on its page

    def __init__(self, desk: Desk):
        super().__init__()
        self.desk = desk
        self.work: Any = None
        self.figures: Any = None
        self._loading = False
        self._figures_loading = False
        self._figures_stale = True
        self._serial = 0
        self._figures_serial = 0
        self._shown_day: date | None = None
        self._tile_chosen = False  # the user picked a list: keep it across refreshes
        self._build()
        follow_desk(self)

    # ----- widgets -----
    def _build(self) -> None:
        self.date_label = QLabel()
        self.date_label.setObjectName("homeDate")
        self.date_label.setStyleSheet("font-size: 14pt; font-weight: bold; color: #222222;")
        self.summary = QLabel("正在读取今天的待办事项……")
        self.summary.setObjectName("homeSummary")
        self.summary.setStyleSheet(f"color: {QUIET};")
        self.refresh_button = QPushButton("刷新")
        self.refresh_button.setToolTip("重新读取待办事项和今年的数字（其他电脑改动了数据时）")
        self.refresh_button.clicked.connect(lambda: self.refresh(figures=True))
        header = QHBoxLayout()
        header.addWidget(self.date_label)
        header.addSpacing(12)
        header.addWidget(self.summary, 1)
        header.addWidget(self.refresh_button)

        self.tiles = QListWidget()
        self.tiles.setObjectName("homeTiles")
        self.tiles.setItemDelegate(_TileDelegate(self.tiles))
        self.tiles.setFixedWidth(184)
        self.tiles.setFrameShape(QFrame.Shape.NoFrame)
        self.tiles.setStyleSheet("QListWidget { background: transparent; }")
        self.tiles.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.tiles.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tiles.setMinimumHeight(120)
        self.lists: dict[str, _TodoList] = {}
        self.list_stack = QStackedWidget()
        for spec in LISTS:
            key, title, _unit, _empty, rule, _hint, urgent = spec[:7]
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, None)
            item.setData(Qt.ItemDataRole.UserRole + 1, urgent)
            item.setToolTip(rule)
            self.tiles.addItem(item)
            todo = _TodoList(spec)
            todo.table.activated.connect(lambda index, todo=todo: self._open(todo, index.row()))
            self.lists[key] = todo
            self.list_stack.addWidget(todo)
        self.tiles.currentRowChanged.connect(self._on_tile)
        self.tiles.itemPressed.connect(self._on_tile_chosen)
        self.tiles.installEventFilter(self)
        self.list_title = QLabel()
        self.list_title.setObjectName("homeListTitle")
        self.list_title.setStyleSheet("font-size: 11pt; font-weight: bold;")
        self.list_hint = QLabel()
        self.list_hint.setStyleSheet(f"color: {QUIET};")
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

        self.year_label = QLabel()
        self.year_label.setObjectName("homeYear")
        self.year_label.setStyleSheet("font-size: 11pt; font-weight: bold;")
        self.year_note = QLabel("数字与“统计”页按年度统计的相同。")
        self.year_note.setStyleSheet(f"color: {QUIET};")
        year_row = QHBoxLayout()
        year_row.addWidget(self.year_label)
        year_row.addSpacing(8)
        year_row.addWidget(self.year_note, 1)
        self.cards: dict[str, _FigureCard] = {}
        cards = QHBoxLayout()
        cards.setSpacing(10)
        for key, title in (("proposals", "提案"), ("homes", "委员之家活动"), ("consultations", "有事来商量"),
                           ("opinions", "社情民意信息")):
            card = _FigureCard(key, title)
            card.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            self.cards[key] = card
            cards.addWidget(card, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(6)
        layout.addLayout(header)
        layout.addLayout(work, 5)
        layout.addSpacing(4)
        layout.addLayout(year_row)
        layout.addLayout(cards, 4)
        self._show_date(date.today())
        self.tiles.setCurrentRow(0)

    def _fit_tiles(self) -> None:
        delegate = self.tiles.itemDelegate()
        fits = self.tiles.height() >= len(LISTS) * TILE_HEIGHT + 4
        height = TILE_HEIGHT if fits else SMALL_TILE_HEIGHT
        if isinstance(delegate, _TileDelegate) and delegate.height != height:
            delegate.height = height
            self.tiles.doItemsLayout()

    def _show_date(self, today: date) -> None:
        self.date_label.setText(f"{today.year}年{today.month}月{today.day}日　星期{WEEKDAYS[today.weekday()]}")
        self.year_label.setText(f"{today.year}年主要数字")

    def _on_tile_chosen(self, *_args) -> None:
        self._tile_chosen = True

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt's name)
        if obj is self.tiles and event.type() == QEvent.Type.KeyPress:
            self._tile_chosen = True
        elif obj is self.tiles and event.type() == QEvent.Type.Resize:
            self._fit_tiles()
        return False

    def _on_tile(self, row: int) -> None:
        if row < 0:
            return
        spec = LISTS[row]
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

    def refresh(self, *, figures: bool = False) -> None:
        """Read the lists again (one read transaction); the figures too when asked or out of date."""
        if not self.desk.ready:
            return
        if figures:
            self._figures_stale = True
        self._loading = True
        self._serial += 1
        serial = self._serial

        def load(ctx, progress, cancelled):
            from desktop_app.services.today import TodayService

            return TodayService(ctx).work()

        self.desk.run(load, title="读取今日待办", parent=self,
                      on_done=lambda work: self._on_work(serial, work), on_failed=self._on_failed)

    def _on_failed(self, exc: BaseException) -> None:
        from desktop_app.ui.tasks import error_text

        self._loading = False
        self.summary.setText(error_text(exc, log_path=self.desk.log_path)[0])
        self.sig_lists_filled.emit()

    def _on_work(self, serial: int, work) -> None:
        if serial != self._serial:
            return
        self.work = work
        if work.today != self._shown_day:
            self._figures_stale = self._figures_stale or self._shown_day is not None
            self._shown_day = work.today
            self._show_date(work.today)
        for row, spec in enumerate(LISTS):
            rows = getattr(work, spec[0])
            self.lists[spec[0]].set_rows(rows)
            item = self.tiles.item(row)
            item.setData(Qt.ItemDataRole.UserRole, len(rows))
            item.setText(spec[1])
        self.summary.setText(self._summary_text(work))
        if not self._tile_chosen:  # until the user picks a list: the first with something in it
            first = next((row for row, spec in enumerate(LISTS) if getattr(work, spec[0])), 0)
            self.tiles.blockSignals(True)
            self.tiles.setCurrentRow(first)
            self.tiles.blockSignals(False)
        self._on_tile(self.tiles.currentRow())
        self._loading = False
        self.sig_lists_filled.emit()
        if self._figures_stale:
            self.reload_figures()

    def _summary_text(self, work) -> str:
        parts = [f"{title} {len(getattr(work, key))} {unit}" for key, title, unit, *_rest in LISTS[:5]
                 if getattr(work, key)]
        return "今天要办：" + "，".join(parts) + "。" if parts else "今天没有到期或待跟进的事项。"

    def reload_figures(self) -> None:
        if not self.desk.ready:
            return
        self._figures_stale = False
        self._figures_loading = True
        self._figures_serial += 1
        serial = self._figures_serial

        def load(ctx, progress, cancelled):
            from desktop_app.services.today import TodayService

            return TodayService(ctx).year_figures()

        def failed(exc: BaseException) -> None:
            from desktop_app.ui.tasks import error_text

            self._figures_loading = False
            self.year_note.setText(error_text(exc, log_path=self.desk.log_path)[0])
            self.sig_figures_filled.emit()

        self.desk.run(load, title="读取今年的数字", parent=self, on_failed=failed,
                      on_done=lambda figures: self._on_figures(serial, figures))

    def _on_figures(self, serial: int, figures) -> None:
        if serial != self._figures_serial:
            return
        self.figures = figures
        self.year_label.setText(f"{figures.year}年主要数字")
        for card in figures.cards:
            self.cards[card.key].show_figures(card)
        self._figures_loading = False
        self.sig_figures_filled.emit()

    def _on_desk_changed(self, changes) -> None:
        if not self.desk.ready:
            return
        self._figures_stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self.desk.ready and not self._loading:
            self.refresh()  # cheap, and the day may have changed since the lists were read

    # ----- opening a record -----
    def list_of(self, key: str) -> _TodoList:
        return self.lists[key]

    def show_list(self, key: str) -> None:
        self._tile_chosen = True
        self.tiles.setCurrentRow(LIST_KEYS.index(key))

    def _open(self, todo: _TodoList, row: int) -> None:
        if 0 <= row < todo.model.rowCount():
            record = todo.model.row_at(row)
            self.sig_open_record.emit(record.kind, record.record_id)

    def charts(self) -> list[ChartView]:
        return [card.chart for card in self.cards.values()]
