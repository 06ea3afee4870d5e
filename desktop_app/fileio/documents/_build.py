"""Helpers for building the shipped templates in code (the same page and styles as every document)."""
from __future__ import annotations

import datetime as _dt
from pathlib import Path

from desktop_app.fileio.official_doc import OfficialDocument

_FIXED = _dt.datetime(2026, 1, 1, 0, 0, 0)  # templates are rebuilt byte-stable: no "now" inside


def template_document(title: str) -> OfficialDocument:
    """A GB/T 9704 document in the standard fonts; the office's font setting is applied when rendering."""
    return OfficialDocument(title=title, author="县政协履职工作台")


def tag(doc: OfficialDocument, text: str) -> None:
    """A paragraph holding only a docxtpl tag (`{%p if … %}`, `{{p 表格 }}`): removed when rendered."""
    doc.paragraph(text)


def save_template(doc: OfficialDocument, path: Path) -> Path:
    core = doc.docx.core_properties
    core.created = _FIXED
    core.modified = _FIXED
    return doc.save(path)
