"""Shared fixtures: a real store on a real SQLite file in a temp folder, and the sample files."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only(reason): the test reads the SQLite file itself (or runs a "
                            "program that opens the data folder without --db); skipped on PostgreSQL")


def pytest_sessionstart(session):
    """Name the random order's seed even in quiet mode (pytest-randomly says it only in the header -q hides), so a
    failure that depends on the order can be run again in that order."""
    config = session.config
    if not config.pluginmanager.has_plugin("randomly"):
        return
    seed = getattr(config.option, "randomly_seed", None)
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if isinstance(seed, int) and reporter is not None:
        reporter.write_line(f"random order: seed {seed} (the same order again: -p randomly --randomly-seed={seed})")


def pytest_generate_tests(metafunc):
    """Tests using `database_backend` (every test under tests/services) run on SQLite, and also on PostgreSQL
    when CPPCC_TEST_PG names a server (ids …[sqlite] / …[postgresql]); without it the ids are unchanged."""
    from tests.pg_support import backend_params

    if "database_backend" in metafunc.fixturenames and len(backend_params()) > 1:
        metafunc.parametrize("database_backend", backend_params(), indirect=True, scope="module")


def pytest_collection_modifyitems(config, items):
    for item in items:
        marker = item.get_closest_marker("sqlite_only")
        params = getattr(getattr(item, "callspec", None), "params", {})
        if marker is not None and params.get("database_backend") == "postgresql":
            reason = marker.args[0] if marker.args else marker.kwargs.get("reason", "SQLite only")
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {reason}"))


@pytest.fixture(scope="session")
def pg_server():
    """The PostgreSQL server named by CPPCC_TEST_PG (tests/pg_support.py); the test is skipped without one."""
    from tests.pg_support import PgServer, server_url

    base = server_url()
    if base is None:
        pytest.skip("no PostgreSQL server: set CPPCC_TEST_PG (see tests/pg_support.py)")
    server = PgServer(base)
    yield server
    server.close()


@pytest.fixture(scope="module")
def database_backend(request):
    """"sqlite", or "postgresql": then every data folder the module's tests open without --db gets a fresh
    database of its own on the test server (services.database.database_url is replaced), dropped afterwards.

    A module-scoped fixture that makes a data folder must take `database_backend` as an argument, so that it is
    made again for each database (else the [postgresql] tests would reuse the folder made for [sqlite])."""
    backend = getattr(request, "param", "sqlite")
    if backend == "sqlite":
        yield backend
        return
    from tests.pg_support import FolderDatabases

    folders = FolderDatabases(request.getfixturevalue("pg_server"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("desktop_app.services.database.database_url", folders)
        request.module._pg_folders = folders
        yield backend
    request.module._pg_folders = None
    folders.drop_except(set())


@pytest.fixture(autouse=True)
def _drop_test_databases(request):
    """On PostgreSQL, the databases a test made for its own folders are dropped when it ends."""
    folders = getattr(request.module, "_pg_folders", None) if "database_backend" in request.fixturenames else None
    before = folders.created() if folders is not None else set()
    yield
    if folders is not None:
        folders.drop_except(before)


def sample(name: str) -> Path:
    """A sample file of messy input, kept under tests/fixtures."""
    path = FIXTURES / name
    assert path.exists(), f"tests/fixtures/{name} is missing"
    return path


@pytest.fixture
def store(tmp_path):
    from desktop_app.services.database import open_store

    ctx = open_store(tmp_path / "数据")
    yield ctx
    ctx.engine.dispose()


def xlsx_rows(path: Path, sheet: int = 0) -> list[tuple]:
    """Every row's values of a workbook's sheet as openpyxl reads them (independently of the program's reader),
    the file closed again (a read-only workbook keeps it open until closed)."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return list(book.worksheets[sheet].iter_rows(values_only=True))
    finally:
        book.close()


@pytest.fixture
def sample_copy(tmp_path):
    """Copy a sample into a temp folder with Chinese characters in its path."""
    def copy(name: str) -> Path:
        target = tmp_path / "输入文件" / name
        target.parent.mkdir(exist_ok=True)
        shutil.copyfile(sample(name), target)
        return target
    return copy


@pytest.fixture
def data_dir(tmp_path):
    """A data folder whose path has Chinese characters, as on an office PC."""
    return tmp_path / "政协数据"


@pytest.fixture
def ctx(data_dir):
    """A ServiceContext on a freshly created and migrated database in `data_dir` (vocabularies seeded)."""
    from desktop_app.services.database import open_store

    context = open_store(data_dir)
    yield context
    context.engine.dispose()


@pytest.fixture
def read_only_folder(tmp_path):
    """A folder nobody may write into, root included: permission bits for a user, a read-only bind mount for root
    (root ignores permission bits, so a chmod alone would test nothing in CI)."""
    import subprocess

    folder = tmp_path / "只读"
    folder.mkdir()
    if os.name != "posix" or os.geteuid() != 0:
        folder.chmod(0o500)
        yield folder
        folder.chmod(0o700)
        return
    mounted = subprocess.run(["mount", "--bind", "-o", "ro", str(folder), str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.fail(f"cannot make a read-only folder as root: {mounted.stderr.decode(errors='replace')}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)
