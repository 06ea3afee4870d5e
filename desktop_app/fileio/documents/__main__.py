"""`python -m desktop_app.fileio.documents [DIR]`: write every shipped template (default resources/templates)."""
from __future__ import annotations

import sys
from pathlib import Path

from desktop_app.fileio.documents import all_kinds


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else Path(__file__).resolve().parents[3] / "resources" / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    for document in all_kinds():
        path = document.build_template(folder / document.file_name)
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
