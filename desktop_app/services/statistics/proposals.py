"""Proposal figures (docs/domain.md "Statistics"), all SQL aggregates over the proposals submitted in the period.

A proposal belongs to the period by its submitted date; its later steps count with it.
Replies count when current (not superseded by re-handling); every verdict given counts as feedback.
Overdue is as of today (or `today`): assigned, a lead or separate unit unanswered past its due date.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache

from sqlalchemy import Date, and_, bindparam, exists, func, literal_column, or_, select, true
from sqlalchemy.orm import Session

from db.models import (Assignment, Feedback, HandlingUnit, Member, Organization, PlenarySession, Proposal,
                       ProposalCosigner, ProposalLeader, Reply, Term, Vocabulary as VocabularyRow, VocabularyTerm)
from desktop_app.domain.enums import AssignmentStatus, Verdict
from desktop_app.domain.period import Period, rate_value
from desktop_app.domain.proposal_workflow import ACCEPTED_STATES, ANSWERING_ROLES, ASSIGNED, CLOSED, NOT_ACCEPTED, REPLIED
from desktop_app.services.statistics.members import active_members_on

CATEGORIES = ("经济建设", "政治建设", "文化建设", "社会建设", "生态文明建设", "其他")
VERDICT_LABELS = {v.value: v.label for v in Verdict}
SATISFIED = (Verdict.SATISFIED.value, Verdict.BASICALLY_SATISFIED.value)
_RARER_VERDICTS = (Verdict.BASICALLY_SATISFIED.value, Verdict.DISSATISFIED.value)


@dataclass(frozen=True)
class KeyProposal:
    case_number: int | None
    title: str
    proposer: str
    lead_units: tuple[str, ...]
    leaders: tuple[str, ...]  # "李主席（督办）"


@dataclass(frozen=True)
class UnitFigures:
    unit_id: int
    name: str
    received: int
    replied: int
    on_time: int
    overdue: int
    categories: dict[str, int]
    feedback: int
    satisfied: int
    face_to_face: int

    @property
    def satisfaction_rate(self) -> float | None:
        return rate_value(self.satisfied, self.feedback)

    @property
    def face_to_face_rate(self) -> float | None:
        return rate_value(self.face_to_face, self.replied)


@dataclass(frozen=True)
class ProposalFigures:
    submitted: int
    accepted: int
    merged: int
    not_accepted: int
    by_kind: dict[str, int]
    by_category: dict[str, int]
    assigned: int
    replied: int
    overdue: int
    reply_categories: dict[str, int]
    replies: int
    face_to_face: int
    feedback: dict[str, int]
    key: int
    participating_members: int
    active_members: int
    key_proposals: tuple[KeyProposal, ...] = ()
    units: tuple[UnitFigures, ...] = ()
    excellent: int = 0
    follow_up: int = 0
    # Accepted proposals by the office's own category vocabulary, in its order (some counties keep 交通 or
    # have no 其他): every entry in use or active, a category outside the vocabulary under 其他 (or 未分类).
    # Sums to `accepted`, like by_category, which keeps the six categories of `stats --json`.
    by_office_category: dict[str, int] = field(default_factory=dict)

    @property
    def acceptance_rate(self) -> float | None:
        return rate_value(self.accepted, self.submitted)

    @property
    def reply_rate(self) -> float | None:
        return rate_value(self.replied, self.assigned)

    @property
    def feedback_given(self) -> int:
        """Verdicts given (满意, 基本满意 and 不满意)."""
        return sum(self.feedback.values())

    @property
    def satisfied(self) -> int:
        """Verdicts 满意 or 基本满意."""
        return self.feedback["满意"] + self.feedback["基本满意"]

    @property
    def satisfaction_rate(self) -> float | None:
        return rate_value(self.satisfied, self.feedback_given)

    @property
    def category_shares(self) -> dict[str, float | None]:
        """Each category's share of the accepted proposals (percent, two decimals)."""
        return {name: rate_value(count, self.accepted) for name, count in self.by_category.items()}

    def as_json(self) -> dict:
        return {
            "submitted": self.submitted, "accepted": self.accepted, "merged": self.merged,
            "not_accepted": self.not_accepted, "acceptance_rate": self.acceptance_rate,
            "by_kind": dict(self.by_kind), "by_category": dict(self.by_category),
            "assigned": self.assigned, "replied": self.replied, "reply_rate": self.reply_rate,
            "overdue": self.overdue, "reply_categories": dict(self.reply_categories),
            "face_to_face_rate": rate_value(self.face_to_face, self.replies),
            "feedback": dict(self.feedback), "satisfaction_rate": self.satisfaction_rate,
            "key": self.key, "member_participation_rate": rate_value(self.participating_members, self.active_members),
        }


