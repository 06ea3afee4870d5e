"""Shared paths and loaded resources for the file-format tests."""
from pathlib import Path

import pytest

from desktop_app.domain.vocabulary import load_vocabulary_files
from desktop_app.fileio.headers import load_synonyms

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
RESOURCES = ROOT / "resources"


@pytest.fixture(scope="session")
def vocabularies():
    return load_vocabulary_files(RESOURCES / "vocabularies")


@pytest.fixture(scope="session")
def member_columns():
    return load_synonyms(RESOURCES, "members")
