"""A member's activities and consultations, for the member's page and the duty record (履职)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from db.models import Activity, Attendance, Consultation, Home, Platform, consultation_members
from desktop_app.domain.enums import AttendanceStatus, FollowUpStatus
from desktop_app.domain.period import Period
from desktop_app.services.context import ServiceContext


@dataclass(frozen=True)
class MemberActivity:
    activity_id: int
    held_on: date
    kind: str
    title: str
    home_name: str | None
    status: str

    @property
    def status_label(self) -> str:
        return AttendanceStatus(self.status).label


@dataclass(frozen=True)
class MemberConsultation:
    consultation_id: int
    held_on: date
    platform_name: str
    topic: str
    follow_up_status: str

    @property
    def follow_up_label(self) -> str:
        return FollowUpStatus(self.follow_up_status).label


@dataclass(frozen=True)
class MemberParticipation:
    member_id: int
    activities: tuple[MemberActivity, ...]
    consultations: tuple[MemberConsultation, ...]

    def count(self, status: str) -> int:
        return sum(1 for a in self.activities if a.status == status)

    @property
    def present(self) -> int:
        return self.count(AttendanceStatus.PRESENT.value)

    @property
    def excused(self) -> int:
        return self.count(AttendanceStatus.EXCUSED.value)

    @property
    def absent(self) -> int:
        return self.count(AttendanceStatus.ABSENT.value)


def member_participation(ctx: ServiceContext, member_id: int, period: Period | None = None) -> MemberParticipation:
    """Every activity the member was recorded at (with the status) and every consultation taken part in, newest first."""
    with ctx.uow() as s:
        stmt = (select(Activity.id, Activity.held_on, Activity.kind, Activity.title, Home.name, Attendance.status)
                .join(Attendance, Attendance.activity_id == Activity.id)
                .outerjoin(Home, Home.id == Activity.home_id)
                .where(Attendance.member_id == member_id).order_by(Activity.held_on.desc(), Activity.id.desc()))
        cstmt = (select(Consultation.id, Consultation.held_on, Platform.name, Consultation.topic,
                        Consultation.follow_up_status)
                 .join(consultation_members, consultation_members.c.consultation_id == Consultation.id)
                 .join(Platform, Platform.id == Consultation.platform_id)
                 .where(consultation_members.c.member_id == member_id)
                 .order_by(Consultation.held_on.desc(), Consultation.id.desc()))
        if period is not None:
            stmt = stmt.where(Activity.held_on.between(period.start, period.end))
            cstmt = cstmt.where(Consultation.held_on.between(period.start, period.end))
        activities = tuple(MemberActivity(*r) for r in s.execute(stmt))
        consultations = tuple(MemberConsultation(*r) for r in s.execute(cstmt))
    return MemberParticipation(member_id, activities, consultations)
