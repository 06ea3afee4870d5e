"""The one import pipeline: read once → find the header → mapping → normalise → validate → plan → commit(plan).

Every import (花名册, 提案台账, 委员之家活动台账, 有事来商量台账, 社情民意信息台账, and the list of
villages and rooms) runs through `LedgerImporter`. A kind (`ImportKind`) supplies only its
columns (resources/columns/<kind>.json), its row conversion (`parse`: normalise and validate,
no stored records) and its matching against stored records (`plan`), and how to `write` a plan.

* `open(path)` reads the file once (control characters removed, each cell changed listed);
  `locate(source, options)` finds the sheet and header in what was read (fileio.headers);
* `preview(located)` plans outside any lock, writing nothing: the plan the user sees;
* `commit(located, preview)` plans again inside the write transaction (BEGIN IMMEDIATE on
  SQLite, so two importing processes cannot both plan the same new people). If that plan differs
  from the preview (someone wrote meanwhile) it raises PlanChanged with the difference in one
  sentence and the new plan, and changes nothing; otherwise it backs up the database and writes.
  Like every write it returns `Changes`: the parts it touched (the kind's own, and those of the records it
  created — committees, homes, villages, units, a session) and a `Batch` (counts, the summary lines, the
  skipped rows' problems, the backup).

One plan type, `ImportPlan`: every row is new, changed (with the changed fields), unchanged,
a duplicate of an earlier row of the file, or refused (with its problems).
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import Any, Sequence

from sqlalchemy.exc import OperationalError

from desktop_app.domain.errors import (Cancelled, EnvironmentProblem, InputFileProblem, PlanChanged, Problem,
                                       ValidationError)
from desktop_app.services.changes import Batch, Changes
from desktop_app.services.context import ServiceContext
from desktop_app.services.progress import CancelFn, ProgressFn
from desktop_app.services.transfer import backup_database

DUPLICATE = "duplicate"  # the rule of a problem that marks a row repeating an earlier row of the file


class Outcome(str, Enum):
    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    DUPLICATE = "duplicate"
    REFUSED = "refused"

    @property
    def label(self) -> str:
        return {"new": "新增", "changed": "更新", "unchanged": "无变化", "duplicate": "文件内重复",
                "refused": "有问题"}[self.value]


@dataclass(frozen=True)
class ImportOptions:
    sheet: str | None = None  # None = find it
    header_row: int | None = None  # 1-based; None = find it
    mapping: dict[str, str | None] | None = None  # header text → field code (None = do not import)
    save_mapping: bool = False  # remember the mapping (花名册)
    session_code: str | None = None  # 提案台账: the session T-N


@dataclass
class SourceFile:
    """A file as read, once: its sheets with control characters removed."""

    path: Path
    workbook: Any  # fileio.spreadsheet.Workbook
    cleaned: dict[str, list] = field(default_factory=dict)  # sheet name → [CellCleaning]

    @property
    def name(self) -> str:
        return self.path.name


@dataclass
class Located:
    """The sheet and header chosen in a source file, with the kind's parse of its rows (made once)."""

    source: SourceFile
    options: ImportOptions
    sheet: Any  # fileio.spreadsheet.Sheet
    header: Any  # fileio.headers.HeaderGuess
    synonyms: Any  # fileio.headers.ColumnSynonyms
    parsed: Any = None
    parsed_with: Any = None  # what the parse depended on (the vocabularies), to parse again if it changed
    # A kind's work that depends on the parse and on stored records, kept with the records it was made from:
    # the commit plans again, and reuses it only when those records are unchanged. Cleared with the parse.
    memo: dict = field(default_factory=dict)

    @property
    def cleaned_lines(self) -> tuple[str, ...]:
        return tuple(c.describe(self.header.headers) for c in self.source.cleaned.get(self.sheet.name, ()))


