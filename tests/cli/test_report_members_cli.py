"""`report members` through the real command line: the folder of records, `--member NAME`, a name nobody has."""
from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.services.database import open_store
from tests.cli.test_cli import run
from tests.member_records_support import build_world, paragraphs, table_after


@pytest.fixture
def data(tmp_path) -> Path:
    folder = tmp_path / "县政协 数据"
    ctx = open_store(folder)
    try:
        build_world(ctx, tmp_path)
    finally:
        ctx.engine.dispose()
    return folder


def test_every_member_in_office_gets_a_file(data, tmp_path):
    out = tmp_path / "履职档案（2025）"  # created by the command
    result = run("report", "members", "--year", "2025", "--out", str(out), data=data)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"已生成2025年委员履职档案 4 份，保存在“{out}”。"
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["李强.docx", "王芳（1975年3月）.docx", "王芳（1982年7月）.docx", "赵敏.docx"])


def test_member_writes_that_members_record_only(data, tmp_path):
    out = tmp_path / "一位"
    result = run("report", "members", "--year", "2025", "--out", str(out), "--member", "李强", data=data)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"已生成2025年委员履职档案 1 份：“{out / '李强.docx'}”。"
    assert [p.name for p in out.iterdir()] == ["李强.docx"]
    record = out / "李强.docx"
    assert "（2025年度）" in paragraphs(record)
    assert [row[1] for row in table_after(record, "提案及办理情况")[1:]] == ["关于加强农村学校建设的建议", "关于修建县城广场的建议"]


def test_a_name_shared_by_two_members_writes_both(data, tmp_path):
    result = run("report", "members", "--year", "2025", "--out", str(tmp_path / "同名"), "--member", "王芳", data=data)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "同名").iterdir()) == ["王芳（1975年3月）.docx", "王芳（1982年7月）.docx"]


def test_a_name_no_member_in_office_has_is_one_sentence_and_exit_2(data, tmp_path):
    result = run("report", "members", "--year", "2025", "--out", str(tmp_path / "无"), "--member", "张伟", data=data)
    assert result.returncode == 2
    assert result.stderr.strip() == "2025年末在任的委员中没有“张伟”，请检查姓名后再试。"
    assert result.stdout == "" and not (tmp_path / "无").exists()
