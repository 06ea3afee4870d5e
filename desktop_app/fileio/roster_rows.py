"""Turning the rows of a roster sheet (委员花名册) into clean RosterRow values and a list of problems.

No database: matching rows against existing members and committing is the import service's
job. This module reads one sheet with a known header mapping, normalises every value,
checks what can be checked inside the file, and says where each problem is (the row number
as Excel shows it and the column's header text).

Rules:
* blank rows, section rows (`一、中共界`), repeated header rows and totals/notes rows
  (`合计：180人`, `备注：…`, `注：`, `制表人…`) are skipped without complaint;
* 工作单位 and 职务 stay separate only when the sheet has separate columns; a combined
  工作单位及职务 column goes whole into `work_unit`;
* an empty 出生年月 is filled from a valid ID number; a number cell 1975.1 read as October
  takes January when the ID number says January (see domain.normalize);
* duplicates within the file: the same ID number, else the same name and birth month
  (when at most one of the two rows has an ID number); the later row gets a problem whose
  rule is "duplicate";
* every value is checked by the member form's own rules (domain.member_rules), called once
  per distinct value of a column, so the import refuses exactly what the form refuses.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field, fields
from itertools import repeat
from typing import Callable, Iterable, Mapping

from datetime import date

from desktop_app.domain import member_rules
from desktop_app.domain.errors import Problem
from desktop_app.domain.normalize import (
    ambiguous_october,
    clean_name,
    clean_text,
    id_birth,
    normalize_id_number,
    parse_bool_cn,
    parse_year_month,
    plain_valid_ids,
)
from desktop_app.domain.record_rules import at_cell, in_vocabulary
from desktop_app.domain.vocabulary import Vocabulary
from desktop_app.fileio.headers import HeaderGuess
from desktop_app.fileio.spreadsheet import Sheet, gc_paused
from desktop_app.fileio.table_rows import ParsedRows, select_data_rows, split_list


@dataclass(frozen=True)
class RosterRow:
    """One member as the sheet describes them, normalised; `sheet_row` is the Excel row number."""

    sheet_row: int
    name: str
    gender: str | None = None
    ethnicity: str | None = None
    birth_year: int | None = None
    birth_month: int | None = None
    native_place: str | None = None
    political_status: str | None = None
    sector: str | None = None
    education: str | None = None
    work_unit: str | None = None
    position: str | None = None
    phone: str | None = None
    id_number: str | None = None
    address: str | None = None
    is_standing: bool = False
    committees: tuple[str, ...] = ()
    home: str | None = None
    linked_villages: tuple[str, ...] = ()
    status: str | None = None
    notes: str | None = None
    extra: tuple[tuple[str, str], ...] = ()  # columns no field claimed: (header text, value)
    raw: tuple[object, ...] = ()  # the row's cells as read

    def values(self) -> dict[str, object]:
        """Every normalised field (no sheet row, no raw cells): what two files with the same people share."""
        data = asdict(self)
        del data["sheet_row"], data["raw"]
        return data


_ROW_DEFAULTS = {f.name: f.default for f in fields(RosterRow)}


@dataclass
class RosterParse(ParsedRows):
    """What parse_roster found: rows (with or without problems), problems, and rows it skipped."""

    rows: list[RosterRow]
    problems: list[Problem]
    skipped_rows: list[int] = field(default_factory=list)  # Excel rows: blank, totals, notes, section titles
    hidden_rows: list[int] = field(default_factory=list)  # Excel rows of parsed rows hidden in Excel
    header: HeaderGuess | None = None


# ----------------------------------------------------------------------------- helpers

_TEXT_FIELDS = ("native_place", "work_unit_and_position", "work_unit", "position", "address", "home", "notes")
_VOCAB_FIELDS = ("gender", "ethnicity", "political_status", "sector", "education", "status")
_VOCAB_KEYS = {"status": "member_status"}
_FIELD_LABELS = {"name": "姓名"}
DUPLICATE = "duplicate"  # the rule of a row repeating an earlier row of the file
# An 11-digit mobile number (ASCII digits), which member_rules.phone_rule accepts: checked without calling it.
_MOBILE = re.compile("1[3-9][0-9]{9}")


# ------------------------------------------------------------------------------- parse

def _map_cached(func: Callable[[object], object], column: tuple) -> list:
    """func applied to every cell, once per distinct value (rosters repeat 汉族, 中共党员 … thousands of times)."""
    cache = {v: func(v) for v in set(column)}
    return list(map(cache.__getitem__, column))


def _is_blank(value: object) -> bool:
    return value is None or (value.__class__ is str and not value.strip())


def _ym_or_problem(value: object) -> tuple[int, int] | None | bool:
    """(year, month); None for a blank cell; False when the value cannot be read."""
    if _is_blank(value):
        return None
    return parse_year_month(value) or False


def _vocab_value(vocab: Vocabulary, header: str) -> Callable[[object], tuple[str | None, Problem | None]]:
    def convert(value: object) -> tuple[str | None, Problem | None]:
        text = clean_text(value)
        if not text:
            return None, None
        canonical = vocab.canonical(text)
        if canonical is not None:
            return canonical, None
        if vocab.open:
            return text, None
        return text, in_vocabulary(text, vocab, "状态", "member.status")

    return convert


def _member_vocab_value(code: str, vocabularies: Mapping[str, Vocabulary]) -> Callable[[object], tuple[str | None, Problem | None]]:
    """A form field with a vocabulary: the canonical name, checked by the form's rules."""
    vocab = vocabularies.get(member_rules.VOCABULARY_FIELDS[code][0])

    def convert(value: object) -> tuple[str | None, Problem | None]:
        text = clean_text(value)
        if not text:
            return None, None
        canonical = vocab.canonical(text) if vocab is not None else None
        text = canonical or text
        return text, (member_rules.vocabulary_problem(code, text, vocabularies)
                      or member_rules.text_problem(code, text))

    return convert


