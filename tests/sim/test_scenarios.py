"""SIM-3: each named scenario sets up its seed's situation in one step, and the situation holds when read through the
apps' own selectors and services."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from certlink import clock
from certlink.clock import clock_advance
from certlink.errors import Refusal
from certlink.models import OutboxMessage
from partners.models import LinkEvent, PartnerOrganization, PartnerUser
from partners.rules import COOLOFF_SENTENCE, day
from partners.selectors import designation_scores, skills_report
from partners.selectors_learn import why_not_counted
from partners.services.credits import pending_certifications
from profiles.models import Account, Certification
from profiles.selectors import identity_picture
from profiles.services import alignment_prove, certification_connect, exam_result_record
from sim.scenarios import SCENARIOS, scenario_load
from sim.scenarios_build import ScenarioResult, SignIn
from sim.selectors import sent_to
from tests.conftest import START
from tests.helpers import page_text, refusal_of

GATE_SHORT = "Skilling: 1 more person with Azure Administrator Associate to pass the intermediate certifications gate"


def load(key: str) -> ScenarioResult:
    return scenario_load(key=key, now=clock.now())


def msa(result: ScenarioResult, index: int = 0) -> Account:
    sign_in = [s for s in result.sign_ins if s.kind == "msa"][index]
    return Account.objects.get(email=sign_in.email, kind="msa")


def diagnosis(account: Account, shows: Account | None = None):  # type: ignore[no-untyped-def]
    """The doctor's diagnosis, once the learner has shown it the certification profile of `shows` (AL-5)."""
    if shows:
        alignment_prove(learn=account.learn_profile, msa=shows, now=clock.now())  # type: ignore[arg-type]
    return identity_picture(signed_in=account, learn=account.learn_profile).diagnosis  # type: ignore[arg-type]


def report(organization_id: int, at: datetime) -> list[tuple[str, str]]:
    organization = PartnerOrganization.objects.get(pk=organization_id)
    return [(c.work_email.split("@")[0], c.activity_id) for c in skills_report(organization=organization, at=at)]


def advance(days: float) -> datetime:
    target = clock.now() + timedelta(days=days)
    clock_advance(to=target)
    return target


def test_sim3_msas_differ_with_work_account(db: None) -> None:
    """SIM-3 reproduces AL-2: the doctor sees MSAs that differ, with a work account on the Learn profile."""
    result = load("msas-differ-with-work-account")
    assert diagnosis(msa(result)).situation == "certification_profile_not_proven"
    found = diagnosis(msa(result), shows=msa(result, 1))
    assert found.situation == "msas_differ_with_work_account"
    assert found.path.rule == "AL-2" and [p.rule for p in found.alternatives] == ["AL-1", "AL-4"]
    assert refusal_of(lambda: certification_connect(signed_in=msa(result), now=clock.now())).code == (
        "no_certification_profile_for_msa"
    )


def test_sim3_msas_differ_without_work_account(db: None) -> None:
    """SIM-3 reproduces AL-3 and AL-1: no work account on the Learn profile, one exists to add."""
    result = load("msas-differ-without-work-account")
    found = diagnosis(msa(result), shows=msa(result, 1))
    assert found.situation == "msas_differ_without_work_account"
    assert found.path.rule == "AL-3" and {p.rule for p in found.alternatives} == {"AL-1", "AL-4"}
    work = Account.objects.get(pk=result.facts["work_account"])
    assert work.learn_profile_id is None and work.tenant is not None
    assert any(s.email.startswith("agent@") for s in result.sign_ins)


def test_sim3_two_certification_profiles(db: None) -> None:
    """SIM-3 reproduces CP-4: two certification profiles must be merged before connecting."""
    result = load("two-certification-profiles")
    li = msa(result)
    found = diagnosis(li)
    assert found.situation == "two_certification_profiles" and found.path.rule == "CP-4"
    refused = refusal_of(lambda: certification_connect(signed_in=li, now=clock.now()))
    assert refused.code == "merge_certification_profiles_first"
    assert refused.details == {"mcid": result.facts["mcid"], "others": 1}  # the other is not proven: not named


