"""The Word templates on the 设置 page: which template each document uses, and 打开 / 复制 / 恢复默认 / 检查."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (QAbstractItemView, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout)

from desktop_app.ui.desk import Desk
from desktop_app.ui.operations import templates as ops

if TYPE_CHECKING:
    from desktop_app.services.templates import TemplateInfo

HINT = ("生成公文时，用“本单位模板”（保存在数据文件夹的 templates 中）；没有时用程序自带的模板。"
        "要改格式或固定文字，先“复制为本单位模板”，在 Word 或 WPS 中修改并保存，再点“检查”。")


class TemplatesPanel(QGroupBox):
    """A table of every template (名称, 用途, 使用中) and buttons acting on the selected one."""

    COLUMNS = ("名称", "用途", "使用中")

    def __init__(self, desk: Desk):
        super().__init__()  # untitled: the page's tab names it
        self.desk = desk
        self.templates: list[TemplateInfo] = []
        self.opener: ops.Opener = ops.system_opener  # tests put their own here
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("templateTable")
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(2, self.fontMetrics().horizontalAdvance(ops.OFFICE_COPY) + 24)  # the longer of the two
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self._on_open_clicked())

        self.open_button = QPushButton("打开")
        self.copy_button = QPushButton("复制为本单位模板")
        self.restore_button = QPushButton("恢复默认")
        self.check_button = QPushButton("检查")
        self.open_button.setToolTip("用 Word 或 WPS 打开正在使用的模板")
        self.copy_button.setToolTip("把程序自带的模板复制到数据文件夹，供本单位修改")
        self.restore_button.setToolTip("停用本单位模板（改名保留，不删除），改用程序自带的模板")
        self.check_button.setToolTip("检查正在使用的模板能否正常生成文件")
        self.open_button.clicked.connect(self._on_open_clicked)
        self.copy_button.clicked.connect(self._on_copy_clicked)
        self.restore_button.clicked.connect(self._on_restore_clicked)
        self.check_button.clicked.connect(self._on_check_clicked)
        buttons = QHBoxLayout()
        for button in (self.open_button, self.copy_button, self.restore_button, self.check_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        hint = QLabel(HINT)
        hint.setWordWrap(True)
        hint.setObjectName("templateHint")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(hint)
        self._update_buttons()

    # ----- the list -----
    def reload(self) -> None:
        ops.load(self.desk, parent=self, on_done=self.show_templates)

    def show_templates(self, templates: list[TemplateInfo]) -> None:
        chosen = self.selected()
        self.templates = list(templates)
        self.table.setRowCount(len(self.templates))
        for row, template in enumerate(self.templates):
            in_use = ops.in_use_label(template)
            items = (QTableWidgetItem(template.title), QTableWidgetItem(template.purpose), QTableWidgetItem(in_use))
            items[0].setToolTip(str(template.in_use))
            items[1].setToolTip(template.purpose)
            items[2].setToolTip(str(template.in_use))
            for column, item in enumerate(items):
                self.table.setItem(row, column, item)
        keys = [t.key for t in self.templates]
        row = keys.index(chosen.key) if chosen is not None and chosen.key in keys else 0
        if self.templates:
            self.table.selectRow(row)
        self._update_buttons()

    def row_of(self, key: str) -> int:
        return next(i for i, t in enumerate(self.templates) if t.key == key)

    def in_use_text(self, key: str) -> str:
        """What the 使用中 column says for the template `key`."""
        return self.table.item(self.row_of(key), 2).text()

    def selected(self) -> TemplateInfo | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.templates[rows[0].row()] if rows and rows[0].row() < len(self.templates) else None

    def select(self, key: str) -> None:
        self.table.selectRow(self.row_of(key))

    def _update_buttons(self) -> None:
        template = self.selected()
        for button in (self.open_button, self.check_button):
            button.setEnabled(template is not None)
        self.copy_button.setEnabled(template is not None and not template.office_copy_in_use)
        self.restore_button.setEnabled(template is not None and template.office_copy_in_use)

    # ----- the actions -----
    def _on_open_clicked(self) -> None:
        template = self.selected()
        if template is not None:
            ops.open_template(self.desk, template, parent=self, opener=self.opener, on_changed=self.reload)

    def _on_copy_clicked(self) -> None:
        template = self.selected()
        if template is not None:
            ops.copy_template(self.desk, template, parent=self, opener=self.opener, on_changed=self.reload)

    def _on_restore_clicked(self) -> None:
        template = self.selected()
        if template is not None:
            ops.restore_default(self.desk, template, parent=self, on_changed=self.reload)

    def _on_check_clicked(self) -> None:
        template = self.selected()
        if template is not None:
            ops.check_template(self.desk, template, parent=self)
