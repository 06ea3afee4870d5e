"""共用服务器: the PostgreSQL server a data folder uses instead of its own SQLite file (设置 → 数据库, `server …`).

Where the server is (address, port, database, user) is kept in the data folder, in `server.json`. The password
never is: it goes to the standard libpq password file of the person logged in on this PC —
%APPDATA%\\postgresql\\pgpass.conf on Windows, ~/.pgpass elsewhere (mode 0600), or the file PGPASSFILE names —
which psycopg (libpq) reads by itself when it connects. A saved server is used by every command without --db and
by the window from their next start (services.database.database_url); --db still overrides it.
"""
from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from desktop_app.domain.errors import EnvironmentProblem, ValidationError

SERVER_FILE = "server.json"
DEFAULT_PORT = 5432
CONNECT_TIMEOUT_S = 8  # a server that does not answer is reported after this many seconds, not after minutes
DRIVER = "postgresql+psycopg"


@dataclass(frozen=True)
class ServerSetting:
    host: str
    port: int = DEFAULT_PORT
    database: str = "cppcc"
    user: str = "postgres"

    def url(self) -> str:
        """The SQLAlchemy address, without a password (libpq reads it from the password file)."""
        from sqlalchemy.engine import URL

        query = {"connect_timeout": str(CONNECT_TIMEOUT_S)}
        host: str | None = self.host
        if self.host.startswith("/"):  # a Unix socket folder (a server on this machine)
            query["host"], host = self.host, None
            query["port"] = str(self.port)
            port = None
        else:
            port = self.port
        return URL.create(DRIVER, username=self.user, host=host, port=port, database=self.database,
                          query=query).render_as_string(hide_password=False)

    def describe(self) -> str:
        """For people: 服务器 host:port 上的数据库 db（用户 user）."""
        return f"共用服务器 {self.host}:{self.port} 上的数据库“{self.database}”（用户 {self.user}）"


class ServerUnreachable(EnvironmentProblem):
    """The server saved in 设置 could not be reached when the program started; the window offers 改用本机数据."""

    def __init__(self, message: str, setting: ServerSetting):
        super().__init__(message)
        self.setting = setting


# --- the setting in the data folder ---------------------------------------------------------------------------
def read_server(root: Path) -> ServerSetting | None:
    """The server saved for the data folder `root`, or None (its own SQLite file is used)."""
    path = Path(root) / SERVER_FILE
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise EnvironmentProblem(f"数据文件夹中的服务器设置“{path.name}”无法读取（{exc}），"
                                 "请在“设置 → 数据库”重新保存，或删除这个文件改用本机数据。") from exc
    if not isinstance(stored, dict) or not stored.get("host"):
        return None
    try:
        return ServerSetting(host=str(stored["host"]), port=int(stored.get("port") or DEFAULT_PORT),
                             database=str(stored.get("database") or ""), user=str(stored.get("user") or ""))
    except (TypeError, ValueError) as exc:
        raise EnvironmentProblem(f"数据文件夹中的服务器设置“{path.name}”内容不对（{exc}），"
                                 "请在“设置 → 数据库”重新保存。") from exc


def checked_setting(host: str, port: int | str, database: str, user: str) -> ServerSetting:
    """A setting from what was typed; ValidationError (one sentence) when something is missing or malformed."""
    host, database, user = (host or "").strip(), (database or "").strip(), (user or "").strip()
    if not host:
        raise ValidationError("请填写服务器地址，例如 192.168.1.10 或服务器的计算机名。")
    try:
        port = int(str(port).strip())
    except ValueError:
        raise ValidationError(f"端口应为数字，“{port}”不是数字（PostgreSQL 通常是 5432）。") from None
    if not 1 <= port <= 65535:
        raise ValidationError(f"端口应在 1 到 65535 之间，“{port}”不在此范围（PostgreSQL 通常是 5432）。")
    if not database:
        raise ValidationError("请填写数据库名，例如 cppcc。")
    if not user:
        raise ValidationError("请填写用户名。")
    for label, value in (("服务器地址", host), ("数据库名", database), ("用户名", user)):
        if any(ch.isspace() or ord(ch) < 32 for ch in value):
            raise ValidationError(f"{label}“{value}”中不能有空格或控制字符。")
    return ServerSetting(host, port, database, user)


