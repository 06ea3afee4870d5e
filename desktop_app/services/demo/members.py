"""Demo members: plausible names, sectors, parties, committees, work units with fitting positions, ID numbers, phones."""
from __future__ import annotations

import random
from collections import Counter
from datetime import date

from sqlalchemy import insert, select

from db.models import Member, Organization, member_committees
from desktop_app.domain.normalize import id_check_digit
from desktop_app.services.demo.county import GIVEN, SURNAMES, DemoCounty
from desktop_app.services.demo.texts import CROPS, SECTOR_GROUPS, SECTOR_WEIGHTS, TRADE_NAMES, WORK_UNITS
from desktop_app.services.pinyin import name_pinyin
from desktop_app.services.settings import load_vocabularies

PARTY_BY_SECTOR = {"中共": "中共党员", "民革": "民革党员", "民盟": "民盟盟员", "民建": "民建会员", "民进": "民进会员",
                   "农工党": "农工党党员", "致公党": "致公党党员", "九三学社": "九三学社社员", "无党派人士": "无党派人士",
                   "共青团": "共青团员"}
# The county's participating organisations: (name, kind).
PARTY_ORGS = [("中共{县}委员会", "party"), ("民革{县}支部", "party"), ("民盟{县}委员会", "party"),
              ("民建{县}支部", "party"), ("九三学社{县}支社", "party"), ("{级}总工会", "peoples_organization"),
              ("共青团{县}委员会", "peoples_organization"), ("{级}妇联", "peoples_organization"),
              ("{级}工商联", "peoples_organization"), ("{级}科协", "peoples_organization")]
GROUPS = sorted({group for group, _, _ in WORK_UNITS})
# Posts many people of one unit hold (the others: one holder, or three for a 副 post).
SHARED_POSITIONS = {"教师", "主任医师", "副主任医师", "主治医师", "医师", "护士长", "股长", "审判员", "庭长", "检察官", "律师",
                    "合伙人", "记者", "农艺师", "高级农艺师", "群文辅导员", "部门经理", "高级工程师", "年级组长", "项目经理",
                    "大队辅导员", "教务处主任", "实训处主任", "办公室主任"}


def _id_number(rng: random.Random, code: str, birth: date, female: bool) -> str:
    seq = rng.randrange(0, 99) * 10 + (rng.choice((0, 2, 4, 6, 8)) if female else rng.choice((1, 3, 5, 7, 9)))
    first17 = f"{code}{birth:%Y%m%d}{seq:03d}"
    return first17 + id_check_digit(first17)


def _holders(position: str) -> int | None:
    """How many members may hold `position` in one unit: one 局长 or 校长, a few 副局长, any number of 教师."""
    if position in SHARED_POSITIONS:
        return None
    return 3 if position.startswith("副") else 1


def work(rng: random.Random, county: DemoCounty, sector: str, by_group: dict[str, list],
         taken: Counter | None = None) -> tuple[str, str]:
    """(工作单位, 职务) that go together: a school has 校长 and 教师, a company 董事长 and 总经理;
    a unit has one head (`taken` counts the posts already given)."""
    groups = SECTOR_GROUPS.get(sector) or GROUPS
    for attempt in range(20):
        unit, positions = rng.choice(by_group[rng.choice(groups if attempt < 10 else GROUPS)])
        township = rng.choice(county.townships)
        text = county.local(unit)
        if "{" in text:
            text = (text.replace("{镇}", township).replace("{村}", county.village(rng, township))
                    .replace("{商号}", rng.choice(TRADE_NAMES)).replace("{作物}", rng.choice(CROPS)))
        position = rng.choice(positions).replace("{乡镇}", township[-1])
        limit = _holders(position)
        if taken is None or limit is None or taken[(text, position)] < limit:
            break
    if taken is not None:
        taken[(text, position)] += 1
    return text, position


def fill(session, rng: random.Random, context: dict) -> dict[str, int]:
    county: DemoCounty = context["county"]
    vocab = load_vocabularies(session)
    sectors = vocab["sector"].names
    weights = [SECTOR_WEIGHTS.get(name, 1) for name in sectors]
    committees = vocab["committee"].names if "committee" in vocab else []
    committee_ids = []
    for name in committees:
        org = Organization(name=name, kind="committee")
        session.add(org)
        session.flush()
        committee_ids.append(org.id)
    for name, kind in PARTY_ORGS:
        session.add(Organization(name=county.local(name), kind=kind))
    by_group: dict[str, list] = {}
    for group, unit, positions in WORK_UNITS:
        by_group.setdefault(group, []).append((unit, positions))
    today = context["today"]
    rows, used, taken = [], set(county.clerks), Counter()
    for index in range(context["size"]["members"]):
        while True:
            name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
            if name not in used:
                used.add(name)
                break
        female = rng.random() < 0.32
        birth = date(rng.randint(today.year - 68, today.year - 28), rng.randint(1, 12), rng.randint(1, 28))
        sector = rng.choices(sectors, weights)[0]
        pinyin, initials = name_pinyin(name)
        work_unit, position = work(rng, county, sector, by_group, taken)
        rows.append({
            "name": name, "name_pinyin": pinyin, "name_initials": initials, "gender": "女" if female else "男",
            "ethnicity": "汉族" if rng.random() < 0.95 else rng.choice(["回族", "蒙古族", "满族"]),
            "birth_year": birth.year, "birth_month": birth.month,
            "political_status": PARTY_BY_SECTOR.get(sector, rng.choice(["中共党员", "群众", "无党派人士"])),
            "sector": sector, "education": rng.choice(["研究生", "大学", "大学", "大学", "大专", "中专", "高中"]),
            "work_unit": work_unit, "position": position,
            "phone": "1" + rng.choice("3578") + "".join(str(rng.randrange(10)) for _ in range(9)),
            "id_number": _id_number(rng, county.code, birth, female), "is_standing": rng.random() < 0.18,
            "status": "active", "version": 1, "changed_by": county.clerks[0],
        })
    session.execute(insert(Member), rows)
    ids = list(session.scalars(select(Member.id).order_by(Member.id)))
    links = [{"member_id": mid, "organization_id": rng.choice(committee_ids)} for mid in ids if committee_ids and rng.random() < 0.6]
    if links:
        session.execute(insert(member_committees), links)
    return {"委员": len(rows), "专委会": len(committee_ids)}
