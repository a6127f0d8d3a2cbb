from profiles.models.accounts import Account, Domain, Tenant
from profiles.models.alignment import Alignment
from profiles.models.audit import AuditEntry
from profiles.models.catalog import Certification, Exam
from profiles.models.certification import CertificationHeld, CertificationProfile, ExamResult, Provider
from profiles.models.learn import LearnActivity, LearnProfile, TranscriptShare
from profiles.models.support import SupportMessage, SupportRequest

__all__ = [
    "Account",
    "Alignment",
    "AuditEntry",
    "Certification",
    "CertificationHeld",
    "CertificationProfile",
    "Domain",
    "Exam",
    "ExamResult",
    "LearnActivity",
    "LearnProfile",
    "Provider",
    "SupportMessage",
    "SupportRequest",
    "Tenant",
    "TranscriptShare",
]