def save_server(root: Path, setting: ServerSetting, password: str | None = None) -> Path | None:
    """Save the server for the data folder `root`; a password given goes to the password file (its path is
    returned), never into the data folder. Takes effect at the next start of the program."""
    path = Path(root) / SERVER_FILE
    Path(root).mkdir(parents=True, exist_ok=True)
    stored_at = store_password(setting, password) if password else None
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(asdict(setting), ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)
    return stored_at


def clear_server(root: Path, *, forget: bool = False) -> ServerSetting | None:
    """Go back to the data folder's own SQLite file (from the next start); `forget` also removes the saved
    password from the password file. Returns the setting that was saved, if any."""
    path = Path(root) / SERVER_FILE
    try:
        setting = read_server(root)
    except EnvironmentProblem:
        setting = None
    path.unlink(missing_ok=True)
    if forget and setting is not None:
        forget_password(setting)
    return setting


# --- the libpq password file ----------------------------------------------------------------------------------
def pgpass_path() -> Path:
    """The password file libpq reads: PGPASSFILE, else %APPDATA%\\postgresql\\pgpass.conf (Windows) or ~/.pgpass."""
    named = os.environ.get("PGPASSFILE")
    if named:
        return Path(named)
    if sys.platform == "win32":
        appdata = os.environ.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
        return Path(appdata) / "postgresql" / "pgpass.conf"
    return Path.home() / ".pgpass"


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(":", "\\:")


def _fields(line: str) -> list[str]:
    """A password file line split at its unescaped colons (escapes removed)."""
    fields, current, escaped = [], [], False
    for ch in line:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == ":":
            fields.append("".join(current))
            current = []
        else:
            current.append(ch)
    fields.append("".join(current))
    return fields


def _key(setting: ServerSetting) -> list[str]:
    return [setting.host, str(setting.port), setting.database, setting.user]


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise EnvironmentProblem(f"无法读取密码文件“{path}”（{exc}），密码未保存。") from exc


def _write_lines(path: Path, lines: list[str]) -> None:
    """Write the password file readable by its owner only (libpq ignores a file others can read)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write("".join(line + "\n" for line in lines))
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except OSError as exc:
        with _suppress():
            tmp.unlink()
        raise EnvironmentProblem(f"无法写入密码文件“{path}”（{exc.strerror or exc}），密码未保存。") from exc


class _suppress:
    def __enter__(self):
        return self

    def __exit__(self, *exc) -> bool:
        return exc[0] is not None and issubclass(exc[0], OSError)


def store_password(setting: ServerSetting, password: str) -> Path:
    """Put the password of this server, database and user into the password file (replacing an older one)."""
    if any(ch in password for ch in "\r\n"):
        raise ValidationError("密码中不能有换行。")
    path = pgpass_path()
    key = _key(setting)
    kept = [line for line in _read_lines(path) if line.startswith("#") or _fields(line)[:4] != key]
    _write_lines(path, kept + [":".join(_escape(v) for v in key + [password])])
    return path


def forget_password(setting: ServerSetting) -> bool:
    """Remove this server's line from the password file; whether there was one."""
    path = pgpass_path()
    lines = _read_lines(path)
    kept = [line for line in lines if line.startswith("#") or _fields(line)[:4] != _key(setting)]
    if len(kept) != len(lines):
        _write_lines(path, kept)
        return True
    return False


def has_password(setting: ServerSetting) -> bool:
    """Whether the password file holds a line for exactly this server, database and user."""
    try:
        lines = _read_lines(pgpass_path())
    except EnvironmentProblem:
        return False
    return any(not line.startswith("#") and _fields(line)[:4] == _key(setting) for line in lines)


# --- connecting -----------------------------------------------------------------------------------------------
_WRONG_PASSWORD = re.compile(r"password authentication failed|authentication failed|认证失败|密码验证失败|身份验证失败",
                             re.I)
