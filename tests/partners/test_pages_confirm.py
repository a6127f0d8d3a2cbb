"""My Learn profile asks before an action that starts a wait, and says the date (PC-6, PC-8); "why not counted"
offers the person's own certifications first (PC-14).

"Remove access" opens a confirmation that changes nothing and names the date the next association may start, the
date rules.next_association_at gives (the one rule behind the refusal and the page's "next association" line);
only its confirmed POST removes the access. While a cool-off or the yearly limit runs, Associate is replaced by
the service's own refusal sentence, so nobody types a password to be refused."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from certlink.clock import clock_advance
from partners import rules
from partners.models import LinkEvent, McidLink
from partners.selectors_learn import my_learn_profile
from partners.services.links import (
    limits,
    mcid_link,
    mcid_unlink,
    university_link,
    university_sign_up,
)
from tests.factories import CertificationFactory
from tests.helpers import page_text, refusal_of
from tests.partners.cast import holds
from tests.partners.conftest import DAY0, admin_of
from tests.partners.test_pages import associate, signed_in

PROFILE = "/partner/learn-profile/"
REMOVE = "/partner/learn-profile/remove/"
ASSOCIATE = "/partner/learn-profile/associate/"
WHY = "/partner/why/"


def still_linked(user) -> bool:  # type: ignore[no-untyped-def]
    return McidLink.objects.filter(partner_user=user, ended_at__isnull=True).exists()


# --- PC-6: Remove access asks first ------------------------------------------------------------------------------


def test_pc6_remove_access_asks_to_confirm_with_the_next_date(megan_at_a, megan_msa, megan_profile) -> None:  # type: ignore[no-untyped-def]
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    clock_advance(to=DAY0 + timedelta(days=3))
    megan = signed_in(megan_at_a)
    profile = page_text(megan.get(PROFILE))
    assert f'href="{REMOVE}?what=mcid"' in profile  # a link to the question, not a form that acts
    assert f'action="{REMOVE}"' not in profile
    asked = megan.get(REMOVE, {"what": "mcid"})
    text = page_text(asked)
    assert asked.status_code == 200 and 'data-confirm="remove-access"' in text
    assert f"MCID <strong>{megan_profile.mcid}</strong> will no longer be associated with Contoso." in text
    assert f"You can't associate again before {rules.day(DAY0 + timedelta(days=30))}." in text
    assert "Yes, remove access" in text and 'name="confirm"' in text


def test_pc6_the_get_of_the_confirmation_changes_nothing(megan_at_a, megan_msa, megan_profile) -> None:  # type: ignore[no-untyped-def]
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    events = LinkEvent.objects.count()
    megan = signed_in(megan_at_a)
    for what in ("mcid", ""):
        assert megan.get(REMOVE, {"what": what}).status_code == 200
    assert still_linked(megan_at_a) and LinkEvent.objects.count() == events


def test_pc6_a_post_without_confirm_asks_again_and_changes_nothing(megan_at_a, megan_msa, megan_profile) -> None:  # type: ignore[no-untyped-def]
    """An old page's "Remove access" form (a POST without confirm) is answered with the question, not an unlink."""
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    response = signed_in(megan_at_a).post(REMOVE, {"what": "mcid"})
    assert response.status_code == 200 and 'data-confirm="remove-access"' in page_text(response)
    assert still_linked(megan_at_a)


def test_pc6_only_the_confirmed_post_removes_access(megan_at_a, megan_msa, megan_profile) -> None:  # type: ignore[no-untyped-def]
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    removed = signed_in(megan_at_a).post(REMOVE, {"what": "mcid", "confirm": "on"}, follow=True)
    assert "Access removed." in page_text(removed) and not still_linked(megan_at_a)
    assert LinkEvent.objects.filter(partner_user=megan_at_a, kind=LinkEvent.Kind.UNLINKED).count() == 1


