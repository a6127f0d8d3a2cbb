"""Serializer fields shared by the API's inputs."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from certlink.validators import ADDRESS_MAX, validate_address_length


@extend_schema_field({"type": "string", "format": "email", "maxLength": ADDRESS_MAX})
class EmailAddressField(serializers.EmailField):
    """An email address sent to the API: DRF's checks, then RFC 5321's lengths (certlink.validators) in one
    sentence. The schema says maxLength 254."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.pop("max_length", None)
        super().__init__(**kwargs)
        self.max_length = ADDRESS_MAX
        self.validators.append(validate_address_length)
