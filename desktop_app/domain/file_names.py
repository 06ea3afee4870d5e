"""File names made from people's and units' names, safe on Windows (standard library only)."""
from __future__ import annotations

import re

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
