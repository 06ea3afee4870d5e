"""Writing a roster in the import template's columns, so that an exported roster imports back unchanged."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from desktop_app.domain.normalize import format_year_month
from desktop_app.fileio.headers import ColumnSynonyms
from desktop_app.fileio.xlsx_writer import ColumnSpec, SheetSpec, write_table_workbook

ROSTER_EXPORT_FIELDS: tuple[str, ...] = (
    "seq", "name", "gender", "ethnicity", "birth", "native_place", "political_status", "sector", "education",
    "work_unit", "position", "phone", "id_number", "address", "is_standing", "committees", "home",
    "linked_villages", "status", "notes",
)


def _get(record: object, code: str) -> object:
    if isinstance(record, Mapping):
        return record.get(code)
    return getattr(record, code, None)


def roster_cell(record: object, code: str) -> object:
    """The value written for one field: 1975.03 for a birth month, 是 for a standing member, lists joined by 、."""
    if code == "birth":
        return format_year_month(_get(record, "birth_year"), _get(record, "birth_month")) or None  # type: ignore[arg-type]
    value = _get(record, code)
    if code == "is_standing":
        return "是" if value else None
    if isinstance(value, (tuple, list)):
        return "、".join(str(v) for v in value) or None
    return value


def roster_sheet_spec(
    records: Iterable[object],
    *,
    title: str,
    columns: ColumnSynonyms,
    fields: Sequence[str] = ROSTER_EXPORT_FIELDS,
    sheet_name: str = "委员名单",
) -> SheetSpec:
    """A SheetSpec of members (RosterRow, a DTO with the same field names, or a dict) under the template headers."""
    specs = [ColumnSpec(columns.fields[code].label if code in columns.fields else code,
                        "int" if code == "seq" else "text") for code in fields]
    rows = []
    for number, record in enumerate(records, start=1):
        rows.append([number if code == "seq" else roster_cell(record, code) for code in fields])
    return SheetSpec(title=title, columns=specs, rows=rows, name=sheet_name)


def write_roster(
    path: str | os.PathLike,
    records: Iterable[object],
    *,
    title: str,
    columns: ColumnSynonyms,
    fields: Sequence[str] = ROSTER_EXPORT_FIELDS,
) -> Path:
    """Write a styled roster workbook that the roster import reads back to the same values."""
    return write_table_workbook(path, [roster_sheet_spec(records, title=title, columns=columns, fields=fields)])
