"""Demo proposals: one session a year with its proposals' whole histories, handling units and organizations.

County size: ~300 proposals a year; city size (10 years): ~5,000 a year. Everything goes through
the bulk writer (Core inserts), so a city-sized data set takes seconds, not minutes. Titles, bodies,
the units that handle them and their replies come from resources/demo/proposal_topics.json; a title is not used
twice in a year while the topics still have unused ones.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import func, insert, select

from db.models import HandlingUnit, Member, Organization, PlenarySession, Proposal
from desktop_app.domain.enums import Verdict
from desktop_app.domain.proposal_workflow import add_months
from desktop_app.services.demo.county import GIVEN, SURNAMES, DemoCounty
from desktop_app.services.demo.proposal_topics import ProposalTopics, Topic, load_topics
from desktop_app.services.proposals.bulk import (AssignmentPlan, ProposalPlan, ReplyPlan, insert_plans,
                                                 refresh_planner_statistics)
from desktop_app.services.settings import ensure_term_session, load_vocabularies

# (name without the level, the unit's character(s) in its document numbers: 平教函〔2025〕12号)
UNITS = [("发改局", "发改"), ("教育局", "教"), ("科技局", "科"), ("工信局", "工信"), ("公安局", "公"), ("民政局", "民"),
         ("司法局", "司"), ("财政局", "财"), ("人社局", "人社"), ("自然资源局", "自然资源"), ("生态环境局", "环"),
         ("住建局", "建"), ("交通运输局", "交"), ("水利局", "水"), ("农业农村局", "农"), ("商务局", "商"), ("文旅局", "文旅"),
         ("卫健委", "卫"), ("应急管理局", "应急"), ("审计局", "审"), ("市场监管局", "市监"), ("医保局", "医保"),
         ("林业局", "林"), ("乡村振兴局", "振兴"), ("城管局", "城管"), ("行政审批局", "审批"), ("供电公司", "供电"),
         ("融媒体中心", "融媒"), ("总工会", "工"), ("团县委", "团")]
ORGANIZATIONS = [("{级}政协提案委员会", "committee"), ("{级}政协经济委员会", "committee"), ("{级}工商联", "peoples_organization"),
                 ("{级}妇联", "peoples_organization"), ("共青团{县}委员会", "peoples_organization"),
                 ("民建{县}支部", "party"), ("民革{县}支部", "party"), ("九三学社{县}支社", "party")]
# Days from the opening of the plenary session to a proposal's submission: most during the session (大会期间),
# the rest through the year (闭会期间).
SUBMITTED_AFTER = (0, 1, 2, 3, 5, 10, 30, 90, 180, 240, 300)
SUBMITTED_WEIGHTS = (20, 20, 15, 10, 5, 5, 5, 5, 5, 5, 5)
CATEGORY_WEIGHTS = {"经济建设": 28, "政治建设": 8, "文化建设": 16, "社会建设": 36, "生态文明建设": 12}
LEADER_TITLES = ["{级}委书记", "{级}长", "{级}政协主席", "常务副{级}长", "{级}政协副主席"]
NUMERALS = "一二三四五六"
TITLES_A_YEAR = 450  # about as many titles as the topics give before they repeat
FURTHER = ("加强", "推进", "完善", "加快", "规范", "提升", "优化", "推动", "深化", "扩大", "提高", "支持", "扶持")


def unit_name(short: str, county: DemoCounty) -> str:
    """县教育局, 团县委 (区教育局, 团区委 in a district)."""
    return f"团{county.level}委" if short == "团县委" else f"{county.level}{short}"


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


class _Writer:
    """Words a year's proposals: titles not repeated while unused ones remain, bodies, units, replies, history."""

    def __init__(self, rng: random.Random, county: DemoCounty, units: dict[str, int], names: dict[int, str],
                 orgs: dict[int, str], topics: ProposalTopics):
        self.rng, self.county, self.topics = rng, county, topics
        self.unit_ids = units  # short name → id
        self.unit_names = {uid: unit_name(short, county) for short, uid in units.items()}
        self.unit_codes = {units[short]: code for short, code in UNITS}
        self.member_names, self.org_names = names, orgs
        self.by_category: dict[str, list[Topic]] = {}
        for topic in topics.topics:
            self.by_category.setdefault(topic.category, []).append(topic)
        self.topic_of: dict[int, Topic] = {}  # id(plan) → its topic
        self.at_session: set[int] = set()  # id(plan) of those handed in during the plenary session
        self.sent: dict[tuple[int, str], int] = {}  # (year, unit code) → the last document number
        self.used: set[str] = set()

    def new_year(self) -> None:
        """Forget the last year's titles and plans (their ids may be reused once they are written)."""
        self.used, self.topic_of, self.at_session = set(), {}, set()

    def _place(self, text: str) -> str:
        return self.county.place(text, self.rng)

    def title(self, category: str) -> tuple[Topic, str]:
        """A topic of the category and a title not used this year (after a few tries, one that was):
        关于加强古村落保护利用的建议, or, once that was used, 关于进一步加强古村落保护利用的建议."""
        for _ in range(12 if len(self.used) < TITLES_A_YEAR else 1):  # a city's year uses them all up
            topic = self.rng.choice(self.by_category[category])
            phrase = self._place(self.rng.choice(topic.titles))
            title = f"关于{phrase}的建议"
            if title in self.used and phrase.startswith(FURTHER):
                title = f"关于进一步{phrase}的建议"
            if title not in self.used:
                break
        self.used.add(title)
        return topic, title

    def body(self, topic: Topic) -> str:
        chosen = self.rng.sample(topic.suggestions, min(len(topic.suggestions), self.rng.choice((2, 3, 3, 4))))
        lines = [f"{NUMERALS[i]}是{self._place(s).removeprefix('建议')}{'。' if i == len(chosen) - 1 else '；'}"
                 for i, s in enumerate(chosen)]
        return "\n".join([self.county.local(topic.problem), "为此，提出如下建议："] + lines)

    def units_for(self, topic: Topic) -> list[int]:
        """Three units for the topic: its usual lead unit first (mostly), then units that may join."""
        own = [self.unit_ids[u] for u in topic.units if u in self.unit_ids]
        lead = own[0] if self.rng.random() < 0.7 else self.rng.choice(own)
        rest = [u for u in own if u != lead]
        self.rng.shuffle(rest)
        others = [u for u in self.unit_ids.values() if u != lead and u not in rest]
        return [lead] + (rest + self.rng.sample(others, 2))[:2]

    def other_unit(self, taken: set[int]) -> int:
        return self.rng.choice([u for u in self.unit_ids.values() if u not in taken])

    def reply(self, plan: ProposalPlan, again: bool = False) -> tuple[str, str]:
        """(text, contact person) of a unit's reply; its document number comes later (number_replies)."""
        topic = self.topic_of[id(plan)]
        past = [m for m in topic.measures if not m.startswith("下一步")]
        done = [self._place(m) for m in self.rng.sample(past, min(2, len(past)))]
        plans = [m for m in topic.measures if m.startswith("下一步")]
        then = (self._place(plans[0]).replace("下一步将", "下一步，我们将", 1) if plans and self.rng.random() < 0.7
                else "下一步，我们将认真吸纳您的意见建议，持续抓好落实")
        if again:
            text = f"根据您对前次答复的意见，我单位再次研究办理，现答复如下：{done[-1]}。{then}，并及时向您通报进展。"
        else:
            text = (f"您提出的《{plan.title}》收悉。我单位高度重视，经认真研究，现答复如下：{'；'.join(done)}。{then}。"
                    f"感谢您对我{self.county.level}工作的关心和支持。")
        return text, _person(self.rng)

    def number_replies(self, plans: list[ProposalPlan]) -> None:
        """Each unit numbers its letters in date order through the year: 平教函〔2025〕12号."""
        replies = sorted(((r.replied_on, p.assignments[r.assignment_index].unit_id, r) for p in plans for r in p.replies),
                         key=lambda item: item[0])
        for replied, unit_id, r in replies:
            code = self.unit_codes.get(unit_id, "")
            number = self.sent[(replied.year, code)] = self.sent.get((replied.year, code), 0) + self.rng.randint(1, 4)
            r.document_number = f"{self.county.abbreviation}{code}函〔{replied.year}〕{number}号"

    # ----- the history's 说明 -----
    def describe(self, action: str, plan: ProposalPlan, step) -> str:
        handler = plan.host_plan if plan.host_plan is not None else plan
        if action == "submit":
            how = "大会期间提交" if id(plan) in self.at_session else "闭会期间提交"
            if plan.lead_organization_id is not None:
                return f"{how}，{self.org_names.get(plan.lead_organization_id, '')}集体提案"
            lead = self.member_names.get(plan.lead_member_id, "")
            return f"{how}，{lead}等{len(plan.cosigner_ids) + 1}人联名" if plan.cosigner_ids else f"{how}，{lead}提出"
        if action == "accept":
            return f"经提案审查会审查，予以立案，案号第{plan.case_number:03d}号"
        if action == "not_accept":
            return f"经审查不予立案（{plan.not_accepted_reason}），已向提案者说明"
        if action == "withdraw":
            return "提案者申请撤回"
        if action == "merge":
            return f"与第{plan.merged_into_case:03d}号提案内容相近，并案办理" if plan.merged_into_case else "并案办理"
        if action in ("assign", "reassign"):
            today = [a for a in handler.assignments if a.assigned_on == step]
            if action == "reassign":
                return "改交" + "、".join(self.unit_names[a.unit_id] for a in today) + "办理"
            lead = [self.unit_names[a.unit_id] for a in today if a.role == "lead"]
            joint = [self.unit_names[a.unit_id] for a in today if a.role == "joint"]
            separate = [self.unit_names[a.unit_id] for a in today if a.role == "separate"]
            if separate:
                return f"交{'、'.join(separate)}分别办理"
            return f"交{'、'.join(lead)}主办" + (f"，{'、'.join(joint)}会办" if joint else "")
        if action == "decline":
            a = handler.assignments[step]
            return f"{self.unit_names[a.unit_id]}申请退回：{a.decline_reason}"
        if action == "extend":
            a = handler.assignments[step]
            return f"{self.unit_names[a.unit_id]}申请延期{a.extended_days}天：{a.extension_reason}"
        if action == "close":
            return "办理完毕，办理材料归档"
        unit = self.unit_names[handler.assignments[step.assignment_index].unit_id] if handler.assignments else "承办单位"
        if action == "reply":
            number = f"，{step.document_number}" if step.document_number else ""
            return f"收到{unit}答复（{step.category}类{number}）"
        if action == "feedback":
            verdict = Verdict(step.verdict).label
            return f"提案者对{unit}的答复表示{verdict}" + ("，要求重新办理" if step.verdict == Verdict.DISSATISFIED.value else "")
        return ""


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _plan(rng: random.Random, writer: _Writer, *, session_id: int, opening: date, today: date, case: int,
          members: list[int], orgs: list[int], reasons: list[str]) -> ProposalPlan | None:
    """One proposal of the session, or None when it would be handed in after today."""
    days_after = rng.choices(SUBMITTED_AFTER, weights=SUBMITTED_WEIGHTS)[0]
    submitted = opening + timedelta(days=days_after)
    if submitted > today:
        return None
    category = rng.choices(list(CATEGORY_WEIGHTS), weights=list(CATEGORY_WEIGHTS.values()))[0]
    topic, title = writer.title(category)
    collective = rng.random() < 0.16
    lead = None if collective else rng.choice(members)
    cosigners = () if collective else tuple(m for m in dict.fromkeys(rng.sample(members, rng.choice((0, 1, 2, 2, 3))))
                                           if m != lead)
    plan = ProposalPlan(session_id=session_id, title=title, submitted_on=submitted,
                        kind="collective" if collective else "member", decision="accepted", lead_member_id=lead,
                        lead_organization_id=rng.choice(orgs) if collective else None, cosigner_ids=cosigners,
                        category=category, body=writer.body(topic))
    writer.topic_of[id(plan)] = topic
    if days_after <= 3:
        writer.at_session.add(id(plan))
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
    _handle(rng, writer, plan, topic, today=today)
    return plan


