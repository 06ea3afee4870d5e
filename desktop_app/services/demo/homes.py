"""Demo 委员之家: one home in each township and three by sector, ~200 activities a year with attendance.

An activity's title says what happened (赴王家庄村调研农田水利, “书香政协”读书分享：《乡土中国》).
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import insert, select, update

from db.base import new_uuid
from db.models import Activity, Attendance, Home, Member
from desktop_app.domain.cn_format import session_label
from desktop_app.services.demo.county import DemoCounty
from desktop_app.services.demo.texts import ACTIVITY_PLACES, ACTIVITY_TITLES, ACTIVITY_TOPICS, ACTIVITY_UNITS, BOOKS
from desktop_app.services.settings import load_vocabularies

SECTOR_HOMES = ["经济界委员之家", "教育界委员之家", "医药卫生界委员之家"]
ACTIVITIES_PER_YEAR = 200


def _random_day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def activity_title(rng: random.Random, county: DemoCounty, kind: str, township: str | None) -> tuple[str, str]:
    """(title, place) of an activity of `kind`, held in `township` (a sector home's: anywhere in the county)."""
    township = township or rng.choice(county.townships)
    village = county.village(rng, township)
    patterns = ACTIVITY_TITLES.get(kind) or ACTIVITY_TITLES["协商座谈"]
    title = (county.local(rng.choice(patterns)).replace("{镇}", township).replace("{村}", village)
             .replace("{议题}", rng.choice(ACTIVITY_TOPICS)).replace("{书}", rng.choice(BOOKS))
             .replace("{单位}", county.local(rng.choice(ACTIVITY_UNITS))))
    if village in title:
        place = f"{village}文化广场" if kind == "服务群众" else f"{village}村委会议室"
    elif "集市" in title:
        place = f"{township}集市"
    else:
        place = county.local(rng.choice(ACTIVITY_PLACES)).replace("{镇}", township).replace("{村}", village)
    return title, place


def fill(session, rng: random.Random, context: dict) -> dict[str, int]:
    today: date = context["today"]
    county: DemoCounty = context["county"]
    kinds = [k for k in load_vocabularies(session)["activity_kind"].names if k not in ("全体会议", "常委会议", "其他")]
    homes = [{"uuid": new_uuid(), "version": 1, "name": f"{t}委员之家", "level": "乡镇", "township": t,
              "place": f"{t}便民服务中心二楼", "active": True, "changed_by": county.clerks[0]} for t in county.townships]
    homes += [{"uuid": new_uuid(), "version": 1, "name": n, "level": "界别", "township": None,
               "place": f"{county.level}政协机关", "active": True, "changed_by": county.clerks[0]} for n in SECTOR_HOMES]
    session.execute(insert(Home.__table__), homes)
    home_rows = list(session.execute(select(Home.id, Home.township).order_by(Home.id)))
    home_ids = [h for h, _ in home_rows]
    township_of = dict(home_rows)
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
    office = context["office"]
    plans = []  # (values, expected member ids)
    for year in range(first_year, today.year + 1):
        term, number = office.current_term, office.current_session - (today.year - year)
        while number < 1:  # the same session each year as the demo's proposals (five a term)
            number += 5
            term -= 1
        end = min(date(year, 12, 31), today)
        start = date(year, 1, 1)
        plans.append(({"held_on": min(date(year, 1, 10), end), "home_id": None, "kind": "全体会议",
                       "title": session_label(county=county.name, term=term, session=number), "place": f"{county.level}会议中心"},
                      everyone))
        for quarter in range(4):
            day = date(year, quarter * 3 + 2, 15)
            if day <= end:
                plans.append(({"held_on": day, "home_id": None, "kind": "常委会议",
                               "title": f"{year}年第{quarter + 1}次常委会议", "place": f"{county.level}政协会议室"},
                              standing))
        per_year = ACTIVITIES_PER_YEAR if end.year < today.year else max(1, ACTIVITIES_PER_YEAR * end.timetuple().tm_yday // 366)
        for _ in range(per_year):
            home_id = rng.choice(home_ids)
            kind = rng.choice(kinds)
            title, place = activity_title(rng, county, kind, township_of[home_id])
            plans.append(({"held_on": _random_day(rng, start, end), "home_id": home_id, "kind": kind,
                           "title": title, "place": place,
                           "other_participants": rng.randint(0, 30), "suggestions_count": rng.randint(0, 6)},
                          crews[home_id]))
    table = Activity.__table__
    rows = [{"uuid": new_uuid(), "version": 1, "other_participants": 0, "suggestions_count": 0,
             "changed_by": county.clerks[0], **values} for values, _ in plans]
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
