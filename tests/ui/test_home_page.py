"""首页 over a real database: the window opens on it, its lists hold what the store holds (counted here from
the records the test made), a row opens its record on its own page, and the year's charts are drawn."""
from __future__ import annotations

import warnings
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage

from tests.ui.helpers import TASK_TIMEOUT_MS, wait_idle, wait_loaded

TODAY = date.today()
MONDAY = TODAY - timedelta(days=TODAY.weekday())


@pytest.fixture
def world(desk):
    """Proposals with units late, due soon, replied and found wanting; consultations; activities; members."""
    from desktop_app.services.activities import ActivitiesService, ActivityInput
    from desktop_app.services.consultations import ConsultationInput, ConsultationsService
    from desktop_app.services.members import MemberInput, MembersService
    from desktop_app.services.organizations import OrganizationService
    from desktop_app.services.platforms import PlatformInput, PlatformsService
    from desktop_app.services.proposals import ProposalService
    from desktop_app.services.proposals.dto import ProposalInput, ReplyInput, UnitAssignmentInput
    from desktop_app.services.terms import TermService

    ctx = desk.ctx
    session_id = TermService(ctx).add_session(term=14, number=4, opening_date=TODAY - timedelta(days=130)).new_id
    wang, li, zhao = (MembersService(ctx).add(MemberInput(name=n)).new_id for n in ("王芳", "李强", "赵敏"))
    orgs = OrganizationService(ctx)
    education, health = (orgs.add_unit(name=n).new_id for n in ("县教育局", "县卫健委"))
    service = ProposalService(ctx)
    start = TODAY - timedelta(days=120)

    def proposal(title, units, *, on=start):
        pid = service.submit(ProposalInput(session_id=session_id, title=title, submitted_on=on,
                                           lead_member_id=wang)).new_id
        service.accept(pid, on=on, category="社会建设")
        service.assign(pid, [UnitAssignmentInput(unit, "lead" if i == 0 else "separate", due)
                             for i, (unit, due) in enumerate(units)], on=on)
        return pid

    def assignment(pid, unit):
        return next(a.id for a in service.detail(pid).assignments if a.unit_id == unit)

    late = proposal("关于整治乡村道路的建议", [(education, TODAY - timedelta(days=29)),
                                          (health, TODAY - timedelta(days=3))])
    soon = proposal("关于建设县城公园的建议", [(health, TODAY + timedelta(days=5))])
    proposal("关于加强农村学校建设的建议", [(education, TODAY + timedelta(days=30))])  # neither late nor soon
    replied = proposal("关于改善农村饮水的建议", [(health, TODAY + timedelta(days=40))])
    service.reply(replied, ReplyInput(assignment(replied, health), TODAY - timedelta(days=12), "A", text="已办理。"))
    wanting = proposal("关于规范校外培训的建议", [(education, TODAY + timedelta(days=10))])
    service.reply(wanting, ReplyInput(assignment(wanting, education), TODAY - timedelta(days=10), "B", text="正在研究。"))
    reply_id = next(r.id for r in service.detail(wanting).replies)
    service.feedback(reply_id, verdict="dissatisfied", on=TODAY - timedelta(days=5),
                     rehandle_due_on=TODAY + timedelta(days=20))
    # 李强 co-signs a proposal of today: a duty record this year; 赵敏 has none
    this_year = service.submit(ProposalInput(session_id=session_id, title="关于发展县域特色产业的建议", submitted_on=TODAY,
                                             lead_member_id=wang, cosigner_ids=(li,))).new_id
    service.accept(this_year, on=TODAY, category="经济建设")

    platform = PlatformsService(ctx).add(PlatformInput(name="东关村协商议事室", township="城关镇")).new_id
    consultations = ConsultationsService(ctx)

    def consultation(topic, days_ago):
        return consultations.add(ConsultationInput(platform, TODAY - timedelta(days=days_ago), topic)).new_id

    untouched = consultation("村道路灯", 60)  # nothing recorded for 60 days: due
    consultation("农贸市场", 10)  # held 10 days ago: not yet
    stalled = consultation("垃圾清运", 90)
    consultations.add_follow_up(stalled, on=TODAY - timedelta(days=40), status="in_progress")  # 40 days: due
    finished = consultation("停车难", 90)
    consultations.add_follow_up(finished, on=TODAY - timedelta(days=40), status="done")  # done: never due

    activities = ActivitiesService(ctx)

    def activity(title, held_on):
        return activities.add(ActivityInput(held_on, "读书活动", title)).new_id

    activity("上周读书会", MONDAY - timedelta(days=1))
    this_week = activity("本周读书会", MONDAY + timedelta(days=2))
    next_week = activity("下周读书会", MONDAY + timedelta(days=9))
    activity("两周后读书会", MONDAY + timedelta(days=15))
    return {"late": late, "soon": soon, "replied": replied, "wanting": wanting, "wang": wang, "li": li,
            "zhao": zhao, "untouched": untouched, "stalled": stalled, "this_week": this_week,
            "next_week": next_week, "education": education, "health": health}