def test_pc8_the_confirmations_date_is_the_one_my_learn_profile_and_the_refusal_give(
    megan_at_a,
    megan_at_b,
    megan_msa,
    megan_profile,  # type: ignore[no-untyped-def]
) -> None:
    """One rule: the confirmation, the page's next-association date, the API's and the service's refusal agree."""
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0 - timedelta(days=200))
    mcid_unlink(user=megan_at_a, now=DAY0 - timedelta(days=150))
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0 - timedelta(days=100))
    mcid_unlink(user=megan_at_a, now=DAY0 - timedelta(days=50))
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0 - timedelta(days=40))  # the 3rd in 365 days: yearly limit
    next_at = my_learn_profile(user=megan_at_a, now=DAY0).next_association_at
    assert next_at == DAY0 - timedelta(days=200) + timedelta(days=365)
    text = page_text(signed_in(megan_at_a).get(REMOVE, {"what": "mcid"}))
    assert f"You can't associate again before {rules.day(next_at)}." in text
    refused = refusal_of(lambda: mcid_link(user=megan_at_b, msa=megan_msa, now=DAY0))
    assert (refused.code, refused.details["next_eligible_at"]) == ("association_yearly_limit", next_at)


def test_pc8_after_the_cooloff_the_confirmation_says_no_wait_runs(megan_at_a, megan_msa, megan_profile) -> None:  # type: ignore[no-untyped-def]
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    clock_advance(to=DAY0 + timedelta(days=40))
    text = page_text(signed_in(megan_at_a).get(REMOVE, {"what": "mcid"}))
    assert "You could associate again at once." in text and "You can't associate again" not in text


def test_pc6_pc10_removing_partner_university_access_asks_too_and_says_when_its_credits_leave(megan_at_a) -> None:  # type: ignore[no-untyped-def]
    account = university_sign_up(email="megan.pu@outlook.example", password="Pu-pass-123", display_name="", now=DAY0)
    university_link(user=megan_at_a, account=account, now=DAY0)
    megan = signed_in(megan_at_a)
    assert f'href="{REMOVE}?what=university"' in page_text(megan.get(PROFILE))
    text = page_text(megan.get(REMOVE, {"what": "university"}))
    leaves = rules.leaves_at_refresh(DAY0, day_of_month=10)
    assert "megan.pu@outlook.example" in text and f"data refresh on {rules.day(leaves)}" in text
    assert "This starts no wait" in text and 'name="what" value="university"' in text
    megan.post(REMOVE, {"what": "university", "confirm": "on"})
    assert my_learn_profile(user=megan_at_a, now=DAY0).university is None


@pytest.mark.parametrize("method", ["get", "post"])
def test_pc6_removing_an_access_that_does_not_exist_is_a_400_that_says_so(
    method, megan_at_a, megan_msa, megan_profile
) -> None:  # type: ignore[no-untyped-def]
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    megan = signed_in(megan_at_a)
    unknown = getattr(megan, method)(REMOVE, {"what": "everything", "confirm": "on"})
    assert unknown.status_code == 400 and 'data-code="unknown_access"' in page_text(unknown)
    assert still_linked(megan_at_a)
    nothing = megan.get(REMOVE, {"what": "university"})
    assert nothing.status_code == 400
    assert "Your Partner Center account has no Partner University access to remove." in page_text(nothing)


def test_pc6_the_confirmation_is_for_partner_center_users_only(learner) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(learner)
    assert client.get(REMOVE, {"what": "mcid"}).status_code == 403


# --- PC-8: Associate shows the date, not a button, while a wait runs ---------------------------------------------


def test_pc8_associate_shows_the_date_and_no_live_button_in_a_cooloff(megan_at_a, megan_msa, megan_profile) -> None:  # type: ignore[no-untyped-def]
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    mcid_unlink(user=megan_at_a, now=DAY0 + timedelta(days=3))
    clock_advance(to=DAY0 + timedelta(days=3))
    refused = rules.association_refusal([DAY0], now=DAY0 + timedelta(days=3), limits=limits())
    assert refused is not None
    text = page_text(signed_in(megan_at_a).get(PROFILE))
    assert f'data-code="association_cooloff"><p>{refused.message}</p>' in text
    assert rules.day(DAY0 + timedelta(days=30)) in refused.message
    assert f'href="{ASSOCIATE}"' not in text and "Associate Microsoft Learning account</a>" not in text
    assert 'type="password"' not in text


