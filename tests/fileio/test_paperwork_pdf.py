"""The proposal paperwork as printed: every document through LibreOffice to PDF (one run for all), then read back.

Dates and 张三等3人 whole on one line, the red 版头 and its line, the 落款 where GB/T 9704 §7.3.5.2 puts it,
the 提案表's review boxes on the page of their heading, pages filled and none left empty at the end.
"""
from __future__ import annotations

import datetime as dt
import importlib
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from desktop_app.fileio.paperwork_dto import AssignmentItem
from tests.fileio import paperwork_samples as samples
from tests.fileio.docx_checks import convert_to_pdf, render_shipped
from tests.fileio.pdf_layout import PT_PER_MM, LINE_PT, assert_official_pages, needs_pdf_tools, read_pdf_pages

pytestmark = [needs_pdf_tools, pytest.mark.skipif(shutil.which("pdftoppm") is None or shutil.which("pdfinfo") is None,
                                                  reason="poppler-utils are not installed")]

ISSUER = "政协黎城县委员会提案委员会"
TEXT_RIGHT_PT = (210 - 26) * PT_PER_MM
TEXT_BOTTOM_PT = (297 - 35) * PT_PER_MM
BODY_CHAR_PT = 15.75  # a 三号 character with the body's −0.25 pt spacing
FORM_BODIES = (4, 9, 14, 19, 24)  # paragraphs of text: the review boxes fall at different places on the page

LONG_TITLES = ["关于进一步加强农村饮水安全工程建设与管护的建议", "关于推进浊漳河生态修复的建议", "关于加快推进县域医共体建设的建议",
               "关于规范中小学生课后服务收费的建议", "关于支持古村落保护利用的建议"]
PROPOSERS = ["方国杰等3人", "九三学社黎城县支社", "王堃", "李喆等12人", "民革黎城县支部"]


def _long_notice_items() -> list[AssignmentItem]:
    """Fourteen proposals due on different days, the longest dates of the year among them."""
    items = []
    for n in range(14):
        due = dt.date(2026, 12 if n % 3 == 0 else 10 + n % 3, 15 + n % 15)
        items.append(AssignmentItem(f"第{100 + n:03d}号", LONG_TITLES[n % 5], PROPOSERS[n % 5],
                                    ("主办", "会办", "分办")[n % 3], due, dt.date(2026, 1, 20),
                                    "县财政局、县农业农村局" if n % 3 == 0 else ""))
    return items


def _form_body(paragraphs: int) -> str:
    lines = []
    for n in range(paragraphs):
        if n % 5 == 0:
            lines.append(f"{'一二三四五六七八九十'[n // 5]}、第{n // 5 + 1}部分")
        lines.append("我县农村饮水安全工程建成以来，总体运行平稳，但部分工程管护责任不清、水费收缴率低，"
                     "部分村的供水设施老化，维修资金没有稳定来源。")
    return "\n".join(lines)


def _write(key: str, dto, path: Path) -> Path:
    module = importlib.import_module(f"desktop_app.fileio.documents.{key}")
    return render_shipped(key, module.context(dto), path)


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """name → (pages as LibreOffice prints them, the PDF)."""
    work = tmp_path_factory.mktemp("paperwork")
    src = work / "docx"
    src.mkdir()
    files = {
        "notice": _write("notice", samples.assignment_notice(), src / "notice.docx"),
        "notice_long": _write("notice", replace(samples.assignment_notice(), items=_long_notice_items()),
                              src / "notice_long.docx"),
        "reminder": _write("reminder", samples.reminder(), src / "reminder.docx"),
        "reminder_short": _write("reminder", importlib.import_module("desktop_app.fileio.documents.reminder")
                                 .example_dto(), src / "reminder_short.docx"),
        "satisfaction": _write("satisfaction", samples.satisfaction_form(), src / "satisfaction.docx"),
        "form": _write("proposal_form", samples.proposal_form(), src / "form.docx"),
    }
    for n in FORM_BODIES:
        files[f"form_{n}"] = _write("proposal_form", samples.proposal_form(body=_form_body(n)), src / f"form_{n}.docx")
    out = convert_to_pdf(work, files.values())
    return {name: (read_pdf_pages(out / f"{path.stem}.pdf"), out / f"{path.stem}.pdf") for name, path in files.items()}


def _page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def test_every_page_is_official_and_no_page_is_left_empty_at_the_end(printed):
    # the samples as printed; a reminder of two items fits one page under its 版头, one of three does not
    expected = {"notice": 2, "reminder": 2, "reminder_short": 1, "satisfaction": 1, "form": 2}
    for name, (pages, pdf) in printed.items():
        assert_official_pages(pages, full_page=False)
        assert _page_count(pdf) == len(pages)
        assert pages[-1].body, f"{name}: the last page holds nothing but its number"
        if name in expected:
            assert len(pages) == expected[name], name


@pytest.mark.parametrize("name", ["notice", "notice_long", "reminder", "reminder_short"])
def test_the_issuer_and_date_never_stand_alone_on_a_page(printed, name):
    pages, _ = printed[name]
    last = [line.text for line in pages[-1].body]
    assert last[-2:] == [ISSUER, last[-1]] and len(last) > 2, last


