"""What a chart shows, as data: made here from the figures (never counted again), drawn by the window.

A `ChartData` names the kind of chart and carries its labels and values; the window draws it with
fileio/charts.py off the GUI thread. Nothing here imports matplotlib or Qt.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop_app.domain.period import Period

BAR, HBAR, PIE, LINE = "bar", "hbar", "pie", "line"
MAX_MONTHS = 24  # a longer span is charted by year: 120 monthly bars read as noise
MAX_BARS = 12  # a ranking shows the first twelve


@dataclass(frozen=True)
class ChartData:
    key: str  # stable name, e.g. "proposals.categories" (tests and file names)
    title: str  # the caption, with the unit: 立案提案按类别（件）
    kind: str  # BAR, HBAR, PIE or LINE
    labels: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]  # (name, one value per label); one series except LINE
    unit: str = ""  # printed after each value on bars
    empty_text: str = ""  # said instead of the chart when every value is zero

    @property
    def values(self) -> tuple[float, ...]:
        return self.series[0][1] if self.series else ()

    @property
    def empty(self) -> bool:
        return not any(value for _, values in self.series for value in values)

    @property
    def rows(self) -> int:
        """How many bars a horizontal chart stacks (its height follows)."""
        return len(self.labels)


def month_keys(period: Period) -> tuple[str, ...]:
    """"2025-01" … for every month the period touches."""
    keys, year, month = [], period.start.year, period.start.month
    while date(year, month, 1) <= period.end:
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(keys)


def single(key: str, title: str, kind: str, counts: dict[str, int] | list[tuple[str, int]], *, unit: str = "",
           empty_text: str = "", name: str = "") -> ChartData:
    pairs = list(counts.items()) if isinstance(counts, dict) else list(counts)
    return ChartData(key, title, kind, tuple(label for label, _ in pairs),
                     ((name or title, tuple(float(value) for _, value in pairs)),), unit, empty_text)


def monthly(key: str, title: str, months: tuple[str, ...], by_month: dict[str, int], *, unit: str,
            empty_text: str) -> ChartData:
    """Bars per month of the period (a month without records is 0); per year when the span is long."""
    if len(months) > MAX_MONTHS:
        years: dict[str, int] = {}
        for month in months:
            years[f"{month[:4]}年"] = years.get(f"{month[:4]}年", 0) + by_month.get(month, 0)
        return single(key, title.replace("每月", "每年"), BAR, years, unit=unit, empty_text=empty_text)
    several_years = len({month[:4] for month in months}) > 1
    labels = [(f"{month[2:4]}年{int(month[5:])}月" if several_years else f"{int(month[5:])}月") for month in months]
    return single(key, title, BAR, list(zip(labels, (by_month.get(month, 0) for month in months))), unit=unit,
                  empty_text=empty_text)


def ranked(key: str, title: str, counts: dict[str, int] | list[tuple[str, int]], *, unit: str,
           empty_text: str, limit: int = MAX_BARS, title_when_cut: str = "") -> ChartData:
    """The largest first, zeros left out, at most `limit` bars (horizontal: long names read whole).

    When there are more, the chart is the first `limit` and says so with `title_when_cut` ("{n}" is the limit);
    the table beside it lists them all."""
    pairs = [(label, value) for label, value in (counts.items() if isinstance(counts, dict) else counts) if value]
    pairs.sort(key=lambda pair: -pair[1])
    if len(pairs) > limit and title_when_cut:
        title = title_when_cut.format(n=limit)
    return single(key, title, HBAR, pairs[:limit], unit=unit, empty_text=empty_text)
