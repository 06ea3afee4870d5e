"""Word documents from templates the office can edit (docxtpl: Jinja tags inside a .docx).

A template holds the page, the styles and the wording; the program hands in a context of plain
values. Some values are more than text:

- `Table`: rows from records, written where a paragraph holds only `{{p 字段 }}`; its columns are
  sized from the content and it keeps the document's table styles;
- `Chart`: a PNG picture (a chart drawn by fileio.charts), written where `{{ 字段 }}` stands;
- `Paragraphs`: several body paragraphs in the style of the paragraph that holds the field.

Every value is escaped (a title with & or < cannot break the file) and stripped of control
characters. Before anything is written the template is checked (fileio.template_check) against the
fields the document offers; a problem is one Chinese sentence naming the field and the template.
After rendering, the office's font set replaces the standard typefaces, and characters outside
GB2312 (堃 喆 …) get a GBK font where the run's font lacks them.
"""
from __future__ import annotations

import io
import os
from datetime import date
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence

from desktop_app.domain.errors import InputFileProblem, ValidationError
from desktop_app.domain.text_safety import without_control_characters
from desktop_app.fileio.doc_fonts import ALT_NAMES, FontSet, split_by_font
from desktop_app.fileio.docx_xml import SIZE_SI, W_NS, XmlWriter

_PARAGRAPH_BREAK = "\a"  # docxtpl starts a new paragraph with the same properties here


def clean_text(text: str) -> str:
    """Text without control characters (tab and newline kept) or lone surrogates, which break a .docx."""
    return without_control_characters(text)


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(clean_text(text)))


class _Markup:
    """A value that renders as ready-made WordprocessingML (Jinja does not escape `__html__`)."""

    def __html__(self) -> str:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def __str__(self) -> str:
        return self.__html__()


