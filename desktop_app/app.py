"""Composition root: arguments → data folder → (command line | window).

Heavy modules (SQLAlchemy, openpyxl, docx) are imported only where used, so the window
paints before the database is opened.
"""
from __future__ import annotations

import sys
from pathlib import Path


# These two live in paths.py and logs.py so the command line never imports this module (which
# imports the window); they stay here for the window's code, imported lazily to keep start-up fast.
def data_dir_from(option: Path | None) -> Path:
    """The data folder: --data when given, else CPPCC_DESK_DATA, else the per-user default."""
    from desktop_app.paths import data_dir_from as from_option

    return from_option(option)


def setup_logging(data_dir: Path):
    """Log to <data>/logs/cppcc-desk.log; see desktop_app.logs."""
    from desktop_app.logs import setup_logging as setup

    return setup(data_dir)


def _wants_command_line(argv: list[str]) -> bool:
    """Anything beyond --data DIR / --db URL is for the command line (which rejects what it doesn't know)."""
    rest, skip = [], False
    for arg in argv:
        if skip:
            skip = False
        elif arg in ("--data", "--db"):
            skip = True
        elif not arg.startswith(("--data=", "--db=")):
            rest.append(arg)
    return bool(rest)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if _wants_command_line(argv):
        from desktop_app.cli import run

        return run(argv)
    from desktop_app.ui.launch import launch

    return launch(argv)


if __name__ == "__main__":
    sys.exit(main())
