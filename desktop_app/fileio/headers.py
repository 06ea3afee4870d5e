"""Finding the header row of a hand-made sheet and mapping its columns to fields.

Column synonyms live as data in resources/columns/<kind>.json. Matching folds both sides:
full-width forms, spaces and line breaks, a leading `*`, a trailing colon and case are
ignored, and a bracketed remark (`联系电话（手机）`) is tolerated.

A header may take two rows: a group cell (基本情况) merged over its sub-headers (性别, 民族,
出生年月) in the row below, the other columns merged down over both rows (or, in a CSV file,
written in the first line with the second left empty). Each column then takes its sub-header
when it has one, else the text above; the data starts under the second row. This is the one
header search of every import (rosters and ledgers alike).
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】|<[^<>]*>|〔[^〔〕]*〕")
_PUNCT = str.maketrans({"(": "", ")": "", "[": "", "]": "", "【": "", "】": "", "*": "", ":": "",
                        "、": "", "/": "", "_": "", "-": "", "·": ""})
_MAX_CONTAINS_LEN = 14  # longer cells are titles or notes, never headers


def header_text(value: object) -> str:
    """A header cell as people read it: line breaks and spaces between Chinese characters removed."""
    if value is None:
        return ""
    s = " ".join(str(value).split())
    return re.sub(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])", "", s).strip()


def fold_header(value: object) -> str:
    """The key a header is matched by: NFKC, no spaces, no brackets or markers, lower case."""
    if value is None:
        return ""
    s = unicodedata.normalize("NFKC", str(value)).casefold()
    s = "".join(s.split())
    return s.strip("*:：").translate(_PUNCT)


def _fold_variants(value: object) -> list[str]:
    """Keys to try, most exact first: whole text, then without bracketed remarks."""
    s = unicodedata.normalize("NFKC", str(value)).casefold()
    s = "".join(s.split())
    keys = [s.strip("*:").translate(_PUNCT)]
    without = _BRACKETED.sub("", s).strip("*:").translate(_PUNCT)
    if without and without != keys[0]:
        keys.append(without)
    return keys


@dataclass(frozen=True)
class FieldSpec:
    """One importable field: code name, Chinese label and how it is written in sheets."""

    code: str
    label: str
    synonyms: tuple[str, ...]
    required: bool = False
    vocabulary: str | None = None
    type: str = "text"
    ignore: bool = False


@dataclass
class ColumnSynonyms:
    """The header synonyms of one kind of import (members, proposals, …)."""

    kind: str
    label: str
    fields: dict[str, FieldSpec]
    _index: dict[str, str] = field(default_factory=dict, init=False, repr=False)
    _by_length: list[tuple[str, str]] = field(default_factory=list, init=False, repr=False)

    def __post_init__(self) -> None:
        index: dict[str, str] = {}
        for spec in self.fields.values():  # labels and synonyms; the first field to claim a key keeps it
            for text in (spec.label, *spec.synonyms):
                for key in _fold_variants(text):
                    index.setdefault(key, spec.code)
        self._index = index
        self._by_length = sorted(((k, v) for k, v in index.items() if len(k) >= 2), key=lambda kv: -len(kv[0]))

    @classmethod
    def from_dict(cls, data: dict) -> "ColumnSynonyms":
        fields = {}
        for code, spec in data["fields"].items():
            if isinstance(spec, list):  # the short form: field → list of synonyms
                spec = {"label": spec[0] if spec else code, "synonyms": spec}
            fields[code] = FieldSpec(
                code=code,
                label=spec.get("label", code),
                synonyms=tuple(spec.get("synonyms", ())),
                required=bool(spec.get("required", False)),
                vocabulary=spec.get("vocabulary"),
                type=spec.get("type", "text"),
                ignore=bool(spec.get("ignore", False)),
            )
        return cls(kind=data.get("kind", ""), label=data.get("label", ""), fields=fields)

    def field_for(self, header: object) -> tuple[str | None, bool]:
        """(field code, exact?) for a header cell: exact after folding, else the longest synonym it contains."""
        if header is None:
            return None, False
        variants = _fold_variants(header)
        for key in variants:
            code = self._index.get(key)
            if code:
                return code, True
        key = variants[-1]
        if 2 <= len(key) <= _MAX_CONTAINS_LEN:
            for syn, code in self._by_length:
                if syn in key:
                    return code, False
        return None, False

    @property
    def labels(self) -> dict[str, str]:
        return {code: spec.label for code, spec in self.fields.items()}


def load_synonyms(resources_dir: str | Path, kind: str) -> ColumnSynonyms:
    """Read resources/columns/<kind>.json (give the resources folder or its columns subfolder)."""
    folder = Path(resources_dir)
    path = folder / "columns" / f"{kind}.json"
    if not path.exists():
        path = folder / f"{kind}.json"
    return ColumnSynonyms.from_dict(json.loads(path.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class HeaderGuess:
    """Where the header is and what each column holds.

    row_index: 0-based index into the sheet's rows (Excel row = row_index + 1).
    mapping: column index → field code. unknown: (column index, header text) not mapped.
    headers: column index → header text as written (tidied), for messages and error reports.
    missing: required fields no column maps to. score: share of non-empty header cells mapped.
    """

    row_index: int
    mapping: dict[int, str]
    unknown: list[tuple[int, str]]
    score: float
    headers: dict[int, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    height: int = 1  # header rows: 2 for a group row over sub-headers

    @property
    def data_start(self) -> int:
        """0-based index of the first row under the header."""
        return self.row_index + self.height

    def column_of(self, code: str) -> int | None:
        for index, f in self.mapping.items():
            if f == code:
                return index
        return None

    def saved_mapping(self) -> dict[str, str]:
        """Folded header text → field, for remembering the user's choices next time."""
        return {fold_header(self.headers[i]): f for i, f in self.mapping.items() if i in self.headers}


