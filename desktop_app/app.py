"""Composition root: arguments → data folder → (command line | window).

This is the one place where the window and the command line are wired to the rest: the command line gets
its arguments, the window gets a Desk whose store opener is made here (logging, then the database). Nothing
imports this module back (an import-linter contract says so for ui and the command line).

Heavy modules (SQLAlchemy, openpyxl, docx) are imported only where used, so the window paints before the
database is opened.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings

    from desktop_app.services.context import ServiceContext
    from desktop_app.services.database import PreparedFolder
    from desktop_app.ui.desk import Desk


def _wants_command_line(argv: list[str]) -> bool:
    """Anything beyond --data DIR / --db URL is for the command line (which rejects what it doesn't know)."""
    from desktop_app.paths import command_words

    return bool(command_words(argv))


def window_arguments(argv: list[str]) -> tuple[Path, str | None]:
    """--data DIR and --db URL for the window: the data folder (--data, else CPPCC_DESK_DATA, else the
    per-user default) and the database URL (None: the SQLite file in the data folder)."""
    from desktop_app.paths import data_dir_from

    data, url, items = None, None, list(argv)
    while items:
        arg = items.pop(0)
        if arg in ("--data", "--db") and items:
            value = items.pop(0)
        elif arg.startswith(("--data=", "--db=")):
            arg, value = arg.split("=", 1)
        else:
            continue
        if arg == "--data":
            data = Path(value)
        else:
            url = value
    return data_dir_from(data), url


class WindowStore:
    """How the window opens the store (off the GUI thread, after its first paint), in two steps: `prepare` (logging,
    the data folder, its file's revision; no SQLAlchemy), after which the first page may read a file already at the
    program's schema (services/database.FolderReader), then `finish` (the engine, the upgrade after a backup, the
    audit log). Together they are the open_store the command line uses."""

    def __init__(self, data_dir: Path, url: str | None = None):
        self.data_dir, self.url = data_dir, url

    def prepare(self) -> "PreparedFolder":
        from desktop_app.logs import setup_logging
        from desktop_app.services.database import prepare_folder

        setup_logging(self.data_dir)
        return prepare_folder(self.data_dir, url=self.url, what="窗口")

    def finish(self, prepared: "PreparedFolder") -> "ServiceContext":
        from desktop_app.services.database import finish_opening

        return finish_opening(prepared)

    def __call__(self) -> "ServiceContext":
        return self.finish(self.prepare())


def store_opener(data_dir: Path, url: str | None = None) -> WindowStore:
    """What the window calls to open the store (see WindowStore)."""
    return WindowStore(data_dir, url)


def make_desk(data_dir: Path, url: str | None = None, *, settings: "QSettings | None" = None,
              auto_backup: bool = False) -> "Desk":
    """The window's Desk on `data_dir` (the store is opened later, by Desk.open_store); `auto_backup`: a backup
    before the first write of a day and on closing after a write (the window's; tests leave it off)."""
    from desktop_app.ui.desk import Desk

    return Desk(data_dir=data_dir, open_store=store_opener(data_dir, url), settings=settings,
                auto_backup=auto_backup)


def run_window(argv: list[str]) -> int:
    """Open the main window; returns the exit code of the Qt event loop."""
    from desktop_app.ui.launch import launch

    data_dir, url = window_arguments(argv)
    return launch(argv, data_dir=data_dir, make_desk=lambda: make_desk(data_dir, url, auto_backup=True))


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if _wants_command_line(argv):
        from desktop_app.cli import run

        return run(argv)
    return run_window(argv)


if __name__ == "__main__":
    sys.exit(main())
