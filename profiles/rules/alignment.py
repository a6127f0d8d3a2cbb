"""AL-5, pure: from a learner's identity map, the situation, the path of AL-1..AL-4 that applies, its steps
(worded as seed 000 words them), and the step the learner is on. No database: selectors build the map."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class CertView:
    mcid: int
    msa_email: str
    msa_on: str  # "this": the MSA is on this Learn profile; "other": on another one; "": on none
    connected_here: bool
    signed_in_with_msa: bool


@dataclass(frozen=True)
class IdentityMap:
    signed_in_kind: str  # "msa" or "work"
    learn_msa_email: str  # the personal account on this Learn profile, or ""
    work_accounts: int  # live work accounts on this Learn profile
    certs: tuple[CertView, ...]  # the learner's certification profiles (no aliases)
    request_state: str = ""  # the state of the learner's change-MSA support request, if any
    merge_request_state: str = ""
    can_add_work_account: bool = True  # the learner has a work or school account to add (AL-3 vs AL-4)


@dataclass(frozen=True)
class Step:
    text: str
    action: str = ""  # a name the page turns into a link: "settings", "signout", "connect", ...


@dataclass(frozen=True)
class Path:
    rule: str  # "AL-1", "AL-2", "AL-3", "AL-4", "CP-4", "LP-6", "CP-3"
    title: str
    steps: tuple[Step, ...]
    current: int | None = None  # 1-based; None when every step is done


@dataclass(frozen=True)
class Diagnosis:
    situation: str
    summary: str
    path: Path | None
    alternatives: tuple[Path, ...] = field(default=())


AL1 = (
    Step("Go to the Microsoft Certification Support forum.", "support"),
    Step("Select “Ask a question” at the top of the page.", "support"),
    Step("Send a request to change the personal account (MSA) of your certification profile.", "support_new"),
    Step("An agent joins a private messaging session with you and verifies your identity.", "support"),
    Step("Once the request is processed, sign in to Learn with your Learn personal account (MSA).", "signin"),
    Step("Complete the profile connection.", "connect"),
)
AL2 = (
    Step("Sign in to Learn with your work or school account.", "signin"),
    Step("Go to the Settings page of your Learn profile.", "settings"),
    Step("Under Account management, remove the current personal account (MSA).", "settings"),
    Step("Select Add account and sign in with the personal account (MSA) your certification profile uses.", "add"),
    Step("Sign out of Microsoft Learn.", "signout"),
    Step("Sign in to Microsoft Learn with the newly added personal account (MSA).", "signin"),
    Step("Complete the certification profile connection.", "connect"),
)
AL3 = (
    Step("Sign in to Learn with your current personal account (MSA).", "signin"),
    Step("Go to the Settings page of your Learn profile.", "settings"),
    Step("Under Account management, select Add account.", "add"),
    Step("Sign in with your work or school account to add it to your Learn profile.", "add"),
    Step("Sign out of Microsoft Learn.", "signout"),
    Step("Sign in to Microsoft Learn again with the work or school account.", "signin"),
    Step("Go back to Account management and remove the personal account (MSA).", "settings"),
    Step("Select Add account and sign in with the personal account (MSA) your certification profile uses.", "add"),
    Step("Sign out of Microsoft Learn.", "signout"),
    Step("Sign in to Microsoft Learn with the newly added personal account (MSA).", "signin"),
    Step("Complete the certification profile connection.", "connect"),
    Step("(Optional) Remove the work or school account.", "settings"),
)
AL4_NEW_PROFILE = (
    Step("Sign out of Microsoft Learn.", "signout"),
    Step(
        "Sign in to Learn with the personal account (MSA) your certification profile uses: a new Learn profile "
        "is created for it.",
        "signin",
    ),
    Step("Complete the certification profile connection.", "connect"),
)
CP4 = (
    Step("Ask certification support to merge your certification profiles.", "support_new"),
    Step("An agent joins a private messaging session with you and verifies your identity.", "support"),
    Step(
        "Once the profiles are merged, complete the profile connection with the surviving profile's personal account.",
        "connect",
    ),
)
LP6 = (
    Step("Go to the Settings page of your Learn profile.", "settings"),
    Step(
        "Select Add account and sign in with the personal account (MSA) your certification profile uses: "
        "Learn offers to merge its Learn profile into this one.",
        "add",
    ),
    Step("Confirm the merge.", "add"),
    Step("Sign out, and sign in to Learn with that personal account.", "signout"),
    Step("Complete the certification profile connection.", "connect"),
)
# LP-2 refuses a merge that would put two MSAs on one Learn profile, so a profile that has an MSA must drop it
# before the certification MSA's profile can be merged in; and dropping it needs a work account to sign in with
# (LP-5), added first if the profile has none.
LP6_ADD_WORK = (
    Step("Go to the Settings page of your Learn profile.", "settings"),
    Step("Select Add account and sign in with your work or school account to add it to your Learn profile.", "add"),
    Step("Sign out of Microsoft Learn.", "signout"),
)
LP6_REMOVE_MSA = (
    Step("Sign in to Learn with your work or school account.", "signin"),
    Step("Go to the Settings page of your Learn profile.", "settings"),
    Step(
        "Under Account management, remove the current personal account (MSA): a Learn profile can have only one, "
        "so the merge is refused while it is there.",
        "settings",
    ),
)
USE_OTHER_PROFILE = (
    Step("Sign out of Microsoft Learn.", "signout"),
    Step(
        "Sign in to Learn with the personal account (MSA) your certification profile uses: it signs in to its own "
        "Learn profile.",
        "signin",
    ),
    Step("Complete the certification profile connection.", "connect"),
)
CREATE = (
    Step(
        "Open the certification dashboard signed in with the personal account (MSA) of your Learn profile.", "dashboard"
    ),
    Step("Create your certification profile (legal name and contact email): you get an MCID.", "dashboard"),
    Step("Complete the profile connection on Learn.", "connect"),
)


def _first_pending(done: list[bool]) -> int | None:
    return next((index + 1 for index, finished in enumerate(done) if not finished), None)


def _in_progress(state: str) -> str:
    """A rejected request is over and did nothing: the learner starts again (or takes another path)."""
    return "" if state == "rejected" else state


def _al1(state: str, map_: IdentityMap) -> Path:
    state = _in_progress(state)
    processed = state == "processed"
    done = [bool(state), bool(state), bool(state), processed, processed and map_.signed_in_kind == "msa", False]
    return Path(
        "AL-1",
        "Recommended: ask support to change your certification profile's personal account",
        AL1,
        _first_pending(done),
    )


def _al2(cert: CertView, map_: IdentityMap) -> Path:
    removed = map_.learn_msa_email == "" or cert.msa_on == "this"
    added = cert.msa_on == "this"
    signed_in_work_or_cert = map_.signed_in_kind == "work" or cert.signed_in_with_msa
    done = [
        signed_in_work_or_cert,
        removed,
        removed,
        added,
        cert.signed_in_with_msa,
        cert.signed_in_with_msa,
        cert.connected_here,
    ]
    return Path(
        "AL-2",
        "Replace your Learn profile's personal account, using your work or school account",
        AL2,
        _first_pending(done),
    )


def _al3(cert: CertView, map_: IdentityMap) -> Path:
    has_work = map_.work_accounts > 0
    removed = map_.learn_msa_email == "" or cert.msa_on == "this"
    added = cert.msa_on == "this"
    work_session = map_.signed_in_kind == "work" or cert.signed_in_with_msa
    done = [
        True,
        has_work,
        has_work,
        has_work,
        work_session,
        work_session,
        removed,
        added,
        cert.signed_in_with_msa,
        cert.signed_in_with_msa,
        cert.connected_here,
        True,
    ]
    return Path(
        "AL-3",
        "Add a work or school account, then replace your Learn profile's personal account",
        AL3,
        _first_pending(done),
    )


def _al4(cert: CertView) -> Path:
    done = [cert.signed_in_with_msa, cert.signed_in_with_msa, cert.connected_here]
    return Path(
        "AL-4",
        "Or: use a new Learn profile made with your certification profile's personal account",
        AL4_NEW_PROFILE,
        _first_pending(done),
    )


def diagnose(map_: IdentityMap, *, path: str = "") -> Diagnosis:
    """The learner's situation and what to do next (AL-5). `path` asks for AL-3 by name once a work account has
    been added on the way (after that, AL-3's remaining steps are AL-2's)."""
    certs = map_.certs
    if any(cert.connected_here for cert in certs) and len(certs) == 1:
        return Diagnosis(
            "aligned",
            "Your certification profile is connected to this Learn profile. Your certifications show on Learn.",
            None,
        )
    if not certs:
        return Diagnosis(
            "no_certification_profile",
            "You have no certification profile yet, so there is nothing to connect.",
            Path("CP-1", "Create your certification profile, then connect it", CREATE, 1),
        )
    if len(certs) > 1:
        state = _in_progress(map_.merge_request_state)
        done = [bool(state), state == "processed", False]
        return Diagnosis(
            "two_certification_profiles",
            f"You have {len(certs)} certification profiles (MCIDs "
            f"{', '.join(str(c.mcid) for c in certs)}). They must be merged by certification support "
            "before one can be connected.",
            Path("CP-4", "Have certification support merge your certification profiles", CP4, _first_pending(done)),
        )
    cert = certs[0]
    if cert.signed_in_with_msa and cert.msa_on == "this":
        return Diagnosis(
            "ready_to_connect",
            "You're signed in with the personal account your certification profile uses. Complete the connection.",
            Path("CP-3", "Connect your certification profile", (AL2[-1],), 1),
        )
    if cert.msa_on == "other":
        return _owned_by_another_learn_profile(cert, map_)
    if cert.msa_on == "this":  # on the way (AL-1 processed, AL-2 step 5, AL-3 step 9): only the sign-in is left
        summary = (
            f"Your Learn profile now has the personal account your certification profile (MCID {cert.mcid}) uses, "
            f"{cert.msa_email}, but you're signed in with another account. Sign out, sign in with {cert.msa_email} "
            "and complete the connection."
        )
    else:
        summary = (
            f"Your Learn profile and your certification profile use different personal accounts: Learn uses "
            f"{map_.learn_msa_email or 'none'}, your certification profile (MCID {cert.mcid}) uses "
            f"{cert.msa_email}. They can't be connected until they match."
        )
    recommended = _al1(map_.request_state, map_)
    if _in_progress(map_.request_state):
        return Diagnosis("msas_differ_support_requested", summary, recommended, (_al2(cert, map_),))
    if map_.work_accounts and path != "AL-3":
        return Diagnosis("msas_differ_with_work_account", summary, _al2(cert, map_), (recommended,))
    if map_.can_add_work_account:
        return Diagnosis("msas_differ_without_work_account", summary, _al3(cert, map_), (recommended, _al4(cert)))
    return Diagnosis("msas_differ_no_work_account_at_all", summary, recommended, (_al4(cert),))


def _owned_by_another_learn_profile(cert: CertView, map_: IdentityMap) -> Diagnosis:
    situation = "certification_msa_owns_another_learn_profile"
    summary = (
        f"Your certification profile uses {cert.msa_email}, which already signs in to another Learn profile. "
        "Bring that profile into this one (a merge), or use that profile instead."
    )
    use_other = Path(
        "AL-4",
        "Or: use the Learn profile your certification profile's personal account signs in to",
        USE_OTHER_PROFILE,
        1,
    )
    support = _al1(map_.request_state, map_)
    if map_.learn_msa_email and not map_.work_accounts and not map_.can_add_work_account:
        summary += (
            f" This profile's personal account ({map_.learn_msa_email}) is its only account, so it can't make way "
            "for a merge: ask support, or use that profile."
        )
        return Diagnosis(situation, summary, support, (use_other,))
    return Diagnosis(situation, summary, _lp6(cert, map_), (use_other, support))


def _lp6(cert: CertView, map_: IdentityMap) -> Path:
    merge_done = [False, False, cert.signed_in_with_msa, cert.connected_here]  # add (merge offered), confirm, ...
    if not map_.learn_msa_email:
        steps, done = LP6, [False, *merge_done]
    else:
        remove = [map_.signed_in_kind == "work", False, False]
        steps, done = LP6_REMOVE_MSA + LP6[1:], remove + merge_done
        if not map_.work_accounts:
            steps, done = LP6_ADD_WORK + steps, [False, False, False, *done]
    return Path("LP-6", "Merge the other Learn profile into this one", steps, _first_pending(done))
