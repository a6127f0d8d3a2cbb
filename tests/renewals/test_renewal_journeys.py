"""Renewing through the API and the pages: the retake sequence of RN-6 (fail, immediate retry, refused within
24 hours with the next time, allowed after), a pass (RN-4, RN-7), and every refusal in words."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from certlink import clock
from certlink.clock import clock_advance, clock_set
from profiles.models import CertificationHeld
from profiles.services import exam_result_record
from tests.factories import PASSWORD, answers_for
from tests.helpers import page_text
from tests.renewals.conftest import EARNED

IN_WINDOW = datetime(2025, 9, 1, 10, 0, tzinfo=UTC)


def submit_api(api, held: CertificationHeld, answers: dict[int, int]):  # type: ignore[no-untyped-def]
    return api.post(
        f"/api/v1/learn/renewals/{held.pk}/attempts/",
        {"answers": {str(k): v for k, v in answers.items()}},
        format="json",
    )


def test_rn6_the_retake_sequence_through_the_api(api_as, hana, held, assessment) -> None:  # type: ignore[no-untyped-def]
    clock_advance(to=IN_WINDOW)
    api = api_as(hana)
    renewal = api.get(f"/api/v1/learn/renewals/{held.pk}/").json()
    assert renewal["blocked"] is None and len(renewal["questions"]) == 12 and "answer" not in renewal["questions"][0]
    first = submit_api(api, held, answers_for(assessment, right=3))
    assert first.status_code == 201 and first.json()["attempt"]["passed"] is False
    assert first.json()["attempt"]["by_skill"]["Identity"] == {"right": 3, "of": 4}
    second = submit_api(api, held, answers_for(assessment, right=5))  # the free retake, at once
    assert second.status_code == 201 and second.json()["attempt"]["number"] == 2
    clock_advance(to=IN_WINDOW + timedelta(hours=23))
    third = submit_api(api, held, answers_for(assessment, right=12))
    assert third.status_code == 429
    body = third.json()
    assert body["code"] == "renewal_retake_wait"
    assert body["details"]["next_attempt_at"] == "2025-09-02T10:00:00+00:00"
    assert "your next attempt is possible from 2 September 2025 10:00 UTC" in body["message"]
    assert api.get(f"/api/v1/learn/renewals/{held.pk}/").json()["blocked"]["code"] == "renewal_retake_wait"
    clock_advance(to=IN_WINDOW + timedelta(hours=24))
    passed = submit_api(api, held, answers_for(assessment, right=12))
    assert passed.status_code == 201 and passed.json()["attempt"]["passed"] is True
    assert passed.json()["certification"]["expires_at"] == "2027-01-10T09:00:00Z"


def test_rn6_the_retake_sequence_through_the_page(page_as, hana, held, assessment) -> None:  # type: ignore[no-untyped-def]
    clock_advance(to=IN_WINDOW)
    page = page_as(hana)
    url = f"/learn/credentials/renew/{held.pk}/"

    def submit(right: int):  # type: ignore[no-untyped-def]
        return page.post(url, {f"q{k}": v for k, v in answers_for(assessment, right=right).items()})

    assert "Renewal assessment" in page_text(page.get(url))
    failed = page_text(submit(2))
    assert "Not passed: 17%" in failed and "You can try again at once." in failed
    retried = page_text(submit(4))
    assert "Not passed: 33%" in retried and "next attempt is possible from 2 September 2025 10:00 UTC" in retried
    clock_advance(to=IN_WINDOW + timedelta(hours=1))
    blocked = submit(12)
    assert blocked.status_code == 429
    assert 'data-code="renewal_retake_wait"' in page_text(blocked)
    assert "from 2 September 2025 10:00 UTC" in page_text(blocked)
    clock_advance(to=IN_WINDOW + timedelta(days=1))
    passed = page_text(submit(12))
    assert "Passed: 100%" in passed and "It now expires on <strong>10 January 2027</strong>" in passed
    listed = page_text(page.get("/learn/credentials/"))
    assert "10 January 2027" in listed


def test_rn2_the_renew_button_shows_only_inside_the_window(page_as, hana, held, assessment) -> None:  # type: ignore[no-untyped-def]
    page = page_as(hana)
    before = page_text(page.get("/learn/credentials/"))
    assert 'data-status="active"' in before and "Renewable from 14 July 2025" in before
    assert f"/learn/credentials/renew/{held.pk}/" not in before
    clock_advance(to=IN_WINDOW)
    inside = page_text(page.get("/learn/credentials/"))
    assert 'data-status="in_window"' in inside and f'href="/learn/credentials/renew/{held.pk}/"' in inside


def test_rn2_the_renewal_page_says_when_the_window_opens(page_as, hana, held, assessment) -> None:  # type: ignore[no-untyped-def]
    text = page_text(page_as(hana).get(f"/learn/credentials/renew/{held.pk}/"))
    assert 'data-code="renewal_window_not_open"' in text
    assert "You can renew Microsoft" in text and "from 14 July 2025 09:00 UTC" in text
    assert "Renewal assessment</h2>" not in text


def test_ce4_after_expiry_the_page_says_to_earn_it_again_by_exams(page_as, hana, held, assessment) -> None:  # type: ignore[no-untyped-def]
    clock_advance(to=datetime(2026, 2, 1, tzinfo=UTC))
    text = page_text(page_as(hana).get(f"/learn/credentials/renew/{held.pk}/"))
    assert 'data-code="certification_expired"' in text and "earn it again by passing AZ-104" in text


def test_rn3_a_certification_profile_not_connected_is_sent_to_the_doctor(client, hana, held, assessment) -> None:  # type: ignore[no-untyped-def]
    held.profile.learn_profile = None
    held.profile.save(update_fields=["learn_profile"])
    clock_advance(to=IN_WINDOW)
    client.post("/signin/", {"step": "password", "email": hana.email, "kind": "msa", "password": PASSWORD})
    text = page_text(client.get(f"/learn/credentials/renew/{held.pk}/"))
    assert 'data-code="not_connected"' in text and 'href="/learn/doctor/"' in text


def test_someone_elses_certification_is_not_found(page_as, api_as, learner, held) -> None:  # type: ignore[no-untyped-def]
    assert page_as(learner).get(f"/learn/credentials/renew/{held.pk}/").status_code == 404
    response = api_as(learner).get(f"/api/v1/learn/renewals/{held.pk}/")
    assert response.status_code == 404 and response.json()["code"] == "certification_not_found"


def test_ce2_an_operator_records_an_exam_result_on_the_page(page_as, operator, hana_profile, az104) -> None:  # type: ignore[no-untyped-def]
    clock_set(to=EARNED + timedelta(days=1))
    response = page_as(operator).post(
        "/sim/exams/",
        {
            "mcid": hana_profile.mcid,
            "exam_code": "az-104",
            "taken_on": "2025-01-10T09:00",
            "score": 765,
            "provider": "pearson_vue",
        },
        follow=True,
    )
    assert "AZ-104: 765, pass" in page_text(response) and "Earned Microsoft Certified: Azure Administrator" in (
        page_text(response)
    )


def test_ce2_an_operator_records_an_exam_result_through_the_api(api_as, operator, hana, hana_profile, az104) -> None:  # type: ignore[no-untyped-def]
    clock_set(to=EARNED + timedelta(days=1))
    response = api_as(operator).post(
        "/api/v1/exam-results/",
        {
            "candidate_email": hana.email,
            "exam_code": "AZ-104",
            "taken_at": "2025-01-10T09:00:00Z",
            "score": 650,
            "provider": "certiport",
        },
        format="json",
    )
    assert response.status_code == 201
    assert (response.json()["passed"], response.json()["earned"], response.json()["mcid"]) == (
        False,
        [],
        hana_profile.mcid,
    )
    assert clock.now() == EARNED + timedelta(days=1)


def test_only_operators_record_exam_results(api_as, page_as, hana, az104) -> None:  # type: ignore[no-untyped-def]
    assert api_as(hana).post("/api/v1/exam-results/", {}, format="json").status_code == 403
    assert page_as(hana).get("/sim/exams/").status_code == 403


def test_cp6_a_certiport_certification_after_the_cutoff_cannot_be_renewed_on_learn(
    api_as, hana, hana_profile, az104, assessment
) -> None:  # type: ignore[no-untyped-def]
    (held,) = exam_result_record(
        mcid=hana_profile.mcid, exam_code="AZ-104", taken_at=EARNED, score=800, provider="certiport", now=EARNED
    ).earned
    clock_advance(to=IN_WINDOW)
    response = api_as(hana).post(
        f"/api/v1/learn/renewals/{held.pk}/attempts/",
        {"answers": {str(k): v for k, v in answers_for(assessment, right=12).items()}},
        format="json",
    )
    assert response.status_code == 400 and response.json()["code"] == "certiport_transcript"


def test_the_renewal_page_is_under_credentials_in_the_learn_menu(page_as, hana, held, assessment) -> None:  # type: ignore[no-untyped-def]
    text = page_text(page_as(hana).get(f"/learn/credentials/renew/{held.pk}/"))
    assert re.findall(r'<a href="([^"]+)" aria-current="page">([^<]+)</a>', text) == [
        ("/learn/credentials/", "Credentials")
    ]
