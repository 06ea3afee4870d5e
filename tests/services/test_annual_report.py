"""`report annual`: the 年度工作总结 from small ledgers written here, imported with the command line.

Every figure in the text is compared with a count made from the rows this test wrote; the layout is read
back through LibreOffice; the wording is checked for what a report read in public must not do.
"""
from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import docx
import pytest
from openpyxl import Workbook

from tests.cli_support import cli
from tests.fileio.docx_checks import (NS, W, body_paragraphs, common_checks, paragraph_text, part, style_of,
                                      table_rows, texts)
from tests.fileio.pdf_layout import assert_official_pages, needs_pdf_tools, pdf_pages

YEAR = 2025

# --- what the office's files say --------------------------------------------------------------------
# 姓名, 性别, 民族, 出生年月, 政治面貌, 界别, 文化程度, 是否常委
ROSTER = [
    ("王堃", "男", "汉族", "1968.05", "中共党员", "中共", "研究生", "是"),
    ("李芳", "女", "汉族", "1975.11", "民盟盟员", "民盟", "大学", "是"),
    ("赵文栋", "男", "回族", "1980.02", "中共党员", "经济界", "大学", "否"),
    ("孙静怡", "女", "汉族", "1986.07", "无党派人士", "教育界", "研究生", "否"),
    ("周建华", "男", "汉族", "1972.09", "中共党员", "经济界", "大专", "是"),
    ("吴海燕", "女", "蒙古族", "1990.03", "群众", "教育界", "大学", "否"),
    ("郑国强", "男", "汉族", "1965.12", "中共党员", "中共", "大学", "否"),
    ("冯晓梅", "女", "汉族", "1979.04", "民盟盟员", "民盟", "大学", "否"),
    ("陈立新", "男", "汉族", "1983.08", "无党派人士", "经济界", "高中", "否"),
    ("褚卫东", "男", "汉族", "1970.01", "中共党员", "中共", "大学", "否"),
    ("卫玉兰", "女", "汉族", "1988.06", "群众", "教育界", "大专", "否"),
    ("蒋春生", "男", "汉族", "1962.10", "无党派人士", "经济界", "大学", "否"),
]
MEMBERS = [row[0] for row in ROSTER]

# 案号, 案由, 提案者, 提案类型, 联名人, 类别, 提交日期, 审查结果, 主办单位, 交办日期, 答复日期, 答复类别, 满意度, 重点提案
PROPOSALS = [
    ("001", "关于推进浊漳河生态修复的建议", "王堃", "委员提案", "李芳", "生态文明建设", date(2025, 1, 10), "立案",
     "县水利局", date(2025, 1, 25), date(2025, 3, 20), "A", "满意", "是"),
    ("002", "关于完善农村养老服务的建议", "李芳", "委员提案", None, "社会建设", date(2025, 1, 11), "立案",
     "县民政局", date(2025, 1, 25), date(2025, 4, 1), "A", "满意", None),
    ("003", "关于发展特色农产品电商的建议", "赵文栋", "委员提案", "孙静怡、周建华", "经济建设", date(2025, 1, 12), "立案",
     "县商务局", date(2025, 1, 25), date(2025, 4, 8), "B", "基本满意", None),
    ("004", "关于加强古村落保护的建议", "孙静怡", "委员提案", None, "文化建设", date(2025, 1, 12), "立案",
     "县文旅局", date(2025, 1, 25), date(2025, 4, 10), "A", "满意", "是"),
    ("005", "关于规范校外培训机构的建议", "民盟黎城县支部", "集体提案", None, "社会建设", date(2025, 1, 13), "立案",
     "县教育局", date(2025, 1, 25), date(2025, 4, 12), "C", "基本满意", None),
    ("006", "关于优化营商环境的建议", "周建华", "委员提案", None, "经济建设", date(2025, 1, 14), "立案",
     "县发改局", date(2025, 1, 25), date(2025, 4, 15), "A", "满意", None),
    (None, "关于解决本人子女入学的建议", "吴海燕", "委员提案", None, "其他", date(2025, 1, 15), "不立案",
     None, None, None, None, None, None),
    ("101", "关于修缮县城排水管网的建议", "郑国强", "委员提案", None, "社会建设", date(2024, 11, 2), "立案",
     "县住建局", date(2024, 11, 20), date(2024, 12, 30), "A", "满意", None),  # last year's: not counted
]

