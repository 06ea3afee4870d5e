"""The member form: every field, problems shown under their field while typing, save as a task."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QGridLayout, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QMessageBox, QPlainTextEdit, QSpinBox, QVBoxLayout,
                               QWidget, QHBoxLayout)

from desktop_app.domain.errors import Conflict, ValidationError
from desktop_app.ui.desk import Desk
from desktop_app.ui.tasks import present, show_error

if TYPE_CHECKING:
    from desktop_app.domain.errors import Problem
    from desktop_app.domain.vocabulary import Vocabulary
    from desktop_app.services.members import MemberDetail, MemberInput, NamedOption

CHECK_DELAY_MS = 250
COLUMNS = 3
# (field, label, vocabulary key or None); the label is what Problem.column names.
TEXT_FIELDS = [("name", "姓名", None), ("gender", "性别", "gender"), ("ethnicity", "民族", "ethnicity"),
               ("political_status", "政治面貌", "political_status"), ("sector", "界别", "sector"),
               ("education", "文化程度", "education"), ("native_place", "籍贯", None),
               ("work_unit", "工作单位", None), ("position", "职务", None), ("phone", "联系电话", None),
               ("id_number", "身份证号", None), ("address", "通讯地址", None)]
ERROR_STYLE = "color: #b00020;"


def _checklist(options) -> QListWidget:
    """A short list of tick boxes, one per option (id kept in the item)."""
    widget = QListWidget()
    widget.setMaximumHeight(96)
    for option in options:
        item = QListWidgetItem(option.name)
        item.setData(Qt.ItemDataRole.UserRole, option.id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        widget.addItem(item)
    return widget


def _check(widget: QListWidget, ids) -> None:
    for row in range(widget.count()):
        item = widget.item(row)
        item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in ids
                           else Qt.CheckState.Unchecked)


def _checked(widget: QListWidget) -> tuple[int, ...]:
    return tuple(widget.item(r).data(Qt.ItemDataRole.UserRole) for r in range(widget.count())
                 if widget.item(r).checkState() == Qt.CheckState.Checked)


class MemberForm(QDialog):
    """新增委员 / 编辑委员; 保存 stays disabled while the checks report problems."""

    def __init__(self, desk: Desk, *, detail: MemberDetail | None, vocabularies: dict[str, Vocabulary],
                 committees: list[NamedOption], homes: list[NamedOption], villages: list[NamedOption] = (),
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.detail = detail
        self.setWindowTitle(f"编辑委员：{detail.data.name}" if detail else "新增委员")
        self.inputs: dict[str, QLineEdit | QComboBox] = {}
        self.errors: dict[str, QLabel] = {}
        self.problems: list[Problem] = []
        self._check_serial = 0
        self._checked_serial = -1
        self._saving = False
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        cells: list[tuple[str, QWidget]] = []
        for name, label, vocab_key in TEXT_FIELDS:
            if vocab_key:
                widget: QLineEdit | QComboBox = QComboBox()
                widget.setEditable(True)
                vocab = vocabularies.get(vocab_key)
                widget.addItem("")
                widget.addItems(vocab.names if vocab else [])
                widget.currentTextChanged.connect(self._schedule_check)
            else:
                widget = QLineEdit()
                widget.textChanged.connect(self._schedule_check)
            self.inputs[name] = widget
            cells.append((label, widget))
        self.birth_year = QSpinBox()
        self.birth_year.setRange(1899, 2100)
        self.birth_year.setSpecialValueText("未填")
        self.birth_year.setSuffix(" 年")
        self.birth_month = QSpinBox()
        self.birth_month.setRange(0, 12)
        self.birth_month.setSpecialValueText("未填")
        self.birth_month.setSuffix(" 月")
        for spin in (self.birth_year, self.birth_month):
            spin.valueChanged.connect(self._schedule_check)
        birth = QWidget()
        row = QHBoxLayout(birth)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.birth_year)
        row.addWidget(self.birth_month)
        cells.insert(3, ("出生年月", birth))
        self.home = QComboBox()
        self.home.addItem("（无）", None)
        for option in homes:
            self.home.addItem(option.name, option.id)
        cells.append(("委员之家", self.home))
        self.standing = QCheckBox("是常务委员")
        cells.append(("是否常委", self.standing))
        for index, (label, widget) in enumerate(cells):  # three columns: fits a 1366×768 screen at 125%
            grid.addWidget(self._cell(label, widget), index // COLUMNS, index % COLUMNS, Qt.AlignmentFlag.AlignTop)
        for column in range(COLUMNS):
            grid.setColumnStretch(column, 1)
        self.committees = _checklist(committees)
        self.villages = _checklist(villages)
        self.village_filter = QLineEdit()
        self.village_filter.setPlaceholderText("筛选村（社区）名")
        self.village_filter.textChanged.connect(self._filter_villages)
        villages_box = QWidget()
        column = QVBoxLayout(villages_box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(self.village_filter)
        column.addWidget(self.villages)
        self.notes = QPlainTextEdit()
        self.notes.setMaximumHeight(96)
        bottom = (len(cells) + COLUMNS - 1) // COLUMNS
        grid.addWidget(self._cell("专委会（可多选）", self.committees), bottom, 0)
        grid.addWidget(self._cell("包联村（社区）（可多选）", villages_box), bottom, 1)
        grid.addWidget(self._cell("备注", self.notes), bottom, 2, 1, COLUMNS - 2)
        self.general_error = QLabel()
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("保存")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self._on_save_clicked)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(780)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_DELAY_MS)
        self._timer.timeout.connect(self.check_now)
        if detail is not None:
            self._load(detail)
        self.save_button.setEnabled(False)
        self.check_now()

    def _cell(self, label: str, widget: QWidget) -> QWidget:
        cell = QWidget()
        box = QVBoxLayout(cell)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(1)
        box.addWidget(QLabel(label))
        box.addWidget(widget)
        error = QLabel()
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.setVisible(False)
        box.addWidget(error)
        self.errors[label] = error
        return cell

    def _load(self, detail: MemberDetail) -> None:
        data = detail.data
        for name, _label, _vocab in TEXT_FIELDS:
            widget, value = self.inputs[name], getattr(data, name) or ""
            widget.setEditText(value) if isinstance(widget, QComboBox) else widget.setText(value)
        self.birth_year.setValue(data.birth_year or self.birth_year.minimum())
        self.birth_month.setValue(data.birth_month or 0)
        self.standing.setChecked(bool(data.is_standing))
        self.notes.setPlainText(data.notes or "")
        index = self.home.findData(data.home_id)
        self.home.setCurrentIndex(max(index, 0))
        _check(self.committees, data.committee_ids)
        _check(self.villages, data.village_ids)

    def _filter_villages(self, text: str) -> None:
        wanted = text.strip()
        for row in range(self.villages.count()):
            item = self.villages.item(row)
            item.setHidden(bool(wanted) and wanted not in item.text())

    def set_field(self, name: str, value: str) -> None:
        """Type a value into a text field (used by people and tests alike)."""
        widget = self.inputs[name]
        widget.setEditText(value) if isinstance(widget, QComboBox) else widget.setText(value)

    def data(self) -> MemberInput:
        """The form's values as a MemberInput."""
        from desktop_app.services.members import MemberInput

        values: dict[str, str | None] = {}
        for name, _label, _vocab in TEXT_FIELDS:
            widget = self.inputs[name]
            values[name] = (widget.currentText() if isinstance(widget, QComboBox) else widget.text()).strip() or None
        year = self.birth_year.value()
        committee_ids = _checked(self.committees)
        return MemberInput(
            **{**values, "name": values["name"] or ""},
            birth_year=None if year == self.birth_year.minimum() else year,
            birth_month=self.birth_month.value() or None, is_standing=self.standing.isChecked(),
            notes=self.notes.toPlainText().strip() or None, home_id=self.home.currentData(),
            committee_ids=committee_ids, village_ids=_checked(self.villages),
        )

    # ----- inline checks, off the GUI thread -----
    def _schedule_check(self, *_args) -> None:
        self._check_serial += 1
        self.save_button.setEnabled(False)
        self._timer.start()

    def check_now(self) -> None:
        """Check the current values with MembersService.check; results from stale values are dropped."""
        self._timer.stop()
        serial, data = self._check_serial, self.data()
        member_id = self.detail.id if self.detail else None

        from desktop_app.ui.operations.members import check_member

        check_member(self.desk, parent=self, data=data, member_id=member_id,
                     on_done=lambda problems: self._on_checked(serial, problems))

    @property
    def checked(self) -> bool:
        """True when the problems shown belong to the values now in the form."""
        return self._checked_serial == self._check_serial

    def _on_checked(self, serial: int, problems: list[Problem]) -> None:
        if serial != self._check_serial:
            return
        self._checked_serial = serial
        self.show_problems(problems)

    def show_problems(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        by_field: dict[str, list[str]] = {}
        general: list[str] = []
        for problem in problems:
            if problem.column in self.errors:
                by_field.setdefault(problem.column, []).append(problem.message)
            else:
                general.append(problem.describe())
        for label, widget in self.errors.items():
            widget.setText("\n".join(by_field.get(label, [])))
            widget.setVisible(label in by_field)
        self.general_error.setText("\n".join(general))
        self.save_button.setEnabled(not problems and not self._saving)
        if self.isVisible():  # wrapped messages need their height: let the dialog grow (or shrink) to fit
            self.resize(self.width(), self.heightForWidth(self.width()) if self.hasHeightForWidth()
                        else self.sizeHint().height())

    # ----- saving -----
    def _on_save_clicked(self) -> None:
        if not self.checked or self.problems or self._saving:
            return
        from desktop_app.ui.operations.members import save_member

        self._saving = True
        self.save_button.setEnabled(False)
        task = save_member(self.desk, parent=self, member_id=self.detail.id if self.detail else None,
                           version=self.detail.version if self.detail else None, data=self.data(),
                           on_saved=self.accept, on_failed=self._on_save_failed)
        if task is None:
            self._saving = False
            self.save_button.setEnabled(True)

    def _on_save_failed(self, exc: BaseException) -> None:
        self._saving = False
        if isinstance(exc, ValidationError) and exc.problems:
            self.show_problems(exc.problems)
        elif isinstance(exc, Conflict):
            box = QMessageBox(QMessageBox.Icon.Warning, "保存未成功", exc.message, QMessageBox.StandardButton.Ok, self)
            box.setInformativeText("您在此窗口填写的内容尚未保存。请先记下修改，关闭窗口后重新打开这位委员再编辑。")
            box.setObjectName("conflictBox")
            present(box)
            self.save_button.setEnabled(True)
        else:
            show_error(self, exc, log_path=self.desk.log_path)
            self.save_button.setEnabled(True)
