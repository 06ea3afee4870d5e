"""`server set|show|test|clear` and the saved server used by every command without --db, on a real PostgreSQL
server that asks for a password (tests/pg_password_server.py): the password goes to the libpq password file named
by PGPASSFILE (mode 0600), never into the data folder; a wrong password, a missing database and a server that
cannot be reached are each said in one sentence."""
from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

from tests.cli.test_cli import ROOT
from tests.pg_password_server import PASSWORD, password_server  # noqa: F401 (a fixture)


def server_cli(data: Path, pgpass: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key not in ("CPPCC_DESK_DATA", "PGPASSWORD")}
    environment.update({"PYTHONPATH": str(ROOT), "PGPASSFILE": str(pgpass)})
    result = subprocess.run([sys.executable, "-m", "desktop_app", "--data", str(data), *args], input=stdin,
                            capture_output=True, text=True, encoding="utf-8", cwd=ROOT, env=environment, timeout=120)
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    return result


def _set(data, pgpass, server, database: str, password: str | None = None, host: str | None = None):
    args = ["server", "set", "--host", host or server.socket, "--port", str(server.port), "--database", database,
            "--user", server.user]
    if password is not None:
        args.append("--password-stdin")
    return server_cli(data, pgpass, *args, stdin=None if password is None else password + "\n")


