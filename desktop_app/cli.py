"""The command line (docs/commands.md): a thin front over the services.

Exit codes: 0 success; 1 data refused (every problem listed); 2 wrong command or unreadable file.
Messages are Chinese sentences; tracebacks go only to the log file in the data folder.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

from desktop_app import __version__
from desktop_app.domain.errors import Cancelled, DeskError, ValidationError

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2

# Each module registers its importers, exporters, reports and demo parts here (name → handler).
# An import handler gets (ctx, args, out) and returns an exit code; so do the others.
Handler = Callable[["object", argparse.Namespace, "Output"], int]
IMPORTERS: dict[str, Handler] = {}
EXPORTERS: dict[str, Handler] = {}
REPORTS: dict[str, Handler] = {}
# Commands that run without opening the database (`server`: the saved server may be the one that is down).
# A handler gets (data_dir, args, out) and returns an exit code.
WITHOUT_STORE: dict[str, Callable[[Path, argparse.Namespace, "Output"], int]] = {}


class UsageError(DeskError):
    """The command line itself was wrong."""


_ARGPARSE_MESSAGES = [  # argparse's English errors, said in Chinese
    (re.compile(r"argument command: invalid choice: '?([^' ]*)'? \(choose from (.*)\)"),
     lambda m: f"没有“{m[1]}”这个命令，可用的命令有：{_choices(m[2])}"),
    (re.compile(r"argument (\S+): invalid choice: '?([^' ]*)'? \(choose from (.*)\)"),
     lambda m: f"{_arg(m[1])}不能是“{m[2]}”，可选：{_choices(m[3])}"),
    (re.compile(r"argument (\S+): invalid int value: '?([^']*)'?"),
     lambda m: f"{_arg(m[1])}应为整数，“{m[2]}”不是整数"),
    (re.compile(r"argument (\S+): expected one argument"), lambda m: f"{_arg(m[1])}后面缺少取值"),
    (re.compile(r"the following arguments are required: (.*)"), lambda m: "缺少" + "、".join(_arg(a.strip()).strip() for a in m[1].split(","))),
    (re.compile(r"unrecognized arguments: (.*)"), lambda m: f"无法识别的参数 {m[1]}"),
]


def _choices(text: str) -> str:
    return "、".join(part.strip().strip("'\"") for part in text.split(","))


_POSITIONAL_NAMES = {"kind": "类别", "file": "文件", "out": "输出文件", "action": "操作", "name": "模板名称"}


def _arg(name: str) -> str:
    return f"参数 {name} " if name.startswith("-") else _POSITIONAL_NAMES.get(name, f"“{name}”")


def chinese_usage_message(message: str) -> str:
    """One Chinese sentence for an argparse error message."""
    for pattern, say in _ARGPARSE_MESSAGES:
        match = pattern.fullmatch(message.strip())
        if match:
            message = say(match)
            break
    return f"命令有误：{message}。请运行 cppcc-desk --help 查看用法。"


class ChineseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's English errors would reach the user otherwise
        raise UsageError(chinese_usage_message(message))


@dataclass
class Output:
    """Where the command line writes: people's messages and progress to the terminal."""

    stdout: object = sys.stdout
    stderr: object = sys.stderr

    def say(self, text: str) -> None:
        print(text, file=self.stdout)

    def warn(self, text: str) -> None:
        print(text, file=self.stderr)

    def progress(self, done: int, total: int, text: str = "") -> None:
        stream = self.stderr
        if getattr(stream, "isatty", lambda: False)():
            percent = int(done * 100 / total) if total else 100
            print(f"\r{percent:3d}% {text[:60]:<60}", end="" if done < total else "\n", file=stream, flush=True)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"日期“{text}”的格式不对，应写成 YYYY-MM-DD，例如 2025-01-31。") from None


