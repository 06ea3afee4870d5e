"""Reading proposals: the filtered list, one proposal's detail and history, due items, per-unit load, similar ones."""
from __future__ import annotations

from datetime import date

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from db.models import (Assignment, Attachment, Feedback, HandlingUnit, Member, Organization, PlenarySession, Proposal,
                       ProposalCosigner, ProposalEvent, ProposalLeader, ProposalReview, Reply, Term)
from desktop_app.domain.enums import AssignmentStatus
from desktop_app.domain.errors import NotFound
from desktop_app.domain.proposal_workflow import ASSIGNED, MERGE_TARGET_STATES
from desktop_app.services.context import ServiceContext
from desktop_app.services.pinyin import name_pinyin, pinyin_order
from desktop_app.services.proposals.dto import (AssignmentRow, DueItem, EventRow, LeaderInput, ProposalDetail,
                                                ProposalFilter, ProposalRow, ReplyRow, ReviewRow,
                                                SimilarProposal, UnitLoad)
from desktop_app.domain.proposal_workflow import ANSWERING_ROLES
from desktop_app.services.proposals.similarity import rank_similar


def session_codes(s: Session) -> dict[int, str]:
    """Session id → `14-4`."""
    return {sid: f"{term}-{number}" for sid, term, number in s.execute(
        select(PlenarySession.id, Term.number, PlenarySession.number).join(Term, Term.id == PlenarySession.term_id))}


def proposer_names(s: Session) -> dict[int, tuple[str, str]]:
    """Proposal id → (proposer's name, its pinyin) for members and organizations alike."""
    out: dict[int, tuple[str, str]] = {}
    for pid, name, pinyin, initials in s.execute(
            select(Proposal.id, Member.name, Member.name_pinyin, Member.name_initials)
            .join(Member, Member.id == Proposal.lead_member_id)):
        out[pid] = (name, f"{pinyin} {initials}")
    for pid, name in s.execute(select(Proposal.id, Organization.name)
                               .join(Organization, Organization.id == Proposal.lead_organization_id)):
        full, initials = name_pinyin(name)
        out[pid] = (name, f"{full} {initials}")
    return out


def open_assignments(s: Session, *, proposal_ids=None):
    """Active lead/separate assignments of assigned proposals still without a current reply."""
    answered = select(Reply.id).where(Reply.proposal_id == Assignment.proposal_id, Reply.unit_id == Assignment.unit_id,
                                      Reply.superseded.is_(False)).exists()
    stmt = (select(Assignment, Proposal, HandlingUnit.name)
            .join(Proposal, Proposal.id == Assignment.proposal_id)
            .join(HandlingUnit, HandlingUnit.id == Assignment.unit_id)
            .where(Proposal.state == ASSIGNED, Assignment.status == AssignmentStatus.ACTIVE.value,
                   Assignment.role.in_(ANSWERING_ROLES), ~answered))
    if proposal_ids is not None:
        stmt = stmt.where(Assignment.proposal_id.in_(proposal_ids))
    return s.execute(stmt.order_by(Assignment.due_on)).all()


def _matches(row: ProposalRow, needle: str) -> bool:
    needle = needle.strip().lower()
    if not needle:
        return True
    return (needle in row.title or needle in row.proposer or needle in row.case_text
            or (needle.isascii() and needle in row.proposer_pinyin)
            or (needle.isdigit() and row.case_number == int(needle)))


def filter_rows(rows: list[ProposalRow], flt: ProposalFilter) -> list[ProposalRow]:
    """The page's filters and search over loaded rows (fast enough to run on every keystroke)."""
    return [r for r in rows
            if (not flt.session_id or r.session_id == flt.session_id) and (not flt.state or r.state == flt.state)
            and (not flt.category or r.category == flt.category) and (not flt.kind or r.kind == flt.kind)
            and (not flt.key_only or r.is_key) and (not flt.unit_id or flt.unit_id in r.unit_ids)
            and (not flt.overdue_only or r.overdue) and _matches(r, flt.text)]