def _handle(rng: random.Random, writer: _Writer, plan: ProposalPlan, topic: Topic, *, today: date) -> None:
    assigned = plan.decided_on + timedelta(days=rng.randint(3, 25))
    if assigned > today:
        return
    chosen = writer.units_for(topic)
    roles = rng.choices([("lead",), ("lead", "joint"), ("separate", "separate")], weights=(65, 28, 7))[0]
    for unit, role in zip(chosen, roles):
        plan.assignments.append(AssignmentPlan(unit, role, assigned, add_months(assigned, 3)))
    if rng.random() < 0.02:  # the first unit declines within the window; the office reassigns to another unit
        first = plan.assignments[0]
        instead = writer.other_unit({a.unit_id for a in plan.assignments})
        first.declined_on = assigned + timedelta(days=2)
        first.decline_reason = rng.choice(writer.topics.decline_reasons).replace("{unit}", writer.unit_names[instead])
        again = assigned + timedelta(days=4)
        plan.assignments.append(AssignmentPlan(instead, first.role, again, add_months(again, 3)))
    for index, a in enumerate(plan.assignments):
        if a.declined_on or a.role == "joint":
            continue
        took = rng.triangular(15, 110, 60)
        if rng.random() < 0.04:  # a hard one: the unit asks for two more months and uses them
            a.extended_days, a.extension_reason = 61, rng.choice(writer.topics.extension_reasons)
            a.due_on += timedelta(days=61)
            took = rng.triangular(95, 150, 130)  # after the first due date, when it asked
        replied = a.assigned_on + timedelta(days=int(took))
        if replied > today:
            continue
        verdict_on = replied + timedelta(days=rng.randint(3, 20))
        verdict = rng.choices(["satisfied", "basically_satisfied", "dissatisfied"], weights=(74, 23, 3))[0]
        text, contact = writer.reply(plan)
        reply = ReplyPlan(index, replied, rng.choices("ABC", weights=(36, 50, 14))[0], face_to_face=rng.random() < 0.72,
                          text=text, contact_person=contact,
                          contact_phone="1" + rng.choice("358") + "".join(str(rng.randrange(10)) for _ in range(9)))
        if verdict_on <= today:
            reply.verdict, reply.verdict_on = verdict, verdict_on
        plan.replies.append(reply)
        if reply.verdict == "dissatisfied":
            again = verdict_on + timedelta(days=rng.randint(15, 40))
            if again <= today:
                text, _ = writer.reply(plan, again=True)
                plan.replies.append(ReplyPlan(index, again, "B", verdict="satisfied", verdict_on=again + timedelta(days=5),
                                              face_to_face=True, text=text,
                                              contact_person=contact, contact_phone=reply.contact_phone))
    answered = {r.assignment_index for r in plan.replies if r.verdict != "dissatisfied"}
    needed = {i for i, a in enumerate(plan.assignments) if not a.declined_on and a.role != "joint"}
    if needed and needed <= answered and all(r.verdict for r in plan.replies):
        last = max((r.verdict_on or r.replied_on) for r in plan.replies)
        if last + timedelta(days=3) <= today:
            plan.closed_on = last + timedelta(days=3)


