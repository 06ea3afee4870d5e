"""What a printed page looks like: a .docx through LibreOffice to PDF, then each page's text lines with positions.

Used by the layout tests of every Word document: the 22-line grid, the margins, the page numbers.
Needs `soffice` and `pdftotext` (CI installs both); tests skip without them.
"""
from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.fileio.docx_checks import SOFFICE, convert_to_pdf

PT_PER_MM = 72 / 25.4
LINE_PT = 28.95
BODY_CHAR_PT = 16.0  # one 三号 character
HANGING_PUNCTUATION = "，。、；：！？）”’》」』"
needs_pdf_tools = pytest.mark.skipif(SOFFICE is None or shutil.which("pdftotext") is None,
                                     reason="LibreOffice and poppler-utils are not installed")


@dataclass(frozen=True)
class Line:
    text: str
    x0: float  # points from the page's left edge
    y0: float  # points from the page's top edge
    x1: float
    y1: float


@dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float
    lines: tuple[Line, ...]

    @property
    def page_number_line(self) -> Line | None:
        found = [line for line in self.lines if re.fullmatch(r"—\s*\d+\s*—", line.text)]
        return found[-1] if found else None

    @property
    def body(self) -> list[Line]:
        """Lines inside the text area (37 mm from the top to 35 mm from the bottom), page number excluded."""
        top, bottom = 37 * PT_PER_MM - 2, self.height - 35 * PT_PER_MM + 2
        number = self.page_number_line
        return [line for line in self.lines if line is not number and top <= line.y0 and line.y1 <= bottom]


def pdf_pages(docx_path: Path, work: Path) -> list[Page]:
    """Every page of the document as LibreOffice prints it."""
    work.mkdir(parents=True, exist_ok=True)
    out = convert_to_pdf(work, [docx_path])
    pdf = out / (docx_path.stem + ".pdf")
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    pages = []
    for number, match in enumerate(re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', xml, re.S), 1):
        lines = []
        for line in re.finditer(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>',
                                match.group(3), re.S):
            words = re.findall(r">([^<]*)</word>", line.group(5))
            lines.append(Line(html.unescape("".join(words)), *(float(line.group(i)) for i in range(1, 5))))
        pages.append(Page(number, float(match.group(1)), float(match.group(2)), tuple(lines)))
    return pages


def grid_lines(page: Page) -> int:
    """The longest run of body lines set on the 28.95 pt grid (consecutive baselines one line apart)."""
    body = sorted(page.body, key=lambda line: line.y1)
    best = run = 1 if body else 0
    for above, below in zip(body, body[1:]):
        run = run + 1 if abs((below.y1 - above.y1) - LINE_PT) < 0.8 else 1
        best = max(best, run)
    return best


def assert_official_pages(pages: list[Page], *, full_page: bool = True) -> None:
    """A4, text inside the margins, `— N —` on every page alternating right/left, and (if asked) one full page
    of 22 body lines on the grid."""
    assert pages, "the PDF has no pages"
    for page in pages:
        assert abs(page.width - 595.3) < 2 and abs(page.height - 841.9) < 2, "not A4"
        for line in page.body:
            assert line.x0 >= 28 * PT_PER_MM - 3, f"page {page.number}: “{line.text}” starts in the left margin"
            # A closing mark may hang one character into the margin (标点悬挂: Word's and LibreOffice's default).
            hanging = BODY_CHAR_PT if line.text[-1:] in HANGING_PUNCTUATION else 0
            assert line.x1 <= page.width - 26 * PT_PER_MM + 3 + hanging, \
                f"page {page.number}: “{line.text}” runs into the right margin"
        number = page.page_number_line
        assert number is not None, f"page {page.number} has no “— N —” page number"
        assert number.text.replace(" ", "") == f"—{page.number}—"
        middle = page.width / 2
        assert (number.x0 > middle) if page.number % 2 else (number.x1 < middle), "page numbers alternate right/left"
        assert number.y0 > page.height - 35 * PT_PER_MM, "the page number sits under the text area"
    if full_page:
        assert max(grid_lines(page) for page in pages) == 22, [grid_lines(page) for page in pages]