def test_pc8_the_sentence_shown_is_the_one_the_service_refuses_with(megan_at_a, megan_msa, megan_profile) -> None:  # type: ignore[no-untyped-def]
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    mcid_unlink(user=megan_at_a, now=DAY0 + timedelta(days=1))
    clock_advance(to=DAY0 + timedelta(days=2))
    megan = signed_in(megan_at_a)
    shown = page_text(megan.get(PROFILE))
    attempted = page_text(associate(megan, megan_msa.email))  # typed anyway, by a direct POST
    refusal = LinkEvent.objects.get(partner_user=megan_at_a, kind=LinkEvent.Kind.REFUSED)
    assert refusal.code == "association_cooloff"
    assert f"<p>{refusal.message}</p>" in shown and f"<p>{refusal.message}</p>" in attempted


def test_pc8_a_direct_get_of_associate_in_a_cooloff_shows_the_refusal_before_any_password(
    megan_at_a,
    megan_msa,
    megan_profile,  # type: ignore[no-untyped-def]
) -> None:
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    mcid_unlink(user=megan_at_a, now=DAY0 + timedelta(days=1))
    text = page_text(signed_in(megan_at_a).get(ASSOCIATE))
    assert 'data-code="association_cooloff"' in text and rules.day(DAY0 + timedelta(days=30)) in text
    assert 'name="email"' not in text and 'name="password"' not in text


def test_pc8_the_yearly_limit_replaces_associate_with_its_own_sentence(megan_at_a, megan_msa, megan_profile) -> None:  # type: ignore[no-untyped-def]
    for start in (DAY0 - timedelta(days=300), DAY0 - timedelta(days=200), DAY0 - timedelta(days=100)):
        mcid_link(user=megan_at_a, msa=megan_msa, now=start)
        mcid_unlink(user=megan_at_a, now=start + timedelta(days=1))
    text = page_text(signed_in(megan_at_a).get(PROFILE))
    assert 'data-code="association_yearly_limit"' in text
    assert f"association is {rules.day(DAY0 + timedelta(days=65))}." in text
    assert f'href="{ASSOCIATE}"' not in text


def test_pc8_pc3_the_one_step_association_is_not_offered_in_a_cooloff(megan_at_a, megan_msa, megan_profile) -> None:  # type: ignore[no-untyped-def]
    account = university_sign_up(email=megan_msa.email, password="Pu-pass-123", display_name="", now=DAY0)
    university_link(user=megan_at_a, account=account, now=DAY0)
    megan = signed_in(megan_at_a)
    assert f"Use {megan_msa.email} to associate" in page_text(megan.get(PROFILE))  # offered while no wait runs
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    mcid_unlink(user=megan_at_a, now=DAY0 + timedelta(days=1))
    text = page_text(megan.get(PROFILE))
    assert 'data-code="association_cooloff"' in text and f"Use {megan_msa.email} to associate" not in text
    assert "Get Partner University access" not in text  # she has it: nothing else to offer


def test_pc8_associating_says_before_sign_in_that_it_starts_a_wait(megan_at_a, megan_profile) -> None:  # type: ignore[no-untyped-def]
    megan = signed_in(megan_at_a)
    sentence = f"once you associate, you can't associate again before {rules.day(DAY0 + timedelta(days=30))}"
    assert sentence in page_text(megan.get(PROFILE))
    email_step = page_text(megan.get(ASSOCIATE))
    assert sentence in email_step and 'name="email"' in email_step
    password_step = page_text(megan.post(ASSOCIATE, {"step": "email", "email": "megan.bowen@outlook.example"}))
    assert sentence in password_step and 'name="password"' in password_step


def test_pc8_the_api_gives_the_same_sentence_as_the_page(megan_at_a, megan_msa, megan_profile, api_as) -> None:  # type: ignore[no-untyped-def]
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    mcid_unlink(user=megan_at_a, now=DAY0 + timedelta(days=1))
    body = api_as(megan_at_a.account).get("/api/v1/partner/learn-profile/").json()
    assert body["association_refused"]["code"] == "association_cooloff"
    assert f"<p>{body['association_refused']['message']}</p>" in page_text(signed_in(megan_at_a).get(PROFILE))
    assert body["association_refused"]["details"]["next_eligible_at"] == "2026-02-11T09:00:00+00:00"


# --- PC-14: why not counted offers the person's own certifications first ----------------------------------------


