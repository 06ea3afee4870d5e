"""The 统计 page over a real database: the figures equal `stats --json`, for a year, a session span and dates."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication

from desktop_app.domain.period import Period
from tests.ui.helpers import fill_demo_members, wait_loaded


@pytest.fixture
def page(desk, qtbot):
    from desktop_app.ui.pages.statistics_page import StatisticsPage

    fill_demo_members(desk)
    page = StatisticsPage(desk)
    qtbot.addWidget(page)
    page.resize(1240, 640)
    page.show()
    wait_loaded(qtbot, page)
    return page


def _summary(page, **period) -> dict:
    from desktop_app.services.periods import resolve_period
    from desktop_app.services.statistics import StatisticsService

    return StatisticsService(page.desk.ctx).summary(resolve_period(page.desk.ctx, **period))


def _rate(value) -> str:
    from desktop_app.domain.period import percent_text

    return percent_text(value)


def test_the_year_figures_are_those_of_stats_json(page):
    expected = _summary(page, year=date.today().year)
    assert expected["proposals"]["submitted"] > 0  # the demo fills this year
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "概况", "委员", "提案", "委员之家", "有事来商量", "社情民意信息", "委员履职"]
    proposals = page.sheet_view("提案")
    p = expected["proposals"]
    assert proposals.figure("征集提案") == f"{p['submitted']} 件"
    assert proposals.figure("立案") == f"{p['accepted']} 件（其中并案 {p['merged']} 件）"
    assert proposals.figure("立案率") == _rate(p["acceptance_rate"])
    assert proposals.figure("办复率") == _rate(p["reply_rate"])
    assert proposals.figure("满意率") == _rate(p["satisfaction_rate"])
    categories = proposals.table_models["立案提案按类别"]
    # In report order until the user sorts (a table once started sorted by column 0 descending).
    assert proposals.figure_model.row_at(0)[0] == "征集提案"
    assert [categories.row_at(i)[0] for i in range(2)] == ["经济建设", "政治建设"]
    assert sum(int(categories.row_at(i)[1].split()[0]) for i in range(categories.rowCount())) == p["accepted"]
    assert proposals.table_models["承办单位办理情况"].rowCount() > 0
    assert page.sheet_view("委员").figure("在任委员") == f"{expected['members']['active']} 人"
    homes = page.sheet_view("委员之家")
    assert homes.figure("开展活动") == f"{expected['homes']['activities']} 次"
    assert homes.figure("参加委员") == f"{expected['homes']['attendance']} 人次"
    c = expected["consultations"]
    assert page.sheet_view("有事来商量").figure("开展协商") == f"{c['sessions']} 次"
    assert page.sheet_view("有事来商量").figure("参加委员").endswith(_rate(c["member_participation_rate"]))
    o = expected["opinions"]
    assert page.sheet_view("社情民意信息").figure("采用率") == _rate(o["adoption_rate"])
    assert f"征集 {p['submitted']} 件" in page.overview.text()


def test_another_year_and_a_date_range_recount(page, qtbot):
    last_year = date.today().year - 1
    page.year.setCurrentIndex(page.year.findData(last_year))
    wait_loaded(qtbot, page)
    expected = _summary(page, year=last_year)
    assert page.sheet_view("提案").figure("征集提案") == f"{expected['proposals']['submitted']} 件"
    assert f"{last_year}年1月1日至{last_year}年12月31日" in page.period_label.text()

    page.mode.setCurrentIndex(2)
    wait_loaded(qtbot, page)
    page.start.setDate(QDate(last_year, 3, 1))
    wait_loaded(qtbot, page)
    page.end.setDate(QDate(last_year, 5, 31))
    wait_loaded(qtbot, page)
    spring = _summary(page, start=date(last_year, 3, 1), end=date(last_year, 5, 31))
    assert page.sheet_view("委员之家").figure("开展活动") == f"{spring['homes']['activities']} 次"
    assert spring["homes"]["activities"] < expected["homes"]["activities"]


def test_a_session_without_opening_date_is_said_in_the_page(page, qtbot):
    from desktop_app.services.terms import TermService

    from desktop_app.services.changes import Changes

    TermService(page.desk.ctx).add_session(term=14, number=9)
    page.desk.announce(Changes(settings=True))  # as the 基础资料 page does after adding it
    wait_loaded(qtbot, page)
    page.mode.setCurrentIndex(1)
    index = page.session.findData("14-9")
    assert index >= 0
    page.session.setCurrentIndex(index)
    wait_loaded(qtbot, page)
    assert page.message.isVisible()
    assert "还没有开幕日期" in page.message.text() and "基础资料" in page.message.text()


def test_the_workbook_button_writes_the_shown_periods_workbook(page, qtbot, tmp_path):
    import openpyxl

    from tests.ui.helpers import TASK_TIMEOUT_MS, top_boxes, wait_idle

    assert page.workbook_button.isEnabled()
    target = tmp_path / "导出" / "统计表.xlsx"
    page.export_workbook(path=target)
    qtbot.waitUntil(lambda: bool(top_boxes("infoBox")), timeout=TASK_TIMEOUT_MS)
    assert "共 8 张工作表" in top_boxes("infoBox")[0].text()
    top_boxes("infoBox")[0].accept()
    wait_idle(qtbot, page.desk)
    book = openpyxl.load_workbook(target)
    expected = _summary(page, year=date.today().year)["proposals"]
    summary = {row[1]: row[2] for row in book["汇总"].iter_rows(min_row=3, values_only=True) if row[0] == "提案"}
    assert summary["征集提案"] == expected["submitted"] and summary["立案"] == expected["accepted"]
    assert book["汇总"]["A1"].value.endswith(f"{date.today().year}年履职工作统计汇总")


def test_a_session_span_counts_from_its_opening_date(page, qtbot):
    from desktop_app.services.terms import TermService

    opened = date(date.today().year, 1, 10)
    from desktop_app.services.changes import Changes

    TermService(page.desk.ctx).add_session(term=15, number=1, opening_date=opened)
    page.desk.announce(Changes(settings=True))
    wait_loaded(qtbot, page)
    page.mode.setCurrentIndex(1)
    page.session.setCurrentIndex(page.session.findData("15-1"))
    wait_loaded(qtbot, page)
    assert not page.message.isVisible()
    expected = _summary(page, session="15-1")
    assert page.sheet_view("提案").figure("征集提案") == f"{expected['proposals']['submitted']} 件"
    assert f"{opened.year}年1月10日至" in page.period_label.text()


def test_copy_puts_every_figure_on_the_clipboard_as_cells(page):
    page.copy_button.click()
    copied = QApplication.clipboard().text()
    proposals = page.sheet_view("提案")
    assert f"立案率\t{proposals.figure('立案率')}" in copied
    assert "承办单位\t交办\t已答复\t按期答复" in copied
    assert copied.startswith("统计时段：")


def test_a_new_record_elsewhere_is_counted_when_the_page_is_shown_again(page, qtbot):
    from desktop_app.services.changes import Changes

    before = page.sheet_view("委员之家").figure("开展活动")
    page.hide()
    page.desk.announce(Changes(activities=True))
    assert page._stale
    page.show()
    wait_loaded(qtbot, page)
    assert not page._stale
    assert page.sheet_view("委员之家").figure("开展活动") == before


def test_the_duty_tab_lists_bands_and_warnings_from_the_performance_service(page, qtbot):
    from desktop_app.services.performance import PerformanceService

    rows = PerformanceService(page.desk.ctx).rows(Period.year(date.today().year))
    duty = page.sheet_view("委员履职")
    assert duty.figure("在任委员") == f"{len(rows)} 人"
    assert duty.figure("未履职预警") == f"{sum(1 for r in rows if r.warnings)} 人"
    assert duty.table_models["委员履职得分"].rowCount() == len(rows)
    assert duty.table_models["未履职预警"].rowCount() == sum(1 for r in rows if r.warnings)
    (page.desk.ctx.data.root / "duty_rules.json").write_text("{", encoding="utf-8")
    page.compute()
    wait_loaded(qtbot, page)
    assert "履职评分规则" in page.sheet_view("委员履职").figure("无法统计")
    assert page.sheet_view("提案").figure("征集提案")  # the other parts are still counted


def test_the_annual_summary_button_writes_a_word_document(page, qtbot, tmp_path):
    from desktop_app.domain.period import percent_text
    from tests.fileio.docx_checks import texts
    from tests.ui.helpers import TASK_TIMEOUT_MS, top_boxes, wait_idle

    assert page.annual_button.isEnabled()
    target = tmp_path / "工作总结.docx"
    page.export_annual(path=target)
    qtbot.waitUntil(lambda: bool(top_boxes("infoBox")), timeout=TASK_TIMEOUT_MS)
    top_boxes("infoBox")[0].accept()
    wait_idle(qtbot, page.desk)
    p = _summary(page, year=date.today().year)["proposals"]
    assert texts(target)[0].endswith(f"{date.today().year}年度工作总结")
    assert f"立案率{percent_text(p['acceptance_rate'])}" in "".join(texts(target))


def test_the_proposals_report_button_writes_the_shown_periods_report(page, qtbot, tmp_path):
    from desktop_app.domain.period import percent_text
    from tests.fileio.docx_checks import texts
    from tests.ui.helpers import TASK_TIMEOUT_MS, top_boxes, wait_idle

    last_year = date.today().year - 1
    page.year.setCurrentIndex(page.year.findData(last_year))
    wait_loaded(qtbot, page)
    assert page.proposals_button.isEnabled()
    target = tmp_path / "报告" / "提案工作情况报告.docx"
    page.export_proposals_report(path=target)
    qtbot.waitUntil(lambda: bool(top_boxes("infoBox")), timeout=TASK_TIMEOUT_MS)
    assert str(target) in top_boxes("infoBox")[0].text()
    top_boxes("infoBox")[0].accept()
    wait_idle(qtbot, page.desk)
    p = _summary(page, year=last_year)["proposals"]
    written = texts(target)
    assert written[0].replace("\n", "").endswith(f"关于{last_year}年度提案工作情况的报告")
    assert (f"{last_year}年，共征集提案{p['submitted']}件，经审查，立案{p['accepted']}件"
            in "".join(written))
    assert f"立案率{percent_text(p['acceptance_rate'])}" in "".join(written)


def test_a_session_counted_from_its_first_proposal_says_so_on_the_page(page, qtbot):
    from desktop_app.services.changes import Changes
    from desktop_app.services.proposals import ProposalService
    from desktop_app.services.proposals.dto import ProposalInput
    from desktop_app.services.terms import TermService

    session_id = TermService(page.desk.ctx).add_session(term=15, number=2).new_id
    ProposalService(page.desk.ctx).submit(ProposalInput(
        session_id=session_id, title="关于加强农村公路养护的建议", submitted_on=date(date.today().year, 3, 5),
        kind="collective", lead_organization_id=_an_organization(page.desk.ctx)))
    page.desk.announce(Changes(settings=True))
    wait_loaded(qtbot, page)
    page.mode.setCurrentIndex(1)
    page.session.setCurrentIndex(page.session.findData("15-2"))
    wait_loaded(qtbot, page)
    assert not page.message.isVisible()
    assert (f"十五届二次会议没有填写开幕日期，按第一件提案的提交日期{date.today().year}年3月5日起算"
            in page.period_label.text())
    assert page.proposals_button.isEnabled()


def _an_organization(ctx) -> int:
    from desktop_app.services.organizations import OrganizationService

    organization_id = OrganizationService(ctx).add_organization(name="民盟黎城县支部", kind="party").new_id
    return organization_id
