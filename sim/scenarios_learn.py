"""Scenarios of Learn and certification profiles (SIM-3): MSAs that differ (seed 000: AL-1..AL-3), two certification
profiles (CP-4), and a certification a month before its renewal window opens (seed 002: RN-2, RN-8).

None of them moves the clock: exams are dated in the past (CE-2 accepts any date up to now), everything else
happens at the instant of loading."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from certlink.dates import add_months
from certlink.timefmt import when
from profiles.services import certification_connect, learn_account_add, learn_profile_for
from renewals.policy import policy
from renewals.rules import window_opens_at
from sim.scenarios_build import (
    Built,
    Load,
    Scenario,
    Step,
    certification_profile,
    directory,
    earn,
    ensure_catalog,
    learner_timeline,
    personal_account,
    sign_in,
    support_agent,
    work_account,
)

UNCHANGED_CLOCK = "The clock stays where it is: the exams are dated in the past, everything else happens now."


def msas_differ_with_work_account(load: Load) -> Built:
    """AL-2: Kenji's Learn profile has his MSA and his work account; his certification profile uses another MSA."""
    ensure_catalog("AZ-104")
    kenji = personal_account(load, "kenji", "Kenji Tanaka")
    cert_msa = personal_account(load, "kenji.cert", "Kenji Tanaka")
    work = work_account(load, directory(load, "Contoso", "contoso"), "kenji", "Kenji Tanaka")
    learn = learn_profile_for(account=kenji, now=load.now)
    learn_account_add(profile=learn, account=work, now=load.now)  # LP-3: proved by signing in with it
    profile = certification_profile(load, cert_msa, contact=kenji)
    earn(load, profile, "AZ-104", load.now - timedelta(days=120))
    return Built(
        sign_ins=[
            sign_in(kenji, "Kenji: the personal account (MSA) of his Learn profile"),
            sign_in(work, "Kenji's work account, also on his Learn profile"),
            sign_in(cert_msa, "the MSA his certification profile uses"),
        ],
        steps=[
            Step(
                f"Sign in as {kenji.email}, open the alignment doctor and show it your certification profile: sign "
                f"in there with {cert_msa.email}.",
                reverse("learn_doctor"),
            ),
            Step(
                f"Sign out, sign in as {work.email} (work account), Settings → remove {kenji.email}.",
                reverse("learn_settings"),
            ),
            Step(f"Add account → sign in with {cert_msa.email}; sign out; sign in with it.", reverse("learn_settings")),
            Step("Credentials → complete the profile connection.", reverse("learn_certifications")),
        ],
        expected=[
            "The doctor shows no certification profile until Kenji proves one is his; then it says the MSAs differ "
            "and recommends AL-2, the path with the work account (AL-1 and AL-4 as alternatives), and keeps the "
            "step Kenji is on through his sign-outs and the removal of his MSA.",
            f"After the steps, MCID {profile.mcid} is connected and Azure Administrator Associate shows on Learn.",
        ],
        timelines=[learner_timeline(kenji, "Kenji")],
        facts={"learner": kenji.pk, "work_account": work.pk, "mcid": profile.mcid},
    )


def msas_differ_without_work_account(load: Load) -> Built:
    """AL-3 (or AL-1): Ayaka's Learn profile has only her MSA; her work account exists but is not on it."""
    ensure_catalog("AZ-104")
    ayaka = personal_account(load, "ayaka", "Ayaka Sato")
    cert_msa = personal_account(load, "ayaka.cert", "Ayaka Sato")
    work = work_account(load, directory(load, "Contoso", "contoso"), "ayaka", "Ayaka Sato")
    learn_profile_for(account=ayaka, now=load.now)
    profile = certification_profile(load, cert_msa, contact=ayaka)
    earn(load, profile, "AZ-104", load.now - timedelta(days=120))
    agent = support_agent(load)
    return Built(
        sign_ins=[
            sign_in(ayaka, "Ayaka: the only account of her Learn profile"),
            sign_in(work, "Ayaka's work account, not on her Learn profile yet"),
            sign_in(cert_msa, "the MSA her certification profile uses"),
            agent,
        ],
        steps=[
            Step(
                f"Sign in as {ayaka.email}, open the alignment doctor and show it your certification profile: sign "
                f"in there with {cert_msa.email} (or, for AL-1, follow AL-1 instead).",
                reverse("learn_doctor"),
            ),
            Step(
                f"AL-3: Settings → Add account → sign in with {work.email}; then follow the doctor.",
                reverse("learn_settings"),
            ),
            Step(
                f"Or AL-1: as {ayaka.email}, ask certification support to change the MSA of MCID {profile.mcid} "
                f"(legal name {profile.legal_name}, contact email {profile.contact_email}); as {agent.email}, join, "
                "verify and process it.",
                reverse("support_list"),
            ),
        ],
        expected=[
            "Once Ayaka shows her certification profile, the doctor says the MSAs differ and recommends AL-3 (add "
            "the work account first), with AL-1 and AL-4 as alternatives; it counts AL-3's twelve steps to the end.",
            f"Either way, MCID {profile.mcid} ends up connected to Ayaka's Learn profile.",
        ],
        timelines=[learner_timeline(ayaka, "Ayaka")],
        facts={"learner": ayaka.pk, "work_account": work.pk, "mcid": profile.mcid},
    )


