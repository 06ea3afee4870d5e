"""Demo proposals: one session a year with its proposals' whole histories, handling units and organizations.

County size: ~300 proposals a year; city size (10 years): ~5,000 a year. Everything goes through
the bulk writer (Core inserts), so a city-sized data set takes seconds, not minutes.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import func, insert, select

from db.models import HandlingUnit, Member, Organization, Proposal
from db.models import Session as PlenarySession
from desktop_app.domain.proposal_workflow import add_months
from desktop_app.services.proposals.bulk import (AssignmentPlan, ProposalPlan, ReplyPlan, insert_plans,
                                                 refresh_planner_statistics)
from desktop_app.services.settings import ensure_term_session, load_vocabularies

UNITS = ["县发改局", "县教育局", "县科技局", "县工信局", "县公安局", "县民政局", "县司法局", "县财政局", "县人社局",
         "县自然资源局", "县生态环境局", "县住建局", "县交通运输局", "县水利局", "县农业农村局", "县商务局", "县文旅局",
         "县卫健委", "县应急管理局", "县审计局", "县市场监管局", "县医保局", "县林业局", "县乡村振兴局", "县城管局",
         "县行政审批局", "县供电公司", "县融媒体中心", "县总工会", "团县委"]
ORGANIZATIONS = [("县政协提案委员会", "committee"), ("县政协经济委员会", "committee"), ("县工商联", "peoples_organization"),
                 ("县妇联", "peoples_organization"), ("共青团黎城县委", "peoples_organization"), ("民建黎城县支部", "party"),
                 ("民革黎城县支部", "party"), ("九三学社黎城县支社", "party")]
TOPICS = {
    "经济建设": ["县域特色农业", "数字经济", "煤化工产业转型", "营商环境", "中小企业融资", "乡村旅游", "农产品电商"],
    "政治建设": ["基层协商民主", "政务公开", "法治政府建设", "村务监督", "网格化治理"],
    "文化建设": ["古村落保护", "寺观壁画保护", "博物馆高质量发展", "全民阅读", "非遗传承"],
    "社会建设": ["老旧小区改造", "普惠托育服务", "农村日间照料中心", "中小学生心理健康教育", "县域医共体", "农村养老"],
    "生态文明建设": ["再生资源利用", "浊漳河生态治理", "农村人居环境整治", "秸秆综合利用", "矿山生态修复"],
}
VERBS = ["加强", "推进", "完善", "加快", "推动", "支持", "规范"]
LEADERS = [("王建国", "县委书记"), ("李明", "县长"), ("张华", "县政协主席"), ("赵强", "常务副县长"), ("刘芳", "县政协副主席")]


def _sessions(session, context: dict) -> list[tuple[int, int, date]]:
    """(session id, year, opening date) for each demo year, ending with the office's current session."""
    office, today = context["office"], context["today"]
    out = []
    for offset in range(context["size"]["years"] - 1, -1, -1):
        year = today.year - offset
        term, number = office.current_term, office.current_session - offset
        while number < 1:
            number += 5
            term -= 1
        row = ensure_term_session(session, term, number)
        row.opening_date = row.opening_date or date(year, 1, 8 + offset % 7)
        out.append((row.id, year, row.opening_date))
    return out


def _ensure_named(session, model, names: list[tuple[str, str | None]]) -> list[int]:
    existing = dict(session.execute(select(model.name, model.id)).all())
    rows = [{"name": n, "kind": k, "active": True, "version": 1} for n, k in names if n not in existing]
    if rows:
        session.execute(insert(model), rows)
        existing = dict(session.execute(select(model.name, model.id)).all())
    return [existing[n] for n, _ in names]


def _plan(rng: random.Random, *, session_id: int, opening: date, today: date, case: int, members: list[int],
          orgs: list[int], units: list[int], reasons: list[str]) -> ProposalPlan:
    category = rng.choices(list(TOPICS), weights=(28, 8, 16, 36, 12))[0]
    topic = rng.choice(TOPICS[category])
    collective = rng.random() < 0.16
    submitted = opening + timedelta(days=rng.choice((0, 1, 2, 3, 5, 10, 30, 90, 180)))
    lead = None if collective else rng.choice(members)
    cosigners = () if collective else tuple(m for m in dict.fromkeys(rng.sample(members, rng.choice((0, 1, 2, 2, 3))))
                                           if m != lead)
    plan = ProposalPlan(session_id=session_id, title=f"关于{rng.choice(VERBS)}{topic}的建议", submitted_on=submitted,
                        kind="collective" if collective else "member", decision="accepted", lead_member_id=lead,
                        lead_organization_id=rng.choice(orgs) if collective else None, cosigner_ids=cosigners,
                        category=category, body=f"针对我县{topic}方面存在的问题，提出如下建议。")
    roll = rng.random()
    decided = submitted + timedelta(days=rng.randint(5, 20))
    if decided > today:
        plan.decision = "submitted"
        return plan
    plan.decided_on = decided
    if roll < 0.12:
        plan.decision, plan.disposal = "not_accepted", "returned"
        plan.not_accepted_reason = rng.choice(reasons)
        return plan
    if roll < 0.13:
        plan.decision = "withdrawn"
        return plan
    plan.case_number = case
    _handle(rng, plan, today=today, units=units)
    return plan


