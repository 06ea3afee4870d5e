"""Forms for a 社情民意信息, its 采用 and a leader's 批示.

Like the other record forms, each gathers its fields and hands them to `on_save` (set by ui/operations/opinions.py,
which runs the save as a task and closes the form when it succeeds).
"""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Callable, Sequence, TypeVar

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QWidget

from desktop_app.domain.enums import Level
from desktop_app.ui.dialogs.gathering_forms import _combo, _date_edit, _date_of, _text
from desktop_app.ui.dialogs.member_picker import MemberPicker, OrganizationPicker
from desktop_app.ui.dialogs.save_form import SaveForm

if TYPE_CHECKING:
    from desktop_app.services.members import MemberRow
    from desktop_app.services.opinions import OpinionDetail
    from desktop_app.services.organizations import OrganizationRow

LEVELS = Level.choices()  # (县, county) …


def _names(ids: Sequence[int], names: dict[int, str]) -> str:
    return "、".join(names.get(i, "（已删除）") for i in ids)


P = TypeVar("P", MemberPicker, OrganizationPicker)


def _open_picker(picker: P, take: Callable[[list[int]], None]) -> P:
    """Open `picker`; what is chosen goes to `take` and the picker closes."""
    def chosen(ids: list[int]) -> None:
        take(ids)
        picker.accept()

    picker.on_save = chosen
    picker.open()
    return picker


class OpinionForm(SaveForm):
    """标题, 正文, 报送人 (members picked from the roster, organizations), 收稿日期, 编报期号, 报送层级, 备注."""

    def __init__(self, *, detail: "OpinionDetail | None", roster: list["MemberRow"],
                 organizations: list["OrganizationRow"], parent: QWidget | None = None):
        super().__init__("编辑社情民意信息" if detail else "新增社情民意信息", parent)
        self.resize(620, 560)  # fits a 1366×768 screen at 125% scaling
        self._roster, self._organizations = roster, organizations
        d = detail.data if detail else None
        self._member_names = {m.id: m.name for m in roster}
        self._org_names = {o.id: o.name for o in organizations}
        for line in (detail.submitters if detail else ()):  # a submitter no longer listed keeps their name
            if line.member_id:
                self._member_names.setdefault(line.member_id, line.name)
            if line.organization_id:
                self._org_names.setdefault(line.organization_id, line.name)
        self.member_ids: list[int] = list(d.member_ids) if d else []
        self.organization_ids: list[int] = list(d.organization_ids) if d else []
        self.title = QLineEdit(d.title if d else "")
        self.title.setPlaceholderText("例如：关于加强农村饮水安全管理的建议")
        self.received_on = _date_edit(d.received_on if d else None)
        self.issue = QLineEdit((d.bulletin_issue or "") if d else "")
        self.issue.setPlaceholderText("例如：2025年第3期")
        self.level = _combo([("（未报送）", None)] + [(label, code) for label, code in LEVELS],
                            d.sent_level if d else None)
        self.members_text = QLabel()
        self.members_text.setObjectName("opinionMembers")
        self.members_text.setWordWrap(True)
        self.members_button = QPushButton("选择委员…")
        self.members_button.clicked.connect(self.pick_members)
        self.orgs_text = QLabel()
        self.orgs_text.setObjectName("opinionOrganizations")
        self.orgs_text.setWordWrap(True)
        self.orgs_button = QPushButton("选择单位…")
        self.orgs_button.clicked.connect(self.pick_organizations)
        self.body = QPlainTextEdit((d.body or "") if d else "")
        self.body.setPlaceholderText("反映的情况、存在的问题和建议")
        self.notes = QPlainTextEdit((d.notes or "") if d else "")
        self.notes.setMaximumHeight(60)
        self.member_picker: MemberPicker | None = None
        self.organization_picker: OrganizationPicker | None = None
        self._show_submitters()
        dates = QWidget()
        row = QHBoxLayout(dates)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.received_on)
        row.addWidget(QLabel("编报期号"))
        row.addWidget(self.issue, 1)
        row.addWidget(QLabel("报送层级"))
        row.addWidget(self.level)
        for label, widget in (("标题", self.title), ("收稿日期", dates),
                              ("报送委员", self._with_button(self.members_text, self.members_button)),
                              ("报送单位", self._with_button(self.orgs_text, self.orgs_button)),
                              ("内容", self.body), ("备注", self.notes)):
            self.form.addRow(label, widget)
        self.finish()

    @staticmethod
    def _with_button(text: QLabel, button: QPushButton) -> QWidget:
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(text, 1)
        row.addWidget(button)
        return holder

    def _show_submitters(self) -> None:
        self.members_text.setText(_names(self.member_ids, self._member_names) or "（未选）")
        self.orgs_text.setText(_names(self.organization_ids, self._org_names) or "（未选）")

    def set_members(self, ids: Sequence[int]) -> None:
        """Keep the order of those already chosen, then add the new ones (the first is the lead)."""
        chosen = set(ids)
        self.member_ids = [i for i in self.member_ids if i in chosen] + [i for i in ids if i not in self.member_ids]
        self._show_submitters()

    def set_organizations(self, ids: Sequence[int]) -> None:
        chosen = set(ids)
        self.organization_ids = ([i for i in self.organization_ids if i in chosen]
                                 + [i for i in ids if i not in self.organization_ids])
        self._show_submitters()

    def pick_members(self) -> MemberPicker:
        picker = MemberPicker(title="选择报送委员", roster=self._roster, chosen=self.member_ids, parent=self)
        self.member_picker = _open_picker(picker, self.set_members)
        return picker

    def pick_organizations(self) -> OrganizationPicker:
        picker = OrganizationPicker(organizations=self._organizations, chosen=self.organization_ids, parent=self)
        self.organization_picker = _open_picker(picker, self.set_organizations)
        return picker

    def data(self):
        from desktop_app.services.opinions import OpinionInput

        return OpinionInput(title=self.title.text(), received_on=_date_of(self.received_on), body=_text(self.body),
                            bulletin_issue=_text(self.issue), sent_level=self.level.currentData(),
                            member_ids=tuple(self.member_ids), organization_ids=tuple(self.organization_ids),
                            notes=_text(self.notes))


