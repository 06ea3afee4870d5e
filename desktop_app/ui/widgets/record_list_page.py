"""The base of the record-list pages (委员, 提案, 委员之家, 有事来商量) and the pieces 基础资料's lists share.

A list page has a filter bar, a table whose rows load off the GUI thread, a count (“共 N 条”), an empty
state that says what to do when there is nothing yet, and a detail that follows the selection. The one
way a page loads is `LatestLoad`: a load replaced by a newer one is cancelled, and whatever it returns
(or raises) later is dropped, so the rows shown are always those of the newest request.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Generic, Sequence, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QHBoxLayout, QLabel, QLayout, QPushButton, QSplitter,
                               QStackedWidget, QVBoxLayout, QWidget)

from desktop_app.ui.desk import Cancelled, Desk, Progress
from desktop_app.ui.models.row_table import RowTableModel
from desktop_app.ui.tasks import Task, show_error

if TYPE_CHECKING:
    from desktop_app.services.changes import Changes
    from desktop_app.services.context import ServiceContext

T = TypeVar("T")
Row = TypeVar("Row")
Action = tuple[str, Callable[[], object]]  # (button text, what it does)
Loader = Callable[["ServiceContext", Progress, Cancelled], T]


class LatestLoad(Generic[T]):
    """Loads off the GUI thread where only the newest load counts.

    `start` cancels the load still running (its task is asked to stop) and forgets it: its result or error,
    should it still arrive, is dropped. `loading` is True from a start until the newest load has been shown.
    """

    def __init__(self, desk: Desk, *, title: str, parent: QWidget):
        self._desk, self._title, self._parent = desk, title, parent
        self._generation = 0
        self._task: Task | None = None
        self.loading = False

    def start(self, load: Loader[T], on_loaded: Callable[[T], None],
              on_failed: Callable[[BaseException], None] | None = None, *, early: bool = False) -> Task | None:
        """`early`: `load(reader, progress, cancelled)` over the folder's file before the store is open
        (Desk.read_early); otherwise `load(ctx, progress, cancelled)`."""
        self._generation += 1
        generation = self._generation
        if self._task is not None and not self._task.finished:
            self._task.cancel()
        self.loading = True

        def done(result: T) -> None:
            if generation == self._generation:
                self.loading = False
                on_loaded(result)

        def failed(exc: BaseException) -> None:
            if generation != self._generation:
                return
            self.loading = False
            if on_failed is not None:
                on_failed(exc)
            else:
                show_error(self._parent, exc, log_path=self._desk.log_path)

        if early:
            self._task = self._desk.read_early(load, title=self._title, on_done=done, on_failed=failed)
        else:
            self._task = self._desk.run(load, title=self._title, parent=self._parent, on_done=done, on_failed=failed)
        if self._task is None:  # the store is not open: nothing is coming
            self.loading = False
        return self._task

    def forget(self) -> None:
        """Drop whatever load is running (its result will not be shown)."""
        self._generation += 1
        if self._task is not None and not self._task.finished:
            self._task.cancel()
        self.loading = False


class EmptyState(QFrame):
    """Shown instead of an empty table, in the table's place: what the list is waiting for, and buttons that do it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("emptyState")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setBackgroundRole(QPalette.ColorRole.Base)  # white like the table it stands in for
        self.setAutoFillBackground(True)
        self.text = QLabel()
        self.text.setObjectName("emptyText")
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.text.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.text.setFont(font)
        self.text.setStyleSheet("color: #555;")
        self._row = QHBoxLayout()
        self._row.addStretch(1)
        self._row.addStretch(1)
        self.buttons: list[QPushButton] = []
        box = QVBoxLayout(self)
        box.addStretch(2)
        box.addWidget(self.text)
        box.addSpacing(8)
        box.addLayout(self._row)
        box.addStretch(3)

    def show_state(self, text: str, actions: Sequence[Action]) -> None:
        self.text.setText(text)
        for button in self.buttons:
            self._row.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        for index, (label, act) in enumerate(actions):
            button = QPushButton(label)
            button.setObjectName(f"emptyAction{index}")
            button.setMinimumWidth(96)
            button.clicked.connect(lambda _c=False, a=act: a())
            self._row.insertWidget(self._row.count() - 1, button)
            self.buttons.append(button)


