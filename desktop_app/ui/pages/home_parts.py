"""The pieces of the 首页 (pages/home_page.py), imported once the window has painted: the lists' columns and
rules, the tiles, a list with its empty sentence, a figure card with its chart."""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Callable, Protocol, Sequence, TypeVar

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QHBoxLayout, QLabel, QStackedLayout, QStyle,
                               QStyledItemDelegate, QStyleOptionViewItem, QTableView, QVBoxLayout, QWidget)

from desktop_app.ui.models.row_table import Column, RowTableModel, SortKey, sort_key, state
from desktop_app.ui.pages.home_page import QUIET, tone
from desktop_app.ui.widgets.record_lists import make_table

if TYPE_CHECKING:
    from desktop_app.services.today import FigureCard as YearCard

R = TypeVar("R")


class TodoRow(Protocol):
    """A row of one of the lists (services/today.py): which record it opens."""

    @property
    def kind(self) -> str: ...  # proposal, consultation, activity, member

    @property
    def record_id(self) -> int: ...

ACCENT = "#3B6EA8"
URGENT = "#B5484B"
FOLLOW_UP_DAYS = 30  # services/today.FOLLOW_UP_DAYS (not imported here: the services wait for the store)
TILE_HEIGHT, SMALL_TILE_HEIGHT = 40, 30  # the tiles close up on a small screen, so all seven stay in view


def _right() -> int:
    return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class _Numbered(Protocol):
    @property
    def case_number(self) -> int | None: ...


def _case(row: _Numbered) -> str:
    return f"{row.case_number:03d}" if row.case_number else ""


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _days(n: int) -> str:
    return f"{n} 天"


class Rows(RowTableModel[TodoRow]):
    """Rows of one list; the columns in `right` (numbers and dates) are right-aligned."""

    def __init__(self, columns: Sequence[Column[TodoRow]], right: set[int], parent: QObject | None = None):
        super().__init__(columns, parent, row_numbers=False)
        self._right = right

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.TextAlignmentRole and index.isValid():
            return _right() if index.column() in self._right else None
        return super().data(index, role)


def _col(header: str, text: Callable[[R], str], key: Callable[[R], SortKey] | None = None) -> Column[R]:
    return header, text, key or (lambda r: sort_key(text(r)))


# key → (tile title, unit, sentence when empty, the rule (tool tip), hint under the title, urgent when not empty,
#        columns, right-aligned columns, widths, stretched column)
ListSpec = tuple[str, str, str, str, str, str, bool, list[Column], set[int], list[int], int]
def _proposal_list(key: str, title: str, empty: str, rule: str, hint: str, urgent: bool, fourth: Column,
                   fifth: Column, *, width: int = 72) -> ListSpec:
    """A list of proposals by handling unit: 案号, 案由, 承办单位, then a date and a count or a second date."""
    columns = [_col("案号", _case, lambda r: r.case_number or 0), _col("案由", lambda r: r.title),
               _col("承办单位", lambda r: r.unit_name), fourth, fifth]
    return key, title, "件", empty, rule, hint, urgent, columns, {0, 3, 4}, [56, 240, 130, 92, width], 1


