"""Where things live: the data folder, resources and logs — from source and from the frozen build."""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "cppcc-desk"
DATA_ENV_VAR = "CPPCC_DESK_DATA"


def resources_dir() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def default_data_dir() -> Path:
    """Per-user data folder (on Windows under %LOCALAPPDATA%), unless CPPCC_DESK_DATA says otherwise."""
    env = os.environ.get(DATA_ENV_VAR)
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False, roaming=False))


CACHE_ENV_VAR = "CPPCC_DESK_CACHE"


def attachment_cache_dir() -> Path:
    """Where this user's copies of attachments kept in a server database are written to be opened: CPPCC_DESK_CACHE
    when set, else the per-user cache folder (on Windows under %LOCALAPPDATA%), in 附件/."""
    env = os.environ.get(CACHE_ENV_VAR)
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME, appauthor=False)) / "附件"


def data_dir_from(option: Path | None) -> Path:
    """The data folder: --data when given, else CPPCC_DESK_DATA, else the per-user default."""
    return Path(option) if option else default_data_dir()


@dataclass(frozen=True)
class DataPaths:
    """The folders inside one data folder."""

    root: Path

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def attachments(self) -> Path:
        return self.root / "attachments"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def exports(self) -> Path:
        return self.root / "exports"

    def ensure(self) -> "DataPaths":
        for folder in (self.root, self.backups, self.attachments, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
        return self


PLACE_OPTIONS = ("--data", "--db")  # where the records are; every other word is a command and its arguments


def command_words(argv: list[str]) -> list[str]:
    """`argv` without --data DIR / --db URL (either spelling): the command and its arguments."""
    words, skip = [], False
    for word in map(str, argv):
        if skip:
            skip = False
        elif word in PLACE_OPTIONS:
            skip = True
        elif not word.startswith(tuple(f"{option}=" for option in PLACE_OPTIONS)):
            words.append(word)
    return words
