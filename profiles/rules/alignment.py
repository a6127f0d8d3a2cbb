"""AL-5, pure: from a learner's identity map, the situation, the path of AL-1..AL-4 (or CP-1, CP-3, CP-4, LP-6)
that applies, its steps, and the step the learner is on. No database: selectors build the map.

The map holds only what the learner has proven (AL-5): certification profiles reached by an account of their Learn
profile, connected to it, or named by the alignment in progress (signed in with its MSA); an AL-1 request's MCID as
the learner gave it. The path the learner follows is kept with the alignment, so a sign-out, a removed account or a
merge never switches them to another path or renumbers its steps."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from profiles.rules.alignment_steps import (
    AL1,
    AL2,
    AL3,
    AL4_NEW_PROFILE,
    CP4,
    CREATE,
    LP6,
    LP6_ADD_WORK,
    LP6_REMOVE_MSA,
    PROVE,
    USE_OTHER_PROFILE,
    Step,
)

__all__ = ["AL1", "AL2", "AL3", "CP4", "LP6", "PROVE", "CertView", "Diagnosis", "IdentityMap", "Path", "Progress"]
__all__ += ["Step", "choosable_paths", "diagnose"]


@dataclass(frozen=True)
class CertView:
    mcid: int
    msa_email: str
    msa_on: str  # "this": the MSA is on this Learn profile; "other": on another one; "": on none
    connected_here: bool
    signed_in_with_msa: bool


@dataclass(frozen=True)
class Progress:
    """The alignment in progress kept on the Learn profile: the path chosen ("" until the learner picks one), and
    the MCID of their AL-1 request when that request is how they named their certification profile."""

    path: str = ""
    claimed_mcid: int | None = None


@dataclass(frozen=True)
class IdentityMap:
    signed_in_kind: str  # "msa" or "work"
    learn_msa_email: str  # the personal account on this Learn profile, or ""
    work_accounts: int  # live work accounts on this Learn profile
    certs: tuple[CertView, ...]  # the certification profiles the learner has proven (no aliases)
    request_state: str = ""  # the state of the learner's change-MSA support request, if any
    merge_request_state: str = ""
    progress: Progress = Progress()
    unproven_sharing_contact: int = 0  # other live profiles with a proven profile's contact email (CP-4)


@dataclass(frozen=True)
class Path:
    rule: str  # "AL-1", "AL-2", "AL-3", "AL-4", "AL-5", "CP-1", "CP-3", "CP-4", "LP-6"
    title: str | Promise
    steps: tuple[Step, ...]
    current: int | None = None  # 1-based; None when every step is done


@dataclass(frozen=True)
class Diagnosis:
    situation: str
    summary: str
    path: Path | None
    alternatives: tuple[Path, ...] = field(default=())


TITLES = {
    "AL-1": gettext_lazy("Ask certification support to change your certification profile's personal account"),
    "AL-2": gettext_lazy("Replace your Learn profile's personal account, using your work or school account"),
    "AL-3": gettext_lazy("Add a work or school account, then replace your Learn profile's personal account"),
    "AL-4": gettext_lazy("Use a new Learn profile made with your certification profile's personal account"),
    "AL-4-other": gettext_lazy("Use the Learn profile your certification profile's personal account signs in to"),
    "AL-5": gettext_lazy("Show certlink which certification profile is yours"),
    "CP-1": gettext_lazy("I have no certification profile yet: create one, then connect it"),
    "CP-3": gettext_lazy("Connect your certification profile"),
    "CP-4": gettext_lazy("Have certification support merge your certification profiles"),
    "LP-6": gettext_lazy("Merge the other Learn profile into this one"),
}


def _first_pending(done: list[bool]) -> int | None:
    return next((index + 1 for index, finished in enumerate(done) if not finished), None)


def _path(rule: str, steps: tuple[Step, ...], done: list[bool], *, title: str = "") -> Path:
    return Path(rule, TITLES[title or rule], steps, _first_pending(done))


def _in_progress(state: str) -> str:
    """A rejected request is over and did nothing: the learner starts again (or takes another path)."""
    return "" if state == "rejected" else state


def _al1(map_: IdentityMap, cert: CertView | None) -> Path:
    state = _in_progress(map_.request_state)
    processed = state == "processed"
    signed_in = processed and cert is not None and cert.signed_in_with_msa
    connected = cert is not None and cert.connected_here
    return _path("AL-1", AL1, [bool(state), bool(state), bool(state), processed, signed_in, connected])


def _replaced(cert: CertView, map_: IdentityMap) -> tuple[bool, bool]:
    """(the old MSA is off the Learn profile, the certification MSA is on it)."""
    return map_.learn_msa_email == "" or cert.msa_on == "this", cert.msa_on == "this"


def _al2(cert: CertView, map_: IdentityMap) -> Path:
    removed, added = _replaced(cert, map_)
    signed_in_work_or_cert = map_.signed_in_kind == "work" or cert.signed_in_with_msa
    done = [signed_in_work_or_cert, removed, removed, added, cert.signed_in_with_msa, cert.signed_in_with_msa]
    return _path("AL-2", AL2, [*done, cert.connected_here])


def _al3(cert: CertView, map_: IdentityMap) -> Path:
    removed, added = _replaced(cert, map_)
    has_work = map_.work_accounts > 0 or removed  # the MSA could only go once a work account was in (LP-5)
    work_session = map_.signed_in_kind == "work" or cert.signed_in_with_msa
    done = [True, has_work, has_work, has_work, work_session, work_session, removed, added]
    return _path("AL-3", AL3, [*done, cert.signed_in_with_msa, cert.signed_in_with_msa, cert.connected_here, True])


def _al4(cert: CertView) -> Path:
    done = [cert.signed_in_with_msa, cert.signed_in_with_msa, cert.connected_here]
    if cert.msa_on == "other":
        return _path("AL-4", USE_OTHER_PROFILE, done, title="AL-4-other")
    return _path("AL-4", AL4_NEW_PROFILE, done)


def _lp6(cert: CertView, map_: IdentityMap) -> Path:
    """One list of steps whatever the start, so a step keeps its number: a profile without an MSA of its own, or
    with a work account already, starts with those steps done. LP-2 refuses a merge that would put two MSAs on one
    profile, so the profile's own MSA makes way first, removed signed in with a work account (LP-5)."""
    merged = cert.msa_on == "this"
    removed = not map_.learn_msa_email or merged
    has_work = map_.work_accounts > 0
    work_session = map_.signed_in_kind == "work" or cert.signed_in_with_msa
    done = [has_work, has_work, work_session or removed, work_session or removed, removed, removed]
    done += [merged, merged, cert.signed_in_with_msa, cert.connected_here]
    return _path("LP-6", LP6_ADD_WORK + LP6_REMOVE_MSA + LP6[1:], done)


