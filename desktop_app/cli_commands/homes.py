"""`import activities`, `import consultations`, `export activities`, `export consultations`."""
from __future__ import annotations

from desktop_app.domain.cn_format import exported_sentence
from desktop_app.cli import EXIT_OK, EXPORTERS, IMPORTERS, Output
from desktop_app.cli_commands.ledger_import import run_import
from desktop_app.services.ledgers.pipeline import ImportOptions


def _period_or_all(ctx, args):
    """The period named on the command line, or None (every record) when none was given."""
    if not any((args.year, args.session_code, args.start, args.end)):
        return None
    from desktop_app.services.periods import resolve_period

    return resolve_period(ctx, year=args.year, session=args.session_code, start=args.start, end=args.end)


def import_activities(ctx, args, out: Output) -> int:
    from desktop_app.services.ledgers.activities import activity_importer

    return run_import(activity_importer(ctx), args, out, ImportOptions(sheet=args.sheet, header_row=args.header_row))


def import_consultations(ctx, args, out: Output) -> int:
    from desktop_app.services.ledgers.consultations import consultation_importer

    return run_import(consultation_importer(ctx), args, out,
                      ImportOptions(sheet=args.sheet, header_row=args.header_row))


def export_activities(ctx, args, out: Output) -> int:
    from desktop_app.services.ledgers.export import export_activities as write

    count = write(ctx, args.out, _period_or_all(ctx, args))
    out.say(exported_sentence(count, "次活动", args.out))
    return EXIT_OK


def export_consultations(ctx, args, out: Output) -> int:
    from desktop_app.services.ledgers.export import export_consultations as write

    count = write(ctx, args.out, _period_or_all(ctx, args))
    out.say(exported_sentence(count, "次协商", args.out))
    return EXIT_OK


IMPORTERS["activities"] = import_activities
IMPORTERS["consultations"] = import_consultations
EXPORTERS["activities"] = export_activities
EXPORTERS["consultations"] = export_consultations
