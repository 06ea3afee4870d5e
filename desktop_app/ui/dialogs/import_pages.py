"""The import wizard's later pages: the validation report, the import itself and the summary."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWizardPage

from desktop_app.domain.errors import Cancelled, PlanChanged
from desktop_app.ui.tasks import Task, error_text
from desktop_app.ui.widgets.plan_lists import PlanLists

if TYPE_CHECKING:
    from desktop_app.services.changes import Changes
    from desktop_app.services.ledgers.pipeline import ImportPlan, Located

ERROR_STYLE = "color: #b00020;"


def counts_text(plan: ImportPlan) -> str:
    return (f"新增 {plan.new} 人，更新 {plan.updated} 人，无变化 {plan.unchanged} 人，"
            f"文件内重复 {plan.duplicates} 行，有问题 {plan.refused} 行。")


def cleaned_text(plan: ImportPlan) -> str:
    """The cells whose control characters were removed (第5行“姓名”：删除了1个控制字符), a few named."""
    if not plan.cleaned:
        return ""
    shown = "；".join(plan.cleaned[:5]) + ("等" if len(plan.cleaned) > 5 else "")
    return f"\n已清除{len(plan.cleaned)}个单元格中的控制字符：{shown}。"


def _progress_into(bar: QProgressBar, label: QLabel):
    def show(done: int, total: int, text: str) -> None:
        bar.setMaximum(max(total, 1))
        bar.setValue(min(done, max(total, 1)))
        if text:
            label.setText(text)
    return show


class ReportPage(QWizardPage):
    """检查结果: what the import would do, and every problem with its row and column."""

    def __init__(self, wizard):
        super().__init__()
        self.wiz = wizard
        self.setTitle("第三步：检查结果")
        self.setSubTitle("下面是导入将做的事情，数据库尚未更改。有问题的行可以修改原表格后重新导入。")
        self.progress = QProgressBar()
        self.progress_text = QLabel()
        self.counts = QLabel()
        self.counts.setObjectName("planCounts")
        self.counts.setWordWrap(True)
        self.tabs = PlanLists(name_header="姓名", new_title="将新增的委员", update_title="将更新的委员")
        self.problem_table, self.new_table, self.update_table = (self.tabs.problem_table, self.tabs.new_table,
                                                                 self.tabs.update_table)
        self.skip_invalid = QCheckBox("只导入无问题的行（有问题的行和重复行将被跳过，并在结果中列出）")
        self.skip_invalid.toggled.connect(lambda _c: self.completeChanged.emit())
        self.export_button = QPushButton("导出问题清单…")
        self.export_button.clicked.connect(self._on_export_clicked)
        bottom = QHBoxLayout()
        bottom.addWidget(self.skip_invalid, 1)
        bottom.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress_text)
        layout.addWidget(self.progress)
        layout.addWidget(self.counts)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        self._task: Task | None = None

    def initializePage(self) -> None:  # noqa: N802 (Qt's name)
        self.wiz.plan = None
        self.counts.setText("")
        self.counts.setStyleSheet("")
        self.tabs.clear_rows()
        self.skip_invalid.setChecked(False)
        self.skip_invalid.setVisible(False)
        self.export_button.setVisible(False)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        from desktop_app.ui.operations.members import plan_roster_import

        def planned(result: tuple[Located, ImportPlan]) -> None:
            self.wiz.located, plan = result
            self._on_planned(plan)

        self._task = plan_roster_import(self.wiz.desk, parent=self, source=self.wiz.source,  # read on the first page
                                        options=self.wiz.options(), on_done=planned, on_failed=self._on_failed)
        if self._task is not None:
            self._task.sig_progress.connect(_progress_into(self.progress, self.progress_text))

    def _on_planned(self, plan: ImportPlan) -> None:
        self.wiz.plan = plan
        self.progress.setVisible(False)
        self.progress_text.setText("")
        self.counts.setText(counts_text(plan) + self._new_names(plan) + cleaned_text(plan))
        self.tabs.show_plan(plan)
        has_problems = bool(plan.problems)
        self.skip_invalid.setVisible(has_problems)
        self.export_button.setVisible(has_problems)
        if has_problems:
            self.counts.setStyleSheet(ERROR_STYLE)
            self.counts.setText(self.counts.text() + " 请修改原表格后重新导入，或勾选“只导入无问题的行”。")
        self.completeChanged.emit()

    @staticmethod
    def _new_names(plan: ImportPlan) -> str:
        parts = []
        for label, names in plan.new_records:
            if names:
                parts.append(f"将新建{label}：" + "、".join(names[:8]) + ("等" if len(names) > 8 else ""))
        return ("\n" + "；".join(parts) + "。") if parts else ""

    def _on_failed(self, exc: BaseException) -> None:
        self.progress.setVisible(False)
        self.progress_text.setText("")
        self.counts.setStyleSheet(ERROR_STYLE)
        self.counts.setText(error_text(exc, log_path=self.wiz.desk.log_path)[0])
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 (Qt's name)
        plan = self.wiz.plan
        return plan is not None and (not plan.problems or self.skip_invalid.isChecked())

    def _on_export_clicked(self) -> None:
        from desktop_app.ui.operations.common import save_target

        chosen = save_target(self.wiz.desk, self, "导出问题清单", f"{self.wiz.path.stem}-问题清单.xlsx")
        if chosen is not None:
            self.export_report(chosen)

    def export_report(self, out: Path) -> Task | None:
        """Write the input with a 问题 column to `out` (.xlsx)."""
        from desktop_app.ui.operations.members import write_roster_problems

        return write_roster_problems(self.wiz.desk, parent=self, located=self.wiz.located, plan=self.wiz.plan, out=out)


class ImportPage(QWizardPage):
    """导入: the commit, with a progress bar and 取消; moves on to the summary when done."""

    def __init__(self, wizard):
        super().__init__()
        self.wiz = wizard
        self.setTitle("第四步：导入")
        self.setSubTitle("导入前会自动备份数据库；全部成功才写入，中途取消或出错则不作任何更改。")
        self.progress = QProgressBar()
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.cancel_button = QPushButton("取消")
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self.replan_button = QPushButton("按新的预览导入")
        self.replan_button.setObjectName("replanButton")
        self.replan_button.setVisible(False)
        self.replan_button.clicked.connect(self._on_replan_clicked)
        self.new_plan: ImportPlan | None = None
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.text)
        layout.addWidget(self.replan_button)
        layout.addStretch(1)
        self.task: Task | None = None
        self.running = False

    def initializePage(self) -> None:  # noqa: N802 (Qt's name)
        self.wiz.result = None
        self.replan_button.setVisible(False)
        self.progress.setRange(0, 0)
        self.text.setStyleSheet("")
        self.text.setText("正在导入……")
        self.cancel_button.setEnabled(True)
        from desktop_app.ui.operations.members import import_roster

        self.task = import_roster(self.wiz.desk, parent=self, located=self.wiz.located, plan=self.wiz.plan,
                                  skip_invalid=self.wiz.report_page.skip_invalid.isChecked(),
                                  on_done=self._on_done, on_failed=self._on_failed)
        self.running = self.task is not None
        if self.task is None:
            self._stopped("另一项操作正在进行，请等它完成后点“上一步”再试。")
            return
        self.task.sig_progress.connect(_progress_into(self.progress, self.text))
        self.wiz.button(self.wiz.WizardButton.BackButton).setEnabled(False)

    def _on_replan_clicked(self) -> None:
        """按新的预览导入: the plan made again at the commit replaces the one seen; import it."""
        if self.new_plan is not None:
            self.wiz.plan, self.new_plan = self.new_plan, None
            self.initializePage()

    def _on_cancel_clicked(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.text.setText("正在取消……")

    def _on_done(self, changes: Changes) -> None:
        self.running = False
        self.wiz.result = changes.batch  # the operation announced the changes
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.cancel_button.setEnabled(False)
        self.completeChanged.emit()
        self.wiz.next()

    def _on_failed(self, exc: BaseException) -> None:
        self.running = False
        message = error_text(exc, log_path=self.wiz.desk.log_path)[0]
        if isinstance(exc, PlanChanged):  # someone wrote since the preview: say how, offer the new plan
            self.new_plan = exc.plan
            message = exc.message + "\n新的预览：" + counts_text(exc.plan)
            self.replan_button.setVisible(True)
        elif not isinstance(exc, Cancelled):
            message += " 请点“上一步”返回。"
        self._stopped(message)

    def _stopped(self, message: str) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.cancel_button.setEnabled(False)
        self.text.setStyleSheet(ERROR_STYLE)
        self.text.setText(message)
        self.wiz.button(self.wiz.WizardButton.BackButton).setEnabled(True)
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 (Qt's name)
        return self.wiz.result is not None


class SummaryPage(QWizardPage):
    """导入完成: how many members were created, updated, unchanged and skipped; where the backup is."""

    def __init__(self, wizard):
        super().__init__()
        self.wiz = wizard
        self.setTitle("导入完成")
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        self.setFinalPage(True)

    def initializePage(self) -> None:  # noqa: N802 (Qt's name)
        result = self.wiz.result
        lines = [f"新增 {result.created} 人，更新 {result.updated} 人，无变化 {result.unchanged} 人，"
                 f"跳过 {result.skipped} 行。"]
        if result.skipped:
            lines.append("跳过的行见上一步的问题清单；修改原表格后可再次导入，已导入的人不会重复。")
        lines.append(f"导入前的数据库已备份到：{result.backup}" if result.backup else "数据没有变化，未作备份。")
        self.summary.setText("\n".join(lines))
