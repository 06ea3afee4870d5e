"""Forms for a 委员之家, an activity, a 协商议事室, a consultation and a follow-up step.

Each form gathers its fields into the service's input dataclass and hands it to `on_save`
(set by the operation, which runs the save as a task and closes the form when it succeeds).
"""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Hashable

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from desktop_app.domain.enums import FollowUpStatus, Verdict
from desktop_app.ui.dialogs.save_form import SaveForm

if TYPE_CHECKING:
    from desktop_app.services.activities import ActivityDetail
    from desktop_app.services.consultations import ConsultationDetail
    from desktop_app.services.homes import HomeRow
    from desktop_app.services.members import MemberRow
    from desktop_app.services.platforms import PlatformRow, VillageRow

HOME_LEVELS = ("县级", "乡镇", "界别")
PLATFORM_LEVELS = ("县", "乡镇", "村社区")
FOLLOW_UP = tuple((code, label) for label, code in FollowUpStatus.choices())


def _date_edit(value: date | None) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    day = value or date.today()
    edit.setDate(QDate(day.year, day.month, day.day))
    return edit


def _date_of(edit: QDateEdit) -> date:
    q = edit.date()
    return date(q.year(), q.month(), q.day())


def _spin(value: int, maximum: int = 100000) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(0, maximum)
    spin.setValue(value or 0)
    return spin


def _combo(items: list[tuple[str, Hashable | None]], current: Hashable | None = None, *,
           editable: bool = False) -> QComboBox:
    combo = QComboBox()
    combo.setEditable(editable)
    for label, value in items:
        combo.addItem(label, value)
    index = combo.findData(current)
    if index >= 0:
        combo.setCurrentIndex(index)
    elif editable and current:
        combo.setEditText(str(current))
    return combo


def _pair(first: QWidget, label: str, second: QWidget) -> QWidget:
    """Two fields on one form row: `first`, then `label` and `second`."""
    row = QWidget()
    box = QHBoxLayout(row)
    box.setContentsMargins(0, 0, 0, 0)
    box.addWidget(first, 1)
    box.addWidget(QLabel(label))
    box.addWidget(second, 1)
    return row


def _text(widget) -> str | None:
    value = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
    return value.strip() or None


class HomeForm(SaveForm):
    def __init__(self, *, row: "HomeRow | None", parent: QWidget | None = None):
        super().__init__("编辑委员之家" if row else "新增委员之家", parent)
        self.name = QLineEdit(row.name if row else "")
        self.level = _combo([(x, x) for x in HOME_LEVELS], row.level if row else "乡镇")
        self.township = QLineEdit((row.township or "") if row else "")
        self.place = QLineEdit((row.place or "") if row else "")
        self.notes = QLineEdit((row.notes or "") if row else "")
        for label, widget in (("名称", self.name), ("级别", self.level), ("乡镇（街道）", self.township),
                              ("活动地点", self.place), ("备注", self.notes)):
            self.form.addRow(label, widget)
        self.finish()

    def data(self):
        from desktop_app.services.homes import HomeInput

        return HomeInput(name=self.name.text(), level=self.level.currentData(), place=_text(self.place),
                         township=_text(self.township), notes=_text(self.notes))


class ActivityForm(SaveForm):
    def __init__(self, *, detail: "ActivityDetail | None", homes: list["HomeRow"], kinds: list[str],
                 parent: QWidget | None = None):
        super().__init__("编辑活动" if detail else "新增活动", parent)
        self.resize(560, 520)
        d = detail.data if detail else None
        self.held_on = _date_edit(d.held_on if d else None)
        self.home = _combo([("全县性活动（无委员之家）", None)] + [(h.name, h.id) for h in homes], d.home_id if d else None)
        self.kind = _combo([(k, k) for k in kinds], d.kind if d else None, editable=True)
        self.title = QLineEdit(d.title if d else "")
        self.place = QLineEdit((d.place or "") if d else "")
        self.summary = QPlainTextEdit((d.summary or "") if d else "")
        self.others = _spin(d.other_participants if d else 0)
        self.suggestions = _spin(d.suggestions_count if d else 0)
        self.suggestions_text = QPlainTextEdit((d.suggestions_text or "") if d else "")
        self.notes = QLineEdit((d.notes or "") if d else "")
        for label, widget in (("日期", self.held_on), ("委员之家", self.home), ("活动类型", self.kind),
                              ("活动名称", self.title), ("地点", self.place), ("活动简况", self.summary),
                              ("其他参加人数", self.others), ("意见建议条数", self.suggestions),
                              ("意见建议", self.suggestions_text), ("备注", self.notes)):
            self.form.addRow(label, widget)
        self.finish()

    def data(self):
        from desktop_app.services.activities import ActivityInput

        return ActivityInput(held_on=_date_of(self.held_on), kind=self.kind.currentText(), title=self.title.text(),
                             home_id=self.home.currentData(), place=_text(self.place), summary=_text(self.summary),
                             other_participants=self.others.value(), suggestions_count=self.suggestions.value(),
                             suggestions_text=_text(self.suggestions_text), notes=_text(self.notes))


