"""Demo data: proposals with whole, consistent histories."""
from datetime import date

from sqlalchemy import func, select

from db.models import Assignment, Proposal, ProposalEvent, Reply
from desktop_app.domain.period import Period
from desktop_app.services.demo import DemoService
from desktop_app.services.statistics import StatisticsService


def test_county_demo_has_proposals_whose_history_ends_in_their_state(store):
    summary = dict(DemoService(store).fill(size="county", today=date(2025, 11, 20)).batch.tally)
    assert 500 <= summary["提案"] <= 700 and summary["承办单位"] == 30
    with store.uow() as s:
        last = (select(ProposalEvent.proposal_id, func.max(ProposalEvent.id).label("last"))
                .group_by(ProposalEvent.proposal_id).subquery())
        mismatched = s.scalar(select(func.count()).select_from(Proposal)
                              .join(last, last.c.proposal_id == Proposal.id)
                              .join(ProposalEvent, ProposalEvent.id == last.c.last)
                              .where(ProposalEvent.to_state != Proposal.state))
        without_history = s.scalar(select(func.count()).select_from(Proposal).where(
            ~select(ProposalEvent.id).where(ProposalEvent.proposal_id == Proposal.id).exists()))
        states = dict(s.execute(select(Proposal.state, func.count()).group_by(Proposal.state)).all())
        merged = s.scalar(select(func.count()).select_from(Proposal).where(Proposal.merged_into_id.is_not(None)))
        assert s.scalar(select(func.count()).select_from(Assignment)) > 400
        assert s.scalar(select(func.count()).select_from(Reply).where(Reply.superseded.is_(True))) > 0
    assert mismatched == 0 and without_history == 0
    assert {"closed", "not_accepted", "assigned", "withdrawn"} <= set(states) and merged > 0
    figures = StatisticsService(store).summary(Period.year(2025))["proposals"]
    assert figures["submitted"] > 250 and 75 < figures["acceptance_rate"] < 95
    assert sum(figures["by_category"].values()) == figures["accepted"]