def _current_reply(proposal_id, unit_id):
    return exists().where(Reply.proposal_id == proposal_id, Reply.unit_id == unit_id, Reply.superseded.is_(False))


# The period filter of the main pass, written so SQLite cannot use it to pick an index ("+column"): the pass
# then reads ix_proposals_tally in GROUP BY order instead of sorting 50,000 rows (12 ms instead of 94).
_SUBMITTED_UNINDEXED = literal_column("+proposals.submitted_on", type_=Date)


@dataclass
class _ProposalTally:
    """The main pass's groups summed into the figures (every count is an SQL count of a group)."""
    submitted: int = 0
    accepted: int = 0
    merged: int = 0
    not_accepted: int = 0
    assigned: int = 0
    replied: int = 0
    key: int = 0
    excellent: int = 0
    follow_up: int = 0
    by_kind: dict[str, int] = field(default_factory=lambda: {"member": 0, "collective": 0})
    by_category: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    by_stored_category: dict[str | None, int] = field(default_factory=dict)

    def add(self, state: str, kind: str, category: str | None, count: int, merged: int, key: int, excellent: int,
            follow_up: int) -> None:
        """One group of proposals sharing state, kind and category: `count` of them, of which `merged` joined
        another proposal (merged_into_id set), `key` key, `excellent` excellent, `follow_up` followed up."""
        self.submitted += count
        if state == NOT_ACCEPTED:
            self.not_accepted += count
        if state not in ACCEPTED_STATES:
            return
        self.accepted += count
        self.merged += merged
        if state in (ASSIGNED, REPLIED, CLOSED):
            # The workflow keeps the state in step with the handling records (services/proposals/handling.py):
            # 已交办/已答复/已办结 and not merged ⇔ it has active assignments; 已答复/已办结 ⇔ every active lead
            # and separate unit has a current reply.
            self.assigned += count - merged
            self.replied += count - merged if state in (REPLIED, CLOSED) else 0
        if kind in self.by_kind:
            self.by_kind[kind] += count
        # Anything outside the five named categories is 其他.
        self.by_category[category if category in CATEGORIES[:-1] else "其他"] += count
        self.by_stored_category[category] = self.by_stored_category.get(category, 0) + count
        self.key += key
        self.excellent += excellent
        self.follow_up += follow_up


# Every statement below is built once (per dialect and kind of period) and run with the period's dates and
# today as parameters: building and keying a dozen statements on every call costs as much as some of them take.
_START, _END, _TODAY = (bindparam(name, type_=Date) for name in ("start", "end", "today"))
_IN_PERIOD = Proposal.submitted_on.between(_START, _END)


def _covers_every_proposal(session: Session, period: Period) -> bool:
    """Whether every proposal was submitted within the period (two probes of ix_proposals_submitted_state)."""
    first, last = session.connection().execute(_bounds_statement()).one()
    return first is None or (period.start <= first and last <= period.end)


@cache
def _bounds_statement():
    # Two subqueries: SQLite answers a lone min() or max() from the index, both in one SELECT by a scan.
    return select(select(func.min(Proposal.submitted_on)).scalar_subquery(),
                  select(func.max(Proposal.submitted_on)).scalar_subquery())


@dataclass(frozen=True)
class _Statements:
    """compute()'s statements for one dialect and kind of period (parameters start, end, today)."""
    tally: object
    late: object
    reply_kinds: object
    verdicts: object
    participating: object
    active: object


