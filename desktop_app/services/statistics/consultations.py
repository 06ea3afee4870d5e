"""有事来商量 figures: platforms, sessions, suggestions, done deeds, members' participation, coverage."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import distinct, extract, func, select
from sqlalchemy.orm import Session

from db.models import Consultation, Member, Platform, consultation_members
from desktop_app.domain.enums import FollowUpStatus
from desktop_app.domain.period import Period, rate_value
from desktop_app.services.statistics.chart_data import month_keys
from desktop_app.services.settings import read_office
from desktop_app.services.statistics.members import active_member_ids


@dataclass(frozen=True)
class ConsultationFigures:
    platforms: int  # platforms in use
    sessions: int  # consultations held in the period
    suggestions: int
    done_deeds: int
    participating_members: int  # active members who took part at least once
    active_members: int
    covered_villages: int  # villages and communities with a platform
    villages_total: int  # OfficeSettings.villages_and_communities
    department_participants: int
    resident_participants: int
    by_topic_source: dict[str, int] = field(default_factory=dict)
    by_follow_up: dict[str, int] = field(default_factory=dict)  # 未落实 / 落实中 / 已落实
    by_township: dict[str, int] = field(default_factory=dict)
    by_month: dict[str, int] = field(default_factory=dict)  # "2025-03" → consultations held
    by_topic: dict[str, int] = field(default_factory=dict)  # topic → consultations, most first
    months: tuple[str, ...] = ()  # every month the period touches, "2025-01" …, for by_month's gaps

    @property
    def member_participation_rate(self) -> float | None:
        return rate_value(self.participating_members, self.active_members)

    @property
    def coverage_rate(self) -> float | None:
        return rate_value(self.covered_villages, self.villages_total)

    def as_json(self) -> dict:
        return {"platforms": self.platforms, "sessions": self.sessions, "suggestions": self.suggestions,
                "done_deeds": self.done_deeds, "member_participation_rate": self.member_participation_rate}


def compute(session: Session, period: Period) -> ConsultationFigures:
    in_period = Consultation.held_on.between(period.start, period.end)
    platforms = session.scalar(select(func.count()).select_from(Platform).where(Platform.active.is_(True)))
    sessions, suggestions, deeds, departments, residents = session.execute(
        select(func.count(), func.coalesce(func.sum(Consultation.suggestions_count), 0),
               func.coalesce(func.sum(Consultation.done_deeds), 0),
               func.coalesce(func.sum(Consultation.department_participants), 0),
               func.coalesce(func.sum(Consultation.resident_participants), 0)).where(in_period)).one()
    active_ids = active_member_ids(period)
    taking_part = (select(consultation_members.c.member_id)
                   .join(Consultation, Consultation.id == consultation_members.c.consultation_id).where(in_period))
    participating = session.scalar(select(func.count()).select_from(Member).where(
        Member.id.in_(active_ids), Member.id.in_(taking_part)))
    active = session.scalar(select(func.count()).select_from(active_ids.subquery()))
    covered = session.scalar(select(func.count(distinct(Platform.village_id)))
                             .where(Platform.active.is_(True), Platform.village_id.is_not(None)))
    by_source = {source or "未填": n for source, n in session.execute(
        select(Consultation.topic_source, func.count()).where(in_period).group_by(Consultation.topic_source)
        .order_by(func.count().desc())).all()}
    statuses = dict(session.execute(select(Consultation.follow_up_status, func.count()).where(in_period)
                                    .group_by(Consultation.follow_up_status)).all())
    by_follow_up = {status.label: statuses.get(status.value, 0) for status in FollowUpStatus}
    by_township = {t or "县级": n for t, n in session.execute(
        select(Platform.township, func.count()).join(Consultation, Consultation.platform_id == Platform.id)
        .where(in_period).group_by(Platform.township).order_by(func.count().desc())).all()}
    year, month = extract("year", Consultation.held_on), extract("month", Consultation.held_on)
    by_month = {f"{int(y):04d}-{int(m):02d}": n for y, m, n in session.execute(
        select(year, month, func.count()).where(in_period).group_by(year, month).order_by(year, month)).all()}
    by_topic = dict(session.execute(select(Consultation.topic, func.count()).where(in_period)
                                    .group_by(Consultation.topic).order_by(func.count().desc(), Consultation.topic)).all())
    return ConsultationFigures(platforms=platforms, sessions=sessions, suggestions=suggestions, done_deeds=deeds,
                               participating_members=participating, active_members=active, covered_villages=covered,
                               villages_total=read_office(session).villages_and_communities,
                               department_participants=departments, resident_participants=residents,
                               by_topic_source=by_source, by_follow_up=by_follow_up, by_township=by_township,
                               by_month=by_month, by_topic=by_topic, months=month_keys(period))
