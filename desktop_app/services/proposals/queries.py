"""Reading proposals: the filtered list, one proposal's detail and history, due items, per-unit load, similar ones."""
from __future__ import annotations

from datetime import date

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from db.models import (Assignment, Attachment, Feedback, HandlingUnit, Member, Organization, PlenarySession, Proposal,
                       ProposalCosigner, ProposalEvent, ProposalLeader, ProposalReview, Reply, Term)
from desktop_app.domain.enums import AssignmentStatus
from desktop_app.domain.errors import NotFound
from desktop_app.domain.proposal_workflow import ASSIGNED, MERGE_TARGET_STATES
from desktop_app.services.context import ServiceContext
from desktop_app.services.pinyin import name_pinyin, pinyin_order
from desktop_app.services.proposals.open_work import open_assignments
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


# The list's columns a header click sorts by, each an SQL expression (see `_order_key`); ties keep the
# default order: newest session first, then by case number (proposals without one last), date, id.
SORT_KEYS = ("session", "case", "title", "proposer", "kind", "category", "submitted", "state", "units", "due", "key")


def _open_answer(today: date | None = None):
    """EXISTS an open assignment (active, answering, no current reply) of an assigned proposal, due before
    `today` when given: the proposal is overdue."""
    answered = select(Reply.id).where(Reply.proposal_id == Assignment.proposal_id, Reply.unit_id == Assignment.unit_id,
                                      Reply.superseded.is_(False)).exists()
    condition = and_(Assignment.proposal_id == Proposal.id, Assignment.status == AssignmentStatus.ACTIVE.value,
                     Assignment.role.in_(ANSWERING_ROLES), ~answered)
    if today is not None:
        condition = and_(condition, Assignment.due_on < today)
    return condition


def _next_due():
    """The earliest due date of the proposal's open assignments (None when nothing is awaited)."""
    return (select(func.min(Assignment.due_on)).where(_open_answer()).correlate(Proposal)
            .scalar_subquery())


def _organization_pinyin(s: Session) -> dict[int, str]:
    """Organization id → "fullpinyin initials" (organizations are few; their pinyin is computed on reading)."""
    out = {}
    for oid, name in s.execute(select(Organization.id, Organization.name)):
        full, initials = name_pinyin(name)
        out[oid] = f"{full} {initials}"
    return out


def _text_condition(s: Session, needle: str):
    """The search box: 案由 or proposer containing the text, the proposer's pinyin or initials, the case number."""
    needle = needle.strip().lower()
    if not needle:
        return None
    names = [Member.name.contains(needle, autoescape=True)]
    if needle.isascii():  # pinyin as stored with the member on each save: wangfang, wf
        names += [Member.name_pinyin.contains(needle, autoescape=True),
                  Member.name_initials.contains(needle, autoescape=True)]
    member = select(Member.id).where(Member.id == Proposal.lead_member_id, or_(*names)).exists()
    organizations = [oid for oid, name in s.execute(select(Organization.id, Organization.name))
                     if needle in name or (needle.isascii() and needle in " ".join(name_pinyin(name)))]
    parts = [Proposal.title.contains(needle, autoescape=True), member]
    if organizations:
        parts.append(Proposal.lead_organization_id.in_(organizations))
    if any(c.isdigit() for c in needle):  # 第003号: the case numbers whose text holds the digits typed
        highest = s.scalar(select(func.max(Proposal.case_number))) or 0
        numbers = [n for n in range(1, highest + 1) if needle in f"第{n:03d}号"]
        if needle.isdigit() and int(needle) not in numbers:
            numbers.append(int(needle))
        if numbers:
            parts.append(Proposal.case_number.in_(numbers))
    return or_(*parts)


