"""kill -9 at any moment of `import members`, `backup` and `restore`: the next start leaves the data whole.

Each command runs as a person runs it (`python -m desktop_app --data DIR …`) and is killed with SIGKILL after
a delay — random within the command's own running time, several points each — or, for the restore, at each
step of its swap (the wrapper below kills the process from inside at the k-th file move, so every step
is hit, not only the ones a timer happens to land on). Then `check` runs: it must pass, the members are all
the ones before or all the ones after (counted from the roster files, never by the program), nothing
half-made is left in the data folder, and a restore cut short is finished or rolled back, `check` saying which.
"""
from __future__ import annotations

import os
import random
import shutil
import signal
import time
from pathlib import Path

import pytest

from desktop_app.services.presence import STARTING_S
from tests.cli.test_cli import run
from tests.faults.roster import write_roster
from tests.faults.support import leftovers, member_count, start

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL")

BIG = 20_000
SEED = int(os.environ.get("FAULTS_SEED", "20261206"))
ROLLED_BACK = "上次恢复备份在替换完成前中断，本次打开时已还原为恢复前的数据"
FINISHED = "上次恢复备份在替换完成后中断，本次打开时已完成收尾，数据是恢复后的数据"


def _kill_after(process, delay: float) -> bool:
    """SIGKILL the process after `delay` seconds; False when it had already ended by then."""
    try:
        process.wait(timeout=delay)
    except Exception:  # still running: the moment has come
        process.send_signal(signal.SIGKILL)
        process.wait()
        return True
    return False


def _delays(count: int, longest: float) -> list[float]:
    rng = random.Random(SEED)
    return sorted(round(rng.uniform(0.05, longest), 3) for _ in range(count))


def _check_after(data: Path) -> str:
    """The next start: `check` passes; returns what it said on stderr (the notes of opening)."""
    locks = [p.stat().st_mtime for p in (data / ".open").glob("*.lock") if p.name != "writer.lock"]
    if locks:  # a program's files younger than STARTING_S may be one starting: they are left alone until then
        time.sleep(max(0.0, STARTING_S - (time.time() - max(locks))) + 0.1)
    check = run("check", data=data)
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith("检查通过"), check.stdout
    assert leftovers(data) == [], leftovers(data)
    return check.stderr


def _timed(data: Path, *args: str) -> float:
    began = time.monotonic()
    result = run(*args, data=data)
    assert result.returncode == 0, result.stderr
    return time.monotonic() - began


def test_an_import_killed_at_any_moment_leaves_none_or_all_of_the_roster(tmp_path):
    roster = write_roster(tmp_path / "big.xlsx", BIG)
    measured = tmp_path / "量时"
    run("init", "--county", "黎城县", data=measured)
    took = _timed(measured, "import", "members", str(roster))  # how long an import runs on this machine
    assert member_count(measured) == BIG
    outcomes = []
    for index, delay in enumerate(_delays(6, took * 1.1)):
        data = tmp_path / f"数据{index}"
        assert run("init", "--county", "黎城县", data=data).returncode == 0
        killed = _kill_after(start(data, "import", "members", str(roster), tmpdir=tmp_path / f"tmp{index}"), delay)
        _check_after(data)
        count = member_count(data)
        assert count in (0, BIG), f"killed after {delay}s: {count} members"
        assert not any((tmp_path / f"tmp{index}").iterdir()), list((tmp_path / f"tmp{index}").iterdir())
        outcomes.append((delay, killed, count))
        again = run("import", "members", str(roster), data=data)  # and the folder is usable: the import completes
        assert again.returncode == 0, again.stderr
        assert member_count(data) == BIG
    print("import kills (delay s, killed, members):", outcomes, "of", round(took, 2), "s")


def test_a_backup_killed_at_any_moment_leaves_no_half_backup(tmp_path):
    data = tmp_path / "数据"
    run("init", "--county", "黎城县", data=data)
    assert run("import", "members", str(write_roster(tmp_path / "big.xlsx", BIG)), data=data).returncode == 0
    took = _timed(data, "backup")
    whole = sorted((data / "backups").glob("备份-*.zip"))
    assert len(whole) == 1
    outcomes = []
    for index, delay in enumerate(_delays(6, took * 1.1)):
        time.sleep(1.0)  # a new second: a finished backup gets a name of its own
        killed = _kill_after(start(data, "backup", tmpdir=tmp_path / f"tmp{index}"), delay)
        _check_after(data)
        assert member_count(data) == BIG
        assert not any((tmp_path / f"tmp{index}").iterdir()), list((tmp_path / f"tmp{index}").iterdir())
        outcomes.append((delay, killed, len(list((data / "backups").glob("备份-*.zip")))))
    print("backup kills (delay s, killed, whole backups):", outcomes, "of", round(took, 2), "s")