def _handle(rng: random.Random, plan: ProposalPlan, *, today: date, units: list[int]) -> None:
    assigned = plan.decided_on + timedelta(days=rng.randint(3, 25))
    if assigned > today:
        return
    chosen = rng.sample(units, 3)
    roles = rng.choices([("lead",), ("lead", "joint"), ("separate", "separate")], weights=(65, 28, 7))[0]
    for unit, role in zip(chosen, roles):
        plan.assignments.append(AssignmentPlan(unit, role, assigned, add_months(assigned, 3)))
    if rng.random() < 0.02:  # the first unit declines within the window; the office reassigns
        first = plan.assignments[0]
        first.declined_on, first.decline_reason = assigned + timedelta(days=2), "不属于本单位职责"
        again = assigned + timedelta(days=4)
        plan.assignments.append(AssignmentPlan(chosen[2] if len(roles) == 1 else units[0], first.role, again,
                                               add_months(again, 3)))
    for index, a in enumerate(plan.assignments):
        if a.declined_on or a.role == "joint":
            continue
        if rng.random() < 0.04:
            a.extended_days, a.extension_reason = 61, "需多部门协调，申请延期"
            a.due_on += timedelta(days=61)
        replied = a.assigned_on + timedelta(days=int(rng.triangular(15, 110, 60)))
        if replied > today:
            continue
        verdict_on = replied + timedelta(days=rng.randint(3, 20))
        verdict = rng.choices(["satisfied", "basically_satisfied", "dissatisfied"], weights=(74, 23, 3))[0]
        reply = ReplyPlan(index, replied, rng.choices("ABC", weights=(36, 50, 14))[0], face_to_face=rng.random() < 0.72,
                          document_number=f"黎{replied.year}函{rng.randint(1, 300)}号", text="已研究办理，答复如下。",
                          contact_person="办公室")
        if verdict_on <= today:
            reply.verdict, reply.verdict_on = verdict, verdict_on
        plan.replies.append(reply)
        if reply.verdict == "dissatisfied":
            again = verdict_on + timedelta(days=rng.randint(15, 40))
            if again <= today:
                plan.replies.append(ReplyPlan(index, again, "B", verdict="satisfied", verdict_on=again + timedelta(days=5),
                                              face_to_face=True, text="重新办理后答复如下。"))
    answered = {r.assignment_index for r in plan.replies if r.verdict != "dissatisfied"}
    needed = {i for i, a in enumerate(plan.assignments) if not a.declined_on and a.role != "joint"}
    if needed and needed <= answered and all(r.verdict for r in plan.replies):
        last = max((r.verdict_on or r.replied_on) for r in plan.replies)
        if last + timedelta(days=3) <= today:
            plan.closed_on = last + timedelta(days=3)


def fill(session, rng: random.Random, context: dict) -> dict[str, int]:
    today = context["today"]
    per_year = context["size"].get("proposals_per_year", 300 if context["size"]["members"] < 300 else 5000)
    members = list(session.scalars(select(Member.id).where(Member.status == "active")))
    orgs = _ensure_named(session, Organization, ORGANIZATIONS)
    units = _ensure_named(session, HandlingUnit, [(name, None) for name in UNITS])
    vocab = load_vocabularies(session).get("not_accepted_reason")
    reasons = [n for n in vocab.names if n != "其他"] if vocab else ["没有具体建议"]
    plans: list[ProposalPlan] = []
    for session_id, year, opening in _sessions(session, context):
        if opening > today:
            continue
        case = 0
        year_plans = []
        for _ in range(int(per_year * rng.uniform(0.9, 1.1))):
            plan = _plan(rng, session_id=session_id, opening=opening, today=today, case=case + 1, members=members,
                         orgs=orgs, units=units, reasons=reasons)
            if plan.case_number:
                case += 1
            year_plans.append(plan)
        accepted = [p for p in year_plans if p.case_number]
        for p in rng.sample(accepted, max(1, len(accepted) // 30)) if accepted else []:
            p.is_key = True
            p.leaders = [(name, title, role) for (name, title), role in zip(rng.sample(LEADERS, 2), ("领办", "督办"))]
        for p in year_plans:
            if p.closed_on and year < today.year and rng.random() < 0.03:
                p.is_excellent = True
            if p.case_number and p.closed_on is None and year < today.year and rng.random() < 0.3:
                p.follow_up_year = year + 1
        hosts = [p for p in accepted if not p.is_key]
        merged = [p for p in year_plans if p.decision == "not_accepted"][: max(1, len(year_plans) // 40)]
        for p in merged:  # a few of the ones not filed turn out to be duplicates: 并案 instead
            host = rng.choice(hosts) if hosts else None
            if host is None:
                break
            p.decision, p.disposal, p.not_accepted_reason, p.host_plan = "merged", None, None, host
            p.merged_into_case = host.case_number
            first = next((r for r in host.replies if r.verdict != "dissatisfied"), None)
            if first is not None:  # the host's unit answers this proposer too
                p.replies = [ReplyPlan(first.assignment_index, first.replied_on, first.category, verdict=first.verdict,
                                       verdict_on=first.verdict_on, face_to_face=first.face_to_face, text=first.text)]
                p.closed_on = host.closed_on
        plans += year_plans
    count = insert_plans(session, plans, actor="演示数据", note="演示数据")
    for session_id, _, _ in _sessions(session, context):
        top = session.scalar(select(func.max(Proposal.case_number)).where(Proposal.session_id == session_id)) or 0
        session.get(PlenarySession, session_id).last_case_number = top
    refresh_planner_statistics(session)
    return {"提案": count, "承办单位": len(units), "参加单位": len(orgs)}
