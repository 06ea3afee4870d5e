"""Start-up speed of the window against a bare PySide6 window (docs/performance.md).

Run: python tests/benchmarks/startup.py [--repeat 5] [--members 180]
Each measurement is a fresh process running from bytecode (compiled first, as an installed program
is; PYTHONDONTWRITEBYTECODE is ignored); the clock starts just before the process is spawned
(CPPCC_DESK_BENCH_T0, a time.monotonic() value) and stops at:
  bare     a QMainWindow with a QTableView, shown and painted
  painted  our main window, shown and painted (CPPCC_DESK_BENCH=painted)
  filled   the lists of the page the window opens on (首页: today's work) filled from a database with
           demo data (CPPCC_DESK_BENCH=filled; before the 首页 it was the member list)
Prints the medians and the ratios of wall-clock time (the targets: painted ≤ 1.5× bare, filled ≤ 4.5×
bare, set when the first page was the member list) and, for comparison on a busy machine, of CPU seconds.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGETS = {"painted": 1.5, "filled": 4.5}

BARE = r"""
import os, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

def report():
    cpu = os.environ.get("CPPCC_DESK_BENCH_CPU")
    elapsed = time.process_time() if cpu else time.monotonic() - float(os.environ['CPPCC_DESK_BENCH_T0'])
    print("bare", f"{elapsed:.4f}", flush=True)
    os._exit(0)

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, report)
        return False

app = QApplication([])
window = QMainWindow()
window.setCentralWidget(QTableView())
watcher = FirstPaint()
window.installEventFilter(watcher)
window.resize(1280, 720)
window.show()
app.exec()
"""


def _env(extra: dict[str, str]) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # the installed program runs from bytecode, so measure that
    env.setdefault("QT_QPA_PLATFORM", "offscreen" if not env.get("DISPLAY") and sys.platform.startswith("linux")
                   else env.get("QT_QPA_PLATFORM", ""))
    if not env["QT_QPA_PLATFORM"]:
        env.pop("QT_QPA_PLATFORM")
    env.update(extra)
    return env


def _time(args: list[str], extra: dict[str, str], label: str) -> float:
    """Seconds from spawning the process to the moment it reports `label`."""
    env = _env(extra)
    env["CPPCC_DESK_BENCH_T0"] = repr(time.monotonic())
    done = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    for line in done.stdout.splitlines():
        if line.startswith(label + " "):
            return float(line.split()[1])
    raise RuntimeError(f"{label}: no timing reported (exit {done.returncode})\n{done.stdout}\n{done.stderr}")


def _report(title: str, runs: dict[str, list[float]]) -> bool:
    medians = {kind: statistics.median(values) for kind, values in runs.items()}
    print(f"{title}: bare QMainWindow + QTableView painted {medians['bare']:.3f} s")
    ok = True
    for kind, target in TARGETS.items():
        ratio = medians[kind] / medians["bare"]
        ok &= ratio <= target
        what = "main window painted" if kind == "painted" else "首页 lists filled"
        print(f"  {what}: {medians[kind]:.3f} s = {ratio:.2f}× bare (target ≤ {target}×) "
              f"{'ok' if ratio <= target else 'TOO SLOW'}")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    py = sys.executable
    wall: dict[str, list[float]] = {"bare": [], "painted": [], "filled": []}
    cpu: dict[str, list[float]] = {"bare": [], "painted": [], "filled": []}
    # Compiled once up front, as an installer (or PyInstaller) does; otherwise every run compiles our sources.
    subprocess.run([py, "-m", "compileall", "-q", "desktop_app", "db"], cwd=ROOT, check=True, env=_env({}))
    with tempfile.TemporaryDirectory(prefix="startup-") as tmp:
        data = Path(tmp) / "演示数据"
        subprocess.run([py, "-m", "desktop_app", "--data", str(data), "demo"], cwd=ROOT, check=True,
                       capture_output=True, env=_env({}))
        window = [py, "-m", "desktop_app", "--data", str(data)]
        _time(window, {"CPPCC_DESK_BENCH": "painted"}, "painted")  # warm the file cache once
        for _ in range(args.repeat):  # interleaved, so a slow moment hurts every kind alike
            for runs, extra in ((wall, {}), (cpu, {"CPPCC_DESK_BENCH_CPU": "1"})):
                runs["bare"].append(_time([py, "-c", BARE], extra, "bare"))
                for kind in ("painted", "filled"):
                    runs[kind].append(_time(window, {"CPPCC_DESK_BENCH": kind, **extra}, kind))
    print(f"runs per kind: {args.repeat}; platform: {_env({}).get('QT_QPA_PLATFORM', 'native')}")
    ok = _report("wall clock from spawn", wall)
    _report("CPU seconds (all threads; steadier when the machine is busy)", cpu)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
