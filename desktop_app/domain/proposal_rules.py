"""Rules for a proposal's fields (提案): the submission form and the proposal ledger import call these.

Limits are the String(n) sizes of db/models/proposals.py (Proposal).
"""
from __future__ import annotations

from datetime import date

from desktop_app.domain.errors import Problem
from desktop_app.domain.record_rules import date_range, in_vocabulary, required, text_length
from desktop_app.domain.vocabulary import Vocabulary

TITLE_MAX, CATEGORY_MAX = 300, 20


def title_problem(value: str | None) -> Problem | None:
    return (required(value, "案由", "proposal.title", what="案由（提案标题）")
            or text_length(value, TITLE_MAX, "案由", "proposal.title"))


def submitted_on_problem(value: date | None, *, today: date | None = None) -> Problem | None:
    return (required(value, "提交日期", "proposal.submitted_on")
            or date_range(value, "提交日期", "proposal.submitted_on", today=today))


def dated_problem(value: date | None, label: str, field_name: str, *, today: date | None = None) -> Problem | None:
    """交办日期, 答复日期: optional, but within the years a record may carry."""
    return date_range(value, label, f"proposal.{field_name}", today=today)


def category_problem(value: str | None, vocab: Vocabulary | None) -> Problem | None:
    return (in_vocabulary(value, vocab, "类别", "proposal.category")
            or text_length(value, CATEGORY_MAX, "类别", "proposal.category"))


def check_proposal_fields(data, vocabularies: dict[str, Vocabulary], *, today: date | None = None) -> list[Problem]:
    """Every problem with one proposal's own values; `data` has title, submitted_on and category."""
    found = [title_problem(data.title), submitted_on_problem(data.submitted_on, today=today),
             category_problem(data.category, vocabularies.get("proposal_category"))]
    return [p for p in found if p is not None]
