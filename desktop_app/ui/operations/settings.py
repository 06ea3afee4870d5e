"""设置 actions: read the office's settings and vocabularies, save them (every write announced)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from PySide6.QtWidgets import QWidget

from desktop_app.ui.desk import Cancelled, Desk, Progress
from desktop_app.ui.tasks import Task

if TYPE_CHECKING:
    from desktop_app.domain.vocabulary import Vocabulary
    from desktop_app.services.auto_backup import BackupEntry
    from desktop_app.services.changes import Changes
    from desktop_app.services.context import ServiceContext
    from desktop_app.services.settings import OfficeSettings


@dataclass(frozen=True)
class Settings:
    """The office's settings, its vocabularies (by key) and what the program knows of the holiday calendar."""

    office: "OfficeSettings"
    vocabularies: dict[str, "Vocabulary"] = field(default_factory=dict)
    calendar_note: str = ""


def load_settings(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> Settings:
    from desktop_app.services.settings import SettingsService

    service = SettingsService(ctx)
    return Settings(service.office(), service.vocabularies(), service.work_calendar_note())


def load_first_start(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> tuple["OfficeSettings", bool]:
    """The office settings, and whether the window should greet a first start (no settings and no data)."""
    from desktop_app.services.settings import SettingsService

    return SettingsService(ctx).first_start()


def save_office(desk: Desk, *, parent: QWidget, office: "OfficeSettings", on_done: Callable[["Changes"], None],
                on_failed: Callable[[BaseException], None] | None = None) -> Task | None:
    """保存设置 (the county, committee, current term and session, periods, fonts): announced, then `on_done`."""

    def run(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> "Changes":
        from desktop_app.services.settings import SettingsService

        return SettingsService(ctx).save_office(office)

    def done(changes: "Changes") -> None:
        desk.announce(changes)
        on_done(changes)

    return desk.run(run, title="保存设置", parent=parent, writer=True, on_done=done, on_failed=on_failed)


def save_vocabulary(desk: Desk, *, parent: QWidget, vocabulary: "Vocabulary",
                    on_done: Callable[["Changes"], None]) -> Task | None:
    """保存词表: the entries, their aliases and which are offered."""

    def run(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> "Changes":
        from desktop_app.services.settings import SettingsService

        return SettingsService(ctx).save_vocabulary(vocabulary)

    def done(changes: "Changes") -> None:
        desk.announce(changes)
        on_done(changes)

    return desk.run(run, title="保存词表", parent=parent, writer=True, on_done=done)


# ----- 设置 → 备份 -----
@dataclass(frozen=True)
class Backups:
    """The office's settings (its keep rule) and every backup in the data folder, newest first."""

    office: "OfficeSettings"
    entries: list["BackupEntry"] = field(default_factory=list)


def load_backups(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> Backups:
    from desktop_app.services.auto_backup import AutoBackupService
    from desktop_app.services.settings import SettingsService

    return Backups(SettingsService(ctx).office(), AutoBackupService(ctx).list_backups())


def save_auto_backup(desk: Desk, *, parent: QWidget, daily: int, monthly: int,
                     on_done: Callable[["Changes"], None]) -> Task | None:
    """保存备份设置: how many automatic backups the office keeps (shared by every PC); announced, then `on_done`."""

    def run(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> "Changes":
        from desktop_app.services.settings import SettingsService

        return SettingsService(ctx).save_auto_backup(daily=daily, monthly=monthly)

    def done(changes: "Changes") -> None:
        desk.announce(changes)
        on_done(changes)

    return desk.run(run, title="保存备份设置", parent=parent, writer=True, on_done=done)
