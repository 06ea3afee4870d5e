"""`import members` and `export members`."""
from __future__ import annotations

from desktop_app.domain.cn_format import exported_sentence
from desktop_app.cli import EXIT_OK, EXPORTERS, IMPORTERS, Output
from desktop_app.cli_commands.ledger_import import run_import
from desktop_app.services.ledgers.member_export import export_members
from desktop_app.services.ledgers.members import member_importer
from desktop_app.services.ledgers.pipeline import ImportOptions


def import_members(ctx, args, out: Output) -> int:
    return run_import(member_importer(ctx), args, out, ImportOptions(sheet=args.sheet, header_row=args.header_row))


def export_members_command(ctx, args, out: Output) -> int:
    count = export_members(ctx, args.out)
    out.say(exported_sentence(count, "名委员", args.out))
    return EXIT_OK


IMPORTERS["members"] = import_members
EXPORTERS["members"] = export_members_command
