"""The ORM tables. The schema lives here and in db/migrations only."""

from .accounts import Membership, Project, User
from .annotations import Annotation, AnnotationEntity, DocumentLabel, GoldAnnotation
from .audit import AuditEvent
from .base import Base, column_size, new_uid, new_uids, utcnow
from .claims import ClaimExclusion, ClaimFactCheck, ClaimFactCheckProposal, ClaimGroup, ClaimMember
from .codebooks import Codebook, Label
from .curation import CuratedDocument, CurationDecision
from .documents import Assignment, Document
from .logins import LoginSession, LoginThrottle
from .registry import Designation, Entity, EntityDomain, FundingLink, Rating
from .relations import GoldRelation, Relation, RelationType
from .suggestions import Suggestion, SuggestionDismissal

__all__ = [
    "CuratedDocument",
    "CurationDecision",
    "Annotation",
    "AnnotationEntity",
    "Assignment",
    "AuditEvent",
    "Base",
    "ClaimExclusion",
    "ClaimFactCheck",
    "ClaimFactCheckProposal",
    "ClaimGroup",
    "ClaimMember",
    "Codebook",
    "Designation",
    "Document",
    "DocumentLabel",
    "Entity",
    "EntityDomain",
    "FundingLink",
    "GoldAnnotation",
    "GoldRelation",
    "Label",
    "LoginSession",
    "LoginThrottle",
    "Membership",
    "Project",
    "Rating",
    "Relation",
    "RelationType",
    "Suggestion",
    "SuggestionDismissal",
    "User",
    "column_size",
    "new_uid",
    "new_uids",
    "utcnow",
]
