"""Which rows of a mapped sheet are data, the same way for every kind of sheet (rosters and ledgers):
blank rows, rows holding only a 序号, section titles (`一、中共界（20人）`), the header
repeated on a new page and totals or notes (`合计`, `备注：…`, `注：`, `制表人…`) are skipped
without complaint. The ledger kinds convert and check the values (services.ledgers, with the form's rules).
"""
from __future__ import annotations

import re

from desktop_app.domain.errors import Problem
from desktop_app.domain.normalize import clean_name, clean_text, scalar_text
from desktop_app.fileio.headers import HeaderGuess, fold_header
from desktop_app.fileio.spreadsheet import Sheet

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
