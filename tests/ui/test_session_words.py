"""A session is written 十四届四次 (in a sentence 十四届四次会议) everywhere in the window, never 14-4 or 14届4次."""
from __future__ import annotations

import re
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QLineEdit, QTableWidget, QTabWidget, QTextBrowser

from tests.ui.helpers import TASK_TIMEOUT_MS, shown_window, wait_idle

CODE = re.compile(r"(?<![\d\-./])\d{1,2}-\d(?![\d\-])")  # 14-4, not a date such as 2025-01-12
ARABIC = re.compile(r"\d+届|届\d")  # 14届4次


def test_the_one_function_writes_a_session():
    from desktop_app.domain.cn_format import session_label, session_name, session_short

    assert session_short(14, 4) == "十四届四次"
    assert session_name(14, 4) == "十四届四次会议"
    assert session_short(10, 1) == "十届一次" and session_short(21, 2) == "二十一届二次"
    assert session_label(county="黎城县", term=14, session=4) == "政协第十四届黎城县委员会第四次会议"


def visible_texts(root) -> list[str]:
    """Every text a person can read on `root`: labels, buttons, combo items, tabs, table cells and headers."""
    texts = []
    for widget in [root, *root.findChildren(object)]:
        if isinstance(widget, QLabel):
            texts.append(widget.text())
        elif isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QLineEdit):
            texts.append(widget.text())
        elif isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        elif isinstance(widget, QTabWidget):
            texts += [widget.tabText(i) for i in range(widget.count())]
        elif isinstance(widget, QTextBrowser):
            texts.append(widget.toPlainText())
        elif isinstance(widget, QTableWidget):
            texts += [widget.item(r, c).text() for r in range(widget.rowCount()) for c in range(widget.columnCount())
                      if widget.item(r, c)]
        if hasattr(widget, "model") and callable(widget.model) and widget.model() is not None:
            model = widget.model()
            if hasattr(model, "rowCount") and hasattr(model, "columnCount"):
                try:
                    rows, columns = model.rowCount(), model.columnCount()
                except TypeError:
                    continue
                texts += [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(columns)]
                texts += [str(model.data(model.index(r, c)) or "") for r in range(rows) for c in range(columns)]
    return [t for t in texts if t]


def _no_session_codes(texts: list[str]) -> None:
    bad = [t for t in texts if CODE.search(t) or ARABIC.search(t)]
    assert not bad, bad


@pytest.fixture
def world(desk):
    from desktop_app.services.members import MemberInput, MembersService
    from desktop_app.services.organizations import OrganizationService
    from desktop_app.services.proposals import ProposalService
    from desktop_app.services.proposals.dto import ProposalInput, UnitAssignmentInput
    from desktop_app.services.terms import TermService

    ctx = desk.ctx
    TermService(ctx).add_session(term=14, number=3, opening_date=date(2024, 1, 9))
    session_id = TermService(ctx).add_session(term=14, number=4, opening_date=date(2025, 1, 10)).new_id
    member = MembersService(ctx).add(MemberInput(name="王芳")).new_id
    unit = OrganizationService(ctx).add_unit(name="县教育局").new_id
    service = ProposalService(ctx)
    pid = service.submit(ProposalInput(session_id=session_id, title="关于加强农村学校建设的建议",
                                       submitted_on=date(2025, 1, 12), lead_member_id=member)).new_id
    service.accept(pid, on=date(2025, 1, 20))
    service.assign(pid, [UnitAssignmentInput(unit, "lead")], on=date(2025, 1, 22))
    return pid


@pytest.fixture
def window(desk, world, qtbot):
    return shown_window(desk, qtbot)


def test_the_proposals_page_its_filters_and_detail_write_sessions_in_words(window, world, qtbot):
    window.show_page("提案")
    page = window.page_of("提案")
    qtbot.waitUntil(lambda: page.desk.tasks.is_idle() and not page._loading and page.model.rowCount() == 1,
                    timeout=TASK_TIMEOUT_MS)
    assert page.model.data(page.model.index(0, 0)) == "十四届四次"
    sessions = [page.session_combo.itemText(i) for i in range(page.session_combo.count())]
    assert sessions == ["会次：全部", "十四届四次", "十四届三次"]
    assert page.select_proposal(world)
    qtbot.waitUntil(lambda: page.detail is not None and page.desk.tasks.is_idle(), timeout=TASK_TIMEOUT_MS)
    assert "十四届四次会议　第001号" in page.summary.text()
    texts = visible_texts(page)
    assert "十四届四次" in texts and "关于加强农村学校建设的建议" in texts and "2025-01-12" in texts  # all were read
    _no_session_codes(texts)
    wait_idle(qtbot, page.desk)


def test_the_statistics_page_names_a_session_span_in_words(window, qtbot):
    window.show_page("统计")
    page = window.page_of("统计")
    qtbot.waitUntil(lambda: page.desk.tasks.is_idle() and not page._loading, timeout=TASK_TIMEOUT_MS)
    page.mode.setCurrentIndex(1)
    page.session.setCurrentIndex(page.session.findData("14-4"))
    qtbot.waitUntil(lambda: page.desk.tasks.is_idle() and not page._loading, timeout=TASK_TIMEOUT_MS)
    items = [page.session.itemText(i) for i in range(page.session.count())]
    assert items == ["十四届四次会议以来（2025-01-10）", "十四届三次会议以来（2024-01-09）"]
    assert page.period_label.text().startswith("<b>十四届四次会议以来</b>")
    assert page.shown_label == "十四届四次会议以来"
    _no_session_codes(visible_texts(page))
    page.session.setCurrentIndex(page.session.findData("14-3"))
    qtbot.waitUntil(lambda: page.desk.tasks.is_idle() and not page._loading, timeout=TASK_TIMEOUT_MS)
    assert page.period_label.text().startswith("<b>十四届三次会议以来</b>")
    _no_session_codes(visible_texts(page))


def test_a_message_about_a_missing_session_names_it_in_words(window, qtbot):
    from desktop_app.ui.operations.reports import PeriodRequest, compute_figures

    failures = []
    window.desk.run(compute_figures(PeriodRequest(session="9-3")), title="统计", parent=None,
                    on_done=lambda _f: None, on_failed=failures.append)
    qtbot.waitUntil(lambda: bool(failures), timeout=TASK_TIMEOUT_MS)
    assert failures[0].message.startswith("没有九届三次会议的记录")
