"""Field rules every kind of record shares: required text, text length, dates, vocabularies, counts.

A rule returns a Problem (message, the field's label as column, and the rule's name) or None.
The services' forms and the imports call the same rule: the import only adds the row number and
the header text as the file writes it (`at_cell`), so both refuse a value with the same sentence.
Text limits are the String(n) sizes of db/models (tests/domain/test_record_rules.py checks them).
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from desktop_app.domain.errors import Problem
from desktop_app.domain.vocabulary import Vocabulary

DATE_FLOOR = date(1949, 1, 1)


def date_ceiling(today: date | None = None) -> date:
    """The last date a record may carry: the end of next year (plans are entered ahead)."""
    return date((today or date.today()).year + 1, 12, 31)


def _day(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def required(value: object, label: str, rule: str, *, what: str | None = None) -> Problem | None:
    """An empty value where one is needed."""
    if value is None or (isinstance(value, str) and not value.strip()) or value == ():
        return Problem(f"请填写{what or label}。", column=label, rule=f"{rule}.required")
    return None


def text_length(value: str | None, limit: int, label: str, rule: str) -> Problem | None:
    """Text longer than the database column holds."""
    if value and len(value) > limit:
        return Problem(f"{label}太长（{len(value)}个字，最多{limit}个字），请精简。", column=label, rule=f"{rule}.length")
    return None


def date_range(value: date | None, label: str, rule: str, *, today: date | None = None) -> Problem | None:
    """A date between 1949-01-01 and the end of next year."""
    if value is None:
        return None
    ceiling = date_ceiling(today)
    if not DATE_FLOOR <= value <= ceiling:
        return Problem(f"{label}{_day(value)}不在{_day(DATE_FLOOR)}至{_day(ceiling)}之间，请核对。",
                       column=label, rule=f"{rule}.range")
    return None


def vocabulary_choices(vocab: Vocabulary) -> str:
    names = vocab.names
    return "、".join(names) + "之一" if len(names) <= 16 else "、".join(names[:5]) + "等规范名称之一"


def in_vocabulary(value: str | None, vocab: Vocabulary | None, label: str, rule: str) -> Problem | None:
    """A value of a closed vocabulary that is not one of its names or aliases."""
    if not value or vocab is None or vocab.open or vocab.canonical(value) is not None:
        return None
    return Problem(f"{label}“{value}”不在{vocab.label}表中，请改为{vocabulary_choices(vocab)}，或先在设置中添加。",
                   column=label, rule=f"{rule}.vocabulary")


def not_negative(value: int | None, label: str, rule: str) -> Problem | None:
    if value is not None and value < 0:
        return Problem(f"{label}不能为负数。", column=label, rule=f"{rule}.negative")
    return None


def at_cell(problem: Problem, *, row: int | None, column: str | None, sheet: str | None) -> Problem:
    """The form's problem placed at a cell of an imported sheet (same message, same rule)."""
    return replace(problem, row=row, column=column or problem.column, sheet=sheet)


def first(*problems: Problem | None) -> list[Problem]:
    return [p for p in problems if p is not None]
