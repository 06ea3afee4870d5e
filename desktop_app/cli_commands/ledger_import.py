"""`import KIND FILE`: every kind runs the one import pipeline (services.ledgers.pipeline) the same way.

The file is read once; the preview is printed; problems refuse the import (exit 1) unless
--skip-invalid; --dry-run stops there. The commit plans again in the write transaction: when the
database changed since the preview, it says how and imports nothing (exit 1).
"""
from __future__ import annotations

from desktop_app.cli import EXIT_OK, Output
from desktop_app.domain.errors import ValidationError


def run_import(importer, args, out: Output, options) -> int:
    located = importer.read(args.file, options)
    plan = importer.preview(located, progress=out.progress)
    for line in plan.lines():
        out.say(line)
    if plan.problems:
        if args.report:
            importer.write_problem_report(located, plan, args.report)
            out.warn(f"问题清单已写入：{args.report}")
        if not args.skip_invalid:
            raise ValidationError(
                f"{plan.label}“{args.file.name}”中有{len(plan.problems)}处问题（涉及{len(plan.invalid_rows)}行），"
                "未导入任何数据；请按清单修改后重新导入，或加 --skip-invalid 只导入没有问题的行。", list(plan.problems))
        out.warn(f"有{len(plan.problems)}处问题，将跳过这些行：")
        for problem in plan.problems:
            out.warn(f"  - {problem.describe()}")
    if args.dry_run:
        out.say("预览完成（--dry-run），数据库未作更改。")
        return EXIT_OK
    done = importer.commit(located, plan, skip_invalid=args.skip_invalid, progress=out.progress).batch
    out.say(done.lines[0])  # the summary, in the past tense
    for label, names in plan.new_records:  # the plan committed is the one previewed (else PlanChanged)
        if names:
            out.say(f"已新建{label}{len(names)}个：{'、'.join(names)}")
    skipped_rows = sorted({p.row for p in done.problems if p.row is not None})
    if skipped_rows:
        out.warn(f"已跳过{len(skipped_rows)}行有问题的数据：第{'、'.join(map(str, skipped_rows))}行。")
    out.say(f"导入完成：新增 {done.created} {plan.unit}，更新 {done.updated} {plan.unit}，"
            f"无变化 {done.unchanged} {plan.unit}，跳过 {done.skipped} 行。"
            + (f"导入前的数据已备份到：{done.backup}" if done.backup else ""))
    return EXIT_OK
