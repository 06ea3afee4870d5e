"""First start: the county, committee, term and session; then import, demo data or a blank start."""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox,
                               QVBoxLayout, QWidget)

from desktop_app.domain.cn_format import committee_name
from desktop_app.ui.desk import Desk

if TYPE_CHECKING:
    from desktop_app.services.changes import Changes
    from desktop_app.services.settings import OfficeSettings



class FirstRunDialog(QDialog):
    """欢迎使用: asks the office's basics and how to begin; saves with first_run_done=True."""

    def __init__(self, desk: Desk, office: OfficeSettings, *, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.office = office
        self.choice = ""
        self.setWindowTitle("欢迎使用县政协履职工作台")
        intro = QLabel("第一次使用，请先填写本单位的基本情况（以后可在“设置”中修改）。")
        intro.setWordWrap(True)
        self.county = QLineEdit(office.county)
        self.county.setPlaceholderText("例如：黎城县")
        self.committee = QLineEdit(office.committee_name or committee_name("××县"))
        self._committee_edited = bool(office.committee_name)
        self.committee.textEdited.connect(self._on_committee_edited)
        self.county.textChanged.connect(self._on_county_changed)
        self.term = QSpinBox()
        self.term.setRange(1, 30)
        self.term.setValue(office.current_term)
        self.term.setPrefix("第 ")
        self.term.setSuffix(" 届")
        self.session = QSpinBox()
        self.session.setRange(1, 5)
        self.session.setValue(office.current_session)
        self.session.setPrefix("第 ")
        self.session.setSuffix(" 次会议")
        self.clerk = QLineEdit(desk.clerk)
        self.clerk.setPlaceholderText("您的姓名，记作办理记录的经办人（可不填）")
        self.clerk.setToolTip("只保存在这台电脑上；以后可在“设置”中修改。")
        form = QFormLayout()
        form.addRow("县名", self.county)
        form.addRow("委员会名称", self.committee)
        form.addRow("当前届次", self.term)
        form.addRow("当前会次", self.session)
        form.addRow("本机经办人", self.clerk)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.import_button = QPushButton("导入花名册")
        self.demo_button = QPushButton("载入演示数据")
        self.blank_button = QPushButton("从空白开始")
        self.import_button.clicked.connect(lambda: self._save_then("import"))
        self.demo_button.clicked.connect(lambda: self._save_then("demo"))
        self.blank_button.clicked.connect(lambda: self._save_then("blank"))
        buttons = QHBoxLayout()
        for button in (self.import_button, self.demo_button, self.blank_button):
            buttons.addWidget(button)
        hint = QLabel("导入花名册：从现有的 Excel/WPS 表格导入委员；载入演示数据：按所填县名生成一套虚构的数据，先熟悉程序。")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        self.setMinimumWidth(460)

    def _on_committee_edited(self, _text: str) -> None:
        self._committee_edited = True

    def _on_county_changed(self, text: str) -> None:
        if not self._committee_edited:
            self.committee.setText(committee_name(text.strip() or "××县"))

    def _set_busy(self, busy: bool) -> None:
        for button in (self.import_button, self.demo_button, self.blank_button):
            button.setEnabled(not busy)

    def _save_then(self, choice: str) -> None:
        """Save the office settings (first_run_done=True), then do what the chosen button says."""
        county = self.county.text().strip()
        if not county:
            self.error.setText("请填写县（区）名称，例如“黎城县”。")
            return
        committee = self.committee.text().strip()
        if "××" in committee:
            committee = committee_name(county)
        office = replace(self.office, county=county, committee_name=committee, current_term=self.term.value(),
                         current_session=self.session.value(), first_run_done=True)
        self.error.clear()
        if self.clerk.text().strip():
            self.desk.set_clerk(self.clerk.text())
        self._set_busy(True)
        if choice == "demo":  # the settings and the demo data in one transaction
            self._load_demo(office)
            return

        from desktop_app.ui.operations.settings import save_office

        def saved(_changes: Changes) -> None:
            self.choice = choice
            self._after_save(choice)

        if save_office(self.desk, parent=self, office=office, on_done=saved, on_failed=self._failed) is None:
            self._set_busy(False)

    def _failed(self, exc: BaseException) -> None:
        from desktop_app.ui.tasks import error_text

        self._set_busy(False)
        self.error.setText(error_text(exc, log_path=self.desk.log_path)[0])

    def _load_demo(self, office: OfficeSettings) -> None:
        """载入演示数据 for the county just given, off the GUI thread with progress; closes when filled."""
        from desktop_app.ui.operations.members import fill_demo

        def filled(_changes: Changes) -> None:
            self.choice = "demo"
            self.accept()

        if fill_demo(self.desk, parent=self, office=office, on_done=filled, on_failed=self._failed) is None:
            self._set_busy(False)

    def _after_save(self, choice: str) -> None:
        parent = self.parentWidget() or self
        self.accept()
        if choice == "import":
            from desktop_app.ui.operations.members import open_import_wizard

            open_import_wizard(self.desk, parent=parent)
