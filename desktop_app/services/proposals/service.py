"""The proposal service: every step of services/proposals in one class."""
from __future__ import annotations

from desktop_app.services.context import ServiceContext
from desktop_app.services.proposals.handling import HandlingSteps
from desktop_app.services.proposals.queries import ProposalQueries
from desktop_app.services.proposals.submission import SubmissionSteps


class ProposalService(SubmissionSteps, HandlingSteps, ProposalQueries):
    """Every step is one transaction, checked against domain.proposal_workflow and kept in proposal_events."""

    def __init__(self, ctx: ServiceContext):
        self._ctx = ctx
