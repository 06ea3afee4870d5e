"""提案 page: the list with filters and search, a proposal's detail with its history and the steps legal now,
the overdue / due-soon panels and the per-unit view."""
from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QGridLayout, QHBoxLayout, QHeaderView,
                               QLabel, QPushButton, QSplitter, QTableView, QTableWidget,
                               QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from desktop_app.ui.desk import Desk
from desktop_app.ui.models.proposal_table import ProposalTableModel
from desktop_app.ui.widgets.filter_bar import filter_combo, refill, search_box
from desktop_app.ui.widgets.record_lists import follow_desk

SOON_DAYS = 14
SIMILAR_HINT = 0.3  # similarity from which the detail suggests 并案
STATES = [("待审查", "submitted"), ("退回修改", "returned"), ("已立案", "accepted"), ("已交办", "assigned"),
          ("已答复", "replied"), ("已办结", "closed"), ("已并案", "merged"), ("不立案", "not_accepted"), ("已撤案", "withdrawn")]
_WIDTHS = [48, 64, 260, 90, 70, 80, 84, 72, 150, 84, 40]  # 状态 holds a tag as wide as 退回修改


def alike_word(score: float) -> str:
    """How alike two proposals read, in words (the score is the share of shared character pairs, 0–1)."""
    if score >= 0.6:
        return "内容很相近"
    if score >= SIMILAR_HINT:
        return "内容相近"
    if score >= 0.15:
        return "内容有些相近"
    return ""


def _merge_choice(similar) -> str:
    """第012号 关于…（内容相近）: a proposal to merge into, as the 并案 choice lists it."""
    word = alike_word(similar.score)
    return f"第{similar.case_number:03d}号 {similar.title}" + (f"（{word}）" if word else "")


