"""`report annual`: the annual work summary (年度工作总结) as a GB/T 9704 Word document.

Every figure comes from the statistics service and the duty performance service; the wording is in
annual_text. It is written on the worker that asks for it (progress and cancel between the steps).
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop_app.domain.errors import Cancelled
from desktop_app.domain.period import Period
from desktop_app.services.context import ServiceContext
from desktop_app.services.progress import CancelFn, ProgressFn


def annual_title(committee: str, period: Period) -> str:
    """政协黎城县委员会2025年度工作总结; a session span by its label; dates written out in Chinese."""
    from desktop_app.domain.cn_format import format_cn_date

    if period.start == date(period.start.year, 1, 1) and period.end == date(period.start.year, 12, 31):
        return f"{committee}{period.start.year}年度工作总结"
    if period.label == f"{period.start.isoformat()}至{period.end.isoformat()}":
        return f"{committee}{format_cn_date(period.start)}至{format_cn_date(period.end)}工作总结"
    return f"{committee}{period.label}工作总结"


class AnnualReportService:
    def __init__(self, ctx: ServiceContext):
        self._ctx = ctx

    def write(self, out: str | Path, period: Period, *, today: date | None = None,
              progress: ProgressFn | None = None, cancelled: CancelFn | None = None) -> Path:
        from desktop_app.fileio.official_doc import FontSet
        from desktop_app.fileio.report_doc import ReportDocument, write_report
        from desktop_app.services.performance import PerformanceService
        from desktop_app.services.reports.annual_text import annual_blocks
        from desktop_app.services.settings import SettingsService
        from desktop_app.services.statistics import StatisticsService

        today = today or date.today()

        def step(index: int, text: str) -> None:
            if cancelled and cancelled():
                raise Cancelled()
            if progress:
                progress(index, 4, text)

        step(0, "正在汇总统计数字")
        office = SettingsService(self._ctx).office()
        figures = StatisticsService(self._ctx).figures(period)
        step(1, "正在统计委员履职")
        duty, duty_summary = PerformanceService(self._ctx).scored(period)
        step(2, "正在整理协商成果")
        examples = self._consultation_examples(period)
        step(3, "正在写入文件")
        report = ReportDocument(
            title=annual_title(office.committee_display, period),
            blocks=annual_blocks(figures, duty_summary, [m for m in duty if m.warnings], examples,
                                 period, today),
            signature=(office.committee_display,), signed_on=today, author=office.committee_display)
        path = write_report(report, Path(out), fonts=FontSet.named(office.font_set))
        if progress:
            progress(4, 4, "完成")
        return path

    def _consultation_examples(self, period: Period) -> list[tuple[str, str, str]]:
        """(place, topic, outcome) of the period's consultations that got something done, most deeds first."""
        from desktop_app.services.ledgers.export import CONSULTATION_COLUMNS, consultation_ledger_rows

        at = {code: index for index, (code, _kind) in enumerate(CONSULTATION_COLUMNS)}
        rows = [row for row in consultation_ledger_rows(self._ctx, period)
                if (row[at["done_deeds"]] or 0) > 0 and row[at["outcome"]]]
        rows.sort(key=lambda row: -row[at["done_deeds"]])
        return [(row[at["village"]] or row[at["platform"]], row[at["topic"]], row[at["outcome"]]) for row in rows]