def _window(desk, qtbot, size=(1366, 728)):
    from desktop_app.ui.main_window import MainWindow

    window = MainWindow(desk)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    home = window.page_of("首页")
    wait_loaded(qtbot, home)
    return window, home


def _shown(table) -> list[list[str]]:
    model = table.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_the_window_opens_on_the_home_page_with_todays_work(desk, world, qtbot):
    window, home = _window(desk, qtbot)
    assert window._nav.currentItem().text() == "首页" and window._stack.currentWidget() is home
    rows = {key: home.list_of(key).rows() for key in ("overdue", "due_soon", "awaiting_verdict", "rehandling",
                                                       "follow_ups", "activities", "idle_members")}
    # most overdue first: the 教育局 29 days, then the 卫健委 3 days, both on the same proposal
    assert [(r.proposal_id, r.unit_name, r.days) for r in rows["overdue"]] == [
        (world["late"], "县教育局", 29), (world["late"], "县卫健委", 3)]
    assert [(r.proposal_id, r.unit_name, r.days) for r in rows["due_soon"]] == [(world["soon"], "县卫健委", 5)]
    assert [(r.proposal_id, r.unit_name) for r in rows["awaiting_verdict"]] == [(world["replied"], "县卫健委")]
    assert [(r.proposal_id, r.unit_name, r.due_on) for r in rows["rehandling"]] == [
        (world["wanting"], "县教育局", TODAY + timedelta(days=20))]
    assert [(r.consultation_id, r.days) for r in rows["follow_ups"]] == [(world["untouched"], 60),
                                                                        (world["stalled"], 40)]
    assert [(r.activity_id, r.week) for r in rows["activities"]] == [(world["this_week"], "本周"),
                                                                    (world["next_week"], "下周")]
    assert [r.member_id for r in rows["idle_members"]] == [world["zhao"]]

    overdue = home.list_of("overdue").table
    assert _shown(overdue)[0][2:] == ["县教育局", (TODAY - timedelta(days=29)).isoformat(), "29 天"]
    assert overdue.model().index(0, 4).data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    tiles = [(home.tiles.item(i).text(), home.tiles.item(i).data(Qt.ItemDataRole.UserRole))
             for i in range(home.tiles.count())]
    assert tiles == [("逾期未答复", 2), ("14天内到期", 1), ("待委员反馈", 1), ("不满意待重办", 1), ("协商待跟进", 2),
                     ("近两周活动", 2), ("未履职委员", 1)]
    assert home.tiles.currentRow() == 0 and home.list_title.text() == "逾期未答复 2 件"
    assert "逾期未答复 2 件" in home.summary.text()
    assert "30 天" in home.tiles.item(4).toolTip()  # the follow-up rule is said where the list is
    wait_idle(qtbot, desk)


def test_an_empty_list_says_so_calmly(desk, qtbot):
    window, home = _window(desk, qtbot)
    todo = home.list_of("overdue")
    assert todo.rows() == [] and todo.empty.isVisible() and todo.empty.text() == "没有逾期的提案。"
    assert not todo.table.isVisible()
    assert home.summary.text() == "今天没有到期或待跟进的事项。"
    wait_idle(qtbot, desk)


