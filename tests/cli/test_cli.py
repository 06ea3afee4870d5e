"""The real command line, run as a person runs it: `python -m desktop_app --data <folder> …` in a new process."""
from __future__ import annotations

import json
from datetime import date
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# docs/commands.md (`stats`): the keys of `stats --json`, part by part
SPEC_KEYS = {
    "members": {"active", "standing"},
    "proposals": {"submitted", "accepted", "merged", "not_accepted", "acceptance_rate", "by_kind", "by_category",
                  "assigned", "replied", "reply_rate", "overdue", "reply_categories", "face_to_face_rate",
                  "feedback", "satisfaction_rate", "key", "member_participation_rate"},
    "homes": {"count", "activities", "attendance"},
    "consultations": {"platforms", "sessions", "suggestions", "done_deeds", "member_participation_rate"},
    "opinions": {"received", "by_members", "member_submission_rate", "adopted", "adoption_rate"},
}


def run(*args: str, data: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "desktop_app"]
    if data is not None:
        command += ["--data", str(data)]
    environment = {key: value for key, value in os.environ.items() if key != "CPPCC_DESK_DATA"}
    environment.update({"PYTHONPATH": str(ROOT), **(env or {})})
    result = subprocess.run(command + list(args), capture_output=True, text=True, encoding="utf-8", cwd=ROOT,
                            env=environment, timeout=120)
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    return result


@pytest.fixture
def data(tmp_path) -> Path:
    return tmp_path / "县政协 数据"


def test_version():
    from desktop_app import __version__

    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"cppcc-desk {__version__}"


def test_init_creates_the_data_folder_and_sets_the_county(data):
    result = run("init", "--county", "黎城县", data=data)
    assert result.returncode == 0, result.stderr
    assert "数据库已就绪" in result.stdout and "政协黎城县委员会" in result.stdout
    for name in ("cppcc-desk.sqlite3", "backups", "attachments", "logs"):
        assert (data / name).exists(), name
    again = run("init", data=data)
    assert again.returncode == 0 and "政协黎城县委员会" in again.stdout


def test_the_data_folder_can_come_from_the_environment(tmp_path):
    folder = tmp_path / "环境变量指定"
    result = run("check", env={"CPPCC_DESK_DATA": str(folder)})
    assert result.returncode == 0, result.stderr
    assert (folder / "cppcc-desk.sqlite3").is_file()


def test_demo_then_stats_json(data):
    demo = run("demo", data=data)
    assert demo.returncode == 0, demo.stderr
    assert demo.stdout.startswith("已填入演示数据：") and "委员" in demo.stdout

    year = date.today().year - 1  # demo data is dated relative to today: last year is a whole year of it
    result = run("stats", "--year", str(year), "--json", data=data)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["period"] == {"from": f"{year}-01-01", "to": f"{year}-12-31"}

    from desktop_app.services.statistics import PARTS

    assert set(figures) == {"period", *(key for key, _ in PARTS)}
    assert list(figures) == ["period", "members", "proposals", "homes", "consultations", "opinions"]
    for part, keys in SPEC_KEYS.items():
        assert set(figures[part]) == keys, part
    assert figures["members"]["active"] > 0
    # demo fills every module for last year and this one
    assert figures["proposals"]["submitted"] > 0 and figures["homes"]["activities"] > 0
    assert figures["consultations"]["sessions"] > 0 and figures["opinions"]["received"] > 0
    assert 0 <= figures["members"]["standing"] <= figures["members"]["active"]
    for part in figures.values():
        for key, value in part.items():
            if key.endswith("_rate"):
                assert isinstance(value, float) and 0 <= value <= 100, (key, value)


def test_demo_refuses_a_database_that_already_has_members(data):
    assert run("demo", data=data).returncode == 0
    before = json.loads(run("stats", "--json", data=data).stdout)["members"]
    again = run("demo", data=data)
    assert again.returncode == 1
    assert "空数据库" in again.stderr
    assert json.loads(run("stats", "--json", data=data).stdout)["members"] == before


def test_stats_as_sentences_and_by_date_range(data):
    run("demo", data=data)
    result = run("stats", "--from", "2025-01-01", "--to", "2025-06-30", data=data)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("统计时段：2025年1月1日至2025年6月30日")
    assert "委员：在任" in result.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["bogus"], "没有“bogus”这个命令"),
        (["stats", "--year", "abc"], "应为整数"),
        (["stats", "--from", "2025/13/01", "--to", "2025-12-31"], "日期"),
        (["stats", "--year", "2025", "--session", "14-4"], "只能用一种方式"),
        (["demo", "--size", "huge"], "county"),
        (["report", "annual"], "--out"),
        (["stats", "--unknown"], "--unknown"),
    ],
)
def test_a_wrong_command_exits_2_with_one_chinese_sentence(data, args, words):
    result = run(*args, data=data)
    assert result.returncode == 2
    message = result.stderr.strip()
    assert words in message
    assert len(message.splitlines()) == 1
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)
    assert "usage:" not in message and "invalid choice" not in message and "error:" not in message


