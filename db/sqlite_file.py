"""The data folder's SQLite file and its schema revision, known without SQLAlchemy or Alembic.

Revision ids are zero-padded sequence numbers ("0001", "0002" …) named in the migrations' file names, so the
program's head is read from the folder; a file's revision is read through a plain sqlite3 connection. The window
asks both before anything imports SQLAlchemy (services/database.prepare_folder): a file already at the head is read
for the first page at once, any other is upgraded (after its backup) first.
"""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from desktop_app.domain.errors import EnvironmentProblem

SQLITE_FILE_NAME = "cppcc-desk.sqlite3"


def sqlite_file(data_dir: Path) -> Path:
    """The SQLite file of a data folder."""
    return Path(data_dir) / SQLITE_FILE_NAME


def sqlite_url(data_dir: Path) -> str:
    return f"sqlite:///{sqlite_file(data_dir).as_posix()}"


MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_REVISION_FILE = re.compile(r"^(\d{4})_\w+\.py$")


def migrations_dir() -> Path:
    """Folder of the Alembic environment (a data folder in the frozen build, see build.spec)."""
    import sys

    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "db" / "migrations"
    return MIGRATIONS_DIR


def head_revision() -> str:
    numbers = [m.group(1) for p in (migrations_dir() / "versions").iterdir() if (m := _REVISION_FILE.match(p.name))]
    return max(numbers)


_FOREIGN_FILE = "这个数据库文件不是本程序创建的，无法打开；请选择本程序的数据文件夹。"


def sqlite_file_revision(path: Path) -> str | None:
    """The revision of a SQLite file, read through a plain connection before the engine touches it.

    The engine's connections switch the file to WAL mode; a file that is not ours (or is
    damaged) must be refused before that, so it is left exactly as it was.
    """
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise _unreadable(path, exc) from exc
    try:
        tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "alembic_version" not in tables:
            if tables:
                raise EnvironmentProblem(_FOREIGN_FILE)
            return None
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    except sqlite3.Error as exc:
        raise _unreadable(path, exc) from exc
    finally:
        con.close()


def _unreadable(path: Path, exc: Exception) -> EnvironmentProblem:
    return EnvironmentProblem(
        f"无法打开数据库“{path.name}”（{exc}），文件可能已损坏或正被占用；"
        "请关闭其他使用它的程序，或用“恢复备份”还原。"
    )
