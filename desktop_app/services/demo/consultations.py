"""Demo 有事来商量: villages and communities, a room in most of them, ~100 consultations a year."""
from __future__ import annotations

import json
import random
from datetime import date, timedelta

from sqlalchemy import insert, select

from db.base import new_uuid
from db.models import (Consultation, ConsultationFollowUp, Member, Platform, Setting, Village, consultation_members,
                       platform_members)
from desktop_app.services.demo.homes import TOWNSHIPS
from desktop_app.services.settings import load_vocabularies

TOPICS = ["村道硬化", "农田灌溉", "垃圾分类", "停车难", "养老服务", "集体经济", "饮水安全", "路灯安装", "小区物业",
          "农产品销售", "乡村旅游", "留守儿童关爱"]
UNITS = ["县住建局", "县农业农村局", "县水利局", "县民政局", "县交通运输局", "县生态环境局", "县文旅局"]
CONSULTATIONS_PER_YEAR = 100


def fill(session, rng: random.Random, context: dict) -> dict[str, int]:
    today: date = context["today"]
    villages = []
    for township in TOWNSHIPS:
        stem = township[:2]
        for n in range(1, rng.randint(9, 15)):
            villages.append({"uuid": new_uuid(), "version": 1, "township": township, "name": f"{stem}{n}村",
                             "kind": "村", "active": True})
        if township in ("古韩镇", "上遥镇"):
            for n in range(1, 4):
                villages.append({"uuid": new_uuid(), "version": 1, "township": township,
                                 "name": f"{stem}第{n}社区", "kind": "社区", "active": True})
    session.execute(insert(Village.__table__), villages)
    _set_village_total(session, len(villages))
    village_rows = list(session.execute(select(Village.id, Village.township, Village.name).order_by(Village.id)))
    platforms = [{"uuid": new_uuid(), "version": 1, "name": f"{t}{n}协商议事室", "level": "村社区", "township": t,
                  "village_id": vid, "active": True} for vid, t, n in village_rows if rng.random() < 0.8]
    platforms += [{"uuid": new_uuid(), "version": 1, "name": f"{t}协商议事室", "level": "乡镇", "township": t,
                   "village_id": None, "active": True} for t in TOWNSHIPS]
    table = Platform.__table__
    platform_ids = session.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True),
                                   platforms).scalars().all()
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
            held_on = date(year, 1, 1) + timedelta(days=rng.randrange((end - date(year, 1, 1)).days + 1))
            age = (today - held_on).days
            status = "done" if age > 120 and rng.random() < 0.7 else rng.choice(["not_started", "in_progress", "done"])
            suggestions = rng.randint(2, 10)
            rows.append({"uuid": new_uuid(), "version": 1, "platform_id": pid, "held_on": held_on,
                         "topic": rng.choice(TOPICS), "topic_source": rng.choice(sources),
                         "department_participants": rng.randint(1, 5), "resident_participants": rng.randint(5, 40),
                         "suggestions_count": suggestions,
                         "suggestions_text": "\n".join(f"{i}. 建议{i}" for i in range(1, suggestions + 1)),
                         "outcome": "形成协商意见，明确责任单位和完成时限", "responsible_unit": rng.choice(UNITS),
                         "follow_up_status": status,
                         "follow_up_date": held_on + timedelta(days=30) if status != "not_started" else None,
                         "done_deeds": rng.randint(0, 3) if status != "not_started" else 0,
                         "satisfaction": rng.choice(["满意", "满意", "基本满意"]) if status == "done" else None})
            plans.append((pid, held_on, status))
    ctable = Consultation.__table__
    ids = session.execute(insert(ctable).returning(ctable.c.id, sort_by_parameter_order=True), rows).scalars().all()
    follow_ups = []
    for cid, (pid, held_on, status) in zip(ids, plans):
        for m in crew.get(pid, [])[:rng.randint(1, 3)]:
            member_rows.append({"consultation_id": cid, "member_id": m})
        if status != "not_started":
            follow_ups.append({"uuid": new_uuid(), "version": 1, "consultation_id": cid,
                               "on_date": held_on + timedelta(days=30), "status": status, "note": "责任单位反馈进展"})
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