@cache
def _statements(whole: bool, sqlite: bool) -> _Statements:
    # The unary + is SQLite's way of saying "no index here"; other databases plan by their own statistics.
    submitted = _SUBMITTED_UNINDEXED if sqlite else Proposal.submitted_on
    grouping = (Proposal.state, Proposal.kind, Proposal.category)
    flagged = func.count()
    tally = (select(*grouping, func.count(), func.count(Proposal.merged_into_id),
                    flagged.filter(Proposal.is_key.is_(True)), flagged.filter(Proposal.is_excellent.is_(True)),
                    flagged.filter(Proposal.is_follow_up.is_(True)))
             .where(true() if whole else submitted.between(_START, _END)).group_by(*grouping))
    # (proposal, unit) of every active lead or separate assignment of a proposal of the period still 已交办 whose
    # unit has no current reply past its due date, one row per assignment. Found from the proposals in state
    # 已交办 (ix_proposals_tally begins with the state: SQLite is told not to pick the submitted-date index,
    # which would read every proposal of a long period to find the few).
    late = (select(Assignment.proposal_id, Assignment.unit_id).join(Proposal, Proposal.id == Assignment.proposal_id)
            .where(submitted.between(_START, _END), Proposal.state == ASSIGNED,
                   Assignment.status == AssignmentStatus.ACTIVE.value, Assignment.role.in_(ANSWERING_ROLES),
                   Assignment.due_on < _TODAY, ~_current_reply(Assignment.proposal_id, Assignment.unit_id)))

    def of_period(query, proposal_id):
        return query if whole else query.join(Proposal, Proposal.id == proposal_id).where(_IN_PERIOD)

    # Every current reply of the period's proposals (件次, whoever replied), by category and meeting, and every
    # verdict given. All years: reply groups read in index order (ix_replies_kind), no sort; the verdicts as every
    # verdict (a plain count(*): SQLite counts the cells of an index's pages, no row read) and the two rarer ones
    # (ix_feedback_verdict, their entries alone), 满意 being the rest: a verdict is one of three, never empty (the
    # database's CHECK and NOT NULL). A part of the years: one row of filtered counts over the rows found through
    # the period's proposals (no sort either).
    is_current = Reply.superseded.is_(False)
    counted = func.count()
    if whole:
        reply_kinds = (select(Reply.category, Reply.face_to_face, func.count()).where(is_current)
                       .group_by(Reply.category, Reply.face_to_face))
        verdicts = select(select(func.count()).select_from(Feedback).scalar_subquery(),
                          *(select(func.count()).where(Feedback.verdict == verdict).scalar_subquery()
                            for verdict in _RARER_VERDICTS))
    else:
        reply_kinds = of_period(
            select(counted, *(counted.filter(Reply.category == c) for c in "ABC"),
                   counted.filter(Reply.face_to_face.is_(True))).select_from(Reply).where(is_current),
            Reply.proposal_id)
        verdicts = of_period(
            select(*(counted.filter(Feedback.verdict == verdict) for verdict in VERDICT_LABELS)).select_from(Feedback),
            Feedback.proposal_id)
    # Active members who led or co-signed a proposal of the period: one indexed probe per member.
    led = exists().where(Proposal.lead_member_id == Member.id, _IN_PERIOD)
    cosigned = (exists().where(ProposalCosigner.member_id == Member.id)
                .where(Proposal.id == ProposalCosigner.proposal_id, _IN_PERIOD))
    active_now = active_members_on(_END)
    participating = select(func.count()).select_from(Member).where(active_now, or_(led, cosigned))
    active = select(func.count()).select_from(Member).where(active_now)
    return _Statements(tally, late, reply_kinds, verdicts, participating, active)


