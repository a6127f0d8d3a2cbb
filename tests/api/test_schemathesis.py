"""Every API operation against its OpenAPI schema (schemathesis, in-process on the WSGI app): whatever is sent, valid
or not, the answer is never a 5xx, its status is one the schema documents, and its body conforms to the schema."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from partners.services.organizations import organization_create
from profiles.models import Account, CertificationProfile
from tests.factories import START

schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())

CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@pytest.fixture
def _one_connection(db: None) -> Iterator[None]:
    """Requests run in the test's transaction, as Django's test client runs them: a request must not close the
    connection that holds the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def partner_admin(db: None) -> Account:
    """The global and partner admin of a partner organisation (PC-1), so Partner Center operations get past "who"."""
    _, admin, _ = organization_create(
        name="Contoso",
        partner_id="1000001",
        domains=["contoso.example"],
        admin_email="admin@contoso.example",
        admin_name="Adele Admin",
        now=START,
    )
    Account.objects.filter(pk=admin.account_id).update(must_change_password=False)  # chose her own (ID-1)
    admin.account.refresh_from_db()
    return admin.account


@pytest.fixture(params=["operator", "learner", "partner_admin"])
def token(request: pytest.FixtureRequest, _one_connection: None) -> str:
    account: Account = request.getfixturevalue(request.param)
    return Token.objects.create(user=account).key


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_operation_answers_a_server_error_or_off_its_schema(case, token: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)


# What the run above found, held by name.


def test_a_number_where_the_schema_says_text_is_a_400_naming_the_field(api_as, learner) -> None:
    response = api_as(learner).post(
        "/api/v1/certification/profile/", {"legal_name": 0, "contact_email": "0@0.example"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["details"]["fields"] == {"legal_name": ["Must be text."]}
    assert not CertificationProfile.objects.filter(msa=learner).exists()


def test_text_where_the_schema_says_a_flag_or_a_number_is_a_400(api_as, operator) -> None:
    response = api_as(operator).post("/api/v1/clock/advance/", {"next": "true"}, format="json")
    assert response.status_code == 400 and set(response.json()["details"]["fields"]) == {"next"}


def test_sim1_a_duration_past_the_calendar_is_a_400_not_a_crash(api_as, operator) -> None:
    from certlink import clock

    before = clock.now()
    response = api_as(operator).post("/api/v1/clock/advance/", {"by": "99999y"}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "duration_too_long"
    assert clock.now() == before
