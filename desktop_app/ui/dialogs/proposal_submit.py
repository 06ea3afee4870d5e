"""新增提案: the submission form (a member with co-signers, or an organization) and its save."""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from desktop_app.domain.enums import ProposalKind
from desktop_app.ui.desk import Desk
from desktop_app.ui.dialogs.proposal_step import Field, StepDialog

if TYPE_CHECKING:
    from desktop_app.ui.operations.proposals import ProposalLists


def open_submit_dialog(desk: Desk, *, parent: QWidget, lists: ProposalLists, today: date) -> StepDialog:
    """Open the form; accepting it submits the proposal as the writer task."""
    from desktop_app.ui.operations.proposals import submit

    sessions = [(s.title, s.id) for s in lists.sessions]
    members = [(m.name, m.id) for m in lists.members]
    orgs = [(o.name, o.id) for o in lists.organizations]
    dialog = StepDialog("新增提案", [
        Field("session_id", "会次", "choice", tuple(sessions)), Field("title", "案由"),
        Field("kind", "类型", "choice", ProposalKind.choices()),
        Field("lead_member_id", "领衔委员", "choice", tuple(members), optional=True),
        Field("lead_organization_id", "提案单位", "choice", tuple(orgs), optional=True),
        Field("cosigners", "联名委员（用、分隔）", optional=True),
        Field("category", "类别", "choice", lists.names("proposal_category"), optional=True),
        Field("submitted_on", "提交日期", "date", default=today), Field("body", "提案内容", "long", optional=True),
    ], parent=parent, today=today)

    def accepted() -> None:
        from desktop_app.services.proposals.dto import ProposalInput
        from desktop_app.ui.tasks import info

        v = dialog.values()
        by_name = {m.name: m.id for m in lists.members}
        names = [n.strip() for n in v["cosigners"].replace("，", "、").replace(",", "、").split("、") if n.strip()]
        unknown = [n for n in names if n not in by_name]
        if unknown:
            info(parent, f"联名委员{'、'.join(unknown)}不在委员名册中，请检查姓名。", title="新增提案")
            return
        data = ProposalInput(session_id=v["session_id"], title=v["title"], submitted_on=v["submitted_on"],
                             kind=v["kind"], lead_member_id=v["lead_member_id"] if v["kind"] == "member" else None,
                             lead_organization_id=v["lead_organization_id"] if v["kind"] == "collective" else None,
                             cosigner_ids=tuple(by_name[n] for n in names), body=v["body"] or None,
                             category=v["category"])
        submit(desk, parent=parent, data=data)

    dialog.accepted.connect(accepted)
    dialog.open()
    return dialog
