"""Proposal figures: a seeds-shaped ledger reproduces the seeds' figures; each definition on a built example."""
from __future__ import annotations

from datetime import date

import openpyxl

from desktop_app.domain.period import Period
from desktop_app.services.members import MemberInput, MembersService
from desktop_app.services.proposals.dto import LeaderInput, ReplyInput, UnitAssignmentInput
from desktop_app.services.ledgers.pipeline import ImportOptions
from desktop_app.services.ledgers.proposals import proposal_importer
from desktop_app.services.statistics import StatisticsService
from desktop_app.services.statistics import proposals as proposal_stats

HEADER = ["案号", "案由", "提案者", "提案类型", "联名人", "类别", "提交日期", "审查结果", "并入案号", "主办单位", "会办单位",
          "交办日期", "答复日期", "答复类别", "满意度", "重点提案"]
CATEGORIES = ["经济建设", "政治建设", "文化建设", "社会建设", "生态文明建设"]


def _seed_shaped_ledger(path, members: list[str]):
    """546 submitted: 452 accepted + 12 merged (464, of them 74 collective), 82 not accepted — as in the seeds."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["政协××县委员会提案台账"])
    sheet.append(HEADER)
    case = 0
    for i in range(546):
        collective = i % 6 == 0 and i < 444  # 74 of the accepted ones
        lead = "民盟县委员会" if collective else members[i % len(members)]
        kind = "集体提案" if collective else "委员提案"
        submitted = date(2025, 1 + i % 11, 1 + i % 27)
        if i < 452:
            case += 1
            sheet.append([f"{case:03d}", f"关于第{i}件事的建议", lead, kind, members[(i + 1) % len(members)],
                          CATEGORIES[i % 5], submitted, "立案", None, "县教育局", None, submitted, None, None, None,
                          "是" if i % 50 == 0 else None])
        elif i < 464:
            sheet.append([None, f"关于第{i}件事的建议", lead, kind, None, CATEGORIES[i % 5], submitted, "并案",
                          f"{i - 451:03d}", None, None, None, None, None, None, None])
        else:
            sheet.append([None, f"关于第{i}件事的建议", lead, kind, None, None, submitted, "不立案", None, None, None,
                          None, None, None, None, None])
    book.save(path)


def test_a_ledger_shaped_like_the_seeds_reproduces_their_figures(store, tmp_path):
    names = [f"委员{chr(0x4e00 + i)}" for i in range(60)]
    service = MembersService(store)
    for name in names:
        service.add(MemberInput(name=name))
    path = tmp_path / "种子台账.xlsx"
    _seed_shaped_ledger(path, names)
    ledger = proposal_importer(store)
    located = ledger.read(path, ImportOptions(session_code="14-4"))
    plan = ledger.preview(located)
    assert plan.problems == () and plan.new == 546
    ledger.commit(located, plan)
    figures = StatisticsService(store).summary(Period.year(2025))["proposals"]
    assert (figures["submitted"], figures["accepted"], figures["merged"], figures["not_accepted"]) == (546, 464, 12, 82)
    assert figures["acceptance_rate"] == 84.98
    assert figures["by_kind"] == {"member": 390, "collective": 74}
    assert sum(figures["by_category"].values()) == 464
    assert figures["assigned"] == 452 and figures["replied"] == 0 and figures["reply_rate"] == 0.0
    from desktop_app.domain.period import format_rate

    assert format_rate(figures["accepted"], figures["submitted"]) == "84.98%"
    # The statistics page and the later reports word the same figures as the seeds print them.
    from desktop_app.services.statistics.sheets import proposals_sheet

    sheet = proposals_sheet(StatisticsService(store).part("proposals", Period.year(2025)))
    shown = dict(sheet.figures)
    assert (shown["征集提案"], shown["立案"], shown["立案率"]) == ("546 件", "464 件（其中并案 12 件）", "84.98%")
    categories = next(t for t in sheet.tables if t.title == "立案提案按类别")
    assert sum(int(row[1].split()[0]) for row in categories.rows) == 464


def _assigned(world, title, units, on=date(2025, 1, 20)):
    pid = world.submit(title)
    world.service.accept(pid, on=on)
    world.service.assign(pid, units, on=on)
    return pid


def _reply(world, pid, unit, category, on, face=False):
    a = next(a for a in world.service.detail(pid).assignments if a.unit_id == unit)
    return world.service.reply(pid, ReplyInput(a.id, on, category, text="答复", face_to_face=face)).new_id


def test_each_figure_by_its_definition(world):
    u0, u1, u2 = world.units
    s = world.service
    # 1: lead + separate, both replied, face to face once, satisfied; key with a supervisor.
    p1 = _assigned(world, "关于甲的建议", [UnitAssignmentInput(u0, "lead"), UnitAssignmentInput(u1, "separate")])
    r1 = _reply(world, p1, u0, "A", date(2025, 3, 1), face=True)
    _reply(world, p1, u1, "B", date(2025, 5, 1))  # after its due date 2025-04-20: replied, not on time
    s.feedback(r1, verdict="satisfied", on=date(2025, 5, 2))
    s.set_key(p1, leaders=[LeaderInput("李主席", "督办", "县政协主席")], on=date(2025, 2, 1))
    # 2: lead replied, dissatisfied → superseded, back to assigned and overdue by today.
    p2 = _assigned(world, "关于乙的建议", [UnitAssignmentInput(u2, "lead")])
    r2 = _reply(world, p2, u2, "C", date(2025, 3, 1))
    s.feedback(r2, verdict="dissatisfied", on=date(2025, 3, 5))
    # 3: assigned, joint only replied: not replied, overdue.
    p3 = _assigned(world, "关于丙的建议", [UnitAssignmentInput(u0, "lead"), UnitAssignmentInput(u1, "joint")])
    _reply(world, p3, u1, "B", date(2025, 2, 1))
    # 4: merged into 1; 5: not accepted; 6: still under review; 7: withdrawn.
    p4 = world.submit("关于甲的补充建议")
    s.merge(p4, into_id=p1, on=date(2025, 1, 21))
    s.not_accept(world.submit("关于丁的建议"), on=date(2025, 1, 21), reason="学术讨论")
    world.submit("关于戊的建议")
    s.withdraw(world.submit("关于己的建议"), on=date(2025, 1, 22), reason="撤回")
    # Outside the period: ignored.
    world.submit("关于往年的建议", on=date(2024, 12, 1))

    with world.ctx.uow() as session:
        f = proposal_stats.compute(session, Period.year(2025), today=date(2025, 6, 1))
    data = f.as_json()
    assert (data["submitted"], data["accepted"], data["merged"], data["not_accepted"]) == (7, 4, 1, 1)
    assert data["acceptance_rate"] == 57.14
    assert data["by_category"] == {"经济建设": 0, "政治建设": 0, "文化建设": 0, "社会建设": 4, "生态文明建设": 0, "其他": 0}
    assert (data["assigned"], data["replied"], data["reply_rate"], data["overdue"]) == (3, 1, 33.33, 2)
    assert data["reply_categories"] == {"A": 1, "B": 2, "C": 0}  # the superseded C does not count
    assert data["face_to_face_rate"] == 33.33
    assert data["feedback"] == {"满意": 1, "基本满意": 0, "不满意": 1} and data["satisfaction_rate"] == 50.0
    assert data["key"] == 1
    assert data["member_participation_rate"] == 75.0  # 王芳 leads, 李强 and 张伟 co-sign; 刘洋 nothing
    assert [(k.case_number, k.title, k.proposer, k.lead_units, k.leaders) for k in f.key_proposals] == [
        (1, "关于甲的建议", "王芳", ("县教育局",), ("县政协主席李主席（督办）",))]
    units = {u.name: (u.received, u.replied, u.on_time, u.overdue, u.categories, u.feedback, u.satisfied, u.face_to_face)
             for u in f.units}
    assert units == {
        "县教育局": (2, 1, 1, 1, {"A": 1, "B": 0, "C": 0}, 1, 1, 1),
        "县卫健委": (1, 1, 0, 0, {"A": 0, "B": 1, "C": 0}, 0, 0, 0),  # its 会办 of 丙 (and the reply) not counted
        "县财政局": (1, 0, 0, 1, {"A": 0, "B": 0, "C": 0}, 1, 0, 0),
    }
    assert f.category_shares["社会建设"] == 100.0


def test_a_unit_counts_every_verdict_on_its_replies(world):
    """A verdict short of 基本满意 left on a current reply (a ledger import records it without re-handling) counts
    for the unit like one on a superseded reply: in its feedback, not among the satisfied."""
    from db.models import Feedback

    u0, u1, _u2 = world.units
    s = world.service
    p1 = _assigned(world, "关于甲的建议", [UnitAssignmentInput(u0, "lead")])
    r1 = _reply(world, p1, u0, "A", date(2025, 3, 1))
    p2 = _assigned(world, "关于乙的建议", [UnitAssignmentInput(u0, "lead"), UnitAssignmentInput(u1, "separate")])
    r2 = _reply(world, p2, u0, "B", date(2025, 3, 1))
    r3 = _reply(world, p2, u1, "B", date(2025, 3, 2))
    s.feedback(r2, verdict="basically_satisfied", on=date(2025, 3, 10))
    s.feedback(r3, verdict="dissatisfied", on=date(2025, 3, 10))  # superseded: u1 answers again
    _reply(world, p2, u1, "A", date(2025, 4, 1))
    uow = world.ctx.uow()
    with uow as session:  # as an imported ledger leaves it: 不满意 on a reply that stays current
        session.add(Feedback(proposal_id=p1, reply_id=r1, verdict="dissatisfied", given_on=date(2025, 3, 5),
                             changed_by="导入"))
        uow.commit()

    with world.ctx.uow() as session:
        f = proposal_stats.compute(session, Period.year(2025), today=date(2025, 6, 1))
    assert f.as_json()["feedback"] == {"满意": 0, "基本满意": 1, "不满意": 2}
    units = {u.name: (u.received, u.replied, u.feedback, u.satisfied) for u in f.units}
    assert units == {"县教育局": (2, 2, 2, 1), "县卫健委": (1, 1, 1, 0)}
    # Both ways of counting the verdicts on current replies (probing each reply's verdict, or the replies less
    # those without one, which 县卫健委's second reply is) give these figures.
    from db.models import Proposal
    in_2025 = Proposal.submitted_on.between(date(2025, 1, 1), date(2025, 12, 31))
    for few_unjudged in (False, True):
        with world.ctx.uow() as session:
            rows = proposal_stats.unit_figures(session, in_2025, today=date(2025, 6, 1), whole=True,
                                               few_unjudged=few_unjudged)
        assert {u.name: (u.received, u.replied, u.feedback, u.satisfied) for u in rows} == units


def test_key_proposals_are_listed_session_by_session_then_by_case_number(world):
    """Case numbers restart in every session: over two sessions the list goes by session (届, 次), then case
    number, not by case number alone (where the two sessions' 第1号 would tie) nor by submitted date."""
    from desktop_app.services.proposals.dto import ProposalInput
    from desktop_app.services.terms import TermService

    s = world.service
    # Entered after 14-4, so a later id: the order must come from the session's term and number.
    older = TermService(world.ctx).add_session(term=13, number=5, opening_date=date(2024, 1, 10)).new_id

    def key(title, session_id, submitted_on):
        pid = s.submit(ProposalInput(session_id=session_id, title=title, submitted_on=submitted_on,
                                     lead_member_id=world.members[0], category="社会建设")).new_id
        return pid

    late_submitted = key("关于甲的建议", world.session_id, date(2025, 1, 20))
    early_submitted = key("关于乙的建议", world.session_id, date(2025, 1, 12))
    older_second = key("关于丙的建议", older, date(2024, 1, 20))
    older_first = key("关于丁的建议", older, date(2024, 1, 25))
    for pid in (late_submitted, early_submitted, older_first, older_second):  # case numbers in this order
        s.accept(pid, on=date(2025, 1, 21) if pid in (late_submitted, early_submitted) else date(2024, 1, 26))
        s.set_key(pid, leaders=[LeaderInput("李主席", "督办", "县政协主席")], on=date(2025, 2, 1))

    with world.ctx.uow() as session:
        f = proposal_stats.compute(session, Period(date(2024, 1, 1), date(2025, 12, 31), "两年"),
                                   today=date(2025, 6, 1))
    assert [(k.case_number, k.title) for k in f.key_proposals] == [
        (1, "关于丁的建议"), (2, "关于丙的建议"), (1, "关于甲的建议"), (2, "关于乙的建议")]
    assert f.key == 4


def test_zero_denominators_are_null(store):
    with store.uow() as session:
        data = proposal_stats.compute(session, Period.year(2030)).as_json()
    assert data["acceptance_rate"] is None and data["reply_rate"] is None and data["satisfaction_rate"] is None
    assert list(data) == ["submitted", "accepted", "merged", "not_accepted", "acceptance_rate", "by_kind", "by_category",
                          "assigned", "replied", "reply_rate", "overdue", "reply_categories", "face_to_face_rate",
                          "feedback", "satisfaction_rate", "key", "member_participation_rate"]


def test_merged_row_whose_host_row_is_refused_is_refused_too(store, tmp_path):
    names = [f"委员{chr(0x4e00 + i)}" for i in range(60)]
    for name in names:
        MembersService(store).add(MemberInput(name=name))
    path = tmp_path / "台账.xlsx"
    _seed_shaped_ledger(path, names)
    book = openpyxl.load_workbook(path)
    sheet = book.active
    sheet.cell(4, 3).value = "查无此人"  # row 4 holds case 002, the host of the second 并案 row
    book.save(path)
    ledger = proposal_importer(store)
    located = ledger.read(path, ImportOptions(session_code="14-4"))
    plan = ledger.preview(located)
    merged_row = next(r.row for r in plan.work.rows if r.merged_into == 2)
    assert plan.invalid_rows == [4, merged_row]
    ledger.commit(located, plan, skip_invalid=True)
    figures = StatisticsService(store).summary(Period.year(2025))["proposals"]
    assert (figures["submitted"], figures["merged"]) == (544, 11)
