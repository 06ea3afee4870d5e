"""The 首页's lists at their edges (services/today.py), and the charts' data made from the figures."""
from __future__ import annotations

from datetime import date, timedelta

from desktop_app.domain.period import Period

TODAY = date(2026, 6, 17)  # a Wednesday


def _platform(ctx) -> int:
    from desktop_app.services.platforms import PlatformInput, PlatformsService

    return PlatformsService(ctx).add(PlatformInput(name="南关村协商议事室")).new_id


def test_a_follow_up_is_due_from_the_thirtieth_day(ctx):
    from desktop_app.services.consultations import ConsultationInput, ConsultationsService
    from desktop_app.services.today import TodayService

    service, platform = ConsultationsService(ctx), _platform(ctx)

    def held(topic: str, days_ago: int) -> int:
        return service.add(ConsultationInput(platform, TODAY - timedelta(days=days_ago), topic)).new_id

    due, not_yet = held("三十天", 30), held("二十九天", 29)
    followed = held("跟进过", 100)
    service.add_follow_up(followed, on=TODAY - timedelta(days=29), status="in_progress")  # followed 29 days ago
    late_follow = held("跟进已久", 100)
    service.add_follow_up(late_follow, on=TODAY - timedelta(days=31), status="not_started")
    work = TodayService(ctx).work(today=TODAY)
    assert [(r.consultation_id, r.days, r.last_follow_up) for r in work.follow_ups] == [
        (late_follow, 31, TODAY - timedelta(days=31)), (due, 30, None)]
    assert not_yet not in {r.consultation_id for r in work.follow_ups}


def test_a_verdict_takes_a_reply_off_the_lists_and_a_new_reply_ends_the_rehandling(ctx):
    from desktop_app.services.members import MemberInput, MembersService
    from desktop_app.services.organizations import OrganizationService
    from desktop_app.services.proposals import ProposalService
    from desktop_app.services.proposals.dto import ProposalInput, ReplyInput, UnitAssignmentInput
    from desktop_app.services.terms import TermService
    from desktop_app.services.today import TodayService

    session_id = TermService(ctx).add_session(term=14, number=4, opening_date=date(2026, 1, 10)).new_id
    member = MembersService(ctx).add(MemberInput(name="王芳")).new_id
    unit = OrganizationService(ctx).add_unit(name="县水利局").new_id
    service = ProposalService(ctx)
    pid = service.submit(ProposalInput(session_id=session_id, title="关于加固河堤的建议", submitted_on=date(2026, 1, 12),
                                       lead_member_id=member)).new_id
    service.accept(pid, on=date(2026, 1, 20), category="生态文明建设")
    service.assign(pid, [UnitAssignmentInput(unit, "lead", date(2026, 4, 20))], on=date(2026, 1, 20))
    assignment = service.detail(pid).assignments[0].id
    today = TodayService(ctx)
    assert [r.days for r in today.work(today=TODAY).overdue] == [58]  # 4月20日 to 6月17日

    service.reply(pid, ReplyInput(assignment, date(2026, 5, 1), "B", text="正在办理。"))
    work = today.work(today=TODAY)
    assert work.overdue == () and [(r.proposal_id, r.days) for r in work.awaiting_verdict] == [(pid, 47)]

    first = service.detail(pid).replies[0].id
    service.feedback(first, verdict="dissatisfied", on=date(2026, 5, 10), rehandle_due_on=date(2026, 6, 25))
    work = today.work(today=TODAY)
    assert work.awaiting_verdict == ()
    assert [(r.proposal_id, r.verdict_on, r.due_on) for r in work.rehandling] == [
        (pid, date(2026, 5, 10), date(2026, 6, 25))]
    assert [(r.proposal_id, r.days) for r in work.due_soon] == [(pid, 8)]  # the new due date, within 14 days

    service.reply(pid, ReplyInput(assignment, date(2026, 6, 1), "A", text="已办结。"))
    work = today.work(today=TODAY)
    assert work.rehandling == () and work.due_soon == ()
    assert [r.replied_on for r in work.awaiting_verdict] == [date(2026, 6, 1)]
    second = next(r.id for r in service.detail(pid).replies if not r.superseded)
    service.feedback(second, verdict="satisfied", on=date(2026, 6, 5))
    assert today.work(today=TODAY).awaiting_verdict == ()


