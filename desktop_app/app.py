"""Composition root: arguments → data folder → (command line | window).

Heavy modules (SQLAlchemy, openpyxl, docx) are imported only where used, so the window
paints before the database is opened.
"""
from __future__ import annotations

import logging
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

def data_dir_from(option: Path | None) -> Path:
    from desktop_app.paths import default_data_dir

    return Path(option) if option else default_data_dir()


def setup_logging(data_dir: Path) -> logging.Logger:
    """Log to <data>/logs/cppcc-desk.log (rotated); never to the user's screen."""
    logger = logging.getLogger("cppcc_desk")
    if not logger.handlers:
        logger.setLevel(logging.INFO)
        logger.propagate = False
        try:
            logs = Path(data_dir) / "logs"
            logs.mkdir(parents=True, exist_ok=True)
            handler: logging.Handler = RotatingFileHandler(logs / "cppcc-desk.log", maxBytes=2_000_000,
                                                           backupCount=3, encoding="utf-8")
        except OSError:
            handler = logging.NullHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
    return logger


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
