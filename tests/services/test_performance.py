"""委员履职: each member's counts from the real records, the period's edges, who is listed, scores, rules files."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import openpyxl
import pytest

from desktop_app.domain.errors import InputFileProblem
from desktop_app.domain.period import Period
from desktop_app.services.activities import ActivitiesService, ActivityInput
from desktop_app.services.consultations import ConsultationInput, ConsultationsService
from desktop_app.services.demo import DemoService
from desktop_app.services.homes import HomeInput, HomesService
from desktop_app.services.members import MemberInput, MembersService
from desktop_app.services.ledgers.opinions import opinion_importer
from desktop_app.services.organizations import OrganizationService
from desktop_app.services.participation import member_participation
from desktop_app.services.performance import DutySummary, PerformanceService, load_duty_rules
from desktop_app.services.platforms import PlatformInput, PlatformsService
from desktop_app.services.proposals import ProposalService
from desktop_app.services.proposals.dto import LeaderInput, ProposalInput, UnitAssignmentInput
from desktop_app.services.statistics import StatisticsService
from desktop_app.services.terms import TermService

YEAR = Period.year(2025)


@dataclass
class World:
    wang: int  # standing member, busy
    li: int
    zhang: int  # leaves on 30 June 2025


def _members(ctx) -> World:
    members = MembersService(ctx)
    wang = members.add(MemberInput(name="王芳", sector="经济界", is_standing=True)).new_id
    li = members.add(MemberInput(name="李强", sector="教育界")).new_id
    zhang = members.add(MemberInput(name="张伟", sector="农业界")).new_id
    members.end_term(zhang, on=date(2025, 6, 30), reason="工作调动", expected_version=members.get(zhang).version)
    return World(wang, li, zhang)


def _activities(ctx, w: World) -> None:
    home_id = HomesService(ctx).add(HomeInput(name="西井镇委员之家")).new_id
    acts = ActivitiesService(ctx)
    acts.add(ActivityInput(held_on=date(2025, 1, 10), kind="全体会议", title="政协全体会议",
                           attendance=((w.wang, "present"), (w.li, "excused"), (w.zhang, "absent"))))
    acts.add(ActivityInput(held_on=date(2025, 3, 15), kind="常委会议", title="第一次常委会议",
                           attendance=((w.wang, "present"),)))
    acts.add(ActivityInput(held_on=date(2025, 4, 1), kind="理论学习", title="四月学习", home_id=home_id,
                           attendance=((w.wang, "present"), (w.li, "absent"), (w.zhang, "excused"))))
    # one day outside the year on either side: not counted
    acts.add(ActivityInput(held_on=date(2024, 12, 31), kind="理论学习", title="年末学习", home_id=home_id,
                           attendance=((w.wang, "present"), (w.li, "present"))))
    acts.add(ActivityInput(held_on=date(2026, 1, 1), kind="全体会议", title="次年全会",
                           attendance=((w.wang, "absent"), (w.li, "present"))))


def _proposals(ctx, w: World) -> None:
    service = ProposalService(ctx)
    session_id = TermService(ctx).add_session(term=14, number=4, opening_date=date(2025, 1, 10)).new_id
    unit_id = OrganizationService(ctx).add_unit(name="县教育局").new_id

    def submit(title, lead, cosigners, on):
        pid = service.submit(ProposalInput(session_id=session_id, title=title, submitted_on=on, lead_member_id=lead,
                                              cosigner_ids=cosigners, category="社会建设")).new_id
        return pid

    first = submit("关于加强农村学校建设的建议", w.wang, (w.li,), date(2025, 1, 12))
    service.accept(first, on=date(2025, 1, 20))
    service.set_key(first, leaders=[LeaderInput("李明", "督办", "县长")], on=date(2025, 1, 25))
    service.assign(first, [UnitAssignmentInput(unit_id, "lead")], on=date(2025, 2, 1))
    service.mark_excellent(first, on=date(2026, 1, 5))  # marked after the year: counts with its submitted date
    refused = submit("关于修建县城广场的建议", w.li, (w.wang,), date(2025, 2, 1))
    service.not_accept(refused, on=date(2025, 2, 10), reason="没有具体建议")
    merged = submit("关于改善农村校舍的建议", w.li, (), date(2025, 12, 31))
    service.merge(merged, into_id=first, on=date(2026, 1, 3))
    early = submit("关于上年度工作的建议", w.wang, (w.li,), date(2024, 12, 31))
    service.accept(early, on=date(2025, 1, 5))


def _opinions(ctx, w: World, folder) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["标题", "报送人", "收稿日期", "编报期号", "报送层级", "采用层级", "领导批示"])
    sheet.append(["关于路灯的建议", "王芳、李强", "2025-03-01", "第1期", "市", "市、省", ""])  # adopted twice: one opinion
    sheet.append(["关于停车难的建议", "王芳", "2025-05-01", "第2期", "县", "", ""])
    sheet.append(["关于供暖的建议", "王芳", "2026-01-01", "第1期", "县", "县", ""])
    sheet.append(["关于农村饮水的建议", "张伟", "2025-02-01", "第1期", "县", "县", ""])
    path = folder / "社情民意台账.xlsx"
    book.save(path)
    opinion_importer(ctx).import_file(path)


def _consultations(ctx, w: World) -> None:
    platform_id = PlatformsService(ctx).add(PlatformInput(name="西井村协商议事室", township="西井镇")).new_id
    cons = ConsultationsService(ctx)
    cons.add(ConsultationInput(platform_id=platform_id, held_on=date(2025, 6, 1), topic="农村饮水",
                               member_ids=(w.wang, w.zhang)))
    cons.add(ConsultationInput(platform_id=platform_id, held_on=date(2024, 12, 31), topic="路灯", member_ids=(w.li,)))


@pytest.fixture
def world(store, tmp_path) -> World:
    w = _members(store)
    _activities(store, w)
    _proposals(store, w)
    _opinions(store, w, tmp_path)
    _consultations(store, w)
    return w


def _by_name(rows):
    return {row.name: row for row in rows}


def test_each_members_counts_for_the_year(store, world):
    rows = _by_name(PerformanceService(store).rows(YEAR))
    wang, li = rows["王芳"], rows["李强"]
    assert (wang.member_id, wang.sector, wang.standing) == (world.wang, "经济界", True)
    assert wang.counts() == {
        "meetings_present": 2, "meetings_excused": 0, "meetings_absent": 0,
        "activities_present": 1, "activities_excused": 0, "activities_absent": 0,
        "proposals_led": 1, "proposals_cosigned": 1, "proposals_accepted": 1, "proposals_key": 1,
        "proposals_excellent": 1, "opinions_submitted": 2, "opinions_adopted": 1, "consultations": 1}
    assert (li.sector, li.standing) == ("教育界", False)
    assert li.counts() == {
        "meetings_present": 0, "meetings_excused": 1, "meetings_absent": 0,
        "activities_present": 0, "activities_excused": 0, "activities_absent": 1,
        # led: the refused one and the merged one; accepted: the co-signed key proposal and the merged one (并案 is 立案)
        "proposals_led": 2, "proposals_cosigned": 1, "proposals_accepted": 2, "proposals_key": 1,
        "proposals_excellent": 1, "opinions_submitted": 1, "opinions_adopted": 1, "consultations": 0}


def test_a_member_who_left_before_the_end_is_listed_only_for_periods_ending_earlier(store, world):
    assert [row.name for row in PerformanceService(store).rows(YEAR)] == ["李强", "王芳"]  # roster order: pinyin
    first_half = Period(date(2025, 1, 1), date(2025, 6, 29), "2025年上半年")
    zhang = _by_name(PerformanceService(store).rows(first_half))["张伟"]
    assert (zhang.meetings_absent, zhang.activities_excused, zhang.opinions_submitted, zhang.opinions_adopted,
            zhang.consultations) == (1, 1, 1, 1, 1)


def test_the_days_just_outside_the_year_count_in_their_own_years(store, world):
    rows = _by_name(PerformanceService(store).rows(Period.year(2024)))
    assert (rows["王芳"].activities_present, rows["王芳"].proposals_led, rows["王芳"].proposals_accepted) == (1, 1, 1)
    assert (rows["李强"].activities_present, rows["李强"].proposals_cosigned, rows["李强"].consultations) == (1, 1, 1)
    rows = _by_name(PerformanceService(store).rows(Period.year(2026)))
    assert (rows["王芳"].meetings_absent, rows["王芳"].opinions_submitted, rows["王芳"].opinions_adopted) == (1, 1, 1)
    assert rows["李强"].meetings_present == 1


def test_scores_bands_and_warnings_by_the_shipped_rules(store, world):
    rows = _by_name(PerformanceService(store).rows(YEAR))
    # 王芳: meetings 2×10, activity 3, led 10, co-signed 2, accepted 5, key 5, excellent 10, opinions 2×5, adopted 5,
    # consultation 5
    assert (rows["王芳"].score, rows["王芳"].band, rows["王芳"].warnings) == (75, "称职", ())
    # 李强: absent −2, led 2×10, co-signed 2, accepted 2×5, key 5, excellent 10, opinion 5, adopted 5
    assert (rows["李强"].score, rows["李强"].band, rows["李强"].warnings) == (55, "不称职", ("参加会议和活动少于3次",))
    summary = PerformanceService(store).summary(YEAR)
    assert summary == DutySummary(members=2, by_band={"优秀": 0, "良好": 0, "称职": 1, "不称职": 1}, warned=1)
    assert summary.text() == "优秀 0 人，良好 0 人，称职 1 人，不称职 1 人；未履职预警 1 人。"


def test_a_member_with_no_records_scores_zero_with_both_warnings(store):
    MembersService(store).add(MemberInput(name="赵敏"))
    (row,) = PerformanceService(store).rows(YEAR)
    assert (row.score, row.band, row.warnings) == (0, "不称职", ("未领衔或联名提案", "参加会议和活动少于3次"))
    assert set(row.counts().values()) == {0}


def test_the_data_folders_rules_replace_the_shipped_ones(store, world):
    own = {"items": {"proposals_led": {"points": 50}}, "bands": [{"name": "合格", "min": 50}, {"name": "不合格", "min": 0}],
           "warnings": [{"items": ["consultations"], "min": 1, "text": "未参加协商"}]}
    (store.data.root / "duty_rules.json").write_text(json.dumps(own, ensure_ascii=False), encoding="utf-8")
    assert load_duty_rules(store).band_names == ("合格", "不合格")
    rows = _by_name(PerformanceService(store).rows(YEAR))
    assert (rows["王芳"].score, rows["王芳"].band, rows["王芳"].warnings) == (50, "合格", ())
    assert (rows["李强"].score, rows["李强"].band, rows["李强"].warnings) == (100, "合格", ("未参加协商",))
    assert PerformanceService(store).summary(YEAR) == DutySummary(2, {"合格": 2, "不合格": 0}, 1)


@pytest.mark.parametrize("text, words", [
    ('{"items": {"proposals_led": {"points": "十分"}}, "bands": [{"name": "合格", "min": 0}]}',
     "有误：计分项“proposals_led”（领衔提案）的每次分值“points”应为数字（扣分写负数），例如 10 或 -5。请改正或删除该文件。"),
    ('{"items": {}, "bands": [', "有误：第 1 行不是正确的 JSON。请改正或删除该文件。"),
])
def test_a_bad_rules_file_is_one_chinese_sentence_naming_the_file_and_the_entry(store, text, words):
    path = store.data.root / "duty_rules.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputFileProblem) as caught:
        PerformanceService(store).rows(YEAR)
    assert caught.value.message == f"履职评分规则“{path}”{words}"


def test_the_sums_over_members_agree_with_the_statistics(store):
    """Where the two count the same thing: the demo's records, with one member gone before the year's end."""
    DemoService(store).fill(today=date(2025, 12, 31))
    members = MembersService(store)
    gone = next(m for m in members.list_rows() if m.home_id)  # one with a home has attendance to leave behind
    members.end_term(gone.id, on=date(2025, 9, 30), reason="工作调动", expected_version=gone.version)
    rows = PerformanceService(store).rows(YEAR)
    figures = StatisticsService(store).figures(YEAR)
    homes, proposals = figures["homes"], figures["proposals"]
    assert len(rows) == figures["members"].active == 179

    left = member_participation(store, gone.id, YEAR)
    assert sum(r.meetings_present + r.activities_present for r in rows) + left.present == homes.attendance
    assert sum(r.meetings_excused + r.activities_excused for r in rows) + left.excused == homes.excused
    assert sum(r.meetings_absent + r.activities_absent for r in rows) + left.absent == homes.absent
    assert sum(1 for r in rows if r.meetings_present + r.activities_present) == homes.attending_members
    assert sum(1 for r in rows if r.proposals_led + r.proposals_cosigned) == proposals.participating_members
    assert 0 < sum(r.proposals_led for r in rows) <= proposals.submitted
    assert sum(1 for r in rows if r.consultations) == figures["consultations"].participating_members
    assert sum(1 for r in rows if r.opinions_submitted) == figures["opinions"].submitting_members
    assert sum(r.proposals_key for r in rows) >= proposals.key > 0  # a key proposal counts for each of its signers
    assert left.present > 0
    assert sum(PerformanceService(store).summary(YEAR).by_band.values()) == len(rows)