def test_a_member_with_only_an_absence_has_no_duty_record(ctx):
    from desktop_app.services.activities import ActivitiesService, ActivityInput
    from desktop_app.services.members import MemberInput, MembersService
    from desktop_app.services.today import TodayService

    members = MembersService(ctx)
    absent, excused, present = (members.add(MemberInput(name=n)).new_id for n in ("甲委员", "乙委员", "丙委员"))
    ActivitiesService(ctx).add(ActivityInput(date(2026, 3, 5), "读书活动", "读书会", attendance=(
        (absent, "absent"), (excused, "excused"), (present, "present"))))
    ActivitiesService(ctx).add(ActivityInput(date(2025, 3, 5), "读书活动", "去年的读书会", attendance=((absent, "present"),)))
    assert [r.member_id for r in TodayService(ctx).work(today=TODAY).idle_members] == [absent]


def test_the_idle_members_are_exactly_those_without_a_duty_record_by_the_counts(ctx):
    """未履职委员 is asked as one query (today.idle_members_sql); it names exactly the members that has_duty_record
    finds without a record in their counts (duty_counts), for every kind of record, through the engine and through
    the data folder's file alike."""
    from desktop_app.services.activities import ActivitiesService, ActivityInput
    from desktop_app.services.consultations import ConsultationInput, ConsultationsService
    from desktop_app.services.members import MemberInput, MembersService
    from desktop_app.services.opinions import OpinionInput, OpinionsService
    from desktop_app.services.database import prepare_folder
    from desktop_app.services.performance import duty_counts, has_duty_record
    from desktop_app.services.proposals import ProposalService
    from desktop_app.services.proposals.dto import ProposalInput
    from desktop_app.services.terms import TermService
    from desktop_app.services.today import TodayService, early_work

    members = MembersService(ctx)
    names = ("出席", "请假", "缺席", "去年出席", "领衔", "去年领衔", "联名", "协商", "去年协商", "信息", "去年信息",
             "离任", "无记录", "常委无记录")
    ids = {name: members.add(MemberInput(name=name, sector="经济界", is_standing=name.startswith("常委"))).new_id
           for name in names}
    activities = ActivitiesService(ctx)
    activities.add(ActivityInput(date(2026, 3, 5), "全体会议", "全体会议", attendance=(
        (ids["出席"], "present"), (ids["请假"], "excused"), (ids["缺席"], "absent"))))
    activities.add(ActivityInput(date(2025, 12, 31), "读书活动", "去年的读书会", attendance=((ids["去年出席"], "present"),)))
    session_id = TermService(ctx).add_session(term=14, number=4, opening_date=date(2026, 1, 10)).new_id
    proposals = ProposalService(ctx)
    proposals.submit(ProposalInput(session_id=session_id, title="关于加固河堤的建议", submitted_on=date(2026, 1, 12),
                                   lead_member_id=ids["领衔"], cosigner_ids=(ids["联名"],)))
    proposals.submit(ProposalInput(session_id=session_id, title="关于修缮古桥的建议", submitted_on=date(2025, 12, 30),
                                   lead_member_id=ids["去年领衔"]))
    consultations, platform = ConsultationsService(ctx), _platform(ctx)
    consultations.add(ConsultationInput(platform, date(2026, 2, 1), "村道维修", member_ids=(ids["协商"],)))
    consultations.add(ConsultationInput(platform, date(2025, 6, 1), "去年的议题", member_ids=(ids["去年协商"],)))
    opinions = OpinionsService(ctx)
    opinions.add(OpinionInput("关于农村养老的建议", date(2026, 4, 1), member_ids=(ids["信息"],)))
    opinions.add(OpinionInput("关于校车安全的建议", date(2025, 4, 1), member_ids=(ids["去年信息"],)))
    member = members.get(ids["离任"])
    members.end_term(ids["离任"], on=date(2026, 2, 1), reason="工作调动", expected_version=member.version)

    period = Period.year(2026)
    with ctx.uow() as s:
        roster, counts = duty_counts(s, period)
        by_counts = [(row.id, row.name, row.sector, row.is_standing) for row in roster
                     if not has_duty_record(counts.get(row.id, {}))]
    idle = TodayService(ctx).work(today=TODAY).idle_members
    by_query = [(r.member_id, r.name, r.sector, r.standing) for r in idle]
    assert by_query == by_counts
    assert sorted(name for name, member_id in ids.items() if member_id in {row[0] for row in by_query}) == sorted(
        ["缺席", "去年出席", "去年领衔", "去年协商", "去年信息", "无记录", "常委无记录"])
    assert [(r.member_id, r.sector, r.standing) for r in idle] == [(row[0], "经济界", row[3]) for row in by_counts]
    prepared = prepare_folder(ctx.data.root)
    try:
        if prepared.reader() is not None:  # the folder's own SQLite file (not a test server)
            assert early_work(prepared.reader(), today=TODAY).idle_members == idle
    finally:
        prepared.close()


