"""What the ledger kinds share: the data rows column by column, conversions checked by the form's
rules once per distinct value, typed duplicates, pairing with stored records, bulk inserts."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Callable

from desktop_app.domain.errors import Problem
from desktop_app.domain.gatherings import split_names
from desktop_app.domain.normalize import clean_name, clean_text, parse_date, scalar_text
from desktop_app.domain.record_rules import at_cell
from desktop_app.services.ledgers.pipeline import DUPLICATE, Located


@dataclass
class Columns:
    """The data rows of a located sheet (fileio.table_rows decides which rows are data), by column.

    `convert(code, func)` maps a column through `func(value) -> (value, Problem | None)`, once per
    distinct value, and places each problem at its cell (row number and header text as written).
    """

    located: Located
    rows: list[int] = field(default_factory=list)  # Excel row of every data row
    skipped: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    bad: set[int] = field(default_factory=set)  # positions (0-based) of rows with a problem
    _columns: list[tuple] = field(default_factory=list)
    _col_of: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, located: Located, key_field: str | None = None) -> "Columns":
        """`key_field`: a row whose cell of this field holds ordinary text is data (the fast path of
        fileio.table_rows.select_data_rows); other rows are looked at closely."""
        from desktop_app.fileio.table_rows import select_data_rows

        data, rows, skipped = select_data_rows(located.sheet, located.header, key_field=key_field)
        made = cls(located, rows, skipped)
        made._columns = list(zip(*data)) if data else []
        made._col_of = {code: index for index, code in located.header.mapping.items()}
        return made

    def __len__(self) -> int:
        return len(self.rows)

    def has(self, code: str) -> bool:
        return code in self._col_of

    def raw(self, code: str) -> tuple:
        index = self._col_of.get(code, -1)
        return self._columns[index] if 0 <= index < len(self._columns) else (None,) * len(self.rows)

    def header(self, code: str) -> str:
        index = self._col_of.get(code)
        spec = self.located.synonyms.fields.get(code)
        return self.located.header.headers.get(index) or (spec.label if spec else code)

    def add(self, position: int, code: str | None, problem: Problem) -> None:
        self.problems.append(at_cell(problem, row=self.rows[position], column=self.header(code) if code else None,
                                     sheet=self.located.sheet.name))
        self.bad.add(position)

    def mapped(self, code: str, func: Callable[[object], object]) -> list:
        """The column through `func(value) -> value`, a conversion that finds no problem, once per distinct value."""
        column = self.raw(code)
        results = {value: func(value) for value in set(column)}
        return [results[value] for value in column]

    def convert(self, code: str, func: Callable[[object], tuple[object, Problem | None]]) -> list:
        column = self.raw(code)
        cache = {value: func(value) for value in set(column)}
        results = {value: result for value, (result, _) in cache.items()}
        out = [results[value] for value in column]
        faulty = {value for value, (_, problem) in cache.items() if problem is not None}
        if faulty:  # placed row by row, in the order of the rows
            for position, value in enumerate(column):
                if value in faulty:
                    self.add(position, code, cache[value][1])
        return out


def text_cell(value: object) -> str | None:
    return clean_text(value) or None


def name_cell(value: object) -> str | None:
    return clean_name(value) or None


def checked(clean: Callable[[object], object], rule: Callable[[object], Problem | None]):
    """A conversion: the cell cleaned, then checked by the form's rule."""
    def convert(value: object) -> tuple[object, Problem | None]:
        result = clean(value)
        return result, rule(result)

    return convert


def date_cell(rule: Callable[[date | None], Problem | None], label: str):
    """A date cell: unreadable text is a problem; a date is checked by the form's rule (required, range)."""
    def convert(value: object) -> tuple[date | None, Problem | None]:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None, rule(None)
        parsed = parse_date(value)
        if parsed is None:
            return None, Problem(f"“{scalar_text(value)}”不是日期，请写成 2025-03-18 或 2025年3月18日。",
                                 column=label, rule="date.unreadable")
        return parsed, rule(parsed)

    return convert


def count_cell(rule: Callable[[int | None], Problem | None], label: str):
    """A whole number (7, 7.0, '7', '7人'); a negative one is refused by the form's rule."""
    def convert(value: object) -> tuple[int, Problem | None]:
        if value is None or (isinstance(value, str) and not value.strip()):
            return 0, None
        number: int | None = None
        if isinstance(value, bool):
            number = None
        elif isinstance(value, int):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        elif isinstance(value, str):
            text = clean_text(value).rstrip("人条件个次")
            if text.lstrip("-").isdigit():
                number = int(text)
        if number is None:
            return 0, Problem(f"“{scalar_text(value)}”不是整数，请填写整数。", column=label, rule="count.unreadable")
        problem = rule(number)
        return (0 if problem else number), problem

    return convert


def names_cell(value: object) -> tuple[str, ...]:
    return tuple(split_names(value))


def identical_rows(positions: list[int], signature: Callable[[int], tuple], rows: list[int],
                   add: Callable[[int, str | None, Problem], None], what: str, key_code: str | None = None) -> list[int]:
    """Rows that repeat an earlier row exactly (copied twice by mistake) get a problem of the rule
    "duplicate" through `add(position, column code, problem)`; the others are returned."""
    seen: dict[tuple, int] = {}
    kept = []
    for position in positions:
        sig = signature(position)
        first = seen.get(sig)
        if first is not None:
            add(position, key_code, Problem(f"与第{first}行完全相同，是重复的{what}，请删除其中一行。", rule=DUPLICATE))
            continue
        seen[sig] = rows[position]
        kept.append(position)
    return kept