class PlatformForm(SaveForm):
    def __init__(self, *, row: "PlatformRow | None", villages: list["VillageRow"], parent: QWidget | None = None):
        super().__init__("编辑协商议事室" if row else "新增协商议事室", parent)
        self.name = QLineEdit(row.name if row else "")
        self.level = _combo([(x, x) for x in PLATFORM_LEVELS], row.level if row else "村社区")
        self.township = QLineEdit((row.township or "") if row else "")
        self.village = _combo([("（无）", None)] + [(f"{v.township}{v.name}", v.id) for v in villages],
                              row.village_id if row else None)
        self.place = QLineEdit((row.place or "") if row else "")
        for label, widget in (("名称", self.name), ("级别", self.level), ("乡镇（街道）", self.township),
                              ("村（社区）", self.village), ("地点", self.place)):
            self.form.addRow(label, widget)
        self.finish()

    def data(self):
        from desktop_app.services.platforms import PlatformInput

        return PlatformInput(name=self.name.text(), level=self.level.currentData(), township=_text(self.township),
                             village_id=self.village.currentData(), place=_text(self.place))


class ConsultationForm(SaveForm):
    """The members taking part are typed as names (、 between them) and matched to the roster on save."""

    def __init__(self, *, detail: "ConsultationDetail | None", platforms: list["PlatformRow"], sources: list[str],
                 roster: list["MemberRow"],
                 parent: QWidget | None = None):
        super().__init__("编辑协商" if detail else "新增协商", parent)
        self.resize(600, 540)
        self._roster = roster
        d = detail.data if detail else None
        self.platform = _combo([(p.name, p.id) for p in platforms], d.platform_id if d else None)
        self.held_on = _date_edit(d.held_on if d else None)
        self.topic = QLineEdit(d.topic if d else "")
        self.source = _combo([("（未填）", None)] + [(s, s) for s in sources], d.topic_source if d else None)
        self.members = QLineEdit("、".join(m.name for m in detail.members) if detail else "")
        self.members.setPlaceholderText("姓名之间用顿号分隔，例如：王芳、李强")
        self.departments = _spin(d.department_participants if d else 0)
        self.residents = _spin(d.resident_participants if d else 0)
        self.suggestions = _spin(d.suggestions_count if d else 0)
        self.suggestions_text = QPlainTextEdit((d.suggestions_text or "") if d else "")
        self.outcome = QPlainTextEdit((d.outcome or "") if d else "")
        self.unit = QLineEdit((d.responsible_unit or "") if d else "")
        self.deeds = _spin(d.done_deeds if d else 0)
        self.deeds_text = QLineEdit((d.done_deeds_text or "") if d else "")
        self.satisfaction = _combo([("（未填）", None)] + [(label, label) for label, _code in Verdict.choices()],
                                   d.satisfaction if d else None)
        # the counts share rows so the form fits a 1366×768 screen at 125% scaling
        for label, widget in (("协商议事室", self.platform), ("日期", self.held_on), ("议题", self.topic),
                              ("议题来源", self.source), ("参加委员", self.members),
                              ("部门代表人数", _pair(self.departments, "群众代表人数", self.residents)),
                              ("意见建议条数", self.suggestions), ("意见建议", self.suggestions_text),
                              ("协商成果", self.outcome), ("责任单位", self.unit),
                              ("办成实事件数", _pair(self.deeds, "群众满意度", self.satisfaction)),
                              ("办成实事", self.deeds_text)):
            self.form.addRow(label, widget)
        self.finish()

    def member_ids(self) -> tuple[tuple[int, ...], list[str]]:
        """(ids, names not found or shared by two members) for the names typed."""
        from desktop_app.domain.gatherings import NameMatcher, RosterEntry, split_names

        matcher = NameMatcher([RosterEntry(m.id, m.name, m.status == "active") for m in self._roster])
        ids, unknown = [], []
        for name in split_names(self.members.text()):
            member_id, problem = matcher.match(name)
            if problem:
                unknown.append(problem)
            else:
                ids.append(member_id)
        return tuple(ids), unknown

    def data(self):
        from desktop_app.domain.errors import ValidationError
        from desktop_app.services.consultations import ConsultationInput

        ids, unknown = self.member_ids()
        if unknown:
            raise ValidationError(unknown[0])
        return ConsultationInput(
            platform_id=self.platform.currentData(), held_on=_date_of(self.held_on), topic=self.topic.text(),
            topic_source=self.source.currentData(), member_ids=ids, department_participants=self.departments.value(),
            resident_participants=self.residents.value(), suggestions_count=self.suggestions.value(),
            suggestions_text=_text(self.suggestions_text), outcome=_text(self.outcome),
            responsible_unit=_text(self.unit), done_deeds=self.deeds.value(), done_deeds_text=_text(self.deeds_text),
            satisfaction=self.satisfaction.currentData())


class FollowUpDialog(SaveForm):
    def __init__(self, *, topic: str, status: str, parent: QWidget | None = None):
        super().__init__(f"落实情况 — {topic}", parent)
        self.on_date = _date_edit(None)
        self.status = _combo(list((label, code) for code, label in FOLLOW_UP), status)
        self.note = QPlainTextEdit()
        for label, widget in (("日期", self.on_date), ("落实情况", self.status), ("说明", self.note)):
            self.form.addRow(label, widget)
        self.finish()

    def data(self) -> tuple[date, str, str | None]:
        return _date_of(self.on_date), self.status.currentData(), _text(self.note)
