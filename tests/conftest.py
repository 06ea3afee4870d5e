"""Shared fixtures: a real store on a real SQLite file in a temp folder, and the sample files."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FIXTURES = Path(__file__).resolve().parent / "fixtures"


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