@dataclass(frozen=True)
class SheetPreview:
    """The sheet and header found, the column mapping and the first rows (the wizard's mapping page)."""

    sheet_names: list[str]
    sheet: str
    header_row: int
    header_rows: int
    headers: list[str]
    mapping: dict[str, str]
    unknown_columns: list[str]
    first_rows: list[list[str]]
    field_labels: dict[str, str]


@dataclass(frozen=True)
class RowPlan:
    row: int
    name: str
    outcome: Outcome
    changed: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def action(self) -> str:
        return self.outcome.value


@dataclass(frozen=True)
class ImportPlan:
    """What an import will do (a preview) or did (`committed`)."""

    kind: str
    label: str  # 委员花名册, 提案台账 …
    unit: str  # 人, 件, 次, 篇, 个
    file_name: str
    sheet: str
    header_row: int  # 1-based, the first header row
    header_rows: int
    row_numbers: tuple[int, ...]  # Excel row of every data row
    outcomes: tuple[Outcome, ...]  # the outcome of every data row
    names: Sequence[str] = field(default=(), compare=False)  # what each row is called (姓名, 标题 …)
    name_label: str = field(default="", compare=False)  # and what that is: 姓名, 案由, 活动名称 …
    changed: dict[int, tuple[str, ...]] = field(default_factory=dict)  # Excel row → changed field labels
    problems: tuple[Problem, ...] = ()
    new_records: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (委员之家, names to create)
    unknown_columns: tuple[str, ...] = ()
    hidden_rows: tuple[int, ...] = ()
    skipped_rows: tuple[int, ...] = ()
    cleaned: tuple[str, ...] = ()  # 第5行“姓名”：删除了1个控制字符
    details: tuple[tuple[str, int], ...] = ()  # 出席人次 … for the summary line
    notes: tuple[str, ...] = ()  # the kind's own sentences (归入第十四届第三次会议 …)
    work: Any = field(default=None, compare=False, repr=False)  # what the kind's write needs
    committed: bool = False
    backup: Path | None = None

    def count(self, outcome: Outcome) -> int:
        return self.outcomes.count(outcome)

    @property
    def new(self) -> int:
        return self.count(Outcome.NEW)

    @property
    def updated(self) -> int:
        return self.count(Outcome.CHANGED)

    @property
    def unchanged(self) -> int:
        return self.count(Outcome.UNCHANGED)

    @property
    def duplicates(self) -> int:
        return self.count(Outcome.DUPLICATE)

    @property
    def refused(self) -> int:
        return self.count(Outcome.REFUSED)

    @property
    def skipped(self) -> int:
        return self.duplicates + self.refused

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def writes(self) -> bool:
        """True when committing it writes something: a new or changed row, or a record to create."""
        return bool(self.new or self.updated or any(names for _, names in self.new_records))

    @property
    def invalid_rows(self) -> list[int]:
        return sorted({p.row for p in self.problems if p.row is not None})

    def new_names(self, label: str) -> tuple[str, ...]:
        return dict(self.new_records).get(label, ())

    @property
    def rows(self) -> list[RowPlan]:
        """Every data row with its outcome, changed fields and problems (built when asked)."""
        by_row: dict[int, list[Problem]] = {}
        for p in self.problems:
            if p.row is not None:
                by_row.setdefault(p.row, []).append(p)
        names = self.names or [""] * len(self.row_numbers)
        return [RowPlan(r, names[i] if i < len(names) else "", o, self.changed.get(r, ()), tuple(by_row.get(r, ())))
                for i, (r, o) in enumerate(zip(self.row_numbers, self.outcomes))]

    def _key(self) -> tuple:
        return (self.row_numbers, self.outcomes, self.changed, self.new_records,
                tuple((p.row, p.column, p.message) for p in self.problems))

    def difference(self, other: "ImportPlan") -> str | None:
        """How `other` (planned again) differs from this plan, in one sentence; None when they agree."""
        if self._key() == other._key():
            return None
        parts: list[str] = []
        names = dict(zip(self.row_numbers, self.names or ()))
        mine = dict(zip(self.row_numbers, self.outcomes))
        theirs = dict(zip(other.row_numbers, other.outcomes))
        rows = [r for r in sorted(set(mine) | set(theirs))
                if mine.get(r) != theirs.get(r) or self.changed.get(r) != other.changed.get(r)]
        for r in rows[:5]:
            who = f"第{r}行{('“' + names[r] + '”') if names.get(r) else ''}"
            before, after = mine.get(r), theirs.get(r)
            if before == after:
                parts.append(f"{who}要更新的项目由{'、'.join(self.changed.get(r, ())) or '无'}变为"
                             f"{'、'.join(other.changed.get(r, ())) or '无'}")
            else:
                parts.append(f"{who}原为{before.label if before else '未列出'}，现为{after.label if after else '未列出'}")
        if len(rows) > 5:
            parts.append(f"等共{len(rows)}行")
        for label, names_now in other.new_records:
            before_names = self.new_names(label)
            if before_names != names_now:
                parts.append(f"将新建的{label}由{len(before_names)}个变为{len(names_now)}个")
        if not parts:
            parts.append(f"问题清单由{len(self.problems)}处变为{len(other.problems)}处")
        return "；".join(parts) + "。"

    def summary(self) -> str:
        verb = "已导入" if self.committed else "将导入"
        return (f"{self.label}“{self.file_name}”工作表“{self.sheet}”（表头在第{self.header_row}行"
                + (f"至第{self.header_row + self.header_rows - 1}行" if self.header_rows > 1 else "")
                + f"）：共{len(self.row_numbers)}行，{verb}新增{self.new}{self.unit}、更新{self.updated}{self.unit}，"
                f"{self.unchanged}{self.unit}与数据库相同，文件内重复{self.duplicates}行，有问题{self.refused}行。")

    def lines(self, *, updates: bool = True) -> list[str]:
        """The plan as sentences for the terminal and the import dialogs."""
        out = [self.summary(), *self.notes]
        extra = "，".join(f"{k}{v}" for k, v in self.details)
        if extra and (self.new or self.updated):
            out.append(f"其中{extra}。")
        if updates:
            names = dict(zip(self.row_numbers, self.names or ()))
            for row, labels in sorted(self.changed.items())[:200]:
                who = f"“{names[row]}”" if names.get(row) else ""
                out.append(f"  第{row}行{who}：{'已更新' if self.committed else '将更新'}{'、'.join(labels)}")
        for label, names in self.new_records:
            if names:
                out.append(f"{'已新建' if self.committed else '将新建'}{label}{len(names)}个：{'、'.join(names)}")
        if self.hidden_rows:
            out.append(f"第{'、'.join(map(str, self.hidden_rows))}行在 Excel 中是隐藏的，也一并导入，请确认。")
        if self.unknown_columns:
            out.append(f"未识别的列（不导入）：{'、'.join(self.unknown_columns)}")
        if self.cleaned:
            out.append(f"已清除{len(self.cleaned)}个单元格中的控制字符：")
            out.extend(f"  {line}" for line in self.cleaned)
        if self.committed and self.skipped:
            out.append(f"跳过有问题的{len(self.invalid_rows)}行：第{'、'.join(map(str, self.invalid_rows))}行")
        return out


