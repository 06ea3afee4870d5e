"""Forms of the 基础资料 page: a term, a session, an opening date, a 承办单位, a 参加单位, and merging a duplicate.

Each form gathers its fields into the keyword arguments of the service call and hands them to `on_save`
(set by the operation, which runs the save as a task and closes the form when it succeeds).
"""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Union

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QLabel, QLineEdit, QSpinBox, QWidget

from desktop_app.domain.enums import OrganizationKind
from desktop_app.domain.errors import ValidationError
from desktop_app.ui.dialogs.save_form import SaveForm

if TYPE_CHECKING:
    from desktop_app.services.organizations import OrganizationRow, UnitRow
    from desktop_app.services.terms import SessionRow, TermRow


FormValue = Union[int, str, bool, date, None]  # one keyword argument of the service call


class OptionalDate(QWidget):
    """A date that may be left blank: a tick box 「已确定」 and the date beside it."""

    def __init__(self, value: date | None, *, known_text: str = "已确定", parent: QWidget | None = None):
        super().__init__(parent)
        self.known = QCheckBox(known_text)
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.set_value(value)
        self.known.toggled.connect(self.edit.setEnabled)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.known)
        row.addWidget(self.edit, 1)

    def set_value(self, value: date | None) -> None:
        day = value or date.today()
        self.edit.setDate(QDate(day.year, day.month, day.day))
        self.known.setChecked(value is not None)
        self.edit.setEnabled(value is not None)

    def value(self) -> date | None:
        if not self.known.isChecked():
            return None
        q = self.edit.date()
        return date(q.year(), q.month(), q.day())


