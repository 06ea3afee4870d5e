"""Two programs on one data folder at once, through the real command line: nobody is added twice, the loser
is told in a sentence, and a restore never runs under an import."""
from __future__ import annotations

import json
import re
import time
from pathlib import Path

from tests.cli.test_cli import run
from tests.faults.roster import write_roster
from tests.faults.support import member_count, start

N = 4_000
CREATED = re.compile(r"导入完成：新增 (\d+) 人")


def _both_at_once(data: Path, roster: Path) -> list[tuple[int, str, str]]:
    first = start(data, "import", "members", str(roster))
    second = start(data, "import", "members", str(roster))
    results = []
    for process in (first, second):
        out, err = process.communicate(timeout=300)
        assert "Traceback" not in err and "程序内部出错" not in err, err
        results.append((process.returncode, out, err))
    return results


def _created(results) -> int:
    total = 0
    for code, out, err in results:
        if code == 0:
            total += int(CREATED.search(out).group(1))
        else:  # the loser: refused in one sentence, nothing written
            assert code == 1, err
            assert "导入前数据库已被修改" in err and "未导入任何数据" in err, err
    return total


def test_two_imports_of_a_roster_without_id_numbers_add_its_people_once(tmp_path):
    data = tmp_path / "数据"
    assert run("init", "--county", "黎城县", data=data).returncode == 0
    results = _both_at_once(data, write_roster(tmp_path / "名册.xlsx", N))
    assert member_count(data) == N
    assert _created(results) == N, results
    assert run("check", data=data).returncode == 0


def test_two_imports_of_a_roster_with_id_numbers_add_its_people_once(tmp_path):
    data = tmp_path / "数据"
    assert run("init", "--county", "黎城县", data=data).returncode == 0
    results = _both_at_once(data, write_roster(tmp_path / "名册.xlsx", N, with_ids=True))
    assert member_count(data) == N
    assert _created(results) == N, results
    assert run("check", data=data).returncode == 0


def test_a_restore_during_an_import_is_refused_naming_it_and_the_import_lands(tmp_path):
    data = tmp_path / "数据"
    assert run("init", "--county", "黎城县", data=data).returncode == 0
    backup = tmp_path / "空.zip"
    assert run("backup", "--out", str(backup), data=data).returncode == 0
    importing = start(data, "import", "members", str(write_roster(tmp_path / "名册.xlsx", 20_000)))
    deadline = time.monotonic() + 30
    while not any("import" in json.loads(p.read_text(encoding="utf-8"))["what"]
                  for p in (data / ".open").glob("*.json")):
        assert importing.poll() is None and time.monotonic() < deadline
        time.sleep(0.02)
    refused = run("restore", str(backup), data=data)
    still_running = importing.poll() is None
    out, err = importing.communicate(timeout=300)
    assert still_running, "the import ended before the restore asked: the test proves nothing"
    assert refused.returncode == 1, refused.stderr
    assert f"数据文件夹正被其他程序使用：命令行（import members {tmp_path / '名册.xlsx'}）（进程 {importing.pid}" \
        in refused.stderr, refused.stderr
    assert "数据未作任何更改" in refused.stderr
    assert importing.returncode == 0, err
    assert member_count(data) == 20_000
    assert run("check", data=data).returncode == 0


def test_programs_started_at_once_on_a_new_folder_all_open_it(tmp_path):
    """Four commands on a folder that has no database yet: each creates it or waits for the one creating it."""
    data = tmp_path / "新数据"
    roster = write_roster(tmp_path / "名册.xlsx", 500)
    processes = [start(data, "check"), start(data, "init", "--county", "黎城县"), start(data, "check"),
                 start(data, "import", "members", str(roster))]
    for process in processes:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
    assert member_count(data) == 500
    check = run("check", data=data)
    assert check.returncode == 0 and check.stdout.startswith("检查通过")
