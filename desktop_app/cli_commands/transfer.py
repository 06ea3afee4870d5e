"""`transfer --to URL` / `transfer --from URL`: move the records into an empty database and back (services/transfer.py)."""
from __future__ import annotations

from desktop_app.cli import COMMANDS, EXIT_OK, UsageError


def run_transfer(ctx, args, out) -> int:
    from desktop_app.services.presence import writer_lock
    from desktop_app.services.transfer import (describe_engine, describe_url, open_target, prepare_target, refuse_if_new,
                                               refuse_unless_empty, transfer)

    to_url, from_url = getattr(args, "to_url", None), getattr(args, "from_url", None)
    if bool(to_url) == bool(from_url):
        raise UsageError("transfer 需要 --to 地址（迁出到空数据库）或 --from 地址（从那里迁回本数据文件夹），二者选一，"
                         "例如：cppcc-desk --data 数据 transfer --to postgresql+psycopg://用户@服务器/cppcc。")
    here = describe_engine(ctx.engine)
    if to_url:
        target = open_target(to_url)
        try:
            with writer_lock(ctx.data.root, "迁移数据", engine=ctx.engine):  # nobody writes while it is copied
                result = transfer(ctx.engine, target, backups=ctx.data.backups, target_label="目标数据库",
                                  source_root=ctx.data.root, progress=out.progress)
        finally:
            target.dispose()
        out.say(f"已把 {result.rows} 行数据（{result.tables} 张表）从 {here} 迁移到 {describe_url(to_url)}。")
        out.say(f"{result.attachments} 个附件的内容已存入该数据库。各台电脑在“设置 → 数据库”（或用 cppcc-desk server set）"
                f"保存这个服务器，或用 --db {describe_url(to_url)} 打开它。")
        _say_missing(out, result)
        return EXIT_OK
    source = open_target(from_url)
    try:
        refuse_unless_empty(ctx.engine, "本数据文件夹的数据库")
        refuse_if_new(source, describe_url(from_url))
        prepare_target(source, ctx.data.backups)  # a database of an older program is upgraded, as opening does
        with writer_lock(ctx.data.root, "迁移数据", engine=source):
            result = transfer(source, ctx.engine, backups=ctx.data.backups, target_label="本数据文件夹的数据库",
                              target_root=ctx.data.root, progress=out.progress)
    finally:
        source.dispose()
    out.say(f"已把 {result.rows} 行数据（{result.tables} 张表）从 {describe_url(from_url)} 迁移到 {here}。")
    out.say(f"{result.attachments} 个附件已写入本数据文件夹的 attachments。")
    _say_missing(out, result)
    return EXIT_OK


def _say_missing(out, result) -> None:
    if result.missing:
        names = "、".join(f"“{n}”" for n in result.missing[:5]) + (f"等 {len(result.missing)} 个" if len(result.missing) > 5 else "")
        out.say(f"附件{names}在原处没有内容（文件丢失），只迁移了其登记记录；请运行 check 查看。")


COMMANDS["transfer"] = run_transfer
