"""导入预览 of a ledger (提案, 委员之家活动, 有事来商量, 社情民意, 协商议事室): what the import will do, before
anything is written.

The summary stays short at the top; everything else a plan says (the kind's notes, the records it will create,
hidden rows, cleaned cells) scrolls in a small box, and the rows are in the same three lists as the roster
wizard's 检查结果. However many rows and problems the file has, the dialog fits the screen and its buttons
stay in view.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtWidgets import (QDialog, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout,
                               QWidget)

from desktop_app.ui.dialogs.import_pages import ERROR_STYLE
from desktop_app.ui.widgets.plan_lists import PlanLists

if TYPE_CHECKING:
    from desktop_app.services.ledgers.pipeline import ImportPlan
    from desktop_app.ui.tasks import Task

WriteProblems = Callable[[Path], "Task | None"]  # writes the file with a 问题 column to the path


class ImportPreviewDialog(QDialog):
    """Accepted: import (only the rows without problems when there are some); rejected: nothing happens.

    `note`: why the preview is shown again (someone wrote since the last one). `write_problems` and
    `problem_file` (the suggested path): 导出问题清单, offered when the plan has problems.
    """

    def __init__(self, plan: ImportPlan, *, note: str | None = None, write_problems: WriteProblems | None = None,
                 problem_file: Path | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.plan = plan
        self._write_problems = write_problems
        self._problem_file = problem_file
        self.setObjectName("importPreview")
        self.setWindowTitle(f"导入预览 — {plan.label}")
        layout = QVBoxLayout(self)
        if note:
            self.note = QLabel(note)
            self.note.setObjectName("previewNote")
            self.note.setWordWrap(True)
            self.note.setStyleSheet(ERROR_STYLE)
            layout.addWidget(self.note)
        self.summary = QLabel(plan.summary())
        self.summary.setObjectName("previewSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        details = plan.lines(updates=False)[1:]  # the changed rows are in their own list below
        self.details = QPlainTextEdit("\n".join(details))
        self.details.setObjectName("previewDetails")
        self.details.setReadOnly(True)
        # as tall as its lines, up to five (then it scrolls): a one-line note takes one line
        frame = 2 * (self.details.frameWidth() + round(self.details.document().documentMargin())) + 10
        self.details.setFixedHeight(self.details.fontMetrics().lineSpacing() * min(max(len(details), 1), 5) + frame)
        self.details.setVisible(bool(details))
        layout.addWidget(self.details)
        self.lists = PlanLists(name_header=plan.name_label or "名称", new_title="将新增", update_title="将更新")
        self.lists.show_plan(plan)
        layout.addWidget(self.lists, 1)
        self.hint = QLabel(self._hint())
        self.hint.setObjectName("previewHint")
        self.hint.setWordWrap(True)
        if plan.problems:
            self.hint.setStyleSheet(ERROR_STYLE)
        layout.addWidget(self.hint)
        self.export_button = QPushButton("导出问题清单…")
        self.export_button.setVisible(bool(plan.problems) and write_problems is not None)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.import_button = QPushButton("只导入没有问题的行" if plan.problems else "导入")
        self.import_button.setEnabled(plan.writes)
        self.import_button.setDefault(plan.writes)
        self.import_button.clicked.connect(self.accept)
        self.cancel_button = QPushButton("取消")
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        self._fit_screen()

    def _hint(self) -> str:
        plan = self.plan
        if plan.problems and plan.writes:
            return (f"有{len(plan.problems)}处问题（{plan.refused}行），这些行不会导入。可以导出问题清单，改好原表格后"
                    "再导入；或者先只导入没有问题的行。")
        if plan.problems:
            return f"有{len(plan.problems)}处问题，没有可以导入的行。请导出问题清单，改好原表格后再导入。"
        if not plan.writes:
            return "文件中的数据与数据库中的相同，无需导入。"
        return "数据库尚未更改；点“导入”后会先自动备份，全部成功才写入。"

    def _fit_screen(self) -> None:
        """A comfortable size, never beyond the screen's free area (a 1366×768 laptop with its taskbar)."""
        area = self.screen().availableGeometry()
        self.resize(min(900, area.width() - 40), min(620, area.height() - 80))

    def _on_export_clicked(self) -> None:
        from desktop_app.ui.operations.common import XLSX_FILTER, pick_file

        chosen = pick_file(self, "导出问题清单", XLSX_FILTER, default=str(self._problem_file or ""), save=True)
        if chosen is not None:
            self.export_problems(chosen)

    def export_problems(self, out: Path) -> Task | None:
        """The input with a 问题 column beside each row that has one, to `out` (.xlsx)."""
        return self._write_problems(out) if self._write_problems is not None else None
