"""社情民意信息: record opinions with their submitters, 采用 at one or more levels, leaders' 批示; lists with filters.

Every write is one transaction (the audit log records it by itself) and returns Changes(opinions=True), so the
首页 and 统计 read their figures again. The ledger import and export are services.ledgers.opinions / export.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import delete, exists, func, insert, or_, select, true
from sqlalchemy.orm import Session

from db.models import (Consultation, Member, Opinion, OpinionAdoption, OpinionInstruction,
                       OpinionSubmitter, Organization, Proposal)
from desktop_app.domain import opinion_rules as rules
from desktop_app.domain.enums import AttachmentOwner, Level
from desktop_app.domain.errors import Conflict, NotFound, Problem, ValidationError
from desktop_app.domain.normalize import clean_text
from desktop_app.domain.record_rules import date_range
from desktop_app.services import audit
from desktop_app.services.attachments import (AttachmentRow, AttachmentsService, attachments_of,
                                              delete_attachments_of, discard_files)
from desktop_app.services.changes import Changes
from desktop_app.services.context import ServiceContext
from desktop_app.services.records import (add_flushed, apply_input, flush_versioned, linked_proposal, load_versioned,
                                         refuse_problems)

OWNER_TYPE = AttachmentOwner.OPINION.value
CHANGED = Changes(opinions=True)
LEADER_MAX = 100


def level_label(code: str | None) -> str:
    return Level(code).label if code else ""


@dataclass(frozen=True)
class OpinionInput:
    title: str
    received_on: date
    body: str | None = None
    bulletin_issue: str | None = None  # 编报期号
    sent_level: str | None = None  # Level code: county / city / province / national
    member_ids: tuple[int, ...] = ()  # submitting members, in order
    organization_ids: tuple[int, ...] = ()  # submitting organizations, after the members
    notes: str | None = None


@dataclass(frozen=True)
class OpinionRow:
    id: int
    received_on: date
    title: str
    bulletin_issue: str | None
    sent_level: str | None
    submitters: str  # 王芳、李强
    submitter_count: int
    adopted_levels: tuple[str, ...]  # Level codes, county first
    instructions: int
    source_proposal_id: int | None
    consultation_id: int | None = None  # the consultation it was made from
    version: int = 1

    @property
    def sent_level_label(self) -> str:
        return level_label(self.sent_level)

    @property
    def adopted_label(self) -> str:
        return "、".join(level_label(code) for code in self.adopted_levels)


@dataclass(frozen=True)
class SubmitterLine:
    name: str
    member_id: int | None = None
    organization_id: int | None = None


@dataclass(frozen=True)
class AdoptionLine:
    id: int
    level: str
    adopted_on: date | None
    note: str | None

    @property
    def level_label(self) -> str:
        return level_label(self.level)


@dataclass(frozen=True)
class InstructionLine:
    id: int
    leader: str | None
    given_on: date | None
    text: str


@dataclass(frozen=True)
class OpinionDetail:
    id: int
    version: int
    data: OpinionInput
    submitters: tuple[SubmitterLine, ...]
    adoptions: tuple[AdoptionLine, ...]
    instructions: tuple[InstructionLine, ...]
    attachments: tuple[AttachmentRow, ...]
    source_proposal: tuple[int, str, str] | None  # id, title, state label: the not-accepted proposal it came from
    consultation: tuple[int, str, date] | None  # id, topic, held_on: the consultation it was made from


@dataclass(frozen=True)
class SubmitterOption:
    """A member or organization that has submitted opinions: the 报送人 filter."""

    key: str  # "m:<member id>" or "o:<organization id>"
    name: str
    opinions: int


@dataclass(frozen=True)
class OpinionFilter:
    start: date | None = None
    end: date | None = None
    sent_level: str | None = None
    adopted_level: str | None = None
    adopted: bool | None = None  # True: adopted at some level; False: not adopted anywhere
    submitter: str | None = None  # SubmitterOption.key
    text: str = ""  # title, or a submitter's name, pinyin or pinyin initials


_ORDER = {level.value: index for index, level in enumerate(Level)}


def _opinion_ids(flt: OpinionFilter):
    """The ids of the opinions the filter chooses (every condition in SQL)."""
    stmt = select(Opinion.id)
    if flt.start:
        stmt = stmt.where(Opinion.received_on >= flt.start)
    if flt.end:
        stmt = stmt.where(Opinion.received_on <= flt.end)
    if flt.sent_level:
        stmt = stmt.where(Opinion.sent_level == flt.sent_level)
    adopted = exists().where(OpinionAdoption.opinion_id == Opinion.id)
    if flt.adopted_level:
        stmt = stmt.where(exists().where(OpinionAdoption.opinion_id == Opinion.id,
                                         OpinionAdoption.level == flt.adopted_level))
    if flt.adopted is True:
        stmt = stmt.where(adopted)
    elif flt.adopted is False:
        stmt = stmt.where(~adopted)
    if flt.submitter:
        kind, _, raw = flt.submitter.partition(":")
        column = OpinionSubmitter.member_id if kind == "m" else OpinionSubmitter.organization_id
        stmt = stmt.where(exists().where(OpinionSubmitter.opinion_id == Opinion.id, column == int(raw)))
    needle = flt.text.strip()
    if needle:
        like = f"%{needle}%"
        by_member = [Member.name.like(like)]
        if needle.isascii():
            lowered = needle.lower()
            by_member += [Member.name_initials.like(f"{lowered}%"), Member.name_pinyin.like(f"%{lowered}%")]
        member_hit = exists().where(OpinionSubmitter.opinion_id == Opinion.id,
                                    Member.id == OpinionSubmitter.member_id, or_(*by_member))
        org_hit = exists().where(OpinionSubmitter.opinion_id == Opinion.id,
                                 Organization.id == OpinionSubmitter.organization_id, Organization.name.like(like))
        stmt = stmt.where(or_(Opinion.title.like(like), member_hit, org_hit))
    return stmt


def _cleaned(data: OpinionInput) -> OpinionInput:
    def text(value: str | None) -> str | None:
        return (value or "").strip() or None

    return OpinionInput(title=clean_text(data.title), received_on=data.received_on, body=text(data.body),
                        bulletin_issue=clean_text(data.bulletin_issue) or None, sent_level=data.sent_level or None,
                        member_ids=tuple(dict.fromkeys(data.member_ids)),
                        organization_ids=tuple(dict.fromkeys(data.organization_ids)), notes=text(data.notes))


def _problems(s: Session, data: OpinionInput) -> list[Problem]:
    problems = rules.check_opinion_fields(data)  # the ledger import checks the same rules
    if data.sent_level and Level.from_label(data.sent_level) is None:
        problems.append(Problem("报送层级只能是县、市、省或全国。", column="报送层级"))
    if data.member_ids and s.scalar(select(func.count()).select_from(Member)
                                    .where(Member.id.in_(data.member_ids))) != len(data.member_ids):
        problems.append(Problem("报送人中有的委员已不存在，请刷新后重新选择。", column="报送人"))
    if data.organization_ids and s.scalar(select(func.count()).select_from(Organization).where(
            Organization.id.in_(data.organization_ids))) != len(data.organization_ids):
        problems.append(Problem("报送单位中有的单位已不存在，请刷新后重新选择。", column="报送单位"))
    return problems


def _values(data: OpinionInput) -> dict:
    level = Level.from_label(data.sent_level) if data.sent_level else None
    return {"title": data.title, "received_on": data.received_on, "body": data.body,
            "bulletin_issue": data.bulletin_issue, "sent_level": level.value if level else None, "notes": data.notes}


def _write_submitters(s: Session, opinion_id: int, data: OpinionInput) -> None:
    s.execute(delete(OpinionSubmitter).where(OpinionSubmitter.opinion_id == opinion_id))
    rows = ([{"opinion_id": opinion_id, "member_id": m, "organization_id": None} for m in data.member_ids]
            + [{"opinion_id": opinion_id, "member_id": None, "organization_id": o} for o in data.organization_ids])
    if rows:
        s.execute(insert(OpinionSubmitter), [dict(row, position=i) for i, row in enumerate(rows)])


def _submitter_lines(s: Session, opinion_ids) -> dict[int, list[SubmitterLine]]:
    out: dict[int, list[SubmitterLine]] = {}
    for opinion_id, member_id, member, org_id, org in s.execute(
            select(OpinionSubmitter.opinion_id, OpinionSubmitter.member_id, Member.name,
                   OpinionSubmitter.organization_id, Organization.name)
            .outerjoin(Member, Member.id == OpinionSubmitter.member_id)
            .outerjoin(Organization, Organization.id == OpinionSubmitter.organization_id)
            .where(OpinionSubmitter.opinion_id.in_(opinion_ids))
            .order_by(OpinionSubmitter.opinion_id, OpinionSubmitter.position, OpinionSubmitter.id)):
        out.setdefault(opinion_id, []).append(SubmitterLine(member or org or "", member_id, org_id))
    return out


class OpinionsService:
    def __init__(self, ctx: ServiceContext):
        self._ctx = ctx

    # ----- reading -----
    def list_rows(self, flt: OpinionFilter | None = None) -> list[OpinionRow]:
        """The opinions the filter chooses, newest received first (Core rows: 10,000 opinions in about 0.12 s)."""
        flt = flt or OpinionFilter()
        chosen = _opinion_ids(flt).subquery()
        ids = select(chosen.c.id)
        everything = flt == OpinionFilter()

        def of(column):  # the opinions chosen; no IN at all when nothing is filtered
            return true() if everything else column.in_(ids)

        with self._ctx.uow() as s:
            conn = s.connection()
            records = conn.execute(
                select(Opinion.id, Opinion.received_on, Opinion.title, Opinion.bulletin_issue, Opinion.sent_level,
                       Opinion.source_proposal_id, Opinion.version)
                .where(of(Opinion.id)).order_by(Opinion.received_on.desc(), Opinion.id.desc())).all()
            names: dict[int, list[str]] = {}
            for opinion_id, member, org in conn.execute(
                    select(OpinionSubmitter.opinion_id, Member.name, Organization.name)
                    .outerjoin(Member, Member.id == OpinionSubmitter.member_id)
                    .outerjoin(Organization, Organization.id == OpinionSubmitter.organization_id)
                    .where(of(OpinionSubmitter.opinion_id))
                    .order_by(OpinionSubmitter.opinion_id, OpinionSubmitter.position, OpinionSubmitter.id)):
                names.setdefault(opinion_id, []).append(member or org or "")
            levels: dict[int, list[str]] = {}
            for opinion_id, level in conn.execute(select(OpinionAdoption.opinion_id, OpinionAdoption.level)
                                                  .where(of(OpinionAdoption.opinion_id))):
                levels.setdefault(opinion_id, []).append(level)
            instructed = dict(conn.execute(select(OpinionInstruction.opinion_id, func.count())
                                           .where(of(OpinionInstruction.opinion_id))
                                           .group_by(OpinionInstruction.opinion_id)).all())
            from_consultation = dict(conn.execute(select(Consultation.opinion_id, Consultation.id).where(
                Consultation.opinion_id.is_not(None), of(Consultation.opinion_id))).all())
        rows = []
        for opinion_id, received_on, title, issue, sent, proposal_id, version in records:
            who = names.get(opinion_id, ())
            adopted = levels.get(opinion_id, ())
            if len(adopted) > 1:
                adopted = sorted(set(adopted), key=lambda code: _ORDER.get(code, 9))
            rows.append(OpinionRow(opinion_id, received_on, title, issue, sent, "、".join(who), len(who),
                                   tuple(adopted), instructed.get(opinion_id, 0), proposal_id,
                                   from_consultation.get(opinion_id), version))
        return rows

    def submitters(self) -> list[SubmitterOption]:
        """Members, then organizations, that have submitted opinions (most opinions first): the 报送人 filter."""
        with self._ctx.uow() as s:
            members = s.execute(select(Member.id, Member.name, func.count(distinct_opinion()))
                                .join(OpinionSubmitter, OpinionSubmitter.member_id == Member.id)
                                .group_by(Member.id).order_by(Member.name_pinyin, Member.id)).all()
            orgs = s.execute(select(Organization.id, Organization.name, func.count(distinct_opinion()))
                             .join(OpinionSubmitter, OpinionSubmitter.organization_id == Organization.id)
                             .group_by(Organization.id).order_by(Organization.name)).all()
        return ([SubmitterOption(f"m:{i}", name, n) for i, name, n in members]
                + [SubmitterOption(f"o:{i}", name, n) for i, name, n in orgs])

    def get(self, opinion_id: int) -> OpinionDetail:
        with self._ctx.uow() as s:
            o = load_opinion(s, opinion_id)
            who = tuple(_submitter_lines(s, [o.id]).get(o.id, []))
            data = OpinionInput(o.title, o.received_on, o.body, o.bulletin_issue, o.sent_level,
                                tuple(w.member_id for w in who if w.member_id),
                                tuple(w.organization_id for w in who if w.organization_id), o.notes)
            adoptions = tuple(AdoptionLine(a.id, a.level, a.adopted_on, a.note) for a in s.scalars(
                select(OpinionAdoption).where(OpinionAdoption.opinion_id == o.id)
                .order_by(OpinionAdoption.adopted_on, OpinionAdoption.id)))
            adoptions = tuple(sorted(adoptions, key=lambda a: (_ORDER.get(a.level, 9), a.id)))
            instructions = tuple(InstructionLine(i.id, i.leader, i.given_on, i.text) for i in s.scalars(
                select(OpinionInstruction).where(OpinionInstruction.opinion_id == o.id)
                .order_by(OpinionInstruction.given_on, OpinionInstruction.id)))
            source = linked_proposal(s, o.source_proposal_id)
            consultation = s.execute(select(Consultation.id, Consultation.topic, Consultation.held_on)
                                     .where(Consultation.opinion_id == o.id).limit(1)).first()
            return OpinionDetail(o.id, o.version, data, who, adoptions, instructions,
                                 attachments_of(s, OWNER_TYPE, o.id), source,
                                 tuple(consultation) if consultation else None)

    def opinion_of_proposal(self, proposal_id: int) -> tuple[int, str] | None:
        """(id, title) of the opinion a not-accepted proposal was turned into, if any."""
        with self._ctx.uow() as s:
            row = s.execute(select(Opinion.id, Opinion.title).where(Opinion.source_proposal_id == proposal_id)
                            .order_by(Opinion.id).limit(1)).first()
            return tuple(row) if row else None

    # ----- writing -----
    def add(self, data: OpinionInput) -> Changes:
        data = _cleaned(data)
        uow = self._ctx.uow()
        with uow as s:
            refuse_problems(_problems(s, data))
            opinion = Opinion(**_values(data), changed_by=self._ctx.actor)
            add_flushed(s, opinion)
            _write_submitters(s, opinion.id, data)
            uow.commit()
            return Changes(opinions=True, new_id=opinion.id)

    def edit(self, opinion_id: int, data: OpinionInput, *, expected_version: int) -> Changes:
        data = _cleaned(data)
        uow = self._ctx.uow()
        with uow as s:
            o = load_opinion(s, opinion_id, expected_version)
            refuse_problems(_problems(s, data))
            apply_input(o, _values(data), self._ctx.actor)
            flush_versioned(s)
            _write_submitters(s, o.id, data)
            uow.commit()
        return CHANGED

    def delete(self, opinion_id: int, *, expected_version: int) -> Changes:
        """Remove a wrongly entered opinion (with its adoptions, 批示 and attachments).

        One turned from a not-accepted proposal is part of that proposal's handling and is refused; one made
        from a consultation is unlinked from it, so the consultation can be turned again."""
        uow = self._ctx.uow()
        touched_consultations = False
        with uow as s:
            o = load_opinion(s, opinion_id, expected_version)
            if o.source_proposal_id and s.get(Proposal, o.source_proposal_id) is not None:
                raise Conflict(f"“{o.title}”由不予立案的提案转来，是那件提案办理结果的一部分，不能删除。")
            for c in s.scalars(select(Consultation).where(Consultation.opinion_id == o.id)):
                c.opinion_id, c.changed_by = None, self._ctx.actor
                flush_versioned(s)
                audit.label(s, c, "unlink_opinion")
                touched_consultations = True
            stored = delete_attachments_of(s, OWNER_TYPE, o.id)
            for model in (OpinionSubmitter, OpinionAdoption, OpinionInstruction):
                s.execute(delete(model).where(model.opinion_id == o.id))
            s.delete(o)
            uow.commit()
        discard_files(self._ctx, stored)  # on a server database the content went with the rows
        return Changes(opinions=True, consultations=touched_consultations)

    def adopt(self, opinion_id: int, *, level: str, on: date | None, note: str | None = None) -> Changes:
        """采用 at a level (县/市/省/全国); an opinion may be adopted at several levels, each once."""
        found = Level.from_label(level or "")
        if found is None:
            raise ValidationError("请选择采用层级：县、市、省或全国。")

        def adoption(s: Session, o: Opinion) -> OpinionAdoption:
            if s.scalar(select(OpinionAdoption.id).where(OpinionAdoption.opinion_id == o.id,
                                                         OpinionAdoption.level == found.value)) is not None:
                raise Conflict(f"“{o.title}”已登记被{found.label}级采用，不能重复登记；如日期有误，请先撤销那条采用。")
            _check_step_date(on, o, "采用日期")
            return OpinionAdoption(opinion_id=o.id, level=found.value, adopted_on=on, note=(note or "").strip() or None)

        return self._add_step(opinion_id, adoption, "adopt")

    def unadopt(self, adoption_id: int) -> Changes:
        """Remove a wrongly entered 采用."""
        return self._remove_step(OpinionAdoption, adoption_id, "找不到这条采用记录，可能已被撤销，请刷新。", "unadopt")

    def instruct(self, opinion_id: int, *, leader: str | None, on: date | None, text: str) -> Changes:
        """A leader's 批示: who, when and what was written."""
        text = (text or "").strip()
        leader = clean_text(leader) or None
        if not text:
            raise ValidationError("请填写批示内容。")
        if leader and len(leader) > LEADER_MAX:
            raise ValidationError(f"批示领导太长（{len(leader)}个字，最多{LEADER_MAX}个字），请精简。")

        def instruction(s: Session, o: Opinion) -> OpinionInstruction:
            _check_step_date(on, o, "批示日期")
            return OpinionInstruction(opinion_id=o.id, leader=leader, given_on=on, text=text)

        return self._add_step(opinion_id, instruction, "instruct")

    def remove_instruction(self, instruction_id: int) -> Changes:
        return self._remove_step(OpinionInstruction, instruction_id, "找不到这条批示，可能已被删除，请刷新。")

    def _add_step(self, opinion_id: int, make, action: str) -> Changes:
        """One 采用 or 批示: `make(s, opinion)` checks it against the opinion and returns the new row."""
        uow = self._ctx.uow()
        with uow as s:
            step = make(s, load_opinion(s, opinion_id))
            add_flushed(s, step, action)
            uow.commit()
            return Changes(opinions=True, new_id=step.id)

    def _remove_step(self, model, step_id: int, missing: str, action: str | None = None) -> Changes:
        uow = self._ctx.uow()
        with uow as s:
            step = s.get(model, step_id)
            if step is None:
                raise NotFound(missing)
            if action is not None:
                audit.label(s, step, action)
            s.delete(step)
            uow.commit()
        return CHANGED

    def attach(self, opinion_id: int, source: Path, *, description: str | None = None) -> Changes:
        with self._ctx.uow() as s:
            received_on = load_opinion(s, opinion_id).received_on
        row = AttachmentsService(self._ctx).add(owner_type=OWNER_TYPE, owner_id=opinion_id, source=source,
                                                held_on=received_on, description=description)
        return Changes(opinions=True, new_id=row.id)


def distinct_opinion():
    return OpinionSubmitter.opinion_id.distinct()


def _check_step_date(on: date | None, o: Opinion, label: str) -> None:
    problem = date_range(on, label, "opinion.step")
    if problem is not None:
        raise ValidationError(problem.describe(), [problem])
    if on is not None and on < o.received_on:
        raise ValidationError(f"{label}{on.isoformat()}早于收稿日期{o.received_on.isoformat()}，请核对。")


def load_opinion(s: Session, opinion_id: int, expected_version: int | None = None) -> Opinion:
    return load_versioned(s, Opinion, opinion_id, expected_version,
                          missing="找不到这篇社情民意信息，可能已被其他人删除，请刷新列表。",
                          changed=lambda o: f"社情民意信息“{o.title}”已被其他人修改，请重新打开后再编辑。")
