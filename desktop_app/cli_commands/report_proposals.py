"""`report proposals [period] --out FILE.docx`: the 提案工作情况报告 (docs/commands.md)."""
from __future__ import annotations

from desktop_app.cli import EXIT_OK, REPORTS


def report_proposals(ctx, args, out) -> int:
    from desktop_app.cli import _period
    from desktop_app.services.reports.proposals_report import ProposalsReportService

    period = _period(ctx, args)
    if period.note:  # e.g. a session without an opening date, counted from its first proposal
        out.warn(period.note)
    path = ProposalsReportService(ctx).write(args.out, period, progress=out.progress)
    out.say(f"已生成提案工作情况报告“{path}”。标黄处请办公室补写。")
    return EXIT_OK


REPORTS["proposals"] = report_proposals
