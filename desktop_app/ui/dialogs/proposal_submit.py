"""新增提案 and 编辑提案 from the 提案 page: the one proposal form (dialogs/proposal_form.py) and its save."""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from desktop_app.ui.desk import Desk

if TYPE_CHECKING:
    from desktop_app.services.proposals.dto import ProposalDetail
    from desktop_app.ui.dialogs.proposal_form import ProposalForm
    from desktop_app.ui.operations.proposals import ProposalLists


def open_submit_dialog(desk: Desk, *, parent: QWidget, lists: ProposalLists, today: date) -> ProposalForm:
    """Open the empty form; 确定 submits the proposal as the writer task and selects it in the list."""
    from desktop_app.ui.operations.proposals import open_proposal_form

    return open_proposal_form(desk, parent=parent, lists=lists, today=today)


def open_edit_dialog(desk: Desk, *, parent: QWidget, lists: ProposalLists, today: date,
                     detail: ProposalDetail) -> ProposalForm:
    """The same form filled with the proposal (待审查 or 退回修改); 确定 saves the edit."""
    from desktop_app.ui.operations.proposals import open_proposal_form

    return open_proposal_form(desk, parent=parent, lists=lists, today=today, detail=detail)
