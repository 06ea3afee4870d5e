"""Running the real command line in a subprocess that the test may kill, and looking at what it left."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def environment(tmpdir: Path | None = None) -> dict:
    env = {key: value for key, value in os.environ.items() if key != "CPPCC_DESK_DATA"}
    env["PYTHONPATH"] = str(ROOT)
    if tmpdir is not None:  # the system temp folder of the child: what it leaves there is seen
        tmpdir.mkdir(parents=True, exist_ok=True)
        env["TMPDIR"] = str(tmpdir)
    return env


def start(data: Path, *args: str, tmpdir: Path | None = None, code: str | None = None) -> subprocess.Popen:
    """`python -m desktop_app --data DATA ARGS` (or `python -c CODE --data DATA ARGS`) started, not waited for."""
    command = [sys.executable] + (["-c", code] if code else ["-m", "desktop_app"]) + ["--data", str(data), *args]
    return subprocess.Popen(command, cwd=ROOT, env=environment(tmpdir), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8")


def member_count(data: Path) -> int:
    con = sqlite3.connect(f"{(data / 'cppcc-desk.sqlite3').as_uri()}?mode=ro", uri=True)
    try:
        return con.execute("SELECT COUNT(*) FROM members").fetchone()[0]
    finally:
        con.close()


def leftovers(data: Path) -> list[str]:
    """Half-made files a killed program may leave: they must be gone once the folder has been opened again.

    Every backup left in backups/ must also be whole: a half-written copy must not pass for a backup.
    """
    found = []
    for path in data.rglob("*"):
        rel = path.relative_to(data).as_posix()
        name = path.name
        if (name.endswith((".part", ".tmp", ".old")) or name.startswith((".restore-", "restore-journal"))
                or "-journal" in name):
            found.append(rel)
    # .open/ holds a lock file and a note for each program that has the folder open: none does now
    found += [f".open/{p.name}" for p in (data / ".open").glob("*") if p.name not in ("writer.lock", "writer.json")]
    for backup in sorted((data / "backups").glob("*")):
        if backup.suffix == ".zip":
            try:
                with zipfile.ZipFile(backup) as zf:
                    if zf.testzip() is not None or "manifest.json" not in zf.namelist():
                        found.append(f"{backup.name} (damaged zip)")
            except zipfile.BadZipFile:
                found.append(f"{backup.name} (not a zip)")
        elif backup.suffix == ".sqlite3":
            try:
                con = sqlite3.connect(f"{backup.as_uri()}?mode=ro", uri=True)
                try:
                    ok = con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                    ok = ok and con.execute("SELECT COUNT(*) FROM alembic_version").fetchone()[0] == 1
                finally:
                    con.close()
            except sqlite3.DatabaseError:
                ok = False
            if not ok:
                found.append(f"{backup.name} (damaged copy)")
    return found
