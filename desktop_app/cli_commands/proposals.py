"""`import proposals` and `export proposals` (docs/commands.md)."""
from __future__ import annotations

from desktop_app.domain.cn_format import exported_sentence
from desktop_app.cli import EXIT_OK, EXPORTERS, IMPORTERS
from desktop_app.cli_commands.ledger_import import run_import


def import_proposals(ctx, args, out) -> int:
    from desktop_app.services.ledgers.pipeline import ImportOptions
    from desktop_app.services.ledgers.proposals import proposal_importer

    return run_import(proposal_importer(ctx), args, out, ImportOptions(
        sheet=args.sheet, header_row=args.header_row, session_code=args.session_code))


def export_proposals(ctx, args, out) -> int:
    from desktop_app.cli import _period
    from desktop_app.services.ledgers.proposals import export_proposals as write

    if args.session_code and not (args.year or args.start or args.end):
        count = write(ctx, args.out, session_code=args.session_code)
    else:
        count = write(ctx, args.out, period=_period(ctx, args))
    out.say(exported_sentence(count, "件提案", args.out))
    return EXIT_OK


IMPORTERS["proposals"] = import_proposals
EXPORTERS["proposals"] = export_proposals