def test_activities_of_this_and_next_week_only(ctx):
    from desktop_app.services.activities import ActivitiesService, ActivityInput
    from desktop_app.services.today import TodayService

    service = ActivitiesService(ctx)
    held = {day: service.add(ActivityInput(day, "读书活动", f"{day}")).new_id
            for day in (date(2026, 6, 14), date(2026, 6, 15), date(2026, 6, 21), date(2026, 6, 22), date(2026, 6, 28),
                        date(2026, 6, 29))}
    work = TodayService(ctx).work(today=TODAY)  # Monday 6月15日 to Sunday 6月28日
    assert [(r.held_on, r.week) for r in work.activities] == [
        (date(2026, 6, 15), "本周"), (date(2026, 6, 21), "本周"), (date(2026, 6, 22), "下周"), (date(2026, 6, 28), "下周")]
    assert work.activities[0].day_text == "6月15日（周一）" and work.activities[0].activity_id == held[date(2026, 6, 15)]


def test_monthly_charts_fill_empty_months_and_long_spans_go_by_year():
    from desktop_app.services.statistics.chart_data import BAR, month_keys, monthly, ranked

    months = month_keys(Period.year(2025))
    chart = monthly("k", "每月开展活动（次）", months, {"2025-03": 4, "2025-11": 1}, unit="", empty_text="无")
    assert chart.kind == BAR and len(chart.labels) == 12 and chart.labels[2] == "3月"
    assert chart.values == (0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 1, 0)
    decade = month_keys(Period(date(2016, 1, 1), date(2025, 12, 31), "十年"))
    by_year = monthly("k", "每月开展活动（次）", decade, {"2016-05": 2, "2016-07": 3, "2025-01": 1}, unit="",
                      empty_text="无")
    assert by_year.title == "每年开展活动（次）" and by_year.labels[0] == "2016年" and by_year.values[0] == 5
    assert len(by_year.labels) == 10 and sum(by_year.values) == 6
    two_years = monthly("k", "t", month_keys(Period(date(2024, 12, 1), date(2025, 1, 31), "")), {}, unit="",
                        empty_text="无")
    assert two_years.labels == ("24年12月", "25年1月") and two_years.empty
    counts = {f"界别{i}": i for i in range(18)}  # 界别0 has nobody
    few = ranked("k", "按界别", dict(list(counts.items())[:10]), unit="人", empty_text="", limit=15,
                 title_when_cut="最多的{n}个界别")
    assert few.title == "按界别" and few.labels == tuple(f"界别{i}" for i in range(9, 0, -1))  # most first, no 0
    many = ranked("k", "按界别", counts, unit="人", empty_text="", limit=15, title_when_cut="最多的{n}个界别")
    assert many.title == "最多的15个界别" and many.labels[0] == "界别17" and many.labels[-1] == "界别3"


def test_each_statistics_chart_shows_the_figures_of_its_tab(ctx):
    from desktop_app.services.demo import DemoService
    from desktop_app.services.statistics import StatisticsService
    from desktop_app.services.statistics.sheets import sheets

    DemoService(ctx).fill()
    period = Period.year(date.today().year)
    figures = StatisticsService(ctx).figures(period)
    by_key = {data.key: data for sheet in sheets(figures) for data in sheet.charts}
    p, h, c, m = figures["proposals"], figures["homes"], figures["consultations"], figures["members"]
    assert sum(by_key["proposals.categories"].values) == p.accepted
    assert dict(zip(by_key["proposals.replies"].labels, by_key["proposals.replies"].values)) == {
        "A类": p.reply_categories["A"], "B类": p.reply_categories["B"], "C类": p.reply_categories["C"]}
    assert sum(by_key["proposals.satisfaction"].values) == p.feedback_given
    assert sum(by_key["homes.months"].values) == h.activities and len(by_key["homes.months"].labels) == 12
    assert sum(by_key["consultations.months"].values) == c.sessions
    most = sorted(m.by_sector.items(), key=lambda kv: -kv[1])[:15]  # the demo has more 界别 than the chart shows
    assert len(m.by_sector) > 15 and by_key["members.sectors"].title == "在任委员最多的15个界别（人）"
    assert list(zip(by_key["members.sectors"].labels, by_key["members.sectors"].values)) == most
    assert sum(by_key["members.parties"].values) == m.active
    late = {u.name: u.replied - u.on_time + u.overdue for u in p.units if u.replied - u.on_time + u.overdue}
    shown = dict(zip(by_key["proposals.late_units"].labels, by_key["proposals.late_units"].values))
    assert shown == dict(sorted(late.items(), key=lambda kv: -kv[1])[:12])  # the most first, at most twelve


