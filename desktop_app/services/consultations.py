"""有事来商量: record consultations, the members taking part, follow-up steps; lists with filters."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import delete, func, insert, or_, select
from sqlalchemy.orm import Session

from db.models import (Consultation, ConsultationFollowUp, Member, Opinion, Platform,
                       consultation_members)
from desktop_app.domain.enums import FollowUpStatus
from desktop_app.domain.consultation_rules import check_consultation_fields
from desktop_app.domain.errors import Conflict, Problem, ValidationError
from desktop_app.domain.normalize import clean_text
from desktop_app.services import audit
from desktop_app.services.attachments import (AttachmentRow, AttachmentsService, attachments_of,
                                              delete_attachments_of, discard_files)
from desktop_app.services.changes import Changes
from desktop_app.services.context import ServiceContext
from desktop_app.services.homes import HomeMember
from desktop_app.services.records import (add_flushed, apply_input, flush_versioned, linked_proposal, load_versioned,
                                         refuse_problems)
from desktop_app.services.settings import load_vocabularies

OWNER_TYPE = "consultation"


@dataclass(frozen=True)
class ConsultationInput:
    platform_id: int
    held_on: date
    topic: str
    topic_source: str | None = None
    member_ids: tuple[int, ...] = ()  # in order: the first is the lead of a proposal made from it
    department_participants: int = 0
    resident_participants: int = 0
    suggestions_count: int = 0
    suggestions_text: str | None = None
    outcome: str | None = None
    responsible_unit: str | None = None
    done_deeds: int = 0
    done_deeds_text: str | None = None
    satisfaction: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class ConsultationRow:
    id: int
    held_on: date
    platform_id: int
    platform_name: str
    township: str | None
    topic: str
    topic_source: str | None
    members: int
    suggestions_count: int
    done_deeds: int
    follow_up_status: str
    responsible_unit: str | None
    proposal_id: int | None
    opinion_id: int | None
    version: int = 1

    @property
    def follow_up_label(self) -> str:
        return FollowUpStatus(self.follow_up_status).label


@dataclass(frozen=True)
class FollowUpLine:
    id: int
    on_date: date
    status: str
    note: str | None

    @property
    def status_label(self) -> str:
        return FollowUpStatus(self.status).label


@dataclass(frozen=True)
class ConsultationDetail:
    id: int
    version: int
    data: ConsultationInput
    platform_name: str
    members: tuple[HomeMember, ...]
    follow_up_status: str
    follow_ups: tuple[FollowUpLine, ...]
    attachments: tuple[AttachmentRow, ...]
    proposal: tuple[int, str, str] | None  # id, title, state label
    opinion: tuple[int, str] | None  # id, title


@dataclass(frozen=True)
class ConsultationFilter:
    start: date | None = None
    end: date | None = None
    platform_id: int | None = None
    township: str | None = None
    topic_source: str | None = None
    follow_up_status: str | None = None
    pending_only: bool = False  # outcomes not yet 已落实
    text: str = ""
    member_id: int | None = None


def consultation_rows_query(flt: ConsultationFilter):
    counts = (select(consultation_members.c.consultation_id, func.count().label("n"))
              .group_by(consultation_members.c.consultation_id).subquery())
    stmt = (select(Consultation.id, Consultation.held_on, Consultation.platform_id, Platform.name, Platform.township,
                   Consultation.topic, Consultation.topic_source, func.coalesce(counts.c.n, 0),
                   Consultation.suggestions_count, Consultation.done_deeds, Consultation.follow_up_status,
                   Consultation.responsible_unit, Consultation.proposal_id, Consultation.opinion_id,
                   Consultation.version)
            .join(Platform, Platform.id == Consultation.platform_id)
            .outerjoin(counts, counts.c.consultation_id == Consultation.id)
            .order_by(Consultation.held_on.desc(), Consultation.id.desc()))
    if flt.start:
        stmt = stmt.where(Consultation.held_on >= flt.start)
    if flt.end:
        stmt = stmt.where(Consultation.held_on <= flt.end)
    if flt.platform_id:
        stmt = stmt.where(Consultation.platform_id == flt.platform_id)
    if flt.township:
        stmt = stmt.where(Platform.township == flt.township)
    if flt.topic_source:
        stmt = stmt.where(Consultation.topic_source == flt.topic_source)
    if flt.follow_up_status:
        stmt = stmt.where(Consultation.follow_up_status == flt.follow_up_status)
    if flt.pending_only:
        stmt = stmt.where(Consultation.follow_up_status != FollowUpStatus.DONE.value)
    if flt.text.strip():
        needle = f"%{flt.text.strip()}%"
        stmt = stmt.where(or_(Consultation.topic.like(needle), Platform.name.like(needle),
                              Consultation.responsible_unit.like(needle)))
    if flt.member_id:
        stmt = stmt.where(Consultation.id.in_(select(consultation_members.c.consultation_id)
                                              .where(consultation_members.c.member_id == flt.member_id)))
    return stmt


def _cleaned(data: ConsultationInput) -> ConsultationInput:
    def text(v):
        return (v or "").strip() or None

    return ConsultationInput(
        platform_id=data.platform_id, held_on=data.held_on, topic=clean_text(data.topic),
        topic_source=clean_text(data.topic_source) or None, member_ids=tuple(dict.fromkeys(data.member_ids)),
        department_participants=data.department_participants or 0, resident_participants=data.resident_participants or 0,
        suggestions_count=data.suggestions_count or 0, suggestions_text=text(data.suggestions_text),
        outcome=text(data.outcome), responsible_unit=clean_text(data.responsible_unit) or None,
        done_deeds=data.done_deeds or 0, done_deeds_text=text(data.done_deeds_text),
        satisfaction=clean_text(data.satisfaction) or None, notes=text(data.notes))


def _problems(s: Session, data: ConsultationInput) -> list[Problem]:
    problems = check_consultation_fields(data, load_vocabularies(s))  # the ledger import checks the same rules
    if s.get(Platform, data.platform_id) is None:
        problems.append(Problem("请选择协商议事室。", column="协商议事室"))
    if data.member_ids and s.scalar(select(func.count()).select_from(Member)
                                    .where(Member.id.in_(data.member_ids))) != len(data.member_ids):
        problems.append(Problem("参加委员中有的委员已不存在，请刷新后重新选择。", column="参加委员"))
    return problems


def _values(s: Session, data: ConsultationInput) -> dict:
    sources = load_vocabularies(s).get("topic_source")
    source = (sources.canonical(data.topic_source) if sources and data.topic_source else None) or data.topic_source
    return {"platform_id": data.platform_id, "held_on": data.held_on, "topic": data.topic, "topic_source": source,
            "department_participants": data.department_participants,
            "resident_participants": data.resident_participants, "suggestions_count": data.suggestions_count,
            "suggestions_text": data.suggestions_text, "outcome": data.outcome,
            "responsible_unit": data.responsible_unit, "done_deeds": data.done_deeds,
            "done_deeds_text": data.done_deeds_text, "satisfaction": data.satisfaction, "notes": data.notes}


def _write_members(s: Session, consultation_id: int, member_ids) -> None:
    s.execute(delete(consultation_members).where(consultation_members.c.consultation_id == consultation_id))
    if member_ids:
        s.execute(insert(consultation_members), [{"consultation_id": consultation_id, "member_id": m}
                                                 for m in member_ids])


def consultation_member_lines(s: Session, consultation_id: int) -> tuple[HomeMember, ...]:
    return tuple(HomeMember(*r) for r in s.execute(
        select(Member.id, Member.name, Member.sector, Member.name_pinyin, Member.name_initials)
        .join(consultation_members, consultation_members.c.member_id == Member.id)
        .where(consultation_members.c.consultation_id == consultation_id).order_by(Member.id)))


class ConsultationsService:
    def __init__(self, ctx: ServiceContext):
        self._ctx = ctx

    def list_rows(self, flt: ConsultationFilter | None = None) -> list[ConsultationRow]:
        with self._ctx.uow() as s:
            return [ConsultationRow(*r) for r in s.execute(consultation_rows_query(flt or ConsultationFilter()))]

    def pending_follow_ups(self) -> list[ConsultationRow]:
        """Outcomes not yet 已落实, oldest first: the follow-up panel."""
        return sorted(self.list_rows(ConsultationFilter(pending_only=True)), key=lambda r: (r.held_on, r.id))

    def topic_sources(self) -> list[str]:
        with self._ctx.uow() as s:
            vocab = load_vocabularies(s).get("topic_source")
            return vocab.names if vocab else []

    def get(self, consultation_id: int) -> ConsultationDetail:
        with self._ctx.uow() as s:
            c = load_consultation(s, consultation_id)
            members = consultation_member_lines(s, c.id)
            data = ConsultationInput(c.platform_id, c.held_on, c.topic, c.topic_source, tuple(m.id for m in members),
                                     c.department_participants, c.resident_participants, c.suggestions_count,
                                     c.suggestions_text, c.outcome, c.responsible_unit, c.done_deeds,
                                     c.done_deeds_text, c.satisfaction, c.notes)
            follow_ups = tuple(FollowUpLine(f.id, f.on_date, f.status, f.note) for f in s.scalars(
                select(ConsultationFollowUp).where(ConsultationFollowUp.consultation_id == c.id)
                .order_by(ConsultationFollowUp.on_date, ConsultationFollowUp.id)))
            proposal = linked_proposal(s, c.proposal_id)
            opinion = None
            if c.opinion_id:
                o = s.get(Opinion, c.opinion_id)
                opinion = (o.id, o.title) if o is not None else None
            return ConsultationDetail(c.id, c.version, data, s.get(Platform, c.platform_id).name, members,
                                      c.follow_up_status, follow_ups, attachments_of(s, OWNER_TYPE, c.id),
                                      proposal, opinion)

    def add(self, data: ConsultationInput) -> Changes:
        data = _cleaned(data)
        uow = self._ctx.uow()
        with uow as s:
            refuse_problems(_problems(s, data))
            c = Consultation(**_values(s, data), follow_up_status=FollowUpStatus.NOT_STARTED.value,
                             changed_by=self._ctx.actor)
            add_flushed(s, c)
            _write_members(s, c.id, data.member_ids)
            uow.commit()
            return Changes(consultations=True, platforms=True, new_id=c.id)

    def edit(self, consultation_id: int, data: ConsultationInput, *, expected_version: int) -> Changes:
        data = _cleaned(data)
        uow = self._ctx.uow()
        with uow as s:
            c = load_consultation(s, consultation_id, expected_version)
            refuse_problems(_problems(s, data))
            apply_input(c, _values(s, data), self._ctx.actor)
            flush_versioned(s)
            _write_members(s, consultation_id, data.member_ids)
            uow.commit()
        return Changes(consultations=True)

    def delete(self, consultation_id: int, *, expected_version: int) -> Changes:
        uow = self._ctx.uow()
        with uow as s:
            c = load_consultation(s, consultation_id, expected_version)
            if c.proposal_id or c.opinion_id:
                raise Conflict("这次协商已转为提案或社情民意信息，不能删除；如确需删除，请先处理转出的记录。")
            stored = delete_attachments_of(s, OWNER_TYPE, consultation_id)
            s.delete(c)
            uow.commit()
        discard_files(self._ctx, stored)  # on a server database the content went with the rows
        return Changes(consultations=True)

    def add_follow_up(self, consultation_id: int, *, on: date, status: str, note: str | None = None) -> Changes:
        """One dated follow-up step; the consultation takes the step's status (未落实 / 落实中 / 已落实)."""
        if status not in {s.value for s in FollowUpStatus}:
            raise ValidationError("落实情况只能是未落实、落实中或已落实。")
        uow = self._ctx.uow()
        with uow as s:
            c = load_consultation(s, consultation_id)
            if on < c.held_on:
                raise ValidationError(f"落实日期 {on} 早于协商日期 {c.held_on}，请检查。")
            step = ConsultationFollowUp(consultation_id=c.id, on_date=on, status=status,
                                        note=(note or "").strip() or None, changed_by=self._ctx.actor)
            s.add(step)
            c.follow_up_status, c.follow_up_date, c.changed_by = status, on, self._ctx.actor
            if note:
                c.follow_up_note = note.strip()
            flush_versioned(s)
            audit.label(s, c, "follow_up")
            uow.commit()
        return Changes(consultations=True)

    def attach(self, consultation_id: int, source: Path, *, description: str | None = None) -> Changes:
        with self._ctx.uow() as s:
            c = load_consultation(s, consultation_id)
            held_on = c.held_on
        row = AttachmentsService(self._ctx).add(owner_type=OWNER_TYPE, owner_id=consultation_id, source=source,
                                                held_on=held_on, description=description)
        return Changes(consultations=True, new_id=row.id)


def load_consultation(s: Session, consultation_id: int, expected_version: int | None = None) -> Consultation:
    return load_versioned(s, Consultation, consultation_id, expected_version,
                          missing="找不到这次协商，可能已被其他人删除，请刷新列表。",
                          changed=lambda c: f"协商“{c.topic}”已被其他人修改，请重新打开后再编辑。")
