"""Session spans: from the opening date, or — none entered yet — from the session's first proposal, saying so."""
from __future__ import annotations

from datetime import date

import pytest

from desktop_app.domain.errors import ValidationError
from desktop_app.services.organizations import OrganizationService
from desktop_app.services.periods import session_period
from desktop_app.services.proposals import ProposalService
from desktop_app.services.proposals.dto import ProposalInput
from desktop_app.services.terms import TermService


def _submit(store, session_id: int, on: date, organization_id: int) -> None:
    ProposalService(store).submit(ProposalInput(session_id=session_id, title=f"关于{on.isoformat()}的建议",
                                                submitted_on=on, kind="collective",
                                                lead_organization_id=organization_id))


@pytest.fixture
def sessions(store):
    organization_id = OrganizationService(store).add_organization(name="民建黎城县支部", kind="party").new_id
    terms = TermService(store)
    fourth = terms.add_session(term=14, number=4).new_id
    fifth = terms.add_session(term=14, number=5).new_id
    for on in (date(2025, 3, 2), date(2025, 1, 14), date(2025, 9, 30)):
        _submit(store, fourth, on, organization_id)
    return store, fourth, fifth, organization_id


def test_without_an_opening_date_the_span_starts_at_the_first_proposal_and_says_so(sessions):
    store, *_ = sessions
    period = session_period(store, "14-4")
    assert (period.start, period.end) == (date(2025, 1, 14), max(date.today(), date(2025, 1, 14)))
    assert period.note == ("十四届四次会议没有填写开幕日期，按第一件提案的提交日期2025年1月14日起算；"
                           "可在“基础资料”页填写开幕日期。")


def test_the_opening_date_entered_later_is_used_and_nothing_more_is_said(sessions):
    store, fourth, *_ = sessions
    TermService(store).edit_session(fourth, opening_date=date(2025, 1, 8))
    period = session_period(store, "14-4")
    assert period.start == date(2025, 1, 8) and period.note == ""


def test_the_next_session_ends_the_span_at_its_opening_or_its_first_proposal(sessions):
    store, fourth, fifth, organization_id = sessions
    _submit(store, fifth, date(2026, 1, 20), organization_id)
    assert session_period(store, "14-4").end == date(2026, 1, 19)
    TermService(store).edit_session(fifth, opening_date=date(2026, 1, 16))
    assert session_period(store, "14-4").end == date(2026, 1, 15)


def test_a_session_with_neither_date_nor_proposal_is_refused_with_what_to_do(sessions):
    store, *_ = sessions
    with pytest.raises(ValidationError) as refused:
        session_period(store, "14-5")
    assert refused.value.message == ("十四届五次会议还没有开幕日期，也还没有提案，无法确定从哪天起算。"
                                     "请在“基础资料”页填写开幕日期后再统计。")