def compute(session: Session, period: Period, *, today: date | None = None, details: bool = True,
            units: bool = True) -> ProposalFigures:
    """The period's figures; `details` adds the key proposals and the per-unit table, `units=False` leaves
    the per-unit table out (a report that prints no unit's figures)."""
    db = session.connection()  # Core rows: none of the ORM's result machinery is needed
    today = today or date.today()
    in_period = Proposal.submitted_on.between(period.start, period.end)
    dates = {"start": period.start, "end": period.end, "today": today}

    # A period holding every proposal needs no join to proposals to tell whether a reply, verdict or assignment
    # belongs to it: each row names an existing proposal (a foreign key the database enforces), and
    # submitted_on is never empty. "All years" then reads replies and feedback alone, and every proposal.
    whole = _covers_every_proposal(session, period)
    statements = _statements(whole, session.get_bind().dialect.name == "sqlite")

    tally = _ProposalTally()
    for row in db.execute(statements.tally, dates).all():
        tally.add(*row)

    # Overdue: only proposals still 已交办 can be; a lead or separate unit unanswered past its due date.
    # Counted from the late assignments themselves (few), which the per-unit table also reports.
    late = db.execute(statements.late, dates).all()
    overdue = len({proposal_id for proposal_id, _unit_id in late})

    if whole:
        by_kind = db.execute(statements.reply_kinds).all()
        replies = sum(count for _category, _met, count in by_kind)
        face_to_face = sum(count for _category, met, count in by_kind if met)
        reply_categories = {c: sum(count for category, _met, count in by_kind if category == c) for c in "ABC"}
        every, *rarer = db.execute(statements.verdicts).one()
        given = dict(zip(_RARER_VERDICTS, rarer))
        given[Verdict.SATISFIED.value] = every - sum(rarer)
        feedback = {label: given[verdict] for verdict, label in VERDICT_LABELS.items()}
    else:
        replies, reply_a, reply_b, reply_c, face_to_face = db.execute(statements.reply_kinds, dates).one()
        reply_categories = {"A": reply_a, "B": reply_b, "C": reply_c}
        verdict_counts = db.execute(statements.verdicts, dates).one()
        feedback = {label: count for label, count in zip(VERDICT_LABELS.values(), verdict_counts)}

    participating = db.scalar(statements.participating, dates)
    active = db.scalar(statements.active, dates)

    return ProposalFigures(
        submitted=tally.submitted, accepted=tally.accepted, merged=tally.merged, not_accepted=tally.not_accepted,
        by_kind=tally.by_kind, by_category=tally.by_category, assigned=tally.assigned, replied=tally.replied,
        overdue=overdue, reply_categories=reply_categories, replies=replies,
        face_to_face=face_to_face, feedback=feedback, key=tally.key,
        participating_members=participating, active_members=active, excellent=tally.excellent,
        follow_up=tally.follow_up, by_office_category=office_categories(session, tally.by_stored_category),
        key_proposals=_key_proposals(session, period) if details else (),
        units=unit_figures(session, in_period, today=today, whole=whole, late=late,
                           few_unjudged=whole and _few_unjudged(replies, feedback)) if details and units else (),
    )


def _few_unjudged(replies: int, feedback: dict[str, int]) -> bool:
    """Whether verdicts were given on nearly every current reply (at least 9 in 10 as many verdicts as replies):
    the per-unit pass then finds the few replies without one rather than probing every reply's verdict."""
    return sum(feedback.values()) * 10 >= replies * 9


UNCATEGORISED = "未分类"
_CATEGORY_VOCABULARY = "proposal_category"
# The office's entries as load_vocabularies (services/settings.py) reads them, as plain rows: only names and whether
# active are needed (no vocabulary objects loaded for every figure).
_CATEGORY_ENTRIES = (select(VocabularyTerm.name, VocabularyTerm.active)
                     .where(VocabularyTerm.vocabulary == _CATEGORY_VOCABULARY,
                            exists().where(VocabularyRow.key == _CATEGORY_VOCABULARY))
                     .order_by(VocabularyTerm.vocabulary, VocabularyTerm.position))


