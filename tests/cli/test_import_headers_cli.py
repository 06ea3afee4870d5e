"""A file whose header row cannot be found is a file problem (InputFileProblem): exit 2 for every import kind."""
from __future__ import annotations

import re
import sqlite3
from contextlib import closing

import openpyxl
import pytest

from db.engine import SQLITE_FILE_NAME
from tests.cli.test_cli import run

# kind → the column the header is looked for by, as the message names it (docs/imports.md, "Column synonyms")
KEY_COLUMNS = {
    "members": "姓名",
    "proposals": "案由",
    "activities": "活动名称",
    "consultations": "议题",
    "opinions": "标题",
}


def _headerless(path):
    """Five rows of values and no header row: nothing in it names a column."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for n in range(1, 6):
        ws.append([f"王{n}", n, f"2025-01-0{n}", "某某单位"])
    wb.save(path)
    return path


def test_every_kind_the_command_accepts_is_tested():
    usage = run("import", "--help").stdout
    assert re.search(r"\{([a-z,]+)\}", usage)[1].split(",") == list(KEY_COLUMNS)


@pytest.mark.parametrize("kind", list(KEY_COLUMNS))
def test_a_file_without_a_header_exits_2_and_writes_nothing(tmp_path, kind):
    data = tmp_path / "数据"
    assert run("init", "--county", "黎城县", "--term", "14", "--session", "4", data=data).returncode == 0
    result = run("import", kind, str(_headerless(tmp_path / "无表头.xlsx")), data=data)
    assert result.returncode == 2
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1
    assert f"找不到含“{KEY_COLUMNS[kind]}”列的" in message and "--header-row" in message
    assert result.stdout == ""
    with closing(sqlite3.connect(data / SQLITE_FILE_NAME)) as db:
        tables = ("members", "proposals", "activities", "consultations", "opinions")
        assert [db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables] == [0] * len(tables)
