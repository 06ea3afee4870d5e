"""The statistics workbook (docs/reports.md, "The statistics workbook"): one sheet per part for a period.

Every number comes from the statistics service or the ledgers' own row builders, so the workbook,
the 统计 page and `stats --json` cannot disagree. Counts are stored as numbers, rates as fractions
shown as percentages (0.8498 → 84.98%), a rate over nothing as "—" (workbook_sheets.rate).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from desktop_app.domain.errors import Cancelled
from desktop_app.domain.period import Period
from desktop_app.services.context import ServiceContext
from desktop_app.services.progress import CancelFn, ProgressFn



@dataclass(frozen=True)
class WorkbookResult:
    path: Path
    sheets: tuple[str, ...]


class WorkbookService:
    def __init__(self, ctx: ServiceContext):
        self._ctx = ctx

    def write(self, out: str | Path, period: Period, *, progress: ProgressFn | None = None,
              cancelled: CancelFn | None = None) -> WorkbookResult:
        """Write the workbook for `period` to `out` (replaced only once complete)."""
        from desktop_app.fileio.xlsx_writer import write_table_workbook
        from desktop_app.services.ledgers.export import activity_sheet, consultation_sheet, opinion_sheet
        from desktop_app.services.performance import PerformanceService
        from desktop_app.services.reports import workbook_sheets as build
        from desktop_app.services.settings import SettingsService
        from desktop_app.services.statistics import StatisticsService

        title = f"{SettingsService(self._ctx).office().committee_display}{period.label}"
        performance = PerformanceService(self._ctx)
        state: dict = {}

        def figures() -> list:
            state["figures"] = StatisticsService(self._ctx).figures(period)
            state["duty"], duty = performance.scored(period)
            return [build.summary_sheet(title, state["figures"], duty, period)]

        def ledger(sheet, name: str):
            # Every sheet's title reads 政协××县委员会2025年 and its name (the exports' own titles differ a little).
            sheet.name, sheet.title = name, f"{title}{name}"
            return sheet

        steps: list[tuple[str, Callable[[], list]]] = [
            ("正在汇总统计数字", figures),
            ("正在整理提案目录", lambda: [build.catalogue_sheet(title, self._catalogue(period))]),
            ("正在统计提案办理", lambda: [build.category_sheet(title, state["figures"]["proposals"]),
                                  build.units_sheet(title, state["figures"]["proposals"])]),
            ("正在统计委员履职", lambda: [build.duty_sheet(title, state["duty"])]),
            ("正在整理委员之家活动台账", lambda: [ledger(activity_sheet(self._ctx, period), "委员之家活动台账")]),
            ("正在整理有事来商量台账", lambda: [ledger(consultation_sheet(self._ctx, period), "有事来商量台账")]),
            ("正在整理社情民意台账",
             lambda: [ledger(opinion_sheet(self._ctx, period), "社情民意台账")]),
        ]
        sheets = []
        total = len(steps) + 1
        for index, (text, make) in enumerate(steps):
            if cancelled and cancelled():
                raise Cancelled()
            if progress:
                progress(index, total, text)
            sheets += make()
        if cancelled and cancelled():
            raise Cancelled()
        if progress:
            progress(len(steps), total, "正在写入文件")
        path = write_table_workbook(Path(out), sheets)
        if progress:
            progress(total, total, "完成")
        return WorkbookResult(path, tuple(sheet.name for sheet in sheets))

    def _catalogue(self, period: Period) -> list[dict]:
        from db.models import Proposal
        from desktop_app.services.proposals.ledger_rows import ledger_rows

        with self._ctx.uow() as s:
            rows = ledger_rows(s, Proposal.submitted_on.between(period.start, period.end))
        return [row for _, row in rows if row["accepted"]]