def map_header_row(
    rows: list[list[object]],
    row_index: int,
    synonyms: ColumnSynonyms,
    *,
    overrides: dict[str, str | None] | None = None,
    saved: dict[str, str] | None = None,
) -> HeaderGuess:
    """Map the columns of row `row_index`: overrides (header text → field, None = ignore) first, then a saved mapping, then synonyms."""
    row = rows[row_index] if 0 <= row_index < len(rows) else []
    folded_overrides = {fold_header(k): v for k, v in (overrides or {}).items()}
    saved = {fold_header(k): v for k, v in (saved or {}).items()}
    mapping: dict[int, str] = {}
    unknown: list[tuple[int, str]] = []
    headers: dict[int, str] = {}
    taken: set[str] = set()
    non_empty = 0
    exact_hits = 0
    for index, cell in enumerate(row):
        text = header_text(cell)
        if not text:
            continue
        non_empty += 1
        headers[index] = text
        key = fold_header(cell)
        if key in folded_overrides:
            code, exact = folded_overrides[key], True
        elif key in saved:
            code, exact = saved[key], True
        else:
            code, exact = synonyms.field_for(cell)
        if code is None or code not in synonyms.fields:
            if key not in folded_overrides:  # deliberately ignored columns are not "unknown"
                unknown.append((index, text))
            continue
        if code in taken:  # a second column for the same field: list it, keep the first
            unknown.append((index, text))
            continue
        taken.add(code)
        mapping[index] = code
        exact_hits += 1 if exact else 0
    score = (len(mapping) + exact_hits) / (2 * non_empty) if non_empty else 0.0
    missing = [c for c, s in synonyms.fields.items() if s.required and c not in taken]
    return HeaderGuess(row_index=row_index, mapping=mapping, unknown=unknown, score=score,
                       headers=headers, missing=missing)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _two_row_header(rows: list[list[object]], index: int, synonyms: ColumnSynonyms) -> list[object] | None:
    """Rows `index` and `index + 1` read as one header (group row over sub-headers), or None when the
    second row is not a row of sub-headers (at least two cells, mostly known headers, matched exactly)."""
    if index + 1 >= len(rows):
        return None
    top, sub = rows[index], rows[index + 1]
    texts = [v for v in sub if not _blank(v)]
    if len(texts) < 2:
        return None
    exact = 0
    for value in texts:
        code, is_exact = synonyms.field_for(value)
        exact += bool(code and is_exact)
    if exact < 2 or 2 * exact < len(texts):
        return None
    width = max(len(top), len(sub))
    return [(sub[c] if c < len(sub) and not _blank(sub[c]) else (top[c] if c < len(top) else None))
            for c in range(width)]


def _guess_at(rows: list[list[object]], index: int, synonyms: ColumnSynonyms, *,
              overrides: dict[str, str | None] | None, saved: dict[str, str] | None) -> HeaderGuess:
    """The header at row `index`: one row, or two when the row below holds sub-headers that map more fields."""
    single = map_header_row(rows, index, synonyms, overrides=overrides, saved=saved)
    combined_row = _two_row_header(rows, index, synonyms)
    if combined_row is None:
        return single
    combined = map_header_row([combined_row], 0, synonyms, overrides=overrides, saved=saved)
    if len(combined.mapping) <= len(single.mapping):
        return single
    return HeaderGuess(row_index=index, mapping=combined.mapping, unknown=combined.unknown, score=combined.score,
                       headers=combined.headers, missing=combined.missing, height=2)


def detect_header(
    rows: list[list[object]],
    synonyms: ColumnSynonyms,
    max_scan: int = 20,
    *,
    saved: dict[str, str] | None = None,
    overrides: dict[str, str | None] | None = None,
    row_index: int | None = None,
) -> HeaderGuess | None:
    """The first of the top `max_scan` rows in which most non-empty cells are known headers; None if no row qualifies.

    Give `row_index` to use the user's chosen header row instead of guessing. A header of two rows
    (see the module's note) is found either way.
    """
    if row_index is not None:
        return _guess_at(rows, row_index, synonyms, overrides=overrides, saved=saved)
    best: HeaderGuess | None = None
    for index in range(min(max_scan, len(rows))):
        if sum(1 for v in rows[index] if v is not None and str(v).strip()) < 2:
            continue
        guess = _guess_at(rows, index, synonyms, overrides=overrides, saved=saved)
        if len(guess.mapping) < 2:
            continue
        if guess.score >= 0.5:
            return guess
        if best is None or (len(best.mapping), best.score) < (len(guess.mapping), guess.score):
            best = guess
    return best
