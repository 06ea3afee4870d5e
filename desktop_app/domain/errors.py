"""Typed errors. Each carries a Chinese sentence for people; the UI and CLI show `message`.

Only the standard library is used here so every layer can raise and catch these.
"""
from __future__ import annotations

from dataclasses import dataclass, field


class DeskError(Exception):
    """Base of every expected error: `message` is one Chinese sentence for the user."""

    exit_code = 2

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Problem:
    """One problem found in input data, located as precisely as we know it."""

    message: str
    row: int | None = None  # sheet row number as Excel shows it (1-based)
    column: str | None = None  # the column's header text as the user wrote it
    sheet: str | None = None
    # The rule that found it (e.g. "member.name.length", "duplicate"): the form and the import name the same rule.
    rule: str | None = field(default=None, compare=False)

    def describe(self) -> str:
        where = []
        if self.sheet:
            where.append(f"工作表“{self.sheet}”")
        if self.row is not None:
            where.append(f"第{self.row}行")
        if self.column and f"“{self.column}”" not in self.message:  # the message may name it already
            where.append(f"“{self.column}”列")
        prefix = "".join(where)
        return f"{prefix}：{self.message}" if prefix else self.message


class ValidationError(DeskError):
    """The data was refused; `problems` lists every problem found (exit code 1)."""

    exit_code = 1

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems: list[Problem] = list(problems or [])


class NotFound(DeskError):
    """A record the user referred to does not exist."""


class Conflict(DeskError):
    """The action clashes with the current data (duplicate, changed by someone else, illegal step)."""

    exit_code = 1


class PlanChanged(Conflict):
    """An import's plan, made again inside the write transaction, differs from the preview the user saw.

    `difference` is one Chinese sentence saying what changed; `plan` is the new plan (import it, or look again).
    Nothing was written.
    """

    def __init__(self, difference: str, plan: object):
        super().__init__(f"导入前数据库已被修改：{difference}未导入任何数据，请核对新的预览后再导入。")
        self.difference = difference
        self.plan = plan


class IllegalTransition(Conflict):
    """A workflow step that is not allowed in the record's current state."""


class EnvironmentProblem(DeskError):
    """The computer got in the way: file locked, unreadable, disk full, database too new."""


class InputFileProblem(EnvironmentProblem):
    """A file the user chose cannot be read as what it should be (exit code 2)."""


@dataclass
class Cancelled(Exception):
    """The user cancelled a long task; nothing was changed."""

    message: str = field(default="操作已取消，数据未作任何更改。")
