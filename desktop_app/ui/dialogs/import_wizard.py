"""导入花名册: choose a file → sheet, header row and column mapping → report → import → summary.

Every file read and the import itself run as tasks; the pages only show what they hand back.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QFileDialog, QFormLayout, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QPushButton, QSpinBox, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget, QWizard, QWizardPage)

from desktop_app.ui.desk import Desk
from desktop_app.ui.dialogs.import_pages import ImportPage, ReportPage, SummaryPage
from desktop_app.ui.tasks import error_text

if TYPE_CHECKING:
    from desktop_app.services.changes import Batch
    from desktop_app.services.ledgers.pipeline import ImportPlan, Located, SheetPreview, SourceFile

FILE_FILTER = "表格文件 (*.xlsx *.xls *.csv *.et *.ods *.xlsm);;所有文件 (*)"
NOT_IMPORTED = "（不导入）"
ERROR_STYLE = "color: #b00020;"


class ImportWizard(QWizard):
    """The roster import; `path` pre-fills the file (a spreadsheet dropped on the window)."""

    PAGE_FILE, PAGE_MAPPING, PAGE_REPORT, PAGE_IMPORT, PAGE_SUMMARY = range(5)

    def __init__(self, desk: Desk, *, path: Path | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.setWindowTitle("导入花名册")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        for button, text in ((QWizard.WizardButton.BackButton, "< 上一步"),
                             (QWizard.WizardButton.NextButton, "下一步 >"),
                             (QWizard.WizardButton.FinishButton, "完成"),
                             (QWizard.WizardButton.CancelButton, "取消")):
            self.setButtonText(button, text)
        self.path: Path | None = None
        self.source: SourceFile | None = None  # the file as read, once
        self.located: Located | None = None  # its sheet and header as chosen
        self.preview: SheetPreview | None = None
        self.plan: ImportPlan | None = None
        self.result: Batch | None = None  # what the import wrote
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.report_page = ReportPage(self)
        self.import_page = ImportPage(self)
        self.summary_page = SummaryPage(self)
        for page_id, page in enumerate((self.file_page, self.mapping_page, self.report_page, self.import_page,
                                        self.summary_page)):
            self.setPage(page_id, page)
        self.resize(880, 540)  # fits a 1366×768 screen at 125% scaling
        if path is not None:
            self.file_page.choose(Path(path))

    def reject(self) -> None:
        """取消: a running import is cancelled (nothing is written), then the wizard closes."""
        if self.import_page.running and self.import_page.task is not None:
            self.import_page.task.cancel()
        super().reject()

    def options(self, *, save_mapping: bool = False):
        """ImportOptions for the sheet, header row and mapping now chosen."""
        from desktop_app.services.ledgers.pipeline import ImportOptions

        page = self.mapping_page
        return ImportOptions(sheet=self.preview.sheet if self.preview else None,
                             header_row=self.preview.header_row if self.preview else None,
                             mapping=page.mapping_override(),
                             save_mapping=save_mapping or page.save_mapping.isChecked())

    def inspect(self, *, sheet: str | None, header_row: int | None, on_done: Callable[[SheetPreview], None],
                on_failed: Callable[[BaseException], None]) -> None:
        """Find the sheet's header and first rows off the GUI thread; the file is read only the first time."""
        from desktop_app.services.ledgers.pipeline import ImportOptions
        from desktop_app.ui.operations.members import inspect_roster

        path = self.path
        source = self.source if self.source is not None and self.source.path == path else None

        def done(result: tuple[Located, SheetPreview]) -> None:
            located, preview = result
            if located.source.path == self.path:
                self.source, self.located = located.source, located
            on_done(preview)

        inspect_roster(self.desk, parent=self, path=path, source=source,
                       options=ImportOptions(sheet=sheet, header_row=header_row), on_done=done, on_failed=on_failed)


