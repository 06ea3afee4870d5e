"""Rules the office may keep as its own JSON file in the data folder (holiday schedule, duty scoring)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, TypeVar

from desktop_app.domain.errors import InputFileProblem

T = TypeVar("T")


def read_rules_file(path: Path, what: str, parse: Callable[[object], T]) -> T:
    """`parse` of the file's JSON; an unreadable or wrong file is one Chinese sentence naming it and what to do."""
    try:
        return parse(json.loads(path.read_text(encoding="utf-8-sig")))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputFileProblem(f"读不出{what}“{path}”，请检查该文件。") from exc
    except (json.JSONDecodeError, ValueError) as exc:
        reason = f"第 {exc.lineno} 行不是正确的 JSON。" if isinstance(exc, json.JSONDecodeError) else str(exc)
        raise InputFileProblem(f"{what}“{path}”有误：{reason}请改正或删除该文件。") from exc
