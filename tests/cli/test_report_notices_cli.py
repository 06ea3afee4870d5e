"""`report notices` through the real command line on the demo data: one 交办通知 per unit, listing its proposals."""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from docx import Document

from tests.cli.test_cli import run

# The units with active assignments in session 14-4 (the demo's current one) and the case numbers they received,
# counted straight from the database file.
_ASSIGNED = """
    SELECT u.name, p.case_number FROM assignments a
    JOIN proposals p ON p.id = a.proposal_id JOIN handling_units u ON u.id = a.unit_id
    JOIN sessions s ON s.id = p.session_id JOIN terms t ON t.id = s.term_id
    WHERE a.status = 'active' AND t.number = 14 AND s.number = 4
"""


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("notices") / "县政协 数据"
    result = run("demo", data=data)
    assert result.returncode == 0, result.stderr
    return data


def _expected(data: Path) -> dict[str, set[str]]:
    with sqlite3.connect(data / "cppcc-desk.sqlite3") as db:
        rows = db.execute(_ASSIGNED).fetchall()
    out: dict[str, set[str]] = {}
    for unit, case in rows:
        out.setdefault(unit, set()).add(f"第{case:03d}号")
    return out


def _listed(path: Path) -> set[str]:
    table = Document(str(path)).tables[0]
    assert [c.text for c in table.rows[0].cells] == ["案号", "案由", "提案者", "办理方式", "办理期限"]
    return {row.cells[0].text for row in table.rows[1:]}


def test_one_notice_per_unit_listing_its_proposals(demo, tmp_path):
    expected = _expected(demo)
    assert len(expected) >= 10  # the demo spreads its proposals over many units
    out = tmp_path / "交办通知" / "第四次会议"  # created with its parent
    result = run("report", "notices", "--session", "14-4", "--out", str(out), data=demo)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (f"已为政协第十四届黎城县委员会第四次会议生成交办通知 {len(expected)} 份，"
                                     f"保存在“{out}”。")
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{unit}.docx" for unit in expected)
    for unit, cases in expected.items():
        path = out / f"{unit}.docx"
        assert _listed(path) == cases, unit
        texts = [p.text for p in Document(str(path)).paragraphs]
        assert f"{unit}：" in texts
        assert any(f"提案{len(cases)}件交由你单位办理" in t for t in texts)


def test_without_a_session_the_current_one_of_the_settings_is_used(demo, tmp_path):
    result = run("report", "notices", "--out", str(tmp_path), data=demo)
    assert result.returncode == 0, result.stderr
    assert re.search(rf"生成交办通知 {len(_expected(demo))} 份", result.stdout)
    assert "第四次会议" in result.stdout


@pytest.mark.parametrize("args, code, message", [
    (["--year", "2025"], 2, "交办通知按会次生成"),
    (["--session", "9-3"], 2, "没有九届三次会议的记录"),
    (["--session", "十四"], 1, "会次“十四”的格式不对"),  # as every command that reads a session code says it
])
def test_a_wrong_period_is_one_clear_sentence(demo, tmp_path, args, code, message):
    result = run("report", "notices", *args, "--out", str(tmp_path / "x"), data=demo)
    assert result.returncode == code and message in result.stderr, result.stderr
    assert not (tmp_path / "x").exists()


def test_out_must_be_a_folder(demo, tmp_path):
    target = tmp_path / "通知.docx"
    target.write_bytes(b"")
    result = run("report", "notices", "--out", str(target), data=demo)
    assert result.returncode == 2 and "应是存放交办通知的文件夹" in result.stderr
