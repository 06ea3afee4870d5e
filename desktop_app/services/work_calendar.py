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
    """One sentence for the settings page: which years' holidays the working days leave out."""
    if not calendar.years:
        return "工作日只除去周六、周日（没有节假日安排）。"
    years = "、".join(str(y) for y in calendar.years)
    return (f"工作日按国家节假日安排计算（已含 {years} 年；其他年份只除去周六、周日）。"
            f"新一年的安排可写入数据文件夹中的 {FILE_NAME}。")


def _read(path: Path) -> WorkCalendar:
    return read_rules_file(path, "节假日安排", parse_work_calendar)
