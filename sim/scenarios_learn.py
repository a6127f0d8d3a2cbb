"""Scenarios of Learn and certification profiles (SIM-3): MSAs that differ (seed 000: AL-1..AL-3), two certification
profiles (CP-4), and a certification a month before its renewal window opens (seed 002: RN-2, RN-8).

None of them moves the clock: exams are dated in the past (CE-2 accepts any date up to now), everything else
happens at the instant of loading."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

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

UNCHANGED_CLOCK = gettext_lazy(
    "The clock stays where it is: the exams are dated in the past, everything else happens now."
)


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
    emails = {"kenji": kenji.email, "cert_msa": cert_msa.email, "work": work.email}
    return Built(
        sign_ins=[
            sign_in(kenji, _("Kenji: the personal account (MSA) of his Learn profile")),
            sign_in(work, _("Kenji's work account, also on his Learn profile")),
            sign_in(cert_msa, _("the MSA his certification profile uses")),
        ],
        steps=[
            Step(
                _(
                    "Sign in as %(kenji)s, open the alignment doctor and show it your certification profile: sign "
                    "in there with %(cert_msa)s."
                )
                % emails,
                reverse("learn_doctor"),
            ),
            Step(
                _("Sign out, sign in as %(work)s (work account), Settings → remove %(kenji)s.") % emails,
                reverse("learn_settings"),
            ),
            Step(
                _("Add account → sign in with %(cert_msa)s; sign out; sign in with it.") % emails,
                reverse("learn_settings"),
            ),
            Step(_("Credentials → complete the profile connection."), reverse("learn_certifications")),
        ],
        expected=[
            _(
                "The doctor shows no certification profile until Kenji proves one is his; then it says the MSAs "
                "differ and recommends AL-2, the path with the work account (AL-1 and AL-4 as alternatives), and "
                "keeps the step Kenji is on through his sign-outs and the removal of his MSA."
            ),
            _("After the steps, MCID %(mcid)s is connected and Azure Administrator Associate shows on Learn.")
            % {"mcid": profile.mcid},
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
    values = {
        "ayaka": ayaka.email,
        "cert_msa": cert_msa.email,
        "work": work.email,
        "agent": agent.email,
        "mcid": profile.mcid,
        "legal_name": profile.legal_name,
        "contact": profile.contact_email,
    }
    return Built(
        sign_ins=[
            sign_in(ayaka, _("Ayaka: the only account of her Learn profile")),
            sign_in(work, _("Ayaka's work account, not on her Learn profile yet")),
            sign_in(cert_msa, _("the MSA her certification profile uses")),
            agent,
        ],
        steps=[
            Step(
                _(
                    "Sign in as %(ayaka)s, open the alignment doctor and show it your certification profile: sign "
                    "in there with %(cert_msa)s (or, for AL-1, follow AL-1 instead)."
                )
                % values,
                reverse("learn_doctor"),
            ),
            Step(
                _("AL-3: Settings → Add account → sign in with %(work)s; then follow the doctor.") % values,
                reverse("learn_settings"),
            ),
            Step(
                _(
                    "Or AL-1: as %(ayaka)s, ask certification support to change the MSA of MCID %(mcid)s (legal "
                    "name %(legal_name)s, contact email %(contact)s); as %(agent)s, join, verify and process it."
                )
                % values,
                reverse("support_list"),
            ),
        ],
        expected=[
            _(
                "Once Ayaka shows her certification profile, the doctor says the MSAs differ and recommends AL-3 "
                "(add the work account first), with AL-1 and AL-4 as alternatives; it counts AL-3's twelve steps to "
                "the end."
            ),
            _("Either way, MCID %(mcid)s ends up connected to Ayaka's Learn profile.") % values,
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
    values = {
        "li": li.email,
        "old_msa": old_msa.email,
        "agent": agent.email,
        "older": older.mcid,
        "current": current.mcid,
        "legal_name": current.legal_name,
        "contact": current.contact_email,
    }
    return Built(
        sign_ins=[
            sign_in(li, _("Li: his Learn profile's MSA, which his newer certification profile uses")),
            sign_in(old_msa, _("the MSA of Li's older certification profile")),
            agent,
        ],
        steps=[
            Step(
                _(
                    "Sign in as %(li)s: the doctor says another profile shares the contact email; show it by "
                    "signing in there with %(old_msa)s."
                )
                % values,
                reverse("learn_doctor"),
            ),
            Step(
                _(
                    "Certification support → ask to merge MCID %(older)s into MCID %(current)s (legal name "
                    "%(legal_name)s, contact email %(contact)s)."
                )
                % values,
                reverse("support_list"),
            ),
            Step(_("As %(agent)s: join, verify the identity, process.") % values, reverse("support_queue")),
            Step(
                _("As %(li)s: Credentials → complete the profile connection.") % values,
                reverse("learn_certifications"),
            ),
        ],
        expected=[
            _("Connecting is refused until the profiles are merged; the doctor recommends the CP-4 path."),
            _(
                "After the merge MCID %(current)s holds Azure Administrator Associate and Azure Fundamentals, "
                "MCID %(older)s stays as its alias, and the connection succeeds."
            )
            % values,
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
    values = {
        "alex": alex.email,
        "opens": when(opens),
        "expires": when(expires),
        "days": terms.window_days,
        "reminders": ", ".join(str(d) for d in terms.reminder_days),
    }
    return Built(
        sign_ins=[sign_in(alex, _("Alex: aligned and connected; a certification a month before its renewal window"))],
        steps=[
            Step(
                _("Sign in as %(alex)s: Credentials shows the certification active, Renew not yet offered.") % values,
                reverse("learn_certifications"),
            ),
            Step(_("As the operator, advance the clock by 30d (or to the window's opening)."), reverse("sim_clock")),
            Step(_("Read the outbox for %(alex)s, then Renew on Credentials.") % values, reverse("outbox")),
        ],
        expected=[
            ngettext(
                "Renewing is refused until %(opens)s: the window opens %(days)d day before the expiry on "
                "%(expires)s (RN-2).",
                "Renewing is refused until %(opens)s: the window opens %(days)d days before the expiry on "
                "%(expires)s (RN-2).",
                terms.window_days,
            )
            % values,
            _(
                "When the clock reaches %(opens)s, the renewal notice goes to %(alex)s, dated that day (RN-8); "
                "reminders follow %(reminders)s days before expiry."
            )
            % values,
        ],
        timelines=[learner_timeline(alex, "Alex")],
        facts={"learner": alex.pk, "mcid": profile.mcid, "held": held.pk, "window_opens_at": opens},
    )


SCENARIOS = [
    Scenario(
        "msas-differ-with-work-account",
        gettext_lazy("MSAs differ, with a work account on the Learn profile"),
        ("AL-2", "AL-5", "CP-3"),
        gettext_lazy(
            "Kenji's Learn profile uses his personal account and his work account; his certification profile uses "
            "another personal account, so it can't be connected (CP-3). The doctor recommends AL-2: remove the MSA "
            "while signed in with the work account, add the certification MSA, sign in with it, connect."
        ),
        UNCHANGED_CLOCK,
        msas_differ_with_work_account,
    ),
    Scenario(
        "msas-differ-without-work-account",
        gettext_lazy("MSAs differ, no work account on the Learn profile"),
        ("AL-3", "AL-1", "AL-5"),
        gettext_lazy(
            "Ayaka's Learn profile has only her personal account; her certification profile uses another one. Her "
            "work account exists but is not on the profile: AL-3 adds it first, or AL-1 asks support to change the "
            "certification profile's MSA (an agent account is created if the world has none)."
        ),
        UNCHANGED_CLOCK,
        msas_differ_without_work_account,
    ),
    Scenario(
        "two-certification-profiles",
        gettext_lazy("Two certification profiles"),
        ("CP-4", "CP-5", "AL-5"),
        gettext_lazy(
            "Li has two certification profiles with the same contact email, both through Pearson VUE. Connecting is "
            "refused until certification support merges them (CP-4); the other MCID stays as an alias."
        ),
        UNCHANGED_CLOCK,
        two_certification_profiles,
    ),
    Scenario(
        "expiring-certification",
        gettext_lazy("A certification a month before its renewal window opens"),
        ("RN-2", "RN-8", "SIM-1"),
        gettext_lazy(
            "Alex is aligned and connected and holds Azure Administrator Associate, earned in the past so that its "
            "renewal window opens 30 days from now. Renewing is refused until then (RN-2); advance the clock 30 days "
            "and the renewal notice arrives, dated the day the window opened (RN-8)."
        ),
        UNCHANGED_CLOCK,
        expiring_certification,
    ),
]
