"""`import opinions` and `export opinions`."""
from __future__ import annotations

from desktop_app.cli import EXIT_OK, EXPORTERS, IMPORTERS, Output, _period
from desktop_app.domain.errors import ValidationError
from desktop_app.services.opinion_ledger import OpinionLedgerService


def import_opinions(ctx, args, out: Output) -> int:
    service = OpinionLedgerService(ctx)
    plan = service.plan(args.file, sheet=args.sheet, header_row=args.header_row)
    out.say(f"工作表“{plan.sheet}”，表头在第{plan.header_row}行：新增 {plan.creates} 篇，已有 {plan.existing} 篇，"
            f"有问题 {plan.invalid} 行。")
    if plan.new_organizations:
        out.say(f"  将新建报送单位：{'、'.join(plan.new_organizations)}")
    if plan.problems and not args.skip_invalid:
        raise ValidationError(f"台账“{args.file.name}”中有 {len(plan.problems)} 处问题，未导入任何数据；"
                              "请按清单修改后重新导入，或加 --skip-invalid 只导入无问题的行。", plan.problems)
    if args.dry_run:
        out.say("预览完成（--dry-run），数据库未作更改。")
        return EXIT_OK
    done = service.commit(args.file, sheet=args.sheet, header_row=args.header_row,
                          skip_invalid=args.skip_invalid).batch
    out.say(f"导入完成：新增社情民意信息 {done.created} 篇。")
    return EXIT_OK


def export_opinions(ctx, args, out: Output) -> int:
    period = _period(ctx, args) if (args.year or args.session_code or args.start or args.end) else None
    count = OpinionLedgerService(ctx).export(args.out, period)
    out.say(f"已导出 {count} 篇社情民意信息到：{args.out}")
    return EXIT_OK


IMPORTERS["opinions"] = import_opinions
EXPORTERS["opinions"] = export_opinions
