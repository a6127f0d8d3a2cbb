"""AL-5, pure: the alignment doctor's diagnosis of a learner's identity map (AL-1..AL-4, CP-3, CP-4, LP-6).

No database. The learner is Lee: Learn uses lee@outlook.example, the certification profile (MCID 20000001) uses
lee.cert@outlook.example. Each test is one situation, or one stage of a path of seed 000."""

from __future__ import annotations

from dataclasses import replace

import pytest

from profiles.rules.alignment import (
    AL1,
    AL2,
    AL3,
    PROVE,
    CertView,
    Diagnosis,
    IdentityMap,
    Progress,
    choosable_paths,
    diagnose,
)

LEARN_MSA = "lee@outlook.example"
CERT_MSA = "lee.cert@outlook.example"


def cert(*, msa_on: str = "", connected: bool = False, signed_in: bool = False, mcid: int = 20_000_001) -> CertView:
    return CertView(
        mcid=mcid, msa_email=CERT_MSA, msa_on=msa_on, connected_here=connected, signed_in_with_msa=signed_in
    )


def world(
    *,
    signed_in: str = "msa",
    learn_msa: str = LEARN_MSA,
    work: int = 0,
    certs: tuple[CertView, ...] | None = None,
    request: str = "",
    merge_request: str = "",
    path: str = "",
    claimed_mcid: int | None = None,
    sharing_contact: int = 0,
) -> IdentityMap:
    return IdentityMap(
        signed_in_kind=signed_in,
        learn_msa_email=learn_msa,
        work_accounts=work,
        certs=(cert(),) if certs is None else certs,
        request_state=request,
        merge_request_state=merge_request,
        progress=Progress(path=path, claimed_mcid=claimed_mcid),
        unproven_sharing_contact=sharing_contact,
    )


def at(diagnosis: Diagnosis) -> tuple[str, str, int | None]:
    assert diagnosis.path is not None
    return diagnosis.situation, diagnosis.path.rule, diagnosis.path.current


def rules_of(diagnosis: Diagnosis) -> list[tuple[str, int | None]]:
    return [(p.rule, p.current) for p in diagnosis.alternatives]


# Situations


def test_al5_a_connected_certification_profile_is_aligned() -> None:
    diagnosis = diagnose(world(certs=(cert(msa_on="this", connected=True, signed_in=True),)))
    assert diagnosis.situation == "aligned"
    assert diagnosis.path is None and diagnosis.alternatives == ()


def test_al5_connected_while_signed_in_with_a_work_account_is_still_aligned() -> None:
    diagnosis = diagnose(world(signed_in="work", work=1, certs=(cert(msa_on="this", connected=True),)))
    assert diagnosis.situation == "aligned"


def test_al5_with_no_certification_profile_proven_the_learner_is_asked_to_prove_one() -> None:
    """AL-5: certlink shows no profile the learner has not proven, so it asks: sign in with its MSA, ask support
    (AL-1), or create one (CP-1)."""
    diagnosis = diagnose(world(certs=()))
    assert at(diagnosis) == ("certification_profile_not_proven", "AL-5", 1)
    assert diagnosis.path is not None and diagnosis.path.steps == PROVE
    assert diagnosis.path.steps[0].action == "prove"
    assert rules_of(diagnosis) == [("AL-1", 1), ("CP-1", 1)]


def test_al5_choosing_to_create_a_profile_puts_cp1_first() -> None:
    diagnosis = diagnose(world(certs=(), path="CP-1"))
    assert at(diagnosis) == ("certification_profile_not_proven", "CP-1", 1)
    assert "no certification profile" in str(diagnosis.path.title)  # type: ignore[union-attr]


def test_al5_an_al1_request_names_the_profile_by_the_mcid_the_learner_gave() -> None:
    diagnosis = diagnose(world(certs=(), request="open", claimed_mcid=20_000_001, path="AL-1"))
    assert at(diagnosis) == ("msas_differ_support_requested", "AL-1", 4)
    assert "20000001" in diagnosis.summary and CERT_MSA not in diagnosis.summary


def test_al5_two_certification_profiles_must_be_merged_by_support_first() -> None:
    diagnosis = diagnose(world(certs=(cert(), cert(mcid=20_000_002))))
    assert at(diagnosis) == ("two_certification_profiles", "CP-4", 2)
    assert "MCIDs 20000001, 20000002" in diagnosis.summary


def test_al5_two_profiles_even_if_one_is_connected_here_must_be_merged() -> None:
    diagnosis = diagnose(world(certs=(cert(msa_on="this", connected=True), cert(mcid=20_000_002))))
    assert at(diagnosis) == ("two_certification_profiles", "CP-4", 2)


