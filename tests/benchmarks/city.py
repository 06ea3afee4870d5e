"""What the benchmarks on the city-sized demo share: its data folder, built once, and a median timer."""
from __future__ import annotations

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
