"""Open the store: data folder → engine → migrate (after a backup) → shipped vocabularies."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy.exc import DatabaseError, OperationalError

from db.engine import make_engine, make_session_factory, sqlite_url
from db.migrate import upgrade_to_head
from desktop_app.domain.errors import EnvironmentProblem
from desktop_app.paths import DataPaths, resources_dir
from desktop_app.services.context import ServiceContext
from desktop_app.services.settings import seed_vocabularies


def open_store(data_dir: Path, *, url: str | None = None, resources: Path | None = None) -> ServiceContext:
    """A ServiceContext on the data folder's SQLite file (or `url`), upgraded to the program's schema."""
    try:
        data = DataPaths(Path(data_dir)).ensure()
    except OSError as exc:
        raise EnvironmentProblem(f"无法创建数据文件夹“{data_dir}”（{exc.strerror}），请换一个有写入权限的位置。") from exc
    engine = make_engine(url or sqlite_url(data.root))
    try:
        outcome = upgrade_to_head(engine, backups_dir=data.backups)
    except (OperationalError, DatabaseError) as exc:
        engine.dispose()
        raise EnvironmentProblem(
            f"无法打开数据库（{exc.orig if hasattr(exc, 'orig') else exc}），"
            "文件可能已损坏或正被占用；请关闭其他使用它的程序，或用“恢复备份”还原。"
        ) from exc
    ctx = ServiceContext(engine=engine, session_factory=make_session_factory(engine), data=data,
                         resources=resources or resources_dir(), upgrade_notes=outcome.notes)
    if outcome.notes:
        import logging

        for note in outcome.notes:
            logging.getLogger(__name__).warning("数据库升级时修复：%s", note)
    if outcome.before != outcome.after:
        uow = ctx.uow()
        with uow as s:
            seed_vocabularies(s, ctx.resources)
            uow.commit()
    return ctx
