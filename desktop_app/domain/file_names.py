"""File names made from people's and units' names, safe on Windows (standard library only)."""
from __future__ import annotations

import re
from pathlib import Path

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
MAX_STEM = 120  # characters; a folder path of a hundred more stays under Windows' 260


def safe_file_stem(text: str, *, fallback: str = "未命名") -> str:
    """`text` as a file name without extension: characters Windows refuses become `_`, no trailing dot or
    space, not a device name (CON, NUL …), at most MAX_STEM characters; `fallback` when nothing is left."""
    stem = _FORBIDDEN.sub("_", text).strip().rstrip(". ")
    stem = stem[:MAX_STEM].rstrip(". ")
    if not stem or set(stem) <= {"_"}:
        stem = fallback
    if stem.split(".")[0].upper() in _RESERVED:
        stem = f"{stem}_"
    return stem


def with_extension(path: Path, extension: str) -> Path:
    """`path` ending in `extension` (".xlsx", ".docx"): as given when it does, else with the extension added, so
    that a double-click opens it in Excel or Word, and nothing of the name the user typed is lost
    (工作总结 → 工作总结.docx, 2025.12.统计 → 2025.12.统计.xlsx)."""
    return path if path.suffix.lower() == extension else path.with_name(path.name + extension)
