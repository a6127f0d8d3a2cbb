"""Writes of the alignment in progress (AL-5): the learner proves which certification profile is theirs, chooses
a path, abandons; the doctor records the steps done; connecting ends it."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from certlink.errors import Refusal
from profiles.models import Account, Alignment, CertificationProfile, LearnProfile, SupportRequest
from profiles.rules import alignment as rules
from profiles.selectors import IdentityPicture, identity_picture


def alignment_in_progress(learn: LearnProfile) -> Alignment | None:
    return Alignment.objects.filter(learn_profile=learn, ended_at__isnull=True).first()


def _open(learn: LearnProfile, now: datetime) -> Alignment:
    """The learn profile's alignment in progress, started if there is none (one at a time: a constraint)."""
    with transaction.atomic():
        LearnProfile.objects.select_for_update().get(pk=learn.pk)
        found = alignment_in_progress(learn)
        if found:
            return found
        try:
            with transaction.atomic():
                return Alignment.objects.create(learn_profile=learn, started_at=now, updated_at=now)
        except IntegrityError:  # a second request started one first
            started = alignment_in_progress(learn)
            if started is None:
                raise
            return started


def alignment_prove(*, learn: LearnProfile, msa: Account, now: datetime) -> Alignment:
    """AL-5: the learner signed in with `msa` (the caller checked its password), so its certification profile
    is theirs; certlink keeps it on their Learn profile until the two are connected."""
    if msa.kind != Account.Kind.MSA:
        raise Refusal(
            "alignment_proof_needs_msa",
            _("A certification profile is reached through a personal account (MSA). Sign in with that one."),
        )
    profile = CertificationProfile.objects.filter(msa=msa, merged_into__isnull=True).first()
    if profile is None:
        raise Refusal(
            "alignment_msa_has_no_certification_profile",
            _(
                "%(email)s is not the personal account of any certification profile. Sign in with the personal "
                "account you took your exams with, or create a certification profile if you have none."
            )
            % {"email": msa.email},
            email=msa.email,
        )
    alignment = _open(learn, now)
    alignment.certification_profile, alignment.proven_by = profile, Alignment.Proof.MSA_SIGN_IN
    alignment.updated_at = now
    alignment.save(update_fields=["certification_profile", "proven_by", "updated_at"])
    return alignment


def alignment_support_requested(*, request: SupportRequest, now: datetime) -> None:
    """AL-1 as proof: a learner who can no longer sign in with the certification MSA names their profile by
    asking support to change it; the request's MCID is the learner's own words until an agent processes it."""
    learn = request.requester.learn_profile
    if learn is None or request.kind != SupportRequest.Kind.CHANGE_MSA:
        return
    alignment = _open(learn, now)
    alignment.support_request, alignment.updated_at = request, now
    alignment.proven_by = alignment.proven_by or Alignment.Proof.SUPPORT_REQUEST
    alignment.path = "AL-1"
    alignment.save(update_fields=["support_request", "proven_by", "path", "updated_at"])


def alignment_path_choose(*, learn: LearnProfile, path: str, diagnosis: rules.Diagnosis, now: datetime) -> Alignment:
    """The learner follows another of the paths the doctor shows them (AL-5)."""
    choosable = rules.choosable_paths(diagnosis)
    if path not in choosable:
        raise Refusal(
            "alignment_path_not_open",
            _("That path isn't one of yours now. Choose one of the paths the alignment doctor shows you."),
            paths=choosable,
        )
    alignment = _open(learn, now)
    alignment.path, alignment.steps_done, alignment.updated_at = path, [], now
    alignment.save(update_fields=["path", "steps_done", "updated_at"])
    return alignment


def alignment_record(
    *, learn: LearnProfile, alignment: Alignment | None, diagnosis: rules.Diagnosis, now: datetime
) -> Alignment | None:
    """Keep the path the doctor shows and the steps done on it on the alignment in progress (`alignment`, as the
    doctor read it), so the next visit continues the same path. A visit that changes nothing writes nothing."""
    path = diagnosis.path
    if path is None or diagnosis.situation == "aligned":
        return alignment
    done = list(range(1, path.current or len(path.steps) + 1))
    if alignment is None and path.rule in ("AL-5", "CP-1", "CP-3"):
        return None  # nothing chosen or proven yet: no alignment to keep
    alignment = alignment or _open(learn, now)
    if (alignment.path, alignment.steps_done) != (path.rule, done):
        alignment.path, alignment.steps_done, alignment.updated_at = path.rule, done, now
        alignment.save(update_fields=["path", "steps_done", "updated_at"])
    return alignment


def alignment_abandon(*, learn: LearnProfile, now: datetime) -> int:
    """The learner stops aligning: certlink forgets which certification profile they proved and the path."""
    return Alignment.objects.filter(learn_profile=learn, ended_at__isnull=True).update(
        ended_at=now, end=Alignment.End.ABANDONED, updated_at=now
    )


def alignments_end_connected(*, profile: CertificationProfile, learn: LearnProfile, now: datetime) -> int:
    """CP-3 done: the alignment of this Learn profile, and any other that named this certification profile."""
    return Alignment.objects.filter(
        Q(learn_profile=learn) | Q(certification_profile=profile), ended_at__isnull=True
    ).update(ended_at=now, end=Alignment.End.CONNECTED, updated_at=now)


def alignments_follow_merge(*, target: LearnProfile, source: LearnProfile, now: datetime) -> None:
    """LP-6: the merged profile's alignment moves with it, unless the target keeps one of its own."""
    moving = Alignment.objects.filter(learn_profile=source, ended_at__isnull=True)
    if alignment_in_progress(target):
        moving.update(ended_at=now, end=Alignment.End.ABANDONED, updated_at=now)
    else:
        moving.update(learn_profile=target, updated_at=now)


def doctor_visit(*, signed_in: Account, learn: LearnProfile, now: datetime) -> IdentityPicture:
    """AL-5: the doctor's picture for the page and the API alike, its path and steps done recorded."""
    picture = identity_picture(signed_in=signed_in, learn=learn)
    kept = alignment_record(learn=learn, alignment=picture.alignment, diagnosis=picture.diagnosis, now=now)
    return replace(picture, alignment=kept)
