"""`report proposals` end to end: a ledger written here, imported by the real command line, reported and read back.

Every expected figure is counted from the rows below (this file's own arithmetic), never by the statistics.
"""
from __future__ import annotations

import re
import zipfile
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pytest

from tests.cli.test_cli import run
from tests.conftest import sample
from tests.fileio.docx_checks import NS, body_paragraphs, paragraph_text, part, style_of
from tests.fileio.pdf_layout import assert_official_pages, needs_pdf_tools, pdf_pages

HEADERS = ("案号", "案由", "提案者", "提案类型", "联名人", "类别", "提交日期", "审查结果", "主办单位", "会办单位",
           "交办日期", "答复日期", "答复类别", "满意度", "重点提案")
ORDER = ("经济建设", "政治建设", "文化建设", "社会建设", "生态文明建设", "其他")  # the shipped vocabulary's order

# (案由, 提案者, 类型, 联名人, 类别, 提交日期, 审查结果, 主办单位, 答复类别, 满意度, 重点) — chosen by hand;
# 政治建设 has no row at all. Members are in the sample roster; 集体提案 come from parties and groups.
M, C = "委员提案", "集体提案"
ROWS = [
    ("关于发展低空经济的建议", "卢兰", M, "董亮文", "经济建设", date(2025, 1, 12), "立案", "县发改局", "A", "满意", "是"),
    ("关于优化营商环境的建议", "民建黎城县支部", C, "", "经济建设", date(2025, 1, 13), "立案", "县行政审批局", "A", "满意", ""),
    ("关于发展数字经济的建议", "黎东", M, "", "经济建设", date(2025, 1, 13), "立案", "县工信局", "B", "基本满意", ""),
    ("关于推进农产品精深加工的建议", "沈远静", M, "许俊林", "经济建设", date(2025, 1, 14), "立案", "县农业农村局", "A", "满意", ""),
    ("关于加快县域物流体系建设的建议", "县工商联", C, "", "经济建设", date(2025, 2, 3), "立案", "县商务局", "B", "满意", ""),
    ("关于发展数字经济的建议", "余丽勇", M, "", "经济建设", date(2025, 3, 8), "立案", "县工信局", "C", "基本满意", ""),
    ("关于支持小微企业融资的建议", "谢霞伟", M, "", "经济建设", date(2025, 4, 2), "立案", "县财政局", "B", "满意", ""),
    ("关于培育乡村旅游新业态的建议", "冯勇磊", M, "", "经济建设", date(2025, 5, 16), "立案", "县文旅局", "A", "满意", ""),
    ("关于建设城市综合体的建议", "石志志", M, "", "经济建设", date(2025, 6, 1), "不立案", "", "", "", ""),
    ("关于提高企业补贴的建议", "汤海华", M, "", "经济建设", date(2025, 7, 9), "不立案", "", "", "", ""),
    ("关于加强寺观壁画保护的建议", "秦建雪", M, "阎飞杰", "文化建设", date(2025, 1, 12), "立案", "县文旅局", "A", "满意", ""),
    ("关于推进博物馆高质量发展的建议", "九三学社黎城县支社", C, "", "文化建设", date(2025, 1, 15), "立案", "县文旅局", "B", "满意", ""),
    ("关于加强非物质文化遗产传承的建议", "罗晓军", M, "", "文化建设", date(2025, 2, 20), "立案", "县文旅局", "A", "基本满意", ""),
    ("关于推进全民阅读的建议", "武欣国", M, "", "文化建设", date(2025, 3, 30), "立案", "县教育局", "B", "满意", ""),
    ("关于加强古村落保护的建议", "雷海晓", M, "田燕雪", "文化建设", date(2025, 6, 18), "立案", "县住建局", "C", "满意", ""),
    ("关于举办文化节的建议", "林涵", M, "", "文化建设", date(2025, 8, 2), "不立案", "", "", "", ""),
    ("关于推进老旧小区改造的建议", "易芳桂", M, "夏琳涵", "社会建设", date(2025, 1, 12), "立案", "县住建局", "A", "满意", "是"),
    ("关于推进老旧小区改造的建议", "民革黎城县支部", C, "", "社会建设", date(2025, 1, 14), "立案", "县住建局", "B", "满意", ""),
    ("关于推进老旧小区改造的建议", "林伟桂", M, "", "社会建设", date(2025, 2, 11), "立案", "县住建局", "A", "满意", ""),
    ("关于加强中小学生心理健康教育的建议", "卢兰", M, "", "社会建设", date(2025, 1, 16), "立案", "县教育局", "A", "满意", ""),
    ("关于加强中小学生心理健康教育的建议", "共青团黎城县委", C, "", "社会建设", date(2025, 3, 3), "立案", "县教育局", "B", "基本满意", ""),
    ("关于推进普惠托育服务的建议", "县妇联", C, "", "社会建设", date(2025, 1, 20), "立案", "县卫健委", "B", "满意", ""),
    ("关于完善农村日间照料中心的建议", "董亮文", M, "黎东", "社会建设", date(2025, 2, 25), "立案", "县民政局", "A", "满意", ""),
    ("关于推动县域医共体建设的建议", "沈远静", M, "", "社会建设", date(2025, 4, 8), "立案", "县卫健委", "B", "满意", ""),
    ("关于提高农村饮水安全保障水平的建议", "许俊林", M, "", "社会建设", date(2025, 5, 5), "立案", "县水利局", "A", "满意", ""),
    ("关于加强农村养老服务的建议", "余丽勇", M, "", "社会建设", date(2025, 7, 21), "立案", "县民政局", "C", "基本满意", ""),
    ("关于规范校外培训机构的建议", "谢霞伟", M, "", "社会建设", date(2025, 9, 9), "立案", "县教育局", "B", "满意", ""),
    ("关于增设公交线路的建议", "冯勇磊", M, "", "社会建设", date(2025, 10, 10), "不立案", "", "", "", ""),
    ("关于推进浊漳河生态修复的建议", "九三学社黎城县支社", C, "", "生态文明建设", date(2025, 1, 12), "立案", "县水利局", "A", "满意", "是"),
    ("关于加强工业固废综合利用的建议", "石志志", M, "", "生态文明建设", date(2025, 1, 18), "立案", "县生态环境局", "B", "满意", ""),
    ("关于推进矿山生态修复的建议", "汤海华", M, "秦建雪", "生态文明建设", date(2025, 2, 14), "立案", "县自然资源局", "A", "满意", ""),
    ("关于加强再生资源利用的建议", "阎飞杰", M, "", "生态文明建设", date(2025, 4, 19), "立案", "县商务局", "B", "基本满意", ""),
    ("关于推进秸秆综合利用的建议", "罗晓军", M, "", "生态文明建设", date(2025, 6, 6), "立案", "县农业农村局", "A", "满意", ""),
    ("关于整治农村人居环境的建议", "武欣国", M, "", "生态文明建设", date(2025, 8, 30), "立案", "县住建局", "C", "满意", ""),
    ("关于加强社区志愿服务的建议", "雷海晓", M, "", "其他", date(2025, 1, 22), "立案", "县民政局", "A", "满意", ""),
    ("关于完善政协委员联络站建设的建议", "县政协提案委员会", C, "", "其他", date(2025, 3, 12), "立案", "县政协办公室", "B", "满意", ""),
    ("关于加强网络安全宣传的建议", "田燕雪", M, "", "其他", date(2025, 5, 23), "立案", "县委网信办", "A", "满意", ""),
    ("关于设立委员读书日的建议", "林涵", M, "", "其他", date(2025, 11, 20), "不立案", "", "", "", ""),
]


