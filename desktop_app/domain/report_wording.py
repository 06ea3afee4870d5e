"""Small wording rules the reports share (standard library only)."""
from __future__ import annotations

import re

_NUMBERING = re.compile(r"[（(]\s*\d+\s*[）)]\s*$")
_ENDINGS = ("的几点建议", "的对策建议", "的意见建议", "的建议", "的提案", "的意见", "的议案", "的报告", "建议", "提案")


def shorten_title(title: str) -> str:
    """A proposal's or an opinion's title as a report names it in a list: 关于推进浊漳河生态修复的建议 → 推进浊漳河生态修复.

    The leading 关于, a trailing 的建议 / 的提案 / 的意见 and a trailing number such as （3） are dropped;
    a title that would become empty is returned as it was.
    """
    text = title.strip()
    text = _NUMBERING.sub("", text).strip()
    if text.startswith("关于"):
        text = text[2:]
    for ending in _ENDINGS:
        if text.endswith(ending) and len(text) > len(ending):
            text = text[: -len(ending)]
            break
    text = text.strip(" ，。、")
    if text.startswith("“") and text.endswith("”") and text.count("“") == 1:
        text = text[1:-1]
    return text or title.strip()


def join_names(names: list[str] | tuple[str, ...], *, limit: int | None = None, etc: str = "等") -> str:
    """“甲、乙、丙” — at most `limit` items, then 等 when some were left out."""
    items = [n for n in names if n]
    if limit is not None and len(items) > limit:
        return "、".join(items[:limit]) + etc
    return "、".join(items)