class FilePage(QWizardPage):
    """选择文件: the roster file; its sheets and header are read as soon as it is chosen."""

    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.wiz = wizard
        self.setTitle("第一步：选择花名册文件")
        self.setSubTitle("支持 Excel（.xlsx、.xls）、WPS（.et）和 CSV 文件；也可以把文件直接拖到主窗口上。")
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText("花名册文件的位置")
        self.path_edit.editingFinished.connect(self._on_path_edited)
        browse = QPushButton("选择文件…")
        browse.clicked.connect(self._on_browse_clicked)
        self.status = QLabel()
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self._reading = False

    def _on_path_edited(self) -> None:
        text = self.path_edit.text().strip()
        if text and Path(text) != self.wiz.path:
            self.choose(Path(text))

    def _on_browse_clicked(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "选择花名册文件", str(Path.home()), FILE_FILTER)
        if chosen:
            self.choose(Path(chosen))

    def choose(self, path: Path) -> None:
        """Take `path` as the roster and read its first sheet's header."""
        if self.wiz.path == path and (self._reading or self.wiz.preview is not None):
            return
        self.path_edit.setText(str(path))
        self.wiz.path, self.wiz.preview, self.wiz.source, self.wiz.located = path, None, None, None
        self.status.setStyleSheet("")
        if not path.is_file():
            self.status.setStyleSheet(ERROR_STYLE)
            self.status.setText(f"找不到文件“{path}”，请检查位置或重新选择。")
            self.completeChanged.emit()
            return
        self._reading = True
        self.status.setText("正在读取文件……")
        self.completeChanged.emit()
        self.wiz.inspect(sheet=None, header_row=None, on_done=lambda p: self._on_read(path, p),
                         on_failed=lambda e: self._on_failed(path, e))

    def _on_read(self, path: Path, preview: SheetPreview) -> None:
        if path != self.wiz.path:
            return
        self._reading = False
        self.wiz.preview = preview
        rows = (f"第 {preview.header_row}、{preview.header_row + 1} 行（两行表头）" if preview.header_rows == 2
                else f"第 {preview.header_row} 行")
        self.status.setText(f"已读取：工作表“{preview.sheet}”，表头在{rows}，"
                            f"共 {len(preview.headers)} 列。请点“下一步”核对各列的对应关系。")
        self.completeChanged.emit()

    def _on_failed(self, path: Path, exc: BaseException) -> None:
        if path != self.wiz.path:
            return
        self._reading = False
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(error_text(exc, log_path=self.wiz.desk.log_path)[0])
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 (Qt's name)
        return self.wiz.preview is not None and not self._reading


class MappingPage(QWizardPage):
    """工作表、表头行与列的对应关系, with a preview of the first rows."""

    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.wiz = wizard
        self.setTitle("第二步：核对表头和各列的对应关系")
        self.setSubTitle("程序已自动识别；如有不对，请选择正确的工作表、表头所在行，或改变某列对应的项目。")
        self.sheet_combo = QComboBox()
        self.header_spin = QSpinBox()
        self.header_spin.setRange(1, 1000)
        self.header_spin.setPrefix("第 ")
        self.header_spin.setSuffix(" 行")
        reread = QPushButton("重新识别")
        reread.clicked.connect(self._on_reread_clicked)
        self.sheet_combo.activated.connect(lambda _i: self._reinspect(header_row=None))
        top = QFormLayout()
        sheet_row = QHBoxLayout()
        sheet_row.addWidget(self.sheet_combo, 1)
        sheet_row.addWidget(QLabel("表头在"))
        sheet_row.addWidget(self.header_spin)
        sheet_row.addWidget(reread)
        top.addRow("工作表", sheet_row)
        self.mapping_table = QTableWidget(0, 2)
        self.mapping_table.setObjectName("mappingTable")
        self.mapping_table.setHorizontalHeaderLabels(["表格中的列", "对应项目"])
        self.mapping_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.mapping_table.verticalHeader().setVisible(False)
        self.mapping_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.unknown_label = QLabel()
        self.unknown_label.setWordWrap(True)
        self.missing_label = QLabel()
        self.missing_label.setStyleSheet(ERROR_STYLE)
        self.save_mapping = QCheckBox("保存此对应关系（下次导入同样格式的表格时自动使用）")
        self.preview_table = QTableWidget(0, 0)
        self.preview_table.setObjectName("previewTable")
        self.preview_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.status = QLabel()
        left = QVBoxLayout()
        left.addWidget(self.mapping_table, 1)
        left.addWidget(self.unknown_label)
        left.addWidget(self.missing_label)
        left.addWidget(self.save_mapping)
        right = QVBoxLayout()
        right.addWidget(QLabel("前几行预览："))
        right.addWidget(self.preview_table, 1)
        body = QHBoxLayout()
        body.addLayout(left, 2)
        body.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        layout.addWidget(self.status)
        self._combos: list[tuple[str, QComboBox]] = []
        self._reading = False

    def initializePage(self) -> None:  # noqa: N802 (Qt's name)
        self.show_preview(self.wiz.preview)

    def show_preview(self, preview: SheetPreview) -> None:
        self.sheet_combo.clear()
        self.sheet_combo.addItems(preview.sheet_names)
        self.sheet_combo.setCurrentText(preview.sheet)
        self.header_spin.setValue(preview.header_row)
        labels = list(preview.field_labels.items())
        self.mapping_table.setRowCount(len(preview.headers))
        self._combos = []
        for row, header in enumerate(preview.headers):
            self.mapping_table.setItem(row, 0, QTableWidgetItem(header))
            combo = QComboBox()
            combo.addItem(NOT_IMPORTED, None)
            for code, label in labels:
                combo.addItem(label, code)
            combo.setCurrentIndex(max(combo.findData(preview.mapping.get(header)), 0))
            combo.currentIndexChanged.connect(self._on_mapping_changed)
            self.mapping_table.setCellWidget(row, 1, combo)
            self._combos.append((header, combo))
        self.unknown_label.setText(
            "未识别的列：" + "、".join(preview.unknown_columns) + "（如需导入，请在右侧选择对应项目；否则不导入）"
            if preview.unknown_columns else "所有列都已识别。")
        self.preview_table.clear()
        self.preview_table.setColumnCount(len(preview.headers))
        self.preview_table.setHorizontalHeaderLabels(preview.headers)
        self.preview_table.setRowCount(len(preview.first_rows))
        for r, values in enumerate(preview.first_rows):
            for c, value in enumerate(values[:len(preview.headers)]):
                self.preview_table.setItem(r, c, QTableWidgetItem(value))
        self._on_mapping_changed()

    def current_mapping(self) -> dict[str, str]:
        return {header: combo.currentData() for header, combo in self._combos if combo.currentData()}

    def mapping_override(self) -> dict[str, str] | None:
        """The mapping when the user changed it; None lets the service use what it detected."""
        if self.wiz.preview is None:
            return None
        current = self.current_mapping()
        return None if current == self.wiz.preview.mapping else current

    def set_mapping(self, header: str, field_code: str | None) -> None:
        for text, combo in self._combos:
            if text == header:
                combo.setCurrentIndex(max(combo.findData(field_code), 0))

    def _on_mapping_changed(self, *_args) -> None:
        mapped = list(self.current_mapping().values())
        problems = []
        if "name" not in mapped:
            problems.append("请为“姓名”选择一列，否则无法导入。")
        twice = sorted({self.wiz.preview.field_labels.get(c, c) for c in mapped if mapped.count(c) > 1})
        if twice:
            problems.append("、".join(twice) + " 对应了不止一列，请只保留一列。")
        self.missing_label.setText(" ".join(problems))
        self.completeChanged.emit()

    def _on_reread_clicked(self) -> None:
        self._reinspect(header_row=self.header_spin.value())

    def _reinspect(self, *, header_row: int | None) -> None:
        self._reading = True
        self.status.setText("正在读取……")
        self.completeChanged.emit()
        self.wiz.inspect(sheet=self.sheet_combo.currentText() or None, header_row=header_row,
                         on_done=self._on_reread, on_failed=self._on_reread_failed)

    def _on_reread(self, preview: SheetPreview) -> None:
        self._reading = False
        self.status.setText("")
        self.wiz.preview = preview
        self.show_preview(preview)

    def _on_reread_failed(self, exc: BaseException) -> None:
        self._reading = False
        self.status.setText(error_text(exc, log_path=self.wiz.desk.log_path)[0])
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 (Qt's name)
        return self.wiz.preview is not None and not self._reading and not self.missing_label.text()
