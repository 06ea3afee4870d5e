"""The watch for other programs' writes on a real SQLite file: a second engine on the same file is "another
program"; writes bracketed by own_write are the watcher's own."""
from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.sqlite_only("the watch reads SQLite's PRAGMA data_version; other databases are not watched")


@pytest.fixture
def other(ctx):
    """A second engine on the same database file, as another program would open it."""
    from db.engine import make_engine

    engine = make_engine(str(ctx.engine.url))
    yield engine
    engine.dispose()


def _write(ctx_or_engine) -> None:
    """One committed write through the members service of a context."""
    from desktop_app.services.members import MemberInput, MembersService

    MembersService(ctx_or_engine).add(MemberInput(name=f"委员{time.perf_counter_ns() % 100000}"))


@pytest.fixture
def other_ctx(ctx, other):
    from dataclasses import replace

    from db.engine import make_session_factory

    return replace(ctx, engine=other, session_factory=make_session_factory(other), presence=None)


def test_another_programs_commit_is_reported_once(ctx, other_ctx):
    from desktop_app.services.data_watch import DataWatch

    watch = DataWatch(ctx.engine)
    try:
        assert watch.outside_write() is False
        _write(other_ctx)
        assert watch.outside_write() is True
        assert watch.outside_write() is False  # reported once
    finally:
        watch.close()


def test_our_own_writes_are_not_reported(ctx):
    from desktop_app.services.data_watch import DataWatch

    watch = DataWatch(ctx.engine)
    try:
        with watch.own_write():
            _write(ctx)
            assert watch.outside_write() is False  # asked in the middle of our write: not yet
            _write(ctx)
        assert watch.outside_write() is False
    finally:
        watch.close()


def test_a_write_through_our_own_engine_is_ours_even_unbracketed(ctx, other_ctx):
    from desktop_app.services.data_watch import DataWatch
    from desktop_app.services.members import MembersService

    watch = DataWatch(ctx.engine)
    try:
        _write(ctx)  # e.g. a service called directly, not through the window's writer
        assert watch.outside_write() is False
        MembersService(ctx).list_rows()  # a read commits too, and changes nothing
        _write(other_ctx)
        assert watch.outside_write() is True
    finally:
        watch.close()


def test_a_commit_before_our_write_is_still_reported_after_it(ctx, other_ctx):
    from desktop_app.services.data_watch import DataWatch

    watch = DataWatch(ctx.engine)
    try:
        _write(other_ctx)
        with watch.own_write():
            _write(ctx)
        assert watch.outside_write() is True
        assert watch.outside_write() is False
    finally:
        watch.close()


def test_a_write_that_replaces_the_file_lets_go_of_it_and_starts_afresh(ctx, other_ctx):
    from desktop_app.services.data_watch import DataWatch

    watch = DataWatch(ctx.engine)
    try:
        with watch.own_write(replaces_file=True):
            assert watch._connection is None  # a restore may swap the file now
            _write(ctx)
        assert watch.outside_write() is False
        _write(other_ctx)
        assert watch.outside_write() is True
    finally:
        watch.close()


def test_a_poll_costs_well_under_a_millisecond(ctx):
    from desktop_app.services.data_watch import DataWatch

    watch = DataWatch(ctx.engine)
    try:
        rounds = 2000
        started = time.perf_counter()
        for _ in range(rounds):
            watch.outside_write()
        each_ms = (time.perf_counter() - started) * 1000 / rounds
    finally:
        watch.close()
    print(f"DataWatch.outside_write: {each_ms:.4f} ms per poll")
    assert each_ms < 1.0