def test_the_lists_read_from_the_folders_file_are_those_read_through_the_engine(ctx):
    """As the window opens, the 首页's lists are read through a plain sqlite3 connection before the store is open
    (today.early_work); they are the lists TodayService.work reads, on the demo's records, on several days. The open
    assignments are those of the 提案 page's rule (proposals/open_work.open_assignments)."""
    import sqlite3

    import pytest
    from sqlalchemy import text

    from desktop_app.services.database import prepare_folder
    from desktop_app.services.demo import DemoService
    from desktop_app.services.proposals.open_work import open_assignments
    from desktop_app.services.today import TodayService, early_work, open_assignments_sql

    DemoService(ctx).fill()
    days = (date.today(), date(date.today().year, 1, 1), date(date.today().year - 1, 6, 15))
    by_engine = {day: TodayService(ctx).work(today=day) for day in days}
    with ctx.uow() as s:
        rule = [(assignment.proposal_id, unit, assignment.due_on) for assignment, _p, unit in open_assignments(s)]
    prepared = prepare_folder(ctx.data.root)
    try:
        reader = prepared.reader()
        if reader is None:  # a test server: nothing is read before the store is open
            return
        assert {day: early_work(reader, today=day) for day in days} == by_engine
        lists = by_engine[date.today()]
        assert sum(len(getattr(lists, key)) for key in ("overdue", "due_soon", "awaiting_verdict", "follow_ups",
                                                        "activities")) > 0  # the demo leaves work to do today
        rows = reader.read(lambda run: run(*open_assignments_sql()))
        assert sorted((pid, unit, date.fromisoformat(due)) for pid, _n, _t, unit, due in rows) == sorted(rule)
        with pytest.raises(sqlite3.OperationalError, match="readonly"):  # a read before the store opens cannot write
            reader.read(lambda run: run("DELETE FROM members", {}))
        with ctx.uow() as s:
            assert s.execute(text("SELECT count(*) FROM members")).scalar() > 0
    finally:
        prepared.close()


def test_only_a_file_at_the_programs_schema_is_read_before_the_store_opens(ctx, tmp_path):
    """An older database (or a new folder, or a file that is not ours) gets no early reader: it is upgraded, after
    its backup, before anything reads it (services/database.finish_opening)."""
    import sqlite3

    from db.sqlite_file import head_revision, sqlite_file
    from desktop_app.services.database import prepare_folder

    prepared = prepare_folder(ctx.data.root)
    at_head = prepared.reader()
    prepared.close()
    if ctx.engine.dialect.name != "sqlite":
        assert at_head is None  # a server's database is read only through the store
        return
    assert at_head is not None
    new = prepare_folder(tmp_path / "新文件夹")
    assert new.reader() is None and not new.at_head
    new.close()
    ctx.engine.dispose()
    older = f"{int(head_revision()) - 1:04d}"
    with sqlite3.connect(sqlite_file(ctx.data.root)) as con:
        con.execute("UPDATE alembic_version SET version_num = ?", (older,))
    prepared = prepare_folder(ctx.data.root)
    assert prepared.reader() is None and not prepared.at_head
    prepared.close()
    foreign = tmp_path / "别的程序"
    foreign.mkdir()
    with sqlite3.connect(sqlite_file(foreign)) as con:
        con.execute("CREATE TABLE t (x)")
    prepared = prepare_folder(foreign)
    assert prepared.reader() is None
    prepared.close()


def test_the_read_before_the_store_opens_imports_no_sqlalchemy(ctx):
    """The window's first page is read before SQLAlchemy is imported (0.25 s of CPU at start-up): preparing the folder
    and reading the lists through its file must stay on the standard library."""
    import subprocess
    import sys
    from pathlib import Path

    if ctx.engine.dialect.name != "sqlite":
        return  # a server's database is read only through the store
    code = ("import sys; from pathlib import Path; from desktop_app.services.database import prepare_folder; "
            "from desktop_app.services.today import early_work; "
            f"prepared = prepare_folder(Path({str(ctx.data.root)!r})); work = early_work(prepared.reader()); "
            "prepared.close(); print(type(work).__name__, sorted(m for m in ('sqlalchemy', 'db.models', 'alembic') "
            "if m in sys.modules))")
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "TodayWork []"
