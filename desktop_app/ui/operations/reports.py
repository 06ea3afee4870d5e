"""Reports from the window: each asks where to save, then writes off the GUI thread with progress and cancel."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from desktop_app.ui.desk import Desk
from desktop_app.ui.operations.common import DOCX_FILTER, save_target
from desktop_app.ui.tasks import Task, info


def export_workbook(desk: Desk, *, parent: QWidget, request: dict, label: str, path: Path | None = None) -> Task | None:
    """导出统计表: the statistics workbook for the period the 统计 page shows (`request` as resolve_period takes it)."""
    path = path or save_target(desk, parent, "导出统计表", f"统计表（{label}）.xlsx")
    if path is None:
        return None

    def run(ctx, progress, cancelled):
        from desktop_app.services.periods import resolve_period
        from desktop_app.services.reports.workbook import WorkbookService

        path.parent.mkdir(parents=True, exist_ok=True)
        return WorkbookService(ctx).write(path, resolve_period(ctx, **request), progress=progress, cancelled=cancelled)

    def done(result) -> None:
        info(parent, f"已生成统计表“{result.path}”，共 {len(result.sheets)} 张工作表：{'、'.join(result.sheets)}。")

    return desk.run(run, title="导出统计表", parent=parent, show_progress=True, on_done=done)


def export_annual(desk: Desk, *, parent: QWidget, request: dict, label: str, path: Path | None = None) -> Task | None:
    """生成工作总结: the annual work summary (.docx) for the period the 统计 page shows."""
    path = path or save_target(desk, parent, "生成工作总结", f"工作总结（{label}）.docx", DOCX_FILTER)
    if path is None:
        return None

    def run(ctx, progress, cancelled):
        from desktop_app.services.periods import resolve_period
        from desktop_app.services.reports.annual import AnnualReportService

        path.parent.mkdir(parents=True, exist_ok=True)
        return AnnualReportService(ctx).write(path, resolve_period(ctx, **request), progress=progress,
                                              cancelled=cancelled)

    return desk.run(run, title="生成工作总结", parent=parent, show_progress=True,
                    on_done=lambda written: info(parent, f"已生成工作总结“{written}”。标黄处请办公室补写。"))


def export_proposals_report(desk: Desk, *, parent: QWidget, request: dict, label: str,
                            path: Path | None = None) -> Task | None:
    """生成提案工作报告: the 提案工作情况报告 (.docx) for the period the 统计 page shows."""
    path = path or save_target(desk, parent, "生成提案工作报告", f"提案工作情况报告（{label}）.docx", DOCX_FILTER)
    if path is None:
        return None

    def run(ctx, progress, cancelled):
        from desktop_app.services.periods import resolve_period
        from desktop_app.services.reports.proposals_report import ProposalsReportService

        path.parent.mkdir(parents=True, exist_ok=True)
        period = resolve_period(ctx, **request)
        written = ProposalsReportService(ctx).write(path, period, progress=progress, cancelled=cancelled)
        return written, period.note

    def done(result) -> None:
        written, note = result
        info(parent, f"已生成提案工作情况报告“{written}”。标黄处请办公室补写。" + (f"\n\n{note}" if note else ""))

    return desk.run(run, title="生成提案工作报告", parent=parent, show_progress=True, on_done=done)
