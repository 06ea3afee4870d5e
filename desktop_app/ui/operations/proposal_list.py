"""The 提案 list's loads: the ordered ids of the proposals the filters let through with the first page of rows
(off the GUI thread), then further pages as the view asks (one query of ≤ 200 rows each)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Callable

from desktop_app.ui.desk import Cancelled, Desk, Progress

if TYPE_CHECKING:
    from desktop_app.services.context import ServiceContext
    from desktop_app.services.proposals.dto import ProposalFilter, ProposalRow

PAGE_ROWS = 200
Order = tuple[str, bool]  # (sort key of services.proposals.queries.SORT_KEYS, descending)


@dataclass(frozen=True)
class ProposalList:
    """The ids the filters let through (in the list's order), the rows of the first of them, every proposal stored."""

    ids: list[int]
    rows: list["ProposalRow"]
    total: int


def load_list(flt: "ProposalFilter", order: Order | None, today: date,
              first: int = PAGE_ROWS) -> Callable[["ServiceContext", Progress, Cancelled], ProposalList]:
    """The list for the filters, sorted in SQL, with its first `first` rows."""

    def load(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> ProposalList:
        from desktop_app.services.proposals import ProposalService

        service = ProposalService(ctx)
        ids = service.list_ids(flt, order=order, today=today)
        return ProposalList(ids, service.rows_for(ids[:first], today=today), service.count())

    return load


def load_rows(ids: list[int], today: date) -> Callable[["ServiceContext", Progress, Cancelled], list["ProposalRow"]]:
    """The rows of these proposals (many of them: off the GUI thread)."""

    def load(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> list["ProposalRow"]:
        from desktop_app.services.proposals import ProposalService

        return ProposalService(ctx).rows_for(ids, today=today)

    return load


def row_fetcher(desk: Desk, today: date) -> Callable[[list[int]], list["ProposalRow"]]:
    """One page of rows on the GUI thread, as the view scrolls (≤ 200 rows by primary key: a few ms)."""

    def fetch(ids: list[int]) -> list["ProposalRow"]:
        from desktop_app.services.proposals import ProposalService

        if desk.ctx is None:
            return []
        return ProposalService(desk.ctx).rows_for(ids, today=today)

    return fetch
