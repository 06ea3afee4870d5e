"""`import members` and `export members`."""
from __future__ import annotations

from desktop_app.cli import EXIT_OK, EXPORTERS, IMPORTERS, Output
from desktop_app.domain.errors import ValidationError
from desktop_app.services.member_export import export_members
from desktop_app.services.member_import import ImportOptions, MemberImportService

_ACTIONS = {"create": "新增", "update": "更新", "unchanged": "无变化", "duplicate": "重复", "invalid": "有问题"}


def import_members(ctx, args, out: Output) -> int:
    service = MemberImportService(ctx)
    options = ImportOptions(sheet=args.sheet, header_row=args.header_row, skip_invalid=args.skip_invalid)
    plan = service.plan(args.file, options, progress=out.progress)
    out.say(f"工作表“{plan.sheet}”，表头在第{plan.header_row}行：新增 {plan.creates} 人，更新 {plan.updates} 人，"
            f"无变化 {plan.unchanged} 人，文件内重复 {plan.duplicates} 行，有问题 {plan.invalid} 行。")
    for row in plan.rows:
        if row.action == "update":
            out.say(f"  第{row.row}行 {row.name}：将更新 {'、'.join(row.changed_fields)}")
    for label, names in (("专委会", plan.new_committees), ("委员之家", plan.new_homes), ("村（社区）", plan.new_villages)):
        if names:
            out.say(f"  将新建{label}：{'、'.join(names)}")
    if plan.hidden_rows:
        out.say(f"  注意：第{'、'.join(map(str, plan.hidden_rows))}行在 Excel 中是隐藏的，也会一并导入。")
    if plan.problems and args.report:
        service.write_error_report(args.file, options, args.report)
        out.warn(f"问题清单已写入：{args.report}")
    if plan.problems and not args.skip_invalid:
        raise ValidationError(
            f"花名册“{args.file.name}”中有 {len(plan.problems)} 处问题，未导入任何数据；"
            "请按清单修改后重新导入，或加 --skip-invalid 只导入无问题的行。", plan.problems)
    if args.dry_run:
        out.say("预览完成（--dry-run），数据库未作更改。")
        return EXIT_OK
    result = service.commit(args.file, options, progress=out.progress).batch
    if plan.problems:
        out.warn(f"已跳过 {result.skipped} 行有问题的数据：")
        for problem in plan.problems:
            out.warn(f"  - {problem.describe()}")
    out.say(f"导入完成：新增 {result.created} 人，更新 {result.updated} 人，无变化 {result.unchanged} 人，"
            f"跳过 {result.skipped} 行。" + (f"导入前的数据已备份到：{result.backup}" if result.backup else ""))
    return EXIT_OK


def export_members_command(ctx, args, out: Output) -> int:
    count = export_members(ctx, args.out)
    out.say(f"已导出 {count} 名委员到：{args.out}")
    return EXIT_OK


IMPORTERS["members"] = import_members
EXPORTERS["members"] = export_members_command