# 日期, 委员之家, 活动类型, 活动名称, 活动简况, 出席委员, 请假委员, 其他参加人数, 意见建议条数
ACTIVITIES = [
    (date(2025, 1, 5), None, "全体会议", "政协2025年全体会议", None, "、".join(MEMBERS), None, 0, 0),
    (date(2025, 1, 15), "古韩镇委员之家", "理论学习", "第1次理论学习", None, "王堃、李芳、赵文栋", None, 0, 2),
    (date(2025, 3, 8), "古韩镇委员之家", "调研视察", "营商环境调研视察", "委员走访8家企业，提出简化开办手续等建议5条",
     "王堃、周建华、陈立新、蒋春生", "李芳", 3, 5),
    (date(2025, 4, 12), "西井镇委员之家", "读书活动", "文旅融合读书活动", None, "孙静怡、吴海燕、卫玉兰", None, 0, 1),
    (date(2025, 5, 20), "西井镇委员之家", "界别活动", "义务教育界别活动", "围绕乡村学校师资短缺开展座谈，形成调研报告1篇",
     "孙静怡、吴海燕、卫玉兰、冯晓梅", None, 6, 4),
    (date(2025, 6, 18), "古韩镇委员之家", "服务群众", "送医下乡义诊", None, "褚卫东、郑国强", "陈立新", 12, 0),
    (date(2025, 9, 9), "西井镇委员之家", "委员沙龙", "第2次委员沙龙", None, "李芳、冯晓梅", None, 0, 3),
    (date(2025, 11, 3), "古韩镇委员之家", "社情民意信息研讨", "生态保护社情民意信息研讨", None, "王堃、赵文栋、周建华",
     None, 0, 2),
    (date(2024, 12, 20), "古韩镇委员之家", "理论学习", "第9次理论学习", None, "王堃、李芳", None, 0, 1),  # last year
]

GENERIC = "形成协商意见"
# 日期, 协商议事室, 乡镇（街道）, 村（社区）, 议题, 议题来源, 参加委员, 部门代表人数, 群众代表人数, 意见建议条数, 协商成果,
# 责任单位, 落实情况, 办成实事件数
CONSULTATIONS = [
    (date(2025, 2, 14), "古韩镇第1村协商议事室", "古韩镇", "古韩1村", "农田灌溉", "党政点题", "王堃、李芳", 3, 20, 5, GENERIC,
     "县水利局", "已落实", 1),
    (date(2025, 3, 3), "古韩镇第2村协商议事室", "古韩镇", "古韩2村", "农田灌溉", "群众出题", "赵文栋", 2, 18, 4, GENERIC,
     "县水利局", "已落实", 1),
    (date(2025, 4, 21), "西井镇第1村协商议事室", "西井镇", "西井1村", "停车难", "群众出题", "孙静怡、吴海燕", 4, 35, 6,
     "划定夜间停车位60个，错峰开放机关停车场", "县公安局", "已落实", 3),
    (date(2025, 5, 9), "西井镇第2村协商议事室", "西井镇", "西井2村", "集体经济", "委员荐题", "周建华", 2, 26, 3,
     "成立村级劳务合作社，吸纳32名村民就业", "县农业农村局", "落实中", 2),
    (date(2025, 6, 30), "古韩镇第1村协商议事室", "古韩镇", "古韩1村", "集体经济", "党政点题", "王堃", 1, 15, 2, GENERIC,
     "县农业农村局", "未落实", 0),
    (date(2025, 7, 16), "古韩镇第2村协商议事室", "古韩镇", "古韩2村", "农田灌溉", "部门提题", "陈立新", 2, 12, 3, GENERIC,
     "县水利局", "落实中", 0),
    (date(2025, 8, 5), "西井镇第1村协商议事室", "西井镇", "西井1村", "停车难", "群众出题", "卫玉兰", 1, 22, 2, GENERIC,
     "县公安局", "已落实", 1),
    (date(2025, 9, 23), "西井镇第2村协商议事室", "西井镇", "西井2村", "集体经济", "党政点题", "周建华、蒋春生", 2, 19, 4,
     GENERIC, "县农业农村局", "未落实", 0),
    (date(2025, 10, 11), "古韩镇第1村协商议事室", "古韩镇", "古韩1村", "农田灌溉", "委员荐题", "郑国强", 1, 14, 2, GENERIC,
     "县水利局", "已落实", 1),
    (date(2025, 12, 2), "西井镇第1村协商议事室", "西井镇", "西井1村", "路灯安装", "群众出题", "冯晓梅", 2, 30, 3, GENERIC,
     "县住建局", "未落实", 0),
]

