"""设置 page: the office's settings, the vocabularies it edits (界别, 民族, 政治面貌 …) and its Word templates."""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem,
                               QTabWidget, QVBoxLayout, QWidget)

from desktop_app.ui.desk import Desk
from desktop_app.ui.operations.settings import Settings, load_settings, save_office, save_vocabulary
from desktop_app.ui.pages.backup_panel import BackupPanel
from desktop_app.ui.pages.database_panel import DatabasePanel
from desktop_app.ui.pages.templates_panel import TemplatesPanel
from desktop_app.ui.tasks import info

if TYPE_CHECKING:
    from PySide6.QtGui import QShowEvent

    from desktop_app.domain.vocabulary import Vocabulary
    from desktop_app.services.changes import Changes
    from desktop_app.services.settings import OfficeSettings

FONT_SETS = [("standard", "标准公文字体（方正小标宋、仿宋_GB2312、楷体_GB2312）"),
             ("windows", "Windows 自带字体（宋体、仿宋、楷体）")]
FONT_NOTE = ("注意：仿宋_GB2312、楷体_GB2312 等字体缺少一些生僻字，如 堃 喆 玥 昇 赟 旻 垚 祎 瑄；"
             "委员姓名中有这类字时，请选择“Windows 自带字体”，或安装方正字库。")
ALIAS_SEPARATORS = ("、", "，", ",", ";", "；")


def _spin(low: int, high: int, suffix: str = "") -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setSuffix(suffix)
    return spin


def split_aliases(text: str) -> tuple[str, ...]:
    for sep in ALIAS_SEPARATORS[1:]:
        text = text.replace(sep, ALIAS_SEPARATORS[0])
    return tuple(a.strip() for a in text.split(ALIAS_SEPARATORS[0]) if a.strip())