@dataclass
class Found:
    """The problems of one plan: the parse's, and those met matching (names, duplicates)."""

    columns: Columns
    problems: list[Problem] = field(default_factory=list)
    bad: set[int] = field(default_factory=set)
    duplicates: set[int] = field(default_factory=set)

    @classmethod
    def of(cls, columns: Columns) -> "Found":
        return cls(columns, list(columns.problems), set(columns.bad))

    def add(self, position: int, code: str | None, problem: Problem) -> None:
        columns = self.columns
        self.problems.append(at_cell(problem, row=columns.rows[position],
                                     column=columns.header(code) if code else None, sheet=columns.located.sheet.name))
        self.bad.add(position)
        if problem.rule == DUPLICATE:
            self.duplicates.add(position)

    def outcome_of(self, position: int):
        from desktop_app.services.ledgers.pipeline import Outcome

        return Outcome.DUPLICATE if position in self.duplicates else Outcome.REFUSED


def outcomes_against_store(found: Found, unchanged: list[int], updates: list[tuple[int, int, tuple]],
                           content: Callable[[int], tuple], compared: tuple[tuple[str, str], ...], linked: str):
    """Every row's outcome, and for each changed row (by Excel row) the labels of what differs from the stored
    record: the `compared` fields, then `linked` when the linked members differ (or when nothing else does).

    `content(position)` and an update's stored content are (compared values, linked members).
    """
    from desktop_app.services.ledgers.pipeline import Outcome

    outcomes = [Outcome.NEW] * len(found.columns)
    for p in found.bad:
        outcomes[p] = found.outcome_of(p)
    for p in unchanged:
        outcomes[p] = Outcome.UNCHANGED
    changed: dict[int, tuple[str, ...]] = {}
    for p, _, theirs in updates:
        outcomes[p] = Outcome.CHANGED
        mine = content(p)
        labels = [label for (_, label), a, b in zip(compared, mine[0], theirs[0]) if (a or None) != (b or None)]
        if mine[1] != theirs[1]:
            labels.append(linked)
        changed[found.columns.rows[p]] = tuple(labels) or (linked,)
    return outcomes, changed


def pair_with_store(positions: list[int], stored: dict[tuple, list[tuple[int, object]]], *, key, content):
    """Match rows to stored records with the same key: identical ones first, then the rest in order.

    `stored`: key → [(record id, content)], in id order. Returns (to create, [(position, id, stored
    content)] to update, unchanged positions). Two records may share a key (two meetings on one topic a day).
    """
    if not stored:  # nothing stored under any of the keys: every row is new
        return sorted(positions), [], []
    by_key: dict[tuple, list] = {}
    for position in positions:
        by_key.setdefault(key(position), []).append(position)
    create, updates, unchanged = [], [], []
    for k, group in by_key.items():
        free = list(stored.get(k, []))
        rest = []
        for position in group:
            mine = content(position)
            same = next((i for i, (_, c) in enumerate(free) if c == mine), None)
            if same is None:
                rest.append(position)
            else:
                free.pop(same)
                unchanged.append(position)
        for position in rest:
            if free:
                record_id, theirs = free.pop(0)
                updates.append((position, record_id, theirs))
            else:
                create.append(position)
    create.sort()
    updates.sort()
    return create, updates, unchanged


def random_uuids(count: int) -> list[str]:
    """Version-4 UUID strings from one urandom call (10× faster than uuid4() per row), in ascending order: rows
    inserted in that order add to the unique uuid index one after another instead of at random places in it
    (100,000 members: ≈ 0.15 s less)."""
    digits = os.urandom(16 * count).hex()
    return sorted([f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:32]}"
                   for h in (digits[32 * i:32 * i + 32] for i in range(count))])


_VARIANT = {c: "89ab"[int(c, 16) & 3] for c in "0123456789abcdef"}  # RFC 4122: the variant's two high bits are 10


def indexes_set_aside(s, model, names: tuple[str, ...], adding: int) -> list:
    """Before a large insert into SQLite, drop these indexes of the table and hand them back to be built again
    after the insert (in the same transaction): sorting the rows once costs less than inserting them into each
    index one by one (the attendance's (member, status): 200,000 rows, a third; the activities' date and home;
    a roster's ID number and name-and-birth indexes).
    Only when the rows added outnumber those already there."""
    if adding < 10_000 or s.connection().dialect.name != "sqlite":
        return []
    from sqlalchemy import func, select

    if (s.scalar(select(func.count()).select_from(model)) or 0) > adding:
        return []
    indexes = [i for i in model.__table__.indexes if i.name in names]
    for index in indexes:
        index.drop(s.connection())
    return indexes


def timestamp_text() -> str:
    """Now (UTC) as SQLAlchemy's DateTime stores it in SQLite, for driver-level inserts."""
    from db.base import utc_now

    return utc_now().isoformat(sep=" ", timespec="microseconds")


def _sqlite_value(value):
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return value


def driver_insert(s, table: str, columns: tuple[str, ...], params: list[tuple]) -> None:
    """One DB-API executemany of plain tuples: SQLAlchemy's per-row processing costs more than the insert itself.

    Dates go to SQLite as ISO text, the form SQLAlchemy's Date type stores there.
    """
    if not params:
        return
    connection = s.connection()
    dialect = connection.dialect
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    if dialect.name == "sqlite":
        dated = [i for i in range(len(columns))
                 if isinstance(next((row[i] for row in params if row[i] is not None), None), date)]
        if dated:
            converted = []
            for row in params:
                row = list(row)
                for i in dated:
                    row[i] = _sqlite_value(row[i])
                converted.append(tuple(row))
            params = converted
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"
    connection.exec_driver_sql(sql, params)
