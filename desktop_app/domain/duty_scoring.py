"""Scoring a member's year of duty (委员履职): points per item, bands, and the 未履职预警 minimums.

Standard library only. The rules are data the office edits (resources/scoring/duty_rules.json, or its own
copy in the data folder); `parse_duty_rules` checks them and `score` applies them to one member's counts.
"""
from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# The counts a member's duty record has (the fields of services.performance.MemberDuty), with the
# Chinese name an error message or a report uses for each.
DUTY_ITEMS: dict[str, str] = {
    "meetings_present": "出席全体会议、常委会议",
    "meetings_excused": "请假未出席全体会议、常委会议",
    "meetings_absent": "缺席全体会议、常委会议",
    "activities_present": "参加其他活动",
    "activities_excused": "请假未参加其他活动",
    "activities_absent": "缺席其他活动",
    "proposals_led": "领衔提案",
    "proposals_cosigned": "联名提案",
    "proposals_accepted": "提案被立案",
    "proposals_key": "提案列为重点提案",
    "proposals_excellent": "提案评为优秀提案",
    "opinions_submitted": "报送社情民意信息",
    "opinions_adopted": "社情民意信息被采用",
    "consultations": "参加有事来商量",
}

Number = int | float


@dataclass(frozen=True)
class ItemRule:
    code: str  # a key of DUTY_ITEMS
    label: str
    points: Number  # per count; negative for a deduction
    cap: Number | None = None  # the most the item adds (or takes away) in all; None: no limit


@dataclass(frozen=True)
class Band:
    name: str
    minimum: Number  # the lowest score in the band


@dataclass(frozen=True)
class WarningRule:
    """未履职预警: raised when the items' counts added up stay below `minimum`."""

    items: tuple[str, ...]
    minimum: int
    text: str


@dataclass(frozen=True)
class DutyRules:
    items: tuple[ItemRule, ...]
    bands: tuple[Band, ...]  # best first; the last has minimum 0
    warnings: tuple[WarningRule, ...] = ()
    max_score: Number | None = None  # the total is cut to this (百分制: 100); None: no ceiling

    @property
    def band_names(self) -> tuple[str, ...]:
        return tuple(band.name for band in self.bands)


Score = int | float


def score(counts: Mapping[str, int], rules: DutyRules) -> tuple[Score, str, tuple[str, ...]]:
    """(score, band, warnings) for one member's counts; the score is never below 0."""
    total = max(sum((_item_points(counts.get(item.code, 0), item) for item in rules.items), Decimal(0)), Decimal(0))
    if rules.max_score is not None:
        total = min(total, _decimal(rules.max_score))
    value = _plain(total)
    return value, band_of(value, rules), warnings_for(counts, rules)


def points_by_item(counts: Mapping[str, int], rules: DutyRules) -> dict[str, Score]:
    """Each item's points (after its cap) for one member, in the rules' order: the score's working."""
    return {item.code: _plain(_item_points(counts.get(item.code, 0), item)) for item in rules.items}


def band_of(value: Score, rules: DutyRules) -> str:
    for band in rules.bands:
        if value >= band.minimum:
            return band.name
    return rules.bands[-1].name


def warnings_for(counts: Mapping[str, int], rules: DutyRules) -> tuple[str, ...]:
    return tuple(w.text for w in rules.warnings if sum(counts.get(code, 0) for code in w.items) < w.minimum)


def _item_points(count: int, item: ItemRule) -> Decimal:
    points = _decimal(item.points) * count
    if item.cap is None:
        return points
    cap = _decimal(item.cap)
    return max(-cap, min(points, cap))


def _decimal(value: Number) -> Decimal:
    return Decimal(str(value))  # via str: 0.1 stays 0.1, not the nearest binary fraction


def _plain(value: Decimal) -> Score:
    """An int when whole, else a float with one decimal (half up, as people round)."""
    rounded = value.quantize(Decimal("0.1"), ROUND_HALF_UP)
    return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)


# ----- reading the rules file -----

def parse_duty_rules(data: object) -> DutyRules:
    """The rules from their JSON form; ValueError with one Chinese sentence naming the first bad entry."""
    if not isinstance(data, dict):
        raise ValueError("评分规则应为一个以 { 开头的 JSON 对象，内含 items、bands 和 warnings。")
    items = _items(data.get("items"))
    bands = _bands(data.get("bands"))
    warnings = _warnings(data.get("warnings", []))
    max_score = data.get("max_score")
    if max_score is not None and not _positive(max_score):
        raise ValueError(f"满分“max_score”写的是“{max_score}”，应为正数（例如 100），不设满分可删去这一项。")
    return DutyRules(items, bands, warnings, max_score)


