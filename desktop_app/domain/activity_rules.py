"""Rules for an activity's fields (委员之家活动): the activity form and the activity ledger import call these.

Limits are the String(n) sizes of db/models/homes.py (Activity).
"""
from __future__ import annotations

from datetime import date

from desktop_app.domain.errors import Problem
from desktop_app.domain.record_rules import date_range, in_vocabulary, not_negative, required, text_length
from desktop_app.domain.vocabulary import Vocabulary

TITLE_MAX, KIND_MAX, PLACE_MAX, HOME_MAX = 200, 30, 200, 100
LABELS = {"held_on": "日期", "title": "活动名称", "kind": "活动类型", "place": "地点", "home": "委员之家",
          "other_participants": "其他参加人数", "suggestions_count": "意见建议条数"}


def held_on_problem(value: date | None, *, today: date | None = None) -> Problem | None:
    return (required(value, "日期", "activity.held_on", what="活动日期")
            or date_range(value, "活动日期", "activity.held_on", today=today))


def title_problem(value: str | None) -> Problem | None:
    return (required(value, "活动名称", "activity.title")
            or text_length(value, TITLE_MAX, "活动名称", "activity.title"))


def kind_problem(value: str | None, vocab: Vocabulary | None) -> Problem | None:
    return (required(value, "活动类型", "activity.kind")
            or in_vocabulary(value, vocab, "活动类型", "activity.kind")
            or text_length(value, KIND_MAX, "活动类型", "activity.kind"))


def place_problem(value: str | None) -> Problem | None:
    return text_length(value, PLACE_MAX, "地点", "activity.place")


def home_problem(value: str | None) -> Problem | None:
    return text_length(value, HOME_MAX, "委员之家", "activity.home")


def count_problem(value: int | None, field_name: str) -> Problem | None:
    return not_negative(value, LABELS[field_name], f"activity.{field_name}")


def check_activity_fields(data, vocabularies: dict[str, Vocabulary], *, today: date | None = None) -> list[Problem]:
    """Every problem with one activity's values; `data` has the ActivityInput attributes."""
    found = [held_on_problem(data.held_on, today=today), title_problem(data.title),
             kind_problem(data.kind, vocabularies.get("activity_kind")), place_problem(data.place),
             count_problem(data.other_participants, "other_participants"),
             count_problem(data.suggestions_count, "suggestions_count")]
    return [p for p in found if p is not None]
