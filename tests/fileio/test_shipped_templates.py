"""The shipped templates: rebuilt from code they match resources/templates/, check clean, and fill their examples."""
from __future__ import annotations

import zipfile

import pytest

from desktop_app.fileio.documents import all_kinds
from desktop_app.fileio.docx_template import render_template
from desktop_app.fileio.template_check import check_template_docx
from tests.fileio.docx_checks import TEMPLATES

KINDS = {document.key: document for document in all_kinds()}
_COMPARED = ("word/document.xml", "word/styles.xml", "word/settings.xml")


@pytest.mark.parametrize("key", sorted(KINDS))
def test_shipped_template_is_what_the_code_builds(key, tmp_path):
    document = KINDS[key]
    built = document.build_template(tmp_path / document.file_name)
    shipped = TEMPLATES / document.file_name
    assert shipped.is_file(), f"run: python -m desktop_app.fileio.documents (writes {shipped.name})"
    with zipfile.ZipFile(built) as new, zipfile.ZipFile(shipped) as old:
        for name in _COMPARED + tuple(n for n in new.namelist() if n.startswith(("word/footer", "word/header"))):
            assert new.read(name) == old.read(name), (
                f"{shipped.name}: {name} differs from the code; run python -m desktop_app.fileio.documents")


@pytest.mark.parametrize("key", sorted(KINDS))
def test_every_field_is_described_and_the_template_uses_only_known_fields(key):
    document = KINDS[key]
    fields = document.fields()
    assert set(fields) <= set(document.descriptions) | {p for p in fields if "[]." in p and
                                                       p.split("[].")[0] in document.descriptions}, \
        sorted(set(fields) - set(document.descriptions))
    assert not set(document.descriptions) - set(fields), "described fields the document does not fill"
    assert check_template_docx(TEMPLATES / document.file_name, fields) == []


@pytest.mark.parametrize("key", sorted(KINDS))
def test_the_example_fills_the_shipped_template(key, tmp_path):
    document = KINDS[key]
    out = render_template(TEMPLATES / document.file_name, document.example(), tmp_path / "out.docx",
                          fields=list(document.fields()))
    with zipfile.ZipFile(out) as z:
        xml = z.read("word/document.xml").decode()
    assert "{{" not in xml and "{%" not in xml