def write_ledger(path: Path, rows=ROWS) -> Path:
    """A ledger shaped like the office's own (title row, then the headers), written row by row."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2025年提案台账"
    sheet.append(["政协黎城县委员会2025年提案办理台账"] + [None] * (len(HEADERS) - 1))
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet.append(list(HEADERS))
    number = 0
    for title, proposer, kind, cosigners, category, submitted, decision, unit, reply, verdict, key in rows:
        accepted = decision == "立案"
        number += accepted
        sheet.append([f"{number:03d}" if accepted else None, title, proposer, kind, cosigners or None, category or None,
                      submitted, decision, unit or None, None,
                      date.fromordinal(submitted.toordinal() + 10) if accepted and unit else None,
                      date.fromordinal(submitted.toordinal() + 50) if accepted and reply else None,
                      reply or None, verdict or None, key or None])
    book.save(path)
    return path


def rate(numerator: int, denominator: int) -> str:
    """As reports print a rate: two decimals, half up, no trailing zeros."""
    value = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return f"{value:.2f}".rstrip("0").rstrip(".") + "%"


def shorten(title: str) -> str:  # the test's own: 关于…的建议 → …
    return title.removeprefix("关于").removesuffix("的建议")


@pytest.fixture(scope="module")
def reported(tmp_path_factory):
    """One data folder: the sample roster, this file's ledger under 14-4, and both reports written."""
    work = tmp_path_factory.mktemp("提案报告")
    data = work / "县政协 数据"
    assert run("init", "--county", "黎城县", data=data).returncode == 0
    assert run("import", "members", str(sample("roster_messy.xlsx")), data=data).returncode == 0
    ledger = write_ledger(work / "台账.xlsx")
    imported = run("import", "proposals", str(ledger), "--session", "14-4", data=data)
    assert imported.returncode == 0, imported.stderr
    assert f"新增 {len(ROWS)} 件" in imported.stdout
    by_session = run("report", "proposals", "--session", "14-4", "--out", str(work / "会次以来.docx"), data=data)
    by_year = run("report", "proposals", "--year", "2025", "--out", str(work / "2025年度.docx"), data=data)
    return work, by_session, by_year


