"""Render every Word output through LibreOffice: it must convert to a non-empty A4 PDF.

Skipped when `soffice` is not installed. CI installs it:
    apt-get install -y --no-install-recommends libreoffice-writer fonts-noto-cjk poppler-utils
The grid check (22 lines a page, 28 characters a line) also needs `pdftotext` (poppler-utils).
"""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from desktop_app.fileio.official_doc import OfficialDocument
from tests.fileio import paperwork_samples as samples
from tests.fileio.docx_checks import SOFFICE, convert_to_pdf, render_shipped

pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")

# CJK text without punctuation, so every full line holds exactly 28 characters
_CJK = "政协委员履职尽责建言献策围绕中心服务大局协商民主凝聚共识助推发展"


def _grid_document(path):
    doc = OfficialDocument()
    doc.title("政协黎城县委员会版心测试")
    for _ in range(12):
        doc.paragraph(_CJK * 5)
    doc.page_numbers()
    return doc.save(path)


def _paperwork(key, dto, path):
    import importlib

    return render_shipped(key, importlib.import_module(f"desktop_app.fileio.documents.{key}").context(dto), path)


def test_every_document_converts_to_a_non_empty_pdf(tmp_path):
    src = tmp_path / "docx"
    src.mkdir()
    files = [
        _paperwork("proposal_form", samples.proposal_form(), src / "proposal_form.docx"),
        _paperwork("notice", samples.assignment_notice(), src / "assignment_notice.docx"),
        _paperwork("reminder", samples.reminder(), src / "reminder.docx"),
        _paperwork("satisfaction", samples.satisfaction_form(), src / "satisfaction_form.docx"),
        _paperwork("sign_in", samples.sign_in_sheet(), src / "sign_in_sheet.docx"),
        _grid_document(src / "grid.docx"),
    ]
    out = convert_to_pdf(tmp_path, files)
    for f in files:
        pdf = out / (f.stem + ".pdf")
        assert pdf.is_file(), f"no PDF for {f.name}"
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF") and len(data) > 2000, f.name
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo:
        for f in files:
            info = subprocess.run([pdfinfo, str(out / (f.stem + ".pdf"))], capture_output=True, text=True).stdout
            assert "(A4)" in info, f"{f.name} is not A4: {info}"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_body_page_has_22_lines_of_28_characters(tmp_path):
    path = _grid_document(tmp_path / "grid.docx")
    out = convert_to_pdf(tmp_path, [path])
    xml = subprocess.run(["pdftotext", "-f", "2", "-l", "2", "-bbox-layout", str(out / "grid.pdf"), "-"],
                         capture_output=True, text=True, check=True).stdout
    lines = []
    for block in re.findall(r"<line [^>]*>(.*?)</line>", xml, re.S):
        text = "".join(re.findall(r">([^<]*)</word>", block))
        lines.append(text)
    body = [t for t in lines if not re.fullmatch(r"[—\s\d]+", t)]  # drop the page number
    assert len(body) == 22, body
    assert max(len(t) for t in body) == 28, [len(t) for t in body]


def test_sign_in_sheets_fill_their_last_page_and_add_no_empty_one(tmp_path):
    from desktop_app.fileio.documents.sign_in import context
    from desktop_app.fileio.paperwork_dto import SignInMember
    from tests.fileio.docx_checks import render_shipped

    files = []
    for members in (0, 13, 30):
        dto = samples.sign_in_sheet(members=[SignInMember(f"委员{i}", "经济界") for i in range(members)])
        files.append(render_shipped("sign_in", context(dto), tmp_path / f"sign_in_{members}.docx"))
    out = convert_to_pdf(tmp_path, files)
    pages = {}
    for f in files:
        info = subprocess.run(["pdfinfo", str(out / (f.stem + ".pdf"))], capture_output=True, text=True).stdout
        pages[f.stem] = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages == {"sign_in_0": 1, "sign_in_13": 1, "sign_in_30": 2}
