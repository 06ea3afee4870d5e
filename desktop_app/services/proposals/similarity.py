"""Local text similarity for 并案 suggestions: cosine over character bigrams, no network, no model."""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter

# Words every proposal title has; they would make all proposals look alike.
_BOILERPLATE = ("关于", "的建议", "的提案", "建议", "提案", "进一步", "加强", "推进", "推动", "完善", "工作")
_NOT_TEXT = re.compile(r"[^\w]+")


def bigrams(text: str) -> Counter:
    """Character bigrams of the text's words, boilerplate and punctuation removed."""
    text = unicodedata.normalize("NFKC", text or "")
    for word in _BOILERPLATE:
        text = text.replace(word, " ")
    grams: Counter = Counter()
    for chunk in _NOT_TEXT.split(text):
        if len(chunk) == 1:
            grams[chunk] += 1
        grams.update(chunk[i:i + 2] for i in range(len(chunk) - 1))
    return grams


def cosine(a: Counter, b: Counter) -> float:
    if not a or not b:
        return 0.0
    dot = sum(count * b.get(gram, 0) for gram, count in a.items())
    return dot / (math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values())))


def rank_similar(text: str, candidates: list[tuple[int, str]], *, limit: int = 5,
                 threshold: float = 0.2) -> list[tuple[int, float]]:
    """(id, score) of the candidates most alike to `text`, best first, scores rounded to 3 places."""
    target = bigrams(text)
    scored = [(cid, cosine(target, bigrams(body))) for cid, body in candidates]
    scored = [(cid, round(score, 3)) for cid, score in scored if score >= threshold]
    scored.sort(key=lambda item: (-item[1], item[0]))
    return scored[:limit]