def _spin(value: int, low: int, high: int, suffix: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(value)
    spin.setPrefix("第 ")
    spin.setSuffix(f" {suffix}")
    return spin


def _text(edit: QLineEdit) -> str | None:
    return edit.text().strip() or None


class TermForm(SaveForm):
    """新增届次: its number and, when known, when it began and ended."""

    def __init__(self, *, suggested: int, parent: QWidget | None = None):
        super().__init__("新增届次", parent)
        self.number = _spin(suggested, 1, 99, "届")
        self.start = OptionalDate(None)
        self.end = OptionalDate(None)
        self.form.addRow("届次", self.number)
        self.form.addRow("开始日期", self.start)
        self.form.addRow("结束日期", self.end)
        self.finish()

    def data(self) -> dict[str, FormValue]:
        return {"number": self.number.value(), "start_date": self.start.value(), "end_date": self.end.value()}


class TermDatesForm(SaveForm):
    """修改届次日期: choose a term, then its start and end dates."""

    def __init__(self, *, terms: list["TermRow"], current_id: int | None, parent: QWidget | None = None):
        super().__init__("修改届次日期", parent)
        self._terms = {t.id: t for t in terms}
        self.term = QComboBox()
        for term in terms:
            self.term.addItem(term.title, term.id)
        self.start = OptionalDate(None)
        self.end = OptionalDate(None)
        self.term.currentIndexChanged.connect(self._show_dates)
        self.term.setCurrentIndex(max(self.term.findData(current_id), 0))
        self._show_dates()
        self.form.addRow("届次", self.term)
        self.form.addRow("开始日期", self.start)
        self.form.addRow("结束日期", self.end)
        self.finish()

    def _show_dates(self) -> None:
        term = self._terms.get(self.term.currentData())
        self.start.set_value(term.start_date if term else None)
        self.end.set_value(term.end_date if term else None)

    def data(self) -> dict[str, FormValue]:
        return {"term_id": self.term.currentData(), "start_date": self.start.value(), "end_date": self.end.value()}


class SessionForm(SaveForm):
    """新增会次: the term (made when missing), the session number and its opening date."""

    def __init__(self, *, term: int, number: int, parent: QWidget | None = None):
        super().__init__("新增会次", parent)
        self.term = _spin(term, 1, 99, "届")
        self.number = _spin(number, 1, 9, "次会议")
        self.opening = OptionalDate(date.today())
        self.form.addRow("届次", self.term)
        self.form.addRow("会次", self.number)
        self.form.addRow("开幕日期", self.opening)
        hint = QLabel("开幕日期决定按会次统计的起止：从本次会议开幕到下次会议开幕前一天。")
        hint.setWordWrap(True)
        self.form.addRow(hint)
        self.finish()

    def data(self) -> dict[str, FormValue]:
        return {"term": self.term.value(), "number": self.number.value(), "opening_date": self.opening.value()}


Named = Union["UnitRow", "OrganizationRow"]  # what MergeForm merges: a unit or an organization


class OpeningDateForm(SaveForm):
    """修改开幕日期 of one session."""

    def __init__(self, *, row: "SessionRow", parent: QWidget | None = None):
        super().__init__(f"修改开幕日期 — {row.title}", parent)
        self.opening = OptionalDate(row.opening_date)
        self.form.addRow("会议", QLabel(row.title))
        self.form.addRow("开幕日期", self.opening)
        self.finish()

    def data(self) -> dict[str, FormValue]:
        return {"opening_date": self.opening.value()}


class UnitForm(SaveForm):
    """新增 or 编辑 a 承办单位."""

    def __init__(self, *, row: "UnitRow | None", kinds: list[str], parent: QWidget | None = None):
        super().__init__("编辑承办单位" if row else "新增承办单位", parent)
        self.name = QLineEdit(row.name if row else "")
        self.kind = QComboBox()
        self.kind.setEditable(True)
        self.kind.addItems(kinds)
        self.kind.setEditText((row.kind or "") if row else "")
        self.kind.lineEdit().setPlaceholderText("例如：政府部门、群团组织（可直接输入）")
        self.contact_person = QLineEdit((row.contact_person or "") if row else "")
        self.contact_phone = QLineEdit((row.contact_phone or "") if row else "")
        self.active = QCheckBox("在用（停用后交办时不再列出）")
        self.active.setChecked(row.active if row else True)
        for label, widget in (("名称", self.name), ("类别", self.kind), ("联系人", self.contact_person),
                              ("联系电话", self.contact_phone)):
            self.form.addRow(label, widget)
        if row is not None:
            self.form.addRow("状态", self.active)
        self.finish()

    def data(self) -> dict[str, FormValue]:
        return {"name": self.name.text(), "kind": self.kind.currentText().strip() or None,
                "contact_person": _text(self.contact_person), "contact_phone": _text(self.contact_phone),
                "active": self.active.isChecked()}


class OrganizationForm(SaveForm):
    """新增 or 编辑 a 参加单位 (党派、人民团体、界别、专委会……)."""

    def __init__(self, *, row: "OrganizationRow | None", parent: QWidget | None = None):
        super().__init__("编辑参加单位" if row else "新增参加单位", parent)
        self.name = QLineEdit(row.name if row else "")
        self.kind = QComboBox()
        for kind in OrganizationKind:
            self.kind.addItem(kind.label, kind.value)
        index = self.kind.findData(row.kind if row else OrganizationKind.OTHER.value)
        self.kind.setCurrentIndex(max(index, 0))
        self.active = QCheckBox("在用")
        self.active.setChecked(row.active if row else True)
        self.form.addRow("名称", self.name)
        self.form.addRow("类别", self.kind)
        if row is not None:
            self.form.addRow("状态", self.active)
        self.finish()

    def data(self) -> dict[str, FormValue]:
        return {"name": self.name.text(), "kind": self.kind.currentData(), "active": self.active.isChecked()}


class MergeForm(SaveForm):
    """合并重复: which record to keep; the duplicate's records move to it and the duplicate is retired."""

    def __init__(self, *, what: str, duplicate: Named, others: list[Named], moved: str,
                 parent: QWidget | None = None):
        super().__init__(f"合并重复的{what}", parent, save_text="合并")
        self.duplicate = duplicate
        self.keep = QComboBox()
        self.keep.addItem("请选择要保留的单位", None)
        for row in others:
            self.keep.addItem(row.name, row.id)
        explain = QLabel(f"“{duplicate.name}”与下面选择的单位是同一个单位时使用。合并后，{moved}都会转到保留的单位名下，"
                         f"“{duplicate.name}”停用并记为已合并；以后导入时写的“{duplicate.name}”也会认作保留的单位。"
                         "合并不能撤销，请先核对。")
        explain.setWordWrap(True)
        explain.setObjectName("mergeExplanation")
        self.form.addRow(explain)
        self.form.addRow("重复的单位", QLabel(duplicate.name))
        self.form.addRow("保留的单位", self.keep)
        self.finish()

    def data(self) -> dict[str, FormValue]:
        into_id = self.keep.currentData()
        if into_id is None:
            raise ValidationError("请选择要保留的单位，再点“合并”。")
        return {"duplicate_id": self.duplicate.id, "into_id": into_id}
