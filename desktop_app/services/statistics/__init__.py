"""The one place every figure is computed (SQL aggregates); reports, pages and tests all use it.

Each part is a module with `compute(session, period) -> Figures` whose `as_json()` gives its
part of `stats --json` (docs/commands.md, `stats`).
"""
from __future__ import annotations

from desktop_app.domain.period import Period
from desktop_app.services.context import ServiceContext
from desktop_app.services.statistics import members, opinions
from desktop_app.services.statistics import proposals
from desktop_app.services.statistics import consultations, homes

# (json key, module) in the order of docs/commands.md (`stats`); each module adds its part here.
PARTS = [
    ("members", members),
    ("proposals", proposals),
    ("homes", homes),
    ("consultations", consultations),
    ("opinions", opinions),
]


class StatisticsService:
    def __init__(self, ctx: ServiceContext):
        self._ctx = ctx

    def part(self, name: str, period: Period):
        module = dict(PARTS)[name]
        with self._ctx.uow() as s:
            return module.compute(s, period)

    def figures(self, period: Period, *, units: bool = True) -> dict:
        """Every part's figures (frozen dataclasses, with their breakdowns) from one read transaction.

        `units=False` leaves out the proposals' per-unit table (ProposalFigures.units), for a report without it.
        """
        with self._ctx.uow() as s:
            return {key: module.compute(s, period, units=units) if module is proposals else module.compute(s, period)
                    for key, module in PARTS}

    def summary(self, period: Period) -> dict:
        """Every figure of the period in the layout of `stats --json`, from one read transaction (without the
        proposals' key list and per-unit table, which that layout does not hold)."""
        result: dict = {"period": period.as_dict()}
        with self._ctx.uow() as s:
            result.update((key, (module.compute(s, period, details=False) if module is proposals
                                 else module.compute(s, period)).as_json()) for key, module in PARTS)
        return result
