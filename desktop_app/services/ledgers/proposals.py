"""提案台账 import (a kind of the one import pipeline, services.ledgers.pipeline) and export.

Session: ImportOptions.session_code (`--session T-N`) names it (created when the database lacks
it). Without it the office's current term and session are used, but only once the office has been
set up (县名 filled in); otherwise the import refuses and says to give --session. Each value is
checked by the submission form's rules (domain.proposal_rules) in fileio.proposal_ledger.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import HandlingUnit, Member, Organization, PlenarySession, Proposal, Term
from desktop_app.domain.errors import Problem, ValidationError
from desktop_app.domain.normalize import clean_name
from desktop_app.domain.period import Period, parse_session_code
from desktop_app.domain.proposal_workflow import add_months
from desktop_app.domain.vocabulary import fold
from desktop_app.fileio.proposal_ledger import LedgerRow, fill_unstated, parse_ledger_rows, write_ledger
from desktop_app.services.changes import Changes
from desktop_app.services.context import ServiceContext
from desktop_app.services.ledgers.pipeline import (DUPLICATE, ImportKind, ImportPlan, KindPlan, LedgerImporter,
                                                   Located, Outcome, check_cancel)
from desktop_app.services.proposals.bulk import (AssignmentPlan, ProposalPlan, ReplyPlan, insert_plans,
                                                 refresh_planner_statistics, replace_plans)
from desktop_app.services.proposals.ledger_rows import ledger_rows
from desktop_app.services.settings import read_office
from desktop_app.services.terms import session_title

NEW_ORGANIZATIONS, NEW_UNITS = "参加单位", "承办单位"
COMPARED = ("title", "lead", "kind", "co_signers", "category", "submitted_on", "decision", "merged_into",
            "lead_units", "joint_units", "separate_units", "assigned_on", "replied_on", "reply_category", "feedback",
            "key_proposal", "body", "notes")
ROLES = (("lead_units", "lead"), ("joint_units", "joint"), ("separate_units", "separate"))


@dataclass
class _Checked:
    """The ledger's rows checked against the database (copies: the parse is kept as read)."""

    session_code: str
    session_exists: bool
    rows: list[LedgerRow] = field(default_factory=list)
    creates: list[int] = field(default_factory=list)  # Excel row numbers
    updates: list[tuple[int, list[str]]] = field(default_factory=list)  # row, changed column labels
    unchanged: list[int] = field(default_factory=list)
    changed_columns: dict[int, list[str]] = field(default_factory=dict)  # Excel row → changed column codes
    new_organizations: list[str] = field(default_factory=list)
    new_units: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def invalid_rows(self) -> list[int]:
        return sorted({p.row for p in self.problems if p.row is not None})


class _Names:
    """Folded name → ids, for members (several may share a name), organizations and units."""

    def __init__(self, s: Session):
        self.members: dict[str, list[tuple[int, str]]] = {}
        for mid, name, status in s.execute(select(Member.id, Member.name, Member.status)):
            self.members.setdefault(fold(clean_name(name)), []).append((mid, status))
        self.orgs = self._survivors(s, Organization)
        self.units = self._survivors(s, HandlingUnit)

    @staticmethod
    def _survivors(s: Session, model) -> dict[str, int]:
        rows = {r.id: (r.name, r.merged_into_id) for r in s.execute(select(model.id, model.name, model.merged_into_id))}
        out = {}
        for rid, (name, merged) in rows.items():
            target = rid
            while rows[target][1]:
                target = rows[target][1]
            out[fold(clean_name(name))] = target
        return out

    def member(self, name: str) -> tuple[int | None, str | None]:
        found = self.members.get(fold(name), [])
        active = [m for m in found if m[1] == "active"] or found
        if not found:
            return None, f"“{name}”不在委员名册中，请先导入或添加该委员，或检查姓名是否写错。"
        if len(active) > 1:
            return None, f"名册中有 {len(active)} 位名为“{name}”的委员，无法确定是哪一位，请在台账中注明或在名册中区分。"
        return active[0][0], None


