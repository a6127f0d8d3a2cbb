"""Writes of Learn profiles: reaching one (LP-1), adding and removing accounts (LP-2..LP-5), merging (LP-6),
transcript links (LP-8)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from certlink.errors import Refusal
from profiles.models import Account, CertificationProfile, LearnActivity, LearnProfile, TranscriptShare
from profiles.rules import learn as rules
from profiles.services.alignment import alignments_follow_merge
from profiles.services.audit import Action, audit_record


def learn_limits() -> rules.Limits:
    """LP-2's limits in force (settings LEARN_MAX_PERSONAL_ACCOUNTS, LEARN_MAX_WORK_ACCOUNTS)."""
    return rules.Limits(personal=settings.LEARN_MAX_PERSONAL_ACCOUNTS, work=settings.LEARN_MAX_WORK_ACCOUNTS)


def held(profile: LearnProfile) -> rules.Held:
    accounts = list(profile.accounts.filter(deleted_at__isnull=True).values_list("kind", "email"))
    msas = [email for kind, email in accounts if kind == "msa"]
    return rules.Held(personal=len(msas), work=len(accounts) - len(msas), msa_email=msas[0] if msas else "")


def learn_profile_for(*, account: Account, now: datetime) -> LearnProfile:
    """LP-1: the Learn profile this account signs in to; signing in to Learn with an account attached to no
    profile creates one for it."""
    if account.learn_profile is not None:
        return account.learn_profile
    with transaction.atomic():
        locked = Account.objects.select_for_update().get(pk=account.pk)
        if locked.learn_profile_id is None:
            profile = LearnProfile.objects.create(display_name=account.display_name, created_at=now)
            Account.objects.filter(pk=account.pk).update(learn_profile=profile, learn_added_at=now)
    account.refresh_from_db(fields=["learn_profile", "learn_added_at"])
    assert account.learn_profile is not None  # set above, or by the request that held the lock first
    return account.learn_profile


@dataclass(frozen=True)
class MergePreview:
    """What a merge of `source` into `target` would move (LP-6), and the refusal if it would break LP-2."""

    target: LearnProfile
    source: LearnProfile
    accounts: list[Account]
    activities: int
    certification_profile: CertificationProfile | None
    refusal: Refusal | None

    def as_details(self) -> dict:
        return {
            "source_profile": self.source.pk,
            "accounts": [{"email": a.email, "kind": a.kind} for a in self.accounts],
            "activities": self.activities,
            "certification_profile": self.certification_profile.mcid if self.certification_profile else None,
            "allowed": self.refusal is None,
            "refusal": self.refusal.as_dict() if self.refusal else None,
        }


def learn_merge_preview(*, target: LearnProfile, source: LearnProfile) -> MergePreview:
    refusal = None
    try:
        rules.check_merge(held(target), held(source), limits=learn_limits())
        _check_connections(target, source)
    except Refusal as refused:
        refusal = refused
    return MergePreview(
        target=target,
        source=source,
        accounts=list(source.accounts.filter(deleted_at__isnull=True).order_by("kind", "email")),
        activities=source.activities.count(),
        certification_profile=CertificationProfile.objects.filter(learn_profile=source).first(),
        refusal=refusal,
    )


def _check_connections(target: LearnProfile, source: LearnProfile) -> None:
    connected = CertificationProfile.objects.filter(learn_profile__in=[target, source]).count()
    if connected > 1:
        raise Refusal(
            "merge_both_connected",
            _(
                "Both Learn profiles are connected to a certification profile, and a Learn profile can show only "
                "one. Ask certification support to merge your certification profiles first."
            ),
        )


