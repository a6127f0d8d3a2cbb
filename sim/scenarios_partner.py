"""Scenarios of Partner Center (SIM-3): a Certiport certification that never arrives (seed 001: CP-6, PC-13), an
employee moving company (seed 003: PC-5), a refused association (PC-8), a leaver in January (PC-10), and an
organisation one person short of a designation gate (PC-12).

Links that must be old enough (a move after the 30-day cool-off, a credit already in the report) start in the past
while the clock stays where it is; the credits then due arrive at the instant of loading, as the clock's tick
(SIM-1) would bring them. Only the leaver moves the clock, forward, to January."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from certlink import clock
from certlink.errors import Refusal
from certlink.timefmt import when
from partners import rules
from partners.models import PartnerOrganization, PartnerUser
from partners.services.links import limits, mcid_link
from partners.services.organizations import partner_user_delete
from profiles.models import Account, CertificationProfile
from profiles.selectors import certiport_cutoff
from sim.scenarios_build import (
    Built,
    Load,
    Scenario,
    Step,
    admin_of,
    certification_profile,
    earn,
    employee,
    ensure_catalog,
    learner_timeline,
    organization_timeline,
    partner_organization,
    personal_account,
    sign_in,
    support_agent,
)

PAST_LINKS = gettext_lazy(
    "The clock stays where it is: the link that must be older starts in the past, and the credits then due "
    "arrive at the instant of loading."
)


def _person(load: Load, local: str, name: str) -> tuple[Account, CertificationProfile]:
    """A person's MSA and certification profile holding Azure Administrator Associate, earned long before any link."""
    msa = personal_account(load, local, name)
    profile = certification_profile(load, msa)
    earn(load, profile, "AZ-104", load.now - timedelta(days=120))
    return msa, profile


def _arrive() -> None:
    """Run the work due at the clock's instant (the tick of SIM-1): credits due by now reach Partner Center."""
    clock.clock_tick()


def _refresh_after(ended: datetime) -> datetime:
    return rules.leaves_at_refresh(ended, day_of_month=settings.SKILLS_REFRESH_DAY)


def _days() -> int:
    return settings.CREDIT_PROPAGATION_DAYS


def _advance_days() -> str:
    """ "As the operator, advance the clock N days.", with CREDIT_PROPAGATION_DAYS (PC-9)."""
    days = _days()
    return ngettext(
        "As the operator, advance the clock %(days)d day.", "As the operator, advance the clock %(days)d days.", days
    ) % {"days": days}


def certiport_after_cutoff(load: Load) -> Built:
    """CP-6, PC-13: Yuki's MCID is linked at Contoso; Azure Fundamentals (Pearson VUE) arrives after the propagation
    delay, Azure Administrator Associate (Certiport, after the cut-off) never does."""
    cutoff = datetime.combine(certiport_cutoff(), datetime.min.time(), tzinfo=UTC)
    if load.now - timedelta(days=60) < cutoff:
        raise Refusal(
            "scenario_needs_later_clock",
            _("This scenario needs the clock at least 60 days after the Certiport cut-off (%(cutoff)s).")
            % {"cutoff": when(cutoff)},
        )
    ensure_catalog("AZ-104", "AZ-900")
    contoso = partner_organization(load, "Contoso", "contoso", 7)
    yuki = employee(load, contoso, "yuki", "Yuki Tanaka")
    msa = personal_account(load, "yuki", "Yuki Tanaka")
    profile = certification_profile(load, msa)
    earn(load, profile, "AZ-900", load.now - timedelta(days=400))
    held = earn(load, profile, "AZ-104", load.now - timedelta(days=60), provider="certiport")
    mcid_link(user=yuki, msa=msa, now=load.now)
    admin, agent = admin_of(contoso), support_agent(load)
    values = {
        "msa": msa.email,
        "admin": admin.account.email,
        "yuki": yuki.account.email,
        "agent": agent.email,
        "arrives": when(load.now + timedelta(days=_days())),
        "cutoff": when(certiport_cutoff()),
    }
    return Built(
        sign_ins=[
            sign_in(yuki.account, _("Yuki: Contoso employee, MCID linked")),
            sign_in(msa, _("Yuki's personal account (certification profile)")),
            sign_in(admin.account, _("Contoso's global and partner admin")),
            agent,
        ],
        steps=[
            Step(
                _("As %(msa)s: the certification dashboard lists AZ-104 on the Certiport transcript, not on Learn.")
                % values,
                reverse("certification_dashboard"),
            ),
            Step(_advance_days(), reverse("sim_clock")),
            Step(
                # Translators: "Why not counted" is the name of Partner Center's page (PC-14).
                _("As %(admin)s: the skills report, then Why not counted for Yuki and Azure Administrator Associate.")
                % values,
                reverse("partner_why"),
            ),
            Step(
                _("As %(yuki)s: Support → ask for the Certiport credit; as %(agent)s, accept it.") % values,
                reverse("partner_support"),
            ),
        ],
        expected=[
            _(
                "On %(arrives)s Azure Fundamentals reaches Contoso's skills report; Azure Administrator Associate "
                "never does (CP-6)."
            )
            % values,
            _(
                "Why not counted says it was earned through Certiport on or after %(cutoff)s and names the support "
                "request."
            )
            % values,
            _("Once an agent accepts the request, the credit appears, marked as added by hand (PC-13)."),
        ],
        timelines=[learner_timeline(msa, "Yuki"), organization_timeline(contoso)],
        facts={"organization": contoso.pk, "partner_user": yuki.pk, "mcid": profile.mcid, "certiport_held": held.pk},
    )