class ProposalKind(ImportKind):
    kind, label, unit, key_field, key_label = "proposals", "提案台账", "件", "title", "案由"
    changes = Changes(proposals=True)
    record_parts = {NEW_ORGANIZATIONS: "organizations", NEW_UNITS: "units"}

    def parse(self, ctx: ServiceContext, located: Located, vocabularies) -> list[LedgerRow]:
        return parse_ledger_rows(located.sheet, located.header, vocabularies)

    def plan(self, ctx: ServiceContext, s, located: Located, parsed: list[LedgerRow], *, progress,
             cancelled) -> KindPlan:
        code = session_code(s, located.options.session_code)
        session_row = _find_session(s, code)
        rows = [copy.copy(r) for r in parsed]  # the check fills in what the sheet leaves to the stored proposal
        checked = _Checked(code, session_row is not None, rows)
        _check(s, checked, rows, located.header, located.sheet.name, session_row.id if session_row else None)
        by_row: dict[int, list[Problem]] = {}
        for p in checked.problems:
            by_row.setdefault(p.row, []).append(p)
        creates, unchanged = set(checked.creates), set(checked.unchanged)
        changed = {row: tuple(labels) for row, labels in checked.updates}
        outcomes = []
        for row in rows:
            found = by_row.get(row.row)
            if found:
                outcomes.append(Outcome.DUPLICATE if any(p.rule == DUPLICATE for p in found) else Outcome.REFUSED)
            elif row.row in creates:
                outcomes.append(Outcome.NEW)
            elif row.row in changed:
                outcomes.append(Outcome.CHANGED)
            elif row.row in unchanged:
                outcomes.append(Outcome.UNCHANGED)
            else:  # a 并案 row whose host row was refused
                outcomes.append(Outcome.REFUSED)
        note = (f"归入{session_title(*parse_session_code(code))}"
                + ("" if checked.session_exists else "（该会次尚无记录，将新建；开幕日期请在“基础资料”页补填）") + "。")
        return KindPlan(row_numbers=[r.row for r in rows], outcomes=outcomes, names=[r.title for r in rows],
                        changed=changed, problems=checked.problems,
                        new_records=[(NEW_ORGANIZATIONS, tuple(checked.new_organizations)),
                                     (NEW_UNITS, tuple(checked.new_units))],
                        notes=[note], work=checked)

    def write(self, ctx: ServiceContext, s, located: Located, plan, *, progress, cancelled) -> None:
        _write(ctx, s, plan.work, located.source.name, progress, cancelled)

    def changes_of(self, plan: ImportPlan) -> Changes:
        """A ledger of a session the database lacked created it: the 会次 lists change too."""
        made = super().changes_of(plan)
        return made | Changes(sessions=True) if plan.writes and not plan.work.session_exists else made


def proposal_importer(ctx: ServiceContext) -> LedgerImporter:
    return LedgerImporter(ctx, ProposalKind())


def current_session_code(ctx: ServiceContext) -> str:
    """The session of 设置 (本届次、本会次) as T-N."""
    with ctx.uow() as s:
        return session_code(s, None)


def session_code(s: Session, given: str | None) -> str:
    if given:
        parse_session_code(given)
        return given.replace("—", "-")
    office = read_office(s)
    if not office.county:
        raise ValidationError("请指明台账属于哪一次会议（命令行加 --session 14-3，窗口中在“会次”筛选中选定）；"
                              "或先在设置中填写本届次和会次。")
    return f"{office.current_term}-{office.current_session}"


