"""`demo` as a county office meets it: everything named after its own county, and reading like real work."""
from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from tests.cli.test_cli import ROOT, run

KNOWN = json.loads((ROOT / "resources" / "demo" / "counties.json").read_text(encoding="utf-8"))["counties"]


def _names_of(county: str) -> set[str]:
    """How a text would name the county: 黎城县 and 黎城 (a one-character stem such as 沁 only as 沁县)."""
    stem = county[:-1]
    return {county, stem} if len(stem) >= 2 else {county}


def _texts(folder: Path) -> list[tuple[str, str, str]]:
    """(table, column, value) of every text in the database."""
    out = []
    with sqlite3.connect(folder / "cppcc-desk.sqlite3") as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            for _, column, kind, *_ in db.execute(f'PRAGMA table_info("{table}")'):
                if any(word in kind.upper() for word in ("CHAR", "TEXT", "CLOB")) or kind == "":
                    out += [(table, column, value) for (value,) in
                            db.execute(f'SELECT "{column}" FROM "{table}" WHERE typeof("{column}") = \'text\'')]
    return out


def _rows(folder: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(folder / "cppcc-desk.sqlite3") as db:
        return db.execute(sql).fetchall()


@pytest.fixture(scope="module")
def pingshun(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("平顺") / "数据"
    assert run("init", "--county", "平顺县", data=folder).returncode == 0
    demo = run("demo", data=folder)
    assert demo.returncode == 0, demo.stderr
    return folder


@pytest.mark.parametrize("county", ["平顺县", "榆社县"])  # one the demo knows by name, one it does not
def test_the_demo_names_no_other_county(tmp_path, county):
    folder = tmp_path / "数据"
    assert run("init", "--county", county, data=folder).returncode == 0
    assert run("demo", data=folder).returncode == 0
    others = set().union(*(_names_of(name) for name in KNOWN if name != county))
    assert "黎城" in others
    texts = _texts(folder)
    assert len(texts) > 10000
    found = [(table, column, value) for table, column, value in texts if any(name in value for name in others)]
    assert found == []
    organizations = {name for (name,) in _rows(folder, "SELECT name FROM organizations")}
    assert {f"民建{county}支部", f"中共{county}委员会", f"共青团{county}委员会"} <= organizations


def test_the_demo_uses_the_countys_townships_and_id_code(pingshun):
    townships = KNOWN["平顺县"]["townships"]
    assert {t for (t,) in _rows(pingshun, "SELECT DISTINCT township FROM homes WHERE township IS NOT NULL")} == \
        set(townships)
    assert {t for (t,) in _rows(pingshun, "SELECT DISTINCT township FROM villages")} == set(townships)
    codes = {n[:6] for (n,) in _rows(pingshun, "SELECT id_number FROM members")}
    assert codes == {KNOWN["平顺县"]["code"]}
    office = json.loads(_rows(pingshun, "SELECT value_json FROM settings WHERE key = 'office'")[0][0])
    assert (office["county"], office["committee_name"], office["first_run_done"]) == ("平顺县", "政协平顺县委员会", True)


def test_a_demo_without_a_county_sets_the_default_one(tmp_path):
    folder = tmp_path / "数据"
    assert run("demo", data=folder).returncode == 0
    office = json.loads(_rows(folder, "SELECT value_json FROM settings WHERE key = 'office'")[0][0])
    assert (office["county"], office["committee_name"], office["first_run_done"]) == ("黎城县", "政协黎城县委员会", True)
    assert "政协黎城县委员会" in run("init", data=folder).stdout


def test_titles_are_varied_within_a_year(pingshun):
    for session, total, distinct in _rows(pingshun, "SELECT session_id, count(*), count(DISTINCT title) "
                                                    "FROM proposals GROUP BY session_id"):
        assert total > 200 and total - distinct <= total // 50, (session, total, distinct)  # at most 2% repeated
    titles = [t for (t,) in _rows(pingshun, "SELECT title FROM proposals")]
    assert all(re.fullmatch(r"关于.{4,40}的建议", t) for t in titles)


def test_a_proposal_says_what_it_asks_and_its_reply_what_was_done(pingshun):
    for body, in _rows(pingshun, "SELECT body FROM proposals"):
        lines = body.split("\n")
        assert lines[1] == "为此，提出如下建议：" and lines[2].startswith("一是") and len(lines) >= 4
    for text, number, contact in _rows(pingshun, "SELECT text, document_number, contact_person FROM replies"):
        assert "答复" in text and len(text) > 40
        assert re.fullmatch(r"平\w{1,4}函〔20\d\d〕\d+号", number) and 2 <= len(contact) <= 3


def test_history_is_kept_by_a_named_clerk_and_says_what_happened(pingshun):
    actors = {a for (a,) in _rows(pingshun, "SELECT DISTINCT actor FROM proposal_events")}
    assert 1 <= len(actors) <= 2 and all(re.fullmatch(r"[\u4e00-\u9fff]{2,3}", a) for a in actors)
    notes = dict(_rows(pingshun, "SELECT action, note FROM proposal_events"))
    assert notes["accept"].startswith("经提案审查会审查，予以立案，案号第")
    assert re.fullmatch(r"交县\w+?主办(，县\w+?会办)?|交县\w+?、县\w+?分别办理", notes["assign"])
    assert re.fullmatch(r"收到县\w+?答复（[ABC]类，平\w+?函〔20\d\d〕\d+号）", notes["reply"])
    assert not _rows(pingshun, "SELECT 1 FROM proposal_events WHERE note LIKE '%演示数据%' OR actor = '演示数据'")


HEADS_OF = {  # a unit of this kind, and posts it does not have
    "中学": {"董事长", "总经理", "院长", "局长", "行长"}, "小学": {"董事长", "总经理", "院长", "局长"},
    "医院": {"董事长", "校长", "教师", "局长", "行长"}, "有限公司": {"校长", "教师", "院长", "局长", "主任医师"},
    "局": {"校长", "教师", "董事长", "院长", "主任医师"},
}


def test_work_units_and_positions_go_together(pingshun):
    pairs = _rows(pingshun, "SELECT work_unit, position FROM members")
    for unit, position in pairs:
        for kind, wrong in HEADS_OF.items():
            if unit.endswith(kind) or (kind == "有限公司" and kind in unit):
                assert position not in wrong, (unit, position)
    heads = [(u, p) for u, p in pairs if p in ("局长", "校长", "院长", "馆长", "行长", "董事长", "园长")]
    assert len(heads) == len(set(heads))  # one head per unit


def test_consultations_and_activities_have_content(pingshun):
    rows = _rows(pingshun, "SELECT suggestions_count, suggestions_text, outcome, follow_up_status, done_deeds, "
                           "done_deeds_text FROM consultations")
    assert len(rows) > 150
    for count, suggestions, outcome, status, deeds, deeds_text in rows:
        lines = suggestions.split("\n")
        assert len(lines) == count >= 2
        assert all(re.fullmatch(rf"{i}\. 建议.{{8,}}", line) for i, line in enumerate(lines, start=1)), lines
        assert outcome.startswith("议定") and len(outcome) > 20
        assert deeds == (len(deeds_text.split("\n")) if deeds_text else 0)
        assert deeds >= 1 if status == "done" else True
    titles = [t for (t,) in _rows(pingshun, "SELECT title FROM activities WHERE home_id IS NOT NULL")]
    assert len(set(titles)) > len(titles) // 2
    assert not [t for t in titles if re.search(r"(理论学习|读书活动|调研视察|服务群众)$", t)]  # not "乡村振兴理论学习"
