"""Proposal actions: the form each step asks for, and one function per user action run as a task."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Callable

from PySide6.QtWidgets import QFileDialog, QMainWindow, QWidget

from desktop_app.ui.desk import Desk
from desktop_app.ui.dialogs.proposal_step import Field
from desktop_app.ui.operations.common import (ask_to_import, exports_folder, pick_file, safe_file_name,
                                               save_target)
from desktop_app.ui.tasks import Task, info

CATEGORY_LABELS = {"A": "A 类（已解决或基本解决）", "B": "B 类（正在解决或列入计划）", "C": "C 类（留作参考）"}
VERDICTS = (("满意", "satisfied"), ("基本满意", "basically_satisfied"), ("不满意", "dissatisfied"))
ROLES = (("主办", "lead"), ("会办", "joint"), ("分办", "separate"))


def _names(lists: dict, key: str) -> tuple[tuple[str, str], ...]:
    vocab = lists.get("vocabularies", {}).get(key)
    return tuple((n, n) for n in vocab.names) if vocab else ()


def fields_for(action: str, detail: Any, lists: dict, today: date) -> list[Field]:
    """The fields of the step dialog for `action` on the proposal `detail`."""
    on = Field("on", "日期", "date", default=today)
    units = tuple((u.name, u.id) for u in lists.get("units", ()))
    active = [a for a in detail.assignments if a.status == "active"]
    answered = {r.unit_id for r in detail.replies if not r.superseded}
    if action == "edit":
        return [Field("title", "案由", default=detail.title), Field("body", "提案内容", "long", default=detail.body or ""),
                Field("category", "类别", "choice", _names(lists, "proposal_category"), default=detail.category, optional=True)]
    if action == "review":
        return [Field("stage", "审查阶段", "choice", (("初审", "初审"), ("复审", "复审"))), Field("reviewer", "审查人"),
                on, Field("opinion", "审查意见", "long")]
    if action in ("return", "withdraw"):
        return [on, Field("reason", "理由", "long")]
    if action == "resubmit":
        return [on]
    if action == "accept":
        return [on, Field("category", "类别", "choice", _names(lists, "proposal_category"), default=detail.category)]
    if action == "not_accept":
        return [on, Field("reason", "不予立案理由", "choice", _names(lists, "not_accepted_reason")),
                Field("disposal", "处理方式", "choice", (("退回提案者", "returned"), ("转为社情民意信息", "to_opinion"))),
                Field("note", "说明", "long", optional=True)]
    if action == "merge":
        return [on, Field("into_id", "并入提案", "choice", tuple(lists.get("merge_targets", ())))]
    if action in ("assign", "reassign"):
        fields = [on, Field("unit_id", "主办单位" if action == "assign" else "新承办单位", "choice", units)]
        if action == "assign":
            fields.append(Field("joint_id", "会办单位", "choice", units, optional=True))
        else:
            declined = tuple((f"{a.unit_name}（{a.role_label}，已退回）", a.id) for a in detail.assignments
                             if a.status == "declined")
            fields.insert(0, Field("assignment_id", "退回的交办", "choice", declined))
        return fields
    if action in ("decline", "extend"):
        choices = tuple((f"{a.unit_name}（{a.role_label}，{a.due_on.isoformat()}前）", a.id) for a in active)
        fields = [Field("assignment_id", "承办单位", "choice", choices), on, Field("reason", "理由", "long")]
        if action == "extend":
            fields.insert(1, Field("new_due_on", "延至", "date", default=active[0].due_on if active else today))
        return fields
    if action == "reply":
        choices = tuple((f"{a.unit_name}（{a.role_label}）", a.id) for a in active if a.unit_id not in answered)
        return [Field("assignment_id", "答复单位", "choice", choices), on,
                Field("category", "答复类别", "choice", tuple((v, k) for k, v in CATEGORY_LABELS.items())),
                Field("document_number", "文号", optional=True), Field("text", "答复内容", "long", optional=True),
                Field("attachment_path", "答复文件", "file", optional=True),
                Field("face_to_face", "已与提案者见面", "check"), Field("contact_person", "联系人", optional=True)]
    current = tuple((f"{r.unit_name} {r.replied_on.isoformat()} {r.category}类", r.id) for r in detail.replies
                    if not r.superseded)
    if action == "change_category":
        return [Field("reply_id", "答复", "choice", current), on,
                Field("category", "调整为", "choice", tuple((v, k) for k, v in CATEGORY_LABELS.items())),
                Field("reason", "理由", optional=True)]
    if action == "feedback":
        waiting = tuple((text, rid) for text, rid in current
                        if not next(r for r in detail.replies if r.id == rid).verdict)
        return [Field("reply_id", "答复", "choice", waiting), Field("verdict", "委员意见", "choice", VERDICTS), on,
                Field("remark", "意见说明", optional=True)]
    if action == "close":
        return [on, Field("note", "说明", optional=True)]
    if action == "follow_up":
        return [Field("year", "跟踪年度", "number", bounds=(2000, 2100), default=detail.submitted_on.year + 1), on]
    if action == "mark_key":
        return [Field("leader", "领导姓名"), Field("leader_title", "职务", optional=True),
                Field("role", "分工", "choice", _names(lists, "leader_role")), on]
    if action == "mark_excellent":
        return [on]
    raise ValueError(f"no form for {action}")


def perform(service, action: str, detail: Any, v: dict) -> Any:
    """Call the service for `action` with the dialog's values (runs on a worker thread)."""
    from desktop_app.services.proposals.dto import LeaderInput, ProposalInput, ReplyInput, UnitAssignmentInput

    pid, on = detail.id, v.get("on")
    if action == "edit":
        data = ProposalInput(session_id=detail.session_id, title=v["title"], submitted_on=detail.submitted_on,
                             kind=detail.kind, lead_member_id=detail.lead_member_id,
                             lead_organization_id=detail.lead_organization_id, cosigner_ids=detail.cosigner_ids,
                             body=v["body"] or None, category=v["category"], contact_phone=detail.contact_phone,
                             notes=detail.notes)
        return service.edit(pid, data, expected_version=detail.version)
    calls: dict[str, Callable[[], Any]] = {
        "review": lambda: service.add_review(pid, stage=v["stage"], reviewer=v["reviewer"], on=on, opinion=v["opinion"]),
        "return": lambda: service.return_for_revision(pid, on=on, reason=v["reason"], expected_version=detail.version),
        "resubmit": lambda: service.resubmit(pid, on=on, expected_version=detail.version),
        "withdraw": lambda: service.withdraw(pid, on=on, reason=v["reason"], expected_version=detail.version),
        "accept": lambda: service.accept(pid, on=on, category=v["category"], expected_version=detail.version)[1],
        "not_accept": lambda: service.not_accept(pid, on=on, reason=v["reason"] or "", disposal=v["disposal"],
                                                 note=v["note"], expected_version=detail.version)[1],
        "merge": lambda: service.merge(pid, into_id=v["into_id"], on=on, expected_version=detail.version),
        "assign": lambda: service.assign(pid, [UnitAssignmentInput(v["unit_id"], "lead")]
                                         + ([UnitAssignmentInput(v["joint_id"], "joint")] if v.get("joint_id") else []),
                                         on=on, expected_version=detail.version),
        "reassign": lambda: service.reassign(v["assignment_id"], unit_id=v["unit_id"], on=on),
        "decline": lambda: service.decline(v["assignment_id"], on=on, reason=v["reason"]),
        "extend": lambda: service.extend(v["assignment_id"], new_due_on=v["new_due_on"], reason=v["reason"], on=on),
        "reply": lambda: service.reply(pid, ReplyInput(v["assignment_id"], on, v["category"], v["document_number"] or None,
                                                       v["text"], v["attachment_path"], v["face_to_face"],
                                                       v["contact_person"] or None))[1],
        "change_category": lambda: service.change_category(v["reply_id"], category=v["category"], on=on,
                                                           reason=v["reason"] or None),
        "feedback": lambda: service.feedback(v["reply_id"], verdict=v["verdict"], on=on, remark=v["remark"] or None),
        "close": lambda: service.close(pid, on=on, note=v["note"] or None, expected_version=detail.version),
        "follow_up": lambda: service.follow_up(pid, year=v["year"], on=on),
        "mark_key": lambda: service.set_key(pid, leaders=[LeaderInput(v["leader"], v["role"], v["leader_title"] or None)],
                                            on=on),
        "mark_excellent": lambda: service.mark_excellent(pid, on=on),
    }
    return calls[action]()


