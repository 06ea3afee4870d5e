"""统计 and the reports from the window: the figures of a period, and each report, which asks where to save,
then writes off the GUI thread with progress and cancel.

A period is asked for as a `PeriodRequest` (a year, a session span or two dates), as resolve_period takes it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtWidgets import QWidget

from desktop_app.ui.desk import Cancelled, Desk, Progress
from desktop_app.ui.operations.common import DOCX_FILTER, save_target
from desktop_app.ui.tasks import Task, info

if TYPE_CHECKING:
    from desktop_app.domain.period import Period
    from desktop_app.services.context import ServiceContext
    from desktop_app.services.reports.workbook import WorkbookResult
    from desktop_app.services.statistics.sheets import Sheet
    from desktop_app.services.terms import SessionRow


@dataclass(frozen=True)
class PeriodRequest:
    """What the user chose: a year, a session (its code, 14-4), or a start and an end date."""

    year: int | None = None
    session: str | None = None
    start: date | None = None
    end: date | None = None

    def resolve(self, ctx: "ServiceContext") -> "Period":
        from desktop_app.services.periods import resolve_period

        return resolve_period(ctx, year=self.year, session=self.session, start=self.start, end=self.end)


@dataclass(frozen=True)
class Figures:
    """Every figure of a period, as the 统计 page shows it."""

    period: "Period"
    name: str  # 2025年 / 十四届四次会议以来 / 2025-03-01至2025-08-31
    sheets: list["Sheet"] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)  # 统计时段：… then one sentence a part


def load_sessions(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> list["SessionRow"]:
    from desktop_app.services.terms import TermService

    return TermService(ctx).sessions()


def compute_figures(request: PeriodRequest) -> Callable[["ServiceContext", Progress, Cancelled], Figures]:
    """统计: the figures of the requested period from the statistics service, worded by its sheets."""

    def load(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> Figures:
        from desktop_app.services.periods import period_name
        from desktop_app.services.statistics import StatisticsService
        from desktop_app.services.statistics.sheets import sheets
        from desktop_app.services.statistics.text import summary_lines

        period = request.resolve(ctx)
        figures = StatisticsService(ctx).figures(period)
        summary = {key: value.as_json() for key, value in figures.items()}
        return Figures(period, period_name(period), sheets(figures) + [_duty_sheet(ctx, period)],
                       summary_lines(period, summary))

    return load


def _duty_sheet(ctx: "ServiceContext", period: "Period") -> "Sheet":
    """The 委员履职 tab; a wrong rules file spoils only this tab, with the sentence that says how to fix it."""
    from desktop_app.domain.errors import InputFileProblem
    from desktop_app.services.performance import PerformanceService
    from desktop_app.services.statistics.sheets import duty_sheet, problem_sheet

    try:
        rows, summary = PerformanceService(ctx).scored(period)
    except InputFileProblem as problem:
        return problem_sheet("委员履职", problem.message)
    return duty_sheet(summary, rows)


def export_workbook(desk: Desk, *, parent: QWidget, request: PeriodRequest, label: str,
                    path: Path | None = None) -> Task | None:
    """导出统计表: the statistics workbook for the period the 统计 page shows."""
    path = path or save_target(desk, parent, "导出统计表", f"统计表（{label}）.xlsx")
    if path is None:
        return None

    def run(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> "WorkbookResult":
        from desktop_app.services.reports.workbook import WorkbookService

        path.parent.mkdir(parents=True, exist_ok=True)
        return WorkbookService(ctx).write(path, request.resolve(ctx), progress=progress, cancelled=cancelled)

    def done(result: "WorkbookResult") -> None:
        info(parent, f"已生成统计表“{result.path}”，共 {len(result.sheets)} 张工作表：{'、'.join(result.sheets)}。")

    return desk.run(run, title="导出统计表", parent=parent, show_progress=True, on_done=done)


def export_annual(desk: Desk, *, parent: QWidget, request: PeriodRequest, label: str,
                  path: Path | None = None) -> Task | None:
    """生成工作总结: the annual work summary (.docx) for the period the 统计 page shows."""
    path = path or save_target(desk, parent, "生成工作总结", f"工作总结（{label}）.docx", DOCX_FILTER)
    if path is None:
        return None

    def run(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> Path:
        from desktop_app.services.reports.annual import AnnualReportService

        path.parent.mkdir(parents=True, exist_ok=True)
        return AnnualReportService(ctx).write(path, request.resolve(ctx), progress=progress, cancelled=cancelled)

    return desk.run(run, title="生成工作总结", parent=parent, show_progress=True,
                    on_done=lambda written: info(parent, f"已生成工作总结“{written}”。标黄处请办公室补写。"))


def export_proposals_report(desk: Desk, *, parent: QWidget, request: PeriodRequest, label: str,
                            path: Path | None = None) -> Task | None:
    """生成提案工作报告: the 提案工作情况报告 (.docx) for the period the 统计 page shows."""
    path = path or save_target(desk, parent, "生成提案工作报告", f"提案工作情况报告（{label}）.docx", DOCX_FILTER)
    if path is None:
        return None

    def run(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> tuple[Path, str]:
        from desktop_app.services.reports.proposals_report import ProposalsReportService

        path.parent.mkdir(parents=True, exist_ok=True)
        period = request.resolve(ctx)
        written = ProposalsReportService(ctx).write(path, period, progress=progress, cancelled=cancelled)
        return written, period.note

    def done(result: tuple[Path, str]) -> None:
        written, note = result
        info(parent, f"已生成提案工作情况报告“{written}”。标黄处请办公室补写。" + (f"\n\n{note}" if note else ""))

    return desk.run(run, title="生成提案工作报告", parent=parent, show_progress=True, on_done=done)
