"""委员之家 figures: homes, activities held, attendance (人次), with breakdowns by kind, home and month."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import extract, func, or_, select
from sqlalchemy.orm import Session

from db.models import Activity, Attendance, Home, Member
from desktop_app.domain.period import Period, rate_value
from desktop_app.services.statistics.chart_data import month_keys
from desktop_app.services.statistics.members import active_member_ids


@dataclass(frozen=True)
class HomeFigures:
    count: int  # homes in operation during the period
    activities: int  # activities held in the period
    attendance: int  # attendance records with 出席 (人次)
    excused: int
    absent: int
    county_wide: int  # activities without a home (全体会议 …)
    attending_members: int  # active members present at least once
    active_members: int
    other_participants: int
    suggestions: int
    by_kind: dict[str, int] = field(default_factory=dict)
    by_home: dict[str, int] = field(default_factory=dict)
    by_month: dict[str, int] = field(default_factory=dict)  # "2025-03" → activities
    attendance_by_kind: dict[str, int] = field(default_factory=dict)
    months: tuple[str, ...] = ()  # every month the period touches, "2025-01" …, for by_month's gaps

    @property
    def in_homes(self) -> int:
        """Activities held by a home (the others are county-wide)."""
        return self.activities - self.county_wide

    @property
    def member_participation_rate(self) -> float | None:
        return rate_value(self.attending_members, self.active_members)

    def as_json(self) -> dict:
        return {"count": self.count, "activities": self.activities, "attendance": self.attendance}


def compute(session: Session, period: Period) -> HomeFigures:
    in_period = Activity.held_on.between(period.start, period.end)
    count = session.scalar(select(func.count()).select_from(Home).where(
        or_(Home.active.is_(True), Home.retired_date >= period.start)))
    activities, county_wide, others, suggestions = session.execute(
        select(func.count(), func.count() - func.count(Activity.home_id),
               func.coalesce(func.sum(Activity.other_participants), 0),
               func.coalesce(func.sum(Activity.suggestions_count), 0)).where(in_period)).one()
    by_status = dict(session.execute(
        select(Attendance.status, func.count()).join(Activity, Activity.id == Attendance.activity_id)
        .where(in_period).group_by(Attendance.status)).all())
    active_ids = active_member_ids(period)
    present_ids = (select(Attendance.member_id).join(Activity, Activity.id == Attendance.activity_id)
                   .where(in_period, Attendance.status == "present"))
    # members first, each looked up in the period's attendance (the other way round is 20× slower at 200k rows)
    attending = session.scalar(select(func.count()).select_from(Member).where(
        Member.id.in_(active_ids), Member.id.in_(present_ids)))
    active = session.scalar(select(func.count()).select_from(active_ids.subquery()))
    by_kind = dict(session.execute(select(Activity.kind, func.count()).where(in_period)
                                   .group_by(Activity.kind).order_by(func.count().desc(), Activity.kind)).all())
    by_home = {name or "全县性活动": n for name, n in session.execute(
        select(Home.name, func.count()).select_from(Activity).outerjoin(Home, Home.id == Activity.home_id)
        .where(in_period).group_by(Home.name).order_by(func.count().desc(), Home.name)).all()}
    year, month = extract("year", Activity.held_on), extract("month", Activity.held_on)
    by_month = {f"{int(y):04d}-{int(m):02d}": n for y, m, n in session.execute(
        select(year, month, func.count()).where(in_period).group_by(year, month).order_by(year, month)).all()}
    attendance_by_kind = dict(session.execute(
        select(Activity.kind, func.count()).join(Attendance, Attendance.activity_id == Activity.id)
        .where(in_period, Attendance.status == "present").group_by(Activity.kind)).all())
    return HomeFigures(count=count, activities=activities, attendance=by_status.get("present", 0),
                       excused=by_status.get("excused", 0), absent=by_status.get("absent", 0),
                       county_wide=county_wide, attending_members=attending, active_members=active,
                       other_participants=others, suggestions=suggestions, by_kind=by_kind, by_home=by_home,
                       by_month=by_month, attendance_by_kind=attendance_by_kind, months=month_keys(period))