def run_step(desk: Desk, *, parent: QWidget, action: str, detail: Any, values: dict,
             on_done: Callable[[], None] | None = None) -> Task | None:
    """Run one workflow step as the writer task; the page hears of it through Desk.sig_changed."""
    from desktop_app.domain.proposal_workflow import action_label

    def run(ctx, progress, cancelled):
        from desktop_app.services.proposals import ProposalService

        return perform(ProposalService(ctx), action, detail, values)

    def done(changes) -> None:
        desk.announce(changes)
        if on_done:
            on_done()

    return desk.run(run, title=action_label(action), parent=parent, writer=True, on_done=done)


def submit(desk: Desk, *, parent: QWidget, data: Any, on_done: Callable[[int], None] | None = None) -> Task | None:
    def run(ctx, progress, cancelled):
        from desktop_app.services.proposals import ProposalService

        return ProposalService(ctx).submit(data)

    def done(result) -> None:
        pid, changes = result
        desk.announce(changes)
        if on_done:
            on_done(pid)

    return desk.run(run, title="提交提案", parent=parent, writer=True, on_done=done)


def assign_many(desk: Desk, *, parent: QWidget, proposal_ids: list[int], unit_id: int, on: date) -> Task | None:
    """批量交办: every selected accepted proposal to one unit as 主办, each in its own step."""
    def run(ctx, progress, cancelled):
        from desktop_app.domain.errors import DeskError
        from desktop_app.services.changes import Changes
        from desktop_app.services.proposals import ProposalService
        from desktop_app.services.proposals.dto import UnitAssignmentInput

        service, done, refused = ProposalService(ctx), 0, []
        for index, pid in enumerate(proposal_ids):
            progress(index, len(proposal_ids), "正在交办")
            try:
                service.assign(pid, [UnitAssignmentInput(unit_id, "lead")], on=on)
                done += 1
            except DeskError as exc:
                refused.append(exc.message)
        return done, refused, Changes(proposals=True)

    def finished(result) -> None:
        done, refused, changes = result
        desk.announce(changes)
        info(parent, f"已交办 {done} 件提案。" + (f"另有 {len(refused)} 件未能交办。" if refused else ""),
             detail="\n".join(refused[:20]))

    return desk.run(run, title="批量交办", parent=parent, writer=True, on_done=finished, show_progress=True)