def _add_period(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--year", type=int)
    parser.add_argument("--session", dest="session_code", metavar="T-N")
    parser.add_argument("--from", dest="start", type=_date)
    parser.add_argument("--to", dest="end", type=_date)


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog="cppcc-desk", description="县政协履职工作台（不带命令时打开窗口）")
    parser.add_argument("--version", action="version", version=f"cppcc-desk {__version__}")
    parser.add_argument("--data", type=Path, help="数据文件夹（默认：本用户的数据文件夹，或环境变量 CPPCC_DESK_DATA）")
    parser.add_argument("--db", help="SQLAlchemy 数据库地址（默认：设置中保存的共用服务器，否则数据文件夹中的 SQLite 文件）")
    sub = parser.add_subparsers(dest="command", parser_class=ChineseArgumentParser)

    p = sub.add_parser("init", help="创建或升级数据库，设置县名")
    p.add_argument("--county")
    p.add_argument("--committee")
    p.add_argument("--term", type=int)
    p.add_argument("--session", dest="session_number", type=int)

    p = sub.add_parser("demo", help="向空数据库填入演示数据")
    p.add_argument("--size", choices=["county", "city"], default="county")
    p.add_argument("--seed", type=int, default=2025)

    p = sub.add_parser("import", help="从表格导入")
    p.add_argument("kind", choices=["members", "proposals", "activities", "consultations", "opinions"])
    p.add_argument("file", type=Path)
    p.add_argument("--sheet")
    p.add_argument("--header-row", type=int)
    p.add_argument("--session", dest="session_code", metavar="T-N")
    p.add_argument("--dry-run", action="store_true")
    p.add_argument("--skip-invalid", action="store_true")
    p.add_argument("--report", type=Path, help="把问题清单写入这个 .xlsx 文件")

    p = sub.add_parser("export", help="导出为表格")
    p.add_argument("kind", choices=["members", "proposals", "activities", "consultations", "opinions"])
    p.add_argument("out", type=Path)
    _add_period(p)

    p = sub.add_parser("stats", help="统计数字")
    _add_period(p)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("report", help="生成报告")
    p.add_argument("kind", choices=["annual", "proposals", "workbook", "members", "notices"])
    _add_period(p)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--member", help="report members：只生成这位委员的履职档案（姓名）")

    p = sub.add_parser("template", help="Word 模板：列出、复制、检查、查看字段")
    p.add_argument("action", choices=["list", "copy", "check", "fields", "restore"])
    p.add_argument("name", nargs="?", help="模板名称，如 年度工作总结 或 annual")

    p = sub.add_parser("backup", help="备份数据库和附件")
    p.add_argument("--out", type=Path)
    p = sub.add_parser("restore", help="从备份恢复")
    p.add_argument("file", type=Path)
    sub.add_parser("check", help="检查数据库和附件的完整性")
    p = sub.add_parser("transfer", help="把数据迁移到空的数据库（如 PostgreSQL 服务器），或从那里迁回")
    p.add_argument("--to", dest="to_url", metavar="URL", help="迁出到这个空数据库（SQLAlchemy 地址）")
    p.add_argument("--from", dest="from_url", metavar="URL", help="从这个数据库迁回本数据文件夹（须为新的空文件夹）")
    p = sub.add_parser("server", help="共用服务器（PostgreSQL）：查看、保存、清除、测试连接；密码存入本机的 PostgreSQL 密码文件")
    p.add_argument("action", choices=["show", "set", "clear", "test"])
    p.add_argument("--host", help="server set：服务器地址")
    p.add_argument("--port", type=int, default=5432, help="server set：端口（默认 5432）")
    p.add_argument("--database", help="server set：数据库名")
    p.add_argument("--user", help="server set：用户名")
    p.add_argument("--password-stdin", action="store_true", help="server set：从标准输入读一行作为密码")
    return parser


def _period(ctx, args):
    from desktop_app.services.periods import resolve_period

    if sum(x is not None for x in (args.year, args.session_code)) + bool(args.start or args.end) > 1:
        raise UsageError("时间段只能用一种方式指定：--year、--session 或 --from/--to，请只保留一种。")

    return resolve_period(ctx, year=args.year, session=args.session_code, start=args.start, end=args.end)