def office_categories(session: Session, stored: dict[str | None, int]) -> dict[str, int]:
    """Counts by stored category laid out in the office's vocabulary: its active entries in order, an inactive
    one only while it holds proposals; a value outside the vocabulary (or none) goes to 其他, or 未分类 when
    the office keeps no 其他."""
    entries = session.connection().execute(_CATEGORY_ENTRIES).all()
    out = {name: 0 for name, active in entries if active or stored.get(name)}
    for category, count in stored.items():
        name = office_category_name(category, out)
        out[name] = out.get(name, 0) + count
    return out


def office_category_name(category: str | None, names) -> str:
    """Where a stored category is counted among the office's category `names` (those of by_office_category)."""
    if category in names:
        return category
    return "其他" if "其他" in names else UNCATEGORISED


def _key_proposals(session: Session, period: Period) -> tuple[KeyProposal, ...]:
    """The period's accepted key proposals session by session (届, then 次), within a session by case number
    (numbers are per session; a proposal without one last, by submitted date), then id: one order even where
    sessions share case numbers. Their lead units and leaders are read for those proposals only
    (ix_assignments_proposal_id, ix_proposal_leaders_proposal_id), each in the order entered."""
    db = session.connection()
    proposals, units_read, leaders_read = _key_statements()
    dates = {"start": period.start, "end": period.end}
    rows = db.execute(proposals, dates).all()
    if not rows:
        return ()
    units = _tuples_by_proposal(db.execute(units_read, dates).all())
    leaders = _tuples_by_proposal(db.execute(leaders_read, dates).all())
    none = ()
    return tuple([KeyProposal(number, title, proposer, units.get(pid, none), leaders.get(pid, none))
                  for pid, number, title, proposer in rows])


@cache
def _key_statements():
    """The key proposals of the period (parameters start, end), their lead units, their leaders."""
    # Found from ix_proposals_key, which holds the key proposals alone (its condition written as in the index).
    is_key = and_(Proposal.submitted_on.between(_START, _END), Proposal.is_key == true(),
                  Proposal.state.in_(ACCEPTED_STATES))
    proposals = (
        select(Proposal.id, Proposal.case_number, Proposal.title, func.coalesce(Member.name, Organization.name, ""))
        .outerjoin(Member, Member.id == Proposal.lead_member_id)
        .outerjoin(Organization, Organization.id == Proposal.lead_organization_id)
        .join(PlenarySession, PlenarySession.id == Proposal.session_id).join(Term, Term.id == PlenarySession.term_id)
        .where(is_key)
        .order_by(Term.number, PlenarySession.number, Proposal.case_number.is_(None), Proposal.case_number,
                  Proposal.submitted_on, Proposal.id))
    # Both come in proposal order, each proposal's rows in the order entered: gathered into one tuple per proposal.
    # A leader is written out by the database ("李主席（督办）"), one string per row.
    key_ids = select(Proposal.id).where(is_key)
    units = (select(Assignment.proposal_id, HandlingUnit.name).join(HandlingUnit, HandlingUnit.id == Assignment.unit_id)
             .where(Assignment.proposal_id.in_(key_ids), Assignment.role == "lead", Assignment.status == "active")
             .order_by(Assignment.proposal_id, Assignment.id))
    leader = ProposalLeader
    leaders = (select(leader.proposal_id,
                      func.coalesce(leader.leader_title, "") + leader.leader_name + "（" + leader.role + "）")
               .where(leader.proposal_id.in_(key_ids)).order_by(leader.proposal_id, leader.id))
    return proposals, units, leaders


def _tuples_by_proposal(rows) -> dict[int, tuple[str, ...]]:
    """(proposal id, text) rows, a proposal's rows together, as {proposal id: its texts in the order read}."""
    out: dict[int, tuple[str, ...]] = {}
    for pid, text in rows:
        out[pid] = out[pid] + (text,) if pid in out else (text,)
    return out


# The per-unit pass's table aliases, made once (an alias copies every column of its table).
_CURRENT_REPLY = Reply.__table__.alias("current_reply")
_EARLIER_REPLY = Reply.__table__.alias("earlier_reply")
_VERDICT = Feedback.__table__.alias("verdict")