def save_paperwork(desk: Desk, *, parent: QWidget, kind: str, target_id: int, suggested: str,
                   path: str | None = None, today: date | None = None) -> Task | None:
    """提案表 / 满意度测评表 (of a proposal) or 交办通知 / 催办单 (of a unit) as a .docx the user saves."""
    if path is None:
        path, _ = QFileDialog.getSaveFileName(parent, "保存文件", str(exports_folder(desk) / safe_file_name(suggested)),
                                              "Word 文档 (*.docx)")
        if not path:
            return None

    def run(ctx, progress, cancelled):
        from desktop_app.services.proposal_paperwork import ProposalPaperworkService

        service = ProposalPaperworkService(ctx)
        if kind == "form":
            return service.proposal_form(target_id, path)
        if kind == "satisfaction":
            return service.satisfaction_form(target_id, path)
        if kind == "notice":
            return service.assignment_notice(target_id, path, issued_on=today)
        return service.reminder(target_id, path, today=today)

    return desk.run(run, title="生成文书", parent=parent,
                    on_done=lambda saved: info(parent, f"已保存：{Path(saved).name}", detail=str(saved)))


def write_notices(desk: Desk, *, parent: QWidget, session_code: str | None, today: date | None = None,
                  folder: Path | None = None):
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

    def run(ctx, progress, cancelled):
        from desktop_app.services.proposal_paperwork import ProposalPaperworkService

        return ProposalPaperworkService(ctx).notices(folder, session_code=session_code, issued_on=today,
                                                     progress=progress, cancelled=cancelled)

    def done(batch) -> None:
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
                  confirm: Callable[[Any], bool] | None = None) -> Task | None:
    """导入提案台账 into `session_code` (None: the current session of 设置): check and list what it would do,
    ask, then write it all in one transaction after a backup — or only the rows without problems."""
    if path is None:
        path = pick_file(parent, "选择提案台账", "表格 (*.xlsx *.xls *.csv *.et *.ods)")
        if path is None:
            return None

    def planned(plan) -> None:
        def commit(skip_invalid: bool) -> None:
            def run(ctx, progress, cancelled):
                from desktop_app.services.proposals.ledger import LedgerService

                return LedgerService(ctx).commit(plan, skip_invalid=skip_invalid, progress=progress,
                                                 cancelled=cancelled)

            desk.run(run, title="导入提案台账", parent=parent, writer=True, show_progress=True,
                     on_done=lambda changes: (desk.announce(changes),
                                              info(parent, plan.done_line(skipped_invalid=skip_invalid))))

        if confirm is not None:
            if confirm(plan):
                commit(bool(plan.problems))
            return
        ask_to_import(parent, plan.lines(), plan.problems, commit)

    def check(ctx, progress, cancelled):
        from desktop_app.services.proposals.ledger import LedgerService

        return LedgerService(ctx).plan(path, session_code=session_code)

    return desk.run(check, title="检查提案台账", parent=parent, show_progress=True, on_done=planned)


def export_ledger(desk: Desk, *, parent: QWidget, session_code: str | None, title: str,
                  path: Path | None = None) -> Task | None:
    """导出提案台账 of a session (None: the current session of 设置), in the layout the import reads."""
    path = path or save_target(desk, parent, "导出提案台账", f"提案台账（{title}）.xlsx")
    if path is None:
        return None

    def run(ctx, progress, cancelled):
        from desktop_app.services.proposals.ledger import LedgerService

        service = LedgerService(ctx)
        path.parent.mkdir(parents=True, exist_ok=True)
        return service.export(path, session_code=session_code or service.current_session_code())

    return desk.run(run, title="导出提案台账", parent=parent, show_progress=True, cancellable=False,
                    on_done=lambda count: info(parent, f"已导出 {count} 件提案到“{path}”。"))