class SettingsPage(QWidget):
    """Office settings on the left; on the right, tabs for the vocabulary editor and the Word templates."""

    def __init__(self, desk: Desk):
        super().__init__()
        self.desk = desk
        self.office: OfficeSettings | None = None
        self.vocabularies: dict[str, Vocabulary] = {}
        self._build_office()
        self._build_vocabulary()
        self.templates = TemplatesPanel(desk)
        self.tabs = QTabWidget()
        self.vocab_box.setTitle("")  # the tab names it
        self.tabs.addTab(self.vocab_box, "词表（下拉选项）")
        self.tabs.addTab(self.templates, "Word 模板")
        self.backups = BackupPanel(desk)
        self.tabs.addTab(self.backups, "备份")
        self.database = DatabasePanel(desk)
        self.tabs.addTab(self.database, "数据库")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.office_box, 1)
        layout.addWidget(self.tabs, 1)
        self._stale = True  # loaded when first shown, so start-up reads only what is on screen
        desk.sig_store_ready.connect(self._on_desk_store_ready)
        desk.sig_changed.connect(self._on_desk_changed)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._stale and self.desk.ready:
            self.reload()

    # ----- office settings -----
    def _build_office(self) -> None:
        self.office_box = QGroupBox("单位设置")
        self.county = QLineEdit()
        self.committee = QLineEdit()
        self.term = _spin(1, 30, " 届")
        self.session = _spin(1, 5, " 次会议")
        self.reply_months = _spin(1, 12, " 个月")
        self.decline_days = _spin(1, 30, " 个工作日")
        self.villages = _spin(0, 10000, " 个")
        self.font_set = QComboBox()
        for code, label in FONT_SETS:
            self.font_set.addItem(label, code)
        self.font_set.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.font_set.setMinimumContentsLength(14)
        note = QLabel(FONT_NOTE)
        note.setWordWrap(True)
        note.setObjectName("fontNote")
        self.clerk = QLineEdit()  # 本机经办人: kept on this PC, not in the shared database
        self.clerk.setObjectName("clerk")
        self.clerk.setToolTip("在这台电脑上办理业务的人员姓名，记入提案办理记录等的“经办人”；只保存在本机。")
        self.save_office_button = QPushButton("保存设置")
        self.save_office_button.clicked.connect(self._on_save_office_clicked)
        form = QFormLayout(self.office_box)
        form.addRow("县（区）名称", self.county)
        form.addRow("委员会名称", self.committee)
        form.addRow("当前届次", self.term)
        form.addRow("当前会次", self.session)
        form.addRow("提案办理期限", self.reply_months)
        form.addRow("承办单位申请退回期限", self.decline_days)
        self.calendar_note = QLabel()
        self.calendar_note.setWordWrap(True)
        self.calendar_note.setObjectName("calendarNote")
        form.addRow("", self.calendar_note)
        form.addRow("村（社区）总数", self.villages)
        form.addRow("公文字体", self.font_set)
        form.addRow(note)
        form.addRow("本机经办人", self.clerk)
        form.addRow(self.save_office_button)
        self.office_box.setEnabled(False)

    def _show_office(self, office: OfficeSettings) -> None:
        self.office = office
        self.county.setText(office.county)
        self.committee.setText(office.committee_name)
        self.term.setValue(office.current_term)
        self.session.setValue(office.current_session)
        self.reply_months.setValue(office.reply_period_months)
        self.decline_days.setValue(office.decline_window_days)
        self.villages.setValue(office.villages_and_communities)
        self.font_set.setCurrentIndex(max(self.font_set.findData(office.font_set), 0))
        self.clerk.setText(self.desk.clerk)
        from desktop_app.services.context import default_actor

        self.clerk.setPlaceholderText(f"未填写时记为“{default_actor()}”")
        self.office_box.setEnabled(True)

    def edited_office(self) -> OfficeSettings:
        assert self.office is not None  # the form is enabled once the settings are read
        return replace(self.office, county=self.county.text().strip(), committee_name=self.committee.text().strip(),
                       current_term=self.term.value(), current_session=self.session.value(),
                       reply_period_months=self.reply_months.value(), decline_window_days=self.decline_days.value(),
                       villages_and_communities=self.villages.value(), font_set=self.font_set.currentData())

    def _on_save_office_clicked(self) -> None:
        office = self.edited_office()
        self.clerk.setText(self.desk.set_clerk(self.clerk.text()))  # this PC's, saved whatever the office's do

        def saved(_changes: Changes) -> None:
            self.office = office
            info(self, "设置已保存。")

        save_office(self.desk, parent=self, office=office, on_done=saved)

    # ----- vocabularies -----
    def _build_vocabulary(self) -> None:
        self.vocab_box = QGroupBox("词表（下拉选项）")
        self.vocab_combo = QComboBox()
        self.vocab_combo.currentIndexChanged.connect(self._on_vocab_chosen)
        self.entries = QTableWidget(0, 3)
        self.entries.setObjectName("vocabularyEntries")
        self.entries.setHorizontalHeaderLabels(["名称", "别名（用“、”分隔）", "启用"])
        self.entries.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.entries.setColumnWidth(0, 140)  # names such as 社情民意信息研讨 show whole
        self.entries.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.entries.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        buttons = QHBoxLayout()
        self.add_entry_button = QPushButton("添加")
        self.remove_entry_button = QPushButton("删除")
        self.up_button = QPushButton("上移")
        self.down_button = QPushButton("下移")
        self.save_vocab_button = QPushButton("保存词表")
        self.add_entry_button.clicked.connect(self._on_add_entry_clicked)
        self.remove_entry_button.clicked.connect(self._on_remove_entry_clicked)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.save_vocab_button.clicked.connect(self._on_save_vocab_clicked)
        for button in (self.add_entry_button, self.remove_entry_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_vocab_button)
        hint = QLabel("取消“启用”的条目不再出现在下拉列表中，已使用它的记录不受影响。")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self.vocab_box)
        layout.addWidget(self.vocab_combo)
        layout.addWidget(self.entries, 1)
        layout.addLayout(buttons)
        layout.addWidget(hint)
        self.vocab_box.setEnabled(False)

    def _on_vocab_chosen(self, _index: int) -> None:
        vocab = self.vocabularies.get(self.vocab_combo.currentData())
        self.entries.setRowCount(0)
        if vocab is None:
            return
        for entry in vocab.entries:
            self._append_row(entry.name, "、".join(entry.aliases), entry.active)

    def _append_row(self, name: str, aliases: str, active: bool) -> int:
        row = self.entries.rowCount()
        self.entries.insertRow(row)
        self.entries.setItem(row, 0, QTableWidgetItem(name))
        self.entries.setItem(row, 1, QTableWidgetItem(aliases))
        check = QTableWidgetItem()
        check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        check.setCheckState(Qt.CheckState.Checked if active else Qt.CheckState.Unchecked)
        self.entries.setItem(row, 2, check)
        return row

    def _on_add_entry_clicked(self) -> None:
        row = self._append_row("", "", True)
        self.entries.setCurrentCell(row, 0)
        self.entries.editItem(self.entries.item(row, 0))

    def _on_remove_entry_clicked(self) -> None:
        row = self.entries.currentRow()
        if row >= 0:
            self.entries.removeRow(row)

    def _move(self, step: int) -> None:
        row = self.entries.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.entries.rowCount():
            return
        taken = [self.entries.takeItem(row, c) for c in range(3)]
        self.entries.removeRow(row)
        self.entries.insertRow(target)
        for column, item in enumerate(taken):
            self.entries.setItem(target, column, item)
        self.entries.setCurrentCell(target, 0)

    def edited_vocabulary(self) -> Vocabulary:
        """The vocabulary as the table shows it now."""
        from desktop_app.domain.vocabulary import Vocabulary, VocabularyEntry

        vocab = self.vocabularies[self.vocab_combo.currentData()]
        entries = []
        for row in range(self.entries.rowCount()):
            name = (self.entries.item(row, 0).text() if self.entries.item(row, 0) else "").strip()
            aliases = split_aliases(self.entries.item(row, 1).text() if self.entries.item(row, 1) else "")
            active = self.entries.item(row, 2).checkState() == Qt.CheckState.Checked
            entries.append(VocabularyEntry(name, aliases, active))
        return Vocabulary(key=vocab.key, label=vocab.label, entries=entries, open=vocab.open)

    def _on_save_vocab_clicked(self) -> None:
        if self.vocab_combo.currentData() is None:
            return
        vocab = self.edited_vocabulary()
        save_vocabulary(self.desk, parent=self, vocabulary=vocab,
                        on_done=lambda _changes: info(self, f"词表“{vocab.label}”已保存。"))

    # ----- loading -----
    def _on_desk_store_ready(self) -> None:
        self._stale = True
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        self._stale = False

        self.desk.run(load_settings, title="读取设置", parent=self, on_done=self._on_loaded)
        self.templates.reload()
        self.backups.reload()

    def help_chapter(self) -> str:
        """The manual's chapter of the tab open on the right (F1)."""
        return {1: "templates", 2: "backups"}.get(self.tabs.currentIndex(), "settings")

    def _on_loaded(self, settings: Settings) -> None:
        office, vocabularies, calendar_note = settings.office, settings.vocabularies, settings.calendar_note
        self._show_office(office)
        self.calendar_note.setText(calendar_note)
        self.vocabularies = vocabularies
        current = self.vocab_combo.currentData()
        self.vocab_combo.blockSignals(True)
        self.vocab_combo.clear()
        for key, vocab in vocabularies.items():
            self.vocab_combo.addItem(vocab.label, key)
        self.vocab_combo.setCurrentIndex(max(self.vocab_combo.findData(current), 0))
        self.vocab_combo.blockSignals(False)
        self._on_vocab_chosen(self.vocab_combo.currentIndex())
        self.vocab_box.setEnabled(True)

    def _on_desk_changed(self, changes: Changes) -> None:
        if changes.settings or changes.vocabularies:
            self._stale = True
            if self.desk.ready and self.isVisible():
                self.reload()