def _table(headers: list[str], name: str, widths: list[int], *, stretch: int) -> QTableWidget:
    """A read-only table; column `stretch` (the text) takes the width the fixed `widths` leave."""
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(24)  # as the list beside it
    for column, width in enumerate(widths):
        table.setColumnWidth(column, width)
    table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def _fill(table: QTableWidget, rows: list[list[str]], keys: list[Any] | None = None, *,
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


class ProposalsPage(QWidget):
    """Reloads when proposals or units changed; `today` is the date overdue is judged by."""

    sig_filled = Signal()
    sig_detail_shown = Signal()

    def __init__(self, desk: Desk):
        super().__init__()
        self.desk = desk
        self.today = date.today()
        self._all: list[Any] = []
        self.lists: dict[str, Any] = {}
        self.detail: Any = None
        self.step_dialog = None
        self.submit_dialog = None
        self._loading = False
        self._serial = 0
        self._build()
        follow_desk(self)

    # ----- widgets -----
    def _build(self) -> None:
        self.search, self._debounce = search_box(self, placeholder="搜索：案由、提案者、拼音或首字母、案号",
                                                 on_idle=self.apply_filter, interval_ms=200, clear_button=True)
        self.session_combo, self.state_combo = self._combo("会次"), self._combo("状态")
        self.category_combo, self.kind_combo, self.unit_combo = self._combo("类别"), self._combo("类型"), self._combo("承办单位")
        refill(self.state_combo, STATES)
        refill(self.kind_combo, [("委员提案", "member"), ("集体提案", "collective")])
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
        self.count_label = QLabel("正在载入……")
        self.import_button, self.export_button = QPushButton("导入台账"), QPushButton("导出台账")
        self.notices_button = QPushButton("生成交办通知")
        self.notices_button.setObjectName("noticesButton")
        for button, verb in ((self.import_button, "导入到"), (self.export_button, "导出"),
                             (self.notices_button, "为每个承办单位生成一份交办通知（Word），会次为")):
            button.setToolTip(f"{verb}“会次”筛选中选定的会次；未选定时为设置中的本次会议")
        self.import_button.clicked.connect(self._on_import_clicked)
        self.export_button.clicked.connect(self._on_export_clicked)
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

        self.model = ProposalTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("proposalTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        for column, width in enumerate(_WIDTHS):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._on_selection())

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_detail(), "详情")
        self.tabs.addTab(self._build_due(), "到期提醒")
        self.tabs.addTab(self._build_units(), "承办单位")
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(splitter, 1)

    def _build_detail(self) -> QWidget:
        box = QWidget()
        self.summary = QLabel("请在左侧选择一件提案。")
        self.summary.setObjectName("proposalSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.action_area = QGridLayout()
        self.action_buttons: dict[str, QPushButton] = {}
        self.form_button = QPushButton("提案表")
        self.satisfaction_button = QPushButton("满意度测评表")
        self.form_button.clicked.connect(lambda: self._paperwork("form"))
        self.satisfaction_button.clicked.connect(lambda: self._paperwork("satisfaction"))
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
        notice.clicked.connect(lambda: self._unit_paperwork("notice"))
        reminder.clicked.connect(lambda: self._unit_paperwork("reminder"))
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

    # ----- data -----
    def reload(self) -> None:
        """Rows, lists, due panels and unit figures, loaded off the GUI thread in one task."""
        self._loading = True
        self._serial += 1
        serial, today = self._serial, self.today

        def load(ctx, progress, cancelled):
            from desktop_app.services.members import MembersService
            from desktop_app.services.organizations import OrganizationService
            from desktop_app.services.proposals import ProposalService
            from desktop_app.services.settings import SettingsService
            from desktop_app.services.terms import TermService

            service, orgs = ProposalService(ctx), OrganizationService(ctx)
            return {
                "rows": service.list_rows(today=today), "sessions": TermService(ctx).sessions(),
                "units": orgs.units(), "organizations": orgs.organizations(),
                "members": MembersService(ctx).list_rows(), "vocabularies": SettingsService(ctx).vocabularies(),
                "overdue": service.due_items(today=today), "soon": service.due_items(today=today, within_days=SOON_DAYS),
                "loads": service.unit_loads(today=today),
            }

        self.desk.run(load, title="读取提案", parent=self, on_done=lambda data: self._on_loaded(serial, data))

    def _on_loaded(self, serial: int, data: dict) -> None:
        if serial != self._serial:
            return
        self._all = data.pop("rows")
        self.lists.update(data)
        refill(self.session_combo, [(s.title, s.id) for s in data["sessions"]])
        category = data["vocabularies"].get("proposal_category")
        refill(self.category_combo, [(n, n) for n in category.names] if category else [])
        refill(self.unit_combo, [(u.name, u.id) for u in data["units"]])
        self.batch_unit.clear()
        for unit in data["units"]:
            self.batch_unit.addItem(unit.name, unit.id)
        self._fill_panels(data)
        self._loading = False
        self.apply_filter()
        if self.detail is not None:
            self.show_detail(self.detail.id)
        self.sig_filled.emit()

    def _fill_panels(self, data: dict) -> None:
        def rows(items):
            return [[f"{i.case_number:03d}" if i.case_number else "", i.title, i.unit_name, i.due_on.isoformat(),
                     f"逾期{-i.days_left}天" if i.days_left < 0 else f"剩{i.days_left}天"] for i in items]

        _fill(self.overdue_table, rows(data["overdue"]), [i.proposal_id for i in data["overdue"]], numbers=(0, 4))
        _fill(self.soon_table, rows(data["soon"]), [i.proposal_id for i in data["soon"]], numbers=(0, 4))
        self.overdue_label.setText(f"逾期未答复（截至{self.today.isoformat()}）：{len(data['overdue'])} 项")
        self.soon_label.setText(f"{SOON_DAYS}天内到期：{len(data['soon'])} 项")
        _fill(self.unit_table, [[u.unit_name, str(u.received), str(u.replied), str(u.overdue)] for u in data["loads"]],
              [u.unit_id for u in data["loads"]], numbers=(1, 2, 3))

    def _on_desk_changed(self, changes) -> None:
        if self.desk.ready and (changes.proposals or changes.units or changes.members or changes.settings):
            self.reload()

    def current_filter(self):
        from desktop_app.services.proposals.dto import ProposalFilter

        return ProposalFilter(session_id=self.session_combo.currentData(), state=self.state_combo.currentData(),
                              category=self.category_combo.currentData(), kind=self.kind_combo.currentData(),
                              unit_id=self.unit_combo.currentData(), key_only=self.key_check.isChecked(),
                              overdue_only=self.overdue_check.isChecked(), text=self.search.text())

    def apply_filter(self) -> None:
        from desktop_app.services.proposals.queries import filter_rows

        self._debounce.stop()
        self.model.set_rows(filter_rows(self._all, self.current_filter()))
        shown, total = self.model.rowCount(), len(self._all)
        self.count_label.setText(f"显示 {shown} 件，共 {total} 件" if shown != total else f"共 {total} 件")

    # ----- detail -----
    def select_proposal(self, proposal_id: int) -> bool:
        row = self.model.row_of(proposal_id)
        if row is None:
            return False
        self.table.selectionModel().select(self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                                           | QItemSelectionModel.SelectionFlag.Rows)
        return True

    def selected_rows(self) -> list[Any]:
        return [self.model.row_at(i.row()) for i in self.table.selectionModel().selectedRows()]

    def _on_selection(self) -> None:
        chosen = self.selected_rows()
        if len(chosen) == 1:
            self.show_detail(chosen[0].id)

    def show_detail(self, proposal_id: int) -> None:
        def load(ctx, progress, cancelled):
            from desktop_app.services.proposals import ProposalService

            service = ProposalService(ctx)
            detail = service.detail(proposal_id)
            targets = []
            if "merge" in detail.legal_actions:
                similar = service.similar(proposal_id, threshold=0.0, limit=50)
                targets = [(_merge_choice(s), s.proposal_id, s.score, f"第{s.case_number:03d}号《{s.title}》")
                           for s in similar]
            return detail, targets

        self.desk.run(load, title="读取提案详情", parent=self, on_done=self._on_detail)

    def _on_detail(self, loaded) -> None:
        detail, targets = loaded
        self.detail = detail
        self.lists["merge_targets"] = [(text, pid) for text, pid, _, _ in targets]
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
        alike = [named for _, _, score, named in targets if score >= SIMILAR_HINT]
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
            missing = self._step_fields(action)[1]
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

    def _session_title(self, detail) -> str:
        row = next((r for r in self.lists.get("sessions", []) if r.id == detail.session_id), None)
        return row.title if row else f"{detail.session_code} 会次"

    def _step_fields(self, action: str) -> tuple[list, str | None]:
        """The step's fields, and the label of a required choice it would offer empty (else None)."""
        from desktop_app.ui.operations.proposals import fields_for

        fields = fields_for(action, self.detail, self.lists, self.today)
        return fields, next((f.label for f in fields if f.kind == "choice" and not f.optional and not f.choices), None)

    def open_step(self, action: str):
        """The dialog of one step; accepting it runs the step."""
        from desktop_app.domain.proposal_workflow import action_label
        from desktop_app.ui.dialogs.proposal_step import StepDialog
        from desktop_app.ui.operations.proposals import run_step
        from desktop_app.ui.tasks import info

        detail = self.detail
        fields, missing = self._step_fields(action)
        if missing is not None:  # the button is disabled then; a keyboard or test call still gets the reason
            info(self, f"这件提案目前没有可选的“{missing}”，无法{action_label(action)}。", title=action_label(action))
            return None
        required = [f for f in fields if f.kind == "choice" and not f.optional]
        dialog = StepDialog(f"{action_label(action)}：{detail.title}", fields, parent=self, today=self.today)
        self.step_dialog = dialog

        def accepted() -> None:
            values = dialog.values()
            missing = next((f for f in required if values.get(f.key) is None), None)
            if missing is not None:
                info(self, f"请选择“{missing.label}”后再确定。", title=action_label(action))
                return
            run_step(self.desk, parent=self, action=action, detail=detail, values=values)

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    # ----- other actions -----
    def chosen_session(self) -> tuple[str | None, str]:
        """(code, title) of the session chosen in the filter; (None, "本次会议") when none is chosen."""
        chosen = self.session_combo.currentData()
        row = next((r for r in self.lists.get("sessions", []) if r.id == chosen), None)
        return (row.code, row.title) if row else (None, "本次会议")

    def _on_import_clicked(self, path=None, confirm=None):
        from desktop_app.ui.operations.proposals import import_ledger

        return import_ledger(self.desk, parent=self, session_code=self.chosen_session()[0], path=path, confirm=confirm)

    def _on_export_clicked(self, path=None):
        from desktop_app.ui.operations.proposals import export_ledger

        code, title = self.chosen_session()
        return export_ledger(self.desk, parent=self, session_code=code, title=title, path=path)

    def _on_notices_clicked(self, folder=None):
        """生成交办通知 for the session chosen in the filter (or 设置's current one): asks for a folder first."""
        from desktop_app.ui.operations.proposals import write_notices

        result = write_notices(self.desk, parent=self, session_code=self.chosen_session()[0], today=self.today,
                               folder=folder)
        if folder is None:
            self.notices_dialog = result
        return result

    def _on_new_clicked(self):
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

    def _paperwork(self, kind: str) -> None:
        from desktop_app.ui.operations.proposals import save_paperwork

        if self.detail is not None:
            name = "提案表" if kind == "form" else "满意度测评表"
            save_paperwork(self.desk, parent=self, kind=kind, target_id=self.detail.id, suggested=f"{name}-{self.detail.title}.docx")

    def _unit_paperwork(self, kind: str) -> None:
        from desktop_app.ui.operations.proposals import save_paperwork
        from desktop_app.ui.tasks import info

        row = self.unit_table.currentRow()
        if row < 0:
            info(self, "请先在列表中选择一个承办单位。", title="文书")
            return
        item = self.unit_table.item(row, 0)
        name = "交办通知" if kind == "notice" else "催办单"
        save_paperwork(self.desk, parent=self, kind=kind, target_id=item.data(Qt.ItemDataRole.UserRole),
                       suggested=f"{name}-{item.text()}.docx", today=self.today)
