"""Breaking a long document title into balanced lines (GB/T 9704-2012 §7.3.1).

"标题回行时，要做到词意完整，排列对称，长短适宜，间距恰当，标题排列应当使用梯形或菱形。"
Lines are scored: breaks between words and after 委员会/以来 are cheap, breaks inside a word,
a number or a place name are dear, an hourglass shape is penalised, and lines of similar
length are preferred.
"""
from __future__ import annotations

import re
from typing import Iterable

TITLE_MAX_CHARS = 20  # 二号 characters that fit in one line of 156 mm


def text_width(text: str) -> float:
    """Width in 全角 characters: ASCII counts half."""
    return sum(0.5 if ch.isascii() else 1.0 for ch in text)


# Words a line should not be broken inside, and places a break reads naturally.
_WORDS = (
    "中国人民政治协商会议", "人民政协", "市政协", "县政协", "政协", "常务委员会", "委员会", "委员", "提案",
    "工作", "情况", "报告", "会议", "以来", "年度", "总结", "通知", "交办", "办理", "催办", "测评", "满意度",
    "征询", "意见", "建议", "签到表", "协商", "有事来商量", "社情民意", "信息", "委员之家", "履职", "档案",
    "通报", "关于", "进一步", "加强", "推进", "推动", "促进", "完善", "发展", "建设", "高质量", "乡村振兴",
    "营商环境", "农村", "城乡", "饮水", "安全", "教育", "医疗", "养老", "服务", "保护", "治理", "改革",
    "产业", "文化", "旅游", "生态", "环境", "基层", "社区", "管护", "机制", "体系", "问题", "活动",
)
_BREAK_AFTER = ("，", "、", "；", "：", "）", "》", "”", "」", "委员会", "以来")
_BREAK_BEFORE = ("（", "《", "“", "「", "关于", "——")
_PROTECTED = re.compile(
    r"第?[一二三四五六七八九十百零〇0-9]+(?:次会议|[届次号年月日期件])?|[\u4e00-\u9fff]{2}[省市县区镇乡村](?:委员会)?"
)


def _break_costs(text: str) -> list[float]:
    """cost[i] of breaking a line before text[i] (1 ≤ i < len): low where a reader expects a break."""
    n = len(text)
    cost = [8.0] * (n + 1)
    ends: set[int] = set()
    starts: set[int] = set()
    for word in _WORDS:
        start = text.find(word)
        while start != -1:
            starts.add(start)
            ends.add(start + len(word))
            start = text.find(word, start + 1)
    for i in range(1, n):
        if i in ends or i in starts:
            cost[i] = 3.0
    for word in _WORDS:
        start = text.find(word)
        while start != -1:
            for i in range(start + 1, start + len(word)):
                cost[i] = max(cost[i], 25.0)
            start = text.find(word, start + 1)
    for match in _PROTECTED.finditer(text):
        for i in range(match.start() + 1, match.end()):
            cost[i] = max(cost[i], 25.0)
    for i in range(1, n):
        a, b = text[i - 1], text[i]
        if b in "，、。；：）》”」！？" or a in "（《“「":
            cost[i] = 80.0  # no punctuation at a line start, no opening bracket at a line end
        elif a.isascii() and a.isalnum() and b.isascii() and b.isalnum():
            cost[i] = 80.0  # never split 2025
        elif any(text.startswith(w, i) for w in _BREAK_BEFORE) or any(text.endswith(w, 0, i) for w in _BREAK_AFTER):
            cost[i] = min(cost[i], 0.0)
        elif a == "的":
            cost[i] = min(cost[i], 2.0)
        if a == "协" and b in "第一二三四五六七八九十":
            cost[i] = max(cost[i], 25.0)  # 县政协十四届 is one name
        if text.endswith("关于", 0, i):
            cost[i] = max(cost[i], 15.0)  # 关于 opens a line, it does not end one
    return cost


def balance_title_lines(text: str, max_chars: int = TITLE_MAX_CHARS) -> list[str]:
    """Break a long title into lines shaped like a trapezoid or a diamond, never an hourglass.

    Explicit line breaks in `text` are kept as they are. Lines are at most `max_chars` wide
    (Latin letters and digits count half), of similar length, and broken between words
    where that is possible.
    """
    text = text.strip()
    if "\n" in text:
        return [line.strip() for line in text.splitlines() if line.strip()]
    n = len(text)
    width = text_width(text)
    if width <= max_chars:
        return [text]
    prefix = [0.0]
    for ch in text:
        prefix.append(prefix[-1] + (0.5 if ch.isascii() else 1.0))
    lines_needed = int(-(-width // max_chars))
    if lines_needed > 4:  # a title this long is an error of drafting; fill the lines greedily
        return [text[i : i + max_chars] for i in range(0, n, max_chars)]
    cost = _break_costs(text)
    best: tuple[float, list[int]] | None = None
    for count in (lines_needed, lines_needed + 1):
        if count > 4:
            continue
        for cuts in _cut_choices(prefix, count, max_chars):
            bounds = (0, *cuts, n)
            lengths = [prefix[b] - prefix[a] for a, b in zip(bounds, bounds[1:])]
            score = sum(cost[c] for c in cuts)
            mean = width / count
            score += sum(abs(x - mean) for x in lengths) * 0.5
            for k in range(1, count - 1):  # hourglass: an inner line shorter than both neighbours
                if lengths[k] < lengths[k - 1] and lengths[k] < lengths[k + 1]:
                    score += 30
            if min(lengths) < 4:
                score += 40
            score += (count - lines_needed) * 6
            if best is None or score < best[0]:
                best = (score, list(cuts))
    assert best is not None
    bounds = (0, *best[1], n)
    return [text[a:b] for a, b in zip(bounds, bounds[1:])]


def _cut_choices(prefix: list[float], count: int, max_chars: float) -> Iterable[tuple[int, ...]]:
    n = len(prefix) - 1

    def rec(start: int, left: int) -> Iterable[tuple[int, ...]]:
        if left == 1:
            if prefix[n] - prefix[start] <= max_chars:
                yield ()
            return
        for cut in range(start + 1, n):
            if prefix[cut] - prefix[start] > max_chars:
                break
            if prefix[n] - prefix[cut] <= max_chars * (left - 1):
                for rest in rec(cut, left - 1):
                    yield (cut, *rest)

    return rec(0, count)