def test_an_unreadable_import_file_exits_2(data, tmp_path):
    result = run("import", "members", str(tmp_path / "没有这个文件.xlsx"), data=data)
    assert result.returncode == 2
    assert result.stderr.strip() and result.stdout == ""


def test_a_session_the_database_does_not_have(data):
    run("init", "--county", "黎城县", data=data)
    result = run("stats", "--session", "9-3", data=data)
    assert result.returncode == 2
    assert "九届三次会议" in result.stderr


def test_backup_restore_and_check(data, tmp_path):
    assert run("init", "--county", "黎城县", data=data).returncode == 0
    assert run("demo", data=data).returncode == 0
    before = json.loads(run("stats", "--json", data=data).stdout)

    out = tmp_path / "备份" / "黎城 备份.zip"
    backup = run("backup", "--out", str(out), data=data)
    assert backup.returncode == 0, backup.stderr
    assert out.is_file() and "备份完成" in backup.stdout

    assert run("init", "--county", "潞城区", data=data).returncode == 0
    with sqlite3.connect(data / "cppcc-desk.sqlite3") as con:  # a change the backup does not have
        con.execute("UPDATE members SET status = 'left', left_date = '2020-01-01'")
    con.close()
    assert json.loads(run("stats", "--json", data=data).stdout)["members"]["active"] == 0

    restore = run("restore", str(out), data=data)
    assert restore.returncode == 0, restore.stderr
    assert "已从“黎城 备份.zip”恢复" in restore.stdout
    assert json.loads(run("stats", "--json", data=data).stdout) == before
    assert "政协黎城县委员会" in run("init", data=data).stdout

    check = run("check", data=data)
    assert check.returncode == 0 and check.stdout.startswith("检查通过")


def test_restore_refuses_a_file_that_is_not_a_backup(data, tmp_path):
    run("init", "--county", "黎城县", data=data)
    not_backup = tmp_path / "名单.zip"
    not_backup.write_bytes(b"this is not a zip file")
    result = run("restore", str(not_backup), data=data)
    assert result.returncode == 2
    assert "不是本程序的备份文件" in result.stderr
    assert "政协黎城县委员会" in run("init", data=data).stdout
    assert not list((data / "backups").glob("恢复前自动备份-*"))


def test_check_reports_problems_with_exit_1(data):
    run("init", "--county", "黎城县", data=data)
    with sqlite3.connect(data / "cppcc-desk.sqlite3") as con:
        con.execute("INSERT INTO attachments (owner_type, owner_id, original_name, stored_path, sha256, size, uuid, "
                    "version) VALUES ('activity', 1, '照片.jpg', 'attachments/照片.jpg', 'x', 1, 'u1', 1)")
    con.close()
    result = run("check", data=data)
    assert result.returncode == 1
    assert "照片.jpg" in result.stderr and "丢失" in result.stderr


def test_a_foreign_database_is_refused_with_exit_2(tmp_path):
    folder = tmp_path / "别的程序"
    folder.mkdir()
    with sqlite3.connect(folder / "cppcc-desk.sqlite3") as con:
        con.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY)")
    con.close()
    result = run("check", data=folder)
    assert result.returncode == 2
    assert "不是本程序创建的" in result.stderr


def test_an_internal_error_is_an_apology_with_the_log_location(data):
    run("init", data=data)
    with sqlite3.connect(data / "cppcc-desk.sqlite3") as con:  # a broken store: stats cannot run
        con.execute("DROP TABLE opinions")
    con.close()
    result = run("stats", "--json", data=data)
    assert result.returncode == 2
    assert "程序内部出错" in result.stderr and "cppcc-desk.log" in result.stderr
    log = (data / "logs" / "cppcc-desk.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "opinions" in log


def test_a_gbk_console_never_fails_on_a_rare_character(data, tmp_path):
    """On a Chinese Windows console (GBK), 𠀀 cannot be printed: it becomes ?, and the command still works."""
    assert run("demo", data=data).returncode == 0
    out = tmp_path / "𠀀花名册.xlsx"
    result = subprocess.run([sys.executable, "-m", "desktop_app", "--data", str(data), "export", "members", str(out)],
                            capture_output=True, cwd=ROOT, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "gbk"})
    assert result.returncode == 0 and b"Traceback" not in result.stderr, result.stderr.decode("gbk", "replace")
    assert out.is_file()
    assert "?花名册.xlsx" in result.stdout.decode("gbk")