def test_sim3_certiport_after_cutoff_never_reaches_the_skills_report(db: None) -> None:
    """SIM-3 reproduces CP-6 and PC-13: a Certiport certification after 1 June 2023 of a linked MCID never arrives;
    the Pearson VUE one does, ten days after the link (PC-9)."""
    result = load("certiport-after-cutoff")
    organization = result.facts["organization"]
    assert pending_certifications().filter(pk=result.facts["certiport_held"]).count() == 0
    later = advance(30)
    assert report(organization, later) == [("yuki", "azure-fundamentals")]
    explanation = why_not_counted(
        organization=PartnerOrganization.objects.get(pk=organization),
        person=PartnerUser.objects.get(pk=result.facts["partner_user"]),
        certification=Certification.objects.get(slug="azure-administrator"),
        now=later,
    )
    assert explanation.code == "certiport"


def test_sim3_expiring_certification_gets_its_notice_a_month_later(db: None) -> None:
    """SIM-3 reproduces RN-2 and RN-8: a month before the window opens nothing is sent; advancing the clock a month
    brings the renewal notice, dated the day the window opened."""
    result = load("expiring-certification")
    alex = msa(result)
    opens = result.facts["window_opens_at"]
    assert START + timedelta(days=27) <= opens <= START + timedelta(days=30)
    notices = OutboxMessage.objects.filter(sent_to([alex.email.lower()]), template="renewal_notice")
    clock_advance(to=opens - timedelta(minutes=1))
    assert not notices.exists()
    clock_advance(to=START + timedelta(days=30))
    assert [n.sent_at for n in notices] == [opens]


def test_sim3_employee_moving_company_credits_b_and_leaves_a_at_the_refresh(db: None) -> None:
    """SIM-3 reproduces PC-5 (with PC-9 and PC-10): after the move B gets the credit ten days later, A keeps it
    until the refresh of the following month."""
    result = load("employee-moving-company")
    a, b = result.facts["organization_a"], result.facts["organization_b"]
    assert report(a, START) == [("megan", "azure-administrator")] and report(b, START) == []
    assert result.facts["leaves_a_at"] == datetime(2026, 2, 10, tzinfo=UTC)
    ten = advance(10)
    assert report(b, ten) == [("megan", "azure-administrator")]
    assert report(a, ten) == [("megan", "azure-administrator")]
    clock_advance(to=result.facts["leaves_a_at"])
    assert report(a, clock.now()) == [] and report(b, clock.now()) == [("megan", "azure-administrator")]


def test_sim3_association_refused_by_cooloff_is_recorded(db: None) -> None:
    """SIM-3 reproduces PC-8 (and PC-7): a second association inside 30 days is refused, the refusal recorded with
    Partner Center's sentence and the date."""
    result = load("association-refused-by-cooloff")
    allowed = START + timedelta(days=20)
    assert result.facts["next_eligible_at"] == allowed
    refusal = LinkEvent.objects.get(partner_user=result.facts["partner_user"], kind=LinkEvent.Kind.REFUSED)
    assert refusal.code == "association_cooloff" and refusal.at == START
    assert refusal.message == COOLOFF_SENTENCE.format(days=30, date=day(allowed))
    assert f"Refused: “{refusal.message}”" in result.expected


def test_sim3_leaver_in_january_is_in_the_report_until_10_february(db: None) -> None:
    """SIM-3 reproduces PC-10 (and ID-4): deleted in January, the leaver's credit stays until the refresh on
    10 February and is gone after it."""
    result = load("leaver-in-january")
    organization, refresh = result.facts["organization"], datetime(2026, 2, 10, tzinfo=UTC)
    assert result.facts["leaves_at"] == refresh
    assert PartnerUser.objects.get(pk=result.facts["partner_user"]).account.deleted_at == START
    clock_advance(to=refresh - timedelta(minutes=1))
    assert report(organization, clock.now()) == [("leo", "azure-administrator")]
    clock_advance(to=refresh + timedelta(hours=1))
    assert report(organization, clock.now()) == []


def test_sim3_leaver_in_january_moves_the_clock_forward_to_january(db: None) -> None:
    """SIM-3, PC-10: loaded in March, the scenario advances the clock (never back) to the next January."""
    clock_advance(to=datetime(2026, 3, 1, tzinfo=UTC))
    result = load("leaver-in-january")
    january = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)
    assert clock.now() == january == result.now
    assert result.facts["leaves_at"] == datetime(2027, 2, 10, tzinfo=UTC)
    assert report(result.facts["organization"], january) == [("leo", "azure-administrator")]


