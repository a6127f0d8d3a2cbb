"""The steps of each path of seed 000 (AL-1..AL-4) and of CP-1, CP-3, CP-4 and LP-6, worded as the seed words
them. Each step names the action the doctor's page turns into a link."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Step:
    text: str | Promise
    action: str = ""  # a name the page turns into a link: "settings", "signout", "connect", "prove", ...


AL1 = (
    Step(_("Go to the Microsoft Certification Support forum."), "support"),
    Step(_("Select “Ask a question” at the top of the page."), "support"),
    Step(_("Send a request to change the personal account (MSA) of your certification profile."), "support_new"),
    Step(_("An agent joins a private messaging session with you and verifies your identity."), "support"),
    Step(_("Once the request is processed, sign in to Learn with your Learn personal account (MSA)."), "signin"),
    Step(_("Complete the profile connection."), "connect"),
)
AL2 = (
    Step(_("Sign in to Learn with your work or school account."), "signin"),
    Step(_("Go to the Settings page of your Learn profile."), "settings"),
    Step(_("Under Account management, remove the current personal account (MSA)."), "settings"),
    Step(_("Select Add account and sign in with the personal account (MSA) your certification profile uses."), "add"),
    Step(_("Sign out of Microsoft Learn."), "signout"),
    Step(_("Sign in to Microsoft Learn with the newly added personal account (MSA)."), "signin"),
    Step(_("Complete the certification profile connection."), "connect"),
)
AL3 = (
    Step(_("Sign in to Learn with your current personal account (MSA)."), "signin"),
    Step(_("Go to the Settings page of your Learn profile."), "settings"),
    Step(_("Under Account management, select Add account."), "add"),
    Step(_("Sign in with your work or school account to add it to your Learn profile."), "add"),
    Step(_("Sign out of Microsoft Learn."), "signout"),
    Step(_("Sign in to Microsoft Learn again with the work or school account."), "signin"),
    Step(_("Go back to Account management and remove the personal account (MSA)."), "settings"),
    Step(_("Select Add account and sign in with the personal account (MSA) your certification profile uses."), "add"),
    Step(_("Sign out of Microsoft Learn."), "signout"),
    Step(_("Sign in to Microsoft Learn with the newly added personal account (MSA)."), "signin"),
    Step(_("Complete the certification profile connection."), "connect"),
    Step(_("(Optional) Remove the work or school account."), "settings"),
)
AL4_NEW_PROFILE = (
    Step(_("Sign out of Microsoft Learn."), "signout"),
    Step(
        _(
            "Sign in to Learn with the personal account (MSA) your certification profile uses: a new Learn profile "
            "is created for it."
        ),
        "signin",
    ),
    Step(_("Complete the certification profile connection."), "connect"),
)
USE_OTHER_PROFILE = (
    Step(_("Sign out of Microsoft Learn."), "signout"),
    Step(
        _(
            "Sign in to Learn with the personal account (MSA) your certification profile uses: it signs in to its "
            "own Learn profile."
        ),
        "signin",
    ),
    Step(_("Complete the certification profile connection."), "connect"),
)
# AL-5: certlink shows no certification profile the learner has not proven, so the first step names it.
PROVE = (
    Step(
        _(
            "Sign in here with the personal account (MSA) your certification profile uses, to show it is yours. "
            "certlink keeps it with your Learn profile until the two are connected."
        ),
        "prove",
    ),
)
CP4 = (
    Step(
        _("Show certlink your other certification profile: sign in here with the personal account (MSA) it uses."),
        "prove",
    ),
    Step(_("Ask certification support to merge your certification profiles."), "support_new"),
    Step(_("An agent joins a private messaging session with you and verifies your identity."), "support"),
    Step(
        _(
            "Once the profiles are merged, complete the profile connection with the surviving profile's personal "
            "account."
        ),
        "connect",
    ),
)
LP6 = (
    Step(_("Go to the Settings page of your Learn profile."), "settings"),
    Step(
        _(
            "Select Add account and sign in with the personal account (MSA) your certification profile uses: "
            "Learn offers to merge its Learn profile into this one."
        ),
        "add",
    ),
    Step(_("Confirm the merge."), "add"),
    Step(_("Sign out, and sign in to Learn with that personal account."), "signout"),
    Step(_("Complete the certification profile connection."), "connect"),
)
# LP-2 refuses a merge that would put two MSAs on one Learn profile, so a profile that has an MSA must drop it
# before the certification MSA's profile can be merged in; and dropping it needs a work account to sign in with
# (LP-5), added first if the profile has none.
LP6_ADD_WORK = (
    Step(_("Go to the Settings page of your Learn profile."), "settings"),
    Step(_("Select Add account and sign in with your work or school account to add it to your Learn profile."), "add"),
    Step(_("Sign out of Microsoft Learn."), "signout"),
)
LP6_REMOVE_MSA = (
    Step(_("Sign in to Learn with your work or school account."), "signin"),
    Step(_("Go to the Settings page of your Learn profile."), "settings"),
    Step(
        _(
            "Under Account management, remove the current personal account (MSA): a Learn profile can have only "
            "one, so the merge is refused while it is there."
        ),
        "settings",
    ),
)
CREATE = (
    Step(
        _("Open the certification dashboard signed in with the personal account (MSA) of your Learn profile."),
        "dashboard",
    ),
    Step(_("Create your certification profile (legal name and contact email): you get an MCID."), "dashboard"),
    Step(_("Complete the profile connection on Learn."), "connect"),
)
