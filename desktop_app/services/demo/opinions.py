"""Demo 社情民意信息: a few hundred a year from members and organizations, some adopted, a few with 批示."""
from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import insert, select

from db.base import new_uuid
from db.models import Member, Opinion, OpinionAdoption, OpinionInstruction, OpinionSubmitter, Organization
from desktop_app.domain.enums import Level
from desktop_app.services.demo.county import DemoCounty
from desktop_app.services.demo.texts import INSTRUCTIONS, OPINION_TITLES, OPINION_UNITS

PER_MEMBER_A_YEAR = 2  # roughly what the sample ledger shows (1,500 a year for 180 members … fewer here)
LEADERS = ["{级}委书记", "{级}长", "{级}委副书记", "副{级}长"]


def opinion_title(rng: random.Random, county: DemoCounty, used: set[str]) -> str:
    """A title (关于石城镇卫生院医生短缺问题的反映) not in `used` (this year's) while a few tries find one."""
    for _ in range(6):
        township = rng.choice(county.townships)
        title = county.place(rng.choice(OPINION_TITLES), rng, township)
        if title not in used:
            break
    used.add(title)
    return title


def fill(session, rng: random.Random, context: dict) -> dict[str, int]:
    today: date = context["today"]
    county: DemoCounty = context["county"]
    leaders = [county.local(title) for title in LEADERS]
    members = list(session.scalars(select(Member.id).where(Member.status == "active")))
    organizations = list(session.scalars(select(Organization.id).where(Organization.kind != "committee")))
    if not members:
        return {"社情民意信息": 0}
    levels = [lv.value for lv in Level]
    opinions, submitters, adoptions, instructions = [], [], [], []
    issue = 0
    for offset in range(context["size"]["years"] - 1, -1, -1):
        year = today.year - offset
        end = min(date(year, 12, 31), today)
        days = (end - date(year, 1, 1)).days + 1
        used: set[str] = set()
        for number in range(len(members) * PER_MEMBER_A_YEAR):
            issue += 1
            received = date(year, 1, 1) + timedelta(days=rng.randrange(days))
            uid = new_uuid()
            opinions.append({"uuid": uid, "version": 1, "title": opinion_title(rng, county, used), "changed_by": county.clerks[0],
                             "received_on": received, "bulletin_issue": f"第{issue // 40 + 1}期",
                             "sent_level": rng.choice(levels[:3])})
            by_member = rng.random() < 0.85 or not organizations
            submitters.append((uid, rng.choice(members) if by_member else None,
                               None if by_member else rng.choice(organizations)))
            if rng.random() < 0.55:
                adoptions.append((uid, rng.choice(levels), received + timedelta(days=rng.randint(7, 60))))
            if rng.random() < 0.04:
                instructions.append((uid, rng.choice(leaders), received + timedelta(days=rng.randint(3, 30))))
    session.execute(insert(Opinion.__table__), opinions)
    ids = dict(session.execute(select(Opinion.uuid, Opinion.id)).all())
    session.execute(insert(OpinionSubmitter.__table__), [
        {"opinion_id": ids[u], "member_id": m, "organization_id": o, "position": 0} for u, m, o in submitters])
    if adoptions:
        session.execute(insert(OpinionAdoption.__table__), [
            {"opinion_id": ids[u], "level": lv, "adopted_on": min(d, today)} for u, lv, d in adoptions])
    if instructions:
        session.execute(insert(OpinionInstruction.__table__), [
            {"opinion_id": ids[u], "leader": who, "given_on": min(d, today),
             "text": county.local(rng.choice(INSTRUCTIONS)).replace("{单位}", county.local(rng.choice(OPINION_UNITS)))}
            for u, who, d in instructions])
    return {"社情民意信息": len(opinions)}
