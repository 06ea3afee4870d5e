"""Periods and rates as reports print them and as `stats --json` gives them."""
from __future__ import annotations

from datetime import date

import pytest

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.period import Period, format_rate, parse_session_code, rate_value


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        (464, 546, "84.98%"),
        (1, 1, "100%"),
        (0, 0, "—"),
        (0, 5, "0%"),
        (1, 8, "12.5%"),
        (2, 3, "66.67%"),
        (1, 3, "33.33%"),
        (3, 4, "75%"),
        (1, 200, "0.5%"),
        (1, 40000, "0%"),  # 0.0025 % rounds half-up to 0.00 → printed without trailing zeros
        (1, 400, "0.25%"),
    ],
)
def test_format_rate_prints_at_most_two_decimals_without_trailing_zeros(numerator, denominator, expected):
    assert format_rate(numerator, denominator) == expected


def test_format_rate_rounds_half_up_like_people_do():
    # 1/160 = 0.625 % exactly: banker's rounding would give 0.62, a person writes 0.63.
    assert format_rate(1, 160) == "0.63%"
    assert format_rate(5, 8000) == "0.06%"  # 0.0625 → 0.06 (only two decimals are kept, then half-up)


def test_rate_value_is_a_percentage_number_or_none():
    assert rate_value(464, 546) == 84.98
    assert rate_value(1, 1) == 100.0
    assert rate_value(0, 7) == 0.0
    assert rate_value(1, 160) == 0.63
    assert rate_value(0, 0) is None
    assert rate_value(3, 0) is None
    assert isinstance(rate_value(2, 3), float)


@pytest.mark.parametrize(
    ("code", "expected"),
    [("14-4", (14, 4)), ("15-1", (15, 1)), ("14—4", (14, 4)), ("9-5", (9, 5))],
)
def test_parse_session_code(code, expected):
    assert parse_session_code(code) == expected


@pytest.mark.parametrize("code", ["14", "14-", "abc", "14-4-1", "0-1", "14-0", "十四-四", ""])
def test_parse_session_code_refuses_with_a_chinese_sentence(code):
    with pytest.raises(ValidationError) as caught:
        parse_session_code(code)
    assert "会次" in caught.value.message
    assert "14-4" in caught.value.message  # says how to write it


def test_year_period_and_its_json():
    period = Period.year(2025)
    assert (period.start, period.end) == (date(2025, 1, 1), date(2025, 12, 31))
    assert period.as_dict() == {"from": "2025-01-01", "to": "2025-12-31"}
    assert period.label == "2025年"


def test_a_period_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValidationError) as caught:
        Period(date(2025, 3, 1), date(2025, 2, 1), "错")
    assert "早于" in caught.value.message


def test_percent_text_prints_a_rounded_rate_as_format_rate_does():
    from desktop_app.domain.period import format_rate, percent_text, rate_value

    assert format_rate(1, 800) == "0.13%"  # half-up; Python's float formatting would print 0.12%
    assert percent_text(rate_value(1, 800)) == "0.13%"
    assert percent_text(rate_value(464, 546)) == format_rate(464, 546) == "84.98%"
    assert percent_text(100.0) == "100%" and percent_text(None) == "—"


def test_a_table_column_of_rates_has_one_precision():
    from desktop_app.domain.period import percent_column, share_column

    assert share_column([9, 8, 2], 180) == ["5.00%", "4.44%", "1.11%"]
    assert share_column([1, 1, 2], 4) == ["25%", "25%", "50%"]
    assert percent_column([50.0, None, 12.5]) == ["50.00%", "—", "12.50%"]
    assert share_column([], 0) == [] and share_column([0], 0) == ["—"]
