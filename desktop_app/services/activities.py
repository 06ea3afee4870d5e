"""委员之家活动: record, edit, delete; attendance per member; attachments; lists with filters."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from sqlalchemy import case, delete, func, insert, or_, select
from sqlalchemy.orm import Session

from db.models import Activity, Attendance, Home, Member
from desktop_app.domain.enums import AttendanceStatus
from desktop_app.domain.activity_rules import check_activity_fields
from desktop_app.domain.errors import Conflict, Problem
from desktop_app.domain.normalize import clean_text
from desktop_app.services.attachments import (AttachmentRow, AttachmentsService, attachments_of,
                                              delete_attachments_of, discard_files)
from desktop_app.services.changes import Changes
from desktop_app.services.context import ServiceContext
from desktop_app.services.homes import HomeMember, home_members
from desktop_app.services.records import add_flushed, apply_input, flush_versioned, load_versioned, refuse_problems
from desktop_app.services.settings import load_vocabularies

OWNER_TYPE = "activity"


@dataclass(frozen=True)
class ActivityInput:
    held_on: date
    kind: str
    title: str
    home_id: int | None = None
    place: str | None = None
    summary: str | None = None
    other_participants: int = 0
    suggestions_count: int = 0
    suggestions_text: str | None = None
    notes: str | None = None
    # (member id, AttendanceStatus code); a member not listed has no attendance record
    attendance: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class ActivityRow:
    id: int
    held_on: date
    home_id: int | None
    home_name: str | None
    kind: str
    title: str
    place: str | None
    present: int
    excused: int
    absent: int
    other_participants: int
    suggestions_count: int
    version: int = 1


@dataclass(frozen=True)
class AttendanceLine:
    member_id: int
    name: str
    sector: str | None
    status: str

    @property
    def status_label(self) -> str:
        return AttendanceStatus(self.status).label


@dataclass(frozen=True)
class ActivityDetail:
    id: int
    version: int
    data: ActivityInput
    home_name: str | None
    attendance: tuple[AttendanceLine, ...]
    attachments: tuple[AttachmentRow, ...]


@dataclass(frozen=True)
class ActivityFilter:
    start: date | None = None
    end: date | None = None
    home_id: int | None = None
    county_wide: bool = False  # only activities without a home
    township: str | None = None
    kind: str | None = None
    text: str = ""
    member_id: int | None = None


def _cleaned(data: ActivityInput) -> ActivityInput:
    return ActivityInput(
        held_on=data.held_on, kind=clean_text(data.kind), title=clean_text(data.title), home_id=data.home_id,
        place=clean_text(data.place) or None, summary=(data.summary or "").strip() or None,
        other_participants=data.other_participants or 0, suggestions_count=data.suggestions_count or 0,
        suggestions_text=(data.suggestions_text or "").strip() or None, notes=(data.notes or "").strip() or None,
        attendance=tuple(dict(data.attendance).items()))


def _problems(s: Session, data: ActivityInput) -> list[Problem]:
    problems = check_activity_fields(data, load_vocabularies(s))  # the ledger import checks the same rules
    if data.home_id is not None and s.get(Home, data.home_id) is None:
        problems.append(Problem("所选的委员之家已不存在，请重新选择。", column="委员之家"))
    codes = {status.value for status in AttendanceStatus}
    if any(status not in codes for _, status in data.attendance):
        problems.append(Problem("出席情况只能是出席、请假或缺席。", column="出席情况"))
    ids = [member_id for member_id, _ in data.attendance]
    if ids and s.scalar(select(func.count()).select_from(Member).where(Member.id.in_(ids))) != len(ids):
        problems.append(Problem("出席名单中有的委员已不存在，请刷新后重新登记。", column="出席情况"))
    return problems


def _values(data: ActivityInput, kinds) -> dict:
    kind = kinds.canonical(data.kind) if kinds is not None else None
    return {"held_on": data.held_on, "kind": kind or data.kind, "title": data.title, "home_id": data.home_id,
            "place": data.place, "summary": data.summary, "other_participants": data.other_participants,
            "suggestions_count": data.suggestions_count, "suggestions_text": data.suggestions_text,
            "notes": data.notes}


def _write_attendance(s: Session, activity_id: int, attendance) -> None:
    s.execute(delete(Attendance).where(Attendance.activity_id == activity_id))
    if attendance:
        s.execute(insert(Attendance), [{"activity_id": activity_id, "member_id": m, "status": st}
                                       for m, st in attendance])


def activity_rows_query(flt: ActivityFilter):
    """The list query: one row per activity with its attendance counted by status."""
    counts = (select(Attendance.activity_id,
                     func.sum(case((Attendance.status == "present", 1), else_=0)).label("present"),
                     func.sum(case((Attendance.status == "excused", 1), else_=0)).label("excused"),
                     func.sum(case((Attendance.status == "absent", 1), else_=0)).label("absent"))
              .group_by(Attendance.activity_id).subquery())
    stmt = (select(Activity.id, Activity.held_on, Activity.home_id, Home.name, Activity.kind, Activity.title,
                   Activity.place, func.coalesce(counts.c.present, 0), func.coalesce(counts.c.excused, 0),
                   func.coalesce(counts.c.absent, 0), Activity.other_participants, Activity.suggestions_count,
                   Activity.version)
            .outerjoin(Home, Home.id == Activity.home_id)
            .outerjoin(counts, counts.c.activity_id == Activity.id)
            .order_by(Activity.held_on.desc(), Activity.id.desc()))
    if flt.start:
        stmt = stmt.where(Activity.held_on >= flt.start)
    if flt.end:
        stmt = stmt.where(Activity.held_on <= flt.end)
    if flt.county_wide:
        stmt = stmt.where(Activity.home_id.is_(None))
    elif flt.home_id:
        stmt = stmt.where(Activity.home_id == flt.home_id)
    if flt.township:
        stmt = stmt.where(Home.township == flt.township)
    if flt.kind:
        stmt = stmt.where(Activity.kind == flt.kind)
    if flt.text.strip():
        needle = f"%{flt.text.strip()}%"
        stmt = stmt.where(or_(Activity.title.like(needle), Activity.place.like(needle), Home.name.like(needle)))
    if flt.member_id:
        stmt = stmt.where(Activity.id.in_(select(Attendance.activity_id).where(Attendance.member_id == flt.member_id)))
    return stmt


class ActivitiesService:
    def __init__(self, ctx: ServiceContext):
        self._ctx = ctx

    def list_rows(self, flt: ActivityFilter | None = None) -> list[ActivityRow]:
        with self._ctx.uow() as s:
            return [ActivityRow(*r) for r in s.execute(activity_rows_query(flt or ActivityFilter()))]

    def kinds(self) -> list[str]:
        with self._ctx.uow() as s:
            vocab = load_vocabularies(s).get("activity_kind")
            return vocab.names if vocab else []

    def expected_members(self, home_id: int | None) -> tuple[HomeMember, ...]:
        """Who is expected at a home's activity: its members in office (none for county-wide ones)."""
        if home_id is None:
            return ()
        with self._ctx.uow() as s:
            return home_members(s, home_id)

    def get(self, activity_id: int) -> ActivityDetail:
        with self._ctx.uow() as s:
            a = _load(s, activity_id)
            lines = tuple(AttendanceLine(*r) for r in s.execute(
                select(Member.id, Member.name, Member.sector, Attendance.status)
                .join(Attendance, Attendance.member_id == Member.id)
                .where(Attendance.activity_id == activity_id).order_by(Member.name_pinyin, Member.id)))
            data = ActivityInput(a.held_on, a.kind, a.title, a.home_id, a.place, a.summary, a.other_participants,
                                 a.suggestions_count, a.suggestions_text, a.notes,
                                 tuple((line.member_id, line.status) for line in lines))
            home = s.get(Home, a.home_id) if a.home_id else None
            return ActivityDetail(a.id, a.version, data, home.name if home else None, lines,
                                  attachments_of(s, OWNER_TYPE, a.id))

    def add(self, data: ActivityInput) -> Changes:
        data = _cleaned(data)
        uow = self._ctx.uow()
        with uow as s:
            refuse_problems(_problems(s, data))
            activity = Activity(**_values(data, load_vocabularies(s).get("activity_kind")),
                                changed_by=self._ctx.actor)
            add_flushed(s, activity)
            _write_attendance(s, activity.id, data.attendance)
            uow.commit()
            return Changes(activities=True, homes=True, new_id=activity.id)

    def edit(self, activity_id: int, data: ActivityInput, *, expected_version: int) -> Changes:
        data = _cleaned(data)
        uow = self._ctx.uow()
        with uow as s:
            activity = _load(s, activity_id, expected_version)
            refuse_problems(_problems(s, data))
            apply_input(activity, _values(data, load_vocabularies(s).get("activity_kind")), self._ctx.actor)
            flush_versioned(s)
            _write_attendance(s, activity_id, data.attendance)
            uow.commit()
        return Changes(activities=True, homes=True)

    def set_attendance(self, activity_id: int, attendance: list[tuple[int, str]], *,
                       expected_version: int) -> Changes:
        """Replace the attendance list only (the fast attendance dialog)."""
        detail = self.get(activity_id)
        if detail.version != expected_version:
            raise Conflict("这次活动已被其他人修改，请重新打开后再登记出席。")
        return self.edit(activity_id, replace(detail.data, attendance=tuple(attendance)),
                         expected_version=expected_version)

    def delete(self, activity_id: int, *, expected_version: int) -> Changes:
        uow = self._ctx.uow()
        with uow as s:
            activity = _load(s, activity_id, expected_version)
            stored = delete_attachments_of(s, OWNER_TYPE, activity_id)
            s.delete(activity)
            uow.commit()
        discard_files(self._ctx, stored)  # on a server database the content went with the rows
        return Changes(activities=True, homes=True)

    def attach(self, activity_id: int, source: Path, *, description: str | None = None) -> Changes:
        """Copy a photo or the minutes into the data folder and link it to the activity."""
        with self._ctx.uow() as s:
            held_on = _load(s, activity_id).held_on
        row = AttachmentsService(self._ctx).add(owner_type=OWNER_TYPE, owner_id=activity_id, source=source,
                                                held_on=held_on, description=description)
        return Changes(activities=True, new_id=row.id)


def _load(s: Session, activity_id: int, expected_version: int | None = None) -> Activity:
    return load_versioned(s, Activity, activity_id, expected_version,
                          missing="找不到这次活动，可能已被其他人删除，请刷新列表。",
                          changed=lambda a: f"活动“{a.title}”已被其他人修改，请重新打开后再编辑。")
