"""Pinyin of names for search: full (wangfang) and initials (wf), computed once per save or import.

The per-character readings come from resources/pinyin_chars.txt, a compact table made from
pypinyin's data (`build_table_file`): loading it takes ~20 ms, where importing pypinyin takes
0.2 s — too much inside a 10,000-row import that must stay within 3× the file read.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

from desktop_app.paths import resources_dir

TABLE_NAME = "pinyin_chars.txt"

# Surnames read differently from the character's common reading.
_SURNAME_READINGS = {
    "曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "区": "ou", "朴": "piao", "查": "zha",
    "乐": "yue", "秘": "bi", "盖": "ge", "尉": "yu", "缪": "miao", "覃": "qin", "翟": "zhai",
    "召": "shao", "万": "wan", "任": "ren", "沈": "shen", "纪": "ji", "柏": "bai", "长": "chang",
    "重": "chong", "宓": "mi", "员": "yun", "藏": "zang", "句": "gou", "卜": "bu", "薄": "bo",
}
_U_UMLAUT = str.maketrans({c: "v" for c in "üǖǘǚǜ"})  # typed as v on Chinese keyboards


def _plain(reading: str) -> str:
    reading = reading.translate(_U_UMLAUT)
    return "".join(c for c in unicodedata.normalize("NFD", reading) if not unicodedata.combining(c))


def build_table(pinyin_dict: dict[int, str]) -> str:
    """The table's text: one 'char syllable' line per character, first (most common) reading, no tones."""
    lines = [f"{chr(code)} {_plain(readings.split(',')[0])}" for code, readings in sorted(pinyin_dict.items())]
    return "\n".join(lines) + "\n"


def build_table_file(path: Path) -> None:
    """Regenerate the shipped table from pypinyin (a development dependency)."""
    from pypinyin.pinyin_dict import pinyin_dict

    Path(path).write_text(build_table(pinyin_dict), encoding="utf-8")


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    text = (resources_dir() / TABLE_NAME).read_text(encoding="utf-8")
    return dict(line.split(" ", 1) for line in text.splitlines() if line)


@lru_cache(maxsize=65536)
def name_pinyin(name: str) -> tuple[str, str]:
    """(full pinyin, initials) of a name, lower-case, no spaces: 王芳 → ("wangfang", "wf")."""
    table = _table()
    syllables: list[str] = []
    for index, ch in enumerate(name):
        if index == 0 and ch in _SURNAME_READINGS:
            syllables.append(_SURNAME_READINGS[ch])
            continue
        reading = table.get(ch)
        if reading:
            syllables.append(reading)
        elif ch.isalnum():
            syllables.append(ch.lower())
    return "".join(syllables), "".join(s[0] for s in syllables if s)


def names_pinyin(names: list[str]) -> list[tuple[str, str]]:
    """name_pinyin of each name, for a roster's 100,000 at once: each character's syllable is looked up once."""
    table = _table()
    syllables = {ch: table.get(ch) or (ch.lower() if ch.isalnum() else "") for ch in set("".join(names))}
    surnames = _SURNAME_READINGS
    out = []
    append = out.append
    for name in names:
        parts = [syllables[ch] for ch in name]
        if parts and name[0] in surnames:
            parts[0] = surnames[name[0]]
        if "" in parts:
            parts = [s for s in parts if s]
        append(("".join(parts), "".join([s[0] for s in parts])))
    return out


def pinyin_order(text: str) -> tuple[str, str]:
    """A sort key putting names in pinyin order (县财政局 before 县教育局), as a Chinese list is read;
    syllables are kept apart (xi an before xian) and the text itself breaks ties between homophones."""
    table = _table()
    syllables = [table.get(ch) or (ch.lower() if ch.isalnum() else "") for ch in text]
    return " ".join(s for s in syllables if s), text