def test_sim3_one_person_short_of_the_infrastructure_gate(db: None) -> None:
    """SIM-3 reproduces PC-12: one Azure Administrator Associate where the Enterprise gate needs two; the missing
    sentence goes once a second person's credit arrives (PC-9)."""
    result = load("one-person-short-of-a-designation-gate")
    organization = PartnerOrganization.objects.get(pk=result.facts["organization"])

    def infrastructure_missing() -> list[str]:
        scores = designation_scores(organization=organization, at=clock.now())
        return next(s for s in scores if s.key == "infrastructure").missing

    assert GATE_SHORT in infrastructure_missing()
    exam_result_record(
        exam_code="AZ-104", taken_at=START, score=800, provider="pearson_vue", now=START, mcid=result.facts["omar_mcid"]
    )
    advance(10)
    assert GATE_SHORT not in infrastructure_missing()


def test_sim3_loading_twice_gives_two_independent_copies(db: None) -> None:
    """SIM-3: every load names what it creates with a suffix of its own."""
    first, second = load("employee-moving-company"), load("employee-moving-company")
    assert first.suffix != second.suffix
    assert {s.email for s in first.sign_ins}.isdisjoint({s.email for s in second.sign_ins})
    assert report(first.facts["organization_a"], START) == report(second.facts["organization_a"], START)


@pytest.mark.parametrize("key", list(SCENARIOS))
def test_sim3_every_scenario_loads_on_the_demo_world_and_never_moves_the_clock_back(db: None, key: str) -> None:
    """SIM-3 on top of whatever world exists (here the demo's, with the clock advanced); SIM-1: never backwards."""
    from sim.demo import load_demo

    load_demo()
    clock_advance(to=START + timedelta(days=3))
    before = clock.now()
    result = load(key)
    assert clock.now() >= before and result.now == clock.now()
    assert result.sign_ins and result.steps and result.expected
    for sign_in in result.sign_ins:
        account = Account.objects.get(email=sign_in.email, kind=sign_in.kind, deleted_at__isnull=True)
        assert account.check_password(sign_in.password) and not account.must_change_password


def test_sim3_an_unknown_scenario_is_refused_with_the_list(db: None) -> None:
    refused = refusal_of(lambda: load("nothing-like-this"))
    assert refused.code == "unknown_scenario" and refused.status == 404
    assert "employee-moving-company" in refused.message


