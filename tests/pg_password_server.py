"""A throwaway PostgreSQL server that asks for a password (scram-sha-256), for the tests of a saved server.

The server of CPPCC_TEST_PG trusts every local connection, so a wrong password cannot be told from a right one
there. This one is made per test module with the machine's PostgreSQL (initdb, pg_ctl) and listens only on a Unix
socket in its own folder; it needs root (the server runs as the postgres user, as .ci/run does) and is skipped
otherwise."""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

PASSWORD = "正确的密码:with\\colon"  # a colon and a backslash: the password file escapes both


@dataclass(frozen=True)
class PasswordServer:
    socket: str
    port: int
    user: str
    password: str

    def create_database(self, name: str) -> None:
        env = {**os.environ, "PGPASSWORD": self.password}
        subprocess.run(["psql", "-h", self.socket, "-p", str(self.port), "-U", self.user, "-d", "postgres",
                        "-v", "ON_ERROR_STOP=1", "-c", f'CREATE DATABASE "{name}"'], check=True, env=env,
                       capture_output=True)


def _binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    return Path(found[-1]).parent if found else None


@pytest.fixture(scope="module")
def password_server():
    binaries = _binaries()
    if os.name != "posix" or os.geteuid() != 0 or binaries is None or shutil.which("runuser") is None:
        pytest.skip("needs root and the machine's PostgreSQL (initdb, pg_ctl) for a server that asks for a password")
    folder = Path(tempfile.mkdtemp(prefix="cppcc-pgpw-"))
    folder.chmod(0o755)
    data, socket, log, pwfile = folder / "data", folder / "socket", folder / "log", folder / "pw"
    for path in (data, socket):
        path.mkdir()
    log.touch()
    pwfile.write_text(PASSWORD + "\n", encoding="utf-8")
    shutil.chown(pwfile, "postgres")
    for path in (data, socket, log):
        shutil.chown(path, "postgres")
    port = 5432

    def as_postgres(*command: str) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", *command], check=True, capture_output=True)

    as_postgres(str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "-A", "scram-sha-256",
                f"--pwfile={pwfile}", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
    as_postgres(str(binaries / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-o",
                f"-k {socket} -c listen_addresses= -c fsync=off -c port={port}", "start")
    try:
        yield PasswordServer(str(socket), port, "postgres", PASSWORD)
    finally:
        subprocess.run(["runuser", "-u", "postgres", "--", str(binaries / "pg_ctl"), "-D", str(data), "-m",
                        "immediate", "stop"], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)
