"""What every ledger import shares: finding sheet and header, reading rows, the preview, the backup.

A ledger import reads the whole file, checks every row, and reports a preview: rows to create,
to update, unchanged, records (homes, platforms, villages) it will create, and every problem
with its row and column. It commits all of it in one transaction after a backup, or nothing;
importing only the valid rows is an explicit choice.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Callable

from db.migrate import backup_sqlite_file
from desktop_app.domain.errors import Cancelled, Problem, ValidationError
from desktop_app.domain.normalize import clean_text, parse_date, scalar_text
from desktop_app.fileio.headers import ColumnSynonyms, HeaderGuess, detect_header, load_synonyms
from desktop_app.fileio.spreadsheet import Sheet, gc_paused, read_sheet, read_workbook
from desktop_app.services.changes import Changes
from desktop_app.services.context import ServiceContext
from desktop_app.services.progress import CancelFn, ProgressFn

_FOOTER_MARKS = ("合计", "总计", "小计", "备注：", "备注:", "注：", "注:", "说明：", "说明:", "填表人", "制表")


@dataclass(frozen=True)
class LedgerRow:
    number: int  # the row number Excel shows
    values: dict[str, object]


@dataclass
class LedgerSheet:
    """The data rows of one ledger sheet, with the header texts as the user wrote them."""

    file_name: str
    sheet_name: str
    header_row: int
    headers: dict[str, str]  # field code → header text in the file
    unknown_columns: list[str]
    rows: list[LedgerRow]
    synonyms: ColumnSynonyms
    hidden_rows: tuple[int, ...] = ()  # data rows hidden in Excel: imported like the others, but listed

    def column(self, code: str) -> str:
        return self.headers.get(code) or self.synonyms.fields[code].label

    def problem(self, row: LedgerRow, code: str | None, message: str) -> Problem:
        return Problem(message, row=row.number, column=self.column(code) if code else None, sheet=self.sheet_name)


@dataclass(frozen=True)
class LedgerPreview:
    """What an import will do (dry run) or did (committed)."""

    label: str
    file_name: str
    sheet: str
    header_row: int
    rows: int
    create: int
    update: int
    unchanged: int
    problems: tuple[Problem, ...] = ()
    skipped_rows: tuple[int, ...] = ()
    new_records: dict[str, tuple[str, ...]] = field(default_factory=dict)  # 委员之家 → names to create
    unknown_columns: tuple[str, ...] = ()
    details: dict[str, int] = field(default_factory=dict)  # 出席人次 … for the summary line
    hidden_rows: tuple[int, ...] = ()
    committed: bool = False
    backup: Path | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        """The preview as sentences for the terminal and the import dialog."""
        verb = "已导入" if self.committed else "将导入"
        out = [f"{self.label}“{self.file_name}”工作表“{self.sheet}”（标题行第{self.header_row}行）：共{self.rows}行，"
               f"{verb}新增{self.create}条、更新{self.update}条，{self.unchanged}条与数据库相同。"]
        extra = "，".join(f"{k}{v}" for k, v in self.details.items())
        if extra and (self.create or self.update):
            out.append(f"其中{extra}。")
        for label, names in self.new_records.items():
            if names:
                out.append(f"{'已新建' if self.committed else '将新建'}{label}{len(names)}个：{'、'.join(names)}")
        if self.hidden_rows:
            out.append(f"第{'、'.join(map(str, self.hidden_rows))}行在 Excel 中是隐藏的，也一并导入，请确认。")
        if self.unknown_columns:
            out.append(f"未识别的列（不导入）：{'、'.join(self.unknown_columns)}")
        if self.skipped_rows:
            out.append(f"跳过有问题的{len(self.skipped_rows)}行：第{'、'.join(map(str, self.skipped_rows))}行")
        return out



class LedgerImport:
    """`import <kind>`: preview, then all-or-nothing commit in one transaction after a backup.

    A kind names its `kind`, `label` and `changes`, and gives `parse(ctx, path, *, sheet, header_row, progress,
    cancelled)`, `make_preview(parsed, *, committed, backup, skipped)` and `write(ctx, parsed, progress, cancelled)`.
    """

    kind: str
    label: str
    changes: Changes
    parse: Callable
    make_preview: Callable
    write: Callable

    def __init__(self, ctx: ServiceContext):
        self._ctx = ctx

    def preview(self, path: Path, *, sheet: str | None = None, header_row: int | None = None,
                progress: ProgressFn | None = None, cancelled: CancelFn | None = None) -> LedgerPreview:
        return self.make_preview(self.parse(self._ctx, path, sheet=sheet, header_row=header_row, progress=progress,
                                            cancelled=cancelled))

    def commit(self, path: Path, *, skip_invalid: bool = False, sheet: str | None = None,
               header_row: int | None = None, progress: ProgressFn | None = None,
               cancelled: CancelFn | None = None) -> tuple[LedgerPreview, Changes]:
        # The collector paused: a ledger of 200,000 attendance rows builds millions of acyclic objects.
        with gc_paused():
            return self._commit(path, skip_invalid=skip_invalid, sheet=sheet, header_row=header_row,
                                progress=progress, cancelled=cancelled)

    def _commit(self, path: Path, *, skip_invalid: bool, sheet: str | None, header_row: int | None,
                progress: ProgressFn | None, cancelled: CancelFn | None) -> tuple[LedgerPreview, Changes]:
        parsed = self.parse(self._ctx, path, sheet=sheet, header_row=header_row, progress=progress,
                            cancelled=cancelled)
        if parsed.problems and not skip_invalid:
            raise ValidationError(
                f"{self.label}有{len(parsed.problems)}处问题（涉及{len(parsed.bad_rows)}行），未导入任何数据；"
                "请修改表格后重新导入，或选择只导入没有问题的行。", list(parsed.problems))
        backup = None
        if parsed.create or parsed.update:
            backup = backup_before_import(self._ctx, self.kind)
            self.write(self._ctx, parsed, progress, cancelled)
        preview = self.make_preview(parsed, committed=True, backup=backup, skipped=tuple(sorted(parsed.bad_rows)))
        return preview, self.changes

def _is_footer(row: list[object]) -> bool:
    first = next((v for v in row if v is not None and scalar_text(v).strip()), None)
    return first is not None and isinstance(first, str) and clean_text(first).startswith(_FOOTER_MARKS)


def _guess(sheet: Sheet, synonyms: ColumnSynonyms, header_row: int | None) -> HeaderGuess | None:
    index = header_row - 1 if header_row else None
    return detect_header(sheet.rows, synonyms, row_index=index)


def read_ledger(ctx: ServiceContext, path: Path, *, kind: str, sheet: str | None = None,
                header_row: int | None = None) -> LedgerSheet:
    """Find the sheet and header row, map the columns, and collect the data rows (blank and total rows left out)."""
    path = Path(path)
    synonyms = load_synonyms(ctx.resources, kind)
    candidates = ([read_sheet(path, sheet, detect_hidden=True)] if sheet
                  else [s for s in read_workbook(path, detect_hidden=True).sheets if not s.is_empty()])
    chosen: tuple[Sheet, HeaderGuess] | None = None
    for candidate in candidates:
        guess = _guess(candidate, synonyms, header_row)
        if guess is None:
            continue
        if not guess.missing:
            chosen = (candidate, guess)
            break
        if chosen is None or len(guess.mapping) > len(chosen[1].mapping):
            chosen = (candidate, guess)
    if chosen is None:
        raise ValidationError(
            f"在“{path.name}”中找不到{synonyms.label}的标题行，请确认表中有“{'”“'.join(_required_labels(synonyms))}”等列，"
            "或用 --header-row 指定标题行。")
    found, guess = chosen
    if guess.missing:
        labels = [synonyms.fields[c].label for c in guess.missing]
        raise ValidationError(
            f"“{path.name}”工作表“{found.name}”缺少必需的列：{'、'.join(labels)}；请补上这些列后再导入。",
            [Problem(f"缺少“{label}”列。", row=guess.row_index + 1, sheet=found.name) for label in labels])
    rows = []
    mapping = guess.mapping
    for index in range(guess.data_start, len(found.rows)):
        raw = found.rows[index]
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in raw) or _is_footer(raw):
            continue
        values = {code: (raw[col] if col < len(raw) else None) for col, code in mapping.items()
                  if not synonyms.fields[code].ignore}
        rows.append(LedgerRow(index + 1, values))
    headers = {code: guess.headers.get(col, synonyms.fields[code].label) for col, code in mapping.items()}
    hidden = tuple(r.number for r in rows if r.number - 1 in found.hidden_rows)
    return LedgerSheet(path.name, found.name, guess.row_index + 1, headers, [t for _, t in guess.unknown], rows,
                       synonyms, hidden)


def _required_labels(synonyms: ColumnSynonyms) -> list[str]:
    return [spec.label for spec in synonyms.fields.values() if spec.required]


def text_value(row: LedgerRow, code: str) -> str:
    return clean_text(row.values.get(code))


def date_value(ledger: LedgerSheet, row: LedgerRow, code: str, problems: list[Problem], *, required: bool):
    raw = row.values.get(code)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if required:
            problems.append(ledger.problem(row, code, "日期为空，请填写日期。"))
        return None
    value = parse_date(raw)
    if value is None:
        problems.append(ledger.problem(row, code, f"“{scalar_text(raw)}”不是日期，请写成 2025-03-18 或 2025年3月18日。"))
    return value


def check_cancel(cancelled: CancelFn | None) -> None:
    if cancelled is not None and cancelled():
        raise Cancelled()


def backup_before_import(ctx: ServiceContext, kind: str) -> Path | None:
    return backup_sqlite_file(ctx.engine, ctx.data.backups, f"before-import-{kind}")


def write_problem_report(source: Path, preview: LedgerPreview, out: Path) -> Path:
    """A copy of the ledger sheet with a 问题 column beside every row that has a problem."""
    from desktop_app.fileio.xlsx_writer import write_error_report

    rows = read_sheet(Path(source), preview.sheet).rows
    by_row: dict[int, list[Problem]] = {}
    for problem in preview.problems:
        by_row.setdefault(problem.row or preview.header_row, []).append(problem)
    return write_error_report(rows, preview.header_row - 1, by_row, out)


def pair_with_store(plans: list, stored: dict[tuple, list[tuple[int, object]]], *, key, content):
    """Match ledger rows to stored records with the same key: identical ones first, then the rest in order.

    `stored`: key → [(record id, content)], in id order. Returns (to create, [(plan, id)] to update,
    number unchanged). Two records may share a key (two meetings on one topic the same day).
    """
    by_key: dict[tuple, list] = {}
    for plan in plans:
        by_key.setdefault(key(plan), []).append(plan)
    create, updates, unchanged = [], [], 0
    for k, group in by_key.items():
        free = list(stored.get(k, []))
        rest = []
        for plan in group:
            same = next((i for i, (_, c) in enumerate(free) if c == content(plan)), None)
            if same is None:
                rest.append(plan)
            else:
                free.pop(same)
                unchanged += 1
        for plan in rest:
            if free:
                updates.append((plan, free.pop(0)[0]))
            else:
                create.append(plan)
    create.sort(key=lambda p: p.row)
    updates.sort(key=lambda pair: pair[0].row)
    return create, updates, unchanged


def identical_rows(plans: list, ledger: LedgerSheet, *, key, content, what: str) -> tuple[list, list[Problem]]:
    """Rows that repeat an earlier row exactly are problems (copied twice by mistake); the rest are kept."""
    seen: dict[tuple, int] = {}
    kept, problems = [], []
    for plan in plans:
        signature = (key(plan), content(plan))
        if signature in seen:
            problems.append(Problem(f"与第{seen[signature]}行完全相同，是重复的{what}，请删除其中一行。",
                                    row=plan.row, sheet=ledger.sheet_name))
            continue
        seen[signature] = plan.row
        kept.append(plan)
    return kept, problems


def _sqlite_value(value):
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return value


def driver_insert(s, table: str, columns: tuple[str, ...], params: list[tuple]) -> None:
    """One DB-API executemany of plain tuples: SQLAlchemy's per-row processing costs more than the insert itself.

    Dates go to SQLite as ISO text, the form SQLAlchemy's Date type stores there.
    """
    if not params:
        return
    connection = s.connection()
    dialect = connection.dialect
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    if dialect.name == "sqlite":
        dated = [i for i in range(len(columns))
                 if isinstance(next((row[i] for row in params if row[i] is not None), None), date)]
        if dated:
            converted = []
            for row in params:
                row = list(row)
                for i in dated:
                    row[i] = _sqlite_value(row[i])
                converted.append(tuple(row))
            params = converted
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"
    connection.exec_driver_sql(sql, params)