class ProposalQueries:
    """Mixin of ProposalService: everything the proposals page reads."""

    _ctx: ServiceContext

    def list_rows(self, flt: ProposalFilter | None = None, *, today: date | None = None) -> list[ProposalRow]:
        flt = flt or ProposalFilter()
        today = today or date.today()
        with self._ctx.uow() as s:
            codes = session_codes(s)
            names = proposer_names(s)
            units: dict[int, list[tuple[int, str]]] = {}
            for pid, uid, uname in s.execute(
                    select(Assignment.proposal_id, HandlingUnit.id, HandlingUnit.name)
                    .join(HandlingUnit, HandlingUnit.id == Assignment.unit_id)
                    .where(Assignment.status == AssignmentStatus.ACTIVE.value).order_by(Assignment.id)):
                units.setdefault(pid, []).append((uid, uname))
            due: dict[int, date] = {}
            for assignment, _proposal, _unit in open_assignments(s):
                due.setdefault(assignment.proposal_id, assignment.due_on)
            stmt = select(Proposal.id, Proposal.session_id, Proposal.case_number, Proposal.title, Proposal.kind,
                          Proposal.category, Proposal.submitted_on, Proposal.state, Proposal.is_key,
                          Proposal.is_excellent, Proposal.is_follow_up, Proposal.version)
            rows = []
            for r in s.execute(stmt.order_by(Proposal.session_id.desc(), Proposal.case_number.is_(None),
                                             Proposal.case_number, Proposal.submitted_on, Proposal.id)):
                unit_list = units.get(r.id, [])
                next_due = due.get(r.id)
                rows.append(ProposalRow(
                    r.id, r.session_id, codes.get(r.session_id, ""), r.case_number, r.title, r.kind,
                    names.get(r.id, ("", ""))[0], names.get(r.id, ("", ""))[1], r.category, r.submitted_on, r.state,
                    bool(r.is_key), bool(r.is_excellent), bool(r.is_follow_up), tuple(n for _, n in unit_list),
                    tuple(i for i, _ in unit_list), next_due, bool(next_due and next_due < today), r.version))
        return filter_rows(rows, flt)

    def detail(self, proposal_id: int) -> ProposalDetail:
        with self._ctx.uow() as s:
            p = s.get(Proposal, proposal_id)
            if p is None:
                raise NotFound("找不到这件提案，可能已被其他人删除，请刷新列表。")
            codes = session_codes(s)
            cosigners = s.execute(select(Member.id, Member.name).join(ProposalCosigner, ProposalCosigner.member_id == Member.id)
                                  .where(ProposalCosigner.proposal_id == p.id).order_by(ProposalCosigner.position)).all()
            unit_names = dict(s.execute(select(HandlingUnit.id, HandlingUnit.name)).all())
            verdicts = dict(s.execute(select(Feedback.reply_id, Feedback.verdict).where(Feedback.proposal_id == p.id)
                                      .order_by(Feedback.id)).all())
            files = dict(s.execute(select(Attachment.id, Attachment.original_name).where(Attachment.owner_type == "reply")
                                   .join(Reply, Reply.attachment_id == Attachment.id).where(Reply.proposal_id == p.id)).all())
            host_case = s.scalar(select(Proposal.case_number).where(Proposal.id == p.merged_into_id)) if p.merged_into_id else None
            proposer = (s.scalar(select(Member.name).where(Member.id == p.lead_member_id)) if p.lead_member_id else
                        s.scalar(select(Organization.name).where(Organization.id == p.lead_organization_id))) or ""
            return ProposalDetail(
                id=p.id, version=p.version, session_id=p.session_id, session_code=codes.get(p.session_id, ""),
                case_number=p.case_number, title=p.title, body=p.body, kind=p.kind, lead_member_id=p.lead_member_id,
                lead_organization_id=p.lead_organization_id, proposer=proposer,
                cosigners=tuple(n for _, n in cosigners), cosigner_ids=tuple(i for i, _ in cosigners),
                category=p.category, submitted_on=p.submitted_on, state=p.state, decided_on=p.decided_on,
                not_accepted_reason=p.not_accepted_reason, not_accepted_note=p.not_accepted_note, disposal=p.disposal,
                merged_into_id=p.merged_into_id, merged_into_case=host_case,
                merged_here=tuple(s.scalars(select(Proposal.id).where(Proposal.merged_into_id == p.id))),
                converted_opinion_id=p.converted_opinion_id, is_key=bool(p.is_key), is_follow_up=bool(p.is_follow_up),
                follow_up_year=p.follow_up_year, is_excellent=bool(p.is_excellent), closed_on=p.closed_on,
                contact_phone=p.contact_phone, notes=p.notes,
                reviews=tuple(ReviewRow(r.stage, r.reviewer, r.reviewed_on, r.opinion, r.suggested_outcome)
                              for r in s.scalars(select(ProposalReview).where(ProposalReview.proposal_id == p.id)
                                                 .order_by(ProposalReview.reviewed_on, ProposalReview.id))),
                assignments=tuple(
                    AssignmentRow(a.id, a.unit_id, unit_names.get(a.unit_id, ""), a.role, a.assigned_on, a.due_on,
                                  a.status, a.extended_days or 0, a.declined_on)
                    for a in s.scalars(select(Assignment).where(Assignment.proposal_id == (p.merged_into_id or p.id)
                                                                if p.state == "merged" else Assignment.proposal_id == p.id)
                                       .order_by(Assignment.id))),
                replies=tuple(
                    ReplyRow(r.id, r.assignment_id, r.unit_id, unit_names.get(r.unit_id, ""), r.replied_on,
                             r.document_number, r.category, r.original_category, r.text, r.attachment_id,
                             files.get(r.attachment_id), bool(r.face_to_face), r.contact_person, bool(r.superseded),
                             verdicts.get(r.id))
                    for r in s.scalars(select(Reply).where(Reply.proposal_id == p.id).order_by(Reply.replied_on, Reply.id))),
                leaders=tuple(LeaderInput(name, role, title) for name, role, title in s.execute(
                    select(ProposalLeader.leader_name, ProposalLeader.role, ProposalLeader.leader_title)
                    .where(ProposalLeader.proposal_id == p.id).order_by(ProposalLeader.id))),
                events=tuple(EventRow(e.at, e.on_date, e.actor, e.action, e.from_state, e.to_state, e.note)
                             for e in s.scalars(select(ProposalEvent).where(ProposalEvent.proposal_id == p.id)
                                                .order_by(ProposalEvent.id))),
            )

    def due_items(self, *, today: date | None = None, within_days: int | None = None,
                  unit_id: int | None = None) -> list[DueItem]:
        """Overdue assignments (within_days None) or those due within `within_days` from today, not yet overdue."""
        today = today or date.today()
        with self._ctx.uow() as s:
            names = proposer_names(s)
            out = []
            for assignment, proposal, unit_name in open_assignments(s):
                days_left = (assignment.due_on - today).days
                if within_days is None and days_left >= 0:
                    continue
                if within_days is not None and not 0 <= days_left <= within_days:
                    continue
                if unit_id and assignment.unit_id != unit_id:
                    continue
                out.append(DueItem(proposal.id, assignment.id, proposal.case_number, proposal.title,
                                   names.get(proposal.id, ("", ""))[0], assignment.unit_id, unit_name,
                                   assignment.role, assignment.assigned_on, assignment.due_on, days_left))
        return out

    def unit_loads(self, *, session_id: int | None = None, today: date | None = None) -> list[UnitLoad]:
        """Per unit: proposals received (active assignments), replied (current reply), overdue."""
        today = today or date.today()
        with self._ctx.uow() as s:
            condition = Assignment.status == AssignmentStatus.ACTIVE.value
            if session_id:
                condition = and_(condition, Proposal.session_id == session_id)
            replied = select(Reply.id).where(Reply.proposal_id == Assignment.proposal_id,
                                             Reply.unit_id == Assignment.unit_id, Reply.superseded.is_(False)).exists()
            overdue = and_(Proposal.state == ASSIGNED, Assignment.role.in_(ANSWERING_ROLES), ~replied,
                           Assignment.due_on < today)
            rows = s.execute(
                select(HandlingUnit.id, HandlingUnit.name, func.count(Assignment.id),
                       func.count(Assignment.id).filter(replied), func.count(Assignment.id).filter(overdue))
                .join(Assignment, Assignment.unit_id == HandlingUnit.id)
                .join(Proposal, Proposal.id == Assignment.proposal_id).where(condition)
                .group_by(HandlingUnit.id, HandlingUnit.name).order_by(HandlingUnit.name)).all()
        return sorted((UnitLoad(*row) for row in rows), key=lambda u: pinyin_order(u.unit_name))

    def similar(self, proposal_id: int, *, limit: int = 5, threshold: float = 0.2) -> list[SimilarProposal]:
        """The session's accepted proposals most alike in title and text (character bigrams), to suggest 并案."""
        with self._ctx.uow() as s:
            p = s.get(Proposal, proposal_id)
            if p is None:
                raise NotFound("找不到这件提案，请刷新列表。")
            names = proposer_names(s)
            text = f"{p.title}\n{p.body or ''}"
            candidates = s.execute(select(Proposal.id, Proposal.case_number, Proposal.title, Proposal.body).where(
                Proposal.session_id == p.session_id, Proposal.state.in_(MERGE_TARGET_STATES), Proposal.id != p.id)).all()
        ranked = rank_similar(text,
                              [(c.id, f"{c.title}\n{c.body or ''}") for c in candidates], limit=limit,
                              threshold=threshold)
        by_id = {c.id: c for c in candidates}
        return [SimilarProposal(pid, by_id[pid].case_number, by_id[pid].title, names.get(pid, ("", ""))[0], score)
                for pid, score in ranked]

