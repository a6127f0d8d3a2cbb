"""Writes of renewals: an attempt at the renewal assessment (RN-2..RN-7) and the notice and reminders (RN-8)."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from certlink.errors import Refusal
from profiles.models import Account, CertificationHeld
from renewals import rules
from renewals.models import AssessmentQuestion, RenewalAttempt, RenewalReminder
from renewals.policy import policy
from renewals.selectors import renewable_item


def renewal_attempt_submit(
    *, account: Account, held: CertificationHeld, answers: dict[int, int], now: datetime
) -> RenewalAttempt:
    """Score an attempt and record it; a pass extends expiry by a year from the current expiry (RN-4), starts a new
    cycle, and stops the reminders left in the old one (RN-8)."""
    with transaction.atomic():
        held = CertificationHeld.objects.select_for_update().select_related("certification", "profile").get(pk=held.pk)
        previous = list(RenewalAttempt.objects.filter(held=held, cycle=held.cycle).order_by("number"))
        item = renewable_item(held, account=account, attempts=tuple(a.submitted_at for a in previous))
        rules.check_can_renew(item, now=now, policy=policy())
        questions = [
            rules.Question(q.pk, q.skill_area, q.answer)
            for q in AssessmentQuestion.objects.filter(assessment__certification=held.certification)
        ]
        _check_answers(questions, answers)
        result = rules.score(questions, answers, policy=policy())
        try:
            with transaction.atomic():
                attempt = RenewalAttempt.objects.create(
                    held=held,
                    cycle=held.cycle,
                    number=len(previous) + 1,
                    submitted_at=now,
                    answers={str(k): v for k, v in answers.items()},
                    score=result.percent,
                    by_skill=result.by_skill,
                    passed=result.passed,
                )
        except IntegrityError:  # the same attempt submitted twice at once: the database keeps one
            raise Refusal(
                "attempt_already_submitted", _("This attempt was already submitted. Reload the page."), status=409
            ) from None
        if result.passed:
            _renew(held, now)
    return attempt


def _check_answers(questions: list[rules.Question], answers: dict[int, int]) -> None:
    known = {q.id for q in questions}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise Refusal(
            "unknown_questions",
            _("Some answers are for questions that aren't in this assessment."),
            questions=unknown,
        )
    missing = len(known - set(answers))
    if missing:
        raise Refusal(
            "unanswered_questions",
            ngettext(
                "Answer every question before you submit: %(count)d is still unanswered.",
                "Answer every question before you submit: %(count)d are still unanswered.",
                missing,
            )
            % {"count": missing},
            unanswered=missing,
        )


def _renew(held: CertificationHeld, now: datetime) -> None:
    assert held.expires_at is not None  # check_can_renew: only a certification that expires is renewed (RN-2)
    new_expiry = rules.renewed_expiry(held.expires_at)
    CertificationHeld.objects.filter(pk=held.pk).update(expires_at=new_expiry, cycle=held.cycle + 1, renewed_at=now)
    RenewalReminder.objects.filter(held=held, cycle=held.cycle, sent_at__isnull=True).delete()
