"""Rules for a consultation's fields (有事来商量): the consultation form and the ledger import call these.

Limits are the String(n) sizes of db/models/consultations.py (Consultation, Platform).
"""
from __future__ import annotations

from datetime import date

from desktop_app.domain.errors import Problem
from desktop_app.domain.record_rules import date_range, in_vocabulary, not_negative, required, text_length
from desktop_app.domain.vocabulary import Vocabulary

TOPIC_MAX, SOURCE_MAX, UNIT_MAX, SATISFACTION_MAX, PLATFORM_MAX = 200, 20, 100, 20, 100
COUNT_LABELS = {"department_participants": "部门参加人数", "resident_participants": "群众参加人数",
                "suggestions_count": "意见建议条数", "done_deeds": "办成实事件数"}


def held_on_problem(value: date | None, *, today: date | None = None) -> Problem | None:
    return (required(value, "日期", "consultation.held_on", what="协商日期")
            or date_range(value, "协商日期", "consultation.held_on", today=today))


def topic_problem(value: str | None) -> Problem | None:
    return (required(value, "议题", "consultation.topic", what="协商议题")
            or text_length(value, TOPIC_MAX, "议题", "consultation.topic"))


def topic_source_problem(value: str | None, vocab: Vocabulary | None) -> Problem | None:
    return (in_vocabulary(value, vocab, "议题来源", "consultation.topic_source")
            or text_length(value, SOURCE_MAX, "议题来源", "consultation.topic_source"))


def responsible_unit_problem(value: str | None) -> Problem | None:
    return text_length(value, UNIT_MAX, "责任单位", "consultation.responsible_unit")


def satisfaction_problem(value: str | None) -> Problem | None:
    return text_length(value, SATISFACTION_MAX, "群众满意度", "consultation.satisfaction")


def platform_problem(value: str | None) -> Problem | None:
    return (required(value, "协商议事室", "consultation.platform")
            or text_length(value, PLATFORM_MAX, "协商议事室", "consultation.platform"))


def count_problem(value: int | None, field_name: str) -> Problem | None:
    return not_negative(value, COUNT_LABELS[field_name], f"consultation.{field_name}")


def check_consultation_fields(data, vocabularies: dict[str, Vocabulary], *, today: date | None = None) -> list[Problem]:
    """Every problem with one consultation's values; `data` has the ConsultationInput attributes."""
    found = [held_on_problem(data.held_on, today=today), topic_problem(data.topic),
             topic_source_problem(data.topic_source, vocabularies.get("topic_source")),
             responsible_unit_problem(data.responsible_unit), satisfaction_problem(data.satisfaction),
             *(count_problem(getattr(data, f), f) for f in COUNT_LABELS)]
    return [p for p in found if p is not None]
