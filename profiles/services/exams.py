"""Exam results as a delivery provider sends them (CE-2): a pass earns the certification, with its own number
(CE-6) and expiry (CE-3); an active certification is never changed by an exam (CE-4)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Min
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from certlink.errors import Refusal
from certlink.timefmt import when
from profiles.models import Account, Certification, CertificationHeld, CertificationProfile, Exam, ExamResult
from profiles.policy import validity
from profiles.rules import normalize_email
from profiles.rules.certification import certification_number, expiry_for
from profiles.services.certification import certification_profile_create

PASSING_SCORE = 700
_rng = random.SystemRandom()


@dataclass(frozen=True)
class ExamOutcome:
    result: ExamResult
    earned: list[CertificationHeld]
    notes: list[str]


def exam_result_record(
    *,
    exam_code: str,
    taken_at: datetime,
    score: int,
    provider: str,
    now: datetime,
    mcid: int | None = None,
    candidate_email: str = "",
) -> ExamOutcome:
    exam = Exam.objects.filter(code__iexact=exam_code.strip()).prefetch_related("certifications").first()
    if exam is None:
        raise Refusal(
            "unknown_exam",
            _("There's no exam %(exam)s in the catalog.") % {"exam": exam_code},
            status=404,
            exam=exam_code,
        )
    if taken_at > now:
        raise Refusal(
            "exam_in_the_future",
            _("An exam result can't be dated after now (%(now)s).") % {"now": when(now)},
            taken_at=taken_at,
        )
    if not 0 <= score <= 1000:
        raise Refusal("score_out_of_range", _("A scaled score is between 0 and 1000."), score=score)
    with transaction.atomic():
        profile = _candidate(mcid=mcid, email=candidate_email, now=now)
        result = ExamResult.objects.create(
            profile=profile, exam=exam, provider=provider, taken_at=taken_at, score=score, passed=score >= PASSING_SCORE
        )
        earned, notes = [], []
        if result.passed:
            for certification in exam.certifications.all():
                held, note = _earn(profile, certification, taken_at, provider)
                earned += [held] if held else []
                notes += [note] if note else []
    return ExamOutcome(result=result, earned=earned, notes=notes)


def _candidate(*, mcid: int | None, email: str, now: datetime) -> CertificationProfile:
    """The candidate's certification profile: by MCID (an alias leads to the profile it was merged into), or by
    email (contact email or MSA); an MSA with no profile gets one, as at a first exam registration (CP-1)."""
    if mcid is not None:
        profile = CertificationProfile.objects.filter(mcid=mcid).first()
        while profile is not None and profile.merged_into_id:
            profile = profile.merged_into
        if profile is None:
            raise Refusal(
                "unknown_mcid", _("There's no certification profile with MCID %(mcid)s.") % {"mcid": mcid}, status=404
            )
        return profile
    email = normalize_email(email)
    found = (
        CertificationProfile.objects.filter(msa__email=email, merged_into__isnull=True).first()
        or CertificationProfile.objects.filter(contact_email=email, merged_into__isnull=True).first()
    )
    if found:
        return found
    msa = Account.objects.filter(email=email, kind="msa", deleted_at__isnull=True).first()
    if msa is None:
        raise Refusal(
            "unknown_candidate",
            _("No certification profile and no personal account uses %(email)s. Give the MCID instead.")
            % {"email": email},
            status=404,
            email=email,
        )
    return certification_profile_create(
        account=msa, legal_name=msa.display_name or msa.email, contact_email=email, now=now
    )


def _earn(
    profile: CertificationProfile, certification: Certification, at: datetime, provider: str
) -> tuple[CertificationHeld | None, str]:
    held = CertificationHeld.objects.select_for_update().filter(profile=profile, certification=certification).first()
    if held is not None and (held.expires_at is None or held.expires_at > at):
        return None, _(
            "%(certification)s is already held and active: passing an exam never changes its expiry (CE-4). "
            "Renew it on Learn in its window."
        ) % {"certification": certification.name}
    since = held.expires_at if held else None
    completed = _all_exams_passed_at(profile, certification, since)
    if completed is None:
        return None, _("%(certification)s needs more exams: %(exams)s.") % {
            "certification": certification.name,
            "exams": ", ".join(_codes(certification)),
        }
    at = max(at, completed)  # results may arrive out of order: it is earned when the last exam was passed
    if not _prerequisite_held(profile, certification, at):
        # Translators: the separator between the names of certifications any one of which would do ("A or B"); keep
        # the spaces only where your language puts spaces between words.
        separator = pgettext("between names of alternatives", " or ")
        names = separator.join(p.name for p in certification.prerequisites.all())
        return None, _("%(certification)s also requires %(prerequisites)s, which is not held and active.") % {
            "certification": certification.name,
            "prerequisites": names,
        }
    expires = expiry_for(level=certification.level, earned_at=at, policy=validity())
    if held is not None:  # CE-4: regained by passing the exams again, as a new cycle
        CertificationHeld.objects.filter(pk=held.pk).update(
            earned_at=at, expires_at=expires, cycle=held.cycle + 1, provider=provider, renewed_at=None
        )
        held.refresh_from_db()
        return held, ""
    return _new_held(profile, certification, at, expires, provider), ""


def _codes(certification: Certification) -> list[str]:
    return sorted(certification.exams.values_list("code", flat=True))


def _all_exams_passed_at(
    profile: CertificationProfile, certification: Certification, since: datetime | None
) -> datetime | None:
    """When the last of the certification's exams was first passed (from `since`, the expiry of a certification
    being regained: it is expired from that very instant), or None while one is still missing."""
    passed = ExamResult.objects.filter(profile=profile, passed=True, exam__certifications=certification)
    if since is not None:
        passed = passed.filter(taken_at__gte=since)
    first = dict(passed.order_by().values("exam__code").annotate(at=Min("taken_at")).values_list("exam__code", "at"))
    if not set(first) >= set(_codes(certification)):
        return None
    return max(first.values())


def _prerequisite_held(profile: CertificationProfile, certification: Certification, at: datetime) -> bool:
    required = list(certification.prerequisites.all())
    if not required:
        return True
    live = CertificationHeld.objects.filter(profile=profile, certification__in=required, earned_at__lte=at)
    return any(h.expires_at is None or h.expires_at > at for h in live)


def _new_held(
    profile: CertificationProfile, certification: Certification, at: datetime, expires: datetime | None, provider: str
) -> CertificationHeld:
    for _attempt in range(10):
        try:
            with transaction.atomic():
                return CertificationHeld.objects.create(
                    profile=profile,
                    certification=certification,
                    provider=provider,
                    earned_at=at,
                    expires_at=expires,
                    number=certification_number(_rng),
                )
        except IntegrityError:
            continue  # a certification number already given (CE-6): draw another
    raise RuntimeError("Could not draw an unused certification number")