def _bytes_under(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def test_a_saved_server_is_used_by_every_command_and_its_password_stays_out_of_the_data_folder(
        tmp_path, password_server):
    server = password_server
    server.create_database("cppcc_saved")
    data, pgpass = tmp_path / "数据", tmp_path / "home" / ".pgpass"

    shown = server_cli(data, pgpass, "server", "show")
    assert shown.returncode == 0 and "未设置共用服务器" in shown.stdout

    saved = _set(data, pgpass, server, "cppcc_saved", PASSWORD)
    assert saved.returncode == 0, saved.stderr
    assert "已连上" in saved.stdout and "数据库是空的" in saved.stdout, saved.stdout
    assert json.loads((data / "server.json").read_text(encoding="utf-8")) == {
        "host": server.socket, "port": server.port, "database": "cppcc_saved", "user": server.user}
    assert stat.S_IMODE(pgpass.stat().st_mode) == 0o600
    escaped = PASSWORD.replace("\\", "\\\\").replace(":", "\\:")
    assert pgpass.read_text(encoding="utf-8") == f"{server.socket}:{server.port}:cppcc_saved:{server.user}:{escaped}\n"

    assert server_cli(data, pgpass, "init", "--county", "黎城县").returncode == 0
    checked = server_cli(data, pgpass, "check")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.splitlines()[-1] == (f"使用的数据库：共用服务器 {server.socket}:{server.port} "
                                               f"上的数据库“cppcc_saved”（用户 {server.user}）")
    assert not (data / "cppcc-desk.sqlite3").exists()  # the records are on the server
    assert PASSWORD.encode("utf-8") not in _bytes_under(data)
    assert escaped.encode("utf-8") not in _bytes_under(data)

    tested = server_cli(data, pgpass, "server", "test")
    assert tested.returncode == 0 and "其中已有本程序的数据" in tested.stdout, tested.stdout + tested.stderr
    shown = server_cli(data, pgpass, "server", "show")
    assert "密码：已保存在本机的 PostgreSQL 密码文件" in shown.stdout

    other = tmp_path / "另一个.sqlite3"
    overridden = server_cli(data, pgpass, "--db", f"sqlite:///{other.as_posix()}", "check")
    assert overridden.returncode == 0, overridden.stderr
    assert overridden.stdout.splitlines()[-1] == f"使用的数据库：本机数据文件 {other}"

    cleared = server_cli(data, pgpass, "server", "clear")
    assert cleared.returncode == 0 and "已清除共用服务器设置" in cleared.stdout
    assert not (data / "server.json").exists()
    assert pgpass.read_text(encoding="utf-8") == ""
    local = server_cli(data, pgpass, "check")
    assert local.stdout.splitlines()[-1] == f"使用的数据库：本机数据文件 {data / 'cppcc-desk.sqlite3'}"


def test_a_wrong_password_a_missing_database_and_no_server_are_each_one_sentence(tmp_path, password_server):
    server = password_server
    server.create_database("cppcc_wrong")
    data, pgpass = tmp_path / "数据", tmp_path / "home" / ".pgpass"

    wrong = _set(data, pgpass, server, "cppcc_wrong", "不对的密码")
    assert wrong.returncode == 0  # saved all the same (the server may be set up later); the test result is said
    sentence = (f"服务器 {server.socket}:{server.port} 拒绝登录：用户 {server.user} 的密码不对（或没有这个用户），"
                "请核对用户名和密码。")
    assert wrong.stderr.strip() == sentence
    tested = server_cli(data, pgpass, "server", "test")
    assert tested.returncode == 1 and tested.stderr.strip() == sentence
    opened = server_cli(data, pgpass, "stats")
    assert opened.returncode == 2 and opened.stderr.strip() == sentence

    missing = _set(data, pgpass, server, "cppcc_missing", PASSWORD)
    assert missing.stderr.strip() == (f"已连上服务器 {server.socket}:{server.port}，但上面没有名为“cppcc_missing”"
                                      "的数据库；请核对数据库名，或请管理员先建好这个空数据库。")

    no_password = tmp_path / "没有密码"
    _set(no_password, tmp_path / "empty-pgpass", server, "cppcc_wrong")
    asked = server_cli(no_password, tmp_path / "empty-pgpass", "server", "test")
    assert asked.returncode == 1 and "要求密码，但本机没有保存用户" in asked.stderr

    nowhere = tmp_path / "无服务器"
    _set(nowhere, pgpass, server, "cppcc_wrong", PASSWORD, host=str(tmp_path / "no-server-here"))
    unreachable = server_cli(nowhere, pgpass, "server", "test")
    assert unreachable.returncode == 1
    assert unreachable.stderr.strip() == (f"连接不上服务器 {tmp_path / 'no-server-here'}:{server.port}"
                                          "（服务器没有开着、地址或端口不对，或被防火墙挡住）；请检查服务器和网络后重试。")


def test_server_set_refuses_what_is_missing_or_malformed(tmp_path):
    data, pgpass = tmp_path / "数据", tmp_path / ".pgpass"
    missing = server_cli(data, pgpass, "server", "set", "--host", "192.168.1.10")
    assert missing.returncode == 2 and "server set 缺少 --database、--user" in missing.stderr
    bad = server_cli(data, pgpass, "server", "set", "--host", "192.168.1.10", "--port", "70000", "--database", "cppcc",
                     "--user", "cppcc")
    assert bad.returncode == 1 and "端口应在 1 到 65535 之间" in bad.stderr
    assert not (data / "server.json").exists() and not pgpass.exists()
    test_without = server_cli(data, pgpass, "server", "test")
    assert test_without.returncode == 2 and "还没有设置共用服务器" in test_without.stderr


def test_the_password_file_keeps_other_lines_and_replaces_only_this_servers(tmp_path, monkeypatch):
    from desktop_app.services.server import ServerSetting, forget_password, has_password, store_password

    path = tmp_path / "pgpass.conf"
    others = "# 其他程序的密码\n*:5432:*:backup:别的密码\nsrv:5432:cppcc:office:旧\\:密码\n"
    path.write_text(others, encoding="utf-8")
    monkeypatch.setenv("PGPASSFILE", str(path))
    setting = ServerSetting("srv", 5432, "cppcc", "office")
    assert has_password(setting)
    store_password(setting, "新密码")
    assert path.read_text(encoding="utf-8") == ("# 其他程序的密码\n*:5432:*:backup:别的密码\n"
                                                "srv:5432:cppcc:office:新密码\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert forget_password(setting) and not has_password(setting)
    assert path.read_text(encoding="utf-8") == "# 其他程序的密码\n*:5432:*:backup:别的密码\n"
