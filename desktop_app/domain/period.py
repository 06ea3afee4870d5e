"""A reporting period: a calendar year, a session-to-session span, or any date range."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from desktop_app.domain.errors import ValidationError


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    label: str
    # One sentence the user should read about how the period was fixed (a session without an opening date
    # counted from its first proposal); empty when there is nothing to say. Not part of the period's identity.
    note: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError(f"时间段的结束日期 {self.end} 早于开始日期 {self.start}，请检查。")

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(date(year, 1, 1), date(year, 12, 31), f"{year}年")

    def as_dict(self) -> dict:
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}


def parse_session_code(code: str) -> tuple[int, int]:
    """'14-4' → (14, 4): term and session number."""
    try:
        term, number = (int(part) for part in code.replace("—", "-").split("-"))
    except ValueError:
        raise ValidationError(f"会次“{code}”的格式不对，应写成“届次-会次”，例如 14-4。") from None
    if term < 1 or not 1 <= number <= 9:
        raise ValidationError(f"会次“{code}”不存在，届次应为正整数、会次应为 1 到 5，例如 14-4。")
    return term, number


def format_rate(numerator: int, denominator: int) -> str:
    """A rate as a report prints it: at most two decimals, no trailing zeros; '—' for 0/0."""
    return percent_text(_percent(numerator, denominator) if denominator else None)


def percent_text(value: Decimal | float | None) -> str:
    """A percentage already rounded to two decimals (e.g. a `stats --json` rate) as printed: 84.98%, 100%, —."""
    if value is None:
        return "—"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{text}%"


def _percent(numerator: int, denominator: int) -> Decimal:
    # Decimal with half-up rounding: 1/8 → 12.5, 2/3 → 66.67, as people round by hand.
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def rate_value(numerator: int, denominator: int) -> float | None:
    """A rate for JSON: percentage rounded to two decimals, or None for a zero denominator."""
    if not denominator:
        return None
    return float(_percent(numerator, denominator))


def percent_column(values: "list[Decimal | float | None] | tuple[Decimal | float | None, ...]") -> list[str]:
    """Rates (percentages rounded to two decimals, as rate_value gives them) printed for one table column.

    A column reads with one precision: every rate whole (5%, 100%) when all of them are whole, otherwise
    every rate with two decimals (5.00%, 4.44%). None (a rate over nothing) is `—`.
    """
    known = [Decimal(str(v)) for v in values if v is not None]
    whole = all(v == v.to_integral_value() for v in known)
    return ["—" if v is None else (f"{Decimal(str(v)):.0f}%" if whole else f"{Decimal(str(v)):.2f}%") for v in values]


def share_column(counts: "list[int] | tuple[int, ...]", whole: int) -> list[str]:
    """Each count's share of `whole`, as one table column (see percent_column)."""
    return percent_column([rate_value(count, whole) for count in counts])
