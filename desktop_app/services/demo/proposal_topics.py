"""What the demo's proposals are about, read from resources/demo/proposal_topics.json.

The file holds per topic: its category, titles (what follows 关于 in 关于……的建议), the problem it starts from,
three or more suggestions, the handling units (lead unit first, names without the level: 教育局 → 县教育局)
and what a unit's reply says it has done; and the reasons a unit declines or asks for more time.
Placeholders: {级} 县 (or 区, 市), {简} the county's short name, {镇} a township, {村} a village of it.
It is data, so the office (or a translator of the demo) edits words without touching code.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

TOPICS_FILE = Path("demo") / "proposal_topics.json"


@dataclass(frozen=True)
class Topic:
    category: str
    titles: tuple[str, ...]
    problem: str
    suggestions: tuple[str, ...]
    units: tuple[str, ...]
    measures: tuple[str, ...]


@dataclass(frozen=True)
class ProposalTopics:
    topics: tuple[Topic, ...]
    decline_reasons: tuple[str, ...]  # {unit} is the unit that should handle it instead
    extension_reasons: tuple[str, ...]


@lru_cache(maxsize=4)
def load_topics(resources: Path) -> ProposalTopics:
    data = json.loads((resources / TOPICS_FILE).read_text(encoding="utf-8"))
    topics = tuple(Topic(t["category"], tuple(t["titles"]), t["problem"], tuple(t["suggestions"]),
                         tuple(t["units"]), tuple(t["measures"])) for t in data["topics"])
    return ProposalTopics(topics, tuple(data["decline_reasons"]), tuple(data["extension_reasons"]))
