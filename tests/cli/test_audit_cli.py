"""`check` verifies the audit log's hash chain and compares it with the newest backup (services/audit.py)."""
from __future__ import annotations

import sqlite3

from desktop_app.domain.audit_chain import entry_hash
from tests.cli.test_cli import run

CLERK = {"CPPCC_DESK_CLERK": "王建华"}


def _rows(folder, sql, params=()):
    con = sqlite3.connect(folder / "cppcc-desk.sqlite3")
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def _write(folder, sql, params=()):
    con = sqlite3.connect(folder / "cppcc-desk.sqlite3")
    try:
        con.execute(sql, params)
        con.commit()
    finally:
        con.close()


def test_check_passes_then_finds_an_entry_edited_outside_the_program(tmp_path):
    data = tmp_path / "数据"
    assert run("init", "--county", "黎城县", data=data, env=CLERK).returncode == 0
    ok = run("check", data=data)
    assert ok.returncode == 0 and ok.stdout.startswith("检查通过"), ok.stderr

    [(victim, )] = _rows(data, "SELECT MIN(id) FROM audit_log WHERE actor = '王建华'")
    [(before_id, before_at)] = _rows(data, "SELECT id, at FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT 1",
                                      (victim,))
    _write(data, "UPDATE audit_log SET actor = '李四' WHERE id = ?", (victim,))
    result = run("check", data=data)
    assert result.returncode == 1
    assert result.stderr.splitlines()[1:] == [
        f"  - 审计记录在{before_at[:19]}（第 {before_id} 条）之后被改动：第 {victim} 条与它的校验值对不上，"
        "可能有人绕过本程序修改了数据库。"]


def test_check_finds_a_log_rewritten_after_a_backup(tmp_path):
    data = tmp_path / "数据"
    assert run("init", "--county", "黎城县", data=data, env=CLERK).returncode == 0
    backup = run("backup", "--out", str(tmp_path / "数据" / "backups" / "备份.zip"), data=data)
    assert backup.returncode == 0, backup.stderr
    [(head_id, head_at)] = _rows(data, "SELECT id, at FROM audit_log ORDER BY id DESC LIMIT 1")

    # someone edits an entry and recomputes the whole chain, so the chain alone looks whole
    _write(data, "UPDATE audit_log SET after_json = '{}' WHERE id = (SELECT MIN(id) FROM audit_log WHERE actor = '王建华')")
    previous = ""
    for row in _rows(data, "SELECT id, at, actor, table_name, record_id, record_uuid, action, before_json, after_json "
                           "FROM audit_log ORDER BY id"):
        digest = entry_hash(previous, *row)
        _write(data, "UPDATE audit_log SET prev_hash = ?, entry_hash = ? WHERE id = ?", (previous, digest, row[0]))
        previous = digest
    result = run("check", data=data)
    assert result.returncode == 1
    assert f"  - 审计记录在备份“备份.zip”（{head_at[:19]}）之后被改动：备份时的第 {head_id} 条已不是原样，" \
           "可能有人绕过本程序修改了数据库。" in result.stderr.splitlines()
