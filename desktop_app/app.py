"""Composition root: arguments → data folder → (command line | window).

Heavy modules (SQLAlchemy, openpyxl, docx) are imported only where used, so the window
paints before the database is opened.
"""
from __future__ import annotations

import sys

# Re-exported for callers that still import them from here; the command line imports them
# from paths/logs directly, so it never reaches this module (which imports the window).
from desktop_app.logs import setup_logging  # noqa: F401
from desktop_app.paths import data_dir_from  # noqa: F401


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
