"""The proposals page's reading side, terms and sessions, organizations and units."""
from datetime import date

import pytest

from desktop_app.domain.errors import Conflict, ValidationError
from desktop_app.services.organizations import OrganizationService
from desktop_app.services.proposals.dto import ProposalFilter, ReplyInput, UnitAssignmentInput
from desktop_app.services.terms import TermService, session_title


def _accept_assign(world, title, unit_index, on, due=None):
    pid = world.submit(title)
    world.service.accept(pid, on=on)
    world.service.assign(pid, [UnitAssignmentInput(world.units[unit_index], "lead", due)], on=on)
    return pid


def test_overdue_and_due_soon_panels_on_a_dated_example(world):
    today = date(2025, 5, 1)
    late = _accept_assign(world, "关于甲的建议", 0, date(2025, 1, 20))  # due 2025-04-20: overdue
    soon = _accept_assign(world, "关于乙的建议", 1, date(2025, 2, 10))  # due 2025-05-10: within 14 days
    later = _accept_assign(world, "关于丙的建议", 2, date(2025, 3, 20))  # due 2025-06-20
    answered = _accept_assign(world, "关于丁的建议", 0, date(2025, 1, 10))
    a = world.service.detail(answered).assignments[0]
    world.service.reply(answered, ReplyInput(a.id, date(2025, 4, 1), "A", text="已办"))
    overdue = world.service.due_items(today=today)
    assert [(i.proposal_id, i.unit_name, i.days_left) for i in overdue] == [(late, "县教育局", -11)]
    assert [i.proposal_id for i in world.service.due_items(today=today, within_days=14)] == [soon]
    rows = {r.id: r for r in world.service.list_rows(today=today)}
    assert rows[late].overdue and not rows[soon].overdue and not rows[later].overdue and not rows[answered].overdue
    assert [r.id for r in world.service.list_rows(ProposalFilter(overdue_only=True), today=today)] == [late]
    loads = {u.unit_name: (u.received, u.replied, u.overdue) for u in world.service.unit_loads(today=today)}
    assert loads == {"县教育局": (2, 1, 1), "县卫健委": (1, 0, 0), "县财政局": (1, 0, 0)}


def test_filters_and_search_by_title_proposer_pinyin_case_number(world):
    a = _accept_assign(world, "关于发展数字经济的建议", 0, date(2025, 1, 20))
    b = world.submit("关于保护古村落的建议")
    rows = world.service.list_rows(ProposalFilter(text="数字"))
    assert [r.id for r in rows] == [a]
    assert {r.id for r in world.service.list_rows(ProposalFilter(text="wf"))} == {a, b}  # 王芳
    assert {r.id for r in world.service.list_rows(ProposalFilter(text="wangfang"))} == {a, b}
    assert [r.id for r in world.service.list_rows(ProposalFilter(text="1"))] == [a]
    assert [r.id for r in world.service.list_rows(ProposalFilter(state="submitted"))] == [b]
    assert [r.id for r in world.service.list_rows(ProposalFilter(unit_id=world.units[0]))] == [a]
    assert world.service.list_rows(ProposalFilter(key_only=True)) == []
    assert world.service.list_rows(ProposalFilter(category="经济建设")) == []
    row = world.service.list_rows(ProposalFilter(text="数字"))[0]
    assert (row.case_text, row.session_code, row.units, row.state_label) == ("第001号", "14-4", ("县教育局",), "已交办")


def test_similar_accepted_proposals_suggest_merging(world):
    titles = ["关于加强农村学校建设的建议", "关于发展数字经济的建议", "关于改善农村学校办学条件的建议", "关于保护古村落的建议"]
    ids = []
    for title in titles:
        pid = world.submit(title)
        world.service.accept(pid, on=date(2025, 1, 15))
        ids.append(pid)
    new = world.submit("关于农村学校建设的几点建议", body="农村学校校舍老旧")
    similar = world.service.similar(new)
    assert [s.proposal_id for s in similar][:2] == [ids[0], ids[2]]
    assert ids[1] not in [s.proposal_id for s in similar]
    assert similar[0].score > similar[1].score > 0


def test_terms_and_sessions(world):
    terms = TermService(world.ctx)
    assert session_title(14, 4) == "十四届四次会议"
    sid = terms.add_session(term=14, number=5, opening_date=date(2026, 1, 8)).new_id
    with pytest.raises(Conflict, match="十四届五次会议已经存在"):
        terms.add_session(term=14, number=5)
    terms.edit_session(sid, opening_date=date(2026, 1, 9))
    rows = terms.sessions()
    assert [(r.code, r.title, r.opening_date) for r in rows][:2] == [
        ("14-5", "十四届五次会议", date(2026, 1, 9)), ("14-4", "十四届四次会议", date(2025, 1, 10))]
    tid = terms.terms()[0].id
    terms.edit_term(tid, start_date=date(2022, 1, 1), end_date=date(2026, 12, 31))
    with pytest.raises(ValidationError):
        terms.edit_term(tid, start_date=date(2027, 1, 1), end_date=date(2026, 12, 31))
    assert terms.terms()[0].title == "第十四届"


