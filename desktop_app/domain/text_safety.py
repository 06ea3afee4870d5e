"""Characters that must never reach a file: control characters and lone surrogates.

A .docx or .xlsx with one of them in a cell is refused by the writer (openpyxl's IllegalCharacterError)
or opens as damaged in Word; a record may still hold one from an old import or a paste.
"""
from __future__ import annotations

import re

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def without_control_characters(text: str) -> str:
    """`text` with control characters (tab, newline and carriage return kept) and lone surrogates removed."""
    return CONTROL_CHARACTERS.sub("", text) if CONTROL_CHARACTERS.search(text) else text
