"""社情民意信息台账 import, a kind of the one import pipeline (services.ledgers.pipeline).

Each value is checked by the opinion rules (domain.opinion_rules). Submitters are members
(matched to the roster by name) or organizations (existing ones, or new ones listed in the plan
and created on commit). An opinion already in the database — same title and received date — is
left as it is, so importing a file twice changes nothing. The export is services.ledgers.export.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import insert, select

from db.models import Member, Opinion, OpinionAdoption, OpinionInstruction, OpinionSubmitter, Organization
from desktop_app.domain import opinion_rules as rules
from desktop_app.domain.enums import Level
from desktop_app.domain.errors import Problem
from desktop_app.services.changes import Changes
from desktop_app.services.context import ServiceContext
from desktop_app.services.ledgers.common import Columns, Found, checked, date_cell, text_cell
from desktop_app.services.ledgers.pipeline import ImportKind, KindPlan, LedgerImporter, Located, Outcome

KIND = "opinions"
NEW_ORGANIZATIONS = "报送单位"
# A submitter that is not a member is taken for an organization only if its name says so.
_ORGANIZATION_NAME = re.compile(r"(委员会|委|支社|支部|总支|联合会|工商联|妇联|科协|侨联|台联|协会|学会|商会|团|局|办|院|所|中心|公司|界|组)$")
_LEVEL_SPLIT = re.compile(r"[、，,;；/\s]+")


def _levels(value: object) -> tuple[tuple[str, ...], Problem | None]:
    """'市、省' → ('city', 'province'); a word that is no level is a problem."""
    text = text_cell(value)
    if not text:
        return (), None
    codes = []
    for word in (w for w in _LEVEL_SPLIT.split(text) if w):
        level = Level.from_label(word)
        if level is None:
            return (), Problem(f"“{word}”不是层级，请填写县、市、省或全国。", rule="opinion.level.vocabulary")
        codes.append(level.value)
    return tuple(codes), None


def _submitters(value: object) -> tuple[tuple[str, ...], None]:
    from desktop_app.fileio.table_rows import split_list

    return split_list(value), None


@dataclass
class OpinionRows:
    columns: Columns
    title: list[str | None]
    received_on: list[date | None]
    issue: list[str | None]
    submitters: list[tuple[str, ...]]
    sent_level: list[tuple[str, ...]]
    adopted_level: list[tuple[str, ...]]
    instructions: list[str | None]
    notes: list[str | None]


class OpinionKind(ImportKind):
    kind, label, unit, key_field, key_label = KIND, "社情民意信息台账", "篇", "title", "标题"
    changes = Changes(opinions=True)
    record_parts = {NEW_ORGANIZATIONS: "organizations"}

    def parse_inputs(self, ctx: ServiceContext, s):
        return None

    def parse(self, ctx: ServiceContext, located: Located, inputs) -> OpinionRows:
        columns = Columns.of(located, self.key_field)
        return OpinionRows(
            columns=columns,
            title=columns.convert("title", checked(text_cell, rules.title_problem)),
            received_on=columns.convert("received_on", date_cell(rules.received_on_problem, "收稿日期")),
            issue=columns.convert("issue", checked(text_cell, rules.issue_problem)),
            submitters=columns.convert("submitters", _submitters),
            sent_level=columns.convert("sent_level", _levels),
            adopted_level=columns.convert("adopted_level", _levels),
            instructions=columns.convert("instructions", lambda v: (text_cell(v), None)),
            notes=columns.convert("notes", lambda v: (text_cell(v), None)))

    def plan(self, ctx: ServiceContext, s, located: Located, parsed: OpinionRows, *, progress, cancelled) -> KindPlan:
        columns = parsed.columns
        found = Found.of(columns)
        members: dict[str, list[int]] = {}
        for member_id, name in s.execute(select(Member.id, Member.name)):
            members.setdefault(name, []).append(member_id)
        organizations = set(s.scalars(select(Organization.name)))
        existing = set(s.execute(select(Opinion.title, Opinion.received_on)).all())
        new_orgs: list[str] = []
        submitters: list[list | None] = [None] * len(columns)
        outcomes: list[Outcome] = []
        first_row: dict[tuple, int] = {}
        for p in range(len(columns)):
            who, new_here = [], []  # every row's submitters are checked, so each problem is listed at once
            for name in parsed.submitters[p]:
                ids = members.get(name, [])
                if len(ids) == 1:
                    who.append((ids[0], None))
                elif len(ids) > 1:
                    found.add(p, "submitters", Problem(
                        f"报送人“{name}”有 {len(ids)} 位同名委员，无法确定是哪一位，请在备注中写明后手工录入。",
                        rule="opinion.submitter.ambiguous"))
                elif name in organizations or _ORGANIZATION_NAME.search(name):
                    who.append((None, name))
                    if name not in organizations:
                        new_here.append(name)
                else:
                    found.add(p, "submitters", Problem(
                        f"报送人“{name}”不在委员名单中，也不像单位名称；请核对姓名，或先导入花名册。",
                        rule="opinion.submitter.unknown"))
            key = (parsed.title[p], parsed.received_on[p])
            if p in found.bad:
                outcomes.append(found.outcome_of(p))
                continue
            if key in first_row:
                found.add(p, "title", Problem(f"与第{first_row[key]}行标题和收稿日期相同，是重复的社情民意信息，请删除其中一行。",
                                              rule="duplicate"))
                outcomes.append(Outcome.DUPLICATE)
                continue
            first_row[key] = columns.rows[p]
            if key in existing:
                outcomes.append(Outcome.UNCHANGED)
                continue
            outcomes.append(Outcome.NEW)
            submitters[p] = who
            new_orgs.extend(n for n in new_here if n not in new_orgs)
        return KindPlan(row_numbers=columns.rows, outcomes=outcomes, names=parsed.title, problems=found.problems,
                        new_records=[(NEW_ORGANIZATIONS, tuple(sorted(new_orgs)))], skipped_rows=columns.skipped,
                        work=submitters)

    def write(self, ctx: ServiceContext, s, located: Located, plan, *, progress, cancelled) -> None:
        parsed: OpinionRows = located.parsed
        org_ids = dict(s.execute(select(Organization.name, Organization.id)).all())
        for name in plan.new_names(NEW_ORGANIZATIONS):
            org = Organization(name=name, kind="other", changed_by=ctx.actor)
            s.add(org)
            s.flush()
            org_ids[name] = org.id
        for p, who in enumerate(plan.work):
            if who is None:
                continue
            opinion = Opinion(title=parsed.title[p], received_on=parsed.received_on[p], bulletin_issue=parsed.issue[p],
                              notes=parsed.notes[p], changed_by=ctx.actor,
                              sent_level=parsed.sent_level[p][0] if parsed.sent_level[p] else None)
            s.add(opinion)
            s.flush()
            if who:
                s.execute(insert(OpinionSubmitter), [
                    {"opinion_id": opinion.id, "member_id": m, "organization_id": org_ids.get(o) if o else None,
                     "position": i} for i, (m, o) in enumerate(who)])
            if parsed.adopted_level[p]:
                s.execute(insert(OpinionAdoption), [{"opinion_id": opinion.id, "level": lv}
                                                    for lv in parsed.adopted_level[p]])
            if parsed.instructions[p]:
                s.add(OpinionInstruction(opinion_id=opinion.id, text=parsed.instructions[p]))


def opinion_importer(ctx: ServiceContext) -> LedgerImporter:
    return LedgerImporter(ctx, OpinionKind())
