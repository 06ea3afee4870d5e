"""The Word documents the program writes, each from a template the office may edit.

Every document is a `DocumentKind`: its template's file name (the Chinese title, e.g. 签到表.docx),
the function that builds the shipped template (`python -m desktop_app.fileio.documents` writes them
all to resources/templates/), an example of the fields it fills (what `template fields` prints and
what `template check` renders), and what each field holds.

The fields are Chinese names, as the office reads them in Word: `{{ 标题 }}`, `{{ 提案.立案率 }}`,
`{% for 项 in 提案清单 %}`. A document module turns its DTO into that context with `context(dto)`;
the example context comes from the same function, so the fields offered and those filled agree.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

# key → module holding KIND; kept as names so that listing the documents imports no Word library.
_MODULES = {
    "annual": "desktop_app.fileio.documents.annual",
    "proposals": "desktop_app.fileio.documents.proposals_report",
    "members": "desktop_app.fileio.documents.member_record",
    "notice": "desktop_app.fileio.documents.notice",
    "reminder": "desktop_app.fileio.documents.reminder",
    "proposal_form": "desktop_app.fileio.documents.proposal_form",
    "satisfaction": "desktop_app.fileio.documents.satisfaction",
    "sign_in": "desktop_app.fileio.documents.sign_in",
}


@dataclass(frozen=True)
class DocumentKind:
    key: str  # the command line's name: annual, proposals, sign_in …
    title: str  # 年度工作总结; the template is `{title}.docx`
    purpose: str  # one sentence for `template list` and the 设置 page
    build_template: Callable[[Path], Path]  # writes the shipped template to a path
    example: Callable[[], Mapping[str, Any]]  # an example context: every field with a plausible value
    descriptions: Mapping[str, str]  # field path → what it holds (paths as in docx_template.field_examples)

    @property
    def file_name(self) -> str:
        return f"{self.title}.docx"

    def fields(self) -> dict[str, Any]:
        """Every field path the template may use, with its example value."""
        from desktop_app.fileio.docx_template import field_examples

        return field_examples(self.example())


def document_keys() -> tuple[str, ...]:
    return tuple(_MODULES)


def available() -> tuple[str, ...]:
    """The keys whose module exists in this version."""
    out = []
    for key, module in _MODULES.items():
        if importlib.util.find_spec(module) is not None:
            out.append(key)
    return tuple(out)


def kind(key: str) -> DocumentKind:
    """The document by its key (annual) or title (年度工作总结, with or without .docx)."""
    wanted = key.strip()
    if wanted.lower().endswith(".docx"):
        wanted = wanted[:-5]
    for k in available():
        found = importlib.import_module(_MODULES[k]).KIND
        if wanted in (found.key, found.title):
            return found
    raise KeyError(key)


def all_kinds() -> tuple[DocumentKind, ...]:
    return tuple(kind(k) for k in available())
