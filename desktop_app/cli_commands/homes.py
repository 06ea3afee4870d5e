"""`import activities`, `import consultations`, `export activities`, `export consultations`."""
from __future__ import annotations

from desktop_app.cli import EXIT_OK, EXPORTERS, IMPORTERS, Output
from desktop_app.domain.errors import ValidationError


def _period_or_all(ctx, args):
    """The period named on the command line, or None (every record) when none was given."""
    if not any((args.year, args.session_code, args.start, args.end)):
        return None
    from desktop_app.services.periods import resolve_period

    return resolve_period(ctx, year=args.year, session=args.session_code, start=args.start, end=args.end)


def _run_import(service, args, out: Output) -> int:
    options = {"sheet": args.sheet, "header_row": args.header_row, "progress": out.progress}
    preview = service.preview(args.file, **options)
    if args.report and preview.problems:
        from desktop_app.services.ledgers.common import write_problem_report

        write_problem_report(args.file, preview, args.report)
        out.warn(f"问题清单已写入：{args.report}")
    if args.dry_run:
        for line in preview.lines():
            out.say(line)
        if preview.problems:
            if not args.skip_invalid:
                raise ValidationError(f"发现{len(preview.problems)}处问题，导入时将不会导入任何数据；"
                                      "请修改表格，或加 --skip-invalid 只导入没有问题的行。", list(preview.problems))
            out.warn(f"有{len(preview.problems)}处问题，导入时将跳过这些行：")
            for problem in preview.problems:
                out.warn(f"  - {problem.describe()}")
        out.say("预览完成（--dry-run），数据库未作更改。")
        return EXIT_OK
    result = service.commit(args.file, skip_invalid=args.skip_invalid, **options).batch
    for line in result.lines:
        out.say(line)
    if result.problems:
        out.warn(f"已跳过{result.skipped}行有问题的数据：")
        for problem in result.problems:
            out.warn(f"  - {problem.describe()}")
    if result.backup:
        out.say(f"导入前的数据已备份到：{result.backup}")
    return EXIT_OK


def import_activities(ctx, args, out: Output) -> int:
    from desktop_app.services.ledgers.activities import ActivityLedgerImport

    return _run_import(ActivityLedgerImport(ctx), args, out)


def import_consultations(ctx, args, out: Output) -> int:
    from desktop_app.services.ledgers.consultations import ConsultationLedgerImport

    return _run_import(ConsultationLedgerImport(ctx), args, out)


def export_activities(ctx, args, out: Output) -> int:
    from desktop_app.services.ledgers.export import export_activities as write

    count = write(ctx, args.out, _period_or_all(ctx, args))
    out.say(f"已导出{count}次活动到：{args.out}")
    return EXIT_OK


def export_consultations(ctx, args, out: Output) -> int:
    from desktop_app.services.ledgers.export import export_consultations as write

    count = write(ctx, args.out, _period_or_all(ctx, args))
    out.say(f"已导出{count}次协商到：{args.out}")
    return EXIT_OK


IMPORTERS["activities"] = import_activities
IMPORTERS["consultations"] = import_consultations
EXPORTERS["activities"] = export_activities
EXPORTERS["consultations"] = export_consultations