# 标题, 报送人, 收稿日期, 编报期号, 报送层级, 采用层级, 领导批示
OPINIONS = [
    ("关于农村饮水安全的建议（1）", "王堃", date(2025, 2, 10), "第1期", "省", "省", None),
    ("关于规范小饭桌管理的建议", "李芳", date(2025, 3, 11), "第1期", "市", None, "请县教育局研究办理"),
    ("关于老旧小区加装电梯的建议", "赵文栋", date(2025, 4, 2), "第2期", "市", "市", None),
    ("关于乡村客运班线的建议", "孙静怡", date(2025, 5, 6), "第2期", "县", "县", None),
    ("关于秸秆综合利用的建议", "民盟黎城县支部", date(2025, 5, 20), "第2期", "县", None, None),
    ("关于农村饮水安全的建议（2）", "周建华", date(2025, 6, 1), "第3期", "省", "省", None),
    ("关于农贸市场管理的建议", "吴海燕", date(2025, 8, 19), "第3期", "县", None, None),
    ("关于冬季供暖的建议", "郑国强", date(2024, 12, 1), "第9期", "县", "县", None),  # last year
]


def _write(path: Path, title: str, headers: list[str], rows: list[tuple]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append([title])
    sheet.append(headers)
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def _rate(numerator: int, denominator: int) -> str:
    """As a report prints a rate, worked out here by hand: half-up to two decimals, no trailing zeros."""
    value = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return f"{value:f}".rstrip("0").rstrip(".") + "%"


def _in_year(rows, at: int) -> list[tuple]:
    return [row for row in rows if row[at] and row[at].year == YEAR]


def _names(cell) -> list[str]:
    return [n for n in re.split(r"[、，]", cell or "") if n]


@pytest.fixture(scope="module")
def annual(database_backend, tmp_path_factory):  # made once per database (tests/conftest.py)
    folder = tmp_path_factory.mktemp("年度总结")
    data = folder / "数据"
    assert cli(data, "init", "--county", "黎城县")[0] == 0
    files = {
        "members": _write(folder / "委员名单.xlsx", "政协黎城县委员会委员名单",
                          ["序号", "姓名", "性别", "民族", "出生年月", "政治面貌", "界别", "文化程度", "是否常委"],
                          [(i, *row) for i, row in enumerate(ROSTER, 1)]),
        "proposals": _write(folder / "提案台账.xlsx", "政协黎城县委员会提案办理台账",
                            ["案号", "案由", "提案者", "提案类型", "联名人", "类别", "提交日期", "审查结果", "主办单位",
                             "交办日期", "答复日期", "答复类别", "满意度", "重点提案"], PROPOSALS),
        "activities": _write(folder / "活动台账.xlsx", "政协黎城县委员会2025年委员之家活动台账",
                             ["日期", "委员之家", "活动类型", "活动名称", "活动简况", "出席委员", "请假委员", "其他参加人数",
                              "意见建议条数"], ACTIVITIES),
        "consultations": _write(folder / "协商台账.xlsx", "政协黎城县委员会2025年有事来商量台账",
                                ["日期", "协商议事室", "乡镇（街道）", "村（社区）", "议题", "议题来源", "参加委员", "部门代表人数",
                                 "群众代表人数", "意见建议条数", "协商成果", "责任单位", "落实情况", "办成实事件数"],
                                CONSULTATIONS),
        "opinions": _write(folder / "社情民意台账.xlsx", "政协黎城县委员会2025年社情民意信息台账",
                           ["标题", "报送人", "收稿日期", "编报期号", "报送层级", "采用层级", "领导批示"], OPINIONS),
    }
    for kind, path in files.items():
        extra = ["--session", "14-4"] if kind == "proposals" else []
        code, said, err = cli(data, "import", kind, str(path), *extra)
        assert code == 0, (kind, said, err)
    target = folder / "年度工作总结.docx"
    code, said, err = cli(data, "report", "annual", "--year", str(YEAR), "--out", str(target))
    assert code == 0, err
    return data, target, said


def _body_text(path: Path) -> str:
    return "".join(texts(path))


# --- the figures --------------------------------------------------------------------------------------
def test_members_figures_are_counted_from_the_roster(annual):
    _, path, said = annual
    assert f"已生成{YEAR}年工作总结" in said
    active = len(ROSTER)
    standing = sum(row[7] == "是" for row in ROSTER)
    women = sum(row[1] == "女" for row in ROSTER)
    minorities = sum(row[2] != "汉族" for row in ROSTER)
    cpc = sum(row[4] == "中共党员" for row in ROSTER)
    sectors = len({row[5] for row in ROSTER})
    assert (f"截至{YEAR}年12月31日，本届委员会有在任委员{active}人，其中常委{standing}人。委员中，中共党员{cpc}人，"
            f"党外委员{active - cpc}人，党外委员占{_rate(active - cpc, active)}；女委员{women}人，占{_rate(women, active)}；"
            f"少数民族委员{minorities}人，占{_rate(minorities, active)}。委员来自{sectors}个界别，界别、政治面貌、学历和年龄"
            f"构成见附表1至附表4。") in _body_text(path)


def test_proposal_figures_are_counted_from_the_ledger(annual):
    _, path, _ = annual
    text = _body_text(path)
    rows = _in_year(PROPOSALS, 6)
    accepted = [r for r in rows if r[7] == "立案"]
    collective = sum(r[3] == "集体提案" for r in accepted)
    proposers = {n for r in rows for n in [r[2], *_names(r[4])] if n in MEMBERS}
    order = ("经济建设", "政治建设", "文化建设", "社会建设", "生态文明建设", "其他")  # the shipped vocabulary's order
    categories = "、".join(f"{c}类{n}件" for c in order if (n := sum(r[5] == c for r in accepted)))
    assert (f"全年共征集提案{len(rows)}件，经审查，立案{len(accepted)}件，立案率{_rate(len(accepted), len(rows))}。"
            f"立案提案中，集体提案{collective}件，委员提案{len(accepted) - collective}件，"
            f"委员参与率{_rate(len(proposers), len(ROSTER))}。从内容看，{categories}（见图1）。") in text
    a, b, c = (sum(r[11] == k for r in accepted) for k in "ABC")
    replies = len(accepted)
    good = sum(r[12] in ("满意", "基本满意") for r in accepted)
    assert (f"立案提案交办{len(accepted)}件，已办复{len(accepted)}件，办复率100%。承办单位答复{replies}件次，"
            f"其中所提问题已经解决或基本解决的A类答复{a}件次，占{_rate(a, replies)}；正在解决或已列入计划逐步解决的B类"
            f"{b}件次，占{_rate(b, replies)}；因条件限制留作参考的C类{c}件次，占{_rate(c, replies)}。"
            f"提案者反馈意见{replies}份，满意和基本满意{good}份，满意率{_rate(good, replies)}。") in text
    # the ledger has no 见面 column: no meeting was recorded, so none is reported
    assert "见面" not in text and "当面" not in text
    keys = [r for r in accepted if r[13] == "是"]
    assert (f"确定推进浊漳河生态修复、加强古村落保护等重点提案{len(keys)}件，实行重点督办（见附表5）。") in text
    assert ("办理中，优化营商环境等经济建设类提案，加强古村落保护等文化建设类提案，完善农村养老服务等社会建设类提案，"
            "所提问题已经解决或基本解决。") in text


def test_activity_figures_are_counted_from_the_ledger(annual):
    _, path, _ = annual
    rows = _in_year(ACTIVITIES, 0)
    homes = {r[1] for r in rows if r[1]}
    in_homes = [r for r in rows if r[1]]
    attending = {n for r in rows for n in _names(r[5])}
    text = _body_text(path)
    assert (f"等活动{len(in_homes)}次，县政协组织全县性活动{len(rows) - len(in_homes)}次，"
            f"参加委员{sum(len(_names(r[5])) for r in rows)}人次，{len(attending)}名在任委员参加过活动，"
            f"占{_rate(len(attending), len(ROSTER))}；收集意见建议{sum(r[8] for r in rows)}条。") in text
    assert f"全县{len(homes)}个“委员之家”统筹开展" in text
    # the themes are the titles' own words; numbered titles (第1次理论学习) carry none
    assert "活动主题涵盖营商环境、义务教育、生态保护、文旅融合等方面。" in text
    assert "如3月，古韩镇委员之家开展“营商环境调研视察”，委员走访8家企业，提出简化开办手续等建议5条。" in text
    assert "西井镇委员之家组织的“义务教育界别活动”中，围绕乡村学校师资短缺开展座谈，形成调研报告1篇。" in text
    assert "第1次理论学习" not in text and "第2次委员沙龙" not in text


def test_consultation_figures_are_counted_from_the_ledger(annual):
    _, path, _ = annual
    rows = _in_year(CONSULTATIONS, 0)
    text = _body_text(path)
    topics = {}
    for r in rows:
        topics[r[4]] = topics.get(r[4], 0) + 1
    top = sorted(topics, key=lambda t: -topics[t])[:3]
    sources = "、".join(f"{s}{n}次" for s in ("党政点题", "群众出题", "委员荐题", "部门提题")
                        if (n := sum(r[5] == s for r in rows)))
    rooms = len({r[1] for r in rows})
    villages = len({r[3] for r in rows})
    assert (f"全县建成“有事来商量”协商议事室{rooms}个，覆盖村（社区）{villages}个。全年围绕{'、'.join(top)}等议题开展协商"
            f"{len(rows)}次，其中{sources}。") in text
    members = {n for r in rows for n in _names(r[6])}
    done, doing = sum(r[12] == "已落实" for r in rows), sum(r[12] == "落实中" for r in rows)
    assert (f"{len(members)}名委员参与协商，委员参与率{_rate(len(members), len(ROSTER))}；邀请部门代表"
            f"{sum(r[7] for r in rows)}人次、群众代表{sum(r[8] for r in rows)}人次参加；收集意见建议{sum(r[9] for r in rows)}条，"
            f"推动办成实事{sum(r[13] for r in rows)}件；协商成果已落实{done}项、正在落实{doing}项。") in text
    # only the two consultations with an outcome of their own are told; "形成协商意见" is said of none
    assert ("如西井1村围绕“停车难”开展协商，划定夜间停车位60个，错峰开放机关停车场。"
            "西井2村的协商聚焦“集体经济”，议定成立村级劳务合作社，吸纳32名村民就业。") in text
    assert GENERIC not in text


def test_opinion_figures_are_counted_from_the_ledger(annual):
    _, path, _ = annual
    rows = _in_year(OPINIONS, 2)
    by_members = [r for r in rows if r[1] in MEMBERS]
    adopted = [r for r in rows if r[5]]
    levels = "、".join(f"{word}采用{n}篇" for level, word in (("省", "省级"), ("市", "市级"), ("县", "县级"))
                       if (n := sum(r[5] == level for r in rows)))
    instructed = sum(bool(r[6]) for r in rows)
    assert (f"全年共收到社情民意信息{len(rows)}篇，其中委员报送{len(by_members)}篇，{len({r[1] for r in by_members})}名委员"
            f"报送信息，报送率{_rate(len({r[1] for r in by_members}), len(ROSTER))}。整理编报信息{len({r[3] for r in rows})}期。"
            f"被采用{len(adopted)}篇，采用率{_rate(len(adopted), len(rows))}，其中{levels}；{instructed}篇获领导批示。"
            ) in _body_text(path)
    assert "《关于农村饮水安全的建议》被省级采用。《关于规范小饭桌管理的建议》获领导批示。" in _body_text(path)


def test_duty_gives_the_bands_counts_only(annual):
    _, path, _ = annual
    text = _body_text(path)
    found = re.search(rf"对(\d+)名在任委员{YEAR}年的履职情况进行了评价，其中((?:[^，。、]+?\d+人、?)+)。", text)
    assert found and int(found.group(1)) == len(ROSTER)
    assert sum(int(n) for n in re.findall(r"(\d+)人", found.group(2))) == len(ROSTER)
    assert "预警" not in text


# --- how it reads -------------------------------------------------------------------------------------
def test_layout_sections_and_highlighted_places(annual):
    _, path, _ = annual
    _, tables = common_checks(path)
    lines = texts(path)
    assert lines[0] == f"政协黎城县委员会{YEAR}年度工作总结" and lines[1] == ""  # a blank line after the title
    assert lines[2].startswith("【一年来，在中共黎城县委的坚强领导下，")
    headings = [paragraph_text(p) for p in body_paragraphs(path) if style_of(p) == "GwHeading1"]
    assert headings == ["一、委员队伍建设", "二、提案工作", "三、“委员之家”建设", "四、“有事来商量”协商",
                        "五、社情民意信息工作", "六、委员履职管理", "七、存在的问题", f"八、{YEAR + 1}年工作思路"]
    highlighted: dict[str, int] = {}
    section = None
    for p in body_paragraphs(path):
        if style_of(p) == "GwHeading1":
            section = paragraph_text(p)
        elif section and p.find(".//w:highlight", NS) is not None:
            highlighted[section] = highlighted.get(section, 0) + 1
    assert set(highlighted) == set(headings)  # a place for the office's own words in every section
    assert lines[lines.index("政协黎城县委员会") + 1] == format_date_today()


def format_date_today() -> str:
    today = date.today()
    return f"{today.year}年{today.month}月{today.day}日"


def test_tables_are_in_the_appendix_each_with_its_caption(annual):
    _, path, _ = annual
    body = part(path, "word/document.xml").find("w:body", NS)
    children = list(body)
    appendix = next(i for i, el in enumerate(children) if el.tag == f"{{{W}}}p" and paragraph_text(el) == "附表")
    tables = [i for i, el in enumerate(children) if el.tag == f"{{{W}}}tbl"]
    assert tables and min(tables) > appendix  # no table in the body
    captions = []
    for i in tables:
        captions.append(paragraph_text(children[i - 1]))
        assert children[i + 1].tag == f"{{{W}}}p"  # a paragraph between a table and the next
    assert [c.split("　")[0] for c in captions] == [f"附表{n}" for n in range(1, len(tables) + 1)]
    assert any("重点提案" in c for c in captions)
    for i in tables:
        rows = table_rows(children[i])
        for column in range(len(rows[0])):
            rates = [row[column] for row in rows[1:] if row[column].endswith("%")]
            assert len({len(r.rstrip("%").partition(".")[2]) for r in rates}) <= 1, rates


def test_a_chart_is_drawn_with_its_caption(annual):
    _, path, _ = annual
    document = docx.Document(str(path))
    images = [rel for rel in document.part.rels.values() if rel.reltype.endswith("/image")]
    assert len(images) == 2
    lines = texts(path)
    assert f"图1　{YEAR}年立案提案类别分布" in lines
    assert f"图2　{YEAR}年各月委员之家活动和“有事来商量”协商次数" in lines


def test_no_sentence_is_another_with_only_names_or_numbers_changed(annual):
    _, path, _ = annual
    planted = set(MEMBERS) | {"古韩镇委员之家", "西井镇委员之家", "民盟黎城县支部"}
    planted |= {r[1] for r in PROPOSALS} | {r[1][2:-3] for r in PROPOSALS}
    planted |= {r[3] for r in ACTIVITIES if r[3]} | {r[4] for r in ACTIVITIES if r[4]}
    planted |= {v for r in CONSULTATIONS for v in (r[1], r[2], r[3], r[4], r[10])} | {r[0] for r in OPINIONS}
    planted |= {"营商环境", "义务教育", "生态保护", "文旅融合", "经济建设", "文化建设", "社会建设", "生态文明建设"}
    names = sorted(planted, key=len, reverse=True)

    def skeleton(sentence: str) -> str:
        for name in names:
            sentence = sentence.replace(name, "某")
        return re.sub(r"\d+(?:\.\d+)?", "#", sentence)

    sentences = [s for p in body_paragraphs(path) if style_of(p) == "GwBody"
                 for s in re.split(r"(?<=[。！？])", paragraph_text(p)) if len(s) > 6]
    seen: dict[str, str] = {}
    for sentence in sentences:
        shape = skeleton(sentence)
        assert shape not in seen, (seen[shape], sentence)
        seen[shape] = sentence


def test_no_member_is_named_next_to_a_score(annual):
    _, path, _ = annual
    score = re.compile(r"\d+(?:\.\d+)?分|优秀|良好|称职|预警")
    body = part(path, "word/document.xml").find("w:body", NS)
    pieces = [paragraph_text(p) for p in body.findall("w:p", NS)]
    pieces += ["".join(row) for tbl in body.findall("w:tbl", NS) for row in table_rows(tbl)]
    for piece in pieces:
        if any(name in piece for name in MEMBERS):
            assert not score.search(piece), piece


@needs_pdf_tools
def test_the_pages_are_official_with_a_full_page_of_22_lines(annual, tmp_path):
    _, path, _ = annual
    pages = pdf_pages(path, tmp_path)
    assert_official_pages(pages, full_page=True)
    assert len(pages) >= 4


# --- the office's own copy of the template ------------------------------------------------------------
def test_an_edited_office_copy_is_used_and_an_unknown_field_is_refused(annual, tmp_path):
    from desktop_app.services.database import open_store
    from desktop_app.services.templates import TemplateService

    data, _, _ = annual
    ctx = open_store(data)
    try:
        service = TemplateService(ctx)
        info, copied = service.copy("annual")
        assert copied
        document = docx.Document(str(info.office_copy))
        document.add_paragraph("附：本年度立案提案{{ 提案.立案 }}件，立案率{{ 提案.立案率 }}。")
        document.save(str(info.office_copy))
        out = tmp_path / "本单位总结.docx"
        code, _, err = cli(data, "report", "annual", "--year", str(YEAR), "--out", str(out))
        assert code == 0, err
        accepted = sum(r[7] == "立案" for r in _in_year(PROPOSALS, 6))
        assert f"附：本年度立案提案{accepted}件，立案率{_rate(accepted, len(_in_year(PROPOSALS, 6)))}。" in \
            [p.text for p in docx.Document(str(out)).paragraphs]

        document = docx.Document(str(info.office_copy))
        document.add_paragraph("督办：{{ 提案.督办人 }}")
        document.save(str(info.office_copy))
        refused = tmp_path / "不应写出.docx"
        code, _, err = cli(data, "report", "annual", "--year", str(YEAR), "--out", str(refused))
        assert code == 1
        assert "本单位模板年度工作总结.docx" in err and "督办人" in err
        assert not refused.exists()
    finally:
        TemplateService(ctx).restore_default("annual")
        ctx.engine.dispose()


def test_a_period_that_is_not_a_year_is_named_by_its_label(tmp_path):
    data = tmp_path / "数据"
    assert cli(data, "init", "--county", "黎城县")[0] == 0
    target = tmp_path / "总结.docx"
    code, said, err = cli(data, "report", "annual", "--from", "2025-03-01", "--to", "2025-08-31", "--out", str(target))
    assert code == 0, err
    lines = texts(target)
    assert lines[0].replace("\n", "") == "政协黎城县委员会2025年3月1日至2025年8月31日工作总结"
    text = "".join(lines)
    assert "2025年3月1日至8月31日未收到提案。" in text
    assert "2025年3月1日至8月31日尚未登记委员之家活动。" in text and "附表" not in text  # no table without rows
    assert "率—" not in text and "0%" not in text  # nothing recorded: no rate over nothing


def test_progress_is_reported_and_a_cancelled_report_writes_nothing(store, tmp_path):
    from desktop_app.domain.errors import Cancelled
    from desktop_app.domain.period import Period
    from desktop_app.services.reports.annual import AnnualReportService

    steps = []
    out = AnnualReportService(store).write(tmp_path / "总结.docx", Period.year(YEAR), charts=False,
                                           progress=lambda done, total, text: steps.append((done, total, text)))
    assert out.is_file() and steps[-1] == (5, 5, "完成") and [s[0] for s in steps] == [0, 1, 2, 3, 4, 5]
    asked = []

    def cancel_at_the_third_question() -> bool:
        asked.append(1)
        return len(asked) == 3

    with pytest.raises(Cancelled):
        AnnualReportService(store).write(tmp_path / "取消.docx", Period.year(YEAR), cancelled=cancel_at_the_third_question)
    assert not (tmp_path / "取消.docx").exists()


def test_categories_follow_the_office_s_vocabulary_order(annual, tmp_path):
    from desktop_app.domain.vocabulary import Vocabulary
    from desktop_app.services.database import open_store
    from desktop_app.services.settings import SettingsService

    data, _, _ = annual
    ctx = open_store(data)
    try:
        settings = SettingsService(ctx)
        shipped = settings.vocabularies()["proposal_category"]
        reordered = sorted(shipped.entries, key=lambda e: e.name != "社会建设")  # 社会建设 first, the rest as they were
        settings.save_vocabulary(Vocabulary(shipped.key, shipped.label, reordered, shipped.open))
        out = tmp_path / "总结.docx"
        assert cli(data, "report", "annual", "--year", str(YEAR), "--out", str(out))[0] == 0
        assert "从内容看，社会建设类2件、经济建设类2件、文化建设类1件、生态文明建设类1件（见图1）。" in _body_text(out)
        assert ("办理中，完善农村养老服务等社会建设类提案，优化营商环境等经济建设类提案，加强古村落保护等文化建设类提案，"
                "所提问题已经解决或基本解决。") in _body_text(out)
    finally:
        settings.save_vocabulary(shipped)
        ctx.engine.dispose()
