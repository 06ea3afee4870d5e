"""委员 page: the roster as a table with live search (name, pinyin, unit, phone) and filters."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QTableView

from desktop_app.ui.desk import Desk
from desktop_app.ui.models.member_table import MemberTableModel
from desktop_app.ui.operations.members import Lists
from desktop_app.ui.widgets.filter_bar import filter_combo, refill, reset, search_box
from desktop_app.ui.widgets.record_list_page import Action, LatestLoad, Loader, RecordListPage
from desktop_app.ui.widgets.record_lists import read_only_rows

if TYPE_CHECKING:
    from desktop_app.services.changes import Changes
    from desktop_app.services.members import MemberFilter, MemberRow

SEARCH_DEBOUNCE_MS = 200
STATUS_CHOICES = [("状态：在任", "active"), ("状态：已退出", "left"), ("状态：全部", None)]
STANDING_CHOICES = [("常委：全部", None), ("常委", True), ("非常委", False)]
_COLUMN_WIDTHS = [72, 44, 56, 70, 90, 90, 70, 220, 110, 110, 44, 140, 110, 56]


class MembersPage(RecordListPage["MemberRow"]):
    """The roster; reloads when members (or the lists it filters by) changed."""

    record_noun = "委员"
    count_noun = "人"
    load_title = "读取委员名单"

    def __init__(self, desk: Desk):
        super().__init__(desk)
        self.lists = Lists()
        self.lists_loader: LatestLoad[Lists] = LatestLoad(desk, title="读取筛选项", parent=self)
        self._build()
        self.follow_desk()

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

        model = MemberTableModel(self)
        table = QTableView()
        table.setObjectName("memberTable")
        table.setModel(model)
        # Several rows may be selected (Ctrl/Shift-click) for 导出履职档案; editing takes exactly one. Fixed
        # widths: resizeColumnsToContents costs 0.8 s at 100k members.
        read_only_rows(table, _COLUMN_WIDTHS, several=True)
        table.setAlternatingRowColors(True)
        # Qt sorts as soon as sorting is enabled, by the indicator (descending by default): 姓名 A→Z.
        table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        table.setSortingEnabled(True)
        table.horizontalHeader().setStretchLastSection(True)
        table.doubleClicked.connect(lambda _i: self._on_edit_clicked())
        area = self.attach_list(table, model)

        self.lay_out(filters, actions, area)

    def _combo(self, label: str) -> QComboBox:
        return filter_combo(label, on_change=self.apply_filter, min_chars=6)

    # ----- data -----
    def reload(self, *, lists: bool = True):
        """Load the rows off the GUI thread; then, with `lists`, the filter lists (rows show first)."""
        task = super().reload()
        if lists:
            from desktop_app.ui.operations.members import load_lists

            self.lists_loader.start(load_lists, self._on_lists_loaded)
        return task

    def query(self) -> Loader[list["MemberRow"]]:
        from desktop_app.ui.operations.members import load_roster

        return load_roster

    def _on_lists_loaded(self, lists: Lists) -> None:
        self.lists = lists
        self._fill_lists()

    def _fill_lists(self) -> None:
        refill(self.sector_combo, self.lists.names("sector"))
        refill(self.party_combo, self.lists.names("political_status"))
        refill(self.committee_combo, [(c.name, c.name) for c in self.lists.committees])
        refill(self.home_combo, [(h.name, h.id) for h in self.lists.homes])

    def cares_about(self, changes: Changes) -> bool:
        return changes.touches("members")

    def _on_desk_changed(self, changes: Changes) -> None:
        if not self.desk.ready:
            return
        if changes.touches("vocabularies", "homes", "settings", "platforms", "organizations"):
            self.reload(lists=True)
        elif changes.members:
            self.reload(lists=False)

    def current_filter(self) -> MemberFilter:
        from desktop_app.services.members import MemberFilter

        return MemberFilter(text=self.search.text(), sector=self.sector_combo.currentData(),
                            political_status=self.party_combo.currentData(), home_id=self.home_combo.currentData(),
                            standing=self.standing_combo.currentData(), status=self.status_combo.currentData())

    def visible(self, rows: list[MemberRow]) -> list[MemberRow]:
        self._debounce.stop()
        if not rows:
            return []
        from desktop_app.services.members import apply_filter

        shown = apply_filter(rows, self.current_filter())
        committee = self.committee_combo.currentData()
        return [r for r in shown if committee in r.committees] if committee else shown

    def clear_filters(self) -> None:
        self.search.clear()
        self.status_combo.setCurrentIndex(self.status_combo.findData(None))
        reset(self.sector_combo, self.party_combo, self.committee_combo, self.home_combo, self.standing_combo)

    def empty_actions(self) -> list[Action]:
        return [("新增委员", self._on_add_clicked), ("导入花名册", self._on_import_clicked)]

    def selected_row(self) -> MemberRow | None:
        """The selected member when exactly one row is selected."""
        return self.selected()

    def select_member(self, member_id: int) -> bool:
        row = self.model.row_of(member_id)
        if row is None:
            return False
        self.table.selectionModel().select(self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                                           | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def selection_changed(self, rows: list[MemberRow]) -> None:
        chosen = rows[0] if len(rows) == 1 else None
        self.edit_button.setEnabled(chosen is not None)
        self.leave_button.setEnabled(chosen is not None and chosen.status == "active")
        self.participation_button.setEnabled(chosen is not None)

    # ----- actions -----
    def _on_add_clicked(self) -> None:
        from desktop_app.ui.operations.members import open_member_form

        open_member_form(self.desk, parent=self, member_id=None, lists=self.lists)

    def _on_edit_clicked(self) -> None:
        chosen = self.selected_row()
        if chosen is not None:
            from desktop_app.ui.operations.members import open_member_form

            open_member_form(self.desk, parent=self, member_id=chosen.id, lists=self.lists)

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