def test_page_one_of_the_notice_is_filled(printed):
    pages, _ = printed["notice"]
    assert max(line.y1 for line in pages[0].body) > TEXT_BOTTOM_PT - 2 * LINE_PT


def test_dates_and_proposers_are_whole_on_one_line(printed):
    pages, _ = printed["notice_long"]
    lines = [line.text for page in pages for line in page.body]
    items = _long_notice_items()
    dates = {f"{i.due_on.year}年{i.due_on.month}月{i.due_on.day}日" for i in items}
    assert "2026年12月15日" in dates
    for text in dates | {"方国杰等3人", "李喆等12人"} | {i.case_number for i in items}:
        assert any(text in line for line in lines), f"“{text}” is not whole on any line"
    assert not any(re.search(r"\d{4}年\d{1,2}月$", line) for line in lines)  # no date broken after its month


def _signature(pages):
    lines = [line for page in pages for line in page.body]
    issuer = [line for line in lines if line.text == ISSUER][-1]
    date = [line for line in lines if re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", line.text)][-1]
    return issuer, date


@pytest.mark.parametrize("name", ["notice", "notice_long", "reminder"])
def test_the_date_starts_two_characters_right_of_the_issuer(printed, name):
    pages, _ = printed[name]
    issuer, date = _signature(pages)
    assert abs((date.x0 - issuer.x0) - 2 * BODY_CHAR_PT) <= 3, (issuer, date)
    assert date.y0 > issuer.y0 and abs((date.y1 - issuer.y1) - LINE_PT) < 1  # the next line
    assert abs((TEXT_RIGHT_PT - issuer.x1) - 2 * 16) <= 3  # the issuer two characters in from the right
    assert [page.number for page in pages if issuer in page.lines] == [page.number for page in pages
                                                                       if date in page.lines]


def _ink_rows(pdf: Path, work: Path, dpi: int) -> tuple[dict[int, list[int]], set[int]]:
    """The top half of page 1 as pixels: (pixel row → x of each red pixel in it, rows with black ink)."""
    from PIL import Image

    prefix = work / pdf.stem
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-png", "-singlefile", str(pdf), str(prefix)],
                   check=True)
    image = Image.open(f"{prefix}.png").convert("RGB")
    pixels, (width, height) = image.load(), image.size
    red: dict[int, list[int]] = {}
    black: set[int] = set()
    for y in range(height // 2):
        for x in range(width):
            r, g, b = pixels[x, y]
            if r > 200 and g < 90 and b < 90:
                red.setdefault(y, []).append(x)
            elif r < 110 and g < 110 and b < 110:
                black.add(y)
    return red, black


@pytest.mark.parametrize("name, number", [("notice", "黎政协提〔2026〕3号"), ("reminder", "催办〔2026〕第2号")])
def test_the_letterhead_prints_red_with_a_red_line_4mm_under_the_number(printed, tmp_path, name, number):
    pages, pdf = printed[name]
    dpi = 150
    px_per_mm = dpi / 25.4
    rows, black = _ink_rows(pdf, tmp_path, dpi)
    line_rows = sorted(y for y, xs in rows.items() if len(xs) >= 150 * px_per_mm)
    assert line_rows, "no red line across the page"
    xs = rows[line_rows[0]]
    assert abs(min(xs) / px_per_mm - 28) < 1.5 and abs(max(xs) / px_per_mm - (210 - 26)) < 1.5  # 版心 wide
    mark_rows = [y for y in rows if y < line_rows[0] - 5 * px_per_mm]
    assert mark_rows and min(mark_rows) / px_per_mm > 36, "the red 发文机关标志 stands in the text area above the line"
    number_line = [line for line in pages[0].body if line.text.replace(" ", "") == number][0]
    assert number_line.y1 / PT_PER_MM < line_rows[0] / px_per_mm  # the 发文字号 stands over the line
    number_ink = max(y for y in black if y < line_rows[0])  # the foot of the 发文字号's characters
    gap_mm = (line_rows[0] - number_ink) / px_per_mm
    assert 3.0 <= gap_mm <= 5.0, gap_mm  # GB/T 9704 §7.2.7: 4 mm under the 发文字号
    mark_text = [line for line in pages[0].body if line.y1 / PT_PER_MM < line_rows[0] / px_per_mm - 5][0]
    assert mark_text.text.startswith(ISSUER)


@pytest.mark.parametrize("n", FORM_BODIES)
def test_the_review_boxes_stay_on_the_page_of_their_heading(printed, n):
    pages, _ = printed[f"form_{n}"]

    def page_of(predicate) -> list[int]:
        return [page.number for page in pages for line in page.body if predicate(line.text)]

    heading = page_of(lambda t: t == "审查和交办意见")
    boxes = page_of(lambda t: t.startswith("签字："))
    assert len(heading) == 1 and len(boxes) == 3
    assert set(boxes) == set(heading), (heading, boxes)
    assert heading[0] == len(pages)  # the boxes end the form: no page after them
