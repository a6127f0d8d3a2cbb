"""Django admin: every model is registered, and operators open each list."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin

OUR_APPS = {"profiles", "sim", "renewals", "partners"}


def test_every_model_of_certlink_is_registered_in_the_admin() -> None:
    missing = [
        model.__name__
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS and model not in admin.site._registry
    ]
    assert missing == []


@pytest.mark.parametrize(
    "model", [m for m in apps.get_models() if m._meta.app_label in OUR_APPS], ids=lambda m: m.__name__
)
def test_an_operator_opens_the_admin_list_of_each_model(page_as, operator, model) -> None:
    response = page_as(operator).get(f"/admin/{model._meta.app_label}/{model._meta.model_name}/")
    assert response.status_code == 200


def test_a_learner_cannot_open_the_admin(page_as, learner) -> None:
    response = page_as(learner).get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_admin_sign_in_is_certlinks_own(client, db: None) -> None:
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"] == "/signin/?next=/admin/"
