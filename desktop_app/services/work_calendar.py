"""The holiday schedule the office works by: the shipped years, with the data folder's own file taking precedence."""
from __future__ import annotations

import json
from pathlib import Path

from desktop_app.domain.errors import InputFileProblem
from desktop_app.domain.work_calendar import WorkCalendar, parse_work_calendar
from desktop_app.services.context import ServiceContext

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
    try:
        return parse_work_calendar(json.loads(path.read_text(encoding="utf-8-sig")))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputFileProblem(f"读不出节假日安排“{path}”，请检查该文件。") from exc
    except (json.JSONDecodeError, ValueError) as exc:
        reason = str(exc) if not isinstance(exc, json.JSONDecodeError) else f"第 {exc.lineno} 行不是正确的 JSON。"
        raise InputFileProblem(f"节假日安排“{path}”有误：{reason}请改正或删除该文件。") from exc
