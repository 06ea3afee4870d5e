"""`report workbook` and `report annual` (docs/commands.md)."""
from __future__ import annotations

from desktop_app.cli import EXIT_OK, REPORTS


def report_workbook(ctx, args, out) -> int:
    from desktop_app.cli import _period
    from desktop_app.services.reports.workbook import WorkbookService

    period = _period(ctx, args)
    result = WorkbookService(ctx).write(args.out, period, progress=out.progress)
    out.say(f"已生成{period.label}统计表“{result.path}”，共 {len(result.sheets)} 张工作表：{'、'.join(result.sheets)}。")
    return EXIT_OK


def report_annual(ctx, args, out) -> int:
    from desktop_app.cli import _period
    from desktop_app.services.reports.annual import AnnualReportService

    period = _period(ctx, args)
    path = AnnualReportService(ctx).write(args.out, period, progress=out.progress)
    out.say(f"已生成{period.label}工作总结“{path}”。")
    return EXIT_OK


REPORTS["workbook"] = report_workbook
REPORTS["annual"] = report_annual
