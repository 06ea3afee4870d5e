"""Reading the data rows of any mapped sheet (proposal, activity, consultation, opinion ledgers).

Which rows are data is decided the same way for every kind of sheet (and for rosters):
blank rows, rows holding only a 序号, section titles (`一、中共界（20人）`), the header
repeated on a new page and totals or notes (`合计`, `备注：…`, `注：`, `制表人…`) are skipped
without complaint.

Values are converted by the field's `type` in resources/columns/<kind>.json:
text, name, date, year_month, int, bool, list (names or units separated by 、，, ; or
spaces), id_number, phone; a field with a `vocabulary` is mapped to its canonical names.
Matching names against the database is the import service's job.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Mapping

from desktop_app.domain.errors import Problem
from desktop_app.domain.normalize import (
    clean_name,
    clean_text,
    normalize_id_number,
    id_number_problem,
    parse_bool_cn,
    parse_date,
    parse_year_month,
    phone_problem,
    scalar_text,
)
from desktop_app.domain.vocabulary import Vocabulary
from desktop_app.fileio.headers import ColumnSynonyms, HeaderGuess, fold_header
from desktop_app.fileio.spreadsheet import Sheet, gc_paused

# ------------------------------------------------------------------ which rows are data

NOTE_ROW = re.compile(
    r"^[\s　]*(?:合\s*计|总\s*计|小\s*计|共\s*计|备\s*注|附\s*注|注\s*[:：]|注\s*\d|说\s*明\s*[:：]|"
    r"制\s*表|填\s*表|填\s*报|审\s*核|负责人|统计人|打印|签\s*字|盖\s*章|\(盖章\)|（盖章）)"
)
_NOTE_FIRST = frozenset("合总小共备附注说制填审负统打签盖(（")
_SECTION_ROW = re.compile(
    r"^[\s　]*(?:[一二三四五六七八九十]+\s*[、.．]|[(（][一二三四五六七八九十]+[)）])|[(（]\s*\d+\s*人\s*[)）]\s*$"
)


def _first_text(cells: list[object]) -> tuple[str, int]:
    """The first non-empty cell's text and how many cells are non-empty."""
    first = ""
    count = 0
    for v in cells:
        if v is None or (v.__class__ is str and not v.strip()):
            continue
        count += 1
        if not first:
            first = scalar_text(v)
    return first, count


def select_data_rows(
    sheet: Sheet, header: HeaderGuess, *, key_field: str | None = None, ignored: frozenset[str] = frozenset({"seq"})
) -> tuple[list[list[object]], list[int], list[int]]:
    """(data rows padded to the header's width, their Excel row numbers, Excel rows skipped).

    `key_field` (姓名 for a roster) makes the common case fast: a row whose key cell holds
    ordinary text is data. Cells merged down a group are repeated in every row of the group.
    """
    mapping = header.mapping
    width = max(max(mapping, default=0), max((i for i, _ in header.unknown), default=0)) + 1
    pad = [None] * width
    watched = sorted({i for i, code in mapping.items() if code not in ignored} | {i for i, _ in header.unknown})
    c_key = next((i for i, code in mapping.items() if code == key_field), -1) if key_field else -1
    note_match = NOTE_ROW.match

    data: list[list[object]] = []
    excel_rows: list[int] = []
    skipped: list[int] = []
    all_rows = sheet.filled_down_rows(below=header.data_start - 1) if sheet.merged else sheet.rows
    for index in range(header.data_start, len(all_rows)):
        row = all_rows[index]
        if len(row) < width:
            row = row + pad[len(row):]
        key_cell = row[c_key] if c_key >= 0 else None
        if not (key_cell.__class__ is str and key_cell.strip()
                and not (key_cell.lstrip()[:1] in _NOTE_FIRST and note_match(key_cell))):
            count = _first_text([row[i] for i in watched])[1]  # cells with data (序号 alone is not data)
            first = _first_text(row)[0]  # a note may sit in any column, 序号 included
            if count == 0 or note_match(first) or (count == 1 and _SECTION_ROW.search(first)):
                skipped.append(index + 1)
                continue
        data.append(row)
        excel_rows.append(index + 1)

    # the header printed again at the top of every page: its first cell and another one repeated
    head_cols = [i for i in watched if i in header.headers][:3]
    if len(head_cols) >= 2:
        wanted = [fold_header(header.headers[i]) for i in head_cols]
        first_col, first_char = head_cols[0], wanted[0][:1]
        repeated = {
            n for n, row in enumerate(data)
            if row[first_col].__class__ is str and row[first_col].strip()[:1] == first_char
            and fold_header(row[first_col]) == wanted[0]
            and sum(fold_header(row[i]) == w for i, w in zip(head_cols, wanted)) >= 2
        }
        if repeated:
            skipped.extend(excel_rows[n] for n in repeated)
            skipped.sort()
            data = [row for n, row in enumerate(data) if n not in repeated]
            excel_rows = [r for n, r in enumerate(excel_rows) if n not in repeated]
    return data, excel_rows, skipped


