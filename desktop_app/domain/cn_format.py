"""Chinese formats used in every output: dates without leading zeros, Chinese numerals.

Standard library only, so services, file writers and the window all print the same thing.
"""
from __future__ import annotations

import datetime as _dt

_DIGITS = "零一二三四五六七八九"


def format_cn_date(value: _dt.date | _dt.datetime | None, *, empty: str = "") -> str:
    """`2026年1月16日` — Arabic numerals, no leading zeros (GB/T 9704-2012 §7.3.5.4)."""
    if value is None:
        return empty
    return f"{value.year}年{value.month}月{value.day}日"


def format_cn_month(value: _dt.date | _dt.datetime | None, *, empty: str = "") -> str:
    """`2026年1月` for a birth month or a period."""
    if value is None:
        return empty
    return f"{value.year}年{value.month}月"


def cn_numeral(number: int) -> str:
    """Chinese numeral for 0–9999 as written in 届次 and 会次: 14 → 十四, 5 → 五, 105 → 一百零五."""
    if not isinstance(number, int) or isinstance(number, bool):
        raise TypeError("cn_numeral expects an int")
    if number < 0 or number > 9999:
        raise ValueError(f"cn_numeral handles 0–9999, got {number}")
    if number < 10:
        return _DIGITS[number]
    if number < 20:  # 十, 十四 — not 一十四
        return "十" + (_DIGITS[number - 10] if number > 10 else "")
    units = ((1000, "千"), (100, "百"), (10, "十"), (1, ""))
    out: list[str] = []
    zero_pending = False
    for size, name in units:
        digit = (number // size) % 10
        if digit == 0:
            if out:
                zero_pending = True
            continue
        if zero_pending:
            out.append("零")
            zero_pending = False
        out.append(_DIGITS[digit] + name)
    return "".join(out)


def session_short(term: int, number: int) -> str:
    """`十四届四次` — how the window writes a plenary session (in a sentence: 十四届四次会议); never 14-4."""
    return f"{cn_numeral(term)}届{cn_numeral(number)}次"


def session_name(term: int, number: int) -> str:
    """`十四届四次会议` — a plenary session named in a list, a message or a sentence."""
    return f"{session_short(term, number)}会议"


def committee_name(county: str) -> str:
    """`政协黎城县委员会` — the committee's name as it is written when the office has not given its own."""
    return f"政协{county}委员会" if county else "政协委员会"


def session_label(*, county: str, term: int, session: int) -> str:
    """`政协第十四届黎城县委员会第五次会议` — the name of a plenary session."""
    return f"政协第{cn_numeral(term)}届{county}委员会第{cn_numeral(session)}次会议"


def exported_sentence(count: int, counted: str, path: object) -> str:
    """What the window and the command line say after an export: `已导出 205 次活动到“…/活动台账.xlsx”。`
    (`counted`: the measure word and the noun, 次活动, 件提案, 名委员 …)."""
    return f"已导出 {count} {counted}到“{path}”。"
