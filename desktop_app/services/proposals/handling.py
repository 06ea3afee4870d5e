"""From assignment to closing: assign, decline, reassign, extend, reply, category, verdict, close, flags."""
from __future__ import annotations

from datetime import date

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from db.models import Assignment, Feedback, HandlingUnit, Proposal, ProposalLeader, Reply
from desktop_app.domain.enums import AssignmentStatus, ReplyCategory, UnitRole, Verdict
from desktop_app.domain.errors import Conflict, DeskError, NotFound, ValidationError
from desktop_app.domain.proposal_workflow import ANSWERING_ROLES, ACCEPTED, ASSIGNED, MERGED, REPLIED, add_months
from desktop_app.services import audit
from desktop_app.services.changes import Batch, Changes
from desktop_app.services.context import ServiceContext
from desktop_app.services.work_calendar import load_work_calendar
from desktop_app.services.proposals.attachments import store_attachment
from desktop_app.services.proposals.dto import LeaderInput, ReplyInput, UnitAssignmentInput
from desktop_app.services.proposals.steps import audited, load_proposal, require_text, require_unit, step
from desktop_app.services.records import add_flushed
from desktop_app.services.settings import load_vocabularies, read_office



def all_answered(s: Session, proposal_id: int) -> bool:
    """Every active lead and separate unit has a current (not superseded) reply."""
    active = s.execute(select(Assignment.id, Assignment.unit_id).where(
        Assignment.proposal_id == proposal_id, Assignment.status == AssignmentStatus.ACTIVE.value,
        Assignment.role.in_(ANSWERING_ROLES))).all()
    if not active:
        return False
    answered = set(s.scalars(select(Reply.unit_id).where(Reply.proposal_id == proposal_id,
                                                         Reply.superseded.is_(False))))
    return all(unit_id in answered for _, unit_id in active)


def _load_assignment(s: Session, assignment_id: int) -> Assignment:
    assignment = s.get(Assignment, assignment_id)
    if assignment is None:
        raise NotFound("找不到这条交办记录，请刷新后重试。")
    return assignment


def _load_reply(s: Session, reply_id: int) -> Reply:
    reply = s.get(Reply, reply_id)
    if reply is None:
        raise NotFound("找不到这条答复，请刷新后重试。")
    return reply


def _unit_name(s: Session, unit_id: int) -> str:
    return s.scalar(select(HandlingUnit.name).where(HandlingUnit.id == unit_id)) or ""


