"""`report annual`: the 年度工作总结 in the GB/T 9704 layout, every figure worded from `stats --json`."""
from __future__ import annotations

import json
from datetime import date

import pytest

from desktop_app.domain.period import percent_text
from tests.cli_support import cli, demo_folder
from tests.fileio.docx_checks import (SOFFICE, body_paragraphs, common_checks, convert_to_pdf, paragraph_text,
                                      style_of, texts)


@pytest.fixture(scope="module")
def annual(tmp_path_factory):
    data = demo_folder(tmp_path_factory.mktemp("总结"))
    year = str(date.today().year - 1)
    stats = json.loads(cli(data, "stats", "--year", year, "--json")[1])
    target = data.parent / "年度工作总结.docx"
    code, said, err = cli(data, "report", "annual", "--year", year, "--out", str(target))
    assert code == 0, err
    return stats, target, said, year


def test_the_summary_is_an_official_document_with_its_sections(annual):
    stats, path, said, year = annual
    assert f"已生成{year}年工作总结" in said
    _, tables = common_checks(path)
    assert texts(path)[0].replace("\n", "") == f"政协黎城县委员会{year}年度工作总结"
    headings = [paragraph_text(p) for p in body_paragraphs(path) if style_of(p) == "GwHeading1"]
    assert headings == ["一、委员队伍", "二、提案工作", "三、“委员之家”建设", "四、“有事来商量”协商", "五、社情民意信息",
                        "六、委员履职", "七、存在的问题和下一步工作"]
    assert len(tables) >= 4  # 界别, 重点提案, 活动类型, 委员之家 (and the 预警 list when someone has one)


def test_every_figure_is_the_one_stats_gives(annual):
    stats, path, _, _ = annual
    text = "".join(texts(path))
    p, h, c, o = stats["proposals"], stats["homes"], stats["consultations"], stats["opinions"]
    merged = f"（其中并案{p['merged']}件）" if p["merged"] else ""
    assert (f"共征集提案{p['submitted']}件，经审查，立案{p['accepted']}件{merged}，"
            f"立案率{percent_text(p['acceptance_rate'])}。立案提案中，集体提案{p['by_kind']['collective']}件，"
            f"委员提案{p['by_kind']['member']}件。") in text
    assert f"办复率{percent_text(p['reply_rate'])}" in text and f"满意率{percent_text(p['satisfaction_rate'])}" in text
    assert f"本届委员会有在任委员{stats['members']['active']}人，其中常委{stats['members']['standing']}人" in text
    assert f"活动{h['activities']}次，参加委员{h['attendance']}人次" in text
    assert f"开展协商{c['sessions']}次" in text and f"推动办成实事{c['done_deeds']}件" in text
    assert f"委员参与率{percent_text(c['member_participation_rate'])}" in text
    assert f"收到社情民意信息{o['received']}篇，其中委员报送{o['by_members']}篇" in text
    assert f"采用率{percent_text(o['adoption_rate'])}" in text
    assert "【此处由办公室填写存在的问题和下一年度工作思路】" in text


def test_a_period_that_is_not_a_year_is_named_by_its_label(tmp_path):
    data = tmp_path / "数据"
    assert cli(data, "init", "--county", "黎城县")[0] == 0
    target = tmp_path / "总结.docx"
    code, said, err = cli(data, "report", "annual", "--from", "2025-03-01", "--to", "2025-08-31", "--out", str(target))
    assert code == 0, err
    assert texts(target)[0].replace("\n", "") == "政协黎城县委员会2025年3月1日至2025年8月31日工作总结"
    assert "共征集提案0件，经审查，立案0件，立案率—。" in "".join(texts(target))


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_the_summary_opens_in_libreoffice_as_a4(annual, tmp_path):
    out = convert_to_pdf(tmp_path, [annual[1]])
    pdf = out / (annual[1].stem + ".pdf")
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5000
