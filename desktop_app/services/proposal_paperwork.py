"""Proposal paperwork from the database: 提案表, 交办通知 per unit (one or a whole session's), 催办单, 满意度测评表.

The service fills the DTOs of fileio.paperwork_dto; each document module of fileio.documents turns its DTO
into the fields of its template, and TemplateService writes the .docx from the template in use (the office's
copy when there is one) in the office's font setting.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import (Assignment, HandlingUnit, Member, Organization, PlenarySession, Proposal, ProposalCosigner,
                       ProposalReview, Reply, Term)
from desktop_app.domain.cn_format import session_label, session_name
from desktop_app.domain.enums import AssignmentStatus, ProposalKind, UnitRole
from desktop_app.domain.errors import Cancelled, EnvironmentProblem, NotFound, ValidationError
from desktop_app.domain.period import parse_session_code
from desktop_app.fileio.paperwork_dto import (AssignmentItem, AssignmentNoticeDTO, ProposalFormDTO, ReminderDTO,
                                              SatisfactionFormDTO, Signer, UnitReplyLine)
from desktop_app.services.context import ServiceContext
from desktop_app.services.progress import CancelFn, ProgressFn
from desktop_app.services.proposals import ProposalService
from desktop_app.services.settings import OfficeSettings, read_office
from desktop_app.services.templates import TemplateService

_ACTIVE = AssignmentStatus.ACTIVE.value
# Whom a proposal's other units are to a unit in this role: the 会办 units of a 主办, the 主办 of a 会办.
_COUNTERPART = {UnitRole.LEAD.value: UnitRole.JOINT.value, UnitRole.JOINT.value: UnitRole.LEAD.value,
                UnitRole.SEPARATE.value: UnitRole.SEPARATE.value}
_NOT_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


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


def _proposers(s: Session, proposal_ids: set[int]) -> dict[int, str]:
    """提案者 as printed: the proposing organization, the lead member, or 张三等3人 with co-signers."""
    if not proposal_ids:
        return {}
    ids = list(proposal_ids)
    rows = s.execute(select(Proposal.id, Member.name, Organization.name)
                     .outerjoin(Member, Member.id == Proposal.lead_member_id)
                     .outerjoin(Organization, Organization.id == Proposal.lead_organization_id)
                     .where(Proposal.id.in_(ids))).all()
    cosigners = dict(s.execute(select(ProposalCosigner.proposal_id, func.count()).where(
        ProposalCosigner.proposal_id.in_(ids)).group_by(ProposalCosigner.proposal_id)).all())
    out = {}
    for pid, member, organization in rows:
        if organization:
            out[pid] = organization
        elif cosigners.get(pid):
            out[pid] = f"{member or ''}等{cosigners[pid] + 1}人"
        else:
            out[pid] = member or ""
    return out


def _units_text(s: Session, proposal_id: int) -> str:
    parts: dict[str, list[str]] = {}
    for role, name in s.execute(select(Assignment.role, HandlingUnit.name).join(HandlingUnit, HandlingUnit.id == Assignment.unit_id)
                                .where(Assignment.proposal_id == proposal_id,
                                       Assignment.status == _ACTIVE).order_by(Assignment.id)):
        parts.setdefault(UnitRole(role).label, []).append(name)
    return "；".join(f"{label}：{'、'.join(names)}" for label, names in parts.items())


def file_name_for(unit_name: str) -> str:
    """`<单位名>.docx`, without the characters Windows refuses in a file name."""
    name = _NOT_IN_FILE_NAMES.sub("_", unit_name).strip().rstrip(".") or "承办单位"
    return f"{name}.docx"


@dataclass(frozen=True)
class NoticeBatch:
    """What `notices` wrote: one file per handling unit."""

    folder: Path
    session_label: str
    files: tuple[Path, ...]

    @property
    def count(self) -> int:
        return len(self.files)


class ProposalPaperworkService:
    def __init__(self, ctx: ServiceContext):
        self._ctx = ctx

    def _render(self, key: str, context: dict, out: str | Path) -> Path:
        return TemplateService(self._ctx).render(key, context, out)

    def proposal_form(self, proposal_id: int, out: str | Path) -> Path:
        """提案表 of one proposal, with its review opinions and handling units once given."""
        from desktop_app.fileio.documents import proposal_form

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
        return self._render("proposal_form", proposal_form.context(dto), out)

    # ----- 交办通知 -----
    def assignment_notice(self, unit_id: int, out: str | Path, *, session_id: int | None = None,
                          issued_on: date | None = None, document_number: str = "") -> Path:
        """交办通知 to one unit: every proposal it handles (of a session) with role and due date."""
        from desktop_app.fileio.documents import notice

        with self._ctx.uow() as s:
            office = read_office(s)
            unit = self._unit(s, unit_id)
            dtos = _notice_dtos(s, office, session_id=session_id, unit_id=unit_id, issued_on=issued_on or date.today())
            if not dtos:
                raise ValidationError(f"“{unit.name}”目前没有交办的提案，无需生成交办通知。")
            dto = dtos[0][1]
            if document_number:
                dto = _with_number(dto, document_number)
        return self._render("notice", notice.context(dto), out)

    def notices(self, folder: str | Path, *, session_code: str | None = None, issued_on: date | None = None,
                number_prefix: str = "", first_number: int = 1, progress: ProgressFn | None = None,
                cancelled: CancelFn | None = None) -> NoticeBatch:
        """One 交办通知 per handling unit with active assignments in the session (default: 设置's current one),
        written to `folder` as `<单位名>.docx`. With `number_prefix` (黎政协提) each gets a 发文字号
        黎政协提〔2026〕N号, numbered from `first_number` in the order of the units' names."""
        from desktop_app.fileio.documents import notice

        issued_on = issued_on or date.today()
        with self._ctx.uow() as s:
            office = read_office(s)
            session_id = self._session_id(s, office, session_code)
            label = _label(s, office, session_id)
            dtos = _notice_dtos(s, office, session_id=session_id, unit_id=None, issued_on=issued_on)
        if not dtos:
            raise ValidationError(f"{label}还没有交办给承办单位的提案，没有要生成的交办通知。")
        target = Path(folder)
        try:
            target.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise EnvironmentProblem(f"无法创建文件夹“{target}”：{exc.strerror or exc}。请换一个位置。") from exc
        written: list[Path] = []
        for index, (_unit_id, dto) in enumerate(dtos):
            if cancelled is not None and cancelled():
                raise Cancelled(f"已取消。已生成的{len(written)}份交办通知在“{target}”中。")
            if progress is not None:
                progress(index, len(dtos), f"正在生成{dto.unit_name}的交办通知")
            if number_prefix:
                dto = _with_number(dto, f"{number_prefix}〔{issued_on.year}〕{first_number + index}号")
            written.append(self._render("notice", notice.context(dto), target / file_name_for(dto.unit_name)))
        if progress is not None:
            progress(len(dtos), len(dtos), "交办通知已生成")
        return NoticeBatch(folder=target, session_label=label, files=tuple(written))

    # ----- 催办单, 满意度测评表 -----
    def reminder(self, unit_id: int, out: str | Path, *, today: date | None = None, reply_by: date | None = None) -> Path:
        """催办单 listing one unit's overdue proposals as of `today`."""
        from desktop_app.fileio.documents import reminder

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
        return self._render("reminder", reminder.context(dto), out)

    def satisfaction_form(self, proposal_id: int, out: str | Path, *, return_by: date | None = None) -> Path:
        """满意度测评表 for the proposer: one line per lead/separate unit with its reply."""
        from desktop_app.fileio.documents import satisfaction

        with self._ctx.uow() as s:
            office = read_office(s)
            p = s.get(Proposal, proposal_id)
            if p is None:
                raise NotFound("找不到这件提案，请刷新列表。")
            handler = p.merged_into_id if p.merged_into_id else p.id
            lines = []
            for a, name in s.execute(select(Assignment, HandlingUnit.name).join(HandlingUnit, HandlingUnit.id == Assignment.unit_id)
                                     .where(Assignment.proposal_id == handler, Assignment.status == _ACTIVE,
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
                title=p.title, proposer=_proposers(s, {p.id}).get(p.id, ""), units=tuple(lines),
                return_to=f"{office.committee_display}提案委员会", return_by=return_by)
        return self._render("satisfaction", satisfaction.context(dto), out)

    @staticmethod
    def _unit(s: Session, unit_id: int) -> HandlingUnit:
        unit = s.get(HandlingUnit, unit_id)
        if unit is None:
            raise NotFound("找不到这个承办单位，请刷新后重试。")
        return unit

    @staticmethod
    def _session_id(s: Session, office: OfficeSettings, code: str | None) -> int:
        term, number = parse_session_code(code) if code else (office.current_term, office.current_session)
        found = s.scalar(select(PlenarySession.id).join(Term, Term.id == PlenarySession.term_id)
                         .where(Term.number == term, PlenarySession.number == number))
        if found is None:
            raise NotFound(f"没有{session_name(term, number)}的记录，请先在“基础资料”页添加该会次，或换一个会次。")
        return found


def _with_number(dto: AssignmentNoticeDTO, number: str) -> AssignmentNoticeDTO:
    from dataclasses import replace

    return replace(dto, document_number=number)


def _notice_dtos(s: Session, office: OfficeSettings, *, session_id: int | None, unit_id: int | None,
                 issued_on: date) -> list[tuple[int, AssignmentNoticeDTO]]:
    """(unit id, notice) for each unit with active assignments (of the session, of the unit), by unit name."""
    stmt = (select(Assignment.proposal_id, Assignment.unit_id, Assignment.role, Assignment.due_on,
                   Assignment.assigned_on, Proposal.session_id, Proposal.case_number, Proposal.title)
            .join(Proposal, Proposal.id == Assignment.proposal_id)
            .where(Assignment.status == _ACTIVE).order_by(Proposal.case_number, Assignment.id))
    if session_id is not None:
        stmt = stmt.where(Proposal.session_id == session_id)
    if unit_id is not None:
        # The unit's own assignments, and every other active assignment of the same proposals (named under 案由).
        mine = select(Assignment.proposal_id).where(Assignment.unit_id == unit_id, Assignment.status == _ACTIVE)
        stmt = stmt.where(Assignment.proposal_id.in_(mine))
    rows = s.execute(stmt).all()
    units = {u.id: u for u in s.scalars(select(HandlingUnit).where(
        HandlingUnit.id.in_({r.unit_id for r in rows})))} if rows else {}
    by_proposal: dict[int, list] = defaultdict(list)
    for r in rows:
        by_proposal[r.proposal_id].append(r)
    proposers = _proposers(s, set(by_proposal))
    items: dict[int, list[AssignmentItem]] = defaultdict(list)
    sessions: dict[int, int] = {}
    for r in rows:
        if unit_id is not None and r.unit_id != unit_id:
            continue
        counterpart = _COUNTERPART.get(r.role)
        others = [units[o.unit_id].name for o in by_proposal[r.proposal_id]
                  if o.unit_id != r.unit_id and o.role == counterpart]
        items[r.unit_id].append(AssignmentItem(
            case_number=_case(r.case_number), title=r.title, proposer=proposers.get(r.proposal_id, ""),
            role=UnitRole(r.role).label, due_on=r.due_on, assigned_on=r.assigned_on,
            other_units="、".join(dict.fromkeys(others))))
        sessions.setdefault(r.unit_id, r.session_id)
    labels: dict[int, str] = {}
    office_name = f"{office.committee_display}提案委员会"
    out = []
    for uid in sorted(items, key=lambda k: units[k].name):
        unit = units[uid]
        sid = session_id if session_id is not None else sessions[uid]
        if sid not in labels:
            labels[sid] = _label(s, office, sid)
        out.append((uid, AssignmentNoticeDTO(
            office_name=office_name, unit_name=unit.name, session_label=labels[sid], items=tuple(items[uid]),
            issued_on=issued_on, contact_person=unit.contact_person or "", contact_phone=unit.contact_phone or "",
            reply_to=office_name)))
    return out