def _texts(path: Path) -> list[str]:
    return [paragraph_text(p) for p in body_paragraphs(path)]


def _expected_figures() -> dict:
    accepted = [r for r in ROWS if r[6] == "立案"]
    categories = {name: sum(1 for r in accepted if r[4] == name) for name in ORDER}
    return {
        "submitted": len(ROWS), "accepted": len(accepted),
        "collective": sum(1 for r in accepted if r[2] == C), "member": sum(1 for r in accepted if r[2] == M),
        "categories": {name: count for name, count in categories.items() if count},
    }


@pytest.mark.parametrize("which", ["session", "year"])
def test_the_report_states_the_ledgers_own_figures_and_one_section_per_category(reported, which):
    work, by_session, by_year = reported
    result = by_session if which == "session" else by_year
    assert result.returncode == 0, result.stderr
    path = work / ("会次以来.docx" if which == "session" else "2025年度.docx")
    assert f"“{path}”" in result.stdout
    e = _expected_figures()
    text = "".join(_texts(path))
    assert (f"共征集提案{e['submitted']}件，经审查，立案{e['accepted']}件，"
            f"立案率{rate(e['accepted'], e['submitted'])}") in text
    assert f"集体提案{e['collective']}件，委员提案{e['member']}件" in text
    assert "政治建设" not in text  # no accepted proposal: no section

    paragraphs = body_paragraphs(path)
    headings = [(i, paragraph_text(p)) for i, p in enumerate(paragraphs) if style_of(p) == "GwHeading2"]
    numerals = "一二三四五六七八九十"
    assert [h for _, h in headings] == [f"（{numerals[k]}）{name}方面" for k, name in enumerate(e["categories"])]
    for (index, heading), (name, count) in zip(headings, e["categories"].items()):
        following = paragraph_text(paragraphs[index + 1])
        assert following.startswith("围绕") and f"等提出提案{count}件。" in following, (heading, following)
    assert [paragraph_text(p) for p in paragraphs if style_of(p) == "GwHeading1"] == [
        "一、2025年提案工作情况", "二、提案工作主要做法", "三、2026年提案工作思路"]
    title = paragraph_text(paragraphs[0]).replace("\n", "")
    if which == "session":
        assert title == "政协黎城县委员会常务委员会关于县政协十四届四次会议以来提案工作情况的报告"
        assert "向大会报告县政协十四届四次会议以来提案工作情况，请予审议。" in text
        assert "——在政协第十四届黎城县委员会第五次会议上" in text
    else:
        assert title == "政协黎城县委员会常务委员会关于2025年度提案工作情况的报告"
        assert "2025年，共征集提案" in text


def test_a_session_without_opening_date_is_counted_from_its_first_proposal_and_says_so(reported):
    _, by_session, by_year = reported
    first = min(r[5] for r in ROWS)
    sentence = (f"十四届四次会议没有填写开幕日期，按第一件提案的提交日期{first.year}年{first.month}月{first.day}日起算；"
                "可在“基础资料”页填写开幕日期。")
    assert sentence in by_session.stderr
    assert "开幕日期" not in by_year.stderr + by_year.stdout  # a year needs no session


def test_a_chart_is_drawn_and_no_two_example_sentences_read_the_same(reported):
    work, _, _ = reported
    path = work / "会次以来.docx"
    with zipfile.ZipFile(path) as z:
        pictures = [n for n in z.namelist() if n.startswith("word/media/") and n.endswith(".png")]
    assert len(pictures) == 1
    assert part(path, "word/document.xml").findall(".//w:drawing", NS)

    paragraphs = body_paragraphs(path)
    sections = [paragraph_text(paragraphs[i + 1]) for i, p in enumerate(paragraphs) if style_of(p) == "GwHeading2"]
    examples = [s + "。" for section in sections for s in section.split("。") if s.startswith("关于")]
    assert len(examples) >= 8
    names = sorted({shorten(r[0]) for r in ROWS}, key=len, reverse=True)

    def skeleton(sentence: str) -> str:
        for name in names:
            sentence = sentence.replace(name, "")
        return re.sub(r"\d+", "", sentence)

    skeletons = [skeleton(s) for s in examples]
    assert len(set(skeletons)) == len(skeletons), examples
    # A-answered proposals are named with what their replies record
    assert any("基本解决" in s for s in examples)  # every wording of an A reply says 基本解决, no other does
    assert any("重点提案" in s for s in examples)


@needs_pdf_tools
def test_the_pages_are_official_a4_with_a_full_page_on_the_grid(reported):
    work, _, _ = reported
    pages = pdf_pages(work / "会次以来.docx", work / "pdf-session")
    assert len(pages) >= 3
    assert_official_pages(pages, full_page=True)
