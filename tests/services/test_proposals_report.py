"""The 提案工作情况报告 over a real store: the office's own categories, a cancelled run, the wording's rules."""
from __future__ import annotations

from datetime import date

import pytest

from desktop_app.domain.errors import Cancelled
from desktop_app.domain.period import Period
from tests.cli.test_proposals_report_cli import C, M, write_ledger
from tests.cli_support import cli
from tests.conftest import sample
from tests.fileio.docx_checks import body_paragraphs, paragraph_text, style_of

# A county that files by 经济建设, 交通, 社会建设 and 生态文明建设 only (no 其他); one row has no category.
ROWS = [
    ("关于改造国道过境段的建议", "卢兰", M, "", "交通", date(2025, 2, 1), "立案", "县交通运输局", "A", "满意", "是"),
    ("关于增开城乡公交的建议", "董亮文", M, "", "交通", date(2025, 2, 3), "立案", "县交通运输局", "B", "满意", ""),
    ("关于完善农村公路养护机制的建议", "县工商联", C, "", "交通", date(2025, 3, 9), "立案", "县交通运输局", "A", "基本满意", ""),
    ("关于发展低空经济的建议", "黎东", M, "", "经济建设", date(2025, 2, 2), "立案", "县发改局", "A", "满意", ""),
    ("关于优化营商环境的建议", "沈远静", M, "", "经济建设", date(2025, 4, 2), "不立案", "", "", "", ""),
    ("关于推进老旧小区改造的建议", "许俊林", M, "", "社会建设", date(2025, 2, 5), "立案", "县住建局", "B", "满意", ""),
    ("关于加强社区养老服务的建议", "余丽勇", M, "", "", date(2025, 5, 5), "立案", "县民政局", "A", "满意", ""),
]


@pytest.fixture
def office_data(tmp_path):
    from desktop_app.domain.vocabulary import Vocabulary, VocabularyEntry
    from desktop_app.services.database import open_store
    from desktop_app.services.settings import SettingsService

    data = tmp_path / "数据"
    assert cli(data, "init", "--county", "黎城县")[0] == 0
    assert cli(data, "import", "members", str(sample("roster_messy.xlsx")))[0] == 0
    ctx = open_store(data)
    vocabulary = SettingsService(ctx).vocabularies()["proposal_category"]
    SettingsService(ctx).save_vocabulary(Vocabulary(vocabulary.key, vocabulary.label, [
        VocabularyEntry(name) for name in ("经济建设", "交通", "社会建设", "生态文明建设")]))
    code, out, err = cli(data, "import", "proposals", str(write_ledger(tmp_path / "台账.xlsx", ROWS)),
                         "--session", "14-4")
    assert code == 0, err + out
    yield data, ctx
    ctx.engine.dispose()


def test_sections_follow_the_offices_own_categories(office_data, tmp_path):
    data, ctx = office_data
    from desktop_app.services.statistics import StatisticsService

    figures = StatisticsService(ctx).part("proposals", Period.year(2025))
    assert figures.by_office_category == {"经济建设": 1, "交通": 3, "社会建设": 1, "生态文明建设": 0, "未分类": 1}

    out = tmp_path / "报告.docx"
    code, _, err = cli(data, "report", "proposals", "--from", "2025-01-01", "--to", "2025-06-30", "--out", str(out))
    assert code == 0, err
    paragraphs = body_paragraphs(out)
    headings = [(i, paragraph_text(p)) for i, p in enumerate(paragraphs) if style_of(p) == "GwHeading2"]
    assert [h for _, h in headings] == ["（一）经济建设方面", "（二）交通方面", "（三）社会建设方面", "（四）其他方面"]
    traffic = paragraph_text(paragraphs[headings[1][0] + 1])
    assert traffic.startswith("围绕") and "等提出提案3件。" in traffic
    assert "关于改造国道过境段的提案" in traffic and "重点提案" in traffic
    title = paragraph_text(paragraphs[0]).replace("\n", "")
    assert title == "政协黎城县委员会常务委员会关于2025年1月1日至2025年6月30日提案工作情况的报告"


def test_a_cancelled_report_writes_nothing(office_data, tmp_path):
    _, ctx = office_data
    from desktop_app.services.reports.proposals_report import ProposalsReportService

    steps = []
    out = tmp_path / "取消.docx"
    with pytest.raises(Cancelled):
        ProposalsReportService(ctx).write(out, Period.year(2025), progress=lambda d, t, text: steps.append(d),
                                          cancelled=lambda: len(steps) >= 2)
    assert not out.exists() and steps == [0, 1]


def test_the_reply_texts_first_clause_is_the_outcome_it_names():
    from desktop_app.fileio.documents.proposals_wording import first_clause

    assert first_clause("我局已将该路段纳入2025年农村公路提质改造计划，预计年底完工。") == "已将该路段纳入2025年农村公路提质改造计划"
    assert first_clause("已研究办理，答复如下。") == ""
    assert first_clause("尊敬的王委员：您提出的提案收悉。现答复如下：") == ""


def test_many_categories_never_repeat_a_sentence():
    """Eight categories each with a key, an A and a B group: every example sentence has its own fixed words."""
    import re

    from desktop_app.fileio.documents.proposals_wording import SentenceBook, category_paragraph
    from desktop_app.fileio.proposals_report_dto import CategoryFacts, ExampleProposal

    book, sentences = SentenceBook(), []
    for k in range(8):
        proposals = (ExampleProposal(f"关于甲{k}的建议", True, "A", units=("县发改局",), verdicts=("满意",)),
                     ExampleProposal(f"关于乙{k}的建议", False, "A", units=("县发改局",), verdicts=("满意",)),
                     ExampleProposal(f"关于丙{k}的建议", False, "B", units=("县发改局",), verdicts=("满意",)))
        _, examples = category_paragraph(book, CategoryFacts(f"类{k}", 3, tuple((p.title, 1) for p in proposals),
                                                             proposals))
        sentences += [s for s in examples.split("。") if s]
    assert len(sentences) == 24
    skeletons = [re.sub(r"[甲乙丙]\d", "", s) for s in sentences]
    assert len(set(skeletons)) == 24