# Units still owing a reply on the day the demo is made, in days from that day (negative: overdue by), so that the
# 首页 shows overdue and due items whatever the date: proposals handed in between sessions are handled all year.
IN_HAND_DUE_IN = (-29, -3, 5, 9, 12)


def _keep_some_in_hand(plans: list[ProposalPlan], today: date, wanted: list[int]) -> None:
    """Re-time a few accepted proposals (latest first) so that their lead unit was assigned three months before
    the due day `today + wanted[i]` and has not replied yet; `wanted` is consumed."""
    for plan in reversed(plans):
        if not wanted:
            return
        if plan.decision != "accepted" or not plan.assignments or plan.is_key or plan.decided_on is None:
            continue
        due = today + timedelta(days=wanted[0])
        assigned = add_months(due, -3)
        if assigned <= plan.decided_on or assigned > today:
            continue
        wanted.pop(0)
        plan.assignments = [AssignmentPlan(plan.assignments[0].unit_id, "lead", assigned, due)]
        plan.replies, plan.closed_on = [], None


def fill(session, rng: random.Random, context: dict) -> dict[str, int]:
    today = context["today"]
    county: DemoCounty = context["county"]
    per_year = context["size"].get("proposals_per_year", 300 if context["size"]["members"] < 300 else 5000)
    names = dict(session.execute(select(Member.id, Member.name).where(Member.status == "active")).all())
    members = list(names)
    org_names = [(county.local(n), kind) for n, kind in ORGANIZATIONS]
    orgs = _ensure_named(session, Organization, org_names)
    unit_ids = _ensure_named(session, HandlingUnit, [(unit_name(short, county), None) for short, _ in UNITS])
    writer = _Writer(rng, county, {short: uid for (short, _), uid in zip(UNITS, unit_ids)}, names,
                     {oid: name for oid, (name, _) in zip(orgs, org_names)}, load_topics(context["resources"]))
    leaders = [(_person(rng), county.local(title)) for title in LEADER_TITLES]
    vocab = load_vocabularies(session).get("not_accepted_reason")
    reasons = [n for n in vocab.names if n != "其他"] if vocab else ["没有具体建议"]
    count = 0
    sessions = _sessions(session, context)
    opened = [sid for sid, _year, opening in sessions if opening <= today]  # oldest first
    latest_opened = opened[-1] if opened else None
    for session_id, year, opening in sessions:
        if opening > today:
            continue
        writer.new_year()
        case = 0
        year_plans = []
        for _ in range(int(per_year * rng.uniform(0.9, 1.1))):
            plan = _plan(rng, writer, session_id=session_id, opening=opening, today=today, case=case + 1,
                         members=members, orgs=orgs, reasons=reasons)
            if plan is None:
                continue
            if plan.case_number:
                case += 1
            year_plans.append(plan)
        if session_id == latest_opened:
            _keep_some_in_hand(year_plans, today, list(IN_HAND_DUE_IN))
        writer.number_replies(year_plans)
        accepted = [p for p in year_plans if p.case_number]
        for p in rng.sample(accepted, max(1, len(accepted) // 30)) if accepted else []:
            p.is_key = True
            p.leaders = [(name, title, role) for (name, title), role in zip(rng.sample(leaders, 2), ("领办", "督办"))]
        for p in year_plans:
            if p.closed_on and year < today.year and rng.random() < 0.03:
                p.is_excellent = True
            if p.case_number and p.closed_on is None and year < today.year and rng.random() < 0.3:
                p.follow_up_year = year + 1
        hosts = [p for p in accepted if not p.is_key]
        hosts_of: dict[int, list[ProposalPlan]] = {}
        for h in hosts:
            hosts_of.setdefault(id(writer.topic_of[id(h)]), []).append(h)
        merged = [p for p in year_plans if p.decision == "not_accepted"][: max(1, len(year_plans) // 40)]
        for p in merged:  # a few of the ones not filed turn out to be duplicates: 并案 instead
            host = rng.choice(hosts_of.get(id(writer.topic_of[id(p)])) or hosts) if hosts else None
            if host is None:
                break
            p.decision, p.disposal, p.not_accepted_reason, p.host_plan = "merged", None, None, host
            p.merged_into_case = host.case_number
            first = next((r for r in host.replies if r.verdict != "dissatisfied"), None)
            if first is not None:  # the host's unit answers this proposer too
                p.replies = [ReplyPlan(first.assignment_index, first.replied_on, first.category, verdict=first.verdict,
                                       verdict_on=first.verdict_on, face_to_face=first.face_to_face, text=first.text,
                                       document_number=first.document_number, contact_person=first.contact_person,
                                       contact_phone=first.contact_phone)]
                p.closed_on = host.closed_on
        count += insert_plans(session, year_plans, actor=county.clerk_of(year, today.year), note="",
                              describe=writer.describe)
    for session_id, _, _ in _sessions(session, context):
        top = session.scalar(select(func.max(Proposal.case_number)).where(Proposal.session_id == session_id)) or 0
        session.get(PlenarySession, session_id).last_case_number = top
    refresh_planner_statistics(session)
    return {"提案": count, "承办单位": len(unit_ids), "参加单位": len(orgs)}