def test_a_row_opens_its_record_on_its_page(desk, world, qtbot):
    window, home = _window(desk, qtbot)
    table = home.list_of("overdue").table
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 1))
    qtbot.keyClick(table, Qt.Key.Key_Return)  # Enter opens the row, as a double-click does
    proposals = window.page_of("提案")
    assert window._stack.currentWidget() is proposals and window._nav.currentItem().text() == "提案"
    qtbot.waitUntil(lambda: [r.id for r in proposals.selected_rows()] == [world["late"]], timeout=TASK_TIMEOUT_MS)
    qtbot.waitUntil(lambda: proposals.detail is not None and proposals.detail.id == world["late"],
                    timeout=TASK_TIMEOUT_MS)
    assert proposals.tabs.currentIndex() == 0  # 详情

    # filtered away on its page: the filter is cleared so the record shows
    proposals.state_combo.setCurrentIndex(proposals.state_combo.findData("replied"))
    qtbot.waitUntil(lambda: not proposals._loading and proposals.model.position_of(world["soon"]) is None,
                    timeout=TASK_TIMEOUT_MS)  # the list filters in SQL, off the GUI thread
    window.show_page("首页")
    wait_loaded(qtbot, home)
    home.show_list("due_soon")
    soon = home.list_of("due_soon").table
    where = soon.visualRect(soon.model().index(0, 1)).center()
    qtbot.mouseClick(soon.viewport(), Qt.MouseButton.LeftButton, pos=where)  # a double-click is a press, then …
    qtbot.mouseDClick(soon.viewport(), Qt.MouseButton.LeftButton, pos=where)  # … the second press
    qtbot.waitUntil(lambda: [r.id for r in proposals.selected_rows()] == [world["soon"]], timeout=TASK_TIMEOUT_MS)

    window.show_page("首页")
    wait_loaded(qtbot, home)
    home.show_list("follow_ups")
    follow_ups = home.list_of("follow_ups").table
    follow_ups.setCurrentIndex(follow_ups.model().index(1, 0))
    qtbot.keyClick(follow_ups, Qt.Key.Key_Return)
    consultations = window.page_of("有事来商量")
    qtbot.waitUntil(lambda: consultations.selected() is not None and consultations.selected().id == world["stalled"],
                    timeout=TASK_TIMEOUT_MS)

    window.show_page("首页")
    wait_loaded(qtbot, home)
    home.show_list("idle_members")
    idle = home.list_of("idle_members").table
    idle.setCurrentIndex(idle.model().index(0, 0))
    qtbot.keyClick(idle, Qt.Key.Key_Return)
    members = window.page_of("委员")
    qtbot.waitUntil(lambda: members.selected_row() is not None and members.selected_row().id == world["zhao"],
                    timeout=TASK_TIMEOUT_MS)
    wait_idle(qtbot, desk)


def test_the_lists_follow_a_change(desk, world, qtbot):
    from desktop_app.services.proposals import ProposalService
    from desktop_app.services.proposals.dto import ReplyInput

    window, home = _window(desk, qtbot)
    service = ProposalService(desk.ctx)
    unit = world["education"]
    assignment = next(a.id for a in service.detail(world["late"]).assignments if a.unit_id == unit)
    changes = service.reply(world["late"], ReplyInput(assignment, TODAY, "A", text="已办理。"))
    desk.announce(changes)
    qtbot.waitUntil(lambda: not home._loading and [r.unit_name for r in home.list_of("overdue").rows()] == ["县卫健委"],
                    timeout=TASK_TIMEOUT_MS)
    assert home.list_title.text() == "逾期未答复 1 件"
    wait_idle(qtbot, desk)


