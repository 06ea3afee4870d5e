"""Turning a consultation into a draft proposal or a 社情民意信息, linked both ways.

Kept minimal on purpose: the proposals module owns the whole workflow; this writes only the
draft (state submitted) with its first history event (action "submit" → submitted), as the
proposals module's own submission writes it.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import insert

from db.models import Member, Opinion, OpinionSubmitter, Proposal, ProposalEvent
from desktop_app.domain.enums import ProposalKind, ProposalState
from desktop_app.domain.errors import Conflict, ValidationError
from desktop_app.domain.gatherings import opinion_title, proposal_title
from desktop_app.services import audit
from desktop_app.services.changes import Changes
from desktop_app.services.consultations import consultation_member_lines, load_consultation
from desktop_app.services.context import ServiceContext
from desktop_app.services.records import add_flushed, flush_versioned
from desktop_app.services.settings import ensure_term_session, read_office


def _body(c) -> str:
    parts = []
    if c.suggestions_text:
        parts.append(c.suggestions_text)
    if c.outcome:
        parts.append(f"协商成果：{c.outcome}")
    return "\n".join(parts)


class ConsultationLinksService:
    def __init__(self, ctx: ServiceContext):
        self._ctx = ctx

    def _link(self, s, c, field: str, target_id: int, action: str) -> None:
        """Point the consultation at the record it became (`field` = proposal_id or opinion_id), audited."""
        setattr(c, field, target_id)
        c.changed_by = self._ctx.actor
        flush_versioned(s)
        audit.label(s, c, action)

    def to_proposal(self, consultation_id: int, *, on: date | None = None) -> Changes:
        """A draft member proposal led by the first participating member, in the office's current session."""
        on = on or date.today()
        uow = self._ctx.uow()
        with uow as s:
            c = load_consultation(s, consultation_id)
            if c.proposal_id:
                raise Conflict(f"协商“{c.topic}”已转为提案，不能重复转。")
            members = consultation_member_lines(s, c.id)
            if not members:
                raise ValidationError("这次协商没有登记参加委员，无法确定提案人；请先登记参加委员。")
            lead = s.get(Member, members[0].id)
            office = read_office(s)
            session_row = ensure_term_session(s, office.current_term, office.current_session)
            proposal = Proposal(session_id=session_row.id, title=proposal_title(c.topic), body=_body(c) or None,
                                kind=ProposalKind.MEMBER.value, lead_member_id=lead.id, submitted_on=on,
                                state=ProposalState.SUBMITTED.value, source_consultation_id=c.id,
                                contact_phone=lead.phone, changed_by=self._ctx.actor)
            add_flushed(s, proposal)
            s.execute(insert(ProposalEvent), [{
                "proposal_id": proposal.id, "on_date": on, "actor": self._ctx.actor, "action": "submit",
                "from_state": None, "to_state": ProposalState.SUBMITTED.value,
                "note": f"由有事来商量“{c.topic}”（{c.held_on}）转来"}])
            self._link(s, c, "proposal_id", proposal.id, "to_proposal")
            uow.commit()
            return Changes(consultations=True, proposals=True, new_id=proposal.id)

    def to_opinion(self, consultation_id: int, *, on: date | None = None) -> Changes:
        """A 社情民意信息 with the participating members as submitters, linked from the consultation."""
        on = on or date.today()
        uow = self._ctx.uow()
        with uow as s:
            c = load_consultation(s, consultation_id)
            if c.opinion_id:
                raise Conflict(f"协商“{c.topic}”已转为社情民意信息，不能重复转。")
            members = consultation_member_lines(s, c.id)
            opinion = Opinion(title=opinion_title(c.topic), body=_body(c) or None, received_on=on,
                              notes=f"由有事来商量“{c.topic}”（{c.held_on}）转来", changed_by=self._ctx.actor)
            add_flushed(s, opinion)
            if members:
                s.execute(insert(OpinionSubmitter), [{"opinion_id": opinion.id, "member_id": m.id, "position": i}
                                                     for i, m in enumerate(members)])
            self._link(s, c, "opinion_id", opinion.id, "to_opinion")
            uow.commit()
            return Changes(consultations=True, opinions=True, new_id=opinion.id)
