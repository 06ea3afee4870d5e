"""`server show|set|clear|test`: the PostgreSQL server several PCs share, saved for a data folder (services/server.py).

Runs without opening the database (the saved server may be the one that cannot be reached)."""
from __future__ import annotations

import sys

from desktop_app.cli import EXIT_OK, EXIT_REFUSED, WITHOUT_STORE, UsageError


def run_server(data_dir, args, out) -> int:
    from desktop_app.services import server

    action = args.action
    if action != "set" and any(getattr(args, name) for name in ("host", "database", "user", "password_stdin")):
        raise UsageError(f"server {action} 不带 --host、--database、--user 或 --password-stdin，这些只用于 server set。")
    if action == "show":
        saved = server.read_server(data_dir)
        if saved is None:
            out.say(f"未设置共用服务器：本数据文件夹使用本机数据文件（{data_dir}）。")
            return EXIT_OK
        out.say(f"已设置：{saved.describe()}。")
        password = ("已保存在本机的 PostgreSQL 密码文件" if server.has_password(saved) else "本机的 PostgreSQL 密码文件中没有")
        out.say(f"密码：{password}（{server.pgpass_path()}）。")
        out.say("不带 --db 的命令和窗口都使用它；--db 地址仍然优先。")
        return EXIT_OK
    if action == "set":
        missing = [f"--{name}" for name in ("host", "database", "user") if not getattr(args, name)]
        if missing:
            raise UsageError(f"server set 缺少 {'、'.join(missing)}，例如：cppcc-desk server set --host 192.168.1.10 "
                             "--port 5432 --database cppcc --user cppcc --password-stdin。")
        setting = server.checked_setting(args.host, args.port, args.database, args.user)
        password = None
        if args.password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
            if not password:
                raise UsageError("--password-stdin 从标准输入没有读到密码（第一行是空的）。")
        stored_at = server.save_server(data_dir, setting, password)
        out.say(f"已保存：{setting.describe()}；从下一个命令、下次打开窗口起使用它。")
        if stored_at is not None:
            out.say(f"密码已存入本机的 PostgreSQL 密码文件（{stored_at}），没有写进数据文件夹。")
        result = server.test_connection(setting)
        (out.say if result.ok else out.warn)(result.message)
        return EXIT_OK
    if action == "clear":
        saved = server.clear_server(data_dir, forget=True)
        if saved is None:
            out.say("本来就没有设置共用服务器，仍使用本机数据文件。")
        else:
            out.say(f"已清除共用服务器设置（{saved.describe()}）及其保存的密码；从下一个命令起使用本机数据文件"
                    f"（{data_dir}）。")
        return EXIT_OK
    saved = server.read_server(data_dir)  # test
    if saved is None:
        raise UsageError("还没有设置共用服务器，请先运行 cppcc-desk server set --host … --database … --user …。")
    result = server.test_connection(saved)
    if result.ok:
        out.say(result.message)
        return EXIT_OK
    out.warn(result.message)
    return EXIT_REFUSED


WITHOUT_STORE["server"] = run_server
