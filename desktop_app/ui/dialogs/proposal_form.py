"""新增提案 / 编辑提案: one form for both.

The 类型 decides who proposes: a 委员提案 asks for its 领衔委员 and lets 联名委员 be chosen with the member
picker (search by name, pinyin or initials); a 集体提案 asks for its 提案单位 instead. The field that does not
apply is hidden, not merely disabled. 确定 hands a `ProposalInput` to `on_save`; a problem (the form's own or
the service's) is shown as one sentence beside the buttons and the form stays open, nothing saved.
"""
from __future__ import annotations

from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (QComboBox, QCompleter, QDateEdit, QDialog, QDialogButtonBox, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget)

from desktop_app.domain.enums import MemberStatus, ProposalKind
from desktop_app.domain.errors import ValidationError

if TYPE_CHECKING:
    from desktop_app.services.members import MemberRow
    from desktop_app.services.proposals.dto import ProposalDetail, ProposalInput
    from desktop_app.ui.dialogs.member_picker import MemberPicker
    from desktop_app.ui.operations.proposals import ProposalLists

ERROR_STYLE = "color: #b00020;"  # as the member form's problems
NONE_TEXT = "（未选）"


def _member_label(member: "MemberRow", same_name: Counter) -> str:
    """王芳, or 王芳（经济界） when two members share the name."""
    if same_name[member.name] > 1:
        extra = member.sector or member.work_unit or f"编号{member.id}"
        return f"{member.name}（{extra}）"
    return member.name


SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1  # what typing matches: the name, its pinyin and initials


class _Completer(QCompleter):
    """Matches what was typed anywhere in an item's search text (王芳 wangfang wf), completes to its name."""

    def pathFromIndex(self, index) -> str:  # noqa: N802 (Qt's name)
        return str(index.data(Qt.ItemDataRole.DisplayRole) or "")


def _searchable(combo: QComboBox, placeholder: str) -> None:
    """Type part of a name, its pinyin or initials to narrow the list (a county has hundreds of members)."""
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.lineEdit().setPlaceholderText(placeholder)
    for index in range(combo.count()):
        if combo.itemData(index, SEARCH_ROLE) is None:
            combo.setItemData(index, combo.itemText(index), SEARCH_ROLE)
    completer = _Completer(combo.model(), combo)
    completer.setCompletionRole(SEARCH_ROLE)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    combo.setCompleter(completer)


class _Cosigners(QWidget):
    """The chosen 联名委员 in one line, with 选择… (the member picker) and 清空."""

    def __init__(self, form: "ProposalForm"):
        super().__init__()
        self._form = form
        self.ids: list[int] = []
        self.names = QLabel(NONE_TEXT)
        self.names.setObjectName("cosignerNames")
        self.names.setWordWrap(True)
        self.names.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose = QPushButton("选择…")
        self.choose.setObjectName("chooseCosigners")
        self.choose.setToolTip("从委员名册中勾选联名委员，可按姓名、拼音或首字母搜索")
        self.choose.clicked.connect(form.open_picker)
        self.clear = QPushButton("清空")
        self.clear.clicked.connect(lambda: self.set_ids([]))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.names, 1)
        layout.addWidget(self.choose)
        layout.addWidget(self.clear)

    def set_ids(self, ids: list[int]) -> None:
        self.ids = list(dict.fromkeys(ids))
        names = [self._form.member_name(mid) for mid in self.ids]
        self.names.setText(f"{'、'.join(names)}（{len(names)}人）" if names else NONE_TEXT)
        self.clear.setEnabled(bool(names))


