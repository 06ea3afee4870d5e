"""All tables. Model modules load on first use (PEP 562), so opening the member list does not
pay for the proposal, consultation and opinion tables; `load_all()` registers every table on
Base.metadata for Alembic and anything else that needs the whole schema.
"""
from __future__ import annotations

import importlib

_MODULE_OF = {
    "ImportMapping": "settings",
    "Setting": "settings",
    "Vocabulary": "settings",
    "VocabularyTerm": "settings",
    "PlenarySession": "terms",
    "Term": "terms",
    "HandlingUnit": "organizations",
    "Organization": "organizations",
    "Village": "places",
    "Member": "members",
    "member_committees": "members",
    "member_villages": "members",
    "Activity": "homes",
    "Attendance": "homes",
    "Home": "homes",
    "Consultation": "consultations",
    "ConsultationFollowUp": "consultations",
    "Platform": "consultations",
    "consultation_members": "consultations",
    "platform_members": "consultations",
    "Assignment": "proposals",
    "Feedback": "proposals",
    "Proposal": "proposals",
    "ProposalCosigner": "proposals",
    "ProposalEvent": "proposals",
    "ProposalLeader": "proposals",
    "ProposalReview": "proposals",
    "Reply": "proposals",
    "Opinion": "opinions",
    "OpinionAdoption": "opinions",
    "OpinionInstruction": "opinions",
    "OpinionSubmitter": "opinions",
    "Attachment": "records",
    "AttachmentContent": "records",
    "AuditEntry": "records",
}
MODULES = tuple(dict.fromkeys(_MODULE_OF.values()))


def __getattr__(name: str):
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'db.models' has no attribute {name!r}")
    return getattr(importlib.import_module(f"db.models.{module}"), name)


def load_all() -> None:
    """Import every model module (registers every table and mapper)."""
    for module in MODULES:
        importlib.import_module(f"db.models.{module}")


__all__ = [*_MODULE_OF, "load_all"]