def test_sim3_a_failed_load_leaves_nothing_behind(db: None, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """SIM-3: a scenario loads whole or not at all."""
    from sim import scenarios_partner

    def broken(**kwargs: object) -> None:
        raise Refusal("broken", "Broken on purpose.")

    monkeypatch.setattr(scenarios_partner, "partner_user_delete", broken)
    with pytest.raises(Refusal):
        load("leaver-in-january")
    assert not Account.objects.exists() and not PartnerOrganization.objects.exists()


# --- the page, the API and the command: the same scenario_load behind each ----------------------------------------


def test_sim3_sim5_an_operator_loads_a_scenario_from_the_page_and_reads_the_sign_ins_on_its_jobs_page(
    page_as, operator
) -> None:  # type: ignore[no-untyped-def]
    client = page_as(operator)
    page = page_text(client.get("/sim/scenarios/"))
    assert all(f'data-scenario="{key}"' in page for key in SCENARIOS)
    response = client.post("/sim/scenarios/", {"key": "certiport-after-cutoff"})
    assert response.status_code == 302 and response["Location"].startswith("/sim/jobs/")
    shown = page_text(client.get(response["Location"]))
    yuki = Account.objects.get(email__startswith="yuki.", kind="msa")
    assert 'data-state="done"' in shown and "was loaded (names end in" in shown
    assert 'class="panel scenario-result"' in shown and f'data-sign-in="{yuki.email}"' in shown
    assert "Demo-pass-2026" in shown and f"/sim/timeline/learner/{yuki.pk}/" in shown
    assert 'class="panel scenario-result"' in page_text(client.get(response["Location"]))  # the job's page stays
    assert 'class="panel scenario-result"' not in page_text(client.get("/sim/scenarios/"))


def test_sim3_only_operators_open_and_load_scenarios(page_as, learner, agent) -> None:  # type: ignore[no-untyped-def]
    assert page_as(learner).get("/sim/scenarios/").status_code == 403
    assert page_as(agent).post("/sim/scenarios/", {"key": "leaver-in-january"}).status_code == 403
    assert not PartnerOrganization.objects.exists()


def test_sim3_the_page_answers_404_for_an_unknown_scenario(page_as, operator) -> None:  # type: ignore[no-untyped-def]
    response = page_as(operator).post("/sim/scenarios/", {"key": "nope"})
    assert response.status_code == 404 and 'data-code="unknown_scenario"' in page_text(response)


def test_sim3_the_api_lists_and_loads_scenarios(api_as, operator) -> None:  # type: ignore[no-untyped-def]
    api = api_as(operator)
    listed = api.get("/api/v1/sim/scenarios/").json()
    assert [s["key"] for s in listed] == list(SCENARIOS)
    assert all(s["title"] and s["description"] and s["rules"] and s["clock"] for s in listed)
    response = api.post("/api/v1/sim/scenarios/leaver-in-january/load/")
    assert response.status_code == 202 and response["Location"] == response.json()["url"]
    job = api.get(response["Location"]).json()
    assert job["kind"] == "scenario" and job["state"] == "done" and job["finished"] is True
    body = job["result"]
    assert body["key"] == "leaver-in-january" and body["now"] == "2026-01-05T09:00:00+00:00"
    assert {s["kind"] for s in body["sign_ins"]} == {"work", "msa"}
    assert all(s["password"] == "Demo-pass-2026" for s in body["sign_ins"])
    assert body["facts"]["leaves_at"] == "2026-02-10T00:00:00+00:00"


def test_sim3_the_api_answers_404_in_the_error_shape_for_an_unknown_scenario(api_as, operator) -> None:  # type: ignore[no-untyped-def]
    response = api_as(operator).post("/api/v1/sim/scenarios/nope/load/")
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == "unknown_scenario" and body["details"]["key"] == "nope"
    assert "leaver-in-january" in body["details"]["scenarios"]


def test_sim3_only_operators_use_the_scenario_api(api_as, learner) -> None:  # type: ignore[no-untyped-def]
    api = api_as(learner)
    assert api.get("/api/v1/sim/scenarios/").status_code == 403
    response = api.post("/api/v1/sim/scenarios/leaver-in-january/load/")
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert not PartnerOrganization.objects.exists()


def test_sim3_the_command_lists_and_loads(db: None) -> None:
    out = StringIO()
    call_command("scenario", "list", stdout=out)
    assert all(key in out.getvalue() for key in SCENARIOS)
    call_command("scenario", "load", "two-certification-profiles", stdout=out)
    assert "Sign in at /signin/ as:" in out.getvalue() and "li." in out.getvalue()
    with pytest.raises(CommandError, match="There's no scenario"):
        call_command("scenario", "load", "nope")


def signed_in(sign_in: SignIn) -> Client:
    client = Client()
    response = client.post(
        "/signin/", {"step": "password", "email": sign_in.email, "kind": sign_in.kind, "password": sign_in.password}
    )
    assert response.status_code == 302, response.content
    return client


@pytest.mark.parametrize(
    ("key", "situation"),
    [
        ("msas-differ-with-work-account", "certification_profile_not_proven"),
        ("msas-differ-without-work-account", "certification_profile_not_proven"),
        ("two-certification-profiles", "two_certification_profiles"),
    ],
)
def test_sim3_the_first_sign_in_of_the_result_sees_the_situation_in_the_doctor(
    db: None, key: str, situation: str
) -> None:
    """AL-5 through the page, signed in as the result says."""
    page = page_text(signed_in(load(key).sign_ins[0]).get("/learn/doctor/"))
    assert f'data-situation="{situation}"' in page


def test_sim3_the_designations_page_says_what_is_missing(db: None) -> None:
    """PC-12 through the page, as the organisation's admin of the result."""
    admin = load("one-person-short-of-a-designation-gate").sign_ins[0]
    assert GATE_SHORT in page_text(signed_in(admin).get("/partner/designations/"))
