"""Automatic backups: made once a day, pruned by the office's rule, copied to a second folder; others untouched."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from desktop_app.services.auto_backup import AutoBackupService
from desktop_app.services.backup import BackupService
from desktop_app.services.members import MemberInput, MembersService


def test_first_write_of_a_day_and_pruning(store, tmp_path):
    MembersService(store).add(MemberInput(name="王芳"))
    service = AutoBackupService(store)
    assert service.due(date(2025, 3, 1))
    manual = BackupService(store).backup().path  # made by hand: never pruned
    start = datetime(2025, 1, 1, 18, 0)
    for day in range(40):
        service.run(now=start + timedelta(days=day), daily=7, monthly=3, second_folder=tmp_path / "U盘")
    kept = [e for e in service.list_backups() if e.kind == "自动备份"]
    # the last 7 days (4–9 February) and the newest of January (31 January); February's newest is among the 7
    assert sorted(e.made_at.date() for e in kept) == [date(2025, 1, 31)] + [date(2025, 2, d) for d in range(3, 10)]
    assert manual.exists()
    assert len(list((tmp_path / "U盘").glob("自动备份-*.zip"))) == 40  # the second copy is the office's to manage
    assert not service.due(date(2025, 2, 9)) and service.due(date(2025, 2, 10))
    assert service.space_used() == sum(e.size for e in service.list_backups())
    assert BackupService(store).verify_backup(kept[0].path)["program"] == "cppcc-desk"
