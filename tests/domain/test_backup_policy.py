from datetime import datetime, timedelta

from desktop_app.domain.backup_policy import backups_to_keep


def test_the_newest_of_each_recent_day_and_month_is_kept():
    start = datetime(2025, 1, 1, 9, 0)
    stamps = [start + timedelta(days=d, hours=h) for d in range(400) for h in (0, 8)]  # two a day for 400 days
    keep = backups_to_keep(stamps, daily=30, monthly=12)
    days = {s.date() for s in keep}
    last = stamps[-1]
    # the last 30 days: one each, the evening one; the latest day keeps its morning one too
    recent = [last.date() - timedelta(days=d) for d in range(30)]
    assert all(d in days for d in recent)
    assert sorted(s for s in keep if s.hour != 17) == [last - timedelta(hours=8)]
    # 400 days from 1 January 2025 end on 4 February 2026; the 30 days run from 6 January 2026, so they hold the
    # newest backups of February and January 2026. The 12 months reach back to March 2025: 10 more backups.
    assert last.date().isoformat() == "2026-02-04"
    months = {(s.year, s.month) for s in keep}
    assert len(months) == 12 and min(months) == (2025, 3)
    assert len(keep) == 30 + 10 + 1


def test_nothing_to_keep_from_nothing_and_zero_counts_keep_nothing():
    assert backups_to_keep([]) == set()
    assert backups_to_keep([datetime(2025, 1, 1)], daily=0, monthly=0) == set()


def test_every_backup_of_the_latest_day_is_kept_and_older_days_keep_their_newest():
    first_write, closing = datetime(2025, 12, 6, 8, 30), datetime(2025, 12, 6, 17, 45)
    yesterday_morning, yesterday_evening = datetime(2025, 12, 5, 8, 0), datetime(2025, 12, 5, 18, 0)
    keep = backups_to_keep([first_write, closing, yesterday_morning, yesterday_evening], daily=30, monthly=0)
    assert keep == {first_write, closing, yesterday_evening}
