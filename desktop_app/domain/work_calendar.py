"""Working days by the State Council's yearly holiday schedule (放假调休), for deadlines counted in working days.

A year the schedule does not list counts Monday to Friday.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class WorkCalendar:
    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()  # weekend days worked in exchange (调休上班)
    years: tuple[int, ...] = ()

    def is_working_day(self, day: date) -> bool:
        if day in self.workdays:
            return True
        return day not in self.holidays and day.weekday() < 5

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end`; 0 when end ≤ start."""
        return sum(1 for offset in range(1, (end - start).days + 1) if self.is_working_day(start + timedelta(offset)))

    def merged(self, other: "WorkCalendar") -> "WorkCalendar":
        """This calendar with `other`'s years replacing its own."""
        def keep(days: frozenset[date]) -> frozenset[date]:
            return frozenset(d for d in days if d.year not in other.years)

        return WorkCalendar(keep(self.holidays) | other.holidays, keep(self.workdays) | other.workdays,
                            tuple(sorted(set(self.years) | set(other.years))))


WEEKENDS_ONLY = WorkCalendar()


def parse_work_calendar(data: object) -> WorkCalendar:
    """The calendar from its JSON form; ValueError with a Chinese sentence naming the first bad entry."""
    if not isinstance(data, dict) or not isinstance(data.get("years"), dict):
        raise ValueError("缺少“years”（按年份列出的放假和调休上班日期）。")
    holidays: set[date] = set()
    workdays: set[date] = set()
    years = []
    for year_text, entry in data["years"].items():
        if not str(year_text).isdigit() or not isinstance(entry, dict):
            raise ValueError(f"年份“{year_text}”写法不对，应为 \"2026\": {{\"holidays\": [...], \"workdays\": [...]}}。")
        year = int(year_text)
        for span in entry.get("holidays", []):
            first, last = (_day(span[0], year), _day(span[-1], year)) if isinstance(span, list) and span else (None, None)
            if first is None or last is None or last < first:
                raise ValueError(f"{year} 年的放假日期“{span}”写法不对，应为 [\"{year}-10-01\", \"{year}-10-07\"]。")
            holidays.update(first + timedelta(n) for n in range((last - first).days + 1))
        for text in entry.get("workdays", []):
            day = _day(text, year)
            if day is None:
                raise ValueError(f"{year} 年的调休上班日期“{text}”写法不对，应为 \"{year}-09-28\"。")
            workdays.add(day)
        years.append(year)
    return WorkCalendar(frozenset(holidays), frozenset(workdays), tuple(sorted(years)))


def _day(text: object, year: int) -> date | None:
    try:
        day = date.fromisoformat(str(text))
    except ValueError:
        return None
    return day if day.year == year else None