def test_cp4_another_profile_sharing_the_contact_email_is_counted_but_not_named() -> None:
    """CP-4 and AL-5: one proven profile and one other with its contact email: prove the other (step 1)."""
    diagnosis = diagnose(world(learn_msa=CERT_MSA, certs=(cert(msa_on="this", signed_in=True),), sharing_contact=1))
    assert at(diagnosis) == ("two_certification_profiles", "CP-4", 1)
    assert "20000001" in diagnosis.summary and "20000002" not in diagnosis.summary


@pytest.mark.parametrize(
    ("state", "current"), [("open", 3), ("in_session", 3), ("verified", 3), ("processed", 4), ("rejected", 2)]
)
def test_al5_cp4_current_step_follows_the_merge_request(state: str, current: int) -> None:
    diagnosis = diagnose(world(certs=(cert(), cert(mcid=20_000_002)), merge_request=state))
    assert at(diagnosis) == ("two_certification_profiles", "CP-4", current)


def test_cp4_after_the_merge_the_same_path_goes_on_to_the_connection() -> None:
    map_ = world(learn_msa=CERT_MSA, certs=(cert(msa_on="this", signed_in=True),), merge_request="processed")
    assert at(diagnose(replace(map_, progress=Progress(path="CP-4")))) == ("two_certification_profiles", "CP-4", 4)


def test_al5_signed_in_with_the_certification_msa_is_ready_to_connect() -> None:
    diagnosis = diagnose(world(learn_msa=CERT_MSA, certs=(cert(msa_on="this", signed_in=True),)))
    assert at(diagnosis) == ("ready_to_connect", "CP-3", 1)
    assert diagnosis.path is not None and diagnosis.path.steps[0].action == "connect"


def test_al5_without_a_work_account_al1_and_a_new_learn_profile_are_the_other_ways() -> None:
    diagnosis = diagnose(world())
    assert rules_of(diagnosis) == [("AL-1", 1), ("AL-4", 1)]
    assert "new Learn profile" in str(diagnosis.alternatives[1].steps[1].text)


def test_al5_a_learner_who_chose_al4_follows_it() -> None:
    diagnosis = diagnose(world(path="AL-4"))
    assert at(diagnosis) == ("msas_differ_without_work_account", "AL-4", 1)
    assert [p.rule for p in diagnosis.alternatives] == ["AL-3", "AL-1"]


def test_al5_the_summary_names_both_msas_and_the_mcid_when_they_differ() -> None:
    diagnosis = diagnose(world())
    assert LEARN_MSA in diagnosis.summary and CERT_MSA in diagnosis.summary and "20000001" in diagnosis.summary


def test_al5_the_recommended_path_is_not_labelled_recommended_among_the_other_ways() -> None:
    for diagnosis in (diagnose(world()), diagnose(world(work=1))):
        assert all("Recommended" not in str(p.title) for p in diagnosis.alternatives)


def test_al5_choosable_paths_are_the_one_shown_and_its_alternatives() -> None:
    assert choosable_paths(diagnose(world(work=1))) == ["AL-2", "AL-1", "AL-4"]


# AL-2: a work account is already on the Learn profile (seed 000, 7 steps)


@pytest.mark.parametrize(
    ("stage", "signed_in", "learn_msa", "msa_on", "current"),
    [
        ("signed in with the old MSA", "msa", LEARN_MSA, "", 1),
        ("signed in with the work account, old MSA still on", "work", LEARN_MSA, "", 2),
        ("old MSA removed", "work", "", "", 4),
        ("certification MSA added, still signed in with work", "work", CERT_MSA, "this", 5),
    ],
)
def test_al2_current_step_at_each_stage(stage: str, signed_in: str, learn_msa: str, msa_on: str, current: int) -> None:
    diagnosis = diagnose(world(signed_in=signed_in, learn_msa=learn_msa, work=1, certs=(cert(msa_on=msa_on),)))
    situation = "certification_msa_on_this_profile" if msa_on == "this" else "msas_differ_with_work_account"
    assert at(diagnosis) == (situation, "AL-2", current), stage
    assert diagnosis.alternatives[0].rule == "AL-1"


def test_al2_signed_in_with_the_added_certification_msa_the_last_step_is_left() -> None:
    map_ = world(learn_msa=CERT_MSA, work=1, certs=(cert(msa_on="this", signed_in=True),), path="AL-2")
    assert at(diagnose(map_)) == ("ready_to_connect", "AL-2", 7)


