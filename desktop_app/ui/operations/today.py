"""首页: what the page loads (today's lists, the year's figures) and which writes make it read them again."""
from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.ui.desk import Cancelled, Progress

if TYPE_CHECKING:
    from desktop_app.services.changes import Changes
    from desktop_app.services.context import ServiceContext
    from desktop_app.services.database import FolderReader
    from desktop_app.services.today import TodayWork, YearFigures

# The parts of the data the 首页's lists and cards are read from: proposals (and the units named in them),
# consultations (and their 协商议事室), homes and their activities, opinions, and the members (未履职委员).
HOME_PARTS = ("proposals", "units", "consultations", "platforms", "homes", "activities", "opinions", "members")


def cares_about(changes: "Changes") -> bool:
    """True when a write may move a list or a figure of the 首页."""
    return changes.touches(*HOME_PARTS)


def load_work(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> "TodayWork":
    """Every list of today's work, read in one transaction."""
    from desktop_app.services.today import TodayService

    return TodayService(ctx).work()


def load_work_early(reader: "FolderReader", progress: Progress, cancelled: Cancelled) -> "TodayWork":
    """The same lists through the data folder's file while the store is still being opened (the window's start)."""
    from desktop_app.services.today import early_work

    return early_work(reader)


def load_year_figures(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> "YearFigures":
    """This year's key figures as cards with their charts (the statistics' own)."""
    from desktop_app.services.today import TodayService

    return TodayService(ctx).year_figures()