@dataclass(frozen=True)
class Mover:
    """Company A (Contoso) and B (Fabrikam), the person's work account at each, and her MCID."""

    a: PartnerOrganization
    b: PartnerOrganization
    at_a: PartnerUser
    at_b: PartnerUser
    msa: Account
    profile: CertificationProfile


def _mover(load: Load, local: str, name: str) -> Mover:
    ensure_catalog("AZ-104")
    a = partner_organization(load, "Contoso", "contoso", 7)
    b = partner_organization(load, "Fabrikam", "fabrikam", 8)
    at_a, at_b = employee(load, a, local, name), employee(load, b, local, name)
    msa, profile = _person(load, local, name)
    return Mover(a, b, at_a, at_b, msa, profile)


def employee_moving_company(load: Load) -> Built:
    """PC-5: Megan associated her MCID at Contoso 40 days ago (its credit is in Contoso's report); today she
    associates it at Fabrikam, which unlinks it from Contoso."""
    m = _mover(load, "megan", "Megan Bowen")
    a, b, at_a, at_b, msa, profile = m.a, m.b, m.at_a, m.at_b, m.msa, m.profile
    mcid_link(user=at_a, msa=msa, now=load.now - timedelta(days=40))
    _arrive()
    mcid_link(user=at_b, msa=msa, now=load.now)
    leaves = _refresh_after(load.now)
    values = {
        "at_a": at_a.account.email,
        "at_b": at_b.account.email,
        "mcid": profile.mcid,
        "arrives": when(load.now + timedelta(days=_days())),
        "leaves": when(leaves),
    }
    return Built(
        sign_ins=[
            sign_in(at_b.account, _("Megan at Fabrikam (company B), where her MCID is now linked")),
            sign_in(at_a.account, _("Megan at Contoso (company A), where it was linked")),
            sign_in(msa, _("Megan's personal account (certification profile)")),
            sign_in(admin_of(a).account, _("Contoso's admin")),
            sign_in(admin_of(b).account, _("Fabrikam's admin")),
        ],
        steps=[
            Step(
                # Translators: "My Learn profile" is Partner Center's page (seed 003: My Learn プロファイル).
                _("As %(at_b)s: My Learn profile shows MCID %(mcid)s, pending until %(arrives)s.") % values,
                reverse("partner_learn_profile"),
            ),
            Step(
                _("As %(at_a)s: no MCID any more; the history says it moved (PC-7).") % values,
                reverse("partner_learn_profile"),
            ),
            Step(
                _("As each admin, the skills report; advance the clock to the next events."),
                reverse("partner_skills"),
            ),
        ],
        expected=[
            _(
                "Contoso's link ended when Fabrikam's began (PC-5); Contoso keeps Megan's credit until the data "
                "refresh on %(leaves)s (PC-10)."
            )
            % values,
            _("Fabrikam's report shows Azure Administrator Associate from %(arrives)s (PC-9).") % values,
        ],
        timelines=[learner_timeline(msa, "Megan"), organization_timeline(a), organization_timeline(b)],
        facts={"organization_a": a.pk, "organization_b": b.pk, "mcid": profile.mcid, "leaves_a_at": leaves},
    )