def _conditions(s: Session, flt: ProposalFilter, today: date) -> list:
    conditions = []
    if flt.session_id:
        conditions.append(Proposal.session_id == flt.session_id)
    if flt.state:
        conditions.append(Proposal.state == flt.state)
    if flt.category:
        conditions.append(Proposal.category == flt.category)
    if flt.kind:
        conditions.append(Proposal.kind == flt.kind)
    if flt.key_only:
        conditions.append(Proposal.is_key.is_(True))
    if flt.unit_id:
        conditions.append(select(Assignment.id).where(
            Assignment.proposal_id == Proposal.id, Assignment.unit_id == flt.unit_id,
            Assignment.status == AssignmentStatus.ACTIVE.value).exists())
    if flt.overdue_only:
        conditions.append(and_(Proposal.state == ASSIGNED, select(Assignment.id).where(_open_answer(today)).exists()))
    text = _text_condition(s, flt.text)
    if text is not None:
        conditions.append(text)
    return conditions


_DEFAULT_ORDER = (Proposal.session_id.desc(), Proposal.case_number.is_(None), Proposal.case_number,
                  Proposal.submitted_on, Proposal.id)


def _order_key(s: Session, key: str, today: date):
    """The SQL expression the list is sorted by for column `key` (a tuple when it takes several)."""
    if key == "session":
        ranks = {sid: rank for rank, (sid,) in enumerate(s.execute(
            select(PlenarySession.id).join(Term, Term.id == PlenarySession.term_id)
            .order_by(Term.number, PlenarySession.number)))}
        return (case(ranks, value=Proposal.session_id, else_=-1),) if ranks else (Proposal.session_id,)
    if key == "case":
        return (func.coalesce(Proposal.case_number, 0),)
    if key == "title":
        return (Proposal.title,)
    if key == "proposer":
        member = select(Member.name_pinyin + " " + Member.name_initials).where(
            Member.id == Proposal.lead_member_id).correlate(Proposal).scalar_subquery()
        organizations = _organization_pinyin(s)
        organization = case(organizations, value=Proposal.lead_organization_id, else_="") if organizations else ""
        return (func.coalesce(member, organization),)
    if key == "kind":
        return (Proposal.kind,)
    if key == "category":
        return (func.coalesce(Proposal.category, ""),)
    if key == "submitted":
        return (Proposal.submitted_on,)
    if key == "state":
        overdue = and_(Proposal.state == ASSIGNED, select(Assignment.id).where(_open_answer(today)).exists())
        return (Proposal.state, case((overdue, 1), else_=0))
    if key == "units":
        first = (select(HandlingUnit.name).join(Assignment, Assignment.unit_id == HandlingUnit.id)
                 .where(Assignment.proposal_id == Proposal.id, Assignment.status == AssignmentStatus.ACTIVE.value)
                 .order_by(Assignment.id).limit(1).correlate(Proposal).scalar_subquery())
        return (func.coalesce(first, ""),)
    if key == "due":  # blank (nothing awaited) first, as an empty text sorts
        due = case((Proposal.state == ASSIGNED, _next_due()))
        return (case((due.is_(None), 0), else_=1), due)
    if key == "key":
        return (Proposal.is_key,)
    raise ValueError(f"unknown sort key {key!r}")