@dataclass
class KindPlan:
    """What a kind's `plan` hands back; the pipeline makes the ImportPlan of it."""

    row_numbers: Sequence[int]
    outcomes: Sequence[Outcome]
    names: Sequence[str] = ()
    changed: dict[int, tuple[str, ...]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    new_records: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    details: list[tuple[str, int]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped_rows: Sequence[int] = ()
    hidden_rows: Sequence[int] = ()
    work: Any = None


class ImportKind:
    """One kind of import. Subclasses set the names and implement parse, plan and write."""

    kind: str  # resources/columns/<kind>.json
    label: str  # 委员花名册
    unit: str = "条"
    key_field: str = ""  # the header must map this field
    key_label: str = ""  # and this is how it is called
    changes: Changes = Changes()  # what every import of the kind changes
    # new_records label → the part of Changes such records belong to (委员之家 → homes)
    record_parts: dict[str, str] = {}

    def changes_of(self, plan: ImportPlan) -> Changes:
        """The parts a committed plan changed: the kind's own, and those of the records it created."""
        made = {self.record_parts[label] for label, names in plan.new_records if names and label in self.record_parts}
        return self.changes | Changes(**{part: True for part in made})

    def warm_up(self, ctx: ServiceContext) -> None:
        """Load what parsing will need while the file is being read (another thread holds the GIL rarely)."""

    def saved_mapping(self, ctx: ServiceContext, s) -> dict[str, str] | None:
        return None

    def parse_inputs(self, ctx: ServiceContext, s) -> Any:
        """What the parse depends on besides the file (the vocabularies); the parse is made again if it changed."""
        from desktop_app.services.settings import load_vocabularies

        return load_vocabularies(s)

    def parse(self, ctx: ServiceContext, located: Located, inputs: Any) -> Any:
        """Normalise and validate the rows (no stored records); the result has `problems`."""
        raise NotImplementedError

    def plan(self, ctx: ServiceContext, s, located: Located, parsed: Any, *, progress: ProgressFn | None,
             cancelled: CancelFn | None) -> KindPlan:
        """Match the parsed rows against stored records; write nothing."""
        raise NotImplementedError

    def write(self, ctx: ServiceContext, s, located: Located, plan: ImportPlan, *, progress: ProgressFn | None,
              cancelled: CancelFn | None) -> None:
        """Write the plan's new and changed rows (only the rows without problems)."""
        raise NotImplementedError

    def after_write(self, ctx: ServiceContext, s, located: Located) -> None:
        """Anything else the commit keeps (the roster's saved column mapping)."""


def _display(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def check_cancel(cancelled: CancelFn | None) -> None:
    if cancelled is not None and cancelled():
        raise Cancelled()


def _begin_immediate(s) -> None:
    """Take the database's write lock now, so nobody writes between our plan and our write (SQLite: BEGIN
    IMMEDIATE; PostgreSQL: the advisory writer lock of services.presence, held to the end of the transaction)."""
    connection = s.connection()
    if connection.dialect.name != "sqlite":
        from desktop_app.services.presence import lock_database_for_writing

        lock_database_for_writing(connection, "导入")  # PostgreSQL: the database's advisory writer lock
        return
    connection.exec_driver_sql("PRAGMA busy_timeout=60000")  # another import writing: wait for it
    try:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    except OperationalError as exc:
        raise EnvironmentProblem("数据库正被另一个程序写入，请稍后再导入。") from exc
    finally:
        connection.exec_driver_sql("PRAGMA busy_timeout=5000")


class LedgerImporter:
    """The import of one kind: `open` → `locate` → `preview` → `commit` (see the module's note)."""

    def __init__(self, ctx: ServiceContext, kind: ImportKind):
        self._ctx = ctx
        self.kind = kind

    # ----- reading: once -----
    def open(self, path: Path) -> SourceFile:
        """Read every sheet of the file; control characters are removed and each cell changed noted."""
        from desktop_app.fileio.cells import strip_control_characters
        from desktop_app.fileio.spreadsheet import gc_paused, read_workbook

        path = Path(path)
        with gc_paused(), ThreadPoolExecutor(max_workers=1) as pool:
            reading = pool.submit(read_workbook, path, detect_hidden=True)
            self.kind.warm_up(self._ctx)
            workbook = reading.result()
            cleaned = {}
            for sheet in workbook.sheets:
                changed = strip_control_characters(sheet.rows)
                if changed:
                    cleaned[sheet.name] = changed
        return SourceFile(path, workbook, cleaned)

    def locate(self, source: SourceFile, options: ImportOptions = ImportOptions()) -> Located:
        """The sheet and header row (as given, or found) and the column mapping."""
        from desktop_app.fileio.headers import detect_header, load_synonyms

        synonyms = load_synonyms(self._ctx.resources, self.kind.kind)
        with self._ctx.uow() as s:
            saved = self.kind.saved_mapping(self._ctx, s)
        workbook = source.workbook
        if options.sheet:
            candidates = [workbook.sheet(options.sheet)]
        else:
            candidates = [sh for sh in workbook.sheets if sh.visible and not sh.is_empty()] or workbook.sheets
        row_index = options.header_row - 1 if options.header_row else None
        chosen = None
        for candidate in candidates:
            guess = detect_header(candidate.rows, synonyms, saved=saved, overrides=options.mapping, row_index=row_index)
            if guess is None or self.kind.key_field not in guess.mapping.values():
                continue
            if not guess.missing:
                chosen = (candidate, guess)
                break
            if chosen is None or len(guess.mapping) > len(chosen[1].mapping):
                chosen = (candidate, guess)
        if chosen is None:
            where = f"工作表“{options.sheet}”" if options.sheet else f"文件“{source.name}”"
            raise InputFileProblem(f"在{where}中找不到含“{self.kind.key_label}”列的{synonyms.label}表头，"
                                   "请检查列名，或指定表头所在的行（命令行用 --header-row）。")
        sheet, header = chosen
        if header.missing:
            labels = [synonyms.fields[c].label for c in header.missing]
            raise ValidationError(
                f"“{source.name}”工作表“{sheet.name}”缺少必需的列：{'、'.join(labels)}；请补上这些列后再导入。",
                [Problem(f"缺少“{label}”列。", row=header.row_index + 1, sheet=sheet.name, rule="header.missing")
                 for label in labels])
        return Located(source, options, sheet, header, synonyms)

    def read(self, path: Path, options: ImportOptions = ImportOptions()) -> Located:
        return self.locate(self.open(path), options)

    @staticmethod
    def inspect(located: Located) -> SheetPreview:
        """Sheet, header row and column mapping as found (or as given), with the first rows under the header."""
        header, sheet = located.header, located.sheet
        width = max(header.headers, default=-1) + 1
        headers = [header.headers.get(i, "") for i in range(width)]
        first = [[_display(v) for v in row[:width]] for row in sheet.rows[header.data_start:header.data_start + 10]]
        return SheetPreview(
            sheet_names=located.source.workbook.sheet_names, sheet=sheet.name, header_row=header.row_index + 1,
            header_rows=header.height, headers=headers, mapping={header.headers[i]: f for i, f in header.mapping.items()},
            unknown_columns=[text for _, text in header.unknown], first_rows=first,
            field_labels=located.synonyms.labels)

    # ----- planning -----
    def _parsed(self, s, located: Located) -> Any:
        inputs = self.kind.parse_inputs(self._ctx, s)
        if located.parsed is None or located.parsed_with != inputs:
            located.parsed = self.kind.parse(self._ctx, located, inputs)
            located.parsed_with = inputs
            located.memo.clear()
        return located.parsed

    def _plan(self, s, located: Located, progress: ProgressFn | None, cancelled: CancelFn | None) -> ImportPlan:
        parsed = self._parsed(s, located)
        check_cancel(cancelled)
        made = self.kind.plan(self._ctx, s, located, parsed, progress=progress, cancelled=cancelled)
        header = located.header
        return ImportPlan(
            kind=self.kind.kind, label=self.kind.label, unit=self.kind.unit, file_name=located.source.name,
            sheet=located.sheet.name, header_row=header.row_index + 1, header_rows=header.height,
            row_numbers=tuple(made.row_numbers), outcomes=tuple(made.outcomes), names=made.names,
            name_label=self.kind.key_label,
            changed=dict(made.changed), problems=tuple(sorted(made.problems, key=lambda p: p.row or 0)),
            new_records=tuple((label, tuple(names)) for label, names in made.new_records),
            unknown_columns=tuple(text for _, text in header.unknown), hidden_rows=tuple(made.hidden_rows),
            skipped_rows=tuple(made.skipped_rows), cleaned=located.cleaned_lines, details=tuple(made.details),
            notes=tuple(made.notes), work=made.work)

    def preview(self, located: Located, *, progress: ProgressFn | None = None,
                cancelled: CancelFn | None = None) -> ImportPlan:
        """What the import would do, row by row; nothing is written and nothing is locked."""
        from desktop_app.fileio.spreadsheet import gc_paused

        with gc_paused(), self._ctx.uow() as s:
            if progress:
                progress(0, 2, "正在检查数据")
            return self._plan(s, located, progress, cancelled)

    def plan(self, path: Path, options: ImportOptions = ImportOptions(), *, progress: ProgressFn | None = None,
             cancelled: CancelFn | None = None) -> ImportPlan:
        """Read `path` and preview it (for a caller that does not commit)."""
        return self.preview(self.read(path, options), progress=progress, cancelled=cancelled)

    # ----- committing -----
    def commit(self, located: Located, preview: ImportPlan, *, skip_invalid: bool = False,
               progress: ProgressFn | None = None, cancelled: CancelFn | None = None) -> Changes:
        """Plan again inside the write transaction; write it when it is the plan `preview`, else PlanChanged."""
        from desktop_app.fileio.spreadsheet import gc_paused

        uow = self._ctx.uow()
        # Tens of thousands of small acyclic objects: collector passes over them cost more than the insert.
        with gc_paused(), uow as s:
            _begin_immediate(s)
            plan = self._plan(s, located, None, cancelled)
            difference = preview.difference(plan)
            if difference is not None:
                raise PlanChanged(difference, plan)
            if plan.problems and not skip_invalid:
                raise ValidationError(
                    f"{plan.label}“{plan.file_name}”中有{len(plan.problems)}处问题（涉及{len(plan.invalid_rows)}行），"
                    "未导入任何数据；请按清单修改后重新导入，或选择只导入没有问题的行。", list(plan.problems))
            check_cancel(cancelled)
            backup = None
            if plan.writes:
                if progress:
                    progress(1, 3, "正在备份数据库")
                backup = backup_database(self._ctx.engine, self._ctx.data.backups, f"before-import-{self.kind.kind}")
                if progress:
                    progress(2, 3, "正在写入")
                self.kind.write(self._ctx, s, located, plan, progress=progress, cancelled=cancelled)
            self.kind.after_write(self._ctx, s, located)
            check_cancel(cancelled)
            uow.commit()
        if progress:
            progress(3, 3, "导入完成")
        done = replace(plan, committed=True, backup=backup)
        batch = Batch(created=done.new, updated=done.updated, unchanged=done.unchanged, skipped=done.skipped,
                      lines=tuple(done.lines(updates=False)), problems=done.problems, backup=backup,
                      tally=tuple(done.details) + tuple((label, len(names)) for label, names in done.new_records
                                                        if names))
        return replace(self.kind.changes_of(done), batch=batch)

    def import_file(self, path: Path, options: ImportOptions = ImportOptions(), *, skip_invalid: bool = False,
                    progress: ProgressFn | None = None, cancelled: CancelFn | None = None) -> Changes:
        """Read, preview and commit in one go (the preview is the one the commit checks against)."""
        from desktop_app.fileio.spreadsheet import gc_paused

        with gc_paused():  # one pause over the whole import, not one per step
            located = self.read(path, options)
            preview = self.preview(located, cancelled=cancelled)
            return self.commit(located, preview, skip_invalid=skip_invalid, progress=progress, cancelled=cancelled)

    # ----- the problem list -----
    def write_problem_report(self, located: Located, plan: ImportPlan, out: Path) -> Path:
        """A copy of the sheet with a 问题 column beside every row that has a problem (.xlsx)."""
        from desktop_app.fileio.xlsx_writer import write_error_report

        by_row: dict[int, list[str]] = {}
        for p in plan.problems:
            message = p.message if p.column is None or f"“{p.column}”" in p.message else f"“{p.column}”列：{p.message}"
            by_row.setdefault(p.row or plan.header_row, []).append(message)
        return write_error_report(located.sheet.rows, located.header.row_index, by_row, Path(out))