class HandlingSteps:
    """Mixin of ProposalService: the steps after acceptance."""

    _ctx: ServiceContext

    def assign(self, proposal_id: int, units: list[UnitAssignmentInput], *, on: date,
               expected_version: int | None = None) -> Changes:
        """交办 to units with roles; due date three months on (the office's reply period) unless given."""
        return self._assign(proposal_id, units, on=on, expected_version=expected_version, action="assign")

    def assign_each(self, proposal_ids: list[int], unit_id: int, *, on: date, progress=None) -> Changes:
        """批量交办: each accepted proposal to one unit as 主办, each in its own transaction; a proposal that cannot be
        assigned (changed meanwhile, not accepted) is left as it is, and the batch says why."""
        done, refused = 0, []
        for index, proposal_id in enumerate(proposal_ids):
            if progress:
                progress(index, len(proposal_ids), "正在交办")
            try:
                self.assign(proposal_id, [UnitAssignmentInput(unit_id, "lead")], on=on)
                done += 1
            except DeskError as exc:
                refused.append(exc.message)
        return Changes(proposals=done > 0, batch=Batch(updated=done, skipped=len(refused), lines=tuple(refused)))

    def _assign(self, proposal_id: int, units: list[UnitAssignmentInput], *, on: date,
                expected_version: int | None, action: str) -> Changes:
        uow = self._ctx.uow()
        with uow as s:
            self._assign_in(s, proposal_id, units, on=on, expected_version=expected_version, action=action)
            uow.commit()
        return Changes(proposals=True)

    def _assign_in(self, s, proposal_id: int, units: list[UnitAssignmentInput], *, on: date,
                   expected_version: int | None, action: str) -> None:
        """Assign within the caller's transaction (交办, 重新交办)."""
        if not units:
            raise ValidationError("请至少选择一个承办单位。")
        if len({u.unit_id for u in units}) != len(units):
            raise ValidationError("同一个承办单位只能选择一次，请去掉重复的单位。")
        proposal = load_proposal(s, proposal_id, expected_version)
        period = read_office(s).reply_period_months
        current = s.execute(select(Assignment.unit_id, Assignment.role).where(
            Assignment.proposal_id == proposal.id, Assignment.status == AssignmentStatus.ACTIVE.value)).all()
        taken = {unit_id for unit_id, _ in current}
        names = []
        rows = []
        for item in units:
            if item.role not in {r.value for r in UnitRole}:
                raise ValidationError("承办方式只能是主办、会办或分办。")
            unit = require_unit(s, item.unit_id)
            if unit.id in taken:
                raise ValidationError(f"“{unit.name}”已在承办这件提案，不能重复交办。")
            due = item.due_on or add_months(on, period)
            if due <= on:
                raise ValidationError(f"“{unit.name}”的办理期限应晚于交办日期 {on.isoformat()}。")
            rows.append(Assignment(proposal_id=proposal.id, unit_id=unit.id, role=item.role, assigned_on=on,
                                   due_on=due, status=AssignmentStatus.ACTIVE.value, changed_by=self._ctx.actor))
            names.append(f"{unit.name}（{UnitRole(item.role).label}，{due.isoformat()}前）")
        roles = [r for _, r in current] + [u.role for u in units]
        if not any(r in ANSWERING_ROLES for r in roles):
            raise ValidationError("交办时须至少有一个主办或分办单位；会办单位只向主办单位提供意见。")
        step(s, proposal, action, actor=self._ctx.actor, on=on, to_state=ASSIGNED, note="、".join(names))
        audited(s, proposal, action=action)  # the version check first
        for row in rows:
            add_flushed(s, row)

    def decline(self, assignment_id: int, *, on: date, reason: str) -> Changes:
        """A unit declines (not its remit) within the office's window of working days; the office reassigns."""
        reason = require_text(reason, "退回理由（例如“不属于本单位职责”）")
        uow = self._ctx.uow()
        with uow as s:
            assignment = _load_assignment(s, assignment_id)
            if assignment.status != AssignmentStatus.ACTIVE.value:
                raise Conflict("这条交办已退回或撤回，不能再次退回。")
            if s.scalar(select(Reply.id).where(Reply.assignment_id == assignment.id)):
                raise Conflict("该单位已经答复，不能再申请退回。")
            window = read_office(s).decline_window_days
            used = load_work_calendar(self._ctx).working_days_between(assignment.assigned_on, on)
            unit = _unit_name(s, assignment.unit_id)
            if used > window:
                raise Conflict(f"“{unit}”于 {assignment.assigned_on.isoformat()} 受理，已过 {window} 个工作日的退回期限"
                               f"（已过 {used} 个工作日），不能再退回，请与提案委员会协商办理。")
            proposal = load_proposal(s, assignment.proposal_id)
            assignment.status, assignment.declined_on = AssignmentStatus.DECLINED.value, on
            assignment.decline_reason, assignment.changed_by = reason, self._ctx.actor
            s.flush()
            remaining = s.scalar(select(Assignment.id).where(Assignment.proposal_id == proposal.id,
                                                             Assignment.status == AssignmentStatus.ACTIVE.value))
            step(s, proposal, "decline", actor=self._ctx.actor, on=on, to_state=ASSIGNED if remaining else ACCEPTED,
                 note=f"{unit}：{reason}")
            audited(s, proposal, action="decline")
            uow.commit()
        return Changes(proposals=True)

    def reassign(self, assignment_id: int, *, unit_id: int, on: date, due_on: date | None = None) -> Changes:
        """After a unit declined: the same role goes to another unit, with a fresh due date."""
        uow = self._ctx.uow()
        with uow as s:  # one transaction: the declined row is read and the new one written together
            old = _load_assignment(s, assignment_id)
            if old.status != AssignmentStatus.DECLINED.value:
                raise Conflict("只有单位已申请退回的交办才能重新交办。")
            self._assign_in(s, old.proposal_id, [UnitAssignmentInput(unit_id, old.role, due_on)], on=on,
                            expected_version=None, action="reassign")
            uow.commit()
        return Changes(proposals=True)

    def extend(self, assignment_id: int, *, new_due_on: date, reason: str, on: date) -> Changes:
        """延期 with a reason; at most six months (the office's setting) beyond the original due date in all."""
        reason = require_text(reason, "延期理由")
        uow = self._ctx.uow()
        with uow as s:
            assignment = _load_assignment(s, assignment_id)
            if assignment.status != AssignmentStatus.ACTIVE.value:
                raise Conflict("这条交办已退回或撤回，不能延期。")
            if new_due_on <= assignment.due_on:
                raise ValidationError(f"延期后的期限应晚于现在的期限 {assignment.due_on.isoformat()}。")
            limit_months = read_office(s).max_extension_months
            original = date.fromordinal(assignment.due_on.toordinal() - (assignment.extended_days or 0))
            limit = add_months(original, limit_months)
            if new_due_on > limit:
                raise ValidationError(f"延期累计不能超过{limit_months}个月，最晚只能延至 {limit.isoformat()}。")
            proposal = load_proposal(s, assignment.proposal_id)
            unit = _unit_name(s, assignment.unit_id)
            step(s, proposal, "extend", actor=self._ctx.actor, on=on,
                 note=f"{unit}：{assignment.due_on.isoformat()} 延至 {new_due_on.isoformat()}；{reason}")
            assignment.extended_days = (new_due_on - original).days
            assignment.due_on, assignment.extension_reason = new_due_on, reason
            assignment.changed_by = self._ctx.actor
            audited(s, assignment, action="extend")
            uow.commit()
        return Changes(proposals=True)

    def reply(self, proposal_id: int, data: ReplyInput) -> Changes:
        """A unit's reply; when every lead and separate unit has answered the proposal becomes 已答复."""
        if data.category not in {c.value for c in ReplyCategory}:
            raise ValidationError("答复类别只能是 A、B 或 C。")
        if not (data.text or "").strip() and not data.attachment_path:
            raise ValidationError("请填写答复内容或附上答复文件。")
        uow = self._ctx.uow()
        with uow as s:
            proposal = load_proposal(s, proposal_id)
            assignment = _load_assignment(s, data.assignment_id)
            owner = proposal.merged_into_id if proposal.state == MERGED else proposal.id
            if assignment.proposal_id != owner:
                raise ValidationError("所选交办不属于这件提案（并案提案请选择主提案的承办单位）。")
            if assignment.status != AssignmentStatus.ACTIVE.value:
                raise Conflict("该单位的交办已退回或撤回，不能登记答复。")
            if s.scalar(select(Reply.id).where(Reply.proposal_id == proposal.id, Reply.unit_id == assignment.unit_id,
                                               Reply.superseded.is_(False))):
                raise Conflict(f"“{_unit_name(s, assignment.unit_id)}”已有答复；如需重新办理，请先登记委员“不满意”的反馈。")
            reply = Reply(proposal_id=proposal.id, assignment_id=assignment.id, unit_id=assignment.unit_id,
                          replied_on=data.replied_on, document_number=(data.document_number or "").strip() or None,
                          category=data.category, text=(data.text or "").strip() or None,
                          face_to_face=data.face_to_face, contact_person=data.contact_person,
                          contact_phone=data.contact_phone, superseded=False, changed_by=self._ctx.actor)
            s.add(reply)
            s.flush()
            if data.attachment_path:
                attachment = store_attachment(s, self._ctx, data.attachment_path, owner_type="reply",
                                              owner_id=reply.id, on=data.replied_on)
                reply.attachment_id = attachment.id
            target = proposal.state
            if proposal.state != MERGED:
                target = REPLIED if all_answered(s, proposal.id) else proposal.state
            step(s, proposal, "reply", actor=self._ctx.actor, on=data.replied_on, to_state=target,
                 note=f"{_unit_name(s, assignment.unit_id)}答复，{data.category}类" + ("，已见面" if data.face_to_face else ""))
            uow.commit()
            return Changes(proposals=True, new_id=reply.id)

    def change_category(self, reply_id: int, *, category: str, on: date, reason: str | None = None) -> Changes:
        """The supervising office changes a reply's category; the unit's own stays in original_category."""
        if category not in {c.value for c in ReplyCategory}:
            raise ValidationError("答复类别只能是 A、B 或 C。")
        uow = self._ctx.uow()
        with uow as s:
            reply = _load_reply(s, reply_id)
            if reply.category == category:
                raise ValidationError(f"答复类别已经是 {category} 类，无需调整。")
            proposal = load_proposal(s, reply.proposal_id)
            step(s, proposal, "change_category", actor=self._ctx.actor, on=on,
                 note=f"{_unit_name(s, reply.unit_id)}：{reply.category} 类调整为 {category} 类" + (f"；{reason}" if reason else ""))
            if reply.original_category is None:
                reply.original_category = reply.category
            reply.category, reply.changed_by = category, self._ctx.actor
            s.flush()
            audit.label(s, reply, "change_category")
            uow.commit()
        return Changes(proposals=True)

    def feedback(self, reply_id: int, *, verdict: str, on: date, remark: str | None = None,
                 rehandle_due_on: date | None = None) -> Changes:
        """The proposer's verdict on one reply; 不满意 supersedes it and sends the proposal back for re-handling."""
        if verdict not in {v.value for v in Verdict}:
            raise ValidationError("委员反馈只能是满意、基本满意或不满意。")
        uow = self._ctx.uow()
        with uow as s:
            reply = _load_reply(s, reply_id)
            if reply.superseded:
                raise Conflict("这条答复已被重新办理取代，请对新的答复登记反馈。")
            if s.scalar(select(Feedback.id).where(Feedback.reply_id == reply.id)):
                raise Conflict("这条答复已登记过委员反馈。")
            proposal = load_proposal(s, reply.proposal_id)
            dissatisfied = verdict == Verdict.DISSATISFIED.value
            target = ASSIGNED if dissatisfied and proposal.state == REPLIED else proposal.state
            unit = _unit_name(s, reply.unit_id)
            step(s, proposal, "feedback", actor=self._ctx.actor, on=on, to_state=target,
                 note=f"对{unit}的答复{Verdict(verdict).label}" + ("，重新办理" if dissatisfied else "")
                 + (f"；{remark}" if remark else ""))
            add_flushed(s, Feedback(proposal_id=proposal.id, reply_id=reply.id, verdict=verdict, given_on=on,
                                    remark=remark, changed_by=self._ctx.actor))
            if dissatisfied:
                reply.superseded, reply.changed_by = True, self._ctx.actor
                audited(s, reply, action="rehandle")
                if rehandle_due_on and reply.assignment_id:
                    assignment = s.get(Assignment, reply.assignment_id)
                    if rehandle_due_on <= on:
                        raise ValidationError("重新办理的期限应晚于反馈日期。")
                    assignment.due_on = max(assignment.due_on, rehandle_due_on)
                    audited(s, assignment, action="rehandle")
            uow.commit()
        return Changes(proposals=True)

    def close(self, proposal_id: int, *, on: date, note: str | None = None,
              expected_version: int | None = None) -> Changes:
        uow = self._ctx.uow()
        with uow as s:
            proposal = load_proposal(s, proposal_id, expected_version)
            step(s, proposal, "close", actor=self._ctx.actor, on=on, note=note)
            proposal.closed_on = on
            audited(s, proposal, action="close")
            uow.commit()
        return Changes(proposals=True)

    def follow_up(self, proposal_id: int, *, year: int, on: date, note: str | None = None) -> Changes:
        """跨年度跟踪 into a later year than the one it was submitted in."""
        uow = self._ctx.uow()
        with uow as s:
            proposal = load_proposal(s, proposal_id)
            if year <= proposal.submitted_on.year:
                raise ValidationError(f"跟踪年度应晚于提交年度 {proposal.submitted_on.year} 年。")
            step(s, proposal, "follow_up", actor=self._ctx.actor, on=on,
                 note=f"跟踪至{year}年" + (f"；{note}" if note else ""))
            proposal.is_follow_up, proposal.follow_up_year = True, year
            audited(s, proposal, action="follow_up")
            uow.commit()
        return Changes(proposals=True)

    def set_key(self, proposal_id: int, *, leaders: list[LeaderInput], on: date) -> Changes:
        """重点提案 with the leaders who lead (领办) or supervise (督办) it; no leaders clears the mark."""
        uow = self._ctx.uow()
        with uow as s:
            roles = load_vocabularies(s).get("leader_role")
            cleaned = []
            for leader in leaders:
                name = require_text(leader.name, "领导姓名")
                role = roles.canonical(leader.role) if roles else leader.role
                if role is None:
                    raise ValidationError(f"领导分工“{leader.role}”不在词表中，请选择：{'、'.join(roles.names)}。")
                cleaned.append({"leader_name": name, "leader_title": (leader.title or "").strip() or None, "role": role})
            proposal = load_proposal(s, proposal_id)
            text = "、".join(f"{c['leader_title'] or ''}{c['leader_name']}（{c['role']}）" for c in cleaned)
            step(s, proposal, "mark_key", actor=self._ctx.actor, on=on, note=text or "取消重点提案")
            s.execute(delete(ProposalLeader).where(ProposalLeader.proposal_id == proposal.id))
            if cleaned:
                s.execute(insert(ProposalLeader), [{"proposal_id": proposal.id, **c} for c in cleaned])
            proposal.is_key = bool(cleaned)
            audited(s, proposal, action="mark_key")
            uow.commit()
        return Changes(proposals=True)

    def mark_excellent(self, proposal_id: int, *, excellent: bool = True, on: date) -> Changes:
        uow = self._ctx.uow()
        with uow as s:
            proposal = load_proposal(s, proposal_id)
            step(s, proposal, "mark_excellent", actor=self._ctx.actor, on=on,
                 note="评为优秀提案" if excellent else "取消优秀提案")
            proposal.is_excellent = excellent
            audited(s, proposal, action="mark_excellent")
            uow.commit()
        return Changes(proposals=True)


def proposals_owed_reply(s: Session, host_id: int) -> list[Proposal]:
    """The proposals merged into `host_id` whose proposers have no current reply yet."""
    replied = select(Reply.proposal_id).where(Reply.superseded.is_(False))
    return list(s.scalars(select(Proposal).where(Proposal.merged_into_id == host_id, Proposal.state == MERGED,
                                                 Proposal.id.not_in(replied))))
