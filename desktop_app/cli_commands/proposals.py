"""`import proposals` and `export proposals` (spec/cli.md)."""
from __future__ import annotations

from desktop_app.cli import EXIT_OK, EXIT_REFUSED, EXPORTERS, IMPORTERS


def import_proposals(ctx, args, out) -> int:
    from desktop_app.domain.errors import ValidationError
    from desktop_app.services.proposals.ledger import LedgerService

    service = LedgerService(ctx)
    plan = service.plan(args.file, session_code=args.session_code, sheet=args.sheet, header_row=args.header_row)
    for line in plan.lines():
        out.say(line)
    if plan.problems:
        target = out.warn if not args.skip_invalid else out.say
        target("问题清单：")
        for problem in plan.problems:
            target(f"  - {problem.describe()}")
        if args.report:
            service.write_problem_report(plan, args.report)
            target(f"问题清单已写入：{args.report}")
    if args.dry_run:
        if plan.problems and not args.skip_invalid:
            out.warn("以上为预览；台账有问题，正式导入时将拒绝，请修改后重试或加 --skip-invalid 只导入无误的行。")
            return EXIT_REFUSED
        out.say("以上为预览（--dry-run），数据库未作任何更改。")
        return EXIT_OK
    if plan.problems and not args.skip_invalid:
        raise ValidationError(f"台账有 {len(plan.invalid_rows)} 行存在问题，未导入任何数据；请修改后重试，"
                              "或加 --skip-invalid 只导入无误的行。")
    for line in service.commit(plan, skip_invalid=args.skip_invalid, progress=out.progress).batch.lines:
        out.say(line)
    return EXIT_OK


def export_proposals(ctx, args, out) -> int:
    from desktop_app.cli import _period
    from desktop_app.services.proposals.ledger import LedgerService

    service = LedgerService(ctx)
    if args.session_code and not (args.year or args.start or args.end):
        count = service.export(args.out, session_code=args.session_code)
    else:
        count = service.export(args.out, period=_period(ctx, args))
    out.say(f"已导出 {count} 件提案到“{args.out}”。")
    return EXIT_OK


IMPORTERS["proposals"] = import_proposals
EXPORTERS["proposals"] = export_proposals