_NO_PASSWORD = re.compile(r"no password supplied|没有提供密码", re.I)
_NO_DATABASE = re.compile(r'database "[^"]*" does not exist|数据库 ?"[^"]*" ?不存在', re.I)
_NO_ROLE = re.compile(r'role "[^"]*" does not exist|角色 ?"[^"]*" ?不存在', re.I)
_NO_HOST = re.compile(r"could not translate host name|failed to resolve host|Name or service not known|"
                      r"nodename nor servname|No such host is known|getaddrinfo", re.I)


def connection_problem(setting: ServerSetting, exc: BaseException) -> str:
    """One sentence saying why the server could not be used: wrong password, unreachable, database missing …"""
    text = str(getattr(exc, "orig", None) or exc)
    where = f"服务器 {setting.host}:{setting.port}"
    if _NO_PASSWORD.search(text):
        return f"{where} 要求密码，但本机没有保存用户 {setting.user} 的密码；请在“设置 → 数据库”填写密码后保存。"
    if _WRONG_PASSWORD.search(text):
        return f"{where} 拒绝登录：用户 {setting.user} 的密码不对（或没有这个用户），请核对用户名和密码。"
    if _NO_DATABASE.search(text):
        return (f"已连上{where}，但上面没有名为“{setting.database}”的数据库；请核对数据库名，"
                "或请管理员先建好这个空数据库。")
    if _NO_ROLE.search(text):
        return f"{where} 上没有用户 {setting.user}，请核对用户名。"
    if _NO_HOST.search(text):
        return f"找不到服务器“{setting.host}”（地址无法解析），请核对服务器地址和网络。"
    if re.search(r"timeout|timed out|超时", text, re.I):
        return f"连接{where} 超时，服务器没有应答；请检查网络、服务器是否开着，以及防火墙是否放行端口 {setting.port}。"
    return (f"连接不上{where}（服务器没有开着、地址或端口不对，或被防火墙挡住）；"
            "请检查服务器和网络后重试。")


@dataclass(frozen=True)
class ConnectionTest:
    ok: bool
    message: str  # one sentence


def test_connection(setting: ServerSetting, password: str | None = None) -> ConnectionTest:
    """Connect once (with `password`, else the password file) and say in one sentence what came of it."""
    from sqlalchemy import create_engine, inspect, text
    from sqlalchemy.exc import DBAPIError
    from sqlalchemy.pool import NullPool

    try:
        engine = create_engine(setting.url(), poolclass=NullPool,
                               connect_args={"password": password} if password else {})
    except ImportError as exc:
        return ConnectionTest(False, f"本机没有安装连接 PostgreSQL 的组件（{exc.name}），请先安装："
                                     "pip install \"cppcc-desk[postgres]\"。")
    try:
        with engine.connect() as connection:
            version = connection.execute(text("SHOW server_version")).scalar()
            tables = inspect(connection).has_table("alembic_version")
            revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar() if tables else None
            others = bool(inspect(connection).get_table_names()) and not tables
    except DBAPIError as exc:
        return ConnectionTest(False, connection_problem(setting, exc))
    finally:
        engine.dispose()
    said = f"已连上{setting.describe()}，PostgreSQL {str(version).split()[0]}"
    if revision:
        return ConnectionTest(True, f"{said}，其中已有本程序的数据（结构版本 {revision}）。")
    if others:
        return ConnectionTest(True, f"{said}，但其中有不属于本程序的表，请换一个新建的空数据库。")
    return ConnectionTest(True, f"{said}；数据库是空的，本程序首次使用它时会建好各表"
                                "（已有的数据可用 transfer --to 迁入）。")


def database_in_use(engine) -> str:
    """Which database a store uses, for people (check, the window's status bar)."""
    from db.engine import sqlite_path
    from sqlalchemy.engine import make_url

    path = sqlite_path(engine)
    if path is not None:
        return f"本机数据文件 {path}"
    url = make_url(engine.url.render_as_string(hide_password=True))
    host = url.host or url.query.get("host") or "本机"
    port = url.port or url.query.get("port") or DEFAULT_PORT
    return f"共用服务器 {host}:{port} 上的数据库“{url.database}”（用户 {url.username}）"
