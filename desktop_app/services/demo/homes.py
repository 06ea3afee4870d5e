"""Demo 委员之家: a dozen homes with members assigned, ~200 activities a year with attendance."""
from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import insert, select, update

from db.base import new_uuid
from db.models import Activity, Attendance, Home, Member
from desktop_app.services.settings import load_vocabularies

TOWNSHIPS = ["古韩镇", "上遥镇", "西井镇", "黄崖洞镇", "西仵镇", "停河铺乡", "程家山乡", "洪井镇", "东阳关镇"]
SECTOR_HOMES = ["经济界委员之家", "教育界委员之家", "医药卫生界委员之家"]
PLACES = ["委员之家活动室", "镇政府会议室", "村委会议室", "文化活动中心", "县政协会议室"]
TOPICS = ["学习贯彻全会精神", "乡村振兴", "营商环境", "基层医疗", "义务教育", "生态保护", "文旅融合", "养老服务",
          "农田水利", "集体经济", "民营经济", "安全生产"]
ACTIVITIES_PER_YEAR = 200


def _random_day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def fill(session, rng: random.Random, context: dict) -> dict[str, int]:
    today: date = context["today"]
    kinds = [k for k in load_vocabularies(session)["activity_kind"].names if k not in ("全体会议", "常委会议", "其他")]
    homes = [{"uuid": new_uuid(), "version": 1, "name": f"{t}委员之家", "level": "乡镇", "township": t,
              "place": f"{t}人民政府二楼", "active": True} for t in TOWNSHIPS]
    homes += [{"uuid": new_uuid(), "version": 1, "name": n, "level": "界别", "township": None, "place": "县政协机关", "active": True}
              for n in SECTOR_HOMES]
    session.execute(insert(Home.__table__), homes)
    home_ids = list(session.scalars(select(Home.id).order_by(Home.id)))
    members = list(session.execute(select(Member.id, Member.is_standing).where(Member.status == "active")))
    crews: dict[int, list[int]] = {h: [] for h in home_ids}
    for member_id, _ in members:
        if rng.random() < 0.92:
            home_id = rng.choice(home_ids)
            crews[home_id].append(member_id)
    for home_id, ids in crews.items():
        if ids:
            session.execute(update(Member).where(Member.id.in_(ids)).values(home_id=home_id))
    everyone = [m for m, _ in members]
    standing = [m for m, is_standing in members if is_standing]
    years = context["size"]["years"]
    first_year = today.year - years + 1
    plans = []  # (values, expected member ids)
    for year in range(first_year, today.year + 1):
        end = min(date(year, 12, 31), today)
        start = date(year, 1, 1)
        plans.append(({"held_on": min(date(year, 1, 10), end), "home_id": None, "kind": "全体会议",
                       "title": f"政协{year}年全体会议", "place": "县会议中心"}, everyone))
        for quarter in range(4):
            day = date(year, quarter * 3 + 2, 15)
            if day <= end:
                plans.append(({"held_on": day, "home_id": None, "kind": "常委会议",
                               "title": f"{year}年第{quarter + 1}次常委会议", "place": "县政协会议室"}, standing))
        per_year = ACTIVITIES_PER_YEAR if end.year < today.year else max(1, ACTIVITIES_PER_YEAR * end.timetuple().tm_yday // 366)
        for _ in range(per_year):
            home_id = rng.choice(home_ids)
            kind = rng.choice(kinds)
            plans.append(({"held_on": _random_day(rng, start, end), "home_id": home_id, "kind": kind,
                           "title": f"{rng.choice(TOPICS)}{kind}", "place": rng.choice(PLACES),
                           "other_participants": rng.randint(0, 30), "suggestions_count": rng.randint(0, 6)},
                          crews[home_id]))
    table = Activity.__table__
    rows = [{"uuid": new_uuid(), "version": 1, "other_participants": 0, "suggestions_count": 0, **values}
            for values, _ in plans]
    ids = session.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows).scalars().all()
    attendance = []
    for activity_id, (_, expected) in zip(ids, plans):
        for member_id in expected:
            roll = rng.random()
            status = "present" if roll < 0.82 else ("excused" if roll < 0.95 else "absent")
            attendance.append({"activity_id": activity_id, "member_id": member_id, "status": status})
    if attendance:
        session.execute(insert(Attendance.__table__), attendance)
    return {"委员之家": len(homes), "活动": len(rows), "出席登记": len(attendance)}
