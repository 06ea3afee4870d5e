"""Proposals (提案) from submission to the proposer's verdict: one service with a method per step.

`ProposalService` (this package's one export) is built on first use (PEP 562): a reader of one module here
(the 首页's open assignments, services/proposals/queries.py) does not pay for importing every step.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.services.proposals.service import ProposalService

__all__ = ["ProposalService"]


def __getattr__(name: str):
    if name == "ProposalService":
        from desktop_app.services.proposals.service import ProposalService

        return ProposalService
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
