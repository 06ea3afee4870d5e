"""States shown as coloured tags: a rounded pill in the state's colour behind its word (已逾期 red, 已答复 green …).

The colour is the state's meaning, the same in every table: red wants action now, amber is under way or
waiting on someone, blue is in hand, green is done well, grey is finished with or out of play.
"""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTableView

RED, AMBER, BLUE, TEAL, GREEN, PURPLE, GREY = ("#c0392b", "#b9770e", "#2463a6", "#127a72", "#2e7d32", "#7d3c98",
                                              "#6b7280")

# A state's word (or the word it starts with: 已撤销（2024-03-01）, 已合并到“…”) → its colour.
STATE_COLOURS: dict[str, str] = {
    # proposals
    "已逾期": RED, "待审查": GREY, "退回修改": AMBER, "已立案": TEAL, "已交办": BLUE, "已答复": GREEN,
    "已办结": GREY, "已并案": PURPLE, "不立案": GREY, "已撤案": GREY,
    # members, homes, platforms, units
    "在任": GREEN, "已退出": GREY, "在用": GREEN, "停用": GREY, "已撤销": GREY, "已合并": GREY,
    # consultations' 落实情况
    "未落实": RED, "落实中": AMBER, "已落实": GREEN,
    # 社情民意信息: 已采用（市、省）
    "已采用": GREEN, "未采用": GREY,
}
PAD_X, PAD_Y, MARGIN = 6, 3, 3


def tag_width(metrics, word: str) -> int:
    """The width a cell needs to show `word`'s tag whole."""
    return metrics.horizontalAdvance(word) + 2 * PAD_X + 2 * MARGIN


def colour_of(word: str) -> QColor | None:
    """The colour of a state's word; None for a word that is not a state (drawn as plain text)."""
    if not word:
        return None
    found = STATE_COLOURS.get(word)
    if found is None:
        found = next((c for w, c in STATE_COLOURS.items() if word.startswith(w)), None)
    return QColor(found) if found else None


class StateTagDelegate(QStyledItemDelegate):
    """Paints the cell's text as a tag: a pale pill of the state's colour, the word in the colour itself."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        word = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        colour = colour_of(word)
        if colour is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""  # the background (selection, alternate rows) as usual, then the tag over it
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        metrics = option.fontMetrics
        width = min(metrics.horizontalAdvance(word) + 2 * PAD_X, option.rect.width() - 2 * MARGIN)
        height = min(metrics.height() + 2 * PAD_Y, option.rect.height() - 2)
        pill = QRectF(option.rect.left() + MARGIN, option.rect.center().y() - height / 2 + 1, width, height)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fill = QColor(colour)
        fill.setAlpha(34)
        edge = QColor(colour)
        edge.setAlpha(90)
        painter.setPen(edge)
        painter.setBrush(fill)
        painter.drawRoundedRect(pill, height / 2, height / 2)
        painter.setPen(colour.darker(115))
        shown = metrics.elidedText(word, Qt.TextElideMode.ElideRight, int(width - 2 * PAD_X))
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, shown)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex):  # noqa: N802 (Qt's name)
        hint = super().sizeHint(option, index)
        hint.setWidth(hint.width() + 2 * PAD_X + MARGIN)
        return hint


def style_table(view: QAbstractItemView) -> None:
    """Give the view's state columns their tags (a model with `column_kind`, i.e. a RowTableModel). Idempotent."""
    model = view.model()
    kind = getattr(model, "column_kind", None)
    if model is None or kind is None or not isinstance(view, QTableView):
        return
    delegate = getattr(view, "_state_tags", None)
    for column in range(model.columnCount()):
        if kind(column) == "state":
            if delegate is None:
                delegate = StateTagDelegate(view)
                view._state_tags = delegate
            view.setItemDelegateForColumn(column, delegate)
