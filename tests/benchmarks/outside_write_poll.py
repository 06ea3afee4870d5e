"""The cost of the window's "another program wrote" poll, and how soon a command-line write shows.

    python tests/benchmarks/outside_write_poll.py DATA_DIR

DATA_DIR is copied (never written). Prints one JSON line: the mean cost of Desk.check_outside_writes when nothing
changed (the poll runs on the GUI thread every WATCH_INTERVAL_MS) and the seconds from a `import members` command
ending to the Desk announcing the outside write.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(source: Path) -> dict:
    import openpyxl
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from desktop_app.app import make_desk

    app = QApplication.instance() or QApplication([])
    work = Path(tempfile.mkdtemp(prefix="poll-"))
    data = work / "data"
    data.mkdir()
    shutil.copy2(source / "cppcc-desk.sqlite3", data / "cppcc-desk.sqlite3")
    desk = make_desk(data, settings=QSettings(str(work / "ui.ini"), QSettings.Format.IniFormat))

    def spin(cond, seconds: float) -> None:
        until = time.monotonic() + seconds
        while not cond() and time.monotonic() < until:
            app.processEvents()
            time.sleep(0.002)

    desk.open_store()
    spin(lambda: desk.ready, 120)
    desk.watch_timer.stop()
    rounds = 5000
    started = time.perf_counter()
    for _ in range(rounds):
        desk.check_outside_writes()
    poll_ms = (time.perf_counter() - started) * 1000 / rounds
    book = openpyxl.Workbook()
    book.active.append(["姓名", "性别", "界别"])
    book.active.append(["测试委员甲", "女", "经济界"])
    book.save(work / "roster.xlsx")
    seen: list[float] = []
    desk.sig_outside_write.connect(lambda: seen.append(time.perf_counter()))
    desk.watch_timer.start()
    spin(lambda: False, 0.5)  # the timer's first tick lands mid-interval, as in use
    subprocess.run([sys.executable, "-m", "desktop_app", "--data", str(data), "import", "members",
                    str(work / "roster.xlsx")], cwd=ROOT, check=True, capture_output=True)
    ended = time.perf_counter()
    spin(lambda: bool(seen), 10)
    desk.close_store()
    shutil.rmtree(work, ignore_errors=True)
    return {"benchmark": "outside_write_poll", "poll_ms": round(poll_ms, 4), "interval_ms": desk.watch_timer.interval(),
            "noticed_s": round(seen[0] - ended, 2) if seen else None}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]))))