def count_text(shown: int, total: int, noun: str = "条") -> str:
    """“共 N 条”, or “显示 M 条，共 N 条” while a filter hides some."""
    return f"共 {total} {noun}" if shown == total else f"显示 {shown} {noun}，共 {total} {noun}"


class ListArea(QStackedWidget):
    """A table, and in its place the empty state while there are no rows to show."""

    def __init__(self, table: QAbstractItemView, parent: QWidget | None = None):
        super().__init__(parent)
        self.table = table
        self.empty = EmptyState()
        self.addWidget(table)
        self.addWidget(self.empty)

    def show_rows(self, shown: int, *, empty_text: str, actions: Sequence[Action]) -> None:
        if shown:
            self.setCurrentWidget(self.table)
        else:
            self.empty.show_state(empty_text, actions)
            self.setCurrentWidget(self.empty)

    @property
    def showing_empty(self) -> bool:
        return self.currentWidget() is self.empty


class RecordListPage(QWidget, Generic[Row]):
    """A page over one list of records. A subclass builds its widgets, then calls `attach_list`, and gives:

    - `query()`: the load (run off the GUI thread) for the current filter; `loaded(result)` takes its result,
      fills the page's own lists and returns the rows;
    - `visible(rows)`: the rows the in-memory filters let through (all by default);
    - `cares_about(changes)`: which announced writes make it reload;
    - `record_noun`, `count_noun`, `count_summary()`, `empty_actions()`: the words and buttons of the count and the empty state;
    - `detail_query(row)` and `show_detail(result)` when it shows the selected record's detail.
    """

    sig_filled = Signal()  # the table shows freshly loaded rows
    record_noun = "记录"  # 还没有{record_noun}
    count_noun = "条"
    load_title = "读取记录"

    def __init__(self, desk: Desk):
        super().__init__()
        self.desk = desk
        self._all: list[Row] = []
        self.loader: LatestLoad[object] = LatestLoad(desk, title=self.load_title, parent=self)
        self.detail_loader: LatestLoad[object] = LatestLoad(desk, title=self.load_title, parent=self)
        self.list_area: ListArea | None = None
        self.count_label = QLabel("正在载入……")

    # ----- what a page gives -----
    def query(self) -> Loader[object]:
        raise NotImplementedError

    def loaded(self, result: object) -> list[Row]:
        return list(result)  # type: ignore[call-overload]

    def visible(self, rows: list[Row]) -> list[Row]:
        return rows

    def cares_about(self, changes: Changes) -> bool:
        return False

    def empty_actions(self) -> list[Action]:
        return []

    def filtered(self) -> bool:
        """True when a filter of the page is set (the empty state then offers to clear it)."""
        return False

    def clear_filters(self) -> None:
        """Back to every record (the empty state's 清除筛选)."""

    def count_summary(self, shown: list[Row], total: int) -> str:
        return count_text(len(shown), total, self.count_noun)

    def detail_query(self, row: Row) -> Loader[object] | None:
        return None

    def show_detail(self, result: object) -> None:
        """Show the detail `detail_query` loaded."""

    def clear_detail(self) -> None:
        """Nothing (or several rows) selected."""

    def selection_changed(self, rows: list[Row]) -> None:
        """Enable the buttons that need a selection."""

    # ----- wiring -----
    def attach_list(self, table: QAbstractItemView, model: RowTableModel) -> ListArea:
        """The page's table and model; returns the area to put in the layout (the table or the empty state)."""
        if table.model() is not model:
            table.setModel(model)
        self.table, self.model = table, model
        self.list_area = ListArea(table)
        table.selectionModel().selectionChanged.connect(lambda *_: self._on_selection())
        return self.list_area

    def lay_out(self, filters: QLayout, actions: QLayout, body: QWidget) -> None:
        """Every list page's shape: the filter row, the action row, then `body` (the list, or the list above its
        detail: list_above) taking the height left."""
        filtered_list(self, filters, actions, body)
        self.selection_changed([])

    def follow_desk(self) -> None:
        """Load when the store opens, reload when a write this page cares about is announced; load now if open."""
        self.desk.sig_store_ready.connect(self.reload)
        self.desk.sig_changed.connect(self._on_desk_changed)
        if self.desk.ready:
            self.reload()

    def _on_desk_changed(self, changes: Changes) -> None:
        if self.desk.ready and self.cares_about(changes):
            self.reload()

    @property
    def _loading(self) -> bool:
        """True while the newest load of the rows has not been shown yet."""
        return self.loader.loading

    # ----- loading and showing -----
    def reload(self) -> Task | None:
        """Load the rows for the current filter off the GUI thread (a newer load replaces this one)."""
        return self.loader.start(self.query(), self._on_loaded)

    def _on_loaded(self, result: object) -> None:
        self._all = self.loaded(result)
        self.apply_filter()
        self.sig_filled.emit()

    def show_list_state(self, shown: int, *, records_exist: bool) -> None:
        """The rows, or the empty state saying what to do: clear the filters, or add / import the first record."""
        if self.list_area is None:
            return
        if records_exist or self.filtered():  # records exist, but the filters hide them
            text, actions = f"没有符合筛选条件的{self.record_noun}。可以：", [("清除筛选", self.clear_filters)]
        else:
            actions = self.empty_actions()
            text = f"还没有{self.record_noun}。" + ("可以：" if actions else "")
        self.list_area.show_rows(shown, empty_text=text, actions=actions)

    def apply_filter(self) -> None:
        """Show the loaded rows the in-memory filters let through, the count and, with none, the empty state."""
        shown = self.visible(self._all)
        kept = [getattr(row, "id", None) for row in self.selected_rows()] if self.list_area is not None else []
        self.model.set_rows(shown)
        self.count_label.setText(self.count_summary(shown, len(self._all)))
        self.show_list_state(len(shown), records_exist=bool(self._all))
        if not self._select_ids(kept):
            self._on_selection()

    def _select_ids(self, record_ids: list[int | None]) -> bool:
        """Select again the records that were selected before the rows were replaced; False when none is shown."""
        return self.select_rows(self.model.row_of(i) for i in record_ids if i is not None)

    def select_rows(self, rows) -> bool:
        """Select these rows of the model (None: not shown); False when none is."""
        from PySide6.QtCore import QItemSelection, QItemSelectionModel

        chosen = QItemSelection()
        for row in rows:
            if row is not None:
                chosen.select(self.model.index(row, 0), self.model.index(row, self.model.columnCount() - 1))
        if chosen.isEmpty():
            return False
        self.table.selectionModel().select(chosen, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        return True

    def all_rows(self) -> list[Row]:
        return list(self._all)

    # ----- selection → detail -----
    def selected_rows(self) -> list[Row]:
        """Every selected record, in the order the table shows them."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.model.row_at(row) for row in rows]

    def selected(self) -> Row | None:
        """The selected record when exactly one row is selected."""
        rows = self.selected_rows()
        return rows[0] if len(rows) == 1 else None

    def _on_selection(self) -> None:
        rows = self.selected_rows()
        self.selection_changed(rows)
        query = self.detail_query(rows[0]) if len(rows) == 1 else None
        if query is None:
            self.detail_loader.forget()
            self.clear_detail()
            return
        self.detail_loader.start(query, self.show_detail)


def filtered_list(owner: QWidget, filters: QLayout, actions: QLayout, body: QWidget) -> None:
    """Lay `owner` out as a list page (or a list tab): filters, actions, then `body` taking the height left."""
    layout = QVBoxLayout(owner)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addLayout(filters)
    layout.addLayout(actions)
    layout.addWidget(body, 1)


def list_above(area: QWidget, detail: QWidget, heights: tuple[int, int]) -> QSplitter:
    """The list over the selected record's detail, the user moving the line between them."""
    split = QSplitter(Qt.Orientation.Vertical)
    split.addWidget(area)
    split.addWidget(detail)
    split.setSizes(list(heights))
    return split
