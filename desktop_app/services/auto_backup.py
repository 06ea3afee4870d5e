"""Automatic backups: on the first write of a day and when the window closes, kept by the office's rule.

They are ordinary backups (services.backup) named `自动备份-YYYYMMDD-HHMMSS.zip` in the data folder's
backups/; only those are ever pruned — a backup made by hand or before a restore or an upgrade stays.
A second copy can go to a folder the office chooses on each PC (a USB stick, a network share).
"""
from __future__ import annotations

import contextlib
import re
import shutil
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from desktop_app.domain.backup_policy import backups_to_keep
from desktop_app.services.context import ServiceContext

PREFIX = "自动备份-"
KEEP_BEFORE_IMPORT = 10  # copies of the database taken before imports
_STAMP = re.compile(r"(\d{8}-\d{6})")
_KINDS = (("自动备份-", "自动备份"), ("恢复前自动备份-", "恢复前自动备份"), ("恢复前原样副本-", "恢复前原样副本"),
          ("备份-", "手动备份"), ("before-upgrade-", "升级前自动备份"), ("before-import-", "导入前自动备份"))


@dataclass(frozen=True)
class BackupEntry:
    path: Path
    kind: str  # 自动备份 / 手动备份 / 恢复前自动备份 / 升级前自动备份 …
    made_at: datetime | None
    size: int

    @property
    def restorable(self) -> bool:
        return self.path.suffix == ".zip" and self.kind != "恢复前原样副本"


def _stamp(name: str) -> datetime | None:
    match = _STAMP.search(name)
    if not match:
        return None
    try:
        return datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
    except ValueError:
        return None


def _kind(name: str) -> str:
    for prefix, label in _KINDS:
        if name.startswith(prefix):
            return label
    return "其他"


class AutoBackupService:
    def __init__(self, ctx: ServiceContext):
        self._ctx = ctx

    @property
    def folder(self) -> Path:
        return self._ctx.data.backups

    def list_backups(self) -> list[BackupEntry]:
        """Every backup in the data folder, newest first."""
        if not self.folder.is_dir():
            return []
        entries = []
        for path in self.folder.iterdir():
            if path.is_file() and path.suffix in (".zip", ".sqlite3"):
                stat = path.stat()
                entries.append(BackupEntry(path, _kind(path.name), _stamp(path.name) or datetime.fromtimestamp(stat.st_mtime),
                                           stat.st_size))
        return sorted(entries, key=lambda e: e.made_at or datetime.min, reverse=True)

    def space_used(self) -> int:
        return sum(entry.size for entry in self.list_backups())

    def due(self, today: date | None = None) -> bool:
        """No automatic backup made today yet (the first write of a day makes one)."""
        today = today or date.today()
        return not any(e.kind == "自动备份" and e.made_at and e.made_at.date() == today for e in self.list_backups())

    def run(self, *, second_folder: Path | None = None, daily: int | None = None, monthly: int | None = None,
            now: datetime | None = None) -> Path:
        """Make an automatic backup, copy it to `second_folder` when given, then prune by the office's rule."""
        from desktop_app.services.backup import BackupService
        from desktop_app.services.settings import SettingsService

        office = SettingsService(self._ctx).office()
        now = now or datetime.now()
        out = self.folder / f"{PREFIX}{now:%Y%m%d-%H%M%S}.zip"
        for again in range(2, 100):  # two in one second (a write, then closing at once) must not overwrite
            if not out.exists():
                break
            out = self.folder / f"{PREFIX}{now:%Y%m%d-%H%M%S}-{again}.zip"
        path = BackupService(self._ctx).backup(out).path
        if second_folder is not None:
            self._copy(path, Path(second_folder))
        self.prune(daily=office.auto_backup_daily if daily is None else daily,
                   monthly=office.auto_backup_monthly if monthly is None else monthly)
        return path

    def _copy(self, path: Path, folder: Path) -> None:
        from desktop_app.domain.errors import EnvironmentProblem

        try:
            folder.mkdir(parents=True, exist_ok=True)
            partial = folder / (path.name + ".part")
            shutil.copyfile(path, partial)
            partial.replace(folder / path.name)
        except OSError as exc:
            with contextlib.suppress(OSError, UnboundLocalError):
                partial.unlink()
            raise EnvironmentProblem(f"备份已保存在数据文件夹，但无法复制到“{folder}”（{exc.strerror or exc}）。"
                                     "请检查U盘或网络文件夹是否可用。") from exc

    def prune(self, *, daily: int, monthly: int) -> list[Path]:
        """Delete the automatic backups the rule does not keep, and all but the newest copies taken before
        imports; returns what was deleted. Backups made by hand, before a restore or an upgrade stay."""
        entries = self.list_backups()
        automatic = [e for e in entries if e.kind == "自动备份" and e.made_at]
        keep = backups_to_keep([e.made_at for e in automatic], daily=daily, monthly=monthly)
        before_import = [e for e in entries if e.kind == "导入前自动备份"]  # newest first
        doomed = [e for e in automatic if e.made_at not in keep] + before_import[KEEP_BEFORE_IMPORT:]
        removed = []
        for entry in doomed:
            with contextlib.suppress(OSError):
                entry.path.unlink()
                removed.append(entry.path)
        return removed