def test_al2_once_the_certification_msa_is_on_the_profile_the_summary_no_longer_says_they_differ() -> None:
    diagnosis = diagnose(world(signed_in="work", learn_msa=CERT_MSA, work=1, certs=(cert(msa_on="this"),)))
    assert "different personal accounts" not in diagnosis.summary
    assert f"Sign in with {CERT_MSA}" in diagnosis.summary


# AL-3: no work account on the Learn profile yet, but one can be added (seed 000, 12 steps)


def test_al3_starts_with_step_1_done_because_the_learner_is_signed_in_with_the_current_msa() -> None:
    diagnosis = diagnose(world())
    assert at(diagnosis) == ("msas_differ_without_work_account", "AL-3", 2)
    assert rules_of(diagnosis) == [("AL-1", 1), ("AL-4", 1)]


@pytest.mark.parametrize(
    ("stage", "signed_in", "learn_msa", "msa_on", "current"),
    [
        ("work account added, still signed in with the MSA", "msa", LEARN_MSA, "", 5),
        ("signed in again with the work account", "work", LEARN_MSA, "", 7),
        ("old MSA removed", "work", "", "", 8),
        ("certification MSA added, still signed in with work", "work", CERT_MSA, "this", 9),
        ("signed in with the certification MSA", "msa", CERT_MSA, "this", 11),
    ],
)
def test_al3_the_kept_path_goes_on_through_every_stage_once_the_work_account_is_added(
    stage: str, signed_in: str, learn_msa: str, msa_on: str, current: int
) -> None:
    """AL-5: the path is kept with the alignment, so the counter never jumps to AL-2's."""
    signed = signed_in == "msa" and msa_on == "this"
    map_ = world(signed_in=signed_in, learn_msa=learn_msa, work=1, certs=(cert(msa_on=msa_on, signed_in=signed),))
    situation = {"": "msas_differ_with_work_account", "this": "certification_msa_on_this_profile"}[msa_on]
    situation = "ready_to_connect" if signed else situation
    assert at(diagnose(replace(map_, progress=Progress(path="AL-3")))) == (situation, "AL-3", current), stage


def test_al3_without_a_kept_path_a_profile_with_a_work_account_follows_al2() -> None:
    assert at(diagnose(world(work=1))) == ("msas_differ_with_work_account", "AL-2", 1)


def test_al3_connected_with_the_work_account_still_on_is_aligned() -> None:
    map_ = world(learn_msa=CERT_MSA, work=1, certs=(cert(msa_on="this", connected=True, signed_in=True),), path="AL-3")
    assert diagnose(map_).situation == "aligned"


# AL-1: a support request in progress


@pytest.mark.parametrize("state", ["open", "in_session", "verified"])
def test_al1_with_a_request_waiting_for_the_agent_the_current_step_is_4(state: str) -> None:
    diagnosis = diagnose(world(request=state))
    assert at(diagnosis) == ("msas_differ_support_requested", "AL-1", 4)
    assert [p.rule for p in diagnosis.alternatives] == ["AL-3", "AL-4"]


def test_al1_processed_and_signed_in_with_a_work_account_the_current_step_is_5() -> None:
    map_ = world(signed_in="work", work=1, request="processed", certs=(cert(msa_on="this"),), path="AL-1")
    assert at(diagnose(map_)) == ("certification_msa_on_this_profile", "AL-1", 5)


def test_al1_processed_and_signed_in_with_the_msa_now_used_by_both_the_kept_path_is_at_its_last_step() -> None:
    map_ = world(learn_msa=CERT_MSA, request="processed", certs=(cert(msa_on="this", signed_in=True),), path="AL-1")
    assert at(diagnose(map_)) == ("ready_to_connect", "AL-1", 6)


def test_al1_a_rejected_request_is_not_in_progress() -> None:
    diagnosis = diagnose(world(request="rejected"))
    assert diagnosis.situation == "msas_differ_without_work_account"
    recommended = next(p for p in diagnosis.alternatives if p.rule == "AL-1")
    assert recommended.current == 1


# LP-6: the certification MSA already signs in to another Learn profile


def test_lp6_path_when_this_profile_has_no_msa_starts_at_the_merge_with_the_earlier_steps_done() -> None:
    diagnosis = diagnose(world(signed_in="work", learn_msa="", work=1, certs=(cert(msa_on="other"),)))
    assert at(diagnosis) == ("certification_msa_owns_another_learn_profile", "LP-6", 7)
    assert CERT_MSA in diagnosis.summary
    assert "AL-1" in [p.rule for p in diagnosis.alternatives]