def _cp4(map_: IdentityMap) -> Path:
    state = _in_progress(map_.merge_request_state)
    proven = len(map_.certs) > 1 or state == "processed"
    connected = len(map_.certs) == 1 and map_.certs[0].connected_here
    return _path("CP-4", CP4, [proven, bool(state), state == "processed", connected])


def _options(cert: CertView, map_: IdentityMap) -> dict[str, Path]:
    """The paths open to a learner whose one certification profile is known, in the order recommended."""
    if cert.msa_on == "other":
        return {"LP-6": _lp6(cert, map_), "AL-4": _al4(cert), "AL-1": _al1(map_, cert)}
    options: dict[str, Path] = {}
    if _in_progress(map_.request_state):
        options["AL-1"] = _al1(map_, cert)
    if map_.work_accounts:
        options["AL-2"] = _al2(cert, map_)
    options["AL-3"] = _al3(cert, map_)
    options["AL-1"] = _al1(map_, cert)
    if cert.msa_on == "":
        options["AL-4"] = _al4(cert)
    if map_.work_accounts and map_.progress.path != "AL-3":
        del options["AL-3"]  # with a work account already in, AL-3's remaining steps are AL-2's
    if map_.progress.path == "LP-6":  # merged on the way: the kept path goes on to its end
        options = {"LP-6": _lp6(cert, map_), **options}
    return options


def _choose(options: dict[str, Path], chosen: str) -> tuple[Path, tuple[Path, ...]]:
    rule = chosen if chosen in options else next(iter(options))
    return options[rule], tuple(path for key, path in options.items() if key != rule)


def diagnose(map_: IdentityMap) -> Diagnosis:
    """The learner's situation and what to do next (AL-5), on the path they chose if it still applies."""
    certs, chosen = map_.certs, map_.progress.path
    if len(certs) == 1 and certs[0].connected_here and not map_.unproven_sharing_contact:
        summary = _("Your certification profile is connected to this Learn profile. Your certifications show on Learn.")
        return Diagnosis("aligned", summary, None)
    if not certs:
        return _unproven(map_)
    if len(certs) > 1 or map_.unproven_sharing_contact or chosen == "CP-4":
        return _two_profiles(map_)
    cert = certs[0]
    if cert.signed_in_with_msa and cert.msa_on == "this" and chosen in ("", "CP-3", "AL-5", "CP-1"):
        summary = _(
            "You're signed in with the personal account your certification profile uses. Complete the connection."
        )
        return Diagnosis("ready_to_connect", summary, _path("CP-3", (AL2[-1],), [False]))
    path, alternatives = _choose(_options(cert, map_), chosen)
    return Diagnosis(_situation(cert, map_), _summary(cert, map_), path, alternatives)


