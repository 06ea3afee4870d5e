"""Rules for a 社情民意信息's fields: the opinion form and the opinion ledger import call these.

Limits are the String(n) sizes of db/models/opinions.py (Opinion).
"""
from __future__ import annotations

from datetime import date

from desktop_app.domain.errors import Problem
from desktop_app.domain.record_rules import date_range, required, text_length

TITLE_MAX, ISSUE_MAX = 300, 30


def title_problem(value: str | None) -> Problem | None:
    return required(value, "标题", "opinion.title") or text_length(value, TITLE_MAX, "标题", "opinion.title")


def received_on_problem(value: date | None, *, today: date | None = None) -> Problem | None:
    return (required(value, "收稿日期", "opinion.received_on")
            or date_range(value, "收稿日期", "opinion.received_on", today=today))


def issue_problem(value: str | None) -> Problem | None:
    return text_length(value, ISSUE_MAX, "编报期号", "opinion.bulletin_issue")


def check_opinion_fields(data, *, today: date | None = None) -> list[Problem]:
    """Every problem with one opinion's values; `data` has title, received_on and bulletin_issue."""
    found = [title_problem(data.title), received_on_problem(data.received_on, today=today),
             issue_problem(data.bulletin_issue)]
    return [p for p in found if p is not None]
