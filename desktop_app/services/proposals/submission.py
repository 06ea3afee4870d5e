"""From submission to the review decision: submit, edit, return, review notes, accept, not accept, merge, withdraw."""
from __future__ import annotations

from datetime import date

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from db.models import (Assignment, Member, Opinion, OpinionSubmitter, Organization, PlenarySession, Proposal,
                       ProposalCosigner, ProposalEvent, ProposalReview)
from desktop_app.domain.enums import AssignmentStatus, MemberStatus, ProposalKind
from desktop_app.domain.proposal_rules import check_proposal_fields
from desktop_app.domain.errors import NotFound, ValidationError
from desktop_app.domain.proposal_workflow import MERGE_TARGET_STATES, state_label
from desktop_app.services.changes import Changes
from desktop_app.services.context import ServiceContext
from desktop_app.services.proposals.dto import ProposalInput
from desktop_app.services.proposals.steps import audited, load_proposal, require_text, step
from desktop_app.services.records import add_flushed, refuse_problems
from desktop_app.services.settings import load_vocabularies

REVIEW_STAGES = ("初审", "复审")
DISPOSALS = ("returned", "to_opinion")
OTHER_REASON = "其他"


def _vocabulary_value(s: Session, key: str, raw: str | None, what: str) -> str | None:
    if raw is None or not str(raw).strip():
        return None
    vocab = load_vocabularies(s).get(key)
    value = vocab.canonical(raw) if vocab else None
    if value is None:
        allowed = "、".join(vocab.names) if vocab else ""
        raise ValidationError(f"{what}“{raw}”不在词表中，请选择：{allowed}。")
    return value


def _check_input(s: Session, data: ProposalInput) -> ProposalInput:
    """Validate a submission: one title, a proposer of the right kind, distinct co-signers in office."""
    from dataclasses import replace

    title = (data.title or "").strip()
    category_text = (data.category or "").strip() or None
    checked = replace(data, title=title, category=category_text)
    refuse_problems(check_proposal_fields(checked, load_vocabularies(s)))  # the ledger import checks the same rules
    if s.get(PlenarySession, data.session_id) is None:
        raise NotFound("找不到所选的会次，请先在“届次和会次”中添加。")
    if data.kind == ProposalKind.MEMBER.value:
        if not data.lead_member_id:
            raise ValidationError("委员提案须有第一提案人（领衔委员），请选择。")
        lead = s.get(Member, data.lead_member_id)
        if lead is None:
            raise NotFound("找不到所选的领衔委员，请刷新后重新选择。")
        if data.lead_organization_id:
            raise ValidationError("委员提案由委员领衔，不能同时选择提案单位。")
    elif data.kind == ProposalKind.COLLECTIVE.value:
        if not data.lead_organization_id or s.get(Organization, data.lead_organization_id) is None:
            raise ValidationError("集体提案须选择提案单位（党派、人民团体、界别或专委会）。")
        if data.lead_member_id:
            raise ValidationError("集体提案由单位提出，不能同时选择领衔委员。")
    else:
        raise ValidationError("提案类型只能是“委员提案”或“集体提案”。")
    cosigners = tuple(dict.fromkeys(data.cosigner_ids))
    if data.lead_member_id in cosigners:
        raise ValidationError("领衔委员不能同时作为联名人，请从联名人中去掉。")
    if cosigners:
        found = dict(s.execute(select(Member.id, Member.status).where(Member.id.in_(cosigners))).all())
        if len(found) != len(cosigners):
            raise NotFound("有联名委员已不存在，请刷新后重新选择联名人。")
        left = [mid for mid, status in found.items() if status != MemberStatus.ACTIVE.value]
        if left:
            names = "、".join(s.scalars(select(Member.name).where(Member.id.in_(left))))
            raise ValidationError(f"联名人{names}已不在任，不能联名提案。")
    category = _vocabulary_value(s, "proposal_category", data.category, "类别")
    return replace(data, title=title, cosigner_ids=cosigners, category=category,
                   body=(data.body or "").strip() or None)


def _write_cosigners(s: Session, proposal_id: int, member_ids: tuple[int, ...]) -> None:
    s.execute(delete(ProposalCosigner).where(ProposalCosigner.proposal_id == proposal_id))
    if member_ids:
        s.execute(insert(ProposalCosigner), [{"proposal_id": proposal_id, "member_id": mid, "position": i}
                                             for i, mid in enumerate(member_ids, start=1)])