def test_the_home_page_reads_again_only_for_the_parts_it_shows(desk, qtbot):
    from desktop_app.services.changes import Changes

    window, home = _window(desk, qtbot)
    wait_idle(qtbot, desk)
    desk.announce(Changes(settings=True, vocabularies=True))  # nothing the 首页 lists or counts
    assert not home._loading and not home._figures_stale
    desk.announce(Changes(opinions=True))  # an opinion moves the year's cards
    assert home._loading and home._figures_stale
    wait_loaded(qtbot, home)
    qtbot.waitUntil(lambda: not home._figures_loading, timeout=TASK_TIMEOUT_MS)
    assert not home._figures_stale
    wait_idle(qtbot, desk)


def _glyph_warnings(caught) -> list[str]:
    return [str(w.message) for w in caught if "Glyph" in str(w.message) or "missing from" in str(w.message)]


def test_the_year_cards_show_their_charts_after_the_lists(desk, world, qtbot):
    from desktop_app.services.statistics import StatisticsService
    from desktop_app.domain.period import Period
    from desktop_app.ui.widgets.chart_view import renderer

    renderer().clear_cache()  # drawn in this test, so its warnings are seen here
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        window, home = _window(desk, qtbot)
        qtbot.waitUntil(lambda: all(view.is_settled() for view in home.charts()), timeout=TASK_TIMEOUT_MS)
    assert not _glyph_warnings(caught)
    proposals = home.cards["proposals"]
    figures = StatisticsService(desk.ctx).figures(Period.year(TODAY.year))["proposals"]
    assert proposals.number.text() == str(figures.accepted)
    assert proposals.chart.has_image() and proposals.chart.caption.text() == "立案提案按类别（件）"
    opinions = home.cards["opinions"].chart  # no opinion this year: a sentence, not an empty chart
    assert not opinions.has_image() and opinions.picture.text == "本时段还没有被采用的信息。"
    wait_idle(qtbot, desk)


def test_a_chart_is_copied_and_saved_as_an_image(desk, world, qtbot, tmp_path):
    window, home = _window(desk, qtbot)
    view = home.cards["proposals"].chart
    qtbot.waitUntil(view.has_image, timeout=TASK_TIMEOUT_MS)
    QGuiApplication.clipboard().clear()
    assert view.copy_image()
    copied = QGuiApplication.clipboard().image()
    drawn = QImage.fromData(view.png, "PNG")
    assert not copied.isNull() and copied.width() == drawn.width() and copied.height() > drawn.height()  # + caption
    saved = view.save_png(tmp_path / "立案提案按类别")
    assert saved == tmp_path / "立案提案按类别.png" and saved.read_bytes().startswith(b"\x89PNG")
    assert QImage(str(saved)).size() == copied.size()
    wait_idle(qtbot, desk)


def test_the_statistics_tabs_show_charts(desk, qtbot):
    from tests.ui.helpers import fill_demo_members
    from desktop_app.ui.widgets.chart_view import ChartView, renderer

    fill_demo_members(desk)
    renderer().clear_cache()
    window, home = _window(desk, qtbot)
    window.show_page("统计")
    page = window.page_of("统计")
    wait_loaded(qtbot, page)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for title, keys in (("概况", None), ("委员", ["members.sectors", "members.parties"]),
                            ("提案", ["proposals.categories", "proposals.replies", "proposals.satisfaction",
                                      "proposals.late_units"]),
                            ("委员之家", ["homes.months", "homes.kinds"]),
                            ("有事来商量", ["consultations.months", "consultations.follow_up"]),
                            ("社情民意信息", ["opinions.levels"]), ("委员履职", ["duty.bands"])):
            index = next(i for i in range(page.tabs.count()) if page.tabs.tabText(i) == title)
            page.tabs.setCurrentIndex(index)
            # looked up at each try: a reload (the data watch sees the test's own writes as another program's)
            # may replace the views
            qtbot.waitUntil(lambda: bool(shown := page.tabs.widget(index).findChildren(ChartView))
                            and all(v.is_settled() for v in shown), timeout=TASK_TIMEOUT_MS)
            views = page.tabs.widget(index).findChildren(ChartView)
            if keys is not None:
                assert [v.data.key for v in views] == keys
            assert all(v.has_image() for v in views), title  # the demo has something to draw in every chart
    assert not _glyph_warnings(caught)
    months = page.sheet_view("委员之家").charts.view("homes.months").data
    assert months.labels[0] == "1月" and len(months.labels) == 12  # every month of the year, none left out
    assert sum(months.values) == int(page.sheet_view("委员之家").figure("开展活动").split()[0])
    wait_idle(qtbot, desk)