def association_refused_by_cooloff(load: Load) -> Built:
    """PC-8: Megan associated her MCID at Contoso 10 days ago; her association at Fabrikam today is refused, and the
    refusal is recorded (PC-7) with the date she may try again."""
    m = _mover(load, "megan", "Megan Bowen")
    a, b, at_a, at_b, msa = m.a, m.b, m.at_a, m.at_b, m.msa
    started = load.now - timedelta(days=10)
    mcid_link(user=at_a, msa=msa, now=started)
    _arrive()
    try:
        mcid_link(user=at_b, msa=msa, now=load.now)
    except Refusal as refusal:
        sentence = refusal.message
    else:  # the limits in force allow it: the scenario would show nothing
        raise Refusal("scenario_not_refused", _("The association limits in force (PC-8) allowed the association."))
    allowed = rules.next_association_at([started], limits=limits())
    assert allowed is not None  # refused above: a cool-off runs, so a next date exists
    values = {"at_b": at_b.account.email, "allowed": when(allowed), "sentence": sentence}
    return Built(
        sign_ins=[
            sign_in(at_b.account, _("Megan at Fabrikam (company B), refused")),
            sign_in(at_a.account, _("Megan at Contoso (company A), where her MCID is linked")),
            sign_in(msa, _("Megan's personal account (certification profile)")),
        ],
        steps=[
            Step(
                _(
                    "As %(at_b)s: My Learn profile shows the refused attempt and the next date an association may "
                    "start; Associate again is refused with the same sentence."
                )
                % values,
                reverse("partner_learn_profile"),
            ),
            Step(
                _("As the operator, advance the clock to %(allowed)s (to a date), then associate again.") % values,
                reverse("sim_clock"),
            ),
        ],
        expected=[
            # Translators: %(sentence)s is Partner Center's refusal, as the learner reads it (PC-8).
            _("Refused: “%(sentence)s”") % values,
            _("From %(allowed)s the association succeeds and Contoso's link ends (PC-5).") % values,
        ],
        timelines=[learner_timeline(msa, "Megan"), organization_timeline(b)],
        facts={"organization_a": a.pk, "organization_b": b.pk, "partner_user": at_b.pk, "next_eligible_at": allowed},
    )


def _into_january(load: Load) -> None:
    """Forward to the next 5 January 09:00 UTC unless it is January already: clock_advance (not clock_set), so that
    what falls due on the way runs at its own time (SIM-1)."""
    if load.now.month == 1:
        return
    january = datetime(load.now.year + 1, 1, 5, 9, 0, tzinfo=UTC)
    clock.clock_advance(to=january, by=load.by, on_moment=load.on_moment)
    load.now = january


def leaver_in_january(load: Load) -> Built:
    """PC-10: Leo associated his MCID at Contoso 20 days ago, his credit is in the report, and his work account is
    deleted today, in January: his credit stays until the refresh on 10 February, then leaves."""
    ensure_catalog("AZ-104")
    _into_january(load)
    contoso = partner_organization(load, "Contoso", "contoso", 7)
    leo = employee(load, contoso, "leo", "Leo Park")
    msa, profile = _person(load, "leo", "Leo Park")
    mcid_link(user=leo, msa=msa, now=load.now - timedelta(days=20))
    _arrive()
    admin = admin_of(contoso)
    partner_user_delete(by=admin, user=leo, now=load.now)
    leaves = _refresh_after(load.now)
    values = {"admin": admin.account.email, "before": when(leaves - timedelta(days=1)), "leaves": when(leaves)}
    return Built(
        sign_ins=[
            sign_in(admin.account, _("Contoso's global and partner admin")),
            sign_in(msa, _("Leo's personal account")),
        ],
        steps=[
            Step(
                _("As %(admin)s: the skills report still lists Leo; Users shows him deleted.") % values,
                reverse("partner_skills"),
            ),
            Step(
                _("As the operator, advance the clock to %(before)s, then past %(leaves)s.") % values,
                reverse("sim_clock"),
            ),
        ],
        expected=[
            _(
                "Leo's work account can no longer sign in (ID-4); his Azure Administrator Associate stays in the "
                "report until the data refresh on %(leaves)s and is gone after it (PC-10)."
            )
            % values,
        ],
        timelines=[learner_timeline(leo.account, "Leo"), organization_timeline(contoso)],
        facts={"organization": contoso.pk, "partner_user": leo.pk, "mcid": profile.mcid, "leaves_at": leaves},
    )