def _write(ctx: ServiceContext, s, plan: _Checked, file_name: str, progress, cancelled) -> None:
    """Write the checked rows without problems: new proposals, and the changes of stored ones."""
    bad = set(plan.invalid_rows)
    term, number = parse_session_code(plan.session_code)
    session_row = _find_session(s, plan.session_code)
    if session_row is None:
        from desktop_app.services.settings import ensure_term_session

        session_row = ensure_term_session(s, term, number)
    names = _Names(s)
    for name in plan.new_organizations:
        org = Organization(name=name, kind="other", active=True, changed_by=ctx.actor)
        s.add(org)
        s.flush()
        names.orgs[fold(name)] = org.id
    for name in plan.new_units:
        unit = HandlingUnit(name=name, active=True, changed_by=ctx.actor)
        s.add(unit)
        s.flush()
        names.units[fold(name)] = unit.id
    period = read_office(s).reply_period_months
    existing = _existing(s, session_row.id)
    rows = [r for r in plan.rows if r.row not in bad]
    keep = set(plan.creates) | {row for row, _ in plan.updates}
    plans: dict[int, ProposalPlan] = {}
    for index, row in enumerate(rows):
        if index % 200 == 0:
            check_cancel(cancelled)
            if progress:
                progress(index, len(rows), "正在整理台账")
        if row.row in keep:
            plans[row.row] = _to_plan(row, session_row.id, names, period)
            plans[row.row].proposal_id = _match(existing, row)
    by_case = {p.case_number: p for p in plans.values() if p.case_number}
    for row in rows:
        p = plans.get(row.row)
        if p and p.decision == "merged":
            p.host_plan = by_case.get(row.merged_into)
            if p.host_plan is None:  # the host is already stored: its units' replies are not rebuilt
                p.merged_into_id = existing["case"].get(row.merged_into, (None,))[0]
                p.replies = []
    new = [p for p in plans.values() if p.proposal_id is None]
    old = [p for p in plans.values() if p.proposal_id is not None]
    note = f"台账导入（{file_name}）"
    insert_plans(s, new, actor=ctx.actor, note=note)
    changed = {p.proposal_id: plan.changed_columns.get(row, []) for row, p in plans.items() if p.proposal_id}
    headers = dict(plan.updates)
    labels = {p.proposal_id: headers.get(row, []) for row, p in plans.items() if p.proposal_id}
    replace_plans(s, old, changed=changed, labels=labels, actor=ctx.actor, note=note)
    refresh_planner_statistics(s)
    top = max([p.case_number or 0 for p in plans.values()] + [session_row.last_case_number or 0])
    session_row.last_case_number = top


