"""Helpers for tests that re-open a written .docx and read its XML."""
from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def part_bytes(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(name)


def styles_by_id(path: Path) -> dict[str, etree._Element]:
    root = part(path, "word/styles.xml")
    return {s.get(w("styleId")): s for s in root.iterfind("w:style", NS)}


def style_chain(styles: dict[str, etree._Element], style_id: str | None) -> list[etree._Element]:
    """The style and the styles it is based on, nearest first (Normal when none is named)."""
    chain = []
    sid = style_id or "Normal"
    while sid and sid in styles:
        chain.append(styles[sid])
        based = styles[sid].find("w:basedOn", NS)
        sid = based.get(w("val")) if based is not None else None
    return chain


def effective_ppr_attr(path_styles, p: etree._Element, child: str, attr: str) -> str | None:
    """A paragraph property as Word resolves it: direct formatting, then the style chain."""
    ppr = p.find("w:pPr", NS)
    style_id = None
    if ppr is not None:
        el = ppr.find(f"w:{child}", NS)
        if el is not None and el.get(w(attr)) is not None:
            return el.get(w(attr))
        ps = ppr.find("w:pStyle", NS)
        style_id = ps.get(w("val")) if ps is not None else None
    for style in style_chain(path_styles, style_id):
        el = style.find(f"w:pPr/w:{child}", NS)
        if el is not None and el.get(w(attr)) is not None:
            return el.get(w(attr))
    return None


def paragraph_text(p: etree._Element) -> str:
    out = []
    for node in p.iter(w("t"), w("br"), w("tab")):
        if node.tag == w("t"):
            out.append(node.text or "")
        elif node.tag == w("br"):
            out.append("\n")
        else:
            out.append("\t")
    return "".join(out)


def body_paragraphs(path: Path) -> list[etree._Element]:
    """Paragraphs directly in the body (not in tables)."""
    root = part(path, "word/document.xml")
    return root.findall("w:body/w:p", NS)


def style_of(p: etree._Element) -> str | None:
    ps = p.find("w:pPr/w:pStyle", NS)
    return ps.get(w("val")) if ps is not None else None


def all_runs(path: Path, name: str = "word/document.xml") -> list[etree._Element]:
    return part(path, name).findall(".//w:r", NS)


def run_fonts(r: etree._Element) -> dict[str, str | None]:
    rf = r.find("w:rPr/w:rFonts", NS)
    if rf is None:
        return {}
    return {k: rf.get(w(k)) for k in ("ascii", "hAnsi", "eastAsia", "cs")}


def footer_parts(path: Path) -> dict[str, etree._Element]:
    """Footer XML by reference type (default/even/first) of the first section."""
    doc = part(path, "word/document.xml")
    rels = part(path, "word/_rels/document.xml.rels")
    targets = {r.get("Id"): r.get("Target") for r in rels}
    out = {}
    for ref in doc.iterfind(".//w:sectPr/w:footerReference", NS):
        rid = ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
        out[ref.get(w("type"))] = part(path, "word/" + targets[rid])
    return out


def check_fonts_everywhere(path: Path) -> None:
    """Every run of the body, tables and footers names its font in all four slots, eastAsia included."""
    names = ["word/document.xml"]
    with zipfile.ZipFile(path) as z:
        names += [n for n in z.namelist() if n.startswith("word/footer")]
    for name in names:
        for r in all_runs(path, name):
            if r.find("w:t", NS) is None:
                continue
            fonts = run_fonts(r)
            assert fonts.get("eastAsia"), f"run without w:eastAsia in {name}: {etree.tostring(r)[:200]!r}"
            assert fonts["ascii"] == fonts["hAnsi"] == fonts["eastAsia"] == fonts["cs"], fonts


def table_rows(tbl: etree._Element) -> list[list[str]]:
    return [["".join(paragraph_text(p) for p in tc.findall("w:p", NS)) for tc in tr.findall("w:tc", NS)]
            for tr in tbl.findall("w:tr", NS)]


def check_table(path: Path, tbl: etree._Element, styles) -> None:
    """Fixed layout, widths within the text area, borders, header row repeated, cells not in body spacing."""
    assert tbl.find("w:tblPr/w:tblLayout", NS).get(w("type")) == "fixed"
    assert tbl.find("w:tblPr/w:tblBorders", NS) is not None
    widths = [int(g.get(w("w"))) for g in tbl.findall("w:tblGrid/w:gridCol", NS)]
    assert sum(widths) <= 8845 + len(widths)  # 156 mm
    rows = tbl.findall("w:tr", NS)
    for p in tbl.iter(w("p")):
        assert effective_ppr_attr(styles, p, "spacing", "lineRule") != "exact"
        assert effective_ppr_attr(styles, p, "ind", "firstLine") in (None, "0")
    return rows


def common_checks(path):
    """What every paperwork file shares: A4, fonts in every slot, body spacing, tables, page numbers."""
    d = docx.Document(str(path))
    section = d.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    check_fonts_everywhere(path)
    styles = styles_by_id(path)
    for p in body_paragraphs(path):
        if style_of(p) == "GwBody":
            assert effective_ppr_attr(styles, p, "spacing", "line") == "579"
    tables = part(path, "word/document.xml").findall(".//w:tbl", NS)
    for tbl in tables:
        check_table(path, tbl, styles)
    assert {"default", "even"} <= set(footer_parts(path))
    return d, tables


def texts(path):
    return [paragraph_text(p) for p in body_paragraphs(path)]


def convert_to_pdf(tmp_path: Path, files) -> Path:
    """Convert .docx files with LibreOffice (its own profile in tmp_path); returns the folder of the PDFs."""
    out = tmp_path / "pdf"
    out.mkdir()
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf",
         "--outdir", str(out), *map(str, files)],
        check=True, capture_output=True, timeout=240,
    )
    return out


TEMPLATES = Path(__file__).resolve().parents[2] / "resources" / "templates"


def render_shipped(key: str, context, path: Path, *, fonts=None) -> Path:
    """Fill the shipped template of document `key` (checked against its fields) and save it to `path`."""
    from desktop_app.fileio.documents import kind
    from desktop_app.fileio.docx_template import render_template

    document = kind(key)
    return render_template(TEMPLATES / document.file_name, context, path, fonts=fonts, fields=list(document.fields()))
