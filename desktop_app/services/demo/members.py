"""Demo members: plausible names, sectors, parties, committees, valid ID numbers and phones."""
from __future__ import annotations

import random
from datetime import date

from sqlalchemy import insert, select

from db.models import Member, Organization, member_committees
from desktop_app.domain.normalize import id_check_digit
from desktop_app.services.pinyin import name_pinyin
from desktop_app.services.settings import load_vocabularies

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华红建文辉力斌宇浩凯鹏飞志宏海波鑫晨瑞佳琳雪梅晓丹玉萍亮国庆春燕"
UNITS = ["县教育局", "县卫健委", "县人民医院", "县第一中学", "县农业农村局", "县住建局", "县文旅局", "县工商联",
         "县自然资源局", "县发改局", "县民政局", "县妇联", "县供电公司", "县农商银行", "古韩镇人民政府", "西井镇人民政府"]
POSITIONS = ["局长", "副局长", "主任", "副主任", "院长", "校长", "教师", "医生", "董事长", "总经理", "村党支部书记", "会计师"]
PARTY_BY_SECTOR = {"中共": "中共党员", "民革": "民革党员", "民盟": "民盟盟员", "民建": "民建会员", "民进": "民进会员",
                   "农工党": "农工党党员", "致公党": "致公党党员", "九三学社": "九三学社社员", "无党派人士": "无党派人士",
                   "共青团": "共青团员"}
PARTY_ORGS = ["中共黎城县委员会", "民革黎城县支部", "民盟黎城县委员会", "民建黎城县支部", "九三学社黎城县支社",
              "县总工会", "共青团黎城县委", "县妇联", "县工商联", "县科协"]
COUNTY_CODE = "140426"


def _id_number(rng: random.Random, birth: date, female: bool) -> str:
    seq = rng.randrange(0, 99) * 10 + (rng.choice((0, 2, 4, 6, 8)) if female else rng.choice((1, 3, 5, 7, 9)))
    first17 = f"{COUNTY_CODE}{birth:%Y%m%d}{seq:03d}"
    return first17 + id_check_digit(first17)


def fill(session, rng: random.Random, context: dict) -> dict[str, int]:
    vocab = load_vocabularies(session)
    sectors = vocab["sector"].names
    committees = vocab["committee"].names if "committee" in vocab else []
    committee_ids = []
    for name in committees:
        org = Organization(name=name, kind="committee")
        session.add(org)
        session.flush()
        committee_ids.append(org.id)
    for name in PARTY_ORGS:
        session.add(Organization(name=name, kind="party" if "黎城" in name and "县委" not in name[-2:] else "peoples_organization"))
    today = context["today"]
    rows, used = [], set()
    for index in range(context["size"]["members"]):
        while True:
            name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
            if name not in used:
                used.add(name)
                break
        female = rng.random() < 0.32
        birth = date(rng.randint(today.year - 68, today.year - 28), rng.randint(1, 12), rng.randint(1, 28))
        sector = rng.choice(sectors)
        pinyin, initials = name_pinyin(name)
        rows.append({
            "name": name, "name_pinyin": pinyin, "name_initials": initials, "gender": "女" if female else "男",
            "ethnicity": "汉族" if rng.random() < 0.95 else rng.choice(["回族", "蒙古族", "满族"]),
            "birth_year": birth.year, "birth_month": birth.month,
            "political_status": PARTY_BY_SECTOR.get(sector, rng.choice(["中共党员", "群众", "无党派人士"])),
            "sector": sector, "education": rng.choice(["研究生", "大学", "大学", "大学", "大专", "中专", "高中"]),
            "work_unit": rng.choice(UNITS), "position": rng.choice(POSITIONS),
            "phone": "1" + rng.choice("3578") + "".join(str(rng.randrange(10)) for _ in range(9)),
            "id_number": _id_number(rng, birth, female), "is_standing": rng.random() < 0.18, "status": "active",
            "version": 1,
        })
    session.execute(insert(Member), rows)
    ids = list(session.scalars(select(Member.id).order_by(Member.id)))
    links = [{"member_id": mid, "organization_id": rng.choice(committee_ids)} for mid in ids if committee_ids and rng.random() < 0.6]
    if links:
        session.execute(insert(member_committees), links)
    return {"委员": len(rows), "专委会": len(committee_ids)}
