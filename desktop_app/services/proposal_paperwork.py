"""Proposal paperwork from the database: 提案表, 交办通知 per unit, 催办单, 满意度测评表 (.docx).

The service fills the DTOs of fileio.paperwork_dto; fileio.proposal_paperwork lays them out.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import (Assignment, HandlingUnit, Member, Organization, Proposal, ProposalCosigner, ProposalReview,
                       Reply, Term)
from db.models import Session as PlenarySession
from desktop_app.domain.cn_format import session_label
from desktop_app.domain.enums import AssignmentStatus, ProposalKind, UnitRole
from desktop_app.domain.errors import NotFound, ValidationError
from desktop_app.fileio.paperwork_dto import (AssignmentItem, AssignmentNoticeDTO, ProposalFormDTO, ReminderDTO,
                                              SatisfactionFormDTO, Signer, UnitReplyLine)
from desktop_app.services.context import ServiceContext
from desktop_app.services.proposals import ProposalService
from desktop_app.services.settings import OfficeSettings, read_office


def _case(number: int | None) -> str:
    return f"第{number:03d}号" if number else ""


def _signer(member: Member) -> Signer:
    work = "".join(x for x in (member.work_unit, member.position) if x)
    return Signer(name=member.name, sector=member.sector or "", work_unit=work, phone=member.phone or "",
                  address=member.address or "")


def _label(s: Session, office: OfficeSettings, session_id: int) -> str:
    term, number = s.execute(select(Term.number, PlenarySession.number).join(Term, Term.id == PlenarySession.term_id)
                             .where(PlenarySession.id == session_id)).one()
    return session_label(county=office.county, term=term, session=number)


def _proposer(s: Session, p: Proposal) -> str:
    if p.lead_organization_id:
        return s.scalar(select(Organization.name).where(Organization.id == p.lead_organization_id)) or ""
    name = s.scalar(select(Member.name).where(Member.id == p.lead_member_id)) or ""
    cosigners = s.scalar(select(ProposalCosigner.id).where(ProposalCosigner.proposal_id == p.id).limit(1))
    if cosigners:
        count = len(s.scalars(select(ProposalCosigner.id).where(ProposalCosigner.proposal_id == p.id)).all()) + 1
        return f"{name}等{count}人"
    return name


def _units_text(s: Session, proposal_id: int) -> str:
    parts: dict[str, list[str]] = {}
    for role, name in s.execute(select(Assignment.role, HandlingUnit.name).join(HandlingUnit, HandlingUnit.id == Assignment.unit_id)
                                .where(Assignment.proposal_id == proposal_id,
                                       Assignment.status == AssignmentStatus.ACTIVE.value).order_by(Assignment.id)):
        parts.setdefault(UnitRole(role).label, []).append(name)
    return "；".join(f"{label}：{'、'.join(names)}" for label, names in parts.items())


class ProposalPaperworkService:
    def __init__(self, ctx: ServiceContext):
        self._ctx = ctx

    def _fonts(self, office: OfficeSettings):
        from desktop_app.fileio.official_doc import FontSet

        return FontSet.named(office.font_set)

    def proposal_form(self, proposal_id: int, out: str | Path) -> Path:
        """提案表 of one proposal, with its review opinions and handling units once given."""
        from desktop_app.fileio.proposal_paperwork import write_proposal_form

        with self._ctx.uow() as s:
            office = read_office(s)
            p = s.get(Proposal, proposal_id)
            if p is None:
                raise NotFound("找不到这件提案，请刷新列表。")
            lead = s.get(Member, p.lead_member_id) if p.lead_member_id else None
            cosigners = s.scalars(select(Member).join(ProposalCosigner, ProposalCosigner.member_id == Member.id)
                                  .where(ProposalCosigner.proposal_id == p.id).order_by(ProposalCosigner.position)).all()
            reviews = {r.stage: f"{r.opinion or ''}（{r.reviewer}，{r.reviewed_on.year}年{r.reviewed_on.month}月{r.reviewed_on.day}日）"
                       for r in s.scalars(select(ProposalReview).where(ProposalReview.proposal_id == p.id)
                                          .order_by(ProposalReview.id))}
            dto = ProposalFormDTO(
                committee_name=office.committee_display, session_label=_label(s, office, p.session_id), title=p.title,
                kind=ProposalKind(p.kind).label, category=p.category or "", case_number=_case(p.case_number),
                lead=_signer(lead) if lead else None,
                organization=s.scalar(select(Organization.name).where(Organization.id == p.lead_organization_id)) or ""
                if p.lead_organization_id else "",
                co_signers=tuple(_signer(m) for m in cosigners), submitted_on=p.submitted_on, body=p.body or "",
                first_review=reviews.get("初审", ""), second_review=reviews.get("复审", ""),
                handling_units=_units_text(s, p.id), key_proposal=bool(p.is_key))
        return write_proposal_form(dto, out, fonts=self._fonts(office))

    def assignment_notice(self, unit_id: int, out: str | Path, *, session_id: int | None = None,
                          issued_on: date | None = None, document_number: str = "") -> Path:
        """交办通知 to one unit: every proposal it handles (of a session) with role and due date."""
        from desktop_app.fileio.proposal_paperwork import write_assignment_notice

        with self._ctx.uow() as s:
            office = read_office(s)
            unit = self._unit(s, unit_id)
            stmt = (select(Assignment, Proposal).join(Proposal, Proposal.id == Assignment.proposal_id)
                    .where(Assignment.unit_id == unit_id, Assignment.status == AssignmentStatus.ACTIVE.value)
                    .order_by(Proposal.case_number))
            if session_id:
                stmt = stmt.where(Proposal.session_id == session_id)
            rows = s.execute(stmt).all()
            if not rows:
                raise ValidationError(f"“{unit.name}”目前没有交办的提案，无需生成交办通知。")
            items = tuple(self._item(s, a, p, unit.name) for a, p in rows)
            dto = AssignmentNoticeDTO(
                office_name=f"{office.committee_display}提案委员会", unit_name=unit.name,
                session_label=_label(s, office, session_id or rows[0][1].session_id), items=items,
                issued_on=issued_on or date.today(), document_number=document_number,
                contact_person=unit.contact_person or "", contact_phone=unit.contact_phone or "",
                reply_to=f"{office.committee_display}提案委员会")
        return write_assignment_notice(dto, out, fonts=self._fonts(office))

    def reminder(self, unit_id: int, out: str | Path, *, today: date | None = None, reply_by: date | None = None) -> Path:
        """催办单 listing one unit's overdue proposals as of `today`."""
        from desktop_app.fileio.proposal_paperwork import write_reminder

        today = today or date.today()
        overdue = ProposalService(self._ctx).due_items(today=today, unit_id=unit_id)
        with self._ctx.uow() as s:
            office = read_office(s)
            unit = self._unit(s, unit_id)
            if not overdue:
                raise ValidationError(f"“{unit.name}”没有逾期未答复的提案，无需催办。")
            items = tuple(AssignmentItem(case_number=_case(i.case_number), title=i.title, proposer=i.proposer,
                                         role=UnitRole(i.role).label, due_on=i.due_on, assigned_on=i.assigned_on,
                                         overdue_days=-i.days_left) for i in overdue)
            dto = ReminderDTO(office_name=f"{office.committee_display}提案委员会", unit_name=unit.name, items=items,
                              as_of=today, issued_on=today, reply_by=reply_by,
                              contact_person=unit.contact_person or "", contact_phone=unit.contact_phone or "")
        return write_reminder(dto, out, fonts=self._fonts(office))

    def satisfaction_form(self, proposal_id: int, out: str | Path, *, return_by: date | None = None) -> Path:
        """满意度测评表 for the proposer: one line per lead/separate unit with its reply."""
        from desktop_app.fileio.proposal_paperwork import write_satisfaction_form

        with self._ctx.uow() as s:
            office = read_office(s)
            p = s.get(Proposal, proposal_id)
            if p is None:
                raise NotFound("找不到这件提案，请刷新列表。")
            handler = p.merged_into_id if p.merged_into_id else p.id
            lines = []
            for a, name in s.execute(select(Assignment, HandlingUnit.name).join(HandlingUnit, HandlingUnit.id == Assignment.unit_id)
                                     .where(Assignment.proposal_id == handler, Assignment.status == AssignmentStatus.ACTIVE.value,
                                            Assignment.role != UnitRole.JOINT.value).order_by(Assignment.id)):
                reply = s.execute(select(Reply.replied_on, Reply.category).where(
                    Reply.proposal_id == p.id, Reply.unit_id == a.unit_id, Reply.superseded.is_(False))).first()
                lines.append(UnitReplyLine(unit_name=name, role=UnitRole(a.role).label,
                                           replied_on=reply[0] if reply else None,
                                           reply_category=(reply[1] or "") if reply else ""))
            if not lines:
                raise ValidationError("这件提案还没有交办，无法生成满意度测评表。")
            dto = SatisfactionFormDTO(
                committee_name=office.committee_display, session_label=_label(s, office, p.session_id),
                case_number=_case(p.case_number or s.scalar(select(Proposal.case_number).where(Proposal.id == handler))),
                title=p.title, proposer=_proposer(s, p), units=tuple(lines),
                return_to=f"{office.committee_display}提案委员会", return_by=return_by)
        return write_satisfaction_form(dto, out, fonts=self._fonts(office))

    @staticmethod
    def _unit(s: Session, unit_id: int) -> HandlingUnit:
        unit = s.get(HandlingUnit, unit_id)
        if unit is None:
            raise NotFound("找不到这个承办单位，请刷新后重试。")
        return unit

    @staticmethod
    def _item(s: Session, a: Assignment, p: Proposal, unit_name: str) -> AssignmentItem:
        others = [name for role, name in s.execute(
            select(Assignment.role, HandlingUnit.name).join(HandlingUnit, HandlingUnit.id == Assignment.unit_id)
            .where(Assignment.proposal_id == p.id, Assignment.status == AssignmentStatus.ACTIVE.value,
                   Assignment.unit_id != a.unit_id))]
        return AssignmentItem(case_number=_case(p.case_number), title=p.title, proposer=_proposer(s, p),
                              role=UnitRole(a.role).label, due_on=a.due_on, assigned_on=a.assigned_on,
                              other_units="、".join(others))
