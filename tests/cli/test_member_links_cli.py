"""`import members` on the command line: a roster whose only change is one member's 包联村（社区） is one update."""
from __future__ import annotations

import sqlite3
from contextlib import closing

import openpyxl

from db.engine import SQLITE_FILE_NAME
from tests.cli.test_cli import run

HEADER = ["姓名", "性别", "出生年月", "专委会", "包联村（社区）"]
PEOPLE = [
    ("李明", "男", "1970.05", "提案委员会", "东关村、西关村"),
    ("王芳", "女", "1975.11", "经济委员会", "南关社区"),
    ("赵强", "男", "1968.03", "提案委员会、经济委员会", "东关村"),
    ("孙丽", "女", "1980.07", "", ""),
]


def _roster(path, people):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for person in people:
        sheet.append(list(person))
    book.save(path)
    return path


def _villages(data) -> dict[str, set[str]]:
    with closing(sqlite3.connect(data / SQLITE_FILE_NAME)) as con:
        rows = con.execute("SELECT m.name, v.name FROM members m JOIN member_villages mv ON mv.member_id = m.id "
                           "JOIN villages v ON v.id = mv.village_id").fetchall()
    out: dict[str, set[str]] = {}
    for member, village in rows:
        out.setdefault(member, set()).add(village)
    return out


def test_a_changed_village_set_is_previewed_and_committed_as_one_update(tmp_path):
    data = tmp_path / "数据"
    assert run("init", "--county", "黎城县", data=data).returncode == 0
    first = run("import", "members", str(_roster(tmp_path / "花名册.xlsx", PEOPLE)), data=data)
    assert first.returncode == 0, first.stderr
    assert "导入完成：新增 4 人，更新 0 人，无变化 0 人，跳过 0 行。" in first.stdout

    people = list(PEOPLE)
    people[0] = ("李明", "男", "1970.05", "提案委员会", "西关村、北关村")  # 北关村 added, 东关村 removed
    changed = _roster(tmp_path / "花名册（改）.xlsx", people)
    preview = run("import", "members", str(changed), "--dry-run", data=data)
    assert preview.returncode == 0, preview.stderr
    lines = preview.stdout.splitlines()
    assert "将导入新增0人、更新1人，3人与数据库相同" in lines[0]
    assert "  第2行“李明”：将更新包联村（社区）" in lines
    assert "预览完成（--dry-run），数据库未作更改。" in lines
    assert _villages(data)["李明"] == {"东关村", "西关村"}

    commit = run("import", "members", str(changed), data=data)
    assert commit.returncode == 0, commit.stderr
    assert "导入完成：新增 0 人，更新 1 人，无变化 3 人，跳过 0 行。" in commit.stdout
    assert _villages(data) == {"李明": {"西关村", "北关村"}, "王芳": {"南关社区"}, "赵强": {"东关村"}}

    again = run("import", "members", str(changed), "--dry-run", data=data)
    assert "将导入新增0人、更新0人，4人与数据库相同" in again.stdout.splitlines()[0]