def _items(raw: object) -> tuple[ItemRule, ...]:
    if not isinstance(raw, dict):
        raise ValueError("缺少“items”（各计分项每次的分值），应写成 \"items\": {\"proposals_led\": {\"points\": 10}}。")
    return tuple(_item(code, entry) for code, entry in raw.items())


def _item(code: str, entry: object) -> ItemRule:
    if code not in DUTY_ITEMS:
        raise ValueError(f"计分项“{code}”不认识，可用的计分项有：{'、'.join(DUTY_ITEMS)}。")
    name = f"计分项“{code}”（{DUTY_ITEMS[code]}）"
    if not isinstance(entry, dict):
        raise ValueError(f"{name}写法不对，应为 {{\"points\": 10, \"cap\": 20}}。")
    points, cap = entry.get("points"), entry.get("cap")
    if not _number(points):
        raise ValueError(f"{name}的每次分值“points”应为数字（扣分写负数），例如 10 或 -5。")
    if cap is not None and not _positive(cap):
        raise ValueError(f"{name}的上限“cap”应为正数（该项最多计多少分），不设上限可删去“cap”。")
    label = entry.get("label")
    return ItemRule(code, label.strip() if isinstance(label, str) and label.strip() else DUTY_ITEMS[code],
                    points, cap)


def _bands(raw: object) -> tuple[Band, ...]:
    example = "[{\"name\": \"优秀\", \"min\": 90}, …, {\"name\": \"不称职\", \"min\": 0}]"
    if not isinstance(raw, list) or not raw:
        raise ValueError(f"缺少等次“bands”，应写成 {example}。")
    bands = []
    for entry in raw:
        name = entry.get("name") if isinstance(entry, dict) else None
        minimum = entry.get("min") if isinstance(entry, dict) else None
        if not isinstance(name, str) or not name.strip() or not _number(minimum) or minimum < 0:
            raise ValueError(f"等次“{_shown(entry)}”写法不对，应为 {{\"name\": \"良好\", \"min\": 80}}，min 不小于 0。")
        bands.append(Band(name.strip(), minimum))
    for seen, band in enumerate(bands):
        if any(b.name == band.name or b.minimum == band.minimum for b in bands[:seen]):
            raise ValueError(f"等次“{band.name}”（min {band.minimum}）与前面的等次重名或最低分相同，请改正。")
    if min(b.minimum for b in bands) != 0:
        raise ValueError(f"等次中须有一档的 min 为 0 才能包含所有得分，例如 {{\"name\": \"不称职\", \"min\": 0}}。")
    return tuple(sorted(bands, key=lambda b: b.minimum, reverse=True))


def _warnings(raw: object) -> tuple[WarningRule, ...]:
    if not isinstance(raw, list):
        raise ValueError("未履职预警“warnings”应为列表，例如 [{\"items\": [\"proposals_led\"], \"min\": 1, \"text\": \"未提交提案\"}]。")
    return tuple(_warning(entry) for entry in raw)


def _warning(entry: object) -> WarningRule:
    shape = "{\"items\": [\"proposals_led\", \"proposals_cosigned\"], \"min\": 1, \"text\": \"未领衔或联名提案\"}"
    if not isinstance(entry, dict):
        raise ValueError(f"未履职预警“{_shown(entry)}”写法不对，应为 {shape}。")
    items, minimum, text = entry.get("items"), entry.get("min"), entry.get("text")
    items = [items] if isinstance(items, str) else items
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"未履职预警“{_shown(entry)}”缺少提示文字“text”，应为 {shape}。")
    name = f"未履职预警“{text.strip()}”"
    if not isinstance(items, list) or not items:
        raise ValueError(f"{name}缺少计分项“items”，应为 {shape}。")
    unknown = [code for code in items if code not in DUTY_ITEMS]
    if unknown:
        raise ValueError(f"{name}中的计分项“{unknown[0]}”不认识，可用的计分项有：{'、'.join(DUTY_ITEMS)}。")
    if isinstance(minimum, bool) or not isinstance(minimum, int) or minimum < 1:
        raise ValueError(f"{name}的最少次数“min”应为正整数，例如 3。")
    return WarningRule(tuple(items), minimum, text.strip())


def _number(value: object) -> bool:
    # json.loads accepts NaN and Infinity: neither is a number of points
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _positive(value: object) -> bool:
    return _number(value) and value > 0


def _shown(entry: object) -> str:
    """An entry as the office wrote it, shortened, to name it in a message."""
    text = json.dumps(entry, ensure_ascii=False)
    return text if len(text) <= 40 else text[:40] + "…"