def _list_value(vocab: Vocabulary | None) -> Callable[[object], tuple[str, ...]]:
    def convert(value: object) -> tuple[str, ...]:
        parts = split_list(value)
        if vocab is not None:
            parts = tuple(dict.fromkeys(vocab.canonical(p) or p for p in parts))
        return parts

    return convert


def _id_value(value: object) -> tuple[str | None, Problem | None, bool]:
    """(ID text, problem, valid?)."""
    if value.__class__ is str and len(value) == 18 and value.isascii() and value.isdigit():  # already clean
        problem = member_rules.id_problem(value)
        return value, problem, problem is None
    text, message = normalize_id_number(value)
    if message is not None:
        return text, Problem(message, rule="member.id_number.invalid"), False
    problem = member_rules.id_problem(text) if text else None
    return text, problem, bool(text) and problem is None


def _none_if_empty(value: object) -> str | None:
    return clean_text(value) or None


def _duplicate_candidates(ids: list, names: list, years: list, months: list) -> Iterable[int]:
    """The rows the duplicate check below must visit to find every duplicate it finds visiting them all.

    Without two rows of the same ID number no row is passed over for its ID, so a duplicate by name and birth
    month can only be a row whose (name, year, month) another row shares: those rows, in order. Else every row.
    """
    given = [x for x in ids if x]
    if len(set(given)) != len(given):
        return range(len(ids))
    keys = list(zip(names, years, months))
    if len(set(keys)) == len(keys):
        return ()
    repeated = {k for k, count in Counter(keys).items() if count > 1}
    return [i for i, k in enumerate(keys) if k in repeated]


def parse_roster(
    sheet: Sheet,
    header: HeaderGuess,
    vocabularies: Mapping[str, Vocabulary],
    *,
    today: date | None = None,
) -> RosterParse:
    """Read every data row below the header into RosterRow values and collect every problem found.

    Works column by column (each distinct value converted once) with the cyclic garbage
    collector paused (nothing made here forms cycles), so 10,000 rows take about a tenth of
    a second on top of reading the file.
    """
    with gc_paused():
        return _parse_roster(sheet, header, vocabularies, today or date.today())


