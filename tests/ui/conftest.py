"""Window fixtures: a Desk on a real SQLite file in tmp_path, its store opened by the real worker."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

# Offscreen tests run on a virtual 1366×768 screen, the smallest the program must fit.
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={Path(__file__).with_name('screen_1366x768.json')}"

from tests.ui.helpers import TASK_TIMEOUT_MS  # noqa: E402 (after the platform is chosen)


@pytest.fixture
def make_desk(tmp_path, qtbot):
    """Desk(s) on a data folder under tmp_path with its own QSettings file; the store opened and ready."""
    from PySide6.QtCore import QSettings

    from desktop_app.app import make_desk as compose

    made = []

    def make(*, data_name: str = "数据", open_store: bool = True):
        settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
        desk = compose(tmp_path / data_name, settings=settings)
        made.append(desk)
        if open_store:
            with qtbot.waitSignal(desk.sig_store_ready, timeout=TASK_TIMEOUT_MS):
                desk.open_store()
        return desk

    yield make
    for desk in made:
        qtbot.waitUntil(desk.tasks.is_idle, timeout=TASK_TIMEOUT_MS)
        desk.close_store()


@pytest.fixture
def desk(make_desk):
    return make_desk()
