"""The proposal form (新增提案 / 编辑) in the main window over a real database: the 类型 decides who proposes,
联名委员 come from the member picker, 确定 selects the new proposal, problems are one sentence beside the form."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from tests.ui.helpers import TASK_TIMEOUT_MS

TITLE = "关于发展县域电商的建议"


@pytest.fixture
def world(desk):
    from desktop_app.services.members import MemberInput, MembersService
    from desktop_app.services.organizations import OrganizationService
    from desktop_app.services.proposals import ProposalService
    from desktop_app.services.proposals.dto import ProposalInput
    from desktop_app.services.terms import TermService

    ctx = desk.ctx
    session_id = TermService(ctx).add_session(term=14, number=4, opening_date=date(2025, 1, 10)).new_id
    members = {n: MembersService(ctx).add(MemberInput(name=n)).new_id for n in ("王芳", "李强", "张伟", "赵敏")}
    org = OrganizationService(ctx).add_organization(name="民盟县委", kind="party").new_id
    first = ProposalService(ctx).submit(ProposalInput(session_id=session_id, title="关于整治乡村道路的建议",
                                                      submitted_on=date(2025, 1, 12),
                                                      lead_member_id=members["王芳"])).new_id
    return {"session": session_id, "members": members, "org": org, "first": first}


@pytest.fixture
def window(desk, world, qtbot):
    from desktop_app.ui.main_window import MainWindow

    window = MainWindow(desk)
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.show()
    window.show_page("提案")
    page = window.page_of("提案")
    page.today = date(2025, 5, 1)
    page.reload()
    qtbot.waitUntil(lambda: desk.tasks.is_idle() and not page._loading and page.model.rowCount() == 1,
                    timeout=TASK_TIMEOUT_MS)
    return window


@pytest.fixture
def page(window):
    return window.page_of("提案")


def _open_new(page, qtbot):
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    form = page.submit_dialog
    assert form is not None and form.isVisible()
    return form


def _shown(form, widget) -> bool:
    """The field and its label both visible."""
    return widget.isVisible() and form.form.labelForField(widget).isVisible()


def _count(desk) -> int:
    from desktop_app.services.proposals import ProposalService

    return len(ProposalService(desk.ctx).list_rows())


def test_the_kind_decides_whether_a_member_or_an_organization_is_asked(page, qtbot):
    form = _open_new(page, qtbot)
    assert form.kind.currentData() == "member"
    assert _shown(form, form.lead_member) and _shown(form, form.cosigners)
    assert not form.lead_organization.isVisible() and not form.form.labelForField(form.lead_organization).isVisible()
    form.set_value("kind", "collective")
    assert _shown(form, form.lead_organization)
    assert not form.lead_member.isVisible() and not form.form.labelForField(form.lead_member).isVisible()
    assert not form.cosigners.isVisible()
    form.set_value("kind", "member")
    assert _shown(form, form.lead_member) and not form.lead_organization.isVisible()


def test_two_cosigners_chosen_in_the_picker_are_saved(page, world, qtbot):
    from desktop_app.services.proposals import ProposalService

    form = _open_new(page, qtbot)
    m = world["members"]
    form.set_value("title", TITLE)
    form.set_value("lead_member_id", m["王芳"])
    qtbot.mouseClick(form.cosigners.choose, Qt.MouseButton.LeftButton)
    picker = form.picker
    assert picker is not None and picker.isVisible()
    listed = [picker.list.item(i).data(Qt.ItemDataRole.UserRole).name for i in range(picker.list.count())]
    assert listed == ["李强", "张伟", "赵敏"]  # the 领衔委员 is not offered as a co-signer
    picker.search.setText("zm")  # pinyin initials find 赵敏
    shown = [picker.list.item(i).data(Qt.ItemDataRole.UserRole).name for i in range(picker.list.count())
             if not picker.list.item(i).isHidden()]
    assert shown == ["赵敏"]
    picker.set_checked(m["赵敏"], True)
    picker.search.clear()
    picker.set_checked(m["李强"], True)
    qtbot.mouseClick(_save_button(picker), Qt.MouseButton.LeftButton)
    assert not picker.isVisible()
    assert form.cosigners.names.text() == "李强、赵敏（2人）"
    qtbot.mouseClick(form.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not form.isVisible() and page.desk.tasks.is_idle() and not page._loading,
                    timeout=TASK_TIMEOUT_MS)
    new = next(r for r in ProposalService(page.desk.ctx).list_rows() if r.title == TITLE)
    detail = ProposalService(page.desk.ctx).detail(new.id)
    assert sorted(detail.cosigner_ids) == sorted([m["李强"], m["赵敏"]])
    assert (detail.kind, detail.lead_member_id, detail.lead_organization_id) == ("member", m["王芳"], None)


def _save_button(picker):
    from PySide6.QtWidgets import QDialogButtonBox

    return picker.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)


def test_after_ok_the_new_proposal_is_selected_and_the_status_bar_says_so(window, page, world, qtbot):
    form = _open_new(page, qtbot)
    form.set_value("kind", "collective")
    form.set_value("lead_organization_id", world["org"])
    form.set_value("title", TITLE)
    form.set_value("submitted_on", date(2025, 4, 30))
    qtbot.mouseClick(form.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.desk.tasks.is_idle() and not page._loading and page.selected() is not None
                    and page.selected().title == TITLE, timeout=TASK_TIMEOUT_MS)
    assert not form.isVisible()
    assert [r.title for r in page.selected_rows()] == [TITLE]
    assert window.statusBar().currentMessage() == "已新增提案《关于发展县域电商的建议》。"
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.title == TITLE, timeout=TASK_TIMEOUT_MS)
    assert page.detail.proposer == "民盟县委"


def test_an_empty_title_is_one_sentence_beside_the_form_and_nothing_is_written(page, world, qtbot):
    before = _count(page.desk)
    form = _open_new(page, qtbot)
    form.set_value("lead_member_id", world["members"]["王芳"])
    qtbot.mouseClick(form.ok_button, Qt.MouseButton.LeftButton)
    assert form.isVisible()
    assert form.problem.text() == "请填写案由（提案标题）。"
    assert page.desk.tasks.is_idle() and _count(page.desk) == before


def test_the_services_refusal_is_shown_in_the_form_and_nothing_is_written(page, world, qtbot):
    before = _count(page.desk)
    form = _open_new(page, qtbot)
    form.set_value("lead_member_id", world["members"]["王芳"])
    form.set_value("title", TITLE)
    form.set_value("submitted_on", date(1948, 12, 31))  # before the earliest date a record may carry
    qtbot.mouseClick(form.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.desk.tasks.is_idle() and form.problem.text() != "", timeout=TASK_TIMEOUT_MS)
    assert form.isVisible()
    assert form.problem.text().startswith("提交日期1948年12月31日不在1949年1月1日至")
    assert "列" not in form.problem.text() and "Traceback" not in form.problem.text()
    assert _count(page.desk) == before


def test_a_collective_proposal_without_its_organization_is_refused_in_the_form(page, qtbot):
    before = _count(page.desk)
    form = _open_new(page, qtbot)
    form.set_value("kind", "collective")
    form.set_value("title", TITLE)
    qtbot.mouseClick(form.ok_button, Qt.MouseButton.LeftButton)
    assert form.problem.text() == "集体提案须选择提案单位（党派、人民团体、界别或专委会）。"
    assert _count(page.desk) == before


def test_edit_uses_the_same_form_with_the_same_rules(page, world, qtbot):
    from desktop_app.services.proposals import ProposalService

    assert page.select_proposal(world["first"])
    qtbot.waitUntil(lambda: page.detail is not None and "edit" in page.action_buttons, timeout=TASK_TIMEOUT_MS)
    qtbot.mouseClick(page.action_buttons["edit"], Qt.MouseButton.LeftButton)
    form = page.submit_dialog
    assert form is not None and form.isVisible() and form.detail is not None
    assert (form.title.text(), form.lead_member.currentData()) == ("关于整治乡村道路的建议", world["members"]["王芳"])
    form.set_value("cosigner_ids", [world["members"]["张伟"]])
    form.set_value("kind", "collective")
    assert _shown(form, form.lead_organization) and not form.lead_member.isVisible()
    qtbot.mouseClick(form.ok_button, Qt.MouseButton.LeftButton)
    assert form.problem.text() == "集体提案须选择提案单位（党派、人民团体、界别或专委会）。"
    form.set_value("kind", "member")
    form.set_value("title", "关于整治乡村道路安全隐患的建议")
    qtbot.mouseClick(form.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not form.isVisible() and page.desk.tasks.is_idle(), timeout=TASK_TIMEOUT_MS)
    detail = ProposalService(page.desk.ctx).detail(world["first"])
    assert (detail.title, detail.cosigner_ids) == ("关于整治乡村道路安全隐患的建议", (world["members"]["张伟"],))
    assert page.window().statusBar().currentMessage() == "已保存提案《关于整治乡村道路安全隐患的建议》。"


def test_the_lead_member_is_found_by_pinyin_initials(page, world, qtbot):
    form = _open_new(page, qtbot)
    line = form.lead_member.lineEdit()
    qtbot.keyClicks(line, "zm")
    completer = form.lead_member.completer()
    shown = [completer.completionModel().index(r, 0).data() for r in range(completer.completionModel().rowCount())]
    assert shown == ["赵敏"]
    popup = completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=TASK_TIMEOUT_MS)
    popup.setCurrentIndex(completer.completionModel().index(0, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert (line.text(), form.lead_member.currentData()) == ("赵敏", world["members"]["赵敏"])