def _parse_roster(sheet: Sheet, header: HeaderGuess, vocabularies: Mapping[str, Vocabulary], today: date) -> RosterParse:
    mapping = header.mapping
    headers = header.headers
    col_of: dict[str, int] = {code: index for index, code in mapping.items()}
    sheet_name = sheet.name

    def head(code: str) -> str:
        return headers.get(col_of[code], code)

    c_name = col_of.get("name", -1)

    # 1. which rows hold data: blank rows, notes, section titles and repeated headers are skipped
    data, excel_rows, skipped = select_data_rows(sheet, header, key_field="name")
    n = len(data)
    columns = list(zip(*data)) if data else []
    blank_column = (None,) * n

    def column(c: int) -> tuple:
        return columns[c] if 0 <= c < len(columns) else blank_column

    names = _map_cached(clean_name, column(c_name))

    found: list[tuple[int, int, str, Problem]] = []  # (position, column index, header, problem)
    missing = [
        Problem(message=f"表头中找不到“{_FIELD_LABELS.get(code, code)}”列，请在列对应关系中指定哪一列是{_FIELD_LABELS.get(code, code)}。",
                row=header.row_index + 1, sheet=sheet_name, rule="header.missing")
        for code in header.missing
    ]
    fields_out: dict[str, list] = {"sheet_row": excel_rows, "name": names, "raw": list(map(tuple, data))}

    def flag(values: list, rule: Callable[[object], Problem | None], c: int, h: str, accepted=None) -> None:
        """The form's rule, called once per distinct value; the rows holding a refused value get its problem.
        `accepted`: a pattern's fullmatch, true only for values the rule accepts (not called for those)."""
        distinct = set(values)
        if accepted is not None:
            distinct.difference_update(list(filter(accepted, distinct)))
        refused = {v: p for v in distinct if (p := rule(v)) is not None}
        if refused:
            found.extend((i, c, h, refused[v]) for i, v in enumerate(values) if v in refused)

    if c_name >= 0:
        flag(names, member_rules.name_problem, c_name, head("name"))

    def take(code: str, values: list, with_problems: bool) -> None:
        if with_problems:
            c, h = col_of[code], head(code)
            out, messages = zip(*values) if values else ((), ())
            if any(messages):
                found.extend((i, c, h, m) for i, m in enumerate(messages) if m)
            fields_out[code] = out
        else:
            fields_out[code] = values

    for code in _VOCAB_FIELDS:
        if code not in col_of:
            continue
        if code in member_rules.VOCABULARY_FIELDS:
            take(code, _map_cached(_member_vocab_value(code, vocabularies), column(col_of[code])), True)
            continue
        vocab = vocabularies.get(_VOCAB_KEYS.get(code, code))
        if vocab is None:
            take(code, _map_cached(_none_if_empty, column(col_of[code])), False)
        else:
            take(code, _map_cached(_vocab_value(vocab, head(code)), column(col_of[code])), True)
    for code in _TEXT_FIELDS:
        if code in col_of:
            take(code, _map_cached(_none_if_empty, column(col_of[code])), False)
            if code in member_rules.TEXT_LIMITS:
                flag(fields_out[code], lambda v, f=code: member_rules.text_problem(f, v), col_of[code], head(code))
    combined = fields_out.pop("work_unit_and_position", None)
    if combined is not None:
        if "work_unit" in fields_out:  # separate 工作单位 column: the combined text only fills its gaps
            fields_out["work_unit"] = [u or c for u, c in zip(fields_out["work_unit"], combined)]
        else:
            fields_out["work_unit"] = combined
            flag(combined, lambda v: member_rules.text_problem("work_unit", v), col_of["work_unit_and_position"],
                 head("work_unit_and_position"))

    # ID numbers and birth months, checked against each other
    c_id = col_of.get("id_number", -1)
    ids: list[str | None] = [None] * n
    id_ok: list[bool] = [False] * n
    if c_id >= 0:
        h_id = head("id_number")
        id_cells = column(c_id)
        for i, plain in enumerate(plain_valid_ids(id_cells)):
            if plain:  # an ID the form's rule accepts, found the quick way (as _id_value finds it)
                ids[i] = id_cells[i]
                id_ok[i] = True
                continue
            ids[i], problem, id_ok[i] = _id_value(id_cells[i])
            if problem:
                found.append((i, c_id, h_id, problem))
        fields_out["id_number"] = ids
    c_birth = col_of.get("birth", -1)
    births: list = _map_cached(_ym_or_problem, column(c_birth)) if c_birth >= 0 else [None] * n
    h_birth = head("birth") if c_birth >= 0 else ""
    ym_keys = {ym: f"{ym[0]:04d}{ym[1]:02d}" for ym in set(births) if ym}  # (1975, 3) → "197503" as in IDs
    years: list[int | None] = [None] * n
    months: list[int | None] = [None] * n
    for i in range(n):
        ym = births[i]
        if ym is False:
            raw_birth = columns[c_birth][i]
            found.append((i, c_birth, h_birth, Problem(
                f"“{h_birth}”列的值“{clean_text(raw_birth)}”无法识别为年月，请写成1975.03或1975年3月的形式。",
                rule="member.birth.unreadable")))
            continue
        if id_ok[i]:
            id_text = ids[i]
            if ym is not None and len(id_text) == 18 and id_text[6:12] == ym_keys[ym]:  # type: ignore[arg-type]
                years[i], months[i] = ym
                continue
            from_id = id_birth(id_text)  # type: ignore[arg-type]
            if ym is None:
                ym = from_id
            elif from_id and from_id != ym:
                if ambiguous_october(columns[c_birth][i]) and from_id == (ym[0], 1):
                    ym = from_id
                else:
                    found.append((i, c_birth, h_birth, member_rules.id_birth_mismatch(id_text, *ym)))  # type: ignore[arg-type]
        if ym:
            years[i], months[i] = ym
    fields_out["birth_year"], fields_out["birth_month"] = years, months
    if c_birth >= 0 or c_id >= 0:
        flag(list(zip(years, months)), lambda ym: member_rules.birth_problem(*ym, today=today),
             c_birth if c_birth >= 0 else c_id, h_birth if c_birth >= 0 else head("id_number"))

    if "phone" in col_of:
        c_phone, h_phone = col_of["phone"], head("phone")
        phones = _map_cached(clean_text, column(c_phone))
        flag(phones, member_rules.phone_rule, c_phone, h_phone, _MOBILE.fullmatch)
        fields_out["phone"] = [p or None for p in phones]
    if "is_standing" in col_of:
        c_st, h_st = col_of["is_standing"], head("is_standing")
        flags = _map_cached(parse_bool_cn, column(c_st))
        for i, flag in enumerate(flags):
            if flag is None:
                found.append((i, c_st, h_st, Problem(
                    f"“{h_st}”列的值“{clean_text(columns[c_st][i])}”无法识别，请填写“是”或“否”（不是常委可留空）。",
                    rule="member.is_standing.unreadable")))
                flags[i] = False
        fields_out["is_standing"] = flags
    if "committees" in col_of:
        fields_out["committees"] = _map_cached(_list_value(vocabularies.get("committee")), column(col_of["committees"]))
    if "linked_villages" in col_of:
        fields_out["linked_villages"] = _map_cached(_list_value(None), column(col_of["linked_villages"]))
    if header.unknown:
        texts = [(text, _map_cached(clean_text, column(c))) for c, text in header.unknown]
        fields_out["extra"] = [tuple((h, t[i]) for h, t in texts if t[i]) for i in range(n)]

    # duplicates within the file: same ID number, else same name and birth month
    by_id: dict[str, int] = {}
    by_name_birth: dict[tuple[str, int, int], list[tuple[int, str | None]]] = {}
    h_id = head("id_number") if c_id >= 0 else ""
    h_name = head("name") if c_name >= 0 else "姓名"
    for i in _duplicate_candidates(ids, names, years, months):
        id_text = ids[i]
        if id_text:
            first_row = by_id.get(id_text)
            if first_row is not None:
                found.append((i, c_id, h_id, Problem(f"与第{first_row}行是同一人（身份证号相同），请删除重复的一行。",
                                                     rule=DUPLICATE)))
                continue
            by_id[id_text] = excel_rows[i]
        name, year = names[i], years[i]
        if name and year:
            key = (name, year, months[i])  # type: ignore[assignment]
            earlier = by_name_birth.get(key)
            if earlier is None:
                by_name_birth[key] = [(excel_rows[i], id_text)]
                continue
            for other_row, other_id in earlier:
                if other_id is None or id_text is None:
                    found.append((i, max(c_name, 0), h_name, Problem(
                        f"与第{other_row}行姓名和出生年月相同，可能是同一人，请删除重复的一行或补全身份证号。", rule=DUPLICATE)))
                    break
            earlier.append((excel_rows[i], id_text))

    # build the frozen rows without calling the dataclass __init__ 23 times a row (4 µs a row)
    keys = list(_ROW_DEFAULTS)
    rows_out: list[RosterRow] = []
    new = object.__new__
    for values in zip(*(fields_out.get(k) or repeat(_ROW_DEFAULTS[k], n) for k in keys)):
        record = new(RosterRow)
        record.__dict__.update(zip(keys, values))
        rows_out.append(record)

    found.sort(key=lambda f: (f[0], f[1]))
    problems = missing + [at_cell(p, row=excel_rows[i], column=h, sheet=sheet_name) for i, _, h, p in found]
    hidden = sheet.hidden_rows
    hidden_rows = [r for r in excel_rows if r - 1 in hidden] if hidden else []
    return RosterParse(rows=rows_out, problems=problems, skipped_rows=skipped, hidden_rows=hidden_rows, header=header)