def unit_figures(session: Session, in_period, *, today: date, whole: bool = False,
                 late: list[tuple[int, int]] | None = None, few_unjudged: bool = False) -> tuple[UnitFigures, ...]:
    """Per handling unit: the proposals of the period it answers, its active 主办 and 分办 assignments (件次).

    One rule for every figure of a unit: a 会办 unit sends its view to the lead unit and does not answer the
    proposer, so its assignments, and anything recorded against them, are not counted. What is counted for an
    assignment is the unit's current reply to that proposal (replied, on time, its category, whether they met)
    and every verdict on the unit's replies to it. A merged proposal (并案) counts with the proposal it joined.
    `whole`: the period holds every proposal, so an assignment need not be looked up in proposals.
    `late`: the period's late assignments as compute() found them (_statements' late), else looked up here.
    `few_unjudged` (with `whole`): nearly every reply has its verdict, so the verdicts are counted as the replies
    less those without one (found by one merge of two ordered id lists), not by probing each reply's verdict.
    """
    db = session.connection()
    unjudged_apart = whole and few_unjudged
    statements = _whole_unit_statements(unjudged_apart) if whole else _unit_statements(in_period, False, False)
    counts = {r[0]: r[1:] for r in db.execute(statements.per_unit).all()}
    superseded = {unit_id: (total, good) for unit_id, total, good in db.execute(statements.superseded).all()}
    if unjudged_apart:
        for unit_id, count in db.execute(statements.unjudged).all():
            received, replied_count, timely, a, b, c, met, verdicts = counts[unit_id]
            counts[unit_id] = (received, replied_count, timely, a, b, c, met, verdicts - count)
    unsatisfied: dict[int, int] = {}
    for (unit_id,) in db.execute(statements.unsatisfied).all():
        unsatisfied[unit_id] = unsatisfied.get(unit_id, 0) + 1

    # Overdue: still 已交办, the unit's answer missing past its due date (only proposals in that state are read).
    if late is None:
        answering = and_(Assignment.status == AssignmentStatus.ACTIVE.value, Assignment.role.in_(ANSWERING_ROLES))
        late = db.execute(
            select(Assignment.proposal_id, Assignment.unit_id).join(Proposal, Proposal.id == Assignment.proposal_id)
            .where(in_period, Proposal.state == ASSIGNED, answering, Assignment.due_on < today,
                   ~_current_reply(Assignment.proposal_id, Assignment.unit_id))).all()
    late_by_unit: dict[int, int] = {}
    for _proposal_id, unit_id in late:
        late_by_unit[unit_id] = late_by_unit.get(unit_id, 0) + 1
    names = dict(db.execute(_UNIT_NAMES).all())
    out = []
    for unit_id in sorted(counts, key=lambda u: names.get(u, "")):
        received, replied_count, timely, a, b, c, met, verdicts = counts[unit_id]
        earlier_total, earlier_good = superseded.get(unit_id, (0, 0))
        out.append(UnitFigures(unit_id, names.get(unit_id, ""), received, replied_count, timely,
                               late_by_unit.get(unit_id, 0),
                               {"A": a, "B": b, "C": c}, verdicts + earlier_total,
                               verdicts - unsatisfied.get(unit_id, 0) + earlier_good, met))
    return tuple(out)


_UNIT_NAMES = select(HandlingUnit.id, HandlingUnit.name)


@dataclass(frozen=True)
class _UnitStatements:
    per_unit: object
    superseded: object
    unjudged: object
    unsatisfied: object


