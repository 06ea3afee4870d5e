"""社情民意信息台账: import (plan, then one transaction after a backup) and export in the same columns.

Submitters are members (matched to the roster by name) or organizations (existing ones, or
new ones listed in the plan and created on commit). An opinion already in the database —
same title and received date — is left as it is, so importing a file twice changes nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, insert, select

from db.migrate import backup_sqlite_file
from db.models import Member, Opinion, OpinionAdoption, OpinionInstruction, OpinionSubmitter, Organization
from desktop_app.domain.enums import Level
from desktop_app.domain.errors import InputFileProblem, Problem, ValidationError
from desktop_app.domain.period import Period
from desktop_app.services import audit
from desktop_app.services.changes import Changes, Batch
from desktop_app.services.context import ServiceContext
from desktop_app.services.settings import load_vocabularies

KIND = "opinions"
# A submitter that is not a member is taken for an organization only if its name says so.
_ORGANIZATION_NAME = re.compile(r"(委员会|委|支社|支部|总支|联合会|工商联|妇联|科协|侨联|台联|协会|学会|商会|团|局|办|院|所|中心|公司|界|组)$")


@dataclass(frozen=True)
class OpinionPlan:
    sheet: str
    header_row: int
    creates: int
    existing: int
    invalid: int
    problems: list[Problem]
    new_organizations: tuple[str, ...] = ()


@dataclass
class _Prepared:
    plan: OpinionPlan
    rows: list = field(default_factory=list)  # (TableRow, [(member_id | None, organization name | None)])


def _levels(text) -> list[str]:
    """'市、省' → ['city', 'province']; unknown words are refused by the caller."""
    if not text:
        return []
    return [part for part in re.split(r"[、，,;；/\s]+", str(text).strip()) if part]


class OpinionLedgerService:
    def __init__(self, ctx: ServiceContext):
        self._ctx = ctx

    def _prepare(self, s, path: Path, *, sheet: str | None, header_row: int | None) -> _Prepared:
        from desktop_app.fileio.headers import detect_header, load_synonyms
        from desktop_app.fileio.spreadsheet import read_workbook
        from desktop_app.fileio.table_rows import parse_table

        columns = load_synonyms(self._ctx.resources, KIND)
        workbook = read_workbook(Path(path))
        candidates = [workbook.sheet(sheet)] if sheet else workbook.sheets
        found = None
        for candidate in candidates:
            guess = detect_header(candidate.rows, columns, row_index=header_row - 1 if header_row else None)
            if guess is not None and "title" in guess.mapping.values():
                found = (candidate, guess)
                break
        if found is None:
            raise InputFileProblem(f"在文件“{Path(path).name}”中找不到含“标题”列的表头行，请检查列名或指定表头所在行。")
        target, header = found
        parse = parse_table(target, header, columns, load_vocabularies(s))
        problems = list(parse.problems)
        members: dict[str, list[int]] = {}
        for member_id, name in s.execute(select(Member.id, Member.name)):
            members.setdefault(name, []).append(member_id)
        organizations = set(s.scalars(select(Organization.name)))
        existing = set(s.execute(select(Opinion.title, Opinion.received_on)).all())
        bad_rows = {p.row for p in problems}
        new_orgs: set[str] = set()
        prepared, seen, already = [], set(), 0
        for row in parse.rows:
            title, received = row.get("title"), row.get("received_on")
            if row.sheet_row in bad_rows:
                continue
            row_problems = []
            if received is None:
                row_problems.append(Problem("收稿日期为空或无法识别，请填写如 2025-03-07 的日期。", row.sheet_row, "收稿日期", target.name))
            for column, code in (("报送层级", "sent_level"), ("采用层级", "adopted_level")):
                for word in _levels(row.get(code)):
                    if Level.from_label(word) is None:
                        row_problems.append(Problem(f"“{word}”不是层级，请填写县、市、省或全国。", row.sheet_row, column, target.name))
            submitters = []
            for name in row.get("submitters") or ():
                ids = members.get(name, [])
                if len(ids) == 1:
                    submitters.append((ids[0], None))
                elif len(ids) > 1:
                    row_problems.append(Problem(f"报送人“{name}”有 {len(ids)} 位同名委员，无法确定是哪一位，请在备注中写明后手工录入。",
                                                row.sheet_row, "报送人", target.name))
                elif name in organizations or _ORGANIZATION_NAME.search(name):
                    submitters.append((None, name))
                    if name not in organizations:
                        new_orgs.add(name)
                else:
                    row_problems.append(Problem(f"报送人“{name}”不在委员名单中，也不像单位名称；请核对姓名，或先导入花名册。",
                                                row.sheet_row, "报送人", target.name))
            if row_problems:
                problems.extend(row_problems)
                continue
            key = (title, received)
            if key in existing or key in seen:
                already += 1
                continue
            seen.add(key)
            prepared.append((row, submitters))
        invalid = len({p.row for p in problems})
        plan = OpinionPlan(target.name, header.row_index + 1, len(prepared), already, invalid, problems,
                           tuple(sorted(new_orgs)))
        return _Prepared(plan, prepared)

    def plan(self, path: Path, *, sheet: str | None = None, header_row: int | None = None) -> OpinionPlan:
        """What an import would do; nothing is written."""
        with self._ctx.uow() as s:
            return self._prepare(s, path, sheet=sheet, header_row=header_row).plan

    def commit(self, path: Path, *, sheet: str | None = None, header_row: int | None = None,
               skip_invalid: bool = False) -> Changes:
        uow = self._ctx.uow()
        with uow as s:
            prepared = self._prepare(s, path, sheet=sheet, header_row=header_row)
            plan = prepared.plan
            if plan.problems and not skip_invalid:
                raise ValidationError(f"台账“{Path(path).name}”中有 {len(plan.problems)} 处问题，未导入任何数据；"
                                      "请按清单修改后重新导入，或选择只导入无问题的行。", plan.problems)
            backup = None
            if prepared.rows:
                backup = backup_sqlite_file(self._ctx.engine, self._ctx.data.backups, "before-import-opinions")
            org_ids = dict(s.execute(select(Organization.name, Organization.id)).all())
            for name in plan.new_organizations:
                org = Organization(name=name, kind="other", changed_by=self._ctx.actor)
                s.add(org)
                s.flush()
                org_ids[name] = org.id
            for row, submitters in prepared.rows:
                opinion = Opinion(title=row.get("title"), received_on=row.get("received_on"),
                                  bulletin_issue=row.get("issue"), notes=row.get("notes"), changed_by=self._ctx.actor,
                                  sent_level=next((Level.from_label(w).value for w in _levels(row.get("sent_level"))), None))
                s.add(opinion)
                s.flush()
                if submitters:
                    s.execute(insert(OpinionSubmitter), [
                        {"opinion_id": opinion.id, "member_id": m, "organization_id": org_ids.get(o) if o else None,
                         "position": i} for i, (m, o) in enumerate(submitters)])
                levels = [Level.from_label(w).value for w in _levels(row.get("adopted_level"))]
                if levels:
                    s.execute(insert(OpinionAdoption), [{"opinion_id": opinion.id, "level": lv} for lv in levels])
                if row.get("instructions"):
                    s.add(OpinionInstruction(opinion_id=opinion.id, text=row.get("instructions")))
            audit.record_bulk(s, actor=self._ctx.actor, table_name="opinions", action="import",
                              summary={"file": Path(path).name, "created": plan.creates, "existing": plan.existing})
            uow.commit()
        batch = Batch(created=plan.creates, unchanged=plan.existing, skipped=plan.invalid,
                            problems=tuple(plan.problems), backup=backup)
        return Changes(opinions=True, organizations=bool(plan.new_organizations), batch=batch)

    def export(self, out: Path, period: Period | None = None) -> int:
        """Write the ledger in the import's columns; returns the number of opinions written."""
        from desktop_app.fileio.xlsx_writer import write_table_workbook

        sheet = self.sheet(period)
        write_table_workbook(Path(out), [sheet])
        return len(sheet.rows)

    def sheet(self, period: Period | None = None):
        """The ledger as a sheet (the export's file, and a sheet of the statistics workbook)."""
        from desktop_app.fileio.headers import load_synonyms
        from desktop_app.fileio.xlsx_writer import ColumnSpec, SheetSpec
        from desktop_app.services.ledgers.export import ledger_title

        labels = load_synonyms(self._ctx.resources, KIND).labels
        with self._ctx.uow() as s:
            names: dict[int, list[str]] = {}
            for opinion_id, member, org in s.execute(
                select(OpinionSubmitter.opinion_id, Member.name, Organization.name)
                .outerjoin(Member, Member.id == OpinionSubmitter.member_id)
                .outerjoin(Organization, Organization.id == OpinionSubmitter.organization_id)
                .order_by(OpinionSubmitter.opinion_id, OpinionSubmitter.position)):
                names.setdefault(opinion_id, []).append(member or org)
            adopted: dict[int, list[str]] = {}
            for opinion_id, level in s.execute(select(OpinionAdoption.opinion_id, OpinionAdoption.level).order_by(OpinionAdoption.id)):
                adopted.setdefault(opinion_id, []).append(Level(level).label)
            instructions = dict(s.execute(select(OpinionInstruction.opinion_id, func.group_concat(OpinionInstruction.text, "；"))
                                          .group_by(OpinionInstruction.opinion_id)).all())
            stmt = select(Opinion).order_by(Opinion.received_on, Opinion.id)
            if period:
                stmt = stmt.where(Opinion.received_on.between(period.start, period.end))
            rows = [[o.title, "、".join(names.get(o.id, [])), o.received_on, o.bulletin_issue,
                     Level(o.sent_level).label if o.sent_level else None, "、".join(adopted.get(o.id, [])) or None,
                     instructions.get(o.id), o.notes] for o in s.scalars(stmt)]
        codes = ["title", "submitters", "received_on", "issue", "sent_level", "adopted_level", "instructions", "notes"]
        columns = [ColumnSpec(labels[c], "date" if c == "received_on" else "text") for c in codes]
        title = ledger_title(self._ctx, period, "社情民意信息台账")
        return SheetSpec(title=title, columns=columns, rows=rows, name="社情民意信息台账")
