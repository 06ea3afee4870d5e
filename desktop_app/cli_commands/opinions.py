"""`import opinions` and `export opinions`."""
from __future__ import annotations

from desktop_app.domain.cn_format import exported_sentence
from desktop_app.cli import EXIT_OK, EXPORTERS, IMPORTERS, Output, _period
from desktop_app.cli_commands.ledger_import import run_import
from desktop_app.services.ledgers.pipeline import ImportOptions


def import_opinions(ctx, args, out: Output) -> int:
    from desktop_app.services.ledgers.opinions import opinion_importer

    return run_import(opinion_importer(ctx), args, out, ImportOptions(sheet=args.sheet, header_row=args.header_row))


def export_opinions(ctx, args, out: Output) -> int:
    from desktop_app.services.ledgers.export import export_opinions as write

    period = _period(ctx, args) if (args.year or args.session_code or args.start or args.end) else None
    count = write(ctx, args.out, period)
    out.say(exported_sentence(count, "篇社情民意信息", args.out))
    return EXIT_OK


IMPORTERS["opinions"] = import_opinions
EXPORTERS["opinions"] = export_opinions
