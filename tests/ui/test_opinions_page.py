"""The 社情民意 page over a real database: count, filters, the form with the member picker, 采用 and 批示,
the link to the proposal it came from, the ledger import, the navigation and its keys."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt, QUrl

from tests.ui.helpers import TASK_TIMEOUT_MS, wait_idle


def _settle(qtbot, page):
    qtbot.waitUntil(lambda: not page._loading and page.desk.tasks.is_idle(), timeout=TASK_TIMEOUT_MS)


def _rows(page):
    return [page.model.row_at(i) for i in range(page.model.rowCount())]


@pytest.fixture
def people(desk):
    from desktop_app.services.members import MemberInput, MembersService

    members = MembersService(desk.ctx)
    return {name: members.add(MemberInput(name=name)).new_id for name in ("王芳", "李强", "张伟")}


def _written(desk, people):
    """Four opinions written by the test: (title, received, sent level, submitter)."""
    from desktop_app.services.opinions import OpinionInput, OpinionsService

    service = OpinionsService(desk.ctx)
    made = {}
    for title, on, level, who in (("关于甲的建议", date(2024, 5, 1), "county", "王芳"),
                                  ("关于乙的建议", date(2025, 2, 1), "city", "李强"),
                                  ("关于丙的建议", date(2025, 6, 1), "city", "王芳"),
                                  ("关于丁的建议", date(2025, 9, 1), None, "张伟")):
        made[title] = service.add(OpinionInput(title=title, received_on=on, sent_level=level,
                                               member_ids=(people[who],))).new_id
    service.adopt(made["关于乙的建议"], level="province", on=date(2025, 3, 1))
    return made


def _page(desk, qtbot):
    from desktop_app.ui.pages.opinions_page import OpinionsPage

    page = OpinionsPage(desk)
    qtbot.addWidget(page)
    page.resize(1230, 700)
    page.show()
    _settle(qtbot, page)
    return page


def test_count_filters_and_search(desk, people, qtbot):
    _written(desk, people)
    page = _page(desk, qtbot)
    assert page.count_label.text() == "共 4 篇，已采用 1 篇，有批示 0 篇"
    page.year.setCurrentIndex(page.year.findData(2025))
    _settle(qtbot, page)
    assert [r.title for r in _rows(page)] == ["关于丁的建议", "关于丙的建议", "关于乙的建议"]
    page.sent_combo.setCurrentIndex(page.sent_combo.findData("city"))
    _settle(qtbot, page)
    assert [r.title for r in _rows(page)] == ["关于丙的建议", "关于乙的建议"]
    page.adopted_combo.setCurrentIndex(page.adopted_combo.findData(False))
    _settle(qtbot, page)
    assert [r.title for r in _rows(page)] == ["关于丙的建议"]
    page.clear_filters()
    _settle(qtbot, page)
    page.submitter_combo.setCurrentIndex(page.submitter_combo.findData(f"m:{people['王芳']}"))
    _settle(qtbot, page)
    assert [r.title for r in _rows(page)] == ["关于丙的建议", "关于甲的建议"]
    page.submitter_combo.setCurrentIndex(0)
    page.search.setText("zw")  # 张伟's pinyin initials
    _settle(qtbot, page)
    qtbot.waitUntil(lambda: [r.title for r in _rows(page)] == ["关于丁的建议"], timeout=TASK_TIMEOUT_MS)
    page.search.setText("没有这个标题")
    qtbot.waitUntil(lambda: page.list_area.showing_empty, timeout=TASK_TIMEOUT_MS)
    assert page.list_area.empty.text.text() == "没有符合筛选条件的社情民意信息。可以："


def test_empty_state_says_what_to_do_and_numbers_are_right_aligned(desk, people, qtbot):
    page = _page(desk, qtbot)
    assert page.list_area.showing_empty is True
    assert page.list_area.empty.text.text() == "还没有社情民意信息。可以："
    assert [b.text() for b in page.list_area.empty.buttons] == ["新增", "导入台账"]
    _written(desk, people)
    page.reload()
    _settle(qtbot, page)
    assert page.model.headerData(6, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) == "批示"
    alignment = page.model.data(page.model.index(0, 6), Qt.ItemDataRole.TextAlignmentRole)
    assert alignment == (Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def test_add_through_the_form_with_the_member_picker(desk, people, qtbot):
    page = _page(desk, qtbot)
    page.add_button.click()
    qtbot.waitUntil(lambda: getattr(page, "opinion_form", None) is not None, timeout=TASK_TIMEOUT_MS)
    form = page.opinion_form
    form.title.setText("关于规范农村集贸市场管理的建议")
    form.issue.setText("2025年第7期")
    form.level.setCurrentIndex(form.level.findData("city"))
    picker = form.pick_members()
    picker.set_checked(people["李强"], True)
    picker.set_checked(people["王芳"], True)
    picker.on_save(picker.chosen_ids())
    assert form.members_text.text() == "王芳、李强"  # picked together: in the roster's order
    form.buttons.accepted.emit()
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=TASK_TIMEOUT_MS)
    _settle(qtbot, page)
    [row] = _rows(page)
    assert (row.title, row.submitters, row.bulletin_issue, row.sent_level_label) == (
        "关于规范农村集贸市场管理的建议", "王芳、李强", "2025年第7期", "市")
    assert page.count_label.text() == "共 1 篇，已采用 0 篇，有批示 0 篇"


def test_adopt_and_instruct_show_in_the_detail_and_undo(desk, people, qtbot):
    made = _written(desk, people)
    page = _page(desk, qtbot)
    assert page.select_opinion(made["关于丙的建议"]) is True
    qtbot.waitUntil(lambda: page.detail_shown is not None and page.detail_shown.id == made["关于丙的建议"],
                    timeout=TASK_TIMEOUT_MS)
    page.adopt_button.click()
    dialog = page.adoption_dialog
    dialog.level.setCurrentIndex(dialog.level.findData("city"))
    dialog.note.setPlainText("市政协《社情民意》第5期")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=TASK_TIMEOUT_MS)
    _settle(qtbot, page)
    page.instruct_button.click()
    instruction = page.instruction_dialog
    instruction.leader.setText("县长李明")
    instruction.text.setPlainText("请县水利局研究。")
    instruction.buttons.accepted.emit()
    qtbot.waitUntil(lambda: not instruction.isVisible(), timeout=TASK_TIMEOUT_MS)
    _settle(qtbot, page)
    qtbot.waitUntil(lambda: page.detail_shown is not None and len(page.detail_shown.instructions) == 1,
                    timeout=TASK_TIMEOUT_MS)
    text = page.detail.toPlainText()
    assert "市级采用" in text
    assert "县长李明" in text
    assert page.count_label.text() == "共 4 篇，已采用 2 篇，有批示 1 篇"
    [adoption] = page.detail_shown.adoptions
    from desktop_app.ui.operations.opinions import undo_adoption

    undo_adoption(desk, parent=page, line=adoption, ask=False)
    _settle(qtbot, page)
    qtbot.waitUntil(lambda: page.detail_shown is not None and page.detail_shown.adoptions == (),
                    timeout=TASK_TIMEOUT_MS)
    assert page.count_label.text() == "共 4 篇，已采用 1 篇，有批示 1 篇"


def test_opinion_from_a_proposal_opens_it(desk, people, qtbot):
    from desktop_app.services.proposals import ProposalService
    from desktop_app.services.proposals.dto import ProposalInput
    from desktop_app.services.terms import TermService

    session_id = TermService(desk.ctx).add_session(term=14, number=4, opening_date=date(2025, 1, 10)).new_id
    proposals = ProposalService(desk.ctx)
    pid = proposals.submit(ProposalInput(session_id=session_id, title="关于规范广场舞时间的建议",
                                         submitted_on=date(2025, 1, 12), lead_member_id=people["张伟"],
                                         category="社会建设")).new_id
    opinion_id = proposals.not_accept(pid, on=date(2025, 1, 20), reason="没有具体建议", disposal="to_opinion").new_id
    page = _page(desk, qtbot)
    assert [r.source_proposal_id for r in _rows(page)] == [pid]
    page.select_opinion(opinion_id)
    qtbot.waitUntil(lambda: page.detail_shown is not None, timeout=TASK_TIMEOUT_MS)
    assert "由不予立案的提案转来：关于规范广场舞时间的建议（不立案）" in page.detail.toPlainText()
    assert page.delete_button.isEnabled() is False
    with qtbot.waitSignal(page.sig_open_record, timeout=TASK_TIMEOUT_MS) as opened:
        page._on_link(QUrl(f"record:proposal/{pid}"))
    assert opened.args == ["proposal", pid]


def test_import_a_ledger_written_by_the_test(desk, people, qtbot, tmp_path):
    from openpyxl import Workbook

    from desktop_app.ui.operations.opinions import import_opinions

    path = tmp_path / "社情民意台账.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "标题", "报送人", "收稿日期", "编报期号", "报送层级", "采用层级", "领导批示"])
    sheet.append([1, "关于改善城区交通的建议", "王芳", date(2025, 4, 3), "第4期", "市", "市、省", ""])
    sheet.append([2, "关于保护古村落的建议", "李强、张伟", date(2025, 5, 9), "第5期", "县", "", "请文旅局办理"])
    sheet.append([3, "关于发展冬季旅游的建议", "民盟黎城县支部", date(2025, 7, 1), "", "", "", ""])
    book.save(path)
    page = _page(desk, qtbot)
    import_opinions(desk, parent=page, path=path, confirm=lambda plan: True)
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=TASK_TIMEOUT_MS)
    _settle(qtbot, page)
    assert page.count_label.text() == "共 3 篇，已采用 1 篇，有批示 1 篇"
    by_title = {r.title: r for r in _rows(page)}
    assert by_title["关于改善城区交通的建议"].adopted_label == "市、省"
    assert by_title["关于保护古村落的建议"].submitters == "李强、张伟"
    assert by_title["关于发展冬季旅游的建议"].submitters == "民盟黎城县支部"
    wait_idle(qtbot, desk)


def test_navigation_icon_keys_and_help(desk, people, qtbot):
    from desktop_app.ui.main_window import MainWindow

    _written(desk, people)
    window = MainWindow(desk)
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.show()
    titles = [window._nav.item(i).text() for i in range(window._nav.count())]
    assert titles.index("社情民意") == titles.index("有事来商量") + 1
    assert window._nav.item(titles.index("社情民意")).icon().isNull() is False
    window.show_page("社情民意")
    page = window.page_of("社情民意")
    _settle(qtbot, page)
    assert page.model.rowCount() == 4
    assert window.help_chapter() == "opinions"
    assert window.add_new() is True
    qtbot.waitUntil(lambda: getattr(page, "opinion_form", None) is not None, timeout=TASK_TIMEOUT_MS)
    page.opinion_form.reject()
    assert window.focus_search() is True
    assert page.search.hasFocus() or window.focusWidget() is page.search
    window.show_record("opinion", _rows(page)[-1].id)
    qtbot.waitUntil(lambda: page.selected() is not None, timeout=TASK_TIMEOUT_MS)
    assert page.selected().title == "关于甲的建议"
    wait_idle(qtbot, desk)


def test_proposal_and_opinion_open_each_other_in_the_window(desk, people, qtbot):
    from desktop_app.services.proposals import ProposalService
    from desktop_app.services.proposals.dto import ProposalInput
    from desktop_app.services.terms import TermService
    from desktop_app.ui.main_window import MainWindow

    session_id = TermService(desk.ctx).add_session(term=14, number=4, opening_date=date(2025, 1, 10)).new_id
    proposals = ProposalService(desk.ctx)
    pid = proposals.submit(ProposalInput(session_id=session_id, title="关于规范广场舞时间的建议",
                                         submitted_on=date(2025, 1, 12), lead_member_id=people["张伟"],
                                         category="社会建设")).new_id
    opinion_id = proposals.not_accept(pid, on=date(2025, 1, 20), reason="没有具体建议", disposal="to_opinion").new_id
    window = MainWindow(desk)
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.show()
    window.show_record("proposal", pid)
    proposal_page = window.page_of("提案")
    qtbot.waitUntil(lambda: proposal_page.detail is not None and proposal_page.detail.id == pid,
                    timeout=TASK_TIMEOUT_MS)
    assert f"record:opinion/{opinion_id}" in proposal_page.summary.text()
    proposal_page.summary.linkActivated.emit(f"record:opinion/{opinion_id}")
    opinion_page = window.page_of("社情民意")
    qtbot.waitUntil(lambda: opinion_page.selected() is not None, timeout=TASK_TIMEOUT_MS)
    assert (window.current_title(), opinion_page.selected().id) == ("社情民意", opinion_id)
    qtbot.waitUntil(lambda: opinion_page.detail_shown is not None, timeout=TASK_TIMEOUT_MS)
    opinion_page.detail.anchorClicked.emit(QUrl(f"record:proposal/{pid}"))
    assert window.current_title() == "提案"
    wait_idle(qtbot, desk)


def test_consultation_detail_links_to_the_opinion_it_became(desk, people, qtbot):
    from desktop_app.services.consultation_links import ConsultationLinksService
    from desktop_app.services.consultations import ConsultationInput, ConsultationsService
    from desktop_app.services.platforms import PlatformInput, PlatformsService
    from desktop_app.ui.main_window import MainWindow

    platform = PlatformsService(desk.ctx).add(PlatformInput(name="南关社区协商议事室")).new_id
    consultation = ConsultationsService(desk.ctx).add(ConsultationInput(
        platform_id=platform, held_on=date(2025, 5, 20), topic="老旧小区停车难", member_ids=(people["王芳"],))).new_id
    opinion_id = ConsultationLinksService(desk.ctx).to_opinion(consultation, on=date(2025, 5, 21)).new_id
    window = MainWindow(desk)
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.show()
    window.show_record("opinion", opinion_id)
    page = window.page_of("社情民意")
    qtbot.waitUntil(lambda: page.detail_shown is not None and page.detail_shown.id == opinion_id,
                    timeout=TASK_TIMEOUT_MS)
    assert [r.consultation_id for r in _rows(page)] == [consultation]
    assert "由有事来商量转来：老旧小区停车难（2025-05-20）" in page.detail.toPlainText()
    page.detail.anchorClicked.emit(QUrl(f"record:consultation/{consultation}"))
    consultations = window.page_of("有事来商量")
    qtbot.waitUntil(lambda: consultations.selected() is not None, timeout=TASK_TIMEOUT_MS)
    assert (window.current_title(), consultations.selected().id) == ("有事来商量", consultation)
    qtbot.waitUntil(lambda: "已转为社情民意信息" in consultations.detail.toPlainText(), timeout=TASK_TIMEOUT_MS)
    consultations.detail.anchorClicked.emit(QUrl(f"record:opinion/{opinion_id}"))
    assert window.current_title() == "社情民意"
    wait_idle(qtbot, desk)