def cmd_init(ctx, args, out: Output) -> int:
    from dataclasses import replace

    from desktop_app.services.settings import SettingsService

    service = SettingsService(ctx)
    office = service.office()
    changes = {}
    if args.county:
        changes["county"] = args.county
    if args.committee:
        changes["committee_name"] = args.committee
    if args.term:
        changes["current_term"] = args.term
    if args.session_number:
        changes["current_session"] = args.session_number
    if changes:
        office = replace(office, **changes)
        if not office.committee_name and office.county:
            from desktop_app.domain.cn_format import committee_name

            office = replace(office, committee_name=committee_name(office.county))
        service.save_office(office)
    out.say(f"数据库已就绪：{ctx.data.root}" + (f"（{office.committee_display}）" if office.county else ""))
    return EXIT_OK


def cmd_stats(ctx, args, out: Output) -> int:
    from desktop_app.services.statistics import StatisticsService

    period = _period(ctx, args)
    summary = StatisticsService(ctx).summary(period)
    if args.json:
        if period.note:  # how the span was fixed; stdout stays one JSON object
            out.warn(period.note)
        out.say(json.dumps(summary, ensure_ascii=False))
    else:
        from desktop_app.services.statistics.text import summary_lines

        for line in summary_lines(period, summary):
            out.say(line)
    return EXIT_OK


def cmd_backup(ctx, args, out: Output) -> int:
    from desktop_app.services.backup import BackupService

    result = BackupService(ctx).backup(args.out, progress=out.progress)
    out.say(f"备份完成：{result.path}（{result.size / 1024:.0f} KB）")
    return EXIT_OK


def cmd_restore(ctx, args, out: Output) -> int:
    from desktop_app.services.backup import BackupService

    safety = BackupService(ctx).restore(args.file, progress=out.progress)
    out.say(f"已从“{args.file.name}”恢复。恢复前的数据已自动备份到：{safety}")
    return EXIT_OK


def cmd_check(ctx, args, out: Output) -> int:
    from desktop_app.services.backup import BackupService

    report = BackupService(ctx).check()
    if report.ok:
        out.say(f"检查通过：数据库完好，{report.members} 名委员，{report.attachments} 个附件均完好。")
        out.say(f"使用的数据库：{_database_in_use(ctx)}")
        return EXIT_OK
    out.say(f"使用的数据库：{_database_in_use(ctx)}")
    out.warn(f"检查发现 {len(report.problems)} 个问题：")
    for problem in report.problems:
        out.warn(f"  - {problem}")
    return EXIT_REFUSED


def _database_in_use(ctx) -> str:
    from desktop_app.services.server import database_in_use

    return database_in_use(ctx.engine)


def cmd_demo(ctx, args, out: Output) -> int:
    from desktop_app.services.demo import DemoService

    tally = DemoService(ctx).fill(size=args.size, seed=args.seed, progress=out.progress).batch.tally
    out.say("已填入演示数据：" + "，".join(f"{label}{count}" for label, count in tally))
    return EXIT_OK


def _registered(table: dict[str, Handler], what: str):
    def run(ctx, args, out: Output) -> int:
        handler = table.get(args.kind)
        if handler is None:
            raise UsageError(f"本版本还不能{what}“{args.kind}”。")
        return handler(ctx, args, out)

    return run


COMMANDS: dict[str, Handler] = {
    "init": cmd_init,
    "demo": cmd_demo,
    "import": _registered(IMPORTERS, "导入"),
    "export": _registered(EXPORTERS, "导出"),
    "report": _registered(REPORTS, "生成"),
    "stats": cmd_stats,
    "template": lambda ctx, args, out: _template_command(ctx, args, out),
    "backup": cmd_backup,
    "restore": cmd_restore,
    "check": cmd_check,
}


