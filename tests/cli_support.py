"""Running the command line in-process, as the tests of reports and ledgers do."""
from __future__ import annotations

import io
from pathlib import Path

from desktop_app.cli import Output, run


def cli(data: Path, *argv: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `cppcc-desk --data DATA ARGV…`."""
    out, err = io.StringIO(), io.StringIO()
    code = run(["--data", str(data), *argv], out=Output(out, err))
    return code, out.getvalue(), err.getvalue()


def demo_folder(parent: Path) -> Path:
    """A data folder for 黎城县 filled with the demo data set."""
    data = parent / "数据"
    assert cli(data, "init", "--county", "黎城县")[0] == 0
    assert cli(data, "demo")[0] == 0
    return data
