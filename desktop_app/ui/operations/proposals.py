"""Proposal actions: the page's loads, each workflow step as its own function, and the ledger and paperwork.

A step is a typed function (`accept(desk, parent=…, detail=…, on=…, category=…)`) that runs its one service call as
the writer task and announces the Changes; its form (`accept_form`) says which fields the step dialog asks for
and hands the dialog's values to it. `STEP_FORMS` names the form of each action the workflow allows.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtWidgets import QFileDialog, QMainWindow, QWidget

from desktop_app.domain.cn_format import exported_sentence
from desktop_app.domain.enums import UnitRole, Verdict
from desktop_app.ui.desk import Cancelled, Desk, Progress
from desktop_app.ui.dialogs.proposal_step import Field, Values
from desktop_app.ui.operations.common import exports_folder, pick_file, safe_file_name, save_target
from desktop_app.ui.tasks import Task, info

if TYPE_CHECKING:
    from desktop_app.domain.vocabulary import Vocabulary
    from desktop_app.services.changes import Changes
    from desktop_app.services.context import ServiceContext
    from desktop_app.services.members import MemberRow
    from desktop_app.services.organizations import OrganizationRow, UnitRow
    from desktop_app.services.proposal_paperwork import NoticeBatch, ProposalPaperworkService
    from desktop_app.services.proposals import ProposalService
    from desktop_app.services.proposals.dto import (DueItem, ProposalDetail, ProposalInput,
                                                    UnitLoad)
    from desktop_app.services.ledgers.pipeline import LedgerImporter
    from desktop_app.ui.dialogs.proposal_form import ProposalForm
    from desktop_app.ui.operations.ledger_import import Confirm
    from desktop_app.services.terms import SessionRow

CATEGORY_LABELS = {"A": "A 类（已解决或基本解决）", "B": "B 类（正在解决或列入计划）", "C": "C 类（留作参考）"}
VERDICTS = Verdict.choices()
ROLES = UnitRole.choices()
SOON_DAYS = 14


# ----- what the page loads -----
@dataclass(frozen=True)
class ProposalLists:
    """What the forms and filters of the 提案 page choose from."""

    sessions: list["SessionRow"] = field(default_factory=list)
    units: list["UnitRow"] = field(default_factory=list)
    organizations: list["OrganizationRow"] = field(default_factory=list)
    members: list["MemberRow"] = field(default_factory=list)
    vocabularies: dict[str, "Vocabulary"] = field(default_factory=dict)

    def names(self, key: str) -> tuple[tuple[str, str], ...]:
        vocab = self.vocabularies.get(key)
        return tuple((n, n) for n in vocab.names) if vocab else ()

    def session(self, session_id: int | None) -> "SessionRow | None":
        return next((s for s in self.sessions if s.id == session_id), None)


@dataclass(frozen=True)
class ProposalBoard:
    """The lists, the due panels and the unit figures, loaded together (the rows: operations/proposal_list.py)."""

    lists: ProposalLists
    overdue: list["DueItem"]
    soon: list["DueItem"]
    loads: list["UnitLoad"]


SIMILAR_HINT = 0.3  # similarity from which the detail suggests 并案


def alike_word(score: float) -> str:
    """How alike two proposals read, in words (the score is the share of shared character pairs, 0–1)."""
    if score >= 0.6:
        return "内容很相近"
    if score >= SIMILAR_HINT:
        return "内容相近"
    if score >= 0.15:
        return "内容有些相近"
    return ""


@dataclass(frozen=True)
class MergeTarget:
    text: str  # 第003号 关于…（内容相近）: the 并案 choice
    proposal_id: int
    score: float
    named: str = ""  # 第003号《关于…》: how the detail names it

    @classmethod
    def of(cls, case_number: int, title: str, proposal_id: int, score: float) -> "MergeTarget":
        word = alike_word(score)
        return cls(f"第{case_number:03d}号 {title}" + (f"（{word}）" if word else ""), proposal_id, score,
                   f"第{case_number:03d}号《{title}》")


@dataclass(frozen=True)
class ProposalView:
    """A proposal's detail, and the accepted proposals it could be merged into (most alike first)."""

    detail: "ProposalDetail"
    merge_targets: tuple[MergeTarget, ...] = ()