class SubmissionSteps:
    """Mixin of ProposalService: the steps up to the review decision."""

    _ctx: ServiceContext

    def submit(self, data: ProposalInput) -> Changes:
        """A new proposal in state 待审查, with its co-signers and the first history entry."""
        uow = self._ctx.uow()
        with uow as s:
            data = _check_input(s, data)
            proposal = Proposal(session_id=data.session_id, title=data.title, body=data.body, kind=data.kind,
                                lead_member_id=data.lead_member_id, lead_organization_id=data.lead_organization_id,
                                category=data.category, submitted_on=data.submitted_on, state="submitted",
                                contact_phone=data.contact_phone, notes=data.notes, changed_by=self._ctx.actor)
            s.add(proposal)
            s.flush()
            _write_cosigners(s, proposal.id, data.cosigner_ids)
            s.add(ProposalEvent(proposal_id=proposal.id, on_date=data.submitted_on, actor=self._ctx.actor,
                                action="submit", from_state=None, to_state="submitted",
                                note=f"联名人{len(data.cosigner_ids)}名" if data.cosigner_ids else None))
            uow.commit()
            return Changes(proposals=True, new_id=proposal.id)

    def edit(self, proposal_id: int, data: ProposalInput, *, expected_version: int) -> Changes:
        """Change the proposal before review (待审查 or 退回修改)."""
        uow = self._ctx.uow()
        with uow as s:
            proposal = load_proposal(s, proposal_id, expected_version)
            data = _check_input(s, data)
            step(s, proposal, "edit", actor=self._ctx.actor)
            for name in ("session_id", "title", "body", "kind", "lead_member_id", "lead_organization_id",
                         "category", "submitted_on", "contact_phone", "notes"):
                setattr(proposal, name, getattr(data, name))
            _write_cosigners(s, proposal.id, data.cosigner_ids)
            audited(s, proposal, action="edit")
            uow.commit()
        return Changes(proposals=True)

    def return_for_revision(self, proposal_id: int, *, on: date, reason: str,
                            expected_version: int | None = None) -> Changes:
        return self._simple(proposal_id, "return", on=on, note=require_text(reason, "退回修改的理由"),
                            expected_version=expected_version)

    def resubmit(self, proposal_id: int, *, on: date, expected_version: int | None = None) -> Changes:
        return self._simple(proposal_id, "resubmit", on=on, note=None, expected_version=expected_version)

    def withdraw(self, proposal_id: int, *, on: date, reason: str, expected_version: int | None = None) -> Changes:
        """撤案: the case number, if any, stays used and is never given again; units stop handling it."""
        def stop_handling(s: Session, proposal: Proposal) -> None:
            s.execute(Assignment.__table__.update()
                      .where(Assignment.proposal_id == proposal.id, Assignment.status == AssignmentStatus.ACTIVE.value)
                      .values(status=AssignmentStatus.WITHDRAWN.value, version=Assignment.version + 1,
                              changed_by=self._ctx.actor))

        return self._simple(proposal_id, "withdraw", on=on, note=require_text(reason, "撤案理由"),
                            expected_version=expected_version, after=stop_handling)

    def _simple(self, proposal_id: int, action: str, *, on: date, note: str | None,
                expected_version: int | None, after=None) -> Changes:
        uow = self._ctx.uow()
        with uow as s:
            proposal = load_proposal(s, proposal_id, expected_version)
            step(s, proposal, action, actor=self._ctx.actor, on=on, note=note)
            if after is not None:
                after(s, proposal)
            audited(s, proposal, action=action)
            uow.commit()
        return Changes(proposals=True)

    def add_review(self, proposal_id: int, *, stage: str, reviewer: str, on: date, opinion: str | None = None,
                   suggested_outcome: str | None = None) -> Changes:
        """A review note (初审 or 复审) with the reviewer and date; the state stays 待审查."""
        if stage not in REVIEW_STAGES:
            raise ValidationError("审查阶段只能是“初审”或“复审”。")
        reviewer = require_text(reviewer, "审查人")
        uow = self._ctx.uow()
        with uow as s:
            proposal = load_proposal(s, proposal_id)
            step(s, proposal, "review", actor=self._ctx.actor, on=on, note=f"{stage}（{reviewer}）：{opinion or ''}".rstrip("："))
            review = ProposalReview(proposal_id=proposal.id, stage=stage, reviewer=reviewer, reviewed_on=on,
                                    opinion=opinion, suggested_outcome=suggested_outcome, changed_by=self._ctx.actor)
            add_flushed(s, review)
            uow.commit()
        return Changes(proposals=True)

    def accept(self, proposal_id: int, *, on: date, category: str | None = None, note: str | None = None,
               expected_version: int | None = None) -> Changes:
        """立案: the session's next case number (never reused), optionally settling the category."""
        uow = self._ctx.uow()
        with uow as s:
            proposal = load_proposal(s, proposal_id, expected_version)
            session_row = s.get(PlenarySession, proposal.session_id)
            number = (session_row.last_case_number or 0) + 1
            step(s, proposal, "accept", actor=self._ctx.actor, on=on,
                 note=f"案号第{number:03d}号" + (f"；{note}" if note else ""))
            session_row.last_case_number = number
            proposal.case_number, proposal.decided_on = number, on
            if category:
                proposal.category = _vocabulary_value(s, "proposal_category", category, "类别")
            audited(s, proposal, action="accept")
            uow.commit()
            return Changes(proposals=True, case_number=proposal.case_number)

    def not_accept(self, proposal_id: int, *, on: date, reason: str, disposal: str = "returned",
                   note: str | None = None, expected_version: int | None = None) -> Changes:
        """不予立案 with a statutory reason; `to_opinion` turns it into a 社情民意信息 record linked both ways."""
        if disposal not in DISPOSALS:
            raise ValidationError("不立案的处理方式只能是“退回”或“转为社情民意信息”。")
        uow = self._ctx.uow()
        with uow as s:
            reason_name = _vocabulary_value(s, "not_accepted_reason", reason, "不予立案理由")
            if reason_name is None:
                raise ValidationError("请选择不予立案的理由。")
            if reason_name == OTHER_REASON and not (note or "").strip():
                raise ValidationError("理由为“其他”时，请写明具体理由。")
            proposal = load_proposal(s, proposal_id, expected_version)
            how = "退回提案者" if disposal == "returned" else "转为社情民意信息"
            step(s, proposal, "not_accept", actor=self._ctx.actor, on=on, note=f"{reason_name}；{how}")
            proposal.not_accepted_reason, proposal.not_accepted_note = reason_name, (note or "").strip() or None
            proposal.disposal, proposal.decided_on = disposal, on
            opinion_id = None
            if disposal == "to_opinion":
                opinion_id = _convert_to_opinion(s, proposal, on=on, actor=self._ctx.actor)
            audited(s, proposal, action="not_accept")
            uow.commit()
        return Changes(proposals=True, opinions=disposal == "to_opinion", new_id=opinion_id)

    def merge(self, proposal_id: int, *, into_id: int, on: date, note: str | None = None,
              expected_version: int | None = None) -> Changes:
        """并案 into an accepted proposal of the same session; its proposer is still owed a reply."""
        uow = self._ctx.uow()
        with uow as s:
            proposal = load_proposal(s, proposal_id, expected_version)
            host = load_proposal(s, into_id)
            if host.id == proposal.id:
                raise ValidationError("提案不能并入它自己，请选择另一件已立案的提案。")
            if host.state not in MERGE_TARGET_STATES:
                raise ValidationError(f"只能并入已立案的提案；所选提案当前为“{state_label(host.state)}”。")
            if host.session_id != proposal.session_id:
                raise ValidationError("只能并入同一次会议的提案，请选择本会次的已立案提案。")
            step(s, proposal, "merge", actor=self._ctx.actor, on=on,
                 note=f"并入第{host.case_number:03d}号" + (f"；{note}" if note else ""))
            proposal.merged_into_id, proposal.decided_on = host.id, on
            s.add(ProposalEvent(proposal_id=host.id, on_date=on, actor=self._ctx.actor, action="merge",
                                from_state=host.state, to_state=host.state, note=f"并入提案“{proposal.title}”"))
            audited(s, proposal, action="merge")
            uow.commit()
        return Changes(proposals=True)


def _convert_to_opinion(s: Session, proposal: Proposal, *, on: date, actor: str) -> int:
    opinion = Opinion(title=proposal.title, body=proposal.body, received_on=on, source_proposal_id=proposal.id,
                      notes="由不予立案的提案转来", changed_by=actor)
    s.add(opinion)
    s.flush()
    submitters = []
    if proposal.lead_member_id:
        submitters.append({"opinion_id": opinion.id, "member_id": proposal.lead_member_id, "position": 0})
    elif proposal.lead_organization_id:
        submitters.append({"opinion_id": opinion.id, "organization_id": proposal.lead_organization_id, "position": 0})
    cosigners = s.scalars(select(ProposalCosigner.member_id).where(ProposalCosigner.proposal_id == proposal.id)
                          .order_by(ProposalCosigner.position))
    submitters += [{"opinion_id": opinion.id, "member_id": mid, "position": i} for i, mid in enumerate(cosigners, 1)]
    if submitters:
        s.execute(insert(OpinionSubmitter), [{"member_id": None, "organization_id": None, **row} for row in submitters])
    proposal.converted_opinion_id = opinion.id
    return opinion.id
