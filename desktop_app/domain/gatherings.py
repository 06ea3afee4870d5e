"""Rules for 委员之家, their activities, 协商议事室 and 有事来商量: levels, name lists, matching names.

Standard library only; shared by the services, the ledger imports and the forms.
"""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field

from desktop_app.domain.enums import FollowUpStatus
from desktop_app.domain.normalize import clean_name, clean_text, scalar_text

HOME_LEVELS = ("县级", "乡镇", "界别")
PLATFORM_LEVELS = ("县", "乡镇", "村社区")
VILLAGE_KINDS = ("村", "社区")
# Activity kinds that are the committee's own meetings: members' duty records count them apart.
DUTY_MEETING_KINDS = ("全体会议", "常委会议")

_NAME_SEPARATORS = re.compile(r"[、，,;；/\s]+")
_PLAIN_NAMES = re.compile("[\u4e00-\u9fff]+(?:、[\u4e00-\u9fff]+)*")  # CJK unified ideographs only
_TOWNSHIP_MARKS = ("镇", "乡", "街道", "社区", "村")

# Follow-up status as offices write it → code; the enum labels are matched too.
_FOLLOW_UP_ALIASES = {
    "未落实": FollowUpStatus.NOT_STARTED, "未开始": FollowUpStatus.NOT_STARTED, "待落实": FollowUpStatus.NOT_STARTED,
    "落实中": FollowUpStatus.IN_PROGRESS, "正在落实": FollowUpStatus.IN_PROGRESS, "推进中": FollowUpStatus.IN_PROGRESS,
    "办理中": FollowUpStatus.IN_PROGRESS, "部分落实": FollowUpStatus.IN_PROGRESS,
    "已落实": FollowUpStatus.DONE, "已完成": FollowUpStatus.DONE, "完成": FollowUpStatus.DONE,
    "已办结": FollowUpStatus.DONE, "落实": FollowUpStatus.DONE,
}


def split_names(value: object) -> list[str]:
    """Names in one cell, separated by 、，, ; or spaces, each tidied; duplicates kept once, in order."""
    if value.__class__ is str and _PLAIN_NAMES.fullmatch(value):
        # the common cell, Chinese names joined by 、: nothing to clean (these characters are NFKC as they are)
        return list(dict.fromkeys(value.split("、")))
    text = value if value.__class__ is str else scalar_text(value)
    if not text.strip():
        return []
    names = dict.fromkeys(map(_clean_part, _NAME_SEPARATORS.split(clean_text(text))))
    names.pop("", None)
    return list(names)


@lru_cache(maxsize=65536)
def _clean_part(part: str) -> str:
    return clean_name(part)  # names repeat across a ledger's rows: tidy each once


def join_names(names) -> str:
    """The form a ledger export writes: names joined by 、 (read back by split_names)."""
    return "、".join(names)


def infer_home_level(name: str) -> str:
    """A home's level guessed from its name: 县… → 县级, a township's → 乡镇, otherwise 界别."""
    core = name.replace("委员之家", "")
    if core.startswith("县") or core.endswith("县"):
        return "县级"
    if any(mark in core for mark in _TOWNSHIP_MARKS):
        return "乡镇"
    return "界别"


def infer_village_kind(name: str) -> str:
    return "社区" if name.endswith(("社区", "居委会")) else "村"


def platform_level(township: str | None, village: str | None) -> str:
    """A platform's level from where it sits: a village's room, a township's, or the county's."""
    if village:
        return "村社区"
    if township:
        return "乡镇"
    return "县"


def proposal_title(topic: str) -> str:
    """案由 from a consultation topic: 关于……的建议, left alone when it already reads so."""
    topic = clean_text(topic).rstrip("。")
    if topic.startswith("关于") and topic.endswith(("建议", "提案")):
        return topic
    core = topic[2:] if topic.startswith("关于") else topic
    return f"关于{core}的建议"


def opinion_title(topic: str) -> str:
    topic = clean_text(topic).rstrip("。")
    core = topic[2:] if topic.startswith("关于") else topic
    return f"关于{core}的意见建议"


def follow_up_status(value: object) -> FollowUpStatus | None:
    """The follow-up status for a cell's text (未落实 / 落实中 / 已落实 and common variants), else None."""
    text = clean_name(value)
    if not text:
        return None
    found = _FOLLOW_UP_ALIASES.get(text) or FollowUpStatus.from_label(text)
    return found


def parse_count(value: object) -> tuple[int | None, str | None]:
    """(count, problem): a non-negative whole number from a cell; blank is (None, None)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, bool):
        return None, "应填写数字。"
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            return None, f"“{scalar_text(value)}”不是整数，请填写整数。"
        number = int(value)
    else:
        text = clean_text(value).rstrip("人条件个次")
        if not text.isdigit():
            return None, f"“{clean_text(value)}”不是数字，请填写整数。"
        number = int(text)
    if number < 0:
        return None, "数字不能为负数。"
    return number, None


@dataclass(frozen=True)
class RosterEntry:
    id: int
    name: str
    active: bool = True


@dataclass
class NameMatcher:
    """Matches names written in a ledger to members; a name is found when exactly one member has it.

    Members in office are preferred: a name shared by one member in office and one who left
    means the one in office. A name shared by two members in office is ambiguous.
    """

    entries: list[RosterEntry]
    _by_name: dict[str, list[RosterEntry]] = field(default_factory=dict, init=False, repr=False)
    _seen: dict[str, tuple[int | None, str | None]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for entry in self.entries:
            self._by_name.setdefault(clean_name(entry.name), []).append(entry)

    def match(self, name: str) -> tuple[int | None, str | None]:
        """(member id, problem): the problem is a Chinese sentence when the name is unknown or ambiguous."""
        known = self._seen.get(name)
        if known is None:
            known = self._seen[name] = self._match(name)
        return known

    def _match(self, name: str) -> tuple[int | None, str | None]:
        found = self._by_name.get(clean_name(name), [])
        active = [e for e in found if e.active]
        candidates = active or found
        if len(candidates) == 1:
            return candidates[0].id, None
        if not candidates:
            return None, f"委员“{name}”不在委员名单中，请核对姓名或先导入委员名单。"
        return None, f"委员名单中有{len(candidates)}位“{name}”，无法确定是哪一位，请在表中用不同写法区分或手工登记。"
