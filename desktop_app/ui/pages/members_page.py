"""委员 page: the roster as a table with live search (name, pinyin, unit, phone) and filters."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QTableView, QVBoxLayout, QWidget)

from desktop_app.ui.desk import Desk
from desktop_app.ui.models.member_table import MemberTableModel
from desktop_app.ui.widgets.filter_bar import filter_combo, refill, search_box
from desktop_app.ui.widgets.record_lists import chosen_row, follow_desk

SEARCH_DEBOUNCE_MS = 200
STATUS_CHOICES = [("状态：在任", "active"), ("状态：已退出", "left"), ("状态：全部", None)]
STANDING_CHOICES = [("常委：全部", None), ("常委", True), ("非常委", False)]
_COLUMN_WIDTHS = [72, 44, 56, 70, 90, 90, 70, 220, 110, 110, 44, 140, 110, 56]


class MembersPage(QWidget):
    """The roster; reloads when members (or the lists it filters by) changed."""

    sig_filled = Signal()  # the table shows freshly loaded rows

    def __init__(self, desk: Desk):
        super().__init__()
        self.desk = desk
        self._all: list[Any] = []
        self.vocabularies: dict[str, Any] = {}
        self.committees: list[Any] = []
        self.homes: list[Any] = []
        self.villages: list[Any] = []
        self._loading = False
        self._load_serial = 0
        self._build()
        follow_desk(self)

    # ----- widgets -----
    def _build(self) -> None:
        self.search, self._debounce = search_box(self, placeholder="搜索：姓名、拼音或首字母（如 wf）、单位、电话",
                                                 on_idle=self.apply_filter, interval_ms=SEARCH_DEBOUNCE_MS,
                                                 clear_button=True)
        self.sector_combo = self._combo("界别")
        self.party_combo = self._combo("政治面貌")
        self.committee_combo = self._combo("专委会")
        self.home_combo = self._combo("委员之家")
        self.standing_combo = QComboBox()
        for label, value in STANDING_CHOICES:
            self.standing_combo.addItem(label, value)
        self.status_combo = QComboBox()
        for label, value in STATUS_CHOICES:
            self.status_combo.addItem(label, value)
        for combo in (self.standing_combo, self.status_combo):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.count_label = QLabel("正在载入……")
        self.count_label.setObjectName("memberCount")

        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        for combo in (self.sector_combo, self.party_combo, self.committee_combo, self.home_combo,
                      self.standing_combo, self.status_combo):
            filters.addWidget(combo, 1)

        self.add_button = QPushButton("新增")
        self.edit_button = QPushButton("编辑")
        self.leave_button = QPushButton("退出委员")
        self.import_button = QPushButton("导入")
        self.export_button = QPushButton("导出")
        self.participation_button = QPushButton("活动与协商")
        self.participation_button.clicked.connect(self._on_participation_clicked)
        self.records_button = QPushButton("导出履职档案")
        self.records_button.setToolTip("每位委员一份 Word 履职档案：会议活动、协商、提案、社情民意信息和履职得分；"
                                       "选中几行时可只导出所选委员")
        self.records_button.clicked.connect(self.open_records_dialog)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.leave_button.clicked.connect(self._on_leave_clicked)
        self.import_button.clicked.connect(self._on_import_clicked)
        self.export_button.clicked.connect(self._on_export_clicked)
        actions = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.leave_button, self.participation_button,
                       self.import_button, self.export_button, self.records_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.count_label)

        self.model = MemberTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("memberTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Several rows may be selected (Ctrl/Shift-click) for 导出履职档案; editing takes exactly one.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        # Qt sorts as soon as sorting is enabled, by the indicator (descending by default): 姓名 A→Z.
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate(_COLUMN_WIDTHS):  # fixed widths: resizeColumnsToContents costs 0.8 s at 100k
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(lambda _i: self._on_edit_clicked())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        self._update_buttons()

    def _combo(self, label: str) -> QComboBox:
        return filter_combo(label, on_change=self.apply_filter, min_chars=6)

    # ----- data -----
    def reload(self, *, lists: bool = True) -> None:
        """Load the rows off the GUI thread; then, with `lists`, the filter lists (rows show first)."""
        self._loading = True
        self._load_serial += 1
        serial = self._load_serial

        def load(ctx, progress, cancelled):
            from desktop_app.services.members import MembersService

            return MembersService(ctx).list_rows()

        self.desk.run(load, title="读取委员名单", parent=self,
                      on_done=lambda rows: self._on_loaded(serial, rows, lists))

    def _on_loaded(self, serial: int, rows: list[Any], lists: bool) -> None:
        if serial == self._load_serial:  # else a newer load is on its way and this one is out of date
            self._loading = False
            self._all = rows
            self.apply_filter()
            self.sig_filled.emit()
        if lists:
            self._reload_lists()

    def _reload_lists(self) -> None:
        def load(ctx, progress, cancelled):
            from desktop_app.services.members import MembersService
            from desktop_app.services.settings import SettingsService

            service = MembersService(ctx)
            return SettingsService(ctx).vocabularies(), service.committees(), service.homes(), service.villages()

        self.desk.run(load, title="读取筛选项", parent=self, on_done=self._on_lists_loaded)

    def _on_lists_loaded(self, lists: tuple[dict[str, Any], list[Any], list[Any], list[Any]]) -> None:
        self.vocabularies, self.committees, self.homes, self.villages = lists
        self._fill_lists()

    def _fill_lists(self) -> None:
        def names(key: str) -> list[tuple[str, Any]]:
            vocab = self.vocabularies.get(key)
            return [(n, n) for n in vocab.names] if vocab else []

        refill(self.sector_combo, names("sector"))
        refill(self.party_combo, names("political_status"))
        refill(self.committee_combo, [(c.name, c.name) for c in self.committees])
        refill(self.home_combo, [(h.name, h.id) for h in self.homes])

    def _on_desk_changed(self, changes) -> None:
        if not self.desk.ready:
            return
        if changes.vocabularies or changes.homes or changes.settings or changes.platforms:
            self.reload(lists=True)
        elif changes.members:
            self.reload(lists=False)

    def current_filter(self):
        from desktop_app.services.members import MemberFilter

        return MemberFilter(text=self.search.text(), sector=self.sector_combo.currentData(),
                            political_status=self.party_combo.currentData(), home_id=self.home_combo.currentData(),
                            standing=self.standing_combo.currentData(), status=self.status_combo.currentData())

    def apply_filter(self) -> None:
        """Reset the table from the full list with the current search text and filters."""
        self._debounce.stop()
        if not self._all:
            self.model.set_rows([])
        else:
            from desktop_app.services.members import apply_filter

            rows = apply_filter(self._all, self.current_filter())
            committee = self.committee_combo.currentData()
            if committee:
                rows = [r for r in rows if committee in r.committees]
            self.model.set_rows(rows)
        shown, total = self.model.rowCount(), len(self._all)
        self.count_label.setText(f"显示 {shown} 人，共 {total} 人" if shown != total else f"共 {total} 人")
        self._update_buttons()

    # ----- actions -----
    def selected_row(self) -> Any | None:
        """The selected member when exactly one row is selected."""
        rows = self.table.selectionModel().selectedRows()
        return chosen_row(self.table, self.model) if len(rows) == 1 else None

    def selected_rows(self) -> list[Any]:
        """Every selected member, in the order the table shows them."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.model.row_at(row) for row in rows]

    def select_member(self, member_id: int) -> bool:
        row = self.model.row_of(member_id)
        if row is None:
            return False
        self.table.selectionModel().select(self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                                           | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def _update_buttons(self) -> None:
        chosen = self.selected_row()
        self.edit_button.setEnabled(chosen is not None)
        self.leave_button.setEnabled(chosen is not None and chosen.status == "active")
        self.participation_button.setEnabled(chosen is not None)

    def _lists(self) -> dict[str, Any]:
        return {"vocabularies": self.vocabularies, "committees": self.committees, "homes": self.homes,
                "villages": self.villages}

    def _on_add_clicked(self) -> None:
        from desktop_app.ui.operations.members import open_member_form

        open_member_form(self.desk, parent=self, member_id=None, **self._lists())

    def _on_edit_clicked(self) -> None:
        chosen = self.selected_row()
        if chosen is not None:
            from desktop_app.ui.operations.members import open_member_form

            open_member_form(self.desk, parent=self, member_id=chosen.id, **self._lists())

    def _on_leave_clicked(self) -> None:
        chosen = self.selected_row()
        if chosen is not None:
            from desktop_app.ui.operations.members import end_term

            end_term(self.desk, parent=self, row=chosen)

    def _on_participation_clicked(self) -> None:
        chosen = self.selected_row()
        if chosen is not None:
            from desktop_app.ui.operations.homes import show_member_participation

            show_member_participation(self.desk, parent=self, member_id=chosen.id, name=chosen.name)

    def _on_import_clicked(self) -> None:
        from desktop_app.ui.operations.members import open_import_wizard

        open_import_wizard(self.desk, parent=self)

    def open_records_dialog(self):
        """导出履职档案: the year, all members in office or the selected ones, and the folder; then written in the
        background with progress and cancel."""
        from desktop_app.ui.operations.members import open_records_dialog

        chosen = [(row.id, row.name) for row in self.selected_rows()]
        return open_records_dialog(self.desk, parent=self, selected=chosen)

    def _on_export_clicked(self) -> None:
        from desktop_app.ui.operations.members import export_roster

        export_roster(self.desk, parent=self, include_left=self.status_combo.currentData() != "active")