def learn_account_add(*, profile: LearnProfile, account: Account, now: datetime, merge: bool = False) -> LearnProfile:
    """LP-3: `account` was proved by signing in with it (the caller did) while signed in to `profile`.

    An account of another Learn profile offers a merge (LP-6): refused with the preview unless `merge`."""
    if account.learn_profile_id == profile.pk:
        raise Refusal(
            "learn_account_already_added",
            _("%(email)s is already on your Learn profile.") % {"email": account.email},
        )
    if account.learn_profile_id is not None:
        source = LearnProfile.objects.get(pk=account.learn_profile_id)
        if not merge:
            preview = learn_merge_preview(target=profile, source=source)
            raise Refusal(
                "learn_merge_offered",
                _(
                    "%(email)s already signs in to another Learn profile. Adding it merges that profile into this "
                    "one: its accounts, history and achievements, and its certifications view move here. A merge "
                    "can't be undone."
                )
                % {"email": account.email},
                status=409,
                **preview.as_details(),
            )
        return learn_profiles_merge(target=profile, source=source, now=now, by=account)
    with transaction.atomic():
        LearnProfile.objects.select_for_update().get(pk=profile.pk)  # one change of the profile at a time
        rules.check_add(held(profile), kind=account.kind, limits=learn_limits())
        try:
            with transaction.atomic():
                updated = Account.objects.filter(pk=account.pk, learn_profile__isnull=True).update(
                    learn_profile=profile, learn_added_at=now
                )
        except IntegrityError:  # LP-2 held by the database: another request added an MSA first
            rules.check_add(held(profile), kind=account.kind, limits=learn_limits())
            raise
        if not updated:
            raise Refusal(
                "learn_account_taken",
                _("%(email)s was just added to another Learn profile.") % {"email": account.email},
            )
        # The actor is the added account: LP-3 has the learner sign in with it to add it.
        audit_record(Action.LEARN_ACCOUNT_ADDED, account=account, actor=account, at=now, learn_profile=profile.pk)
    return profile


def learn_profiles_merge(
    *, target: LearnProfile, source: LearnProfile, now: datetime, by: Account | None = None
) -> LearnProfile:
    """LP-6: move the source's accounts, history and certifications view into the target; refused, with nothing
    changed, if the result would exceed LP-2's limits. Cannot be undone. `by`: the account whose adding merged."""
    with transaction.atomic():
        locked = {p.pk: p for p in LearnProfile.objects.select_for_update().filter(pk__in=[target.pk, source.pk])}
        if locked[source.pk].merged_into_id:
            raise Refusal("learn_profile_already_merged", _("That Learn profile has already been merged."))
        rules.check_merge(held(target), held(source), limits=learn_limits())
        _check_connections(target, source)
        moved = list(Account.objects.filter(learn_profile=source).order_by("pk").values_list("pk", "email", "kind"))
        Account.objects.filter(learn_profile=source).update(learn_profile=target, learn_added_at=now)
        LearnActivity.objects.filter(profile=source).update(profile=target)
        CertificationProfile.objects.filter(learn_profile=source).update(learn_profile=target)
        TranscriptShare.objects.filter(profile=source, revoked_at__isnull=True).update(revoked_at=now)
        LearnProfile.objects.filter(pk=source.pk).update(merged_into=target, merged_at=now)
        alignments_follow_merge(target=target, source=source, now=now)
        audit_record(
            Action.LEARN_PROFILES_MERGED,
            account=by,
            actor=by,
            at=now,
            target_profile=target.pk,
            source_profile=source.pk,
            accounts=[{"id": pk, "email": email, "kind": kind} for pk, email, kind in moved],
        )
    return target


def learn_account_remove(*, profile: LearnProfile, account: Account, signed_in: Account, now: datetime) -> None:
    """LP-5: never the account signed in with, nor the last account."""
    with transaction.atomic():
        LearnProfile.objects.select_for_update().get(pk=profile.pk)
        live = profile.accounts.filter(deleted_at__isnull=True)
        if not live.filter(pk=account.pk).exists():
            raise Refusal("learn_account_not_found", _("That account isn't on your Learn profile."), status=404)
        rules.check_remove(account_id=account.pk, signed_in_id=signed_in.pk, live_accounts=live.count())
        Account.objects.filter(pk=account.pk).update(learn_profile=None, learn_added_at=None)
        audit_record(Action.LEARN_ACCOUNT_REMOVED, account=account, actor=signed_in, at=now, learn_profile=profile.pk)


def transcript_share_create(*, profile: LearnProfile, now: datetime) -> TranscriptShare:
    """LP-8: the profile's public transcript link (the live one if there is one)."""
    with transaction.atomic():
        LearnProfile.objects.select_for_update().get(pk=profile.pk)
        live = TranscriptShare.objects.filter(profile=profile, revoked_at__isnull=True).first()
        return live or TranscriptShare.objects.create(profile=profile, token=secrets.token_urlsafe(24), created_at=now)


def transcript_share_revoke(*, profile: LearnProfile, now: datetime) -> int:
    """LP-8: a revoked link shows nothing."""
    return TranscriptShare.objects.filter(profile=profile, revoked_at__isnull=True).update(revoked_at=now)
