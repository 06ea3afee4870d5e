"""The 提案 page in the main window over a real database: a proposal from submitted to closed by buttons."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from tests.ui.helpers import TASK_TIMEOUT_MS, wait_idle


@pytest.fixture
def world(desk):
    from desktop_app.services.members import MemberInput, MembersService
    from desktop_app.services.organizations import OrganizationService
    from desktop_app.services.proposals import ProposalService
    from desktop_app.services.proposals.dto import ProposalInput, UnitAssignmentInput
    from desktop_app.services.terms import TermService

    ctx = desk.ctx
    session_id = TermService(ctx).add_session(term=14, number=4, opening_date=date(2025, 1, 10)).new_id
    members = [MembersService(ctx).add(MemberInput(name=n)).new_id for n in ("王芳", "李强")]
    orgs = OrganizationService(ctx)
    units = [orgs.add_unit(name=n).new_id for n in ("县教育局", "县卫健委")]
    service = ProposalService(ctx)

    def submit(title, on=date(2025, 1, 12)):
        return service.submit(ProposalInput(session_id=session_id, title=title, submitted_on=on,
                                            lead_member_id=members[0], cosigner_ids=(members[1],))).new_id

    late, soon = submit("关于整治乡村道路的建议"), submit("关于建设县城公园的建议")
    for pid, assigned in ((late, date(2025, 1, 20)), (soon, date(2025, 2, 10))):
        service.accept(pid, on=assigned)
        service.assign(pid, [UnitAssignmentInput(units[1], "lead")], on=assigned)
    main = submit("关于加强农村学校建设的建议")
    return {"main": main, "late": late, "soon": soon, "units": units}


@pytest.fixture
def page(desk, world, qtbot):
    from desktop_app.ui.main_window import MainWindow

    window = MainWindow(desk)
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.show()
    window.show_page("提案")
    page = window.page_of("提案")
    page.today = date(2025, 5, 1)
    page.reload()
    qtbot.waitUntil(lambda: desk.tasks.is_idle() and not page._loading and page.model.rowCount() == 3,
                    timeout=TASK_TIMEOUT_MS)
    return page


def _wait_state(qtbot, page, state):
    qtbot.waitUntil(lambda: page.desk.tasks.is_idle() and page.detail is not None and page.detail.state == state
                    and not page._loading, timeout=TASK_TIMEOUT_MS)


def _step(qtbot, page, action, **values):
    assert action in page.action_buttons, f"{action} not offered; buttons: {list(page.action_buttons)}"
    qtbot.mouseClick(page.action_buttons[action], Qt.MouseButton.LeftButton)
    dialog = page.step_dialog
    assert dialog is not None and dialog.isVisible()
    for key, value in values.items():
        dialog.set_value(key, value)
    dialog.accept()


def test_a_proposal_goes_from_submitted_to_closed_by_buttons(page, world, qtbot, tmp_path):
    assert page.select_proposal(world["main"])
    _wait_state(qtbot, page, "submitted")
    assert list(page.action_buttons) == ["edit", "review", "return", "accept", "not_accept", "merge", "withdraw"]
    _step(qtbot, page, "accept", category="社会建设", on=date(2025, 2, 1))
    _wait_state(qtbot, page, "accepted")
    assert page.detail.case_number == 3
    _step(qtbot, page, "assign", unit_id=world["units"][0], on=date(2025, 2, 3))
    _wait_state(qtbot, page, "assigned")
    assert page.detail.assignments[0].due_on == date(2025, 5, 3)
    letter = tmp_path / "答复函.pdf"
    letter.write_bytes(b"%PDF-1.4 answer")
    _step(qtbot, page, "reply", category="A", text="已投入资金改造校舍", face_to_face=True, on=date(2025, 3, 20),
          attachment_path=str(letter))
    _wait_state(qtbot, page, "replied")
    assert page.detail.replies[0].attachment_name == "答复函.pdf" and page.detail.replies[0].face_to_face
    _step(qtbot, page, "feedback", verdict="satisfied", on=date(2025, 3, 25))
    qtbot.waitUntil(lambda: page.desk.tasks.is_idle() and page.detail.replies[0].verdict == "satisfied",
                    timeout=TASK_TIMEOUT_MS)
    _step(qtbot, page, "close", on=date(2025, 3, 26))
    _wait_state(qtbot, page, "closed")
    history = [[page.history.item(r, c).text() for c in range(3)] for r in range(page.history.rowCount())]
    assert history == [["2025-01-12", "提交", "待审查"], ["2025-02-01", "立案", "已立案"], ["2025-02-03", "交办", "已交办"],
                       ["2025-03-20", "答复", "已答复"], ["2025-03-25", "委员反馈", "已答复"], ["2025-03-26", "办结", "已办结"]]
    assert list(page.action_buttons) == ["change_category", "follow_up", "mark_key", "mark_excellent"]
    row = page.model.row_at(page.model.row_of(world["main"]))
    assert row.state_label == "已办结" and row.case_text == "第003号"


def _ids(page):
    return [page.model.row_at(r).id for r in range(page.model.rowCount())]


def _wait_ids(qtbot, page, ids):
    """The list filters in SQL off the GUI thread: wait for the newest load to be shown."""
    qtbot.waitUntil(lambda: not page._loading and _ids(page) == ids, timeout=TASK_TIMEOUT_MS)


def test_overdue_and_due_soon_panels_on_a_dated_example(page, world, qtbot):
    overdue = [[page.overdue_table.item(r, c).text() for c in range(5)] for r in range(page.overdue_table.rowCount())]
    soon = [[page.soon_table.item(r, c).text() for c in range(5)] for r in range(page.soon_table.rowCount())]
    assert overdue == [["001", "关于整治乡村道路的建议", "县卫健委", "2025-04-20", "逾期11天"]]
    assert soon == [["002", "关于建设县城公园的建议", "县卫健委", "2025-05-10", "剩9天"]]
    assert page.overdue_label.text() == "逾期未答复（截至2025-05-01）：1 项"
    units = {page.unit_table.item(r, 0).text(): [page.unit_table.item(r, c).text() for c in (1, 2, 3)]
             for r in range(page.unit_table.rowCount())}
    assert units == {"县卫健委": ["2", "0", "1"]}
    page.overdue_check.setChecked(True)
    _wait_ids(qtbot, page, [world["late"]])


def test_search_filters_and_batch_assignment(page, world, qtbot):
    page.search.setText("学校")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=TASK_TIMEOUT_MS)
    page.search.setText("")
    page.state_combo.setCurrentIndex(page.state_combo.findData("submitted"))
    _wait_ids(qtbot, page, [world["main"]])
    page.state_combo.setCurrentIndex(0)
    from desktop_app.services.proposals import ProposalService

    ProposalService(page.desk.ctx).accept(world["main"], on=date(2025, 4, 1))
    page.reload()
    qtbot.waitUntil(lambda: page.desk.tasks.is_idle() and not page._loading, timeout=TASK_TIMEOUT_MS)
    assert page.select_proposal(world["main"])
    page.batch_unit.setCurrentIndex(page.batch_unit.findData(world["units"][0]))
    qtbot.mouseClick(page.batch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.desk.tasks.is_idle() and not page._loading
                    and page.model.row_at(page.model.row_of(world["main"])).state == "assigned", timeout=TASK_TIMEOUT_MS)
    assert page.model.row_at(page.model.row_of(world["main"])).units == ("县教育局",)
    wait_idle(qtbot, page.desk)


def test_new_proposal_through_the_dialog(page, world, qtbot):
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = page.submit_dialog
    dialog.set_value("title", "关于发展县域电商的建议")
    dialog.set_value("lead_member_id", next(m.id for m in page.lists.members if m.name == "王芳"))
    dialog.set_value("cosigner_ids", [next(m.id for m in page.lists.members if m.name == "李强")])
    dialog.set_value("category", "经济建设")
    dialog.set_value("submitted_on", date(2025, 4, 30))
    dialog.submit()
    qtbot.waitUntil(lambda: page.desk.tasks.is_idle() and not page._loading and page.model.rowCount() == 4,
                    timeout=TASK_TIMEOUT_MS)
    row = next(r for r in page.model.rows() if r.title == "关于发展县域电商的建议")
    assert (row.state_label, row.category, row.proposer) == ("待审查", "经济建设", "王芳")


def test_a_step_on_a_proposal_closed_meanwhile_is_explained_in_chinese(page, world, qtbot):
    from tests.ui.helpers import top_boxes

    assert page.select_proposal(world["late"])
    _wait_state(qtbot, page, "assigned")
    _step(qtbot, page, "reply", category="B", text="正在办理", on=date(2025, 5, 1))
    _wait_state(qtbot, page, "replied")
    from desktop_app.services.proposals import ProposalService

    ProposalService(page.desk.ctx).close(world["late"], on=date(2025, 5, 2))  # someone else closed it meanwhile
    _step(qtbot, page, "close", on=date(2025, 5, 2))
    qtbot.waitUntil(lambda: bool(top_boxes("errorBox")), timeout=TASK_TIMEOUT_MS)
    box = top_boxes("errorBox")[0]
    assert "已被其他人修改" in box.text()  # the page still holds the version before that close
    box.close()


@pytest.mark.parametrize(("width", "height"), [(1366, 728), (1093, 574)])
def test_page_fits_the_small_screen(page, width, height, qtbot):
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QWidget

    window = page.window()
    window.resize(width, height)
    qtbot.wait(50)
    frame = QRect(QPoint(0, 0), window.size())
    for widget in page.findChildren(QWidget):
        if isinstance(widget, (QAbstractButton, QComboBox, QLineEdit)) and widget.isVisibleTo(window):
            rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
            assert frame.contains(rect), f"{widget.objectName() or type(widget).__name__} clipped: {rect}"


def test_similar_accepted_proposal_is_suggested_and_merged_by_button(page, world, qtbot):
    from desktop_app.services.proposals import ProposalService
    from desktop_app.services.proposals.dto import ProposalInput

    service = ProposalService(page.desk.ctx)
    service.accept(world["main"], on=date(2025, 4, 1))
    main = service.detail(world["main"])
    twin = service.submit(ProposalInput(session_id=main.session_id, title="关于农村学校建设的几点建议",
                                           submitted_on=date(2025, 4, 2), lead_member_id=main.cosigner_ids[0])).new_id
    page.reload()
    qtbot.waitUntil(lambda: page.desk.tasks.is_idle() and not page._loading and page.model.rowCount() == 4,
                    timeout=TASK_TIMEOUT_MS)
    assert page.select_proposal(twin)
    _wait_state(qtbot, page, "submitted")
    summary = page.summary.text()
    assert "与第003号《关于加强农村学校建设的建议》相似，可考虑并案。" in summary and "相似度" not in summary
    assert page.view.merge_targets[0].text == "第003号 关于加强农村学校建设的建议（内容很相近）"
    _step(qtbot, page, "merge", into_id=world["main"], on=date(2025, 4, 3))
    _wait_state(qtbot, page, "merged")
    assert "已并入第003号" in page.summary.text()


def test_a_step_with_nothing_to_choose_says_so(page, world, qtbot):
    from tests.ui.helpers import top_boxes

    assert page.select_proposal(world["late"])
    _wait_state(qtbot, page, "assigned")
    assert "十四届四次会议" in page.summary.text()  # the session by its name, not "14-4"
    # Legal in 已交办, but no unit has declined and none has replied: the buttons are shown, disabled, with why.
    for action in ("reassign", "change_category"):
        assert not page.action_buttons[action].isEnabled()
        assert "没有可选的" in page.action_buttons[action].toolTip()
    assert page.action_buttons["reply"].isEnabled()
    assert page.open_step("reassign") is None  # no unit has declined: nothing to reassign
    qtbot.waitUntil(lambda: bool(top_boxes("infoBox")), timeout=TASK_TIMEOUT_MS)
    assert "没有可选的“退回的交办”" in top_boxes("infoBox")[0].text()
    top_boxes("infoBox")[0].close()


def test_paperwork_from_the_page_is_written(page, world, qtbot, tmp_path):
    from desktop_app.services.settings import SettingsService
    from desktop_app.ui.operations.proposals import save_proposal_form, save_reminder
    from dataclasses import replace

    settings = SettingsService(page.desk.ctx)
    settings.save_office(replace(settings.office(), county="黎城县"))
    form, reminder = tmp_path / "提案表.docx", tmp_path / "催办单.docx"
    save_proposal_form(page.desk, parent=page, proposal_id=world["late"], suggested="", path=str(form))
    wait_idle(qtbot, page.desk)
    save_reminder(page.desk, parent=page, unit_id=world["units"][1], suggested="", path=str(reminder),
                  today=page.today)
    wait_idle(qtbot, page.desk)
    from docx import Document

    form_cells = [c.text for t in Document(str(form)).tables for row in t.rows for c in row.cells]
    assert any("关于整治乡村道路的建议" in c for c in form_cells)
    cells = [c.text for t in Document(str(reminder)).tables for row in t.rows for c in row.cells]
    assert any("关于整治乡村道路的建议" in c for c in cells) and not any("县城公园" in c for c in cells)


def test_the_notices_button_writes_one_notice_per_unit_of_the_chosen_session(page, world, qtbot, tmp_path):
    from dataclasses import replace
    from pathlib import Path

    from docx import Document

    from desktop_app.services.settings import SettingsService

    settings = SettingsService(page.desk.ctx)
    settings.save_office(replace(settings.office(), county="黎城县"))
    wait_idle(qtbot, page.desk)
    page.session_combo.setCurrentIndex(page.session_combo.findText("十四届四次"))
    out = tmp_path / "交办通知"
    out.mkdir()
    qtbot.mouseClick(page.notices_button, Qt.MouseButton.LeftButton)
    dialog = page.notices_dialog
    assert dialog is not None and dialog.isVisible()
    assert Path(dialog.directory().absolutePath()) == page.desk.data_dir / "exports"  # starts in <data>/exports
    dialog.setDirectory(str(out.parent))
    dialog.selectFile(str(out))
    dialog.accept()
    wait_idle(qtbot, page.desk)
    # both assigned proposals went to 县卫健委; 县教育局 has none yet
    assert [p.name for p in out.iterdir()] == ["县卫健委.docx"]
    cells = [c.text for row in Document(str(out / "县卫健委.docx")).tables[0].rows for c in row.cells]
    assert any("关于整治乡村道路的建议" in c for c in cells) and any("关于建设县城公园的建议" in c for c in cells)
    message = page.window().statusBar().currentMessage()
    assert message == f"已为政协第十四届黎城县委员会第四次会议生成交办通知 1 份，保存在“{out}”。"