@pytest.fixture
def before_and_backup(tmp_path):
    """A folder with FEW members backed up, then MORE added: (data, backup zip, count before restore, after).

    Made once per test through the command line, then copied for each kill."""
    template = tmp_path / "样板"
    run("init", "--county", "黎城县", data=template)
    assert run("import", "members", str(write_roster(tmp_path / "few.xlsx", 3_000)), data=template).returncode == 0
    backup = tmp_path / "备份.zip"
    assert run("backup", "--out", str(backup), data=template).returncode == 0
    more = write_roster(tmp_path / "more.xlsx", 5_000, start=3_000)
    assert run("import", "members", str(more), data=template).returncode == 0
    assert leftovers(template) == []

    def make(name: str) -> tuple[Path, Path, int, int]:
        data = tmp_path / name
        shutil.copytree(template, data)
        return data, backup, 8_000, 3_000
    return make


def _assert_finished_or_rolled_back(stderr: str, count: int, before: int, after: int, when: str) -> str:
    if ROLLED_BACK in stderr:
        assert count == before, when
        return "rolled back"
    if FINISHED in stderr:
        assert count == after, when
        return "finished"
    assert count in (before, after), when  # killed before the swap began, or after it had tidied up
    return "untouched" if count == before else "done"


def test_a_restore_killed_at_any_moment_is_finished_or_rolled_back(tmp_path, before_and_backup):
    data, backup, before, after = before_and_backup("计时")
    took = _timed(data, "restore", str(backup))
    assert member_count(data) == after
    outcomes = []
    for index, delay in enumerate(_delays(6, took * 1.1)):
        data, backup, before, after = before_and_backup(f"数据{index}")
        killed = _kill_after(start(data, "restore", str(backup), tmpdir=tmp_path / f"tmp{index}"), delay)
        said = _check_after(data)
        outcomes.append((delay, killed, _assert_finished_or_rolled_back(said, member_count(data), before, after,
                                                                         f"killed after {delay}s")))
        assert not any((tmp_path / f"tmp{index}").iterdir()), list((tmp_path / f"tmp{index}").iterdir())
    print("restore kills (delay s, killed, outcome):", outcomes, "of", round(took, 2), "s")


# The restore killed from inside at its k-th file move (os.replace) or removal: every step of the swap is hit.
_KILL_AT_STEP = """
import os, shutil, signal, sys
import desktop_app.services.restore as restore
step = int(os.environ["FAULTS_KILL_AT"])
seen = [0]
def counted(function):
    def wrapper(*args, **kwargs):
        seen[0] += 1
        if seen[0] == step:
            os.kill(os.getpid(), signal.SIGKILL)
        return function(*args, **kwargs)
    return wrapper
restore.os.replace = counted(os.replace)
restore.shutil.rmtree = counted(shutil.rmtree)
from desktop_app.cli import run
sys.exit(run(sys.argv[1:]))
"""


def test_a_restore_killed_at_each_step_of_its_swap(tmp_path, before_and_backup, monkeypatch):
    outcomes = {}
    step = 1
    while True:
        data, backup, before, after = before_and_backup(f"步骤{step}")
        monkeypatch.setenv("FAULTS_KILL_AT", str(step))
        process = start(data, "restore", str(backup), code=_KILL_AT_STEP)
        out, err = process.communicate(timeout=120)
        said = _check_after(data)
        outcomes[step] = _assert_finished_or_rolled_back(said, member_count(data), before, after, f"step {step}")
        if process.returncode == 0:  # the restore ran to its end: every step before this one was a kill point
            assert "已从" in out and outcomes[step] == "done", (out, err)
            break
        assert process.returncode == -signal.SIGKILL, err
        step += 1
        assert step < 40
    assert "rolled back" in outcomes.values() and "finished" in outcomes.values(), outcomes
    print("restore swap steps:", outcomes)