def _open_window(make_desk, qtbot):
    """A window started as the program starts it: the store opened after the first paint, by Desk.open_store."""
    from desktop_app.ui.main_window import MainWindow

    desk = make_desk(open_store=False)
    window = MainWindow(desk)
    qtbot.addWidget(window)
    window.resize(1366, 728)
    home = window.page_of("首页")
    seen = []
    home.sig_lists_filled.connect(lambda: seen.append((desk.ready, {
        key: home.list_of(key).rows() for key in ("overdue", "due_soon", "awaiting_verdict", "rehandling",
                                                  "follow_ups", "activities", "idle_members")})))
    with qtbot.waitSignal(desk.sig_store_ready, timeout=TASK_TIMEOUT_MS):
        window.show()
        window.start()
    qtbot.waitUntil(lambda: desk.ready and not home.lists_loading and len(seen) >= 1, timeout=TASK_TIMEOUT_MS)
    wait_idle(qtbot, desk)
    return desk, home, seen


def test_the_lists_are_shown_from_the_file_before_the_store_is_open(desk, world, make_desk, qtbot):
    """As the window opens, a database at the program's schema is read for the 首页's lists at once (plain sqlite3,
    before SQLAlchemy); the same rows stay when the store has opened and read them again."""
    desk.close_store()
    again, home, seen = _open_window(make_desk, qtbot)
    assert seen[0][0] is False  # the first rows came before the store was open
    assert [(r.proposal_id, r.unit_name, r.days) for r in seen[0][1]["overdue"]] == [
        (world["late"], "县教育局", 29), (world["late"], "县卫健委", 3)]
    assert [r.member_id for r in seen[0][1]["idle_members"]] == [world["zhao"]]
    assert seen[-1][0] is True and seen[-1][1] == seen[0][1]
    assert home.tiles.item(0).data(Qt.ItemDataRole.UserRole) == 2


def test_an_older_database_is_upgraded_after_its_backup_before_the_lists_are_read(desk, world, make_desk, qtbot):
    from db.migrate import downgrade_to, head_revision

    folder = desk.data_dir
    engine = desk.ctx.engine
    desk.close_store()
    older = f"{int(head_revision()) - 1:04d}"
    downgrade_to(engine, older)
    engine.dispose()
    before = set((folder / "backups").glob("before-upgrade*"))
    again, home, seen = _open_window(make_desk, qtbot)
    assert seen and all(ready for ready, _rows in seen)  # nothing was shown before the upgrade
    assert set((folder / "backups").glob("before-upgrade*")) - before  # the backup came first
    assert [(r.proposal_id, r.unit_name, r.days) for r in seen[0][1]["overdue"]] == [
        (world["late"], "县教育局", 29), (world["late"], "县卫健委", 3)]


def test_a_row_opened_before_the_store_is_open_is_shown_once_it_is(desk, world, make_desk, qtbot):
    """The lists can be on screen before the store is open (read from the file): a row opened then shows its record
    on its page as soon as the store is open."""
    from desktop_app.ui.main_window import MainWindow

    desk.close_store()
    again = make_desk(open_store=False)
    window = MainWindow(again)
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.show()
    window.show_record("proposal", world["late"])
    proposals = window.page_of("提案")
    assert window._stack.currentWidget() is proposals
    with qtbot.waitSignal(again.sig_store_ready, timeout=TASK_TIMEOUT_MS):
        again.open_store()
    qtbot.waitUntil(lambda: [r.id for r in proposals.selected_rows()] == [world["late"]], timeout=TASK_TIMEOUT_MS)
    wait_idle(qtbot, again)
