"""One 委员履职档案 as LibreOffice prints it: GB/T 9704 pages, `— N —` numbers, a blank line under the title,
every table inside the margins and each short table on one page."""
from __future__ import annotations

import re

from desktop_app.services.reports.member_records import MemberRecordsService
from tests.fileio.pdf_layout import LINE_PT, assert_official_pages, needs_pdf_tools, pdf_pages
from tests.member_records_support import YEAR, build_world


@needs_pdf_tools
def test_a_busy_members_record_prints_on_official_pages(store, tmp_path):
    build_world(store, tmp_path)
    (path,) = MemberRecordsService(store).write(tmp_path / "档案", YEAR, name="李强")
    pages = pdf_pages(path, tmp_path / "pdf")
    assert_official_pages(pages, full_page=False)  # tables leave no page of 22 plain lines
    first = sorted(pages[0].body, key=lambda line: line.y0)
    assert first[0].text.replace(" ", "") == "政协黎城县委员会委员履职档案"
    assert first[1].text.replace(" ", "") == "（2025年度）"
    heading = next(line for line in first if line.text.replace(" ", "") == "一、基本情况")
    # one empty line of the grid between the subtitle and the first heading
    assert abs((heading.y1 - first[1].y1) - 2 * LINE_PT) < 2
    text = "\n".join(line.text.replace(" ", "") for page in pages for line in page.body)
    for caption in ("表1参加会议和活动情况", "表2参加有事来商量情况", "表3提案及办理情况", "表4社情民意信息报送情况",
                    "表5履职计分"):
        assert caption in text.replace("\u3000", "")
    # dates and case numbers stay on one line in their cells (pdftotext joins the cells of one row)
    lines = [line.text.replace(" ", "") for page in pages for line in page.body]
    dates = [d for line in lines for d in re.findall(r"20\d\d年\d{1,2}月\d{0,2}日?", line)]
    assert sorted(dates) == ["2025年1月10日", "2025年3月1日", "2025年4月1日", "2025年6月1日"]
    assert any(line.startswith("001关于加强农村学校建设的建议") for line in lines)
    # every table here is short: its caption and its last row are on the same page
    for caption, last in (("表3", "关于修建县城广场的建议"), ("表5", "合计")):
        page_of = {k: next(p.number for p in pages if any(k in line.text.replace(" ", "") for line in p.body))
                   for k in (caption, last)}
        assert page_of[caption] == page_of[last]