# ------------------------------------------------------------------------ conversions

_SEPARATORS = re.compile(r"[、，,;；/／\n]+")


def split_list(value: object, *, names: bool = True) -> tuple[str, ...]:
    """Split `张三、李四，王五` or `张三 李四` into items; duplicates dropped.

    Separators are 、，,;；/ and line breaks, and spaces; single characters separated by
    spaces are glued back together, since that is a spaced-out name (`卢　兰` → `卢兰`).
    """
    text = scalar_text(value).strip()
    if not text:
        return ()
    clean = clean_name if names else clean_text
    items: list[str] = []
    for part in _SEPARATORS.split(text):
        pieces = part.split()
        if len(pieces) > 1:
            glued: list[str] = []
            in_run = False  # the last item was made of single characters
            for piece in pieces:
                if len(piece) == 1 and in_run:
                    glued[-1] += piece
                else:
                    glued.append(piece)
                    in_run = len(piece) == 1
            pieces = glued
        items.extend(p for p in (clean(x) for x in pieces) if p)
    return tuple(dict.fromkeys(items))


def _int_value(value: object) -> tuple[int | None, bool]:
    """(number, readable?) — 7, 7.0, '7', '7人', '７' are 7."""
    if value is None or isinstance(value, bool):
        return None, value is None
    if isinstance(value, int):
        return value, True
    if isinstance(value, float):
        return (int(value), True) if value.is_integer() else (None, False)
    text = clean_text(value)
    if not text:
        return None, True
    m = re.fullmatch(r"(\d+)\s*(?:人|条|件|次|个|名|项)?", text)
    return (int(m.group(1)), True) if m else (None, False)


def _converter(spec_type: str, label: str, header: str, vocab: Vocabulary | None) -> Callable[[object], tuple[object, str | None]]:
    """value → (converted value, problem or None) for one column."""
    if spec_type == "date":
        def convert(value):
            if value is None or (value.__class__ is str and not value.strip()):
                return None, None
            parsed = parse_date(value)
            if parsed is None:
                return None, f"“{header}”列的值“{clean_text(value)}”无法识别为日期，请写成2025-01-19或2025年1月19日的形式。"
            return parsed, None
    elif spec_type == "year_month":
        def convert(value):
            if value is None or (value.__class__ is str and not value.strip()):
                return None, None
            parsed = parse_year_month(value)
            if parsed is None:
                return None, f"“{header}”列的值“{clean_text(value)}”无法识别为年月，请写成1975.03或1975年3月的形式。"
            return parsed, None
    elif spec_type == "int":
        def convert(value):
            number, ok = _int_value(value)
            if not ok:
                return None, f"“{header}”列的值“{clean_text(value)}”不是整数，请只填写数字。"
            return number, None
    elif spec_type == "bool":
        def convert(value):
            flag = parse_bool_cn(value)
            if flag is None:
                return False, f"“{header}”列的值“{clean_text(value)}”无法识别，请填写“是”或“否”（否可留空）。"
            return flag, None
    elif spec_type == "list":
        def convert(value):
            parts = split_list(value)
            if vocab is not None:
                parts = tuple(dict.fromkeys(vocab.canonical(p) or p for p in parts))
            return parts, None
    elif spec_type == "id_number":
        def convert(value):
            text, message = normalize_id_number(value)
            if message is None and text:
                message = id_number_problem(text)
            return text, message
    elif spec_type == "phone":
        def convert(value):
            text = clean_text(value)
            return (text or None), (phone_problem(text) if text else None)
    else:
        clean = clean_name if spec_type == "name" else clean_text
        if vocab is None:
            def convert(value):
                return (clean(value) or None), None
        else:
            def convert(value):
                text = clean_text(value)
                if not text:
                    return None, None
                canonical = vocab.canonical(text)
                if canonical is not None or vocab.open:
                    return canonical or text, None
                return text, vocabulary_problem(vocab, header, text)
    return convert