class AdoptionDialog(SaveForm):
    """采用: the level, the date and a note; the levels already registered are not offered."""

    def __init__(self, *, title: str, taken: Sequence[str] = (), parent: QWidget | None = None):
        super().__init__(f"登记采用 — {title}", parent)
        free = [(label, code) for label, code in LEVELS if code not in taken] or list(LEVELS)
        self.level = _combo(free)
        self.adopted_on = _date_edit(None)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("例如：市政协《社情民意》2025年第5期刊发")
        self.note.setMaximumHeight(80)
        for label, widget in (("采用层级", self.level), ("采用日期", self.adopted_on), ("说明", self.note)):
            self.form.addRow(label, widget)
        self.finish()

    def data(self) -> tuple[str, date, str | None]:
        return self.level.currentData(), _date_of(self.adopted_on), _text(self.note)


class InstructionDialog(SaveForm):
    """批示: who, when, what."""

    def __init__(self, *, title: str, parent: QWidget | None = None):
        super().__init__(f"登记批示 — {title}", parent)
        self.leader = QLineEdit()
        self.leader.setPlaceholderText("例如：县长李明")
        self.given_on = _date_edit(None)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("批示内容")
        for label, widget in (("批示领导", self.leader), ("批示日期", self.given_on), ("批示内容", self.text)):
            self.form.addRow(label, widget)
        self.finish()

    def data(self) -> tuple[str | None, date, str]:
        return _text(self.leader), _date_of(self.given_on), self.text.toPlainText()

