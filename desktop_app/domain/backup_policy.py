"""Which automatic backups to keep: every one of the latest day, the newest of each of the last N days, and of each
of the last M months."""
from __future__ import annotations

from datetime import datetime


def backups_to_keep(stamps: list[datetime], *, daily: int = 30, monthly: int = 12) -> set[datetime]:
    """The stamps to keep: per day the newest, for the `daily` most recent days that have a backup, and per month
    the newest, for the `monthly` most recent months; and every backup of the latest day, so that the copy made at
    the day's first write (the state before the day's work) survives the one made when the window closes.
    Nothing else is kept; an empty list keeps nothing."""
    newest_of_day: dict[tuple[int, int, int], datetime] = {}
    newest_of_month: dict[tuple[int, int], datetime] = {}
    for stamp in stamps:
        day, month = (stamp.year, stamp.month, stamp.day), (stamp.year, stamp.month)
        if stamp > newest_of_day.get(day, datetime.min):
            newest_of_day[day] = stamp
        if stamp > newest_of_month.get(month, datetime.min):
            newest_of_month[month] = stamp
    keep = {newest_of_day[d] for d in sorted(newest_of_day, reverse=True)[:max(daily, 0)]}
    keep |= {newest_of_month[m] for m in sorted(newest_of_month, reverse=True)[:max(monthly, 0)]}
    if daily > 0 and stamps:
        latest = max(stamps).date()
        keep |= {stamp for stamp in stamps if stamp.date() == latest}
    return keep