def options(text: str) -> list[tuple[str, str]]:
    """The certification select's (group, value) pairs in page order ("" outside any group)."""
    select = re.search(r'<select name="certification".*?</select>', text, flags=re.S)
    assert select is not None
    found, group = [], ""
    for tag in re.finditer(r'<optgroup label="([^"]*)">|</optgroup>|<option value="([^"]*)"', select.group(0)):
        if tag.group(0).startswith("<optgroup"):
            group = tag.group(1)
        elif tag.group(0) == "</optgroup>":
            group = ""
        else:
            found.append((group, tag.group(2)))
    return found


def test_pc14_why_not_counted_lists_the_persons_own_certifications_first(
    megan_at_a,
    megan_msa,
    megan_admin_cert,
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    for slug in ("azure-developer", "security-operations-analyst", "power-platform-fundamentals"):
        CertificationFactory(slug=slug)
    holds(megan_admin_cert.profile, "security-operations-analyst")
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    megan = signed_in(megan_at_a)
    with django_assert_max_num_queries(5):  # session, account, Partner Center user, clock, catalog
        text = page_text(megan.get(WHY))
    listed = options(text)
    own = [value for group, value in listed if group == "Your certifications"]
    assert sorted(own) == ["azure-administrator", "security-operations-analyst"]
    assert listed[: len(own)] == [("Your certifications", value) for value in own]
    assert {value for group, value in listed if group == "All certifications"} >= {
        "azure-administrator",
        "azure-developer",
        "security-operations-analyst",
        "power-platform-fundamentals",
    }
    asked = megan.get(WHY, {"person": megan_at_a.pk, "certification": "security-operations-analyst"})
    assert asked.status_code == 200 and "data-reason=" in page_text(asked)


def test_pc14_the_why_page_takes_as_many_queries_with_a_larger_catalog(megan_at_a, megan_msa, megan_admin_cert) -> None:  # type: ignore[no-untyped-def]
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    megan = signed_in(megan_at_a)
    counts = []
    for batch in range(2):
        for n in range(20):
            holds(megan_admin_cert.profile, f"extra-{batch}-{n}")
        with CaptureQueriesContext(connection) as captured:
            megan.get(WHY)
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_pc14_a_person_with_no_linked_mcid_sees_the_catalog_as_before(megan_at_a, megan_admin_cert) -> None:  # type: ignore[no-untyped-def]
    listed = options(page_text(signed_in(megan_at_a).get(WHY)))
    assert {group for group, _ in listed} == {""} and ("", "azure-administrator") in listed


def test_pc14_after_remove_access_her_own_certifications_still_come_first(
    megan_at_a, megan_msa, megan_admin_cert
) -> None:  # type: ignore[no-untyped-def]
    """She proved the MCID hers when she linked it (PC-2); "not linked" is the answer she now comes to ask for."""
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    mcid_unlink(user=megan_at_a, now=DAY0 + timedelta(days=1))
    listed = options(page_text(signed_in(megan_at_a).get(WHY)))
    assert listed[0] == ("Your certifications", "azure-administrator")


def test_pc14_a_partner_admin_asking_about_someone_else_keeps_every_certification_and_person(
    megan_at_a,
    megan_msa,
    megan_admin_cert,  # type: ignore[no-untyped-def]
) -> None:
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    admin = signed_in(admin_of(megan_at_a.organization))
    text = page_text(admin.get(WHY, {"person": megan_at_a.pk, "certification": "azure-administrator"}))
    assert "megan@contoso.example" in text and 'data-reason="pending"' in text
    assert ("", "azure-administrator") in options(text)  # the admin holds none: the catalog, ungrouped


def test_pc14_a_certification_outside_the_catalog_is_a_clear_answer(megan_at_a, megan_msa, megan_admin_cert) -> None:  # type: ignore[no-untyped-def]
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    response = signed_in(megan_at_a).get(WHY, {"person": megan_at_a.pk, "certification": "no-such-thing"})
    assert response.status_code == 200 and "Select a valid choice." in page_text(response)


def test_pc8_the_api_profile_has_no_refusal_when_an_association_may_start(megan_at_a, api_as) -> None:  # type: ignore[no-untyped-def]
    body = api_as(megan_at_a.account).get("/api/v1/partner/learn-profile/").json()
    assert body["association_refused"] is None and body["can_associate_now"] is True