@dataclass(frozen=True)
class Table(_Markup):
    """Rows from records as a bordered table; put `{{p 字段 }}` alone in a paragraph where it goes."""

    headers: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]
    font_size: float = SIZE_SI
    widths_mm: tuple[float, ...] | None = None  # None: sized from the content
    aligns: tuple[str | None, ...] | None = None
    row_height_mm: float | None = None
    keep_with_next: bool = False  # the last row keeps with the next paragraph (e.g. a contact line and the 落款)
    keep_together: bool | None = None  # None: kept on one page when it fits one (see XmlWriter.table)
    _xml: list = field(default_factory=list, compare=False, repr=False)  # set by render

    def __post_init__(self) -> None:
        object.__setattr__(self, "headers", tuple(self.headers))
        object.__setattr__(self, "rows", tuple(tuple(row) for row in self.rows))

    def __bool__(self) -> bool:
        return bool(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __html__(self) -> str:
        if not self._xml:
            raise RuntimeError("Table rendered outside render_template")
        return self._xml[0]


@dataclass(frozen=True)
class Chart(_Markup):
    """A picture of a chart (PNG bytes), `width_mm` wide; put `{{ 字段 }}` in a centred paragraph."""

    png: bytes
    width_mm: float = 150.0
    _xml: list = field(default_factory=list, compare=False, repr=False)

    def __html__(self) -> str:
        if not self._xml:
            raise RuntimeError("Chart rendered outside render_template")
        return self._xml[0]


@dataclass(frozen=True)
class Paragraphs(_Markup):
    """Several paragraphs, each in the style of the paragraph holding the field."""

    texts: tuple[str, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "texts", tuple(t for t in self.texts if t))

    def __bool__(self) -> bool:
        return bool(self.texts)

    def __html__(self) -> str:
        return _PARAGRAPH_BREAK.join(_escape(t) for t in self.texts)


@dataclass(frozen=True)
class Signature(_Markup):
    """落款: a blank line, the issuer's name and the date placed as GB/T 9704 §7.3.5.2 says; `{{p 字段 }}`."""

    issuer: tuple[str, ...]
    signed_on: "date | None" = None
    _xml: list = field(default_factory=list, compare=False, repr=False)

    def __post_init__(self) -> None:
        if isinstance(self.issuer, str):
            object.__setattr__(self, "issuer", (self.issuer,))

    def __html__(self) -> str:
        if not self._xml:
            raise RuntimeError("Signature rendered outside render_template")
        return self._xml[0]


def _signature_xml(value: Signature, writer: XmlWriter) -> str:
    from lxml import etree

    from desktop_app.domain.cn_format import format_cn_date
    from desktop_app.fileio.docx_xml import el, indent_element, signature_layout

    date_text = format_cn_date(value.signed_on) if value.signed_on else ""
    names = [clean_text(n) for n in value.issuer if n]
    name_right, date_left = signature_layout(names, date_text)
    # The blank line, the names and the date keep together: a date alone at the top of a page reads as lost.
    paragraphs = [el("w:p")]
    paragraphs[0].append(_styled("GwBody", keep_next=True))
    lines = [(n, "GwSignature", indent_element(right_pt=name_right), "right") for n in names]
    if date_text:
        lines.append((date_text, "GwDate", indent_element(left_pt=date_left), "left"))
    for number, (text, style, indent, jc) in enumerate(lines, 1):
        p = el("w:p")
        p_pr = _styled(style, keep_next=number < len(lines))
        p_pr.append(indent)
        p_pr.append(el("w:jc", val=jc))
        p.append(p_pr)
        writer.add_text(p, text, role="body", size=16.0)
        paragraphs.append(p)
    return "".join(etree.tostring(p, encoding="unicode") for p in paragraphs)


def _styled(style_id: str, *, keep_next: bool = False):
    from desktop_app.fileio.docx_xml import el

    p_pr = el("w:pPr")
    p_pr.append(el("w:pStyle", val=style_id))
    if keep_next:
        p_pr.append(el("w:keepNext"))
    return p_pr


def _finalize(value: Any) -> Any:
    """Jinja's last word on every `{{ }}`: text cleaned of control characters, None as empty."""
    if value is None:
        return ""
    if isinstance(value, str) and not hasattr(value, "__html__"):
        return clean_text(value)
    return value


# --- the fields a template may use ---------------------------------------------------------------
def field_examples(context: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Every dotted path of a context with an example value; a list's items are `名称[].字段`."""
    out: dict[str, Any] = {}
    for key, value in context.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out[path] = "（一组字段）"
            out.update(field_examples(value, path + "."))
        elif isinstance(value, (list, tuple)):
            out[path] = f"（列表，{len(value)}项）"
            first = value[0] if value else None
            if isinstance(first, Mapping):
                out.update(field_examples(first, path + "[]."))
        else:
            out[path] = value
    return out


def example_text(value: Any) -> str:
    """How `template fields` shows an example value."""
    if isinstance(value, Table):
        return f"（表格：{'、'.join(value.headers)}）"
    if isinstance(value, Chart):
        return "（图表）"
    if isinstance(value, Signature):
        from desktop_app.domain.cn_format import format_cn_date

        return f"（落款）{'、'.join(value.issuer)} {format_cn_date(value.signed_on)}"
    if isinstance(value, Paragraphs):
        return "（多段文字）" + (value.texts[0][:30] if value.texts else "")
    if isinstance(value, bool):
        return "是" if value else "否"
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


# --- rendering -------------------------------------------------------------------------------------
def _markup_values(value: Any) -> Iterator[_Markup]:
    if isinstance(value, (Table, Chart, Signature)):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _markup_values(item)
    elif isinstance(value, (list, tuple)) and not isinstance(value, Paragraphs):
        for item in value:
            yield from _markup_values(item)


def _prepare(tpl, context: Mapping[str, Any], writer: XmlWriter) -> None:
    """Turn each Table and Chart of the context into its XML for this document."""
    from docx.shared import Mm
    from docxtpl import InlineImage
    from lxml import etree

    for value in _markup_values(context):
        value._xml.clear()
        if isinstance(value, Table):
            rows = [[clean_text(str(c)) if c is not None else "" for c in row] for row in value.rows]
            tbl = writer.table([clean_text(h) for h in value.headers], rows, value.widths_mm,
                               font_size=value.font_size, aligns=value.aligns, row_height_mm=value.row_height_mm,
                               keep_with_next=value.keep_with_next, keep_together=value.keep_together)
            value._xml.append(etree.tostring(tbl, encoding="unicode"))
        elif isinstance(value, Signature):
            value._xml.append(_signature_xml(value, writer))
        else:
            # docxtpl sets the part being rendered only inside render(); a chart belongs to the body.
            if tpl.current_rendering_part is None:
                tpl.current_rendering_part = tpl.docx.part
            image = InlineImage(tpl, io.BytesIO(value.png), width=Mm(value.width_mm))
            value._xml.append(str(image))


def _environment():
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    # Sandboxed: an office's template can read the fields, never reach into Python.
    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined, finalize=_finalize)


def render_template(template: str | os.PathLike, context: Mapping[str, Any], out: str | os.PathLike, *,
                    fonts: FontSet | None = None, fields: Sequence[str] | None = None, name: str = "") -> Path:
    """Check `template` against `fields` (the context's own when None), fill it with `context`, save to `out`.

    Nothing is written when the template has a problem: a ValidationError lists each one.
    """
    from desktop_app.fileio.official_doc import save_docx
    from desktop_app.fileio.template_check import ensure_template_ok

    path = Path(template)
    label = name or path.name
    ensure_template_ok(path, fields if fields is not None else field_examples(context).keys(), name=label)
    document = render_to_document(path, context, fonts=fonts, name=label)
    return save_docx(document, out)


def render_to_document(template: Path, context: Mapping[str, Any], *, fonts: FontSet | None = None, name: str = ""):
    """The rendered python-docx Document (not saved); the template is assumed checked."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError, UndefinedError

    label = name or template.name
    fonts = fonts or FontSet.standard()
    try:
        tpl = DocxTemplate(str(template))
        tpl.render_init()
    except Exception as exc:  # python-docx raises several kinds for a damaged package
        raise InputFileProblem(f"模板“{label}”无法作为 Word 文档打开（文件可能已损坏），请恢复默认模板后再试。") from exc
    _prepare(tpl, context, XmlWriter(fonts))
    try:
        tpl.render(dict(context), jinja_env=_environment(), autoescape=True)
    except UndefinedError as exc:
        raise ValidationError(f"模板“{label}”用到了程序不提供的字段：{_undefined_name(exc)}。请在模板中改正或删去它。") from exc
    except TemplateError as exc:
        raise ValidationError(f"模板“{label}”的标签有误（{exc.message or exc}），请检查后再试。") from exc
    document = tpl.docx
    _drop_empty_runs(document.element.body)
    apply_font_set(document, fonts)
    return document


def _drop_empty_runs(body) -> None:
    """Remove the empty, unformatted runs docxtpl leaves behind a picture (`<w:r><w:t/></w:r>`)."""
    w = f"{{{W_NS}}}"
    for r in list(body.iter(f"{w}r")):
        children = list(r)
        if children and all(child.tag == f"{w}t" and not child.text for child in children):
            r.getparent().remove(r)


def _undefined_name(exc) -> str:
    match = re.search(r"'([^']+)' (?:is undefined|has no attribute '([^']+)')", str(exc))
    if not match:
        return str(exc)
    return f"“{match.group(2) or match.group(1)}”"


# --- fonts -----------------------------------------------------------------------------------------
def _font_map(fonts: FontSet) -> dict[str, str]:
    standard = FontSet.standard()
    return {getattr(standard, role): getattr(fonts, role) for role in ("title", "body", "kai", "hei", "song")
            if getattr(standard, role) != getattr(fonts, role)}


_RFONT_ATTRS = tuple(f"{{{W_NS}}}{name}" for name in ("ascii", "hAnsi", "eastAsia", "cs"))


def _remap_fonts(root, mapping: dict[str, str]) -> None:
    for node in root.iter(f"{{{W_NS}}}rFonts"):
        for attr in _RFONT_ATTRS:
            value = node.get(attr)
            if value in mapping:
                node.set(attr, mapping[value])


def _style_fonts(styles_root) -> dict[str | None, str]:
    """Each paragraph style's East Asian font, following basedOn; None: the document default."""
    w = f"{{{W_NS}}}"
    default = styles_root.find(f"{w}docDefaults/{w}rPrDefault/{w}rPr/{w}rFonts")
    fonts: dict[str | None, str] = {None: default.get(f"{w}eastAsia") if default is not None else ""}
    by_id = {s.get(f"{w}styleId"): s for s in styles_root.iter(f"{w}style")}

    def font_of(style_id: str, depth: int = 0) -> str:
        style = by_id.get(style_id)
        if style is None or depth > 10:
            return fonts[None]
        node = style.find(f"{w}rPr/{w}rFonts")
        if node is not None and node.get(f"{w}eastAsia"):
            return node.get(f"{w}eastAsia")
        based = style.find(f"{w}basedOn")
        return font_of(based.get(f"{w}val"), depth + 1) if based is not None else fonts[None]

    for style_id in by_id:
        fonts[style_id] = font_of(style_id)
    fonts.setdefault("Normal", fonts[None])
    return fonts


def _split_gbk_runs(root, style_fonts: dict[str | None, str], fonts: FontSet) -> None:
    """Give characters a GB2312-only font lacks (堃 喆 …) a GBK font, run by run."""
    import copy

    w = f"{{{W_NS}}}"
    for p in root.iter(f"{w}p"):
        style = p.find(f"{w}pPr/{w}pStyle")
        paragraph_font = style_fonts.get(style.get(f"{w}val") if style is not None else "Normal", style_fonts[None])
        for r in list(p.iter(f"{w}r")):
            texts = r.findall(f"{w}t")
            if len(texts) != 1 or not texts[0].text:
                continue
            text = texts[0].text
            try:
                text.encode("gb2312")
                continue
            except UnicodeEncodeError:
                pass
            run_fonts = r.find(f"{w}rPr/{w}rFonts")
            font = run_fonts.get(f"{w}eastAsia") if run_fonts is not None and run_fonts.get(f"{w}eastAsia") \
                else paragraph_font
            fallback = fonts.fallback_for(font)
            if not fallback:
                continue
            pieces = split_by_font(text, font, fallback)
            if len(pieces) == 1 and pieces[0][1] == font:
                continue
            parent = r.getparent()
            index = parent.index(r)
            for offset, (piece, piece_font) in enumerate(pieces):
                new = copy.deepcopy(r)
                new.find(f"{w}t").text = piece
                rpr = new.find(f"{w}rPr")
                if rpr is None:
                    from desktop_app.fileio.docx_xml import el
                    rpr = el("w:rPr")
                    new.insert(0, rpr)
                node = rpr.find(f"{w}rFonts")
                if node is None:
                    from desktop_app.fileio.docx_xml import el
                    node = el("w:rFonts")
                    rpr.insert(0, node)
                for attr in _RFONT_ATTRS:
                    node.set(attr, piece_font)
                parent.insert(index + offset, new)
            parent.remove(r)


def apply_font_set(document, fonts: FontSet) -> None:
    """The office's font set in every style, run, header, footer and the font table."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    mapping = _font_map(fonts)
    styles_root = document.styles.element
    roots = [document.element]
    for rel in document.part.rels.values():
        if rel.is_external:
            continue
        if rel.reltype in (RT.HEADER, RT.FOOTER):
            roots.append(rel.target_part.element)
    if mapping:
        _remap_fonts(styles_root, mapping)
        for root in roots:
            _remap_fonts(root, mapping)
        for rel in document.part.rels.values():
            if not rel.is_external and rel.reltype == RT.FONT_TABLE and hasattr(rel.target_part, "_blob"):
                blob = rel.target_part.blob
                for old, new in mapping.items():
                    alt = ALT_NAMES.get(new)
                    blob = blob.replace(f'w:name="{old}"'.encode(), f'w:name="{new}"'.encode())
                    if alt is None:
                        continue
                rel.target_part._blob = blob
    style_fonts = _style_fonts(styles_root)
    for root in roots:
        _split_gbk_runs(root, style_fonts, fonts)
