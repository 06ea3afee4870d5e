"""The records the 年度工作总结 names as examples: what was done, in the records' own words.

Nothing here is a figure (those come from services.statistics); these are a few records per area, chosen
so that each example says something of its own: a text that several records share word for word
(a ledger whose 协商成果 is always "形成协商意见") is no example and is left out.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Integer, and_, exists, func, literal_column, or_, select
from sqlalchemy.orm import Session

from db.models import (Activity, Consultation, Home, Opinion, OpinionAdoption, OpinionInstruction, Platform, Proposal,
                       Reply, Village, VocabularyTerm)
from desktop_app.domain.enums import Level
from desktop_app.domain.gatherings import DUTY_MEETING_KINDS
from desktop_app.domain.period import Period
from desktop_app.domain.proposal_workflow import ACCEPTED_STATES
from desktop_app.fileio.annual_dto import ActivityExample, ConsultationExample, OpinionExample
from desktop_app.services.statistics.proposals import CATEGORIES

# "+column": SQLite would otherwise read every proposal of every year by ix_proposals_merged_into_id (IS NULL)
# instead of the period's by submitted date (23 ms → 9 ms on a city).
_MERGED_INTO_UNINDEXED = literal_column("+proposals.merged_into_id", type_=Integer)
TITLES_PER_CATEGORY = 5
ACTIVITY_THEMES = 40
TOLD = 4  # records with a text of their own, per area
LEVELS_HIGHEST_FIRST = (Level.NATIONAL, Level.PROVINCE, Level.CITY, Level.COUNTY)


@dataclass(frozen=True)
class AnnualExamples:
    resolved: dict[str, tuple[str, ...]]  # category → titles of accepted proposals a unit answered A (key first)
    activities: tuple[ActivityExample, ...]
    consultations: tuple[ConsultationExample, ...]
    opinions: tuple[OpinionExample, ...]


def gather(s: Session, period: Period) -> AnnualExamples:
    return AnnualExamples(_resolved(s, period), _activities(s, period), _consultations(s, period),
                          _opinions(s, period))


def vocabulary_orders(s: Session, keys: tuple[str, ...]) -> dict[str, list[str]]:
    """The office's order of the names of these vocabularies (as the 设置 page lists them)."""
    out: dict[str, list[str]] = {}
    for key, name in s.execute(select(VocabularyTerm.vocabulary, VocabularyTerm.name)
                               .where(VocabularyTerm.vocabulary.in_(keys))
                               .order_by(VocabularyTerm.vocabulary, VocabularyTerm.position)):
        out.setdefault(key, []).append(name)
    return out


def _own_texts(s: Session, column, in_period) -> set[str]:
    """The texts of `column` that exactly one record of the period has."""
    return {text for (text,) in s.execute(
        select(column).where(in_period, column.is_not(None), column != "").group_by(column)
        .having(func.count() == 1))}


def _resolved(s: Session, period: Period) -> dict[str, tuple[str, ...]]:
    answered_a = exists().where(Reply.proposal_id == Proposal.id, Reply.superseded.is_(False), Reply.category == "A")
    rows = s.execute(
        select(Proposal.category, Proposal.title)
        .where(Proposal.submitted_on.between(period.start, period.end), Proposal.state.in_(ACCEPTED_STATES),
               _MERGED_INTO_UNINDEXED.is_(None), answered_a)
        .order_by(Proposal.is_key.desc(), Proposal.case_number, Proposal.id))
    out: dict[str, list[str]] = {}
    full = 0
    for category, title in rows:
        # as the statistics count them: anything outside the five named categories is 其他
        titles = out.setdefault(category if category in CATEGORIES[:-1] else "其他", [])
        if len(titles) < TITLES_PER_CATEGORY and title not in titles:
            titles.append(title)
            full += len(titles) == TITLES_PER_CATEGORY
            if full == len(CATEGORIES):  # every category has its titles: the rest are not read
                break
    return {category: tuple(titles) for category, titles in out.items()}


def _activities(s: Session, period: Period) -> tuple[ActivityExample, ...]:
    in_period = and_(Activity.held_on.between(period.start, period.end), Activity.kind.not_in(DUTY_MEETING_KINDS))
    own = _own_texts(s, Activity.summary, in_period)
    told = []
    if own:
        for held_on, home, kind, title, summary in s.execute(
                select(Activity.held_on, Home.name, Activity.kind, Activity.title, Activity.summary)
                .outerjoin(Home, Home.id == Activity.home_id).where(in_period, Activity.summary.in_(own))
                .order_by(Activity.suggestions_count.desc(), Activity.held_on, Activity.id).limit(TOLD)):
            told.append(ActivityExample(held_on, home or "", kind, title, summary))
    themes = [ActivityExample(held_on, "", kind, title) for title, kind, held_on in s.execute(
        select(Activity.title, Activity.kind, func.min(Activity.held_on)).where(in_period)
        .group_by(Activity.title, Activity.kind)
        .order_by(func.sum(Activity.suggestions_count).desc(), func.min(Activity.held_on), Activity.title)
        .limit(ACTIVITY_THEMES))]
    return tuple(told + themes)


def _consultations(s: Session, period: Period) -> tuple[ConsultationExample, ...]:
    in_period = Consultation.held_on.between(period.start, period.end)
    outcomes = _own_texts(s, Consultation.outcome, in_period)
    deeds = _own_texts(s, Consultation.done_deeds_text, in_period)
    if not (outcomes or deeds):
        return ()
    rows = s.execute(
        select(Consultation.held_on, Village.name, Platform.name, Platform.township, Consultation.topic,
               Consultation.outcome, Consultation.done_deeds_text, Consultation.done_deeds)
        .join(Platform, Platform.id == Consultation.platform_id).outerjoin(Village, Village.id == Platform.village_id)
        .where(in_period, or_(Consultation.outcome.in_(outcomes), Consultation.done_deeds_text.in_(deeds)))
        .order_by(Consultation.done_deeds.desc(), Consultation.held_on, Consultation.id).limit(TOLD))
    return tuple(ConsultationExample(held_on, village or platform, township or "", topic,
                                     outcome if outcome in outcomes else "", deeds_text if deeds_text in deeds else "",
                                     done or 0)
                 for held_on, village, platform, township, topic, outcome, deeds_text, done in rows)


def _opinions(s: Session, period: Period) -> tuple[OpinionExample, ...]:
    in_period = Opinion.received_on.between(period.start, period.end)
    levels = {level for (level,) in s.execute(
        select(OpinionAdoption.level).join(Opinion, Opinion.id == OpinionAdoption.opinion_id).where(in_period)
        .distinct())}
    out: list[OpinionExample] = []
    top = next((level for level in LEVELS_HIGHEST_FIRST if level.value in levels), None)
    if top is not None:
        for (title,) in s.execute(
                select(Opinion.title).join(OpinionAdoption, OpinionAdoption.opinion_id == Opinion.id)
                .where(in_period, OpinionAdoption.level == top.value)
                .order_by(Opinion.received_on, Opinion.id).limit(TOLD)):
            out.append(OpinionExample(title, adopted_level=top.label))
    for title, leader in s.execute(
            select(Opinion.title, OpinionInstruction.leader)
            .join(OpinionInstruction, OpinionInstruction.opinion_id == Opinion.id)
            .where(in_period).order_by(Opinion.received_on, Opinion.id).limit(TOLD)):
        out.append(OpinionExample(title, instructed_by=(leader or "").strip() or "领导"))
    return tuple(out)
