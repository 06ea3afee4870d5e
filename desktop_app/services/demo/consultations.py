"""Demo 有事来商量: the county's villages and communities, a room in most of them, ~100 consultations a year.

Each consultation is about a village's real question (通组道路硬化, 老年人助餐服务 …), lists what was
suggested, what was agreed, who answers for it and, once done, what got done.
"""
from __future__ import annotations

import json
import random
from datetime import date, timedelta

from sqlalchemy import insert, select

from db.base import new_uuid
from db.models import (Consultation, ConsultationFollowUp, Member, Platform, Setting, Village, consultation_members,
                       platform_members)
from desktop_app.services.demo.county import DemoCounty
from desktop_app.services.demo.texts import CROPS, FOLLOW_UP_NOTES, MATTERS, Matter
from desktop_app.services.settings import load_vocabularies

CONSULTATIONS_PER_YEAR = 100
URBAN = ("小区停车难", "小区物业服务", "老年人助餐服务", "留守儿童关爱")  # what a 社区 talks about


def _matter(rng: random.Random, village: str) -> Matter:
    if village.endswith("社区"):
        return rng.choice([m for m in MATTERS if m.topic in URBAN])
    return rng.choice([m for m in MATTERS if m.topic != "小区停车难" and m.topic != "小区物业服务"])


def fill(session, rng: random.Random, context: dict) -> dict[str, int]:
    today: date = context["today"]
    county: DemoCounty = context["county"]
    clerk = county.clerks[0]
    villages = [{"uuid": new_uuid(), "version": 1, "township": township, "name": name,
                 "kind": "社区" if name.endswith("社区") else "村", "active": True, "changed_by": clerk}
                for township, names in county.villages.items() for name in names]
    session.execute(insert(Village.__table__), villages)
    _set_village_total(session, len(villages))
    village_rows = list(session.execute(select(Village.id, Village.township, Village.name).order_by(Village.id)))
    platforms = [{"uuid": new_uuid(), "version": 1, "name": f"{n}协商议事室", "level": "村社区", "township": t,
                  "village_id": vid, "active": True, "changed_by": clerk}
                 for vid, t, n in village_rows if rng.random() < 0.8]
    platforms += [{"uuid": new_uuid(), "version": 1, "name": f"{t}协商议事室", "level": "乡镇", "township": t,
                   "village_id": None, "active": True, "changed_by": clerk} for t in county.townships]
    table = Platform.__table__
    platform_ids = session.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True),
                                   platforms).scalars().all()
    village_of = {vid: name for vid, _, name in village_rows}
    where = {pid: (p["township"], village_of.get(p["village_id"])) for pid, p in zip(platform_ids, platforms)}
    members = list(session.scalars(select(Member.id).where(Member.status == "active")))
    links = {(pid, m) for pid in platform_ids for m in rng.sample(members, k=min(len(members), rng.randint(2, 3)))}
    session.execute(insert(platform_members), [{"platform_id": p, "member_id": m} for p, m in sorted(links)])
    crew: dict[int, list[int]] = {}
    for p, m in sorted(links):
        crew.setdefault(p, []).append(m)
    sources = load_vocabularies(session)["topic_source"].names
    years = context["size"]["years"]
    rows, member_rows, plans = [], [], []
    for year in range(today.year - years + 1, today.year + 1):
        end = min(date(year, 12, 31), today)
        count = CONSULTATIONS_PER_YEAR if end.year < today.year else max(1, CONSULTATIONS_PER_YEAR * end.timetuple().tm_yday // 366)
        for _ in range(count):
            pid = rng.choice(platform_ids)
            township, village = where[pid]
            village = village or county.village(rng, township)
            held_on = date(year, 1, 1) + timedelta(days=rng.randrange((end - date(year, 1, 1)).days + 1))
            age = (today - held_on).days
            status = "done" if age > 120 and rng.random() < 0.7 else rng.choice(["not_started", "in_progress", "done"])
            matter = _matter(rng, village)

            def said(text: str) -> str:
                return (county.local(text).replace("{镇}", township).replace("{村}", village)
                        .replace("{作物}", rng.choice(CROPS)))

            suggestions = rng.sample(matter.suggestions, rng.randint(2, len(matter.suggestions)))
            deeds = {"not_started": [], "in_progress": rng.sample(matter.deeds, rng.randint(0, len(matter.deeds) - 1)),
                     "done": rng.sample(matter.deeds, rng.randint(1, len(matter.deeds)))}[status]
            note = said(FOLLOW_UP_NOTES[status].replace("{progress}", matter.progress))
            rows.append({"uuid": new_uuid(), "version": 1, "platform_id": pid, "held_on": held_on,
                         "topic": said(matter.topic), "topic_source": rng.choice(sources),
                         "department_participants": rng.randint(1, 5), "resident_participants": rng.randint(5, 40),
                         "suggestions_count": len(suggestions),
                         "suggestions_text": "\n".join(f"{i}. {said(s)}" for i, s in enumerate(suggestions, start=1)),
                         "outcome": said(matter.outcome), "responsible_unit": said(matter.unit),
                         "follow_up_status": status,
                         "follow_up_date": held_on + timedelta(days=30) if status != "not_started" else None,
                         "follow_up_note": note if status != "not_started" else None,
                         "done_deeds": len(deeds),
                         "done_deeds_text": "\n".join(f"{i}. {d}" for i, d in enumerate(deeds, start=1)) or None,
                         "satisfaction": rng.choice(["满意", "满意", "基本满意"]) if status == "done" else None,
                         "changed_by": clerk})
            plans.append((pid, held_on, status, note))
    ctable = Consultation.__table__
    ids = session.execute(insert(ctable).returning(ctable.c.id, sort_by_parameter_order=True), rows).scalars().all()
    follow_ups = []
    for cid, (pid, held_on, status, note) in zip(ids, plans):
        for m in crew.get(pid, [])[:rng.randint(1, 3)]:
            member_rows.append({"consultation_id": cid, "member_id": m})
        if status != "not_started":
            follow_ups.append({"uuid": new_uuid(), "version": 1, "consultation_id": cid, "changed_by": clerk,
                               "on_date": held_on + timedelta(days=30), "status": status, "note": note})
    if member_rows:
        session.execute(insert(consultation_members), member_rows)
    if follow_ups:
        session.execute(insert(ConsultationFollowUp.__table__), follow_ups)
    return {"村（社区）": len(villages), "协商议事室": len(platforms), "协商": len(rows)}


def _set_village_total(session, total: int) -> None:
    """The county's number of villages and communities, in the office settings (same transaction)."""
    row = session.scalar(select(Setting).where(Setting.key == "office"))
    if row is not None:
        values = json.loads(row.value_json) or {}
        values["villages_and_communities"] = total
        row.value_json = json.dumps(values, ensure_ascii=False)