LISTS: list[ListSpec] = [
    _proposal_list("overdue", "逾期未答复", "没有逾期的提案。",
                   "已交办的提案，主办或分办单位过了办理期限仍未答复（每个单位一行）。",
                   "按逾期天数从多到少排列", True,
                   _col("办理期限", lambda r: _day(r.due_on)), _col("已逾期", lambda r: _days(r.days), lambda r: r.days)),
    _proposal_list("due_soon", "14天内到期", "14 天内没有到期的提案。",
                   "已交办、尚未答复的提案，办理期限在今天到 14 天之内（每个单位一行）。",
                   "按剩余天数从少到多排列", False,
                   _col("办理期限", lambda r: _day(r.due_on)),
                   _col("剩余", lambda r: "今天到期" if r.days == 0 else _days(r.days), lambda r: r.days)),
    _proposal_list("awaiting_verdict", "待委员反馈", "没有等待委员反馈的答复。",
                   "承办单位已答复、委员尚未反馈满意度的提案（每条答复一行）。",
                   "按答复日期从早到晚排列", False,
                   _col("答复日期", lambda r: _day(r.replied_on)), _col("已等待", lambda r: _days(r.days), lambda r: r.days)),
    _proposal_list("rehandling", "不满意待重办", "没有需要重新办理的提案。",
                   "委员对答复不满意、承办单位尚未重新答复的提案。",
                   "按反馈日期从早到晚排列", True,
                   _col("反馈日期", lambda r: _day(r.verdict_on)), _col("办理期限", lambda r: _day(r.due_on)), width=92),
    ("follow_ups", "协商待跟进", "次", "没有需要跟进的协商。",
     f"落实情况不是“已落实”，且距上次登记落实情况（没有登记过的，距协商日期）已满 {FOLLOW_UP_DAYS} 天的协商。",
     "按未跟进的时间从长到短排列", False,
     [_col("协商日期", lambda r: _day(r.held_on)), _col("议题", lambda r: r.topic),
      _col("协商议事室", lambda r: r.platform), state("落实情况", lambda r: r.status_label, lambda r: r.status_label),
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


class TileDelegate(QStyledItemDelegate):
    """A tile: the list's name on the left, its count large on the right (red when urgent)."""

    height = TILE_HEIGHT

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802 (Qt's name)
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
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
        painter.drawText(QRect(rect.right() - 64, rect.top(), 54, rect.height()), _right(),
                         "…" if count is None else str(count))
        painter.restore()


class TodoList(QWidget):
    """One list: its table, or a calm sentence when it is empty."""

    def __init__(self, spec: ListSpec, parent: QWidget | None = None):
        super().__init__(parent)
        key, _title, _unit, empty_text, _rule, _hint, _urgent, columns, right, widths, stretch = spec
        self.key = key
        self.model = Rows(columns, right, self)
        self.table: QTableView = make_table(self.model, widths, stretch=stretch)
        self.table.setObjectName(f"home_{key}")
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(False)  # the order is the list's own (most urgent first)
        self.empty = QLabel(empty_text)
        self.empty.setObjectName(f"home_{key}_empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        tone(self.empty, QUIET, points=11)
        self._layout = QStackedLayout(self)
        self._layout.addWidget(self.table)
        self._layout.addWidget(self.empty)

    def set_rows(self, rows: Sequence[TodoRow]) -> None:
        self.model.set_rows(list(rows))
        self._layout.setCurrentWidget(self.table if rows else self.empty)

    def rows(self) -> list[TodoRow]:
        return self.model.rows()


class FigureCard(QFrame):
    """A key figure of the year: name, the number large, two companions, a small chart."""

    def __init__(self, key: str, title: str, parent: QWidget | None = None):
        from desktop_app.ui.widgets.chart_view import ChartView

        super().__init__(parent)
        self.key = key
        self.setObjectName("figureCard")
        self.title = tone(QLabel(title), "#333333", bold=True)
        self.number = QLabel("—")
        self.number.setObjectName("cardNumber")
        tone(self.number, ACCENT, points=20, bold=True)
        self.unit = tone(QLabel(""), QUIET)
        self.lines = QLabel("")
        self.lines.setObjectName("cardLines")
        self.chart = ChartView("")
        tone(self.chart.caption, QUIET, points=8.5)
        self.chart.picture.setMinimumHeight(84)
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

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name): a white card with a light border
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QColor("#dcdcdc"))
        painter.setBrush(QColor("white"))
        painter.drawRoundedRect(self.rect().adjusted(0, 0, -1, -1), 6, 6)
        painter.end()

    def show_figures(self, card: "YearCard") -> None:
        self.title.setText(card.title)
        self.number.setText(card.number)
        self.unit.setText(card.unit)
        self.lines.setText("　　".join(f"{name} <b>{value}</b>" for name, value in card.lines))
        self.chart.set_chart(card.chart)
