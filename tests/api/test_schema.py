"""The OpenAPI schema is valid OpenAPI 3 and documents every operation and its error shape."""

from __future__ import annotations

import yaml
from django.test import Client
from openapi_spec_validator import validate


def schema(client: Client) -> dict:
    response = client.get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_the_schema_is_valid_openapi_3(client: Client, db: None) -> None:
    document = schema(client)
    assert document["openapi"].startswith("3.")
    validate(document)


def test_every_operation_documents_the_error_shape(client: Client, db: None) -> None:
    for path, operations in schema(client)["paths"].items():
        for method, operation in operations.items():
            for status in ("400", "401", "403", "404"):
                content = operation["responses"][status]["content"]["application/json"]["schema"]
                assert content == {"$ref": "#/components/schemas/Error"}, (path, method, status)


def test_the_swagger_ui_is_served_from_the_app_not_a_cdn(client: Client, db: None) -> None:
    page = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/" in page
    assert "cdn" not in page.lower()