def _rows_chunk(connection, ids: list[int], today: date) -> dict[int, ProposalRow]:
    units: dict[int, list[tuple[int, str]]] = {}
    for pid, uid, uname in connection.execute(
            select(Assignment.proposal_id, HandlingUnit.id, HandlingUnit.name)
            .join(HandlingUnit, HandlingUnit.id == Assignment.unit_id)
            .where(Assignment.proposal_id.in_(ids), Assignment.status == AssignmentStatus.ACTIVE.value)
            .order_by(Assignment.id)).all():
        units.setdefault(pid, []).append((uid, uname))
    answered = select(Reply.id).where(Reply.proposal_id == Assignment.proposal_id, Reply.unit_id == Assignment.unit_id,
                                      Reply.superseded.is_(False)).exists()
    due = dict(connection.execute(
        select(Assignment.proposal_id, func.min(Assignment.due_on))
        .join(Proposal, Proposal.id == Assignment.proposal_id)
        .where(Assignment.proposal_id.in_(ids), Proposal.state == ASSIGNED,
               Assignment.status == AssignmentStatus.ACTIVE.value, Assignment.role.in_(ANSWERING_ROLES), ~answered)
        .group_by(Assignment.proposal_id)).all())
    organizations: dict[int, str] | None = None
    out = {}
    rows = connection.execute(
        select(Proposal.id, Proposal.session_id, Term.number, PlenarySession.number, Proposal.case_number,
               Proposal.title, Proposal.kind, Proposal.category, Proposal.submitted_on, Proposal.state, Proposal.is_key,
               Proposal.is_excellent, Proposal.is_follow_up, Proposal.version, Proposal.lead_organization_id,
               Member.name, Member.name_pinyin, Member.name_initials)
        .join(PlenarySession, PlenarySession.id == Proposal.session_id)
        .join(Term, Term.id == PlenarySession.term_id)
        .outerjoin(Member, Member.id == Proposal.lead_member_id).where(Proposal.id.in_(ids))).all()
    for (pid, session_id, term, sitting, case_number, title, kind, category, submitted_on, state, is_key,
         is_excellent, is_follow_up, version, organization_id, name, pinyin, initials) in rows:
        if name is not None:
            proposer, pinyin = name, f"{pinyin} {initials}"
        elif organization_id is not None:
            if organizations is None:
                organizations = dict(connection.execute(select(Organization.id, Organization.name)).all())
            proposer = organizations.get(organization_id, "")
            full, initials = name_pinyin(proposer)
            pinyin = f"{full} {initials}"
        else:
            proposer, pinyin = "", ""
        unit_list = units.get(pid, ())
        next_due = due.get(pid)
        if isinstance(next_due, str):  # SQLite hands back min() of a DATE column as text
            next_due = date.fromisoformat(next_due)
        out[pid] = ProposalRow(
            pid, session_id, f"{term}-{sitting}", case_number, title, kind, proposer, pinyin, category, submitted_on,
            state, bool(is_key), bool(is_excellent), bool(is_follow_up), tuple(n for _, n in unit_list),
            tuple(i for i, _ in unit_list), next_due, bool(next_due and next_due < today), version)
    return out


class ProposalQueries:
    """Mixin of ProposalService: everything the proposals page reads."""

    _ctx: ServiceContext

    def list_ids(self, flt: ProposalFilter | None = None, *, order: tuple[str, bool] | None = None,
                 today: date | None = None) -> list[int]:
        """The ids of the proposals the filter lets through, in the list's order: by `order` = (key of
        SORT_KEYS, descending) then the default order, or the default order alone."""
        flt = flt or ProposalFilter()
        today = today or date.today()
        with self._ctx.uow() as s:
            stmt = select(Proposal.id).where(*_conditions(s, flt, today))
            keys = []
            if order is not None:
                key, descending = order
                keys = [k.desc() if descending else k for k in _order_key(s, key, today)]
            return list(s.scalars(stmt.order_by(*keys, *_DEFAULT_ORDER)))

    def count(self) -> int:
        """Every proposal stored (the list's “共 N 件”)."""
        with self._ctx.uow() as s:
            return s.scalar(select(func.count()).select_from(Proposal)) or 0

    def rows_for(self, ids: list[int], *, today: date | None = None) -> list[ProposalRow]:
        """The list's rows of these proposals, in the order given (ids no longer stored are left out).

        Three Core queries by primary key (the rows, their active units, the earliest open due date): a page
        of 200 rows takes a few milliseconds, so the window may fetch one on the GUI thread as the list scrolls."""
        today = today or date.today()
        if not ids:
            return []
        with self._ctx.uow() as s:
            connection = s.connection()
            found: dict[int, ProposalRow] = {}
            for start in range(0, len(ids), 500):
                found.update(_rows_chunk(connection, ids[start:start + 500], today))
        return [found[i] for i in ids if i in found]

    def list_rows(self, flt: ProposalFilter | None = None, *, today: date | None = None,
                  order: tuple[str, bool] | None = None) -> list[ProposalRow]:
        """Every row the filter lets through, in the list's order (the window fetches them in pages instead)."""
        today = today or date.today()
        return self.rows_for(self.list_ids(flt, order=order, today=today), today=today)

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