def test_merging_duplicate_units_moves_assignments_and_replies(world):
    orgs = OrganizationService(world.ctx)
    dup = orgs.add_unit(name="县教育体育局").new_id
    pid = world.submit()
    world.service.accept(pid, on=date(2025, 1, 15))
    world.service.assign(pid, [UnitAssignmentInput(dup, "lead")], on=date(2025, 1, 20))
    a = world.service.detail(pid).assignments[0]
    world.service.reply(pid, ReplyInput(a.id, date(2025, 3, 1), "B", text="答复"))
    orgs.merge_units(dup, into_id=world.units[0])
    d = world.service.detail(pid)
    assert d.assignments[0].unit_name == "县教育局" and d.replies[0].unit_name == "县教育局"
    assert "县教育体育局" not in [u.name for u in orgs.units()]
    assert [u.merged_into_id for u in orgs.units(include_inactive=True) if u.name == "县教育体育局"] == [world.units[0]]
    with pytest.raises(Conflict, match="已经存在"):
        orgs.add_unit(name="县教育局 ")


def test_merging_duplicate_organizations_moves_proposals(world):
    from desktop_app.services.proposals.dto import ProposalInput

    orgs = OrganizationService(world.ctx)
    dup = orgs.add_organization(name="民建县支部", kind="party").new_id
    pid = world.service.submit(ProposalInput(session_id=world.session_id, title="关于X的建议", submitted_on=date(2025, 1, 12),
                                                kind="collective", lead_organization_id=dup)).new_id
    orgs.merge_organizations(dup, into_id=world.org_id)
    assert world.service.detail(pid).proposer == "民建黎城县支部"
    assert [o.name for o in orgs.organizations()] == ["民建黎城县支部"]


def test_the_list_sorts_and_counts_in_the_database(world):
    """list_ids sorts by the column clicked, then in the default order; rows_for keeps the order it is given."""
    from desktop_app.services.proposals.dto import ProposalInput

    def lead(title, member=None, organization=None):
        return world.service.submit(ProposalInput(
            session_id=world.session_id, title=title, submitted_on=date(2025, 1, 12),
            kind="collective" if organization else "member", lead_member_id=member,
            lead_organization_id=organization)).new_id

    zhang = lead("关于甲的建议", world.members[2])  # 张伟 zhangwei
    li = lead("关于乙的建议", world.members[1])  # 李强 liqiang
    liu = lead("关于丙的建议", world.members[3])  # 刘洋 liuyang
    group = lead("关于丁的建议", organization=world.org_id)  # 民建黎城县支部 minjian…
    assert world.service.list_ids(order=("proposer", False)) == [li, liu, group, zhang]
    assert world.service.list_ids(order=("proposer", True)) == [zhang, group, liu, li]
    assert world.service.list_ids(ProposalFilter(text="mjlc")) == [group]  # an organization by its initials

    # units: by the first unit's name (卫 U+536B < 教 U+6559 < 财 U+8D22); none first
    for pid, unit, on in ((zhang, 2, date(2025, 1, 20)), (li, 0, date(2025, 2, 1)), (liu, 1, date(2025, 1, 25))):
        world.service.accept(pid, on=on)
        world.service.assign(pid, [UnitAssignmentInput(world.units[unit], "lead")], on=on)
    assert world.service.list_ids(order=("units", False)) == [group, liu, li, zhang]
    # 办理期限: three months after assignment; blank (nothing awaited) first
    assert world.service.list_ids(order=("due", False), today=date(2025, 3, 1)) == [group, zhang, liu, li]
    assert world.service.list_ids(order=("due", True), today=date(2025, 3, 1)) == [li, liu, zhang, group]
    # 状态 (state code, then overdue): assigned < submitted as codes; on 2025-04-22 张伟's reply (due 04-20) is
    # late, so it follows the two on time, which keep the default order (case number: 李强 002, 刘洋 003)
    assert world.service.list_ids(order=("state", False), today=date(2025, 4, 22)) == [li, liu, zhang, group]
    rows = world.service.rows_for([li, group, zhang], today=date(2025, 4, 22))
    assert [(r.id, r.proposer, r.units, r.overdue) for r in rows] == [
        (li, "李强", ("县教育局",), False), (group, "民建黎城县支部", (), False), (zhang, "张伟", ("县财政局",), True)]
    assert world.service.count() == 4
