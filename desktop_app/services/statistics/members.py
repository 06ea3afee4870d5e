"""Member figures: who is in office at the end of the period, and the make-up of the committee."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from db.models import Member
from desktop_app.domain.period import Period

AGE_BANDS = (("35岁及以下", 0, 35), ("36—45岁", 36, 45), ("46—55岁", 46, 55), ("56岁及以上", 56, 200))
CPC_STATUSES = ("中共党员", "中共预备党员")
UNFILLED = "未填"


def active_members_condition(period: Period):
    """In office (在任) at the end of the period: joined by then and not yet left."""
    return active_members_on(period.end)


def active_members_on(end):
    """In office (在任) on `end` (a date, or a bound parameter holding one): joined by then and not yet left."""
    joined = or_(Member.joined_date.is_(None), Member.joined_date <= end)
    not_left = or_(Member.status == "active", and_(Member.left_date.is_not(None), Member.left_date > end))
    return and_(joined, not_left)


def active_member_ids(period: Period):
    """A subquery of the ids of active members, for the participation rates of every module."""
    return select(Member.id).where(active_members_condition(period))


@dataclass(frozen=True)
class MemberFigures:
    active: int
    standing: int
    women: int
    minorities: int
    by_sector: dict[str, int] = field(default_factory=dict)
    by_political_status: dict[str, int] = field(default_factory=dict)
    by_education: dict[str, int] = field(default_factory=dict)
    by_age_band: dict[str, int] = field(default_factory=dict)

    @property
    def cpc(self) -> int:
        """Members of the Communist Party of China (中共党员, 中共预备党员)."""
        return sum(self.by_political_status.get(status, 0) for status in CPC_STATUSES)

    @property
    def non_cpc(self) -> int:
        """党外委员: a political status other than the CPC recorded (members with none recorded not counted)."""
        return sum(n for status, n in self.by_political_status.items() if status not in CPC_STATUSES + (UNFILLED,))

    @property
    def sectors(self) -> int:
        """界别 the members in office sit for."""
        return sum(1 for sector in self.by_sector if sector != UNFILLED)

    def as_json(self) -> dict:
        return {"active": self.active, "standing": self.standing}


def _grouped(session: Session, column, condition) -> dict[str, int]:
    rows = session.execute(
        select(func.coalesce(column, UNFILLED), func.count()).where(condition).group_by(column).order_by(func.count().desc())
    ).all()
    return {name: count for name, count in rows}


def compute(session: Session, period: Period) -> MemberFigures:
    condition = active_members_condition(period)
    active, standing, women, minorities = session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(case((Member.is_standing.is_(True), 1), else_=0)), 0),
            func.coalesce(func.sum(case((Member.gender == "女", 1), else_=0)), 0),
            func.coalesce(func.sum(case((and_(Member.ethnicity.is_not(None), Member.ethnicity != "汉族"), 1), else_=0)), 0),
        ).where(condition)
    ).one()
    # Age at the end of the period, from birth year and month.
    age = period.end.year - Member.birth_year - case((Member.birth_month > period.end.month, 1), else_=0)
    band = case(*[(and_(age >= low, age <= high), label) for label, low, high in AGE_BANDS], else_="未填")
    bands = dict(session.execute(select(band, func.count()).where(condition).group_by(band)).all())
    ordered_bands = {label: bands.get(label, 0) for label, _, _ in AGE_BANDS}
    if bands.get("未填"):
        ordered_bands["未填"] = bands["未填"]
    return MemberFigures(
        active=active, standing=standing, women=women, minorities=minorities,
        by_sector=_grouped(session, Member.sector, condition),
        by_political_status=_grouped(session, Member.political_status, condition),
        by_education=_grouped(session, Member.education, condition),
        by_age_band=ordered_bands,
    )
