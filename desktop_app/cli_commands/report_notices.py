"""`report notices [--session T-N] --out DIR`: one 交办通知 per handling unit of the session (docs/commands.md)."""
from __future__ import annotations

from desktop_app.cli import EXIT_OK, REPORTS, UsageError


def report_notices(ctx, args, out) -> int:
    from desktop_app.services.proposal_paperwork import ProposalPaperworkService

    if args.year is not None or args.start or args.end:
        raise UsageError("交办通知按会次生成，请用 --session 届次-会次（例如 14-4）指定会次，或不指定（用设置中的本次会议）。")
    if args.out.exists() and not args.out.is_dir():
        raise UsageError(f"“{args.out}”是一个文件；--out 应是存放交办通知的文件夹。")
    batch = ProposalPaperworkService(ctx).notices(args.out, session_code=args.session_code, progress=out.progress)
    out.say(f"已为{batch.session_label}生成交办通知 {batch.count} 份，保存在“{batch.folder}”。")
    return EXIT_OK


REPORTS["notices"] = report_notices