def _template_command(ctx, args, out: Output) -> int:
    from desktop_app.cli_commands.templates import run_template_command

    return run_template_command(ctx, args, out)


def _register_modules() -> None:
    """Import the modules that add importers, exporters and reports (kept out of start-up)."""
    import desktop_app.cli_commands  # noqa: F401


def _tolerant_console() -> None:
    """A Chinese Windows console is GBK: a name with a rarer character (𠀀) is shown as ? instead of failing."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):  # a closed or special stream: leave it as it is
                pass


def report_problems(error: ValidationError, out: Output) -> None:
    out.warn(error.message)
    for problem in error.problems:
        out.warn(f"  - {problem.describe()}")


# The file each command writes and its kind: named without the extension ("--out 工作总结"), it gets it added.
_OUTPUTS = {("export", None): ("out", ".xlsx"), ("report", "annual"): ("out", ".docx"),
            ("report", "proposals"): ("out", ".docx"), ("report", "workbook"): ("out", ".xlsx"),
            ("import", None): ("report", ".xlsx")}


def _name_outputs(args) -> None:
    """The output file with its extension (export's `out`, report's `--out`, import's `--report`)."""
    from desktop_app.domain.file_names import with_extension

    output = _OUTPUTS.get((args.command, getattr(args, "kind", None))) or _OUTPUTS.get((args.command, None))
    if output is not None and getattr(args, output[0], None) is not None:
        attribute, extension = output
        setattr(args, attribute, with_extension(getattr(args, attribute), extension))


def run(argv: list[str], *, out: Output | None = None, open_store=None) -> int:
    """Run one command; returns the exit code. `open_store(data_dir, url)` gives a ServiceContext."""
    if out is None:
        _tolerant_console()
        out = Output()
    from desktop_app.logs import setup_logging
    from desktop_app.paths import command_words, data_dir_from

    try:
        args = build_parser().parse_args(argv)
    except UsageError as exc:
        out.warn(exc.message)
        return EXIT_USAGE
    _name_outputs(args)
    data_dir = data_dir_from(args.data)
    log = setup_logging(data_dir)
    try:
        if args.command in ("server",):  # registered by cli_commands; runs without opening the database
            _register_modules()
            return WITHOUT_STORE[args.command](data_dir, args, out)
        if open_store is None:
            from desktop_app.services.database import open_store
        ctx = open_store(data_dir, url=args.db, what=f"命令行（{' '.join(command_words(argv)[:3])}）")
        try:
            for note in ctx.opening_notes:
                out.warn(note)
            _register_modules()
            return COMMANDS[args.command](ctx, args, out)
        finally:
            # the folder let go and every connection closed when the command ends, not when the process does:
            # the same whether it runs as its own process or in another (a server's connections among them)
            ctx.close()
    except ValidationError as exc:
        report_problems(exc, out)
        return exc.exit_code
    except Cancelled as exc:
        out.warn(exc.message)
        return EXIT_REFUSED
    except DeskError as exc:
        out.warn(exc.message)
        return exc.exit_code
    except KeyboardInterrupt:
        out.warn("已中断，数据未作任何更改。")
        return EXIT_REFUSED
    except Exception as exc:  # a bug: the user gets an apology and the log's location, never a traceback
        from desktop_app.domain.faults import explain_fault
        from desktop_app.logs import log_is_written

        log.exception("命令执行失败：%s", argv)
        fault = explain_fault(exc)
        if fault is not None:  # the machine's trouble (disk full, read-only, file held open), not a bug
            out.warn(fault.message)
            return fault.exit_code
        where = (f"详细信息已写入日志：{data_dir / 'logs' / 'cppcc-desk.log'}" if log_is_written(log)
                 else "日志也无法写入（数据文件夹不可写），请检查磁盘空间和文件夹权限。")
        out.warn(f"程序内部出错，操作未完成，数据未作更改。{where}")
        return EXIT_USAGE