def two_certification_profiles(load: Load) -> Built:
    """CP-4: Li has two certification profiles (same contact email), both through Pearson VUE so that support can
    merge them (CP-5 would refuse across providers)."""
    ensure_catalog("AZ-104", "AZ-900")
    li = personal_account(load, "li", "Li Wei")
    old_msa = personal_account(load, "li.old", "Li Wei")
    learn_profile_for(account=li, now=load.now)
    current = certification_profile(load, li)
    older = certification_profile(load, old_msa, contact=li)
    earn(load, current, "AZ-104", load.now - timedelta(days=90))
    earn(load, older, "AZ-900", load.now - timedelta(days=700))
    agent = support_agent(load)
    return Built(
        sign_ins=[
            sign_in(li, "Li: his Learn profile's MSA, which his newer certification profile uses"),
            sign_in(old_msa, "the MSA of Li's older certification profile"),
            agent,
        ],
        steps=[
            Step(
                f"Sign in as {li.email}: the doctor says another profile shares the contact email; show it by "
                f"signing in there with {old_msa.email}.",
                reverse("learn_doctor"),
            ),
            Step(
                f"Certification support → ask to merge MCID {older.mcid} into MCID {current.mcid} (legal name "
                f"{current.legal_name}, contact email {current.contact_email}).",
                reverse("support_list"),
            ),
            Step(f"As {agent.email}: join, verify the identity, process.", reverse("support_queue")),
            Step(f"As {li.email}: Credentials → complete the profile connection.", reverse("learn_certifications")),
        ],
        expected=[
            "Connecting is refused until the profiles are merged; the doctor recommends the CP-4 path.",
            f"After the merge MCID {current.mcid} holds Azure Administrator Associate and Azure Fundamentals, "
            f"MCID {older.mcid} stays as its alias, and the connection succeeds.",
        ],
        timelines=[learner_timeline(li, "Li")],
        facts={"learner": li.pk, "mcid": current.mcid, "other_mcid": older.mcid},
    )


def expiring_certification(load: Load) -> Built:
    """RN-2, RN-8: Alex, aligned and connected, holds Azure Administrator Associate whose renewal window opens 30
    days from now: it was earned (in the past) so that its expiry falls 30 days after the window's length."""
    ensure_catalog("AZ-104")
    terms = policy()
    expiry = load.now + timedelta(days=30 + terms.window_days)
    alex = personal_account(load, "alex", "Alex Aligned")
    profile = certification_profile(load, alex)
    certification_connect(signed_in=alex, now=load.now)
    held = earn(load, profile, "AZ-104", add_months(expiry, -terms.validity_months))
    expires = held.expires_at
    assert expires is not None  # AZ-104 is an associate certification: it expires (CE-3)
    opens = window_opens_at(expires, policy=terms)
    return Built(
        sign_ins=[sign_in(alex, "Alex: aligned and connected; a certification a month before its renewal window")],
        steps=[
            Step(
                f"Sign in as {alex.email}: Credentials shows the certification active, Renew not yet offered.",
                reverse("learn_certifications"),
            ),
            Step("As the operator, advance the clock by 30d (or to the window's opening).", reverse("sim_clock")),
            Step(f"Read the outbox for {alex.email}, then Renew on Credentials.", reverse("outbox")),
        ],
        expected=[
            f"Renewing is refused until {when(opens)}: the window opens {terms.window_days} days before the expiry "
            f"on {when(expires)} (RN-2).",
            f"When the clock reaches {when(opens)}, the renewal notice goes to {alex.email}, dated that day (RN-8); "
            f"reminders follow {', '.join(str(d) for d in terms.reminder_days)} days before expiry.",
        ],
        timelines=[learner_timeline(alex, "Alex")],
        facts={"learner": alex.pk, "mcid": profile.mcid, "held": held.pk, "window_opens_at": opens},
    )


SCENARIOS = [
    Scenario(
        "msas-differ-with-work-account",
        "MSAs differ, with a work account on the Learn profile",
        ("AL-2", "AL-5", "CP-3"),
        "Kenji's Learn profile uses his personal account and his work account; his certification profile uses "
        "another personal account, so it can't be connected (CP-3). The doctor recommends AL-2: remove the MSA "
        "while signed in with the work account, add the certification MSA, sign in with it, connect.",
        UNCHANGED_CLOCK,
        msas_differ_with_work_account,
    ),
    Scenario(
        "msas-differ-without-work-account",
        "MSAs differ, no work account on the Learn profile",
        ("AL-3", "AL-1", "AL-5"),
        "Ayaka's Learn profile has only her personal account; her certification profile uses another one. Her "
        "work account exists but is not on the profile: AL-3 adds it first, or AL-1 asks support to change the "
        "certification profile's MSA (an agent account is created if the world has none).",
        UNCHANGED_CLOCK,
        msas_differ_without_work_account,
    ),
    Scenario(
        "two-certification-profiles",
        "Two certification profiles",
        ("CP-4", "CP-5", "AL-5"),
        "Li has two certification profiles with the same contact email, both through Pearson VUE. Connecting is "
        "refused until certification support merges them (CP-4); the other MCID stays as an alias.",
        UNCHANGED_CLOCK,
        two_certification_profiles,
    ),
    Scenario(
        "expiring-certification",
        "A certification a month before its renewal window opens",
        ("RN-2", "RN-8", "SIM-1"),
        "Alex is aligned and connected and holds Azure Administrator Associate, earned in the past so that its "
        "renewal window opens 30 days from now. Renewing is refused until then (RN-2); advance the clock 30 days "
        "and the renewal notice arrives, dated the day the window opened (RN-8).",
        UNCHANGED_CLOCK,
        expiring_certification,
    ),
]