def _check(s: Session, plan: _Checked, rows: list[LedgerRow], header, sheet: str, session_id: int | None) -> None:
    names = _Names(s)
    existing = _existing(s, session_id) if session_id else {"case": {}, "key": {}}
    stored = dict(ledger_rows(s, Proposal.session_id == session_id)) if session_id else {}
    mapped = set(header.mapping.values())
    labels = {code: header.headers.get(col, code) for col, code in header.mapping.items()}
    cases_in_file: dict[int, int] = {}
    accepted_cases = {r.case_number for r in rows if r.case_number and r.decision in (None, "accepted")}
    for row in rows:
        problems = list(row.problems)
        match = _match(existing, row)
        if match is not None and match in stored:
            fill_unstated(row, stored[match], mapped)

        def problem(code: str, message: str) -> None:
            problems.append(Problem(message, row=row.row, column=labels.get(code), sheet=sheet))

        kind = row.kind
        if kind is None and row.lead:
            kind = "member" if fold(row.lead) in names.members else (
                "collective" if fold(row.lead) in names.orgs else None)
            if kind is None:
                problem("lead", f"提案类型未填写，且“{row.lead}”既不是名册中的委员也不是已有的参加单位，请填写提案类型。")
        row.kind = kind
        if kind == "member" and row.lead:
            _, message = names.member(row.lead)
            if message:
                problem("lead", f"提案者{message}")
        elif kind == "collective" and row.lead and fold(row.lead) not in names.orgs:
            if row.lead not in plan.new_organizations:
                plan.new_organizations.append(row.lead)
        for name in row.co_signers:
            if name == row.lead:
                continue
            _, message = names.member(name)
            if message:
                problem("co_signers", f"联名人{message}")
        decision = row.decision or ("accepted" if row.case_number or row.lead_units else "submitted")
        row.decision = decision
        if decision == "accepted" and not row.case_number:
            problem("case_number", "审查结果为立案，但没有案号。")
        if row.case_number:
            if row.case_number in cases_in_file:
                problems.append(Problem(f"案号 {row.case_number:03d} 与第{cases_in_file[row.case_number]}行重复。",
                                        row=row.row, column=labels.get("case_number"), sheet=sheet, rule=DUPLICATE))
            cases_in_file.setdefault(row.case_number, row.row)
        if decision == "merged":
            if not row.merged_into:
                problem("merged_into" if "merged_into" in mapped else "decision", "审查结果为并案，但没有写明并入的案号（并入案号）。")
            elif row.merged_into not in accepted_cases and row.merged_into not in existing["case"]:
                problem("merged_into", f"并入的第{row.merged_into:03d}号提案在台账和数据库中都不存在。")
        units = row.lead_units + row.joint_units + row.separate_units
        if decision == "accepted":
            if units and not row.assigned_on:
                problem("assigned_on", "有承办单位但没有交办日期。")
            if row.assigned_on and not (row.lead_units or row.separate_units):
                problem("lead_units", "有交办日期但没有主办单位。")
            if row.replied_on and not row.assigned_on:
                problem("replied_on", "有答复日期但没有交办日期。")
            if row.replied_on and row.assigned_on and row.replied_on < row.assigned_on:
                problem("replied_on", "答复日期早于交办日期，请核对。")
            if row.assigned_on and row.submitted_on and row.assigned_on < row.submitted_on:
                problem("assigned_on", "交办日期早于提交日期，请核对。")
            if row.feedback and not row.replied_on:
                problem("feedback", "有满意度但没有答复日期。")
            for name in units:
                if fold(name) not in names.units and name not in plan.new_units:
                    plan.new_units.append(name)
        if problems:
            plan.problems.extend(problems)
            continue
        if match is None:
            plan.creates.append(row.row)
            continue
        changed = _differences(_row_values(row), stored.get(match, {}), mapped)
        if changed:
            plan.updates.append((row.row, [header.headers.get(header.column_of(c), c) for c in changed]))
            plan.changed_columns[row.row] = changed
        else:
            plan.unchanged.append(row.row)
    # A 并案 row whose host row is refused cannot be imported either (it would point nowhere).
    bad = set(plan.invalid_rows)
    host_rows = {r.case_number: r.row for r in rows if r.case_number and r.decision == "accepted"}
    for row in rows:
        host_row = host_rows.get(row.merged_into) if row.decision == "merged" else None
        if host_row in bad and row.row not in bad and row.merged_into not in existing["case"]:
            plan.problems.append(Problem(f"并入的第{row.merged_into:03d}号提案（第{host_row}行）有问题未能导入，本行也不能导入。",
                                         row=row.row, column=labels.get("merged_into"), sheet=sheet))
            plan.creates = [r for r in plan.creates if r != row.row]
            plan.updates = [u for u in plan.updates if u[0] != row.row]


def export_proposals(ctx: ServiceContext, out: str | Path, *, period: Period | None = None,
                     session_code: str | None = None) -> int:
    """Write the ledger of a period (by submitted date) or a session; returns the number of proposals."""
    from desktop_app.fileio.headers import load_synonyms

    with ctx.uow() as s:
        if session_code:
            row = _find_session(s, session_code)
            condition = Proposal.session_id == (row.id if row else -1)
            label = session_title(*parse_session_code(session_code))
        else:
            condition = Proposal.submitted_on.between(period.start, period.end)
            label = period.label
        rows = [r for _, r in ledger_rows(s, condition)]
        office = read_office(s)
    labels = load_synonyms(ctx.resources, "proposals").labels
    write_ledger(out, title=f"{office.committee_display}{label}提案台账", labels=labels, rows=rows,
                 sheet_name=f"{label}提案台账")
    return len(rows)




def _find_session(s: Session, code: str) -> PlenarySession | None:
    term, number = parse_session_code(code)
    return s.scalar(select(PlenarySession).join(Term, Term.id == PlenarySession.term_id)
                    .where(Term.number == term, PlenarySession.number == number))


