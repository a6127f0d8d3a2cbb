"""Issue 16 finding 8: an email address is held to RFC 5321's limits (at most 64 characters before the @, 254 in
all) wherever one enters, on a page (certlink.validators.EmailAddressField) or in the API
(certlink.api.fields.EmailAddressField), with one sentence. The pages' rows are in tests/test_forms_bad_input.py."""

from __future__ import annotations

import inspect

import pytest
from django import forms
from django.core.exceptions import ValidationError
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from certlink.validators import EmailAddressField, validate_address_length
from profiles.models import Account, CertificationProfile

LONG = "a" * 288 + "@example.com"  # 300 characters, 288 before the @ (the issue's)
SAYS = (
    "This address has 300 characters, 288 of them before the @. An email address has at most 64 characters before "
    "the @ and 254 in all."
)


def sized(local: int, total: int) -> str:
    """An address of `total` characters, `local` of them before the @."""
    domain = ".".join(["b" * 60] * 4) + ".example"
    return "a" * local + "@" + domain[: total - local - 1]


@pytest.mark.parametrize("address", ["a" * 64 + "@outlook.example", sized(64, 254), sized(10, 254)])
def test_an_address_within_rfc_5321_is_taken(address: str) -> None:
    validate_address_length(address)


@pytest.mark.parametrize(
    "address",
    [LONG, "a" * 65 + "@outlook.example", sized(64, 255), sized(10, 255)],
)
def test_an_address_past_rfc_5321_is_refused_with_a_sentence(address: str) -> None:
    with pytest.raises(ValidationError) as refused:
        validate_address_length(address)
    assert refused.value.code == "email_too_long"
    assert "An email address has at most 64 characters before the @ and 254 in all." in refused.value.messages[0]


def test_the_form_field_says_the_one_sentence_and_maxlength_254() -> None:
    field = EmailAddressField(label="Email address")
    with pytest.raises(ValidationError) as refused:
        field.clean(LONG)
    assert refused.value.messages == [SAYS]
    assert field.widget_attrs(field.widget)["maxlength"] == "254"


@pytest.mark.parametrize("module", ["profiles.forms", "partners.forms", "renewals.forms"])
def test_every_form_that_takes_an_address_uses_the_shared_field(module: str) -> None:
    imported = __import__(module, fromlist=["_"])
    for name, form in inspect.getmembers(imported, lambda m: inspect.isclass(m) and issubclass(m, forms.Form)):
        for field_name, field in form.base_fields.items():
            if isinstance(field, forms.EmailField):
                assert isinstance(field, EmailAddressField), f"{name}.{field_name}"


def test_every_address_the_api_takes_says_max_length_254_in_the_schema() -> None:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    found = {
        f"{component}.{name}": spec.get("maxLength")
        for component, body in schema["components"]["schemas"].items()
        if component.endswith("Request")
        for name, spec in body.get("properties", {}).items()
        if spec.get("format") == "email"
    }
    assert found and set(found.values()) == {254}, found


def test_issue16_the_api_refuses_a_300_character_address_at_sign_up(db: None) -> None:
    response = APIClient().post(SIGN_UP, {"email": LONG, "password": "Fresh-pass-42"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and response.json()["details"]["fields"] == {"email": [SAYS]}
    assert not Account.objects.exists()


def test_issue16_the_api_refuses_a_300_character_contact_email(api_as, learner) -> None:  # type: ignore[no-untyped-def]
    response = api_as(learner).post(
        "/api/v1/certification/profile/", {"legal_name": "Lee Learner", "contact_email": LONG}, format="json"
    )
    assert response.status_code == 400 and response.json()["details"]["fields"] == {"contact_email": [SAYS]}
    assert not CertificationProfile.objects.exists()


def test_issue16_the_api_refuses_a_300_character_work_account(api_as, contoso_admin) -> None:  # type: ignore[no-untyped-def]
    response = api_as(contoso_admin).post(
        "/api/v1/tenant/accounts/", {"email": "a" * 288 + "@contoso.ex", "display_name": "Long"}, format="json"
    )
    assert response.status_code == 400 and "254 in all" in response.json()["message"]


def test_a_64_character_local_part_still_signs_up(db: None) -> None:
    address = "a" * 64 + "@outlook.example"
    response = APIClient().post(SIGN_UP, {"email": address, "password": "Fresh-pass-42"}, format="json")
    assert response.status_code == 201, response.content
    assert Account.objects.filter(email=address).exists()


SIGN_UP = "/api/v1/accounts/"
