"""Working days by the holiday schedule: weekends, 放假 spans and 调休 workdays; the office's own years win."""
import json
from datetime import date
from pathlib import Path

import pytest

from desktop_app.domain.work_calendar import WEEKENDS_ONLY, parse_work_calendar

SHIPPED = json.loads((Path(__file__).resolve().parents[2] / "resources" / "calendar" / "work_calendar.json")
                     .read_text(encoding="utf-8"))


def test_without_a_schedule_only_weekends_are_left_out():
    friday = date(2025, 3, 7)
    assert WEEKENDS_ONLY.working_days_between(friday, date(2025, 3, 10)) == 1  # Monday
    assert WEEKENDS_ONLY.working_days_between(friday, date(2025, 3, 14)) == 5
    assert WEEKENDS_ONLY.working_days_between(friday, date(2025, 3, 17)) == 6
    assert WEEKENDS_ONLY.working_days_between(friday, friday) == 0


def test_the_shipped_schedule_knows_national_day_2025_and_its_weekend_workdays():
    calendar = parse_work_calendar(SHIPPED)
    assert calendar.years == (2024, 2025, 2026)
    # Assigned Friday 26 September 2025: Sunday 28 September is worked, 1–8 October are off.
    assigned = date(2025, 9, 26)
    assert calendar.working_days_between(assigned, date(2025, 9, 30)) == 3  # 28 (Sun, worked), 29, 30
    assert calendar.working_days_between(assigned, date(2025, 10, 8)) == 3
    assert calendar.working_days_between(assigned, date(2025, 10, 10)) == 5
    assert calendar.working_days_between(assigned, date(2025, 10, 11)) == 6  # Saturday 11 October is worked
    assert WEEKENDS_ONLY.working_days_between(assigned, date(2025, 10, 8)) == 8


@pytest.mark.parametrize("year, spring_festival", [(2024, (date(2024, 2, 10), date(2024, 2, 17))),
                                                   (2025, (date(2025, 1, 28), date(2025, 2, 4))),
                                                   (2026, (date(2026, 2, 15), date(2026, 2, 23)))])
def test_each_shipped_year_has_its_spring_festival(year, spring_festival):
    calendar = parse_work_calendar(SHIPPED)
    first, last = spring_festival
    assert not calendar.is_working_day(first) and not calendar.is_working_day(last)
    assert calendar.is_working_day(date.fromordinal(last.toordinal() + 1))


def test_the_offices_year_replaces_the_shipped_one():
    shipped = parse_work_calendar(SHIPPED)
    own = parse_work_calendar({"years": {"2026": {"holidays": [["2026-03-02", "2026-03-02"]], "workdays": []}}})
    calendar = shipped.merged(own)
    assert not calendar.is_working_day(date(2026, 3, 2))
    assert calendar.is_working_day(date(2026, 2, 16))  # the shipped 2026 Spring Festival is replaced
    assert not calendar.is_working_day(date(2025, 1, 28))  # other years stay


@pytest.mark.parametrize("data, words", [
    ({}, "years"),
    ({"years": {"二〇二六": {}}}, "年份“二〇二六”"),
    ({"years": {"2026": {"holidays": [["2026-10-07", "2026-10-01"]]}}}, "2026 年的放假日期"),
    ({"years": {"2026": {"workdays": ["2025-09-28"]}}}, "2026 年的调休上班日期“2025-09-28”"),
])
def test_a_bad_schedule_is_named_in_one_sentence(data, words):
    with pytest.raises(ValueError, match=words):
        parse_work_calendar(data)