def _unproven(map_: IdentityMap) -> Diagnosis:
    """No certification profile is proven yet: name it by signing in with its MSA, ask support, or create one."""
    options = {
        "AL-5": _path("AL-5", PROVE, [False]),
        "AL-1": _al1(map_, None),
        "CP-1": _path("CP-1", CREATE, [False, False, False]),
    }
    claimed = map_.progress.claimed_mcid
    if claimed and _in_progress(map_.request_state):
        summary = _(
            "You asked certification support to change the personal account of the certification profile with "
            "MCID %(mcid)s. Follow your request; once an agent has processed it, sign in with your Learn personal "
            "account and connect."
        ) % {"mcid": claimed}
        path, alternatives = _choose(options, "AL-1")
        return Diagnosis("msas_differ_support_requested", summary, path, alternatives)
    summary = _(
        "certlink doesn't know your certification profile yet, and shows none that you haven't proven to be yours. "
        "If you have one, sign in here with the personal account (MSA) it uses. If you can no longer sign in with "
        "it, ask certification support. If you have none, create one."
    )
    if map_.request_state == "rejected":
        summary = _("Certification support rejected your request; its messages say why.") + " " + summary
    path, alternatives = _choose(options, map_.progress.path)
    return Diagnosis("certification_profile_not_proven", summary, path, alternatives)


def _two_profiles(map_: IdentityMap) -> Diagnosis:
    if len(map_.certs) > 1:
        summary = _(
            "You have %(count)s certification profiles (MCIDs %(mcids)s). They must be merged by certification "
            "support before one can be connected."
        ) % {"count": len(map_.certs), "mcids": ", ".join(str(c.mcid) for c in map_.certs)}
    else:
        summary = _(
            "Your certification profile (MCID %(mcid)s) shares its contact email with another certification "
            "profile. If that one is yours too, show it here by signing in with its personal account; the two must be "
            "merged by certification support before either can be connected."
        ) % {"mcid": map_.certs[0].mcid}
    return Diagnosis("two_certification_profiles", summary, _cp4(map_))


def _situation(cert: CertView, map_: IdentityMap) -> str:
    if cert.msa_on == "this":  # the MSAs match now, on the way along a kept path
        return "ready_to_connect" if cert.signed_in_with_msa else "certification_msa_on_this_profile"
    if cert.msa_on == "other":
        return "certification_msa_owns_another_learn_profile"
    if _in_progress(map_.request_state):
        return "msas_differ_support_requested"
    return "msas_differ_with_work_account" if map_.work_accounts else "msas_differ_without_work_account"


def _summary(cert: CertView, map_: IdentityMap) -> str:
    # Translators: stands in a sentence for the personal account of a Learn profile that has none.
    values = {"mcid": cert.mcid, "cert_msa": cert.msa_email, "learn_msa": map_.learn_msa_email or _("none")}
    if cert.msa_on == "other":
        return (
            _(
                "Your certification profile (MCID %(mcid)s) uses %(cert_msa)s, which already signs in to another Learn "
                "profile. Bring that profile into this one (a merge), or use that profile instead."
            )
            % values
        )
    if cert.msa_on == "this" and cert.signed_in_with_msa:
        return (
            _(
                "You're signed in with the personal account your certification profile (MCID %(mcid)s) uses. "
                "Complete the connection."
            )
            % values
        )
    if cert.msa_on == "this":  # on the way (AL-1 processed, AL-2 step 5, AL-3 step 9): only the sign-in is left
        return (
            _(
                "Your Learn profile now has the personal account your certification profile (MCID %(mcid)s) uses, "
                "%(cert_msa)s. Sign in with %(cert_msa)s and complete the connection."
            )
            % values
        )
    if not map_.learn_msa_email:
        return (
            _(
                "Your Learn profile has no personal account now. Your certification profile (MCID %(mcid)s) uses "
                "%(cert_msa)s: add it to your Learn profile, then sign in with it and connect."
            )
            % values
        )
    return (
        _(
            "Your Learn profile and your certification profile use different personal accounts: Learn uses "
            "%(learn_msa)s, your certification profile (MCID %(mcid)s) uses %(cert_msa)s. They can't be connected "
            "until they match."
        )
        % values
    )


def choosable_paths(diagnosis: Diagnosis) -> list[str]:
    """The paths a learner may choose to follow now: the one shown and its alternatives."""
    return [path.rule for path in (diagnosis.path, *diagnosis.alternatives) if path is not None]
