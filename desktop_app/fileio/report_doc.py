"""A report laid out as blocks (headings, paragraphs, tables, places for the office's own text), written as
a GB/T 9704 Word document. The services word the report; this module only sets it on the page.
"""
from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Union

from desktop_app.fileio.official_doc import SIZE_XIAO_SI, FontSet, OfficialDocument


@dataclass(frozen=True)
class Heading:
    level: int  # 1: 一、 2: （一） 3: 1.
    text: str


@dataclass(frozen=True)
class Para:
    text: str
    lead: str | None = None  # a bold run-in start, e.g. "一是"


@dataclass(frozen=True)
class TableBlock:
    headers: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]
    widths_mm: tuple[float, ...] | None = None
    caption: str | None = None  # a centred line above the table


@dataclass(frozen=True)
class OfficeText:
    """A marked place where the office writes its own text (highlighted in the document)."""

    text: str


Block = Union[Heading, Para, TableBlock, OfficeText]


@dataclass(frozen=True)
class ReportDocument:
    title: str
    blocks: tuple[Block, ...]
    subtitle: str | None = None
    signature: tuple[str, ...] = ()
    signed_on: _dt.date | None = None
    author: str = ""


def write_report(report: ReportDocument, path: str | os.PathLike, *, fonts: FontSet | None = None) -> Path:
    doc = OfficialDocument(fonts=fonts, title=report.title, author=report.author)
    doc.title(report.title)
    if report.subtitle:
        doc.subtitle(report.subtitle)
    for block in report.blocks:
        if isinstance(block, Heading):
            (doc.heading1, doc.heading2, doc.heading3)[min(block.level, 3) - 1](block.text)
        elif isinstance(block, Para):
            doc.paragraph(block.text, lead=block.lead)
        elif isinstance(block, OfficeText):
            doc.placeholder(block.text)
        elif isinstance(block, TableBlock):
            if block.caption:
                doc.centred(block.caption, role="hei")
            doc.table(block.headers, block.rows, block.widths_mm, font_size=SIZE_XIAO_SI)
    if report.signature:
        doc.signature(list(report.signature), report.signed_on)
    return doc.save(path)