def test_lp6_path_when_this_profile_has_an_msa_first_removes_it_signed_in_with_the_work_account() -> None:
    """LP-2: a merge that would put two MSAs on one profile is refused, so the current MSA goes first."""
    diagnosis = diagnose(world(work=1, certs=(cert(msa_on="other"),)))
    assert at(diagnosis) == ("certification_msa_owns_another_learn_profile", "LP-6", 3)
    assert diagnosis.path is not None
    texts = [str(step.text) for step in diagnosis.path.steps]
    remove = next(i for i, text in enumerate(texts) if "remove the current personal account" in text)
    merge = next(i for i, text in enumerate(texts) if "offers to merge" in text)
    assert remove < merge


def test_lp6_path_when_signed_in_with_the_work_account_is_at_the_settings_step() -> None:
    diagnosis = diagnose(world(signed_in="work", work=1, certs=(cert(msa_on="other"),)))
    assert at(diagnosis) == ("certification_msa_owns_another_learn_profile", "LP-6", 5)


def test_lp6_with_an_msa_and_no_work_account_yet_the_path_adds_one_first() -> None:
    diagnosis = diagnose(world(certs=(cert(msa_on="other"),)))
    assert at(diagnosis) == ("certification_msa_owns_another_learn_profile", "LP-6", 1)
    assert diagnosis.path is not None
    texts = [str(step.text) for step in diagnosis.path.steps]
    assert "work or school account to add it" in texts[1]
    assert texts.index(next(t for t in texts if "remove the current personal account" in t)) > 1


def test_lp6_after_the_merge_the_kept_path_goes_on_with_the_same_numbers() -> None:
    merged = world(signed_in="work", learn_msa=CERT_MSA, work=1, certs=(cert(msa_on="this"),), path="LP-6")
    assert at(diagnose(merged)) == ("certification_msa_on_this_profile", "LP-6", 9)
    signed = replace(merged, signed_in_kind="msa", certs=(cert(msa_on="this", signed_in=True),))
    assert at(diagnose(signed))[1:] == ("LP-6", 10)


def test_lp6_the_alternative_uses_the_other_learn_profile_rather_than_a_new_one() -> None:
    diagnosis = diagnose(world(signed_in="work", learn_msa="", work=1, certs=(cert(msa_on="other"),)))
    other = next(p for p in diagnosis.alternatives if p.rule == "AL-4")
    assert all("new Learn profile" not in str(step.text) for step in other.steps)
    assert "its own Learn profile" in str(other.steps[1].text)


# Step texts follow seed 000's lists, in order

SEED_AL1 = [
    "Certification Support forum",
    "Ask a question",
    "change the personal account (MSA) of your certification profile",
    "agent joins a private messaging session",
    "request is processed, sign in to Learn with your Learn personal account",
    "Complete the profile connection",
]
SEED_AL2 = [
    "Sign in to Learn with your work or school account",
    "Settings page",
    "remove the current personal account (MSA)",
    "Add account and sign in with the personal account (MSA) your certification profile uses",
    "Sign out",
    "Sign in to Microsoft Learn with the newly added personal account",
    "Complete the certification profile connection",
]
SEED_AL3 = [
    "Sign in to Learn with your current personal account (MSA)",
    "Settings page",
    "Add account",
    "Sign in with your work or school account to add it",
    "Sign out",
    "Sign in to Microsoft Learn again with the work or school account",
    "remove the personal account (MSA)",
    "Add account and sign in with the personal account (MSA) your certification profile uses",
    "Sign out",
    "Sign in to Microsoft Learn with the newly added personal account",
    "Complete the certification profile connection",
    "(Optional) Remove the work or school account",
]


@pytest.mark.parametrize(
    ("steps", "seed"), [(AL1, SEED_AL1), (AL2, SEED_AL2), (AL3, SEED_AL3)], ids=["AL1", "AL2", "AL3"]
)
def test_al5_step_texts_follow_seed_000_in_order(steps: tuple, seed: list[str]) -> None:
    assert len(steps) == len(seed)
    for number, (step, words) in enumerate(zip(steps, seed, strict=True), start=1):
        assert words in str(step.text), f"step {number}: {step.text!r}"


def test_al5_the_diagnosed_paths_carry_the_seed_steps() -> None:
    assert diagnose(world(work=1)).path.steps == AL2  # type: ignore[union-attr]
    assert diagnose(world()).path.steps == AL3  # type: ignore[union-attr]
    assert diagnose(world(path="AL-1")).path.steps == AL1  # type: ignore[union-attr]


def test_al5_sign_out_and_connect_steps_name_their_actions() -> None:
    for steps in (AL2, AL3):
        assert all(step.action == "signout" for step in steps if str(step.text).startswith("Sign out"))
        assert [step.action for step in steps if "connection" in str(step.text)] == ["connect"]
