"""The holiday schedule the office works by: the shipped years, with the data folder's own file taking precedence."""
from __future__ import annotations

from pathlib import Path

from desktop_app.domain.work_calendar import WorkCalendar, parse_work_calendar
from desktop_app.services.context import ServiceContext
from desktop_app.services.office_files import read_rules_file

FILE_NAME = "work_calendar.json"


def load_work_calendar(ctx: ServiceContext) -> WorkCalendar:
    calendar = _read(ctx.resources / "calendar" / FILE_NAME)
    own = ctx.data.root / FILE_NAME
    return calendar.merged(_read(own)) if own.exists() else calendar


def calendar_note(calendar: WorkCalendar) -> str:
    """What the settings page says of the working days: which years' 放假安排 it knows (in the office's words:
    the file is the technical staff's business, named in the manual, not on the page)."""
    if not calendar.years:
        return "工作日只除去周六、周日（还没有国家的放假安排）。"
    years = "、".join(str(y) for y in calendar.years)
    return (f"工作日按国家的放假安排计算，已有 {years} 年的放假安排；其他年份只除去周六、周日。"
            "新一年的放假安排公布后，可请技术人员补上（见使用说明“设置”一章）。")


def _read(path: Path) -> WorkCalendar:
    return read_rules_file(path, "节假日安排", parse_work_calendar)
