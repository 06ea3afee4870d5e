"""提案 page: the list with filters and search, a proposal's detail with its history and the steps legal now,
the overdue / due-soon panels and the per-unit view."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Hashable

from PySide6.QtCore import QItemSelectionModel, QPoint, Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QGridLayout, QHBoxLayout, QHeaderView,
                               QFileDialog, QLabel, QMenu, QPushButton, QSplitter, QTableView, QTableWidget,
                               QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from desktop_app.domain.enums import ProposalKind, ProposalState
from desktop_app.domain.cn_format import session_name, session_short
from desktop_app.ui.desk import Desk
from desktop_app.ui.dialogs.proposal_step import Field, StepDialog
from desktop_app.ui.models.proposal_table import HEADERS, ProposalTableModel
from desktop_app.ui.models.proposal_table import PAGE_ROWS
from desktop_app.ui.operations.proposals import (SIMILAR_HINT, SOON_DAYS, ProposalBoard, ProposalLists,
                                                 ProposalView, StepForm, load_board, load_view)
from desktop_app.ui.widgets.filter_bar import filter_combo, refill, search_box
from desktop_app.ui.tasks import Task
from desktop_app.ui.widgets.record_list_page import Action, LatestLoad, Loader, RecordListPage, count_text
from desktop_app.ui.widgets.record_lists import read_only_rows

if TYPE_CHECKING:
    from desktop_app.services.changes import Changes
    from desktop_app.services.proposals.dto import DueItem, ProposalDetail, ProposalFilter, ProposalRow
    from desktop_app.services.ledgers.pipeline import ImportPlan
    from desktop_app.ui.dialogs.proposal_form import ProposalForm
    from desktop_app.ui.operations.proposal_list import Order, ProposalList

# In the order of the workflow, not the enum's.
STATES = [(ProposalState(code).label, code) for code in ("submitted", "returned", "accepted", "assigned", "replied",
                                                         "closed", "merged", "not_accepted", "withdrawn")]
# Column widths in the model's order (会次 十四届四次; 状态 holds a tag as wide as 退回修改); 案由 takes what is left.
_WIDTHS = [72, 64, 200, 64, 64, 72, 84, 72, 110, 84, 40]
TITLE_COLUMN = HEADERS.index("案由")
# Shown until the user chooses otherwise (right-click on the header): what fits beside the detail on a
# 1366-px screen at 125 % (1093 px), 状态, 承办单位 and 办理期限 in view; 会次 is what the 会次 filter chooses.
HIDDEN_AT_FIRST = ("会次", "类型", "类别", "提交日期", "重点")
HIDDEN_KEY = "proposals/hidden_columns"  # per PC, in the window's QSettings (as its geometry)


def _table(headers: list[str], name: str, widths: list[int], *, stretch: int) -> QTableWidget:
    """A read-only table; column `stretch` (the text) takes the width the fixed `widths` leave."""
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    read_only_rows(table, widths)  # rows as tall as the list beside it
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def _fill(table: QTableWidget, rows: list[list[str]], keys: list[Hashable] | None = None, *,
          numbers: tuple[int, ...] = ()) -> None:
    """Rows of text; the columns in `numbers` (counts, days) right-aligned."""
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            if c in numbers:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(value)  # the whole text where the column cuts it short
            if keys is not None and c == 0:
                item.setData(Qt.ItemDataRole.UserRole, keys[r])
            table.setItem(r, c, item)


class ProposalsPage(RecordListPage["ProposalRow"]):
    """Reloads when proposals, units, members or sessions changed; `today` is the date overdue is judged by."""

    sig_detail_shown = Signal()
    sig_open_record = Signal(str, int)  # the 社情民意信息 a not-accepted proposal became, opened on its page
    near_rows = 5 * PAGE_ROWS  # a row this far past the fetched ones is fetched at once; farther, off the GUI thread
    record_noun = "提案"
    count_noun = "件"
    load_title = "读取提案"

    def __init__(self, desk: Desk):
        super().__init__(desk)
        self.today = date.today()
        self.lists = ProposalLists()
        self.board_loader: LatestLoad[ProposalBoard] = LatestLoad(desk, title=self.load_title, parent=self)
        self.jump_loader: LatestLoad[list[ProposalRow]] = LatestLoad(desk, title=self.load_title, parent=self)
        self._board_due = False
        self.view: ProposalView | None = None
        self.step_dialog: StepDialog | None = None
        self.submit_dialog: ProposalForm | None = None  # 新增提案 / 编辑 (the one proposal form)
        self._build()
        self.follow_desk()

    @property
    def detail(self) -> ProposalDetail | None:
        """The proposal shown in the detail tab."""
        return self.view.detail if self.view is not None else None

    # ----- widgets -----
    def _build(self) -> None:
        self.search, self._debounce = search_box(self, placeholder="搜索：案由、提案者、拼音或首字母、案号",
                                                 on_idle=self.apply_filter, interval_ms=200, clear_button=True)
        self.session_combo, self.state_combo = self._combo("会次"), self._combo("状态")
        self.category_combo, self.kind_combo, self.unit_combo = self._combo("类别"), self._combo("类型"), self._combo("承办单位")
        refill(self.state_combo, STATES)
        refill(self.kind_combo, list(ProposalKind.choices()))
        self.key_check, self.overdue_check = QCheckBox("重点提案"), QCheckBox("逾期")
        for check in (self.key_check, self.overdue_check):
            check.toggled.connect(self.apply_filter)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        for widget in (self.session_combo, self.state_combo, self.category_combo, self.kind_combo, self.unit_combo,
                       self.key_check, self.overdue_check):
            filters.addWidget(widget, 1 if isinstance(widget, QComboBox) else 0)

        self.new_button = QPushButton("新增提案")
        self.new_button.clicked.connect(self._on_new_clicked)
        self.batch_unit = QComboBox()
        self.batch_unit.setMinimumContentsLength(10)  # a unit's whole name, e.g. 县乡村振兴局
        self.batch_button = QPushButton("批量交办")
        self.batch_button.clicked.connect(self._on_batch_clicked)
        self.import_button, self.export_button = QPushButton("导入台账"), QPushButton("导出台账")
        self.notices_button = QPushButton("生成交办通知")
        self.notices_button.setObjectName("noticesButton")
        for button, verb in ((self.import_button, "导入到"), (self.export_button, "导出"),
                             (self.notices_button, "为每个承办单位生成一份交办通知（Word），会次为")):
            button.setToolTip(f"{verb}“会次”筛选中选定的会次；未选定时为设置中的本次会议")
        self.import_button.clicked.connect(lambda: self._on_import_clicked())
        self.export_button.clicked.connect(lambda: self._on_export_clicked())
        self.notices_button.clicked.connect(lambda: self._on_notices_clicked())
        self.notices_dialog = None
        actions = QHBoxLayout()
        for widget in (self.new_button, QLabel("选中的已立案提案交给："), self.batch_unit, self.batch_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        actions.addWidget(self.count_label)
        actions.addWidget(self.import_button)
        actions.addWidget(self.export_button)
        actions.addWidget(self.notices_button)

        model = ProposalTableModel(self)
        table = QTableView()
        table.setObjectName("proposalTable")
        table.setModel(model)
        read_only_rows(table, _WIDTHS, several=True)  # several rows: 批量交办
        header = table.horizontalHeader()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the default order until a header is clicked
        table.setSortingEnabled(True)
        model.on_sort = self._on_sort
        table.setTextElideMode(Qt.TextElideMode.ElideRight)  # a long 案由 ends in …, whole in its tool tip
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        header.setSectionResizeMode(TITLE_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(36)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._on_header_menu)
        header.setToolTip("右键单击表头可选择显示哪些列")
        area = self.attach_list(table, model)
        self._show_columns(self.hidden_columns())

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_detail(), "详情")
        self.tabs.addTab(self._build_due(), "到期提醒")
        self.tabs.addTab(self._build_units(), "承办单位")
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(area)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.splitter = splitter
        self.lay_out(filters, actions, splitter)

    def _build_detail(self) -> QWidget:
        box = QWidget()
        self.summary = QLabel("请在左侧选择一件提案。")
        self.summary.setObjectName("proposalSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                             | Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.summary.linkActivated.connect(self._on_summary_link)
        self.action_area = QGridLayout()
        self.action_buttons: dict[str, QPushButton] = {}
        self.form_button = QPushButton("提案表")
        self.satisfaction_button = QPushButton("满意度测评表")
        self.form_button.clicked.connect(lambda: self._proposal_paper(satisfaction=False))
        self.satisfaction_button.clicked.connect(lambda: self._proposal_paper(satisfaction=True))
        papers = QHBoxLayout()
        papers.addWidget(QLabel("文书："))
        papers.addWidget(self.form_button)
        papers.addWidget(self.satisfaction_button)
        papers.addStretch(1)
        self.history = _table(["日期", "操作", "办理后状态", "经办人", "说明"], "proposalHistory",
                              [84, 72, 80, 72], stretch=4)
        layout = QVBoxLayout(box)
        layout.addWidget(self.summary)
        layout.addLayout(self.action_area)
        layout.addLayout(papers)
        layout.addWidget(QLabel("办理经过："))
        layout.addWidget(self.history, 1)
        self._set_paper_buttons()
        return box

    def _build_due(self) -> QWidget:
        box = QWidget()
        headers = ["案号", "案由", "承办单位", "办理期限", "天数"]
        widths = [48, 0, 96, 84, 72]
        self.overdue_table = _table(headers, "overdueTable", widths, stretch=1)
        self.soon_table = _table(headers, "dueSoonTable", widths, stretch=1)
        self.overdue_label, self.soon_label = QLabel(), QLabel()
        layout = QVBoxLayout(box)
        for label, table in ((self.overdue_label, self.overdue_table), (self.soon_label, self.soon_table)):
            layout.addWidget(label)
            layout.addWidget(table, 1)
        return box

    def _build_units(self) -> QWidget:
        box = QWidget()
        self.unit_table = _table(["承办单位", "收到", "已答复", "逾期"], "unitTable", [0, 56, 56, 56], stretch=0)
        notice, reminder = QPushButton("交办通知"), QPushButton("催办单")
        notice.clicked.connect(lambda: self._unit_paper(reminder=False))
        reminder.clicked.connect(lambda: self._unit_paper(reminder=True))
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel("所选单位的文书："))
        buttons.addWidget(notice)
        buttons.addWidget(reminder)
        buttons.addStretch(1)
        layout = QVBoxLayout(box)
        layout.addWidget(self.unit_table, 1)
        layout.addLayout(buttons)
        return box

    def _combo(self, label: str) -> QComboBox:
        return filter_combo(label, on_change=self.apply_filter, min_chars=5)

    # ----- columns -----
    def hidden_columns(self) -> list[str]:
        """The headers of the columns hidden on this PC (HIDDEN_AT_FIRST until the user chose)."""
        saved = self.desk.settings.value(HIDDEN_KEY)
        if saved is None:
            return list(HIDDEN_AT_FIRST)
        names = [saved] if isinstance(saved, str) else list(saved)
        return [n for n in names if n in HEADERS and n != "案由"]

    def set_column_shown(self, header: str, shown: bool) -> None:
        """Show or hide one column, and remember the choice on this PC."""
        hidden = [n for n in self.hidden_columns() if n != header] + ([] if shown else [header])
        self.desk.settings.setValue(HIDDEN_KEY, [n for n in HEADERS if n in hidden] or "")
        self.desk.settings.sync()
        self._show_columns(hidden)

    def _show_columns(self, hidden: list[str]) -> None:
        for column, name in enumerate(HEADERS):
            self.table.setColumnHidden(column, name in hidden)

    def column_menu(self) -> QMenu:
        """The header's right-click menu: one tick per column (案由 always shown)."""
        menu = QMenu(self)
        menu.setObjectName("columnMenu")
        menu.addSection("显示的列")
        hidden = self.hidden_columns()
        for name in HEADERS:
            action = menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(name not in hidden)
            action.setEnabled(name != "案由")
            action.toggled.connect(lambda shown, n=name: self.set_column_shown(n, shown))
        return menu

    def _on_header_menu(self, at: QPoint) -> None:
        menu = self.column_menu()
        menu.exec(self.table.horizontalHeader().mapToGlobal(at))
        menu.deleteLater()

    # ----- data -----
    def query(self) -> Loader[ProposalList]:
        """The ids the filters let through, sorted in SQL, and the first page of rows, off the GUI thread."""
        from desktop_app.ui.operations.proposal_list import load_list

        return load_list(self.current_filter(), self.model.order, self.today)

    def reload(self) -> Task | None:
        """The list, then the lists the filters and forms choose from, the due panels and the unit figures."""
        self._board_due = True
        # after a write, as many rows as the user had scrolled to (the list does not shrink under them)
        return self._load_list(first=min(max(PAGE_ROWS, self.model.rowCount()), 10 * PAGE_ROWS))

    def apply_filter(self) -> None:
        """Load the list again for the filters now set (in SQL: the old rows stay until the new ones come)."""
        self._debounce.stop()
        self._load_list()

    def _on_sort(self, order: Order | None) -> None:
        self._load_list()

    def _load_list(self, first: int = PAGE_ROWS) -> Task | None:
        from desktop_app.ui.operations.proposal_list import load_list

        if not self.desk.ready:
            return None
        return self.loader.start(load_list(self.current_filter(), self.model.order, self.today, first),
                                 self._on_list_loaded)

    def _on_list_loaded(self, result: ProposalList) -> None:
        from desktop_app.ui.operations.proposal_list import row_fetcher

        kept = [r.id for r in self.selected_rows()]
        self.jump_loader.forget()
        self.model.set_page(result.ids, result.rows, row_fetcher(self.desk, self.today))
        self.count_label.setText(count_text(len(result.ids), result.total, self.count_noun))
        self.show_list_state(len(result.ids), records_exist=bool(result.total))
        if not self._reselect(kept):
            self._on_selection()
        self.sig_filled.emit()
        if self._board_due:
            self._board_due = False
            self.board_loader.start(load_board(self.today), self._on_board_loaded)

    def _reselect(self, record_ids: list[int]) -> bool:
        """Select again the records selected before the list was loaded (fetching up to them when near)."""
        for record_id in record_ids:
            position = self.model.position_of(record_id)
            if position is not None and position < self.model.rowCount() + self.near_rows:
                self.model.fetch_to(position)
        return self.select_rows(self.model.row_of(i) for i in record_ids)

    def _on_board_loaded(self, board: ProposalBoard) -> None:
        self.lists = board.lists
        refill(self.session_combo, [(session_short(s.term, s.number), s.id) for s in board.lists.sessions])
        refill(self.category_combo, list(board.lists.names("proposal_category")))
        refill(self.unit_combo, [(u.name, u.id) for u in board.lists.units])
        chosen = self.batch_unit.currentData()
        self.batch_unit.clear()
        for unit in board.lists.units:
            self.batch_unit.addItem(unit.name, unit.id)
        if chosen is not None and self.batch_unit.findData(chosen) >= 0:
            self.batch_unit.setCurrentIndex(self.batch_unit.findData(chosen))
        self._fill_panels(board)

    def _fill_panels(self, board: ProposalBoard) -> None:
        def rows(items: list[DueItem]) -> list[list[str]]:
            return [[f"{i.case_number:03d}" if i.case_number else "", i.title, i.unit_name, i.due_on.isoformat(),
                     f"逾期{-i.days_left}天" if i.days_left < 0 else f"剩{i.days_left}天"] for i in items]

        _fill(self.overdue_table, rows(board.overdue), [i.proposal_id for i in board.overdue], numbers=(0, 4))
        _fill(self.soon_table, rows(board.soon), [i.proposal_id for i in board.soon], numbers=(0, 4))
        self.overdue_label.setText(f"逾期未答复（截至{self.today.isoformat()}）：{len(board.overdue)} 项")
        self.soon_label.setText(f"{SOON_DAYS}天内到期：{len(board.soon)} 项")
        _fill(self.unit_table, [[u.unit_name, str(u.received), str(u.replied), str(u.overdue)] for u in board.loads],
              [u.unit_id for u in board.loads], numbers=(1, 2, 3))

    def cares_about(self, changes: Changes) -> bool:
        return changes.touches("proposals", "units", "members", "organizations", "sessions", "settings",
                               "vocabularies")

    def current_filter(self) -> ProposalFilter:
        from desktop_app.services.proposals.dto import ProposalFilter

        return ProposalFilter(session_id=self.session_combo.currentData(), state=self.state_combo.currentData(),
                              category=self.category_combo.currentData(), kind=self.kind_combo.currentData(),
                              unit_id=self.unit_combo.currentData(), key_only=self.key_check.isChecked(),
                              overdue_only=self.overdue_check.isChecked(), text=self.search.text())

    def filtered(self) -> bool:
        return self.current_filter() != type(self.current_filter())()

    def clear_filters(self) -> None:
        from desktop_app.ui.widgets.filter_bar import reset

        self.search.clear()
        for check in (self.key_check, self.overdue_check):
            check.blockSignals(True)
            check.setChecked(False)
            check.blockSignals(False)
        reset(self.session_combo, self.state_combo, self.category_combo, self.kind_combo, self.unit_combo)
        self.apply_filter()

    def empty_actions(self) -> list[Action]:
        return [("新增提案", self._on_new_clicked), ("导入台账", lambda: self._on_import_clicked())]

    # ----- detail -----
    def select_proposal(self, proposal_id: int) -> bool:
        """Select a proposal the list holds, fetching the rows up to it first (off the GUI thread when far);
        False when the filters leave it out."""
        position = self.model.position_of(proposal_id)
        if position is None:
            return False
        fetched = self.model.rowCount()
        if position >= fetched + self.near_rows:
            from desktop_app.ui.operations.proposal_list import load_rows

            wanted = self.model.ids()[fetched:position + PAGE_ROWS]

            def loaded(rows: list[ProposalRow]) -> None:
                if self.model.add_fetched(fetched, wanted, rows):
                    self._select_row(proposal_id)

            self.jump_loader.start(load_rows(wanted, self.today), loaded)
            return True
        self.model.fetch_to(position)
        return self._select_row(proposal_id)

    def _select_row(self, proposal_id: int) -> bool:
        row = self.model.row_of(proposal_id)
        if row is None:
            return False
        self.table.selectionModel().select(self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                                           | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def _on_summary_link(self, link: str) -> None:
        """record:opinion/ID opens the opinion this proposal became."""
        kind, _, raw = link.removeprefix("record:").partition("/")
        if link.startswith("record:") and raw.isdigit():
            self.sig_open_record.emit(kind, int(raw))

    def detail_query(self, row: ProposalRow) -> Loader[ProposalView]:
        return load_view(row.id)

    def clear_detail(self) -> None:
        """Several rows (or none) chosen: the detail stays on the proposal last shown."""

    def show_detail(self, view: ProposalView) -> None:
        self.view = view
        detail = view.detail
        units = "；".join(f"{a.unit_name}（{a.role_label}，{a.due_on.isoformat()}前）" for a in detail.assignments
                         if a.status == "active")
        lines = [f"<b>{detail.title}</b>", f"{self._session_title(detail)}　" + (f"第{detail.case_number:03d}号　" if detail.case_number else "")
                 + f"状态：{detail.state_label}", f"提案者：{detail.proposer}"
                 + (f"　联名：{'、'.join(detail.cosigners)}" if detail.cosigners else ""),
                 f"类别：{detail.category or '未定'}　提交：{detail.submitted_on.isoformat()}"]
        if units:
            lines.append(f"承办：{units}")
        if detail.merged_into_case:
            lines.append(f"已并入第{detail.merged_into_case:03d}号")
        if detail.converted_opinion_id:
            lines.append(f"已转为社情民意信息（<a href='record:opinion/{detail.converted_opinion_id}'>"
                         "在“社情民意”页查看</a>）")
        alike = [t.named for t in view.merge_targets if t.score >= SIMILAR_HINT]
        if alike:
            lines.append(f"与{'、'.join(alike[:3])}相似，可考虑并案。")
        self.summary.setText("<br>".join(lines))
        for button in self.action_buttons.values():
            self.action_area.removeWidget(button)
            button.deleteLater()
        self.action_buttons = {}
        from desktop_app.domain.proposal_workflow import action_label

        for index, action in enumerate(detail.legal_actions):
            button = QPushButton(action_label(action))
            button.setObjectName(f"action_{action}")
            button.clicked.connect(lambda _c=False, a=action: self.open_step(a))
            missing = self._step_form(action).missing_choice()
            if missing:  # legal in this state, but nothing to choose yet (no reply to re-grade, no unit declined)
                button.setEnabled(False)
                button.setToolTip(f"这件提案目前没有可选的“{missing}”")
            self.action_buttons[action] = button
            self.action_area.addWidget(button, index // 4, index % 4)
        _fill(self.history, [[e.on_date.isoformat() if e.on_date else "", e.action_label, e.to_state_label,
                              e.actor or "", e.note or ""] for e in detail.events])
        self._set_paper_buttons()
        self.sig_detail_shown.emit()

    def _set_paper_buttons(self) -> None:
        self.form_button.setEnabled(self.detail is not None)
        self.satisfaction_button.setEnabled(self.detail is not None and any(
            a.status == "active" for a in self.detail.assignments))

    def _session_title(self, detail: ProposalDetail) -> str:
        """十四届四次会议."""
        from desktop_app.domain.period import parse_session_code

        return session_name(*parse_session_code(detail.session_code))

    def _step_form(self, action: str) -> StepForm:
        from desktop_app.ui.operations.proposals import STEP_FORMS

        assert self.view is not None
        return STEP_FORMS[action](self.view, self.lists, self.today)

    def open_step(self, action: str) -> StepDialog | None:
        """The dialog of one step; accepting it runs the step."""
        from desktop_app.domain.proposal_workflow import action_label
        from desktop_app.ui.tasks import info

        detail = self.detail
        if detail is None:
            return None
        if action == "edit":  # 编辑 is the new-proposal form, filled
            from desktop_app.ui.dialogs.proposal_submit import open_edit_dialog

            self.submit_dialog = open_edit_dialog(self.desk, parent=self, lists=self.lists, today=self.today,
                                                  detail=detail)
            return None
        form = self._step_form(action)
        missing = form.missing_choice()
        if missing is not None:  # the button is disabled then; a keyboard or test call still gets the reason
            info(self, f"这件提案目前没有可选的“{missing}”，无法{action_label(action)}。", title=action_label(action))
            return None
        required: list[Field] = [f for f in form.fields if f.kind == "choice" and not f.optional]
        dialog = StepDialog(f"{action_label(action)}：{detail.title}", form.fields, parent=self, today=self.today)
        self.step_dialog = dialog

        def accepted() -> None:
            values = dialog.values()
            missing = next((f for f in required if values.get(f.key) is None), None)
            if missing is not None:
                info(self, f"请选择“{missing.label}”后再确定。", title=action_label(action))
                return
            form.submit(self.desk, self, values)

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    # ----- other actions -----
    def chosen_session(self) -> tuple[str | None, str]:
        """(code, name) of the session chosen in the filter; (None, "本次会议") when none is chosen."""
        row = self.lists.session(self.session_combo.currentData())
        return (row.code, session_name(row.term, row.number)) if row else (None, "本次会议")

    def _on_import_clicked(self, path: Path | None = None,
                           confirm: Callable[[ImportPlan], bool] | None = None) -> Task | None:
        from desktop_app.ui.operations.proposals import import_ledger

        return import_ledger(self.desk, parent=self, session_code=self.chosen_session()[0], path=path, confirm=confirm)

    def _on_export_clicked(self, path: Path | None = None) -> Task | None:
        from desktop_app.ui.operations.proposals import export_ledger

        code, title = self.chosen_session()
        return export_ledger(self.desk, parent=self, session_code=code, title=title, path=path)

    def _on_notices_clicked(self, folder: Path | None = None) -> QFileDialog | Task | None:
        """生成交办通知 for the session chosen in the filter (or 设置's current one): asks for a folder first."""
        from desktop_app.ui.operations.proposals import write_notices

        result = write_notices(self.desk, parent=self, session_code=self.chosen_session()[0], today=self.today,
                               folder=folder)
        if folder is None:
            self.notices_dialog = result
        return result

    def _on_new_clicked(self) -> ProposalForm:
        from desktop_app.ui.dialogs.proposal_submit import open_submit_dialog

        self.submit_dialog = open_submit_dialog(self.desk, parent=self, lists=self.lists, today=self.today)
        return self.submit_dialog

    def _on_batch_clicked(self) -> None:
        from desktop_app.ui.operations.proposals import assign_many
        from desktop_app.ui.tasks import info

        chosen = [r.id for r in self.selected_rows() if r.state == "accepted"]
        if not chosen or self.batch_unit.currentData() is None:
            info(self, "请先在列表中选择一件或多件“已立案”的提案，并选择承办单位。", title="批量交办")
            return
        assign_many(self.desk, parent=self, proposal_ids=chosen, unit_id=self.batch_unit.currentData(), on=self.today)

    def _proposal_paper(self, satisfaction: bool) -> None:
        from desktop_app.ui.operations.proposals import save_proposal_form, save_satisfaction_form

        detail = self.detail
        if detail is None:
            return
        if satisfaction:
            save_satisfaction_form(self.desk, parent=self, proposal_id=detail.id,
                                   suggested=f"满意度测评表-{detail.title}.docx")
        else:
            save_proposal_form(self.desk, parent=self, proposal_id=detail.id, suggested=f"提案表-{detail.title}.docx")

    def _unit_paper(self, reminder: bool) -> None:
        from desktop_app.ui.operations.proposals import save_notice, save_reminder
        from desktop_app.ui.tasks import info

        row = self.unit_table.currentRow()
        if row < 0:
            info(self, "请先在列表中选择一个承办单位。", title="文书")
            return
        item = self.unit_table.item(row, 0)
        unit_id = item.data(Qt.ItemDataRole.UserRole)
        if reminder:
            save_reminder(self.desk, parent=self, unit_id=unit_id, suggested=f"催办单-{item.text()}.docx",
                          today=self.today)
        else:
            save_notice(self.desk, parent=self, unit_id=unit_id, suggested=f"交办通知-{item.text()}.docx",
                        today=self.today)
