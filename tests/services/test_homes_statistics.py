"""Breakdowns for reports: activities by kind, home and month; consultations by source and follow-up."""
from __future__ import annotations

from datetime import date

from desktop_app.domain.period import Period
from desktop_app.services.activities import ActivitiesService, ActivityInput
from desktop_app.services.consultations import ConsultationInput, ConsultationsService
from desktop_app.services.homes import HomeInput, HomesService
from desktop_app.services.platforms import PlatformInput, PlatformsService
from desktop_app.services.statistics import StatisticsService
from tests.homes_support import add_members


def test_breakdowns_and_period_boundaries(store):
    people = add_members(store, ["王芳", "李强", "张伟", "赵敏"])
    ids = list(people.values())
    home_id = HomesService(store).add(HomeInput(name="西井镇委员之家")).new_id
    acts = ActivitiesService(store)
    acts.add(ActivityInput(held_on=date(2025, 1, 31), kind="理论学习", title="一月学习", home_id=home_id,
                           attendance=((ids[0], "present"), (ids[1], "present"), (ids[2], "excused"))))
    acts.add(ActivityInput(held_on=date(2025, 3, 1), kind="全体会议", title="全体会议",
                           attendance=tuple((i, "present") for i in ids[:3]) + ((ids[3], "absent"),)))
    acts.add(ActivityInput(held_on=date(2026, 1, 1), kind="理论学习", title="次年", home_id=home_id,
                           attendance=((ids[3], "present"),)))
    platform_id = PlatformsService(store).add(PlatformInput(name="西井村协商议事室", township="西井镇")).new_id
    cons = ConsultationsService(store)
    first = cons.add(ConsultationInput(platform_id=platform_id, held_on=date(2025, 2, 2), topic="饮水",
                                          topic_source="党政点题", member_ids=(ids[0],), suggestions_count=4, done_deeds=2)).new_id
    cons.add(ConsultationInput(platform_id=platform_id, held_on=date(2025, 12, 31), topic="路灯",
                               topic_source="委员荐题", member_ids=(ids[0], ids[1]), suggestions_count=1))
    cons.add_follow_up(first, on=date(2025, 3, 3), status="done")
    stats = StatisticsService(store)
    homes = stats.part("homes", Period.year(2025))
    assert (homes.activities, homes.attendance, homes.excused, homes.absent, homes.county_wide) == (2, 5, 1, 1, 1)
    assert homes.by_kind == {"全体会议": 1, "理论学习": 1}
    assert homes.by_home == {"全县性活动": 1, "西井镇委员之家": 1}
    assert homes.by_month == {"2025-01": 1, "2025-03": 1}
    assert (homes.attending_members, homes.active_members, homes.member_participation_rate) == (3, 4, 75.0)
    c = stats.part("consultations", Period.year(2025))
    assert (c.sessions, c.suggestions, c.done_deeds, c.participating_members) == (2, 5, 2, 2)
    assert c.by_topic_source == {"党政点题": 1, "委员荐题": 1}
    assert c.by_follow_up == {"未落实": 1, "落实中": 0, "已落实": 1}
    assert c.as_json()["member_participation_rate"] == 50.0
    assert c.coverage_rate is None  # the county's number of villages is not set: shown as —
    empty = stats.part("consultations", Period.year(2024))
    assert empty.as_json() == {"platforms": 1, "sessions": 0, "suggestions": 0, "done_deeds": 0,
                               "member_participation_rate": 0.0}