class ProposalForm(QDialog):
    """The proposal's fields; `on_save(ProposalInput)` runs the write (see operations.proposals.open_proposal_form)."""

    def __init__(self, *, lists: "ProposalLists", today: date, detail: "ProposalDetail | None" = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.detail = detail
        self.setWindowTitle("新增提案" if detail is None else f"编辑提案：{detail.title}")
        self.setObjectName("proposalForm")
        self.on_save: Callable[["ProposalInput"], None] = lambda data: None
        self.picker: MemberPicker | None = None
        keep = set(detail.cosigner_ids) | {detail.lead_member_id} if detail is not None else set()
        # Members in office, and on editing those the proposal already names (a lead may have left since).
        self._members = [m for m in lists.members if m.status == MemberStatus.ACTIVE.value or m.id in keep]
        same_name = Counter(m.name for m in self._members)
        self._labels = {m.id: _member_label(m, same_name) for m in lists.members}

        self.session = QComboBox()
        for s in lists.sessions:
            self.session.addItem(s.title, s.id)
        self.kind = QComboBox()
        for label, code in ProposalKind.choices():
            self.kind.addItem(label, code)
        self.lead_member = QComboBox()
        self.lead_member.addItem("", None)
        for m in self._members:
            self.lead_member.addItem(self._labels[m.id], m.id)
            self.lead_member.setItemData(self.lead_member.count() - 1,
                                         f"{self._labels[m.id]} {m.name_pinyin} {m.name_initials}", SEARCH_ROLE)
        _searchable(self.lead_member, "输入姓名、拼音或首字母查找")
        self.lead_organization = QComboBox()
        self.lead_organization.addItem("", None)
        for o in lists.organizations:
            if o.active or (detail is not None and o.id == detail.lead_organization_id):
                self.lead_organization.addItem(o.name, o.id)
        _searchable(self.lead_organization, "党派、人民团体、界别或专委会")
        self.cosigners = _Cosigners(self)
        self.title = QLineEdit()
        self.title.setPlaceholderText("关于……的建议")
        self.category = QComboBox()
        self.category.addItem("（暂不分类）", None)
        for text, value in lists.names("proposal_category"):
            self.category.addItem(text, value)
        self.submitted_on = QDateEdit()
        self.submitted_on.setCalendarPopup(True)
        self.submitted_on.setDisplayFormat("yyyy-MM-dd")
        self.body = QPlainTextEdit()
        self.body.setPlaceholderText("可不填；提案表中的“提案内容”")
        self.body.setMinimumHeight(110)
        self.widgets: dict[str, QWidget] = {
            "session_id": self.session, "kind": self.kind, "lead_member_id": self.lead_member,
            "lead_organization_id": self.lead_organization, "cosigner_ids": self.cosigners, "title": self.title,
            "category": self.category, "submitted_on": self.submitted_on, "body": self.body}
        for key, widget in self.widgets.items():
            widget.setObjectName(f"field_{key}")

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for label, widget in (("案由", self.title), ("会次", self.session), ("类型", self.kind),
                              ("领衔委员", self.lead_member), ("提案单位", self.lead_organization),
                              ("联名委员", self.cosigners), ("类别", self.category), ("提交日期", self.submitted_on),
                              ("提案内容", self.body)):
            self.form.addRow(label, widget)

        self.problem = QLabel()
        self.problem.setObjectName("formProblem")
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.setWordWrap(True)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("确定")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.problem, 1)
        bottom.addWidget(self.buttons, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addSpacing(6)
        layout.addLayout(bottom)
        self.setMinimumWidth(560)

        self.kind.currentIndexChanged.connect(self._show_proposer)
        self.lead_member.currentIndexChanged.connect(self._drop_lead_from_cosigners)
        for signal in (self.title.textChanged, self.kind.currentIndexChanged, self.lead_member.currentIndexChanged,
                       self.lead_organization.currentIndexChanged, self.session.currentIndexChanged):
            signal.connect(lambda *_: self.show_problem(""))
        self.cosigners.set_ids([])
        self._fill(detail, today)
        self._show_proposer()
        self.title.setFocus()

    # ----- filling -----
    def _fill(self, detail: "ProposalDetail | None", today: date) -> None:
        if detail is None:
            self.set_value("submitted_on", today)
            self.session.setCurrentIndex(0)  # sessions come newest first
            return
        for key in ("session_id", "kind", "lead_member_id", "lead_organization_id", "title", "category",
                    "submitted_on"):
            self.set_value(key, getattr(detail, key))
        self.set_value("body", detail.body or "")
        self.cosigners.set_ids(list(detail.cosigner_ids))

    def member_name(self, member_id: int) -> str:
        return self._labels.get(member_id, f"编号{member_id}")

    # ----- the 类型 decides the proposer -----
    @property
    def is_collective(self) -> bool:
        return self.kind.currentData() == ProposalKind.COLLECTIVE.value

    def _show_proposer(self) -> None:
        collective = self.is_collective
        self.form.setRowVisible(self.lead_member, not collective)
        self.form.setRowVisible(self.cosigners, not collective)
        self.form.setRowVisible(self.lead_organization, collective)  # the body box takes the room: no jump

    def _drop_lead_from_cosigners(self) -> None:
        lead = self.lead_member.currentData()
        if lead in self.cosigners.ids:
            self.cosigners.set_ids([mid for mid in self.cosigners.ids if mid != lead])

    # ----- 联名委员 with the member picker -----
    def open_picker(self) -> "MemberPicker":
        """The roster in office (the 领衔委员 left out), the chosen ones ticked; 保存 takes them."""
        from desktop_app.ui.dialogs.member_picker import MemberPicker

        lead = self.lead_member.currentData()
        roster = [m for m in self._members if m.id != lead]
        picker = MemberPicker(title="选择联名委员", roster=roster, chosen=self.cosigners.ids, parent=self)
        picker.setObjectName("cosignerPicker")
        picker.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).setText("确定")
        picker.search.setFocus()  # nothing is saved yet: the form's 确定 saves

        def save(ids: list[int]) -> None:
            order = {mid: i for i, mid in enumerate(self.cosigners.ids)}  # those kept stay first, in their order
            self.cosigners.set_ids(sorted(ids, key=lambda mid: (order.get(mid, len(order)), self.member_name(mid))))
            picker.accept()

        picker.on_save = save
        self.picker = picker
        picker.open()
        return picker

    # ----- values -----
    def set_value(self, key: str, value) -> None:
        """Fill a field as a person would (tests, and the edit form's start)."""
        widget = self.widgets[key]
        if key == "cosigner_ids":
            self.cosigners.set_ids(list(value))
        elif isinstance(widget, QDateEdit):
            widget.setDate(QDate(value.year, value.month, value.day))
        elif isinstance(widget, QComboBox):
            index = widget.findData(value)
            if index < 0 and key == "category" and value:  # a category the vocabulary no longer lists: kept
                widget.addItem(str(value), value)
                index = widget.count() - 1
            widget.setCurrentIndex(max(index, 0))
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value or "")
        elif isinstance(widget, QLineEdit):
            widget.setText(value or "")

    def data(self) -> "ProposalInput":
        """The form as a ProposalInput; ValidationError (one sentence) for what the form itself can tell."""
        from desktop_app.domain.proposal_rules import title_problem
        from desktop_app.services.proposals.dto import ProposalInput

        if self.session.currentData() is None:
            raise ValidationError("还没有会次，请先在“届次和会次”中添加本次会议。")
        problem = title_problem(self.title.text().strip())
        if problem is not None:
            self.title.setFocus()
            raise ValidationError(problem.message, [problem])
        collective = self.is_collective
        lead_member = None if collective else self._chosen(self.lead_member)
        lead_org = self._chosen(self.lead_organization) if collective else None
        if not collective and lead_member is None:
            self.lead_member.setFocus()
            raise ValidationError("委员提案须有领衔委员，请选择。")
        if collective and lead_org is None:
            self.lead_organization.setFocus()
            raise ValidationError("集体提案须选择提案单位（党派、人民团体、界别或专委会）。")
        q = self.submitted_on.date()
        d = self.detail
        return ProposalInput(session_id=self.session.currentData(), title=self.title.text().strip(),
                             submitted_on=date(q.year(), q.month(), q.day()), kind=self.kind.currentData(),
                             lead_member_id=lead_member, lead_organization_id=lead_org,
                             cosigner_ids=() if collective else tuple(self.cosigners.ids),
                             body=self.body.toPlainText().strip() or None, category=self.category.currentData(),
                             contact_phone=d.contact_phone if d else None, notes=d.notes if d else None)

    @staticmethod
    def _chosen(combo: QComboBox) -> int | None:
        """The chosen record; a typed name that matches no item counts as none chosen."""
        typed = combo.currentText().strip()
        if not typed:
            return None
        if combo.itemText(combo.currentIndex()) == typed:
            return combo.currentData()
        index = combo.findText(typed, Qt.MatchFlag.MatchExactly)
        return combo.itemData(index) if index > 0 else None

    def submit(self) -> None:
        """确定: the form's own problems stop here; otherwise `on_save` runs the write."""
        try:
            data = self.data()
        except ValidationError as exc:
            self.show_problem(exc.message)
            return
        self.show_problem("")
        self.on_save(data)

    def show_error(self, exc: BaseException, *, log_path: str = "") -> None:
        """A refusal of the save as one sentence: a field's problem as the form words it (no sheet or column)."""
        from desktop_app.ui.tasks import error_text

        problems = getattr(exc, "problems", None) if isinstance(exc, ValidationError) else None
        if problems and problems[0].sheet is None and problems[0].row is None:
            self.show_problem(problems[0].message)
        else:
            self.show_problem(error_text(exc, log_path=log_path)[0])

    def show_problem(self, text: str) -> None:
        """One sentence beside the buttons (empty: none)."""
        self.problem.setText(text)
