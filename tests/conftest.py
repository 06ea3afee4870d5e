"""Shared fixtures: a real, migrated SQLite store in a temporary data folder with a Chinese name."""
from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # widgets tests run without a screen


@pytest.fixture
def data_dir(tmp_path):
    """A data folder whose path has Chinese characters, as on an office PC."""
    return tmp_path / "政协数据"


@pytest.fixture
def ctx(data_dir):
    """A ServiceContext on a freshly created and migrated database (vocabularies seeded)."""
    from desktop_app.services.database import open_store

    context = open_store(data_dir)
    yield context
    context.engine.dispose()
