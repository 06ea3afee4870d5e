"""The county a demo data set is written for: its name, level, ID-number code, townships and villages.

Every name the demo writes comes from here, so a demo for 平顺县 never names another county.
resources/demo/counties.json knows a few counties' real townships; for any other county the
townships and villages are made up from common place-name parts that name no county.
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

COUNTIES_FILE = Path("demo") / "counties.json"
LEVELS = "县区市旗"  # 黎城县, 潞城区, 古交市 (a county-level city), 达茂旗
FALLBACK_CODE = "140400"  # 长治市's prefix; an unknown county's ID numbers still read as 山西

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华红建文辉力斌宇浩凯鹏飞志宏海波鑫晨瑞佳琳雪梅晓丹玉萍亮国庆春燕"

# Parts of made-up place names, chosen to name no county of China.
_TOWNSHIP_STEMS = ["南庄", "北坡", "西峪", "马坊", "新店", "高家庄", "红崖", "泉头", "双庙", "上庄", "三岔", "杨树岭",
                   "柳沟", "岔口", "黄土坡", "石槽", "窑上", "河底"]
_VILLAGE_FAMILY = "王李张刘陈杨赵郭何高牛冯秦申路宋段靳崔侯史魏郝任"
_VILLAGE_FAMILY_ENDS = ["家庄", "家沟", "家峪", "家岭", "家坪", "家河", "庄", "堡"]
_VILLAGE_PREFIXES = ["东", "西", "南", "北", "上", "下", "前", "后", "中", "大", "小", "新", "老"]
_VILLAGE_PLACE_ENDS = ["庄", "关", "河", "坡", "沟", "峪", "岭", "堡", "寨", "坪", "底", "泉"]
_VILLAGE_NATURE = ["柏树", "石板", "桃树", "枣林", "杏树", "槐树", "马鞍", "龙泉", "白杨", "青杨", "松树", "核桃",
                   "椿树", "柿子", "黄花", "石门", "官道", "古城", "水磨", "碾盘", "窑头", "河湾", "寺头", "庙后"]
_NATURE_ENDS = ["沟", "坪", "岭", "峪", "凹", "湾", "滩", "掌"]
_AVOIDED = {"中关", "大寨"}  # too famous to be a demo village
_COMMUNITIES = ["东街社区", "西街社区", "南关社区", "北关社区", "新华社区", "府前社区", "育才社区", "和平社区",
                "建设社区", "振兴社区"]


@dataclass(frozen=True)
class DemoCounty:
    name: str  # 平顺县
    short: str  # 平顺
    level: str  # 县 (or 区, 市, 旗): 县教育局, 团县委, 县人民医院
    code: str  # the first six digits of its people's ID numbers
    townships: tuple[str, ...]  # the seat first
    villages: dict[str, tuple[str, ...]] = field(default_factory=dict)  # township → 村 and 社区, with the suffix
    clerks: tuple[str, ...] = ()  # the office's clerks: the 经办人 of the demo's records, newest first
    rural: dict[str, tuple[str, ...]] = field(default_factory=dict)  # township → its 村 only

    @property
    def abbreviation(self) -> str:
        """The one character of its official document numbers (平政函〔2025〕12号)."""
        return self.short[0]

    def local(self, text: str) -> str:
        """`text` with {级} (县), {县} (平顺县) and {简} (平顺) filled in."""
        if "{" not in text:
            return text
        return text.replace("{级}", self.level).replace("{县}", self.name).replace("{简}", self.short)

    def place(self, text: str, rng: random.Random, township: str | None = None) -> str:
        """`text` made local, with {镇} a township (`township` when given) and {村} one of its villages."""
        if "{" not in text:
            return text
        text = self.local(text)
        if "{镇}" in text or "{村}" in text:
            township = township or rng.choice(self.townships)
            text = text.replace("{镇}", township)
            if "{村}" in text:
                text = text.replace("{村}", self.village(rng, township))
        return text

    def village(self, rng: random.Random, township: str) -> str:
        """One of the township's villages (村, not 社区)."""
        return rng.choice(self.rural.get(township) or (f"{township[:-1]}村",))

    def clerk_of(self, year: int, this_year: int) -> str:
        """The clerk who kept the records of `year` (the office's clerk changed three years ago)."""
        return self.clerks[0] if year >= this_year - 2 or len(self.clerks) == 1 else self.clerks[1]


def known_counties(resources: Path) -> dict:
    return json.loads((resources / COUNTIES_FILE).read_text(encoding="utf-8"))


def default_county(resources: Path) -> str:
    return known_counties(resources)["default"]


def split_name(name: str) -> tuple[str, str]:
    """(short name, level): 平顺县 → (平顺, 县); 平顺 → (平顺, 县); 潞城区 → (潞城, 区)."""
    name = name.strip()
    if len(name) >= 2 and name[-1] in LEVELS:
        return name[:-1], name[-1]
    return name, "县"


def make_county(name: str, resources: Path, rng: random.Random) -> DemoCounty:
    """The county called `name`, with its townships (known or made up), villages and the office's clerks."""
    table = known_counties(resources)["counties"]
    short, level = split_name(name)
    known = table.get(name) or table.get(short + level) or next(
        (entry for full, entry in table.items() if split_name(full)[0] == short), None)
    if known:
        townships = list(known["townships"])
        code = known["code"]
    else:
        stems = rng.sample(_TOWNSHIP_STEMS, 8)
        townships = ["城关镇"] + [f"{stem}{'镇' if i < 4 else '乡'}" for i, stem in enumerate(stems)]
        code = FALLBACK_CODE
    villages = _villages(townships, rng)
    clerks = tuple(_person(rng) for _ in range(2))
    rural = {t: tuple(v for v in names if v.endswith("村")) for t, names in villages.items()}
    return DemoCounty(name=name.strip(), short=short, level=level, code=code, townships=tuple(townships),
                      villages=villages, clerks=clerks, rural=rural)


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _village_name(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.4:
        return rng.choice(_VILLAGE_FAMILY) + rng.choice(_VILLAGE_FAMILY_ENDS)
    if roll < 0.75:
        return rng.choice(_VILLAGE_PREFIXES) + rng.choice(_VILLAGE_PLACE_ENDS)
    return rng.choice(_VILLAGE_NATURE) + rng.choice(_NATURE_ENDS)


def _villages(townships: list[str], rng: random.Random) -> dict[str, tuple[str, ...]]:
    """8 to 14 villages in each township (a name used once in the county), 社区 in the seat and the next town."""
    used: set[str] = set()
    out: dict[str, tuple[str, ...]] = {}
    communities = list(_COMMUNITIES)
    rng.shuffle(communities)
    for index, township in enumerate(townships):
        names: list[str] = []
        if index < 2:
            for _ in range(rng.randint(4, 6) if index == 0 else 2):
                names.append(communities.pop())
        for _ in range(rng.randint(8, 14)):
            stem = next((s for s in (_village_name(rng) for _attempt in range(50))
                         if s not in used and s not in _AVOIDED), None)
            if stem is not None:  # a name used once in the county: its 协商议事室 is named after it
                used.add(stem)
                names.append(stem + "村")
        out[township] = tuple(names)
    return out
