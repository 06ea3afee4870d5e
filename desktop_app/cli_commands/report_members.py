"""`report members [period] --out DIR [--member NAME]`: the 委员履职档案, one .docx per member (docs/commands.md).

`--member NAME` writes only the members of that name in office at the end of the period (two members
sharing the name: both). A name no member in office has is one sentence and exit code 2, as for any
record the command names that does not exist (domain.errors.NotFound).
"""
from __future__ import annotations

from desktop_app.cli import EXIT_OK, REPORTS


def report_members(ctx, args, out) -> int:
    from desktop_app.cli import _period
    from desktop_app.services.reports.member_records import MemberRecordsService

    period = _period(ctx, args)
    paths = MemberRecordsService(ctx).write(args.out, period, name=args.member, progress=out.progress)
    if len(paths) == 1:
        out.say(f"已生成{period.label}委员履职档案 1 份：“{paths[0]}”。")
    else:
        out.say(f"已生成{period.label}委员履职档案 {len(paths)} 份，保存在“{args.out}”。")
    return EXIT_OK


REPORTS["members"] = report_members