def load_board(today: date) -> Callable[["ServiceContext", Progress, Cancelled], ProposalBoard]:
    """The load of the 提案 page, with overdue judged by `today`."""

    def load(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> ProposalBoard:
        from desktop_app.services.members import MembersService
        from desktop_app.services.organizations import OrganizationService
        from desktop_app.services.proposals import ProposalService
        from desktop_app.services.settings import SettingsService
        from desktop_app.services.terms import TermService

        service, orgs = ProposalService(ctx), OrganizationService(ctx)
        lists = ProposalLists(TermService(ctx).sessions(), orgs.units(), orgs.organizations(),
                              MembersService(ctx).list_rows(), SettingsService(ctx).vocabularies())
        return ProposalBoard(lists, service.due_items(today=today),
                             service.due_items(today=today, within_days=SOON_DAYS), service.unit_loads(today=today))

    return load


def load_view(proposal_id: int) -> Callable[["ServiceContext", Progress, Cancelled], ProposalView]:
    def load(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> ProposalView:
        from desktop_app.services.proposals import ProposalService

        service = ProposalService(ctx)
        detail = service.detail(proposal_id)
        targets: tuple[MergeTarget, ...] = ()
        if "merge" in detail.legal_actions:
            targets = tuple(MergeTarget.of(s.case_number, s.title, s.proposal_id, s.score)
                            for s in service.similar(proposal_id, threshold=0.0, limit=50))
        return ProposalView(detail, targets)

    return load


# ----- one step as a task -----
def _step(desk: Desk, parent: QWidget, title: str, call: Callable[["ProposalService"], "Changes"],
          on_done: Callable[["Changes"], None] | None = None) -> Task | None:
    """Run one workflow step as the writer task; every page hears of it through Desk.sig_changed."""

    def run(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> "Changes":
        from desktop_app.services.proposals import ProposalService

        return call(ProposalService(ctx))

    def done(changes: "Changes") -> None:
        desk.announce(changes)
        if on_done is not None:
            on_done(changes)

    return desk.run(run, title=title, parent=parent, writer=True, on_done=done)


def edit(desk: Desk, *, parent: QWidget, detail: "ProposalDetail", title: str, body: str | None,
         category: str | None) -> Task | None:
    """编辑: the title, text and category; the rest as it is."""
    from desktop_app.services.proposals.dto import ProposalInput

    data = ProposalInput(session_id=detail.session_id, title=title, submitted_on=detail.submitted_on, kind=detail.kind,
                         lead_member_id=detail.lead_member_id, lead_organization_id=detail.lead_organization_id,
                         cosigner_ids=detail.cosigner_ids, body=body, category=category,
                         contact_phone=detail.contact_phone, notes=detail.notes)
    return _step(desk, parent, "编辑", lambda s: s.edit(detail.id, data, expected_version=detail.version))


def review(desk: Desk, *, parent: QWidget, detail: "ProposalDetail", stage: str, reviewer: str, on: date,
           opinion: str) -> Task | None:
    """审查 (初审 / 复审) with the reviewer's opinion."""
    return _step(desk, parent, "审查", lambda s: s.add_review(detail.id, stage=stage, reviewer=reviewer, on=on,
                                                            opinion=opinion))


def return_for_revision(desk: Desk, *, parent: QWidget, detail: "ProposalDetail", on: date,
                        reason: str) -> Task | None:
    """退回修改."""
    return _step(desk, parent, "退回修改", lambda s: s.return_for_revision(detail.id, on=on, reason=reason,
                                                                      expected_version=detail.version))


def resubmit(desk: Desk, *, parent: QWidget, detail: "ProposalDetail", on: date) -> Task | None:
    """重新提交 after revision."""
    return _step(desk, parent, "重新提交", lambda s: s.resubmit(detail.id, on=on, expected_version=detail.version))


def withdraw(desk: Desk, *, parent: QWidget, detail: "ProposalDetail", on: date, reason: str) -> Task | None:
    """撤案."""
    return _step(desk, parent, "撤案", lambda s: s.withdraw(detail.id, on=on, reason=reason,
                                                          expected_version=detail.version))


def accept(desk: Desk, *, parent: QWidget, detail: "ProposalDetail", on: date, category: str | None) -> Task | None:
    """立案 with its category; the proposal gets the session's next 案号."""
    return _step(desk, parent, "立案", lambda s: s.accept(detail.id, on=on, category=category,
                                                        expected_version=detail.version))


def not_accept(desk: Desk, *, parent: QWidget, detail: "ProposalDetail", on: date, reason: str, disposal: str,
               note: str | None) -> Task | None:
    """不予立案, returned to the proposer or turned into 社情民意信息."""
    return _step(desk, parent, "不予立案", lambda s: s.not_accept(detail.id, on=on, reason=reason, disposal=disposal,
                                                              note=note, expected_version=detail.version))


def merge(desk: Desk, *, parent: QWidget, detail: "ProposalDetail", into_id: int, on: date) -> Task | None:
    """并案 into an accepted proposal."""
    return _step(desk, parent, "并案", lambda s: s.merge(detail.id, into_id=into_id, on=on,
                                                        expected_version=detail.version))


def assign(desk: Desk, *, parent: QWidget, detail: "ProposalDetail", on: date, unit_id: int,
           joint_id: int | None = None) -> Task | None:
    """交办 to a 主办 unit, and a 会办 unit when chosen."""
    from desktop_app.services.proposals.dto import UnitAssignmentInput

    units = [UnitAssignmentInput(unit_id, "lead")] + ([UnitAssignmentInput(joint_id, "joint")] if joint_id else [])
    return _step(desk, parent, "交办", lambda s: s.assign(detail.id, units, on=on, expected_version=detail.version))


def reassign(desk: Desk, *, parent: QWidget, assignment_id: int, unit_id: int, on: date) -> Task | None:
    """改交: a declined assignment to another unit."""
    return _step(desk, parent, "改交", lambda s: s.reassign(assignment_id, unit_id=unit_id, on=on))


def decline(desk: Desk, *, parent: QWidget, assignment_id: int, on: date, reason: str) -> Task | None:
    """退回交办: a unit says the proposal is not its business."""
    return _step(desk, parent, "退回交办", lambda s: s.decline(assignment_id, on=on, reason=reason))


def extend(desk: Desk, *, parent: QWidget, assignment_id: int, new_due_on: date, on: date, reason: str) -> Task | None:
    """延期 of a unit's reply."""
    return _step(desk, parent, "延期", lambda s: s.extend(assignment_id, new_due_on=new_due_on, reason=reason, on=on))


def reply(desk: Desk, *, parent: QWidget, detail: "ProposalDetail", assignment_id: int, on: date, category: str,
          document_number: str | None, text: str | None, attachment_path: str | None, face_to_face: bool,
          contact_person: str | None) -> Task | None:
    """答复 of a unit, with its letter attached."""
    from desktop_app.services.proposals.dto import ReplyInput

    data = ReplyInput(assignment_id, on, category, document_number, text, attachment_path, face_to_face, contact_person)
    return _step(desk, parent, "答复", lambda s: s.reply(detail.id, data))


def change_category(desk: Desk, *, parent: QWidget, reply_id: int, category: str, on: date,
                    reason: str | None) -> Task | None:
    """调整答复类别."""
    return _step(desk, parent, "调整类别", lambda s: s.change_category(reply_id, category=category, on=on,
                                                                   reason=reason))


def feedback(desk: Desk, *, parent: QWidget, reply_id: int, verdict: str, on: date, remark: str | None) -> Task | None:
    """委员反馈 on a reply (满意 / 基本满意 / 不满意)."""
    return _step(desk, parent, "委员反馈", lambda s: s.feedback(reply_id, verdict=verdict, on=on, remark=remark))


def close(desk: Desk, *, parent: QWidget, detail: "ProposalDetail", on: date, note: str | None) -> Task | None:
    """办结."""
    return _step(desk, parent, "办结", lambda s: s.close(detail.id, on=on, note=note, expected_version=detail.version))


def follow_up(desk: Desk, *, parent: QWidget, detail: "ProposalDetail", year: int, on: date) -> Task | None:
    """跟踪办理 in a later year."""
    return _step(desk, parent, "跟踪办理", lambda s: s.follow_up(detail.id, year=year, on=on))


def mark_key(desk: Desk, *, parent: QWidget, detail: "ProposalDetail", leader: str, role: str,
             leader_title: str | None, on: date) -> Task | None:
    """列为重点提案, led by a county leader."""
    from desktop_app.services.proposals.dto import LeaderInput

    leaders = [LeaderInput(leader, role, leader_title)]
    return _step(desk, parent, "重点提案", lambda s: s.set_key(detail.id, leaders=leaders, on=on))


def mark_excellent(desk: Desk, *, parent: QWidget, detail: "ProposalDetail", on: date) -> Task | None:
    """评为优秀提案."""
    return _step(desk, parent, "优秀提案", lambda s: s.mark_excellent(detail.id, on=on))


# ----- the form of each step: its fields, and the step its values go to -----
Submit = Callable[[Desk, QWidget, Values], "Task | None"]


@dataclass(frozen=True)
class StepForm:
    fields: list[Field]
    submit: Submit

    def missing_choice(self) -> str | None:
        """The label of a required choice the form would offer empty (nothing to choose yet), else None."""
        return next((f.label for f in self.fields if f.kind == "choice" and not f.optional and not f.choices), None)


def _text(value: object) -> str | None:
    return str(value) if value else None


def _on(today: date) -> Field:
    return Field("on", "日期", "date", default=today)


def _units(lists: ProposalLists) -> tuple[tuple[str, int], ...]:
    return tuple((u.name, u.id) for u in lists.units)


def _grades() -> tuple[tuple[str, str], ...]:
    return tuple((v, k) for k, v in CATEGORY_LABELS.items())


def _current_replies(d: "ProposalDetail") -> tuple[tuple[str, int], ...]:
    return tuple((f"{r.unit_name} {r.replied_on.isoformat()} {r.category}类", r.id) for r in d.replies
                 if not r.superseded)


def edit_form(view: ProposalView, lists: ProposalLists, today: date) -> StepForm:
    """The short 编辑 (title, text, category); the 提案 page opens the whole proposal form instead
    (open_proposal_form with the detail), this stays the step's entry in STEP_FORMS."""
    d = view.detail
    return StepForm([Field("title", "案由", default=d.title), Field("body", "提案内容", "long", default=d.body or ""),
                     Field("category", "类别", "choice", lists.names("proposal_category"), default=d.category,
                           optional=True)],
                    lambda desk, parent, v: edit(desk, parent=parent, detail=d, title=v["title"],
                                                 body=_text(v["body"]), category=v["category"]))


def review_form(view: ProposalView, lists: ProposalLists, today: date) -> StepForm:
    return StepForm([Field("stage", "审查阶段", "choice", (("初审", "初审"), ("复审", "复审"))), Field("reviewer", "审查人"),
                     _on(today), Field("opinion", "审查意见", "long")],
                    lambda desk, parent, v: review(desk, parent=parent, detail=view.detail, stage=v["stage"],
                                                   reviewer=v["reviewer"], on=v["on"], opinion=v["opinion"]))


def return_form(view: ProposalView, lists: ProposalLists, today: date) -> StepForm:
    return StepForm([_on(today), Field("reason", "理由", "long")],
                    lambda desk, parent, v: return_for_revision(desk, parent=parent, detail=view.detail, on=v["on"],
                                                                reason=v["reason"]))


def withdraw_form(view: ProposalView, lists: ProposalLists, today: date) -> StepForm:
    return StepForm([_on(today), Field("reason", "理由", "long")],
                    lambda desk, parent, v: withdraw(desk, parent=parent, detail=view.detail, on=v["on"],
                                                     reason=v["reason"]))


def resubmit_form(view: ProposalView, lists: ProposalLists, today: date) -> StepForm:
    return StepForm([_on(today)], lambda desk, parent, v: resubmit(desk, parent=parent, detail=view.detail, on=v["on"]))


def accept_form(view: ProposalView, lists: ProposalLists, today: date) -> StepForm:
    return StepForm([_on(today), Field("category", "类别", "choice", lists.names("proposal_category"),
                                       default=view.detail.category)],
                    lambda desk, parent, v: accept(desk, parent=parent, detail=view.detail, on=v["on"],
                                                   category=v["category"]))


def not_accept_form(view: ProposalView, lists: ProposalLists, today: date) -> StepForm:
    return StepForm([_on(today), Field("reason", "不予立案理由", "choice", lists.names("not_accepted_reason")),
                     Field("disposal", "处理方式", "choice", (("退回提案者", "returned"), ("转为社情民意信息", "to_opinion"))),
                     Field("note", "说明", "long", optional=True)],
                    lambda desk, parent, v: not_accept(desk, parent=parent, detail=view.detail, on=v["on"],
                                                       reason=v["reason"] or "", disposal=v["disposal"],
                                                       note=_text(v["note"])))


def merge_form(view: ProposalView, lists: ProposalLists, today: date) -> StepForm:
    targets = tuple((t.text, t.proposal_id) for t in view.merge_targets)
    return StepForm([_on(today), Field("into_id", "并入提案", "choice", targets)],
                    lambda desk, parent, v: merge(desk, parent=parent, detail=view.detail, into_id=v["into_id"],
                                                  on=v["on"]))


def assign_form(view: ProposalView, lists: ProposalLists, today: date) -> StepForm:
    units = _units(lists)
    return StepForm([_on(today), Field("unit_id", "主办单位", "choice", units),
                     Field("joint_id", "会办单位", "choice", units, optional=True)],
                    lambda desk, parent, v: assign(desk, parent=parent, detail=view.detail, on=v["on"],
                                                   unit_id=v["unit_id"], joint_id=v.get("joint_id")))


def reassign_form(view: ProposalView, lists: ProposalLists, today: date) -> StepForm:
    declined = tuple((f"{a.unit_name}（{a.role_label}，已退回）", a.id) for a in view.detail.assignments
                     if a.status == "declined")
    return StepForm([Field("assignment_id", "退回的交办", "choice", declined), _on(today),
                     Field("unit_id", "新承办单位", "choice", _units(lists))],
                    lambda desk, parent, v: reassign(desk, parent=parent, assignment_id=v["assignment_id"],
                                                     unit_id=v["unit_id"], on=v["on"]))


def _active(view: ProposalView) -> tuple[tuple[str, int], ...]:
    return tuple((f"{a.unit_name}（{a.role_label}，{a.due_on.isoformat()}前）", a.id) for a in view.detail.assignments
                 if a.status == "active")


def decline_form(view: ProposalView, lists: ProposalLists, today: date) -> StepForm:
    return StepForm([Field("assignment_id", "承办单位", "choice", _active(view)), _on(today),
                     Field("reason", "理由", "long")],
                    lambda desk, parent, v: decline(desk, parent=parent, assignment_id=v["assignment_id"], on=v["on"],
                                                    reason=v["reason"]))


def extend_form(view: ProposalView, lists: ProposalLists, today: date) -> StepForm:
    active = [a for a in view.detail.assignments if a.status == "active"]
    return StepForm([Field("assignment_id", "承办单位", "choice", _active(view)),
                     Field("new_due_on", "延至", "date", default=active[0].due_on if active else today), _on(today),
                     Field("reason", "理由", "long")],
                    lambda desk, parent, v: extend(desk, parent=parent, assignment_id=v["assignment_id"],
                                                   new_due_on=v["new_due_on"], on=v["on"], reason=v["reason"]))


def reply_form(view: ProposalView, lists: ProposalLists, today: date) -> StepForm:
    d = view.detail
    answered = {r.unit_id for r in d.replies if not r.superseded}
    choices = tuple((f"{a.unit_name}（{a.role_label}）", a.id) for a in d.assignments
                    if a.status == "active" and a.unit_id not in answered)
    return StepForm([Field("assignment_id", "答复单位", "choice", choices), _on(today),
                     Field("category", "答复类别", "choice", _grades()),
                     Field("document_number", "文号", optional=True), Field("text", "答复内容", "long", optional=True),
                     Field("attachment_path", "答复文件", "file", optional=True),
                     Field("face_to_face", "已与提案者见面", "check"), Field("contact_person", "联系人", optional=True)],
                    lambda desk, parent, v: reply(desk, parent=parent, detail=d, assignment_id=v["assignment_id"],
                                                  on=v["on"], category=v["category"],
                                                  document_number=_text(v["document_number"]), text=v["text"],
                                                  attachment_path=v["attachment_path"],
                                                  face_to_face=bool(v["face_to_face"]),
                                                  contact_person=_text(v["contact_person"])))


def change_category_form(view: ProposalView, lists: ProposalLists, today: date) -> StepForm:
    return StepForm([Field("reply_id", "答复", "choice", _current_replies(view.detail)), _on(today),
                     Field("category", "调整为", "choice", _grades()), Field("reason", "理由", optional=True)],
                    lambda desk, parent, v: change_category(desk, parent=parent, reply_id=v["reply_id"],
                                                            category=v["category"], on=v["on"],
                                                            reason=_text(v["reason"])))


def feedback_form(view: ProposalView, lists: ProposalLists, today: date) -> StepForm:
    waiting_ids = {r.id for r in view.detail.replies if not r.verdict}
    waiting = tuple((text, rid) for text, rid in _current_replies(view.detail) if rid in waiting_ids)
    return StepForm([Field("reply_id", "答复", "choice", waiting), Field("verdict", "委员意见", "choice", VERDICTS),
                     _on(today), Field("remark", "意见说明", optional=True)],
                    lambda desk, parent, v: feedback(desk, parent=parent, reply_id=v["reply_id"], verdict=v["verdict"],
                                                     on=v["on"], remark=_text(v["remark"])))


def close_form(view: ProposalView, lists: ProposalLists, today: date) -> StepForm:
    return StepForm([_on(today), Field("note", "说明", optional=True)],
                    lambda desk, parent, v: close(desk, parent=parent, detail=view.detail, on=v["on"],
                                                  note=_text(v["note"])))


def follow_up_form(view: ProposalView, lists: ProposalLists, today: date) -> StepForm:
    return StepForm([Field("year", "跟踪年度", "number", bounds=(2000, 2100), default=view.detail.submitted_on.year + 1),
                     _on(today)],
                    lambda desk, parent, v: follow_up(desk, parent=parent, detail=view.detail, year=v["year"],
                                                      on=v["on"]))


def mark_key_form(view: ProposalView, lists: ProposalLists, today: date) -> StepForm:
    return StepForm([Field("leader", "领导姓名"), Field("leader_title", "职务", optional=True),
                     Field("role", "分工", "choice", lists.names("leader_role")), _on(today)],
                    lambda desk, parent, v: mark_key(desk, parent=parent, detail=view.detail, leader=v["leader"],
                                                     role=v["role"], leader_title=_text(v["leader_title"]),
                                                     on=v["on"]))


def mark_excellent_form(view: ProposalView, lists: ProposalLists, today: date) -> StepForm:
    return StepForm([_on(today)], lambda desk, parent, v: mark_excellent(desk, parent=parent, detail=view.detail,
                                                                          on=v["on"]))


# The form of each action domain.proposal_workflow allows (its names come from the service's legal_actions).
STEP_FORMS: dict[str, Callable[[ProposalView, ProposalLists, date], StepForm]] = {
    "edit": edit_form, "review": review_form, "return": return_form, "resubmit": resubmit_form,
    "withdraw": withdraw_form, "accept": accept_form, "not_accept": not_accept_form, "merge": merge_form,
    "assign": assign_form, "reassign": reassign_form, "decline": decline_form, "extend": extend_form,
    "reply": reply_form, "change_category": change_category_form, "feedback": feedback_form, "close": close_form,
    "follow_up": follow_up_form, "mark_key": mark_key_form, "mark_excellent": mark_excellent_form,
}


# ----- other actions -----
def submit(desk: Desk, *, parent: QWidget, data: "ProposalInput",
           on_done: Callable[[int], None] | None = None) -> Task | None:
    """新增提案: submitted (待审查); `on_done` gets the new proposal's id."""
    def run(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> "Changes":
        from desktop_app.services.proposals import ProposalService

        return ProposalService(ctx).submit(data)

    def done(changes: "Changes") -> None:
        desk.announce(changes)
        if on_done is not None and changes.new_id is not None:
            on_done(changes.new_id)

    return desk.run(run, title="提交提案", parent=parent, writer=True, on_done=done)


def open_proposal_form(desk: Desk, *, parent: QWidget, lists: ProposalLists, today: date,
                       detail: "ProposalDetail | None" = None) -> "ProposalForm":
    """新增提案 (detail None) or 编辑提案 in the one form; 确定 saves as the writer task.

    Success closes the form, selects the proposal in the 提案 list and says so in the status bar; a refusal
    (the form's or the service's) is one sentence beside the form's buttons, which stays open, nothing saved."""
    from desktop_app.ui.dialogs.proposal_form import ProposalForm

    form = ProposalForm(lists=lists, today=today, detail=detail, parent=parent)

    def save(data: "ProposalInput") -> None:
        def run(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> "Changes":
            from dataclasses import replace

            from desktop_app.services.proposals import ProposalService

            service = ProposalService(ctx)
            if detail is None:
                return service.submit(data)
            return replace(service.edit(detail.id, data, expected_version=detail.version), new_id=detail.id)

        def done(changes: "Changes") -> None:
            desk.announce(changes)
            form.accept()
            if changes.new_id is not None:
                reveal_proposal(parent, changes.new_id)
            verb = "已新增提案" if detail is None else "已保存提案"
            say(parent, f"{verb}《{data.title}》。")

        def failed(exc: BaseException) -> None:
            form.show_error(exc, log_path=desk.log_path)

        form.ok_button.setEnabled(False)  # one save at a time; back on when it ends
        task = desk.run(run, title="保存提案", parent=form, writer=True, on_done=done, on_failed=failed)
        if task is None:
            form.ok_button.setEnabled(True)
        else:
            task.sig_finished.connect(lambda: form.ok_button.setEnabled(True))

    form.on_save = save
    form.open()
    return form


def reveal_proposal(parent: QWidget, proposal_id: int) -> None:
    """Select the proposal in the 提案 list once the list has reloaded (the main window waits for the load and
    clears filters that hide it); a page outside a main window selects it after its next load."""
    window = parent.window()
    show_record = getattr(window, "show_record", None)
    if callable(show_record):
        show_record("proposal", proposal_id)
        return
    select = getattr(parent, "select_proposal", None)
    filled = getattr(parent, "sig_filled", None)
    if select is None or filled is None:
        return

    def once() -> None:
        if getattr(parent, "_loading", False):
            return
        filled.disconnect(once)
        select(proposal_id)

    if getattr(parent, "_loading", False):
        filled.connect(once)
    else:
        select(proposal_id)


def assign_many(desk: Desk, *, parent: QWidget, proposal_ids: list[int], unit_id: int, on: date) -> Task | None:
    """批量交办: every selected accepted proposal to one unit as 主办, each in its own step."""
    def run(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> "Changes":
        from desktop_app.services.proposals import ProposalService

        return ProposalService(ctx).assign_each(proposal_ids, unit_id, on=on, progress=progress)

    def finished(changes: "Changes") -> None:
        desk.announce(changes)
        batch = changes.batch
        done, refused = (batch.updated, batch.lines) if batch else (0, ())
        info(parent, f"已交办 {done} 件提案。" + (f"另有 {len(refused)} 件未能交办。" if refused else ""),
             detail="\n".join(refused[:20]))

    return desk.run(run, title="批量交办", parent=parent, writer=True, on_done=finished, show_progress=True)


def _save_docx(desk: Desk, parent: QWidget, suggested: str, path: str | None,
               write: Callable[["ProposalPaperworkService", str], Path]) -> Task | None:
    """A .docx the user saves (the save dialog unless `path` is given), written off the GUI thread."""
    if path is None:
        path, _ = QFileDialog.getSaveFileName(parent, "保存文件", str(exports_folder(desk) / safe_file_name(suggested)),
                                              "Word 文档 (*.docx)")
        if not path:
            return None
    target = path

    def run(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> Path:
        from desktop_app.services.proposal_paperwork import ProposalPaperworkService

        return write(ProposalPaperworkService(ctx), target)

    return desk.run(run, title="生成文书", parent=parent,
                    on_done=lambda saved: info(parent, f"已保存：{Path(saved).name}", detail=str(saved)))


def save_proposal_form(desk: Desk, *, parent: QWidget, proposal_id: int, suggested: str,
                       path: str | None = None) -> Task | None:
    """提案表 of a proposal."""
    return _save_docx(desk, parent, suggested, path, lambda service, out: service.proposal_form(proposal_id, out))


def save_satisfaction_form(desk: Desk, *, parent: QWidget, proposal_id: int, suggested: str,
                           path: str | None = None) -> Task | None:
    """满意度测评表 of a proposal (for each unit handling it)."""
    return _save_docx(desk, parent, suggested, path, lambda service, out: service.satisfaction_form(proposal_id, out))


def save_notice(desk: Desk, *, parent: QWidget, unit_id: int, suggested: str, path: str | None = None,
                today: date | None = None) -> Task | None:
    """交办通知 of one handling unit."""
    return _save_docx(desk, parent, suggested, path,
                      lambda service, out: service.assignment_notice(unit_id, out, issued_on=today))


def save_reminder(desk: Desk, *, parent: QWidget, unit_id: int, suggested: str, path: str | None = None,
                  today: date | None = None) -> Task | None:
    """催办单 of one handling unit (its replies still owed)."""
    return _save_docx(desk, parent, suggested, path, lambda service, out: service.reminder(unit_id, out, today=today))


def write_notices(desk: Desk, *, parent: QWidget, session_code: str | None, today: date | None = None,
                  folder: Path | None = None) -> QFileDialog | Task | None:
    """生成交办通知: one per handling unit of the session (None: 设置's current one) into a folder the user chooses
    (the folder dialog starts in <data>/exports); written off the GUI thread with progress and 取消, the count and
    the folder then said in the status bar. Returns the folder dialog (while it is open) or the task."""
    if folder is None:
        start = exports_folder(desk)
        dialog = QFileDialog(parent, "选择保存交办通知的文件夹", str(start))
        dialog.setObjectName("noticesFolderDialog")
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(lambda chosen: write_notices(desk, parent=parent, session_code=session_code,
                                                                 today=today, folder=Path(chosen)) if chosen else None)
        dialog.open()
        return dialog

    def run(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> "NoticeBatch":
        from desktop_app.services.proposal_paperwork import ProposalPaperworkService

        return ProposalPaperworkService(ctx).notices(folder, session_code=session_code, issued_on=today,
                                                     progress=progress, cancelled=cancelled)

    def done(batch: "NoticeBatch") -> None:
        say(parent, f"已为{batch.session_label}生成交办通知 {batch.count} 份，保存在“{batch.folder}”。")

    return desk.run(run, title="生成交办通知", parent=parent, show_progress=True, on_done=done)


def say(parent: QWidget, text: str) -> None:
    """A passing word in the window's status bar (a box when the page is not in the main window)."""
    window = parent.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text)
    else:
        info(parent, text)


# ----- the ledger (提案台账) -----
def import_ledger(desk: Desk, *, parent: QWidget, session_code: str | None, path: Path | None = None,
                  confirm: "Confirm | None" = None) -> Task | None:
    """导入提案台账 into `session_code` (None: the current session of 设置): check and list what it would do,
    ask, then write it all in one transaction after a backup — or only the rows without problems."""
    from desktop_app.services.ledgers.pipeline import ImportOptions
    from desktop_app.ui.operations.ledger_import import import_ledger_file

    if path is None:
        path = pick_file(parent, "选择提案台账", "表格 (*.xlsx *.xls *.csv *.et *.ods)")
        if path is None:
            return None

    def importer(ctx: "ServiceContext") -> "LedgerImporter":
        from desktop_app.services.ledgers.proposals import proposal_importer

        return proposal_importer(ctx)

    return import_ledger_file(desk, parent=parent, path=path, title="导入提案台账", importer=importer,
                              options=ImportOptions(session_code=session_code), confirm=confirm)


def export_ledger(desk: Desk, *, parent: QWidget, session_code: str | None, title: str,
                  path: Path | None = None) -> Task | None:
    """导出提案台账 of a session (None: the current session of 设置), in the layout the import reads."""
    path = path or save_target(desk, parent, "导出提案台账", f"提案台账（{title}）.xlsx")
    if path is None:
        return None

    def run(ctx: "ServiceContext", progress: Progress, cancelled: Cancelled) -> int:
        from desktop_app.services.ledgers.proposals import current_session_code, export_proposals

        path.parent.mkdir(parents=True, exist_ok=True)
        return export_proposals(ctx, path, session_code=session_code or current_session_code(ctx))

    return desk.run(run, title="导出提案台账", parent=parent, show_progress=True, cancellable=False,
                    on_done=lambda count: info(parent, exported_sentence(count, "件提案", path)))
