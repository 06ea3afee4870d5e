"""The proposal ledger (提案台账) as a file: read a hand-made sheet into rows, write the program's ledger.

No database: names stay names here; the import service matches them to members, organizations
and units. Values are normalised with the office's vocabularies (handed in as domain objects).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from desktop_app.domain import proposal_rules
from desktop_app.domain.errors import Problem
from desktop_app.domain.normalize import clean_name, clean_text, is_blank, parse_bool_cn, parse_date, scalar_text
from desktop_app.domain.record_rules import at_cell
from desktop_app.domain.vocabulary import Vocabulary
from desktop_app.fileio.headers import HeaderGuess

_NAME_SPLIT = re.compile(r"[、，,；;/\s]+")
_CASE = re.compile(r"^\D*0*(\d+)\D*$")
DECISIONS = {"立案": "accepted", "不立案": "not_accepted", "并案": "merged", "撤案": "withdrawn", "待审查": "submitted"}
KINDS = {"委员提案": "member", "集体提案": "collective"}
VERDICTS = {"满意": "satisfied", "基本满意": "basically_satisfied", "不满意": "dissatisfied"}

# The columns the program writes, in order (the sample ledger's layout; 并入案号/分办单位 only when used).
EXPORT_COLUMNS = ("case_number", "title", "lead", "kind", "co_signers", "category", "submitted_on", "decision",
                  "merged_into", "lead_units", "joint_units", "separate_units", "assigned_on", "replied_on",
                  "reply_category", "feedback", "key_proposal")
OPTIONAL_COLUMNS = ("merged_into", "separate_units")


@dataclass
class LedgerRow:
    """One proposal as the ledger states it (names unresolved)."""

    row: int  # Excel row number
    title: str
    lead: str
    kind: str | None  # member / collective, None when the sheet does not say
    co_signers: tuple[str, ...] = ()
    case_number: int | None = None
    body: str | None = None
    category: str | None = None
    submitted_on: date | None = None
    decision: str | None = None
    merged_into: int | None = None
    lead_units: tuple[str, ...] = ()
    joint_units: tuple[str, ...] = ()
    separate_units: tuple[str, ...] = ()
    assigned_on: date | None = None
    replied_on: date | None = None
    reply_category: str | None = None
    feedback: str | None = None
    key: bool = False
    notes: str | None = None
    problems: list[Problem] = field(default_factory=list)


def split_names(value: object) -> tuple[str, ...]:
    """`邱英建、贺飞斌`, `甲，乙`, `甲 乙` → names (a name's inner full-width space is kept out first)."""
    text = clean_text(scalar_text(value).replace("\u3000", ""))
    return tuple(n for n in (clean_name(part) for part in _NAME_SPLIT.split(text)) if n)


def _case_number(value: object) -> int | None:
    text = scalar_text(value).strip()
    m = _CASE.match(text) if text else None
    return int(m.group(1)) if m else None


def _is_note_row(values: dict[str, object]) -> bool:
    first = clean_text(values.get("case_number") or values.get("title") or "")
    return first.startswith(("合计", "总计", "备注", "说明", "注："))


def parse_ledger_rows(sheet, header: HeaderGuess, vocabularies: dict[str, Vocabulary]) -> list[LedgerRow]:
    """Normalise every data row under the header (found by fileio.headers); each row carries its own problems."""
    rows = []
    for index in range(header.data_start, len(sheet.rows)):
        raw = sheet.rows[index]
        values = {code: raw[col] if col < len(raw) else None for col, code in header.mapping.items()}
        if all(is_blank(v) for v in values.values()) or _is_note_row(values):
            continue
        rows.append(_parse_row(index + 1, values, header, vocabularies, sheet.name))
    return rows


def _parse_row(row_number: int, values: dict, header: HeaderGuess, vocab: dict[str, Vocabulary], sheet: str) -> LedgerRow:
    labels = {code: header.headers.get(col, code) for col, code in header.mapping.items()}
    problems: list[Problem] = []

    def problem(code: str, message: str) -> None:
        problems.append(Problem(message, row=row_number, column=labels.get(code), sheet=sheet))

    def lookup(code: str, key: str, table: dict[str, str] | None, what: str) -> str | None:
        raw = clean_text(values.get(code))
        if not raw:
            return None
        name = vocab[key].canonical(raw) if key in vocab else raw
        if name is None or (table is not None and name not in table):
            allowed = "、".join(vocab[key].names) if key in vocab else "、".join(table or ())
            problem(code, f"{what}“{raw}”无法识别，应为：{allowed}。")
            return None
        return table[name] if table is not None else name

    def day(code: str, what: str) -> date | None:
        raw = values.get(code)
        if is_blank(raw):
            return None
        parsed = parse_date(raw)
        if parsed is None:
            problem(code, f"{what}“{scalar_text(raw)}”不是日期，请写成 2024-06-26 这样的格式。")
        return parsed

    def ruled(code: str, found: Problem | None) -> None:
        if found is not None:
            problems.append(at_cell(found, row=row_number, column=labels.get(code, found.column), sheet=sheet))

    title = clean_text(values.get("title"))
    lead = clean_name(values.get("lead"))
    ruled("title", proposal_rules.title_problem(title))
    if not lead:
        problem("lead", "缺少提案者。")
    case_raw = values.get("case_number")
    case_number = _case_number(case_raw)
    if not is_blank(case_raw) and case_number is None:
        problem("case_number", f"案号“{scalar_text(case_raw)}”无法识别，请写成 001 这样的数字。")
    merged_raw = values.get("merged_into")
    merged_into = _case_number(merged_raw)
    if not is_blank(merged_raw) and merged_into is None:
        problem("merged_into", f"并入案号“{scalar_text(merged_raw)}”无法识别。")
    key = parse_bool_cn(values.get("key_proposal"))
    if key is None:
        problem("key_proposal", f"重点提案一栏“{scalar_text(values.get('key_proposal'))}”应填“是”或留空。")
    reply_category = clean_text(values.get("reply_category")).upper().rstrip("类") or None
    if reply_category and reply_category not in ("A", "B", "C"):
        problem("reply_category", f"答复类别“{reply_category}”应为 A、B 或 C。")
        reply_category = None
    submitted_on = day("submitted_on", "提交日期")
    if not any(p.column == labels.get("submitted_on") for p in problems):
        ruled("submitted_on", proposal_rules.submitted_on_problem(submitted_on))
    assigned_on, replied_on = day("assigned_on", "交办日期"), day("replied_on", "答复日期")
    ruled("assigned_on", proposal_rules.dated_problem(assigned_on, "交办日期", "assigned_on"))
    ruled("replied_on", proposal_rules.dated_problem(replied_on, "答复日期", "replied_on"))
    category = clean_text(values.get("category")) or None
    if category and "proposal_category" in vocab:
        category = vocab["proposal_category"].canonical(category) or category
    ruled("category", proposal_rules.category_problem(category, vocab.get("proposal_category")))
    return LedgerRow(
        row=row_number, title=title, lead=lead, kind=lookup("kind", "proposal_kind", KINDS, "提案类型"),
        co_signers=split_names(values.get("co_signers")), case_number=case_number,
        body=clean_text(values.get("body")) or None, category=category,
        submitted_on=submitted_on, decision=lookup("decision", "proposal_decision", DECISIONS, "审查结果"),
        merged_into=merged_into, lead_units=split_names(values.get("lead_units")),
        joint_units=split_names(values.get("joint_units")), separate_units=split_names(values.get("separate_units")),
        assigned_on=assigned_on, replied_on=replied_on,
        reply_category=reply_category, feedback=lookup("feedback", "feedback_verdict", VERDICTS, "满意度"),
        key=bool(key), notes=clean_text(values.get("notes")) or None, problems=problems)


# The columns a row can leave to the stored proposal, and how the ledger's own text of each reads back.
_UNSTATED_READERS = {
    "case_number": _case_number, "kind": lambda v: KINDS.get(clean_text(v)), "co_signers": split_names,
    "body": lambda v: v or None, "category": lambda v: clean_text(v) or None, "submitted_on": lambda v: v,
    "decision": lambda v: DECISIONS.get(clean_text(v)), "merged_into": _case_number,
    "lead_units": split_names, "joint_units": split_names, "separate_units": split_names,
    "assigned_on": lambda v: v, "replied_on": lambda v: v, "reply_category": lambda v: clean_text(v) or None,
    "feedback": lambda v: VERDICTS.get(clean_text(v)), "key_proposal": lambda v: bool(parse_bool_cn(v)),
    "notes": lambda v: v or None,
}
_ROW_FIELD = {"key_proposal": "key"}


def fill_unstated(row: LedgerRow, stored: dict, stated: set[str]) -> None:
    """Take what the sheet has no column for from the stored proposal (`stored` as the ledger export writes it),
    so that a ledger without, say, 提案内容 or 满意度 leaves those as they are."""
    for code, read in _UNSTATED_READERS.items():
        if code not in stated and code in stored:
            setattr(row, _ROW_FIELD.get(code, code), read(stored[code]))


def write_ledger(path: str | Path, *, title: str, labels: dict[str, str], rows: list[dict],
                 sheet_name: str | None = None) -> Path:
    """The program's ledger in the shared workbook style: title row, header, one row per proposal."""
    from desktop_app.fileio.xlsx_writer import ColumnSpec, SheetSpec, write_table_workbook

    columns = [c for c in EXPORT_COLUMNS if c not in OPTIONAL_COLUMNS or any(r.get(c) for r in rows)]
    widths = {"title": 40, "co_signers": 24, "lead_units": 18, "joint_units": 18, "separate_units": 18, "lead": 16}
    specs = [ColumnSpec(labels[c], "date" if c.endswith("_on") else "text", widths.get(c)) for c in columns]
    sheet = SheetSpec(title=title, columns=specs, rows=[[row.get(c) for c in columns] for row in rows],
                      name=sheet_name, landscape=True)
    return write_table_workbook(path, [sheet])
