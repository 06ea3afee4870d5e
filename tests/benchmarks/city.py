"""What the benchmarks on the city-sized demo share: its data folder, built once, and a median timer."""
from __future__ import annotations

import shutil
import statistics
import time
from datetime import date
from pathlib import Path


def median_seconds(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def city_store(folder: Path):
    """The open store of `folder`, filled with `demo --size city` when empty; (ctx, seconds spent building or None)."""
    from sqlalchemy import func, select

    from db.models import Proposal
    from desktop_app.services.database import open_store
    from desktop_app.services.demo import DemoService

    ctx = open_store(folder)
    with ctx.uow() as s:
        empty = not s.scalar(select(func.count()).select_from(Proposal))
    if not empty:
        return ctx, None
    start = time.perf_counter()
    DemoService(ctx).fill(size="city", today=date(2026, 11, 20))
    return ctx, time.perf_counter() - start


def city_folder(data: Path | None, folder: Path) -> Path:
    """`folder` holding a city-sized data set: a copy of the database of `data` (a `demo --size city` folder, never
    written), or one generated here when none is named. Attachments and backups are not copied."""
    if data is None:
        ctx, _build = city_store(folder)
        ctx.close()
        return folder
    folder.mkdir(parents=True)
    for name in ("cppcc-desk.sqlite3", "cppcc-desk.sqlite3-wal"):
        if (Path(data) / name).exists():
            shutil.copy2(Path(data) / name, folder / name)
    return folder