def one_person_short_of_a_gate(load: Load) -> Built:
    """PC-12: Contoso (Enterprise track) has one linked Azure Administrator Associate; Infrastructure's
    intermediate-certifications gate needs two. Omar, linked, holds nothing yet."""
    ensure_catalog("AZ-104")
    contoso = partner_organization(load, "Contoso", "contoso", 7)
    ines, omar = employee(load, contoso, "ines", "Ines Ito"), employee(load, contoso, "omar", "Omar Haddad")
    ines_msa, _profile = _person(load, "ines", "Ines Ito")
    omar_msa = personal_account(load, "omar", "Omar Haddad")
    omar_profile = certification_profile(load, omar_msa)
    mcid_link(user=ines, msa=ines_msa, now=load.now - timedelta(days=15))
    mcid_link(user=omar, msa=omar_msa, now=load.now)
    _arrive()
    admin = admin_of(contoso)
    values = {"admin": admin.account.email, "mcid": omar_profile.mcid, "days": _days()}
    return Built(
        sign_ins=[sign_in(admin.account, _("Contoso's global and partner admin")), sign_in(omar.account, "Omar")],
        steps=[
            Step(
                _("As %(admin)s: Designations → Infrastructure (Azure).") % values,
                reverse("partner_designations"),
            ),
            Step(
                _("As the operator, record an AZ-104 pass (Pearson VUE) for MCID %(mcid)s.") % values,
                reverse("sim_exam_results"),
            ),
            Step(
                ngettext(
                    "Advance the clock %(days)d day and open Designations again.",
                    "Advance the clock %(days)d days and open Designations again.",
                    _days(),
                )
                % values,
                reverse("sim_clock"),
            ),
        ],
        expected=[
            # Translators: the quoted line is the designations page's own sentence (PC-12): translate it as there.
            _(
                "Infrastructure is in progress and says what is missing: “Skilling: 1 more person with Azure "
                "Administrator Associate to pass the intermediate certifications gate”."
            ),
            ngettext(
                "%(days)d day after Omar's pass his credit arrives and the gate is passed; the line is gone.",
                "%(days)d days after Omar's pass his credit arrives and the gate is passed; the line is gone.",
                _days(),
            )
            % values,
        ],
        timelines=[organization_timeline(contoso)],
        facts={"organization": contoso.pk, "omar_mcid": omar_profile.mcid},
    )


SCENARIOS = [
    Scenario(
        "certiport-after-cutoff",
        gettext_lazy("A Certiport certification that never reaches Partner Center"),
        ("CP-6", "PC-13", "PC-14", "PC-9"),
        gettext_lazy(
            "Yuki, a Contoso employee, has linked her MCID. Azure Fundamentals (Pearson VUE) arrives ten days later; "
            "Azure Administrator Associate, earned through Certiport after 1 June 2023, stays on the Certiport "
            "transcript and never reaches the skills report. A Partner Center support request gets it added by hand."
        ),
        PAST_LINKS,
        certiport_after_cutoff,
    ),
    Scenario(
        "employee-moving-company",
        gettext_lazy("An employee moves from company A to company B"),
        ("PC-5", "PC-9", "PC-10", "PC-7"),
        gettext_lazy(
            "Megan's MCID was linked at Contoso (A) 40 days ago and its credit is in A's report. Today she associates "
            "it at Fabrikam (B): A's link ends, B's credit arrives ten days later, A loses it at the next monthly "
            "refresh."
        ),
        PAST_LINKS,
        employee_moving_company,
    ),
    Scenario(
        "association-refused-by-cooloff",
        gettext_lazy("A second association inside 30 days is refused"),
        ("PC-8", "PC-7"),
        gettext_lazy(
            "Megan's MCID was linked at Contoso 10 days ago. Her association at Fabrikam today is refused with Partner "
            "Center's sentence and the date she may try again; the refusal is recorded."
        ),
        PAST_LINKS,
        association_refused_by_cooloff,
    ),
    Scenario(
        "leaver-in-january",
        gettext_lazy("A leaver deleted in January"),
        ("PC-10", "ID-4"),
        gettext_lazy(
            "Leo's MCID was linked at Contoso and his credit is in the report; his work account is deleted in "
            "January. His credit stays until the data refresh on 10 February, then leaves."
        ),
        gettext_lazy(
            "Unless it is January already, the clock is advanced (forward, running what falls due on the way) to the "
            "next 5 January 09:00 UTC; the link starts 20 days before."
        ),
        leaver_in_january,
    ),
    Scenario(
        "one-person-short-of-a-designation-gate",
        gettext_lazy("One person short of a designation gate"),
        ("PC-12", "PC-9"),
        gettext_lazy(
            "Contoso (Enterprise) has one Azure Administrator Associate in its skills report; the Infrastructure "
            "intermediate-certifications gate needs two. The designations page says what is missing; Omar, linked, "
            "can pass AZ-104 to close the gap."
        ),
        PAST_LINKS,
        one_person_short_of_a_gate,
    ),
]
