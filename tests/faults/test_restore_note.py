"""A restore killed after its swap and finished at the next opening records backups/restored.json, as a restore that
ran to its end does: `check` then compares the audit log with the restored backup, not with a later backup of the
history the restore replaced (which the restored log does not hold, and `check` would call it edited)."""
from __future__ import annotations

import json
import os
import signal
import time

import pytest

from desktop_app.services.presence import STARTING_S
from tests.cli.test_cli import run
from tests.faults.roster import write_roster
from tests.faults.support import leftovers, member_count, start

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL")

FINISHED = "上次恢复备份在替换完成后中断，本次打开时已完成收尾，数据是恢复后的数据"

# Killed from inside the moment the swap is done (the journal says "swapped"), before anything else is written.
_KILL_AFTER_SWAP = """
import os, signal, sys
import desktop_app.services.restore as restore
def killed(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
restore.write_restore_note = killed
from desktop_app.cli import run
sys.exit(run(sys.argv[1:]))
"""


def test_a_restore_finished_at_the_next_opening_names_the_restored_backup_for_check(tmp_path):
    data = tmp_path / "数据"
    assert run("init", "--county", "黎城县", data=data).returncode == 0
    assert run("import", "members", str(write_roster(tmp_path / "few.xlsx", 30)), data=data).returncode == 0
    first = tmp_path / "第一次备份.zip"
    assert run("backup", "--out", str(first), data=data).returncode == 0
    assert run("import", "members", str(write_roster(tmp_path / "more.xlsx", 20, start=30)), data=data).returncode == 0
    time.sleep(1.1)  # a backup of a later second: the newest of the history before the restore
    later = run("backup", data=data)
    assert later.returncode == 0, later.stderr
    assert member_count(data) == 50

    process = start(data, "restore", str(first), code=_KILL_AFTER_SWAP)
    out, err = process.communicate(timeout=120)
    assert process.returncode == -signal.SIGKILL, (out, err)
    assert not (data / "backups" / "restored.json").exists()
    assert (data / "restore-journal.json").exists()

    time.sleep(STARTING_S + 0.1)  # the killed program's note of having the folder open is then seen as stale
    checked = run("check", data=data)
    assert FINISHED in checked.stderr, checked.stderr
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "检查通过" in checked.stdout
    note = json.loads((data / "backups" / "restored.json").read_text(encoding="utf-8"))
    assert note["backup"] == "第一次备份.zip"
    assert member_count(data) == 30
    assert leftovers(data) == []
