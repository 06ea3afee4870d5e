"""All tables; importing this package registers every model on Base.metadata."""
from db.models.settings import ImportMapping, Setting, Vocabulary, VocabularyTerm
from db.models.terms import Session, Term
from db.models.organizations import HandlingUnit, Organization
from db.models.places import Village
from db.models.members import Member, member_committees, member_terms, member_villages
from db.models.homes import Activity, Attendance, Home
from db.models.consultations import (Consultation, ConsultationFollowUp, Platform, consultation_members,
                                     platform_members)
from db.models.proposals import (Assignment, Feedback, Proposal, ProposalCosigner, ProposalEvent,
                                 ProposalLeader, ProposalReview, Reply)
from db.models.opinions import Opinion, OpinionAdoption, OpinionInstruction, OpinionSubmitter
from db.models.records import Attachment, AuditEntry

__all__ = [name for name in dir() if not name.startswith("_")]