def _existing(s: Session, session_id: int) -> dict:
    case, key = {}, {}
    for pid, number, title, submitted, mname, oname in s.execute(
            select(Proposal.id, Proposal.case_number, Proposal.title, Proposal.submitted_on, Member.name, Organization.name)
            .outerjoin(Member, Member.id == Proposal.lead_member_id)
            .outerjoin(Organization, Organization.id == Proposal.lead_organization_id)
            .where(Proposal.session_id == session_id)):
        if number:
            case[number] = (pid,)
        key.setdefault((fold(title), fold(clean_name(mname or oname or "")), submitted), pid)
    return {"case": case, "key": key}


def _match(existing: dict, row: LedgerRow) -> int | None:
    if row.case_number and row.case_number in existing["case"]:
        return existing["case"][row.case_number][0]
    return existing["key"].get((fold(row.title), fold(row.lead), row.submitted_on))


def _row_values(row: LedgerRow) -> dict:
    from desktop_app.services.proposals.ledger_rows import DECISION_LABELS

    decision = {"accepted": "立案", "merged": "并案"}.get(row.decision) or DECISION_LABELS.get(row.decision, "待审查")
    kind = {"member": "委员提案", "collective": "集体提案"}.get(row.kind or "")
    verdict = {"satisfied": "满意", "basically_satisfied": "基本满意", "dissatisfied": "不满意"}.get(row.feedback or "")
    return {"title": row.title, "lead": row.lead, "kind": kind, "co_signers": "、".join(n for n in row.co_signers if n != row.lead) or None,
            "category": row.category, "submitted_on": row.submitted_on, "decision": decision,
            "merged_into": f"{row.merged_into:03d}" if row.merged_into else None,
            "lead_units": "、".join(row.lead_units) or None, "joint_units": "、".join(row.joint_units) or None,
            "separate_units": "、".join(row.separate_units) or None, "assigned_on": row.assigned_on,
            "replied_on": row.replied_on, "reply_category": row.reply_category, "feedback": verdict,
            "key_proposal": "是" if row.key else None, "body": row.body, "notes": row.notes}


def _differences(incoming: dict, stored: dict, mapped: set[str]) -> list[str]:
    changed = []
    for code in COMPARED:
        if code not in mapped or code == "case_number":
            continue
        a, b = incoming.get(code), stored.get(code)
        if code.endswith("_units") or code == "co_signers":
            a, b = sorted((a or "").split("、")), sorted((b or "").split("、"))
        if (a or None) != (b or None):
            changed.append(code)
    return changed


def _to_plan(row: LedgerRow, session_id: int, names: _Names, period_months: int) -> ProposalPlan:
    lead_member = names.member(row.lead)[0] if row.kind == "member" else None
    cosigners = tuple(dict.fromkeys(names.member(n)[0] for n in row.co_signers if n != row.lead))
    plan = ProposalPlan(
        session_id=session_id, title=row.title, submitted_on=row.submitted_on, kind=row.kind, decision=row.decision,
        lead_member_id=lead_member, lead_organization_id=names.orgs.get(fold(row.lead)) if row.kind == "collective" else None,
        cosigner_ids=cosigners, case_number=row.case_number if row.decision != "merged" else None, body=row.body,
        category=row.category, decided_on=row.assigned_on or row.submitted_on, merged_into_case=row.merged_into,
        disposal="returned" if row.decision == "not_accepted" else None, is_key=row.key, notes=row.notes)
    if row.decision == "accepted" and row.assigned_on:
        for column, role in ROLES:
            for name in getattr(row, column):
                plan.assignments.append(AssignmentPlan(names.units[fold(name)], role, row.assigned_on,
                                                       add_months(row.assigned_on, period_months)))
    answering = [i for i, a in enumerate(plan.assignments) if a.role != "joint"]
    if row.replied_on and (answering or row.decision == "merged"):
        for index in answering or [0]:
            plan.replies.append(ReplyPlan(index, row.replied_on, row.reply_category, verdict=row.feedback,
                                          verdict_on=row.replied_on if row.feedback else None))
        if row.feedback in ("satisfied", "basically_satisfied"):
            plan.closed_on = row.replied_on
    return plan