def _unit_statements(in_period, whole: bool, unjudged_apart: bool) -> _UnitStatements:
    """unit_figures' statements for the proposals `in_period` (not read when `whole`)."""
    answering = and_(Assignment.status == AssignmentStatus.ACTIVE.value, Assignment.role.in_(ANSWERING_ROLES))

    def of_period(query, proposal_id):
        return query if whole else query.join(Proposal, Proposal.id == proposal_id).where(in_period)

    # One pass over the answering assignments (ix_assignments_unit_answering holds every column it reads, in
    # unit order), each probing its current reply (ix_replies_proposal_unit) and whether that reply has a verdict
    # (uq_feedback_reply alone). At most one current reply per (proposal, unit) and one verdict per reply
    # (unique indexes): no row is repeated. Which verdicts fall short of 基本满意 is counted apart, below; with
    # `few_unjudged` the verdict is not probed here, the replies without one are subtracted below.
    current, verdict = _CURRENT_REPLY, _VERDICT
    replied = func.count(current.c.id)
    # Each condition below reads a column of the current reply, NULL (not true) where the assignment has none: a
    # filtered count(*) counts replied assignments alone, without testing the reply's id again on every row.
    of_replied = func.count().filter
    # A part of the years: the period's proposals found first (an IN list read from ix_proposals_submitted_state),
    # then their assignments, rather than every assignment looked up in proposals.
    query = (select(Assignment.unit_id, func.count(), replied,
                    of_replied(current.c.replied_on <= Assignment.due_on),
                    of_replied(current.c.category == "A"), of_replied(current.c.category == "B"),
                    of_replied(current.c.category == "C"), of_replied(current.c.face_to_face.is_(True)),
                    replied if unjudged_apart else func.count(verdict.c.reply_id))
             .select_from(Assignment)
             .outerjoin(current, and_(current.c.proposal_id == Assignment.proposal_id,
                                      current.c.unit_id == Assignment.unit_id, current.c.superseded.is_(False))))
    if not unjudged_apart:
        query = query.outerjoin(verdict, verdict.c.reply_id == current.c.id)
    per_unit = (query.where(answering,
                            true() if whole else Assignment.proposal_id.in_(select(Proposal.id).where(in_period)))
                .group_by(Assignment.unit_id))

    # The rare verdicts, each counted once per answering assignment of its unit to its proposal (one row per
    # such assignment, joined): every verdict on a superseded reply (a reply is superseded only when a proposal
    # is handled again), and each current reply's verdict short of 基本满意 (found from feedback, one verdict
    # per reply). Both read only their few rows, from ix_replies_superseded (which holds nothing else; its
    # condition written as in the index) and ix_feedback_verdict (a verdict is one of three, so "short of
    # 基本满意" is 不满意).
    def answered_by(reply):
        return and_(Assignment.unit_id == reply.c.unit_id, Assignment.proposal_id == reply.c.proposal_id, answering)

    earlier = _EARLIER_REPLY
    superseded = of_period(
        select(earlier.c.unit_id, func.count(), func.count().filter(Feedback.verdict.in_(SATISFIED)))
        .select_from(earlier).join(Feedback, Feedback.reply_id == earlier.c.id)
        .join(Assignment, answered_by(earlier))
        .where(earlier.c.superseded == true()), earlier.c.proposal_id).group_by(earlier.c.unit_id)
    unjudged = None
    if unjudged_apart:
        # Each answering assignment's current reply without a verdict: the replies' ids less the ids judged, both
        # read in id order and merged (SQLite: the ORDER BY makes it a merge, no temporary b-tree), then the few.
        unjudged_ids = select(Reply.id).except_(select(Feedback.reply_id))
        unjudged_ids = unjudged_ids.order_by(unjudged_ids.selected_columns.id)
        unjudged = (select(current.c.unit_id, func.count()).select_from(current).join(Assignment, answered_by(current))
                    .where(current.c.superseded.is_(False), current.c.id.in_(unjudged_ids))
                    .group_by(current.c.unit_id))
    # Each row one unsatisfied verdict, summed by unit_figures: grouped, SQLite would read replies in unit order.
    unsatisfied = of_period(
        select(current.c.unit_id).select_from(current).join(Assignment, answered_by(current))
        .where(current.c.superseded.is_(False),
               current.c.id.in_(select(Feedback.reply_id).where(Feedback.verdict == Verdict.DISSATISFIED.value))),
        current.c.proposal_id)
    return _UnitStatements(per_unit, superseded, unjudged, unsatisfied)


@cache
def _whole_unit_statements(unjudged_apart: bool) -> _UnitStatements:
    """unit_figures' statements when the period holds every proposal, built once."""
    return _unit_statements(None, True, unjudged_apart)

