"""`report workbook` (spec/cli.md): the statistics workbook for a period."""
from __future__ import annotations

from desktop_app.cli import EXIT_OK, REPORTS


def report_workbook(ctx, args, out) -> int:
    from desktop_app.cli import _period
    from desktop_app.services.reports.workbook import WorkbookService

    period = _period(ctx, args)
    result = WorkbookService(ctx).write(args.out, period, progress=out.progress)
    out.say(f"已生成{period.label}统计表“{result.path}”，共 {len(result.sheets)} 张工作表：{'、'.join(result.sheets)}。")
    return EXIT_OK


REPORTS["workbook"] = report_workbook