def vocabulary_problem(vocab: Vocabulary, header: str, value: str) -> str:
    """“界别”列的值“xx”不在界别表中，请改为……之一，或在设置中添加。"""
    names = vocab.names
    choices = "、".join(names) + "之一" if len(names) <= 16 else "、".join(names[:5]) + "等规范名称之一"
    return f"“{header}”列的值“{value}”不在{vocab.label}表中，请改为{choices}，或在设置中添加。"


# ------------------------------------------------------------------------------ parse

@dataclass(frozen=True)
class TableRow:
    """One data row: field code → converted value, unknown columns as (header, text), raw cells."""

    sheet_row: int
    values: Mapping[str, object]
    extra: tuple[tuple[str, str], ...] = ()
    raw: tuple[object, ...] = ()

    def get(self, code: str, default: object = None) -> object:
        return self.values.get(code, default)


class ParsedRows:
    """What the roster and table parses share: `rows` (each with a `sheet_row`) and `problems`."""

    rows: list
    problems: list[Problem]

    def problems_by_row(self) -> dict[int, list[Problem]]:
        result: dict[int, list[Problem]] = {}
        for p in self.problems:
            if p.row is not None:
                result.setdefault(p.row, []).append(p)
        return result

    def valid_rows(self) -> list:
        """Rows without any problem (for an explicit "import only the valid rows")."""
        bad = {p.row for p in self.problems}
        return [r for r in self.rows if r.sheet_row not in bad]


@dataclass
class TableParse(ParsedRows):
    rows: list[TableRow]
    problems: list[Problem]
    skipped_rows: list[int] = field(default_factory=list)
    header: HeaderGuess | None = None


def parse_table(
    sheet: Sheet,
    header: HeaderGuess,
    columns: ColumnSynonyms,
    vocabularies: Mapping[str, Vocabulary] | None = None,
) -> TableParse:
    """Convert every data row by the column types in `columns`; collect every problem with row and column."""
    vocabularies = vocabularies or {}
    with gc_paused():
        data, excel_rows, skipped = select_data_rows(sheet, header)
        n = len(data)
        cols = list(zip(*data)) if data else []
        problems: list[tuple[int, int, str, str]] = []
        converted: dict[str, list[object]] = {}
        for index, code in sorted(header.mapping.items()):
            spec = columns.fields.get(code)
            if spec is None or spec.ignore:
                continue
            head = header.headers.get(index, spec.label)
            vocab = vocabularies.get(spec.vocabulary) if spec.vocabulary else None
            convert = _converter(spec.type, spec.label, head, vocab)
            column = cols[index] if index < len(cols) else (None,) * n
            cache = {v: convert(v) for v in set(column)}
            out = []
            for i, value in enumerate(column):
                result, message = cache[value]
                out.append(result)
                if message:
                    problems.append((i, index, head, message))
                elif spec.required and (result is None or result == () or result == ""):
                    problems.append((i, index, head, f"“{head}”列为空，请填写{spec.label}或删除这一行。"))
            converted[code] = out
        for code, spec in columns.fields.items():
            if spec.required and code not in converted:
                problems.append((-1, -1, "", f"表头中找不到“{spec.label}”列，请在列对应关系中指定哪一列是{spec.label}。"))
        unknown = [(i, text) for i, text in header.unknown]
        keys = list(converted)
        rows = []
        for i in range(n):
            row = data[i]
            extra = tuple((text, t) for c, text in unknown if (t := clean_text(row[c])))
            rows.append(TableRow(sheet_row=excel_rows[i], values={k: converted[k][i] for k in keys},
                                 extra=extra, raw=tuple(row)))
    problems.sort(key=lambda p: (p[0], p[1]))
    result_problems = [
        Problem(message=m, row=excel_rows[i] if i >= 0 else header.row_index + 1, column=h or None, sheet=sheet.name)
        for i, _, h, m in problems
    ]
    return TableParse(rows=rows, problems=result_problems, skipped_rows=skipped, header=header)
