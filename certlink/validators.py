"""Email addresses as they enter certlink, within RFC 5321's limits (issue 16 finding 8).

RFC 5321 (4.5.3.1) lets a local part have at most 64 octets and a path at most 256, so an address at most 254
characters. Django's EmailValidator allows 320. Every field where a person types an address (the forms'
EmailAddressField, the API's certlink.api.fields.EmailAddressField) runs `validate_address_length` after it; the
models keep max_length=320, so what is stored is unchanged."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

LOCAL_PART_MAX = 64
ADDRESS_MAX = 254


def validate_address_length(value: str) -> None:
    local = value.rpartition("@")[0]
    if len(value) > ADDRESS_MAX or len(local) > LOCAL_PART_MAX:
        raise ValidationError(
            _(
                "This address has %(length)d characters, %(local)d of them before the @. An email address has at "
                "most %(local_max)d characters before the @ and %(max)d in all."
            ),
            code="email_too_long",
            params={"length": len(value), "local": len(local), "local_max": LOCAL_PART_MAX, "max": ADDRESS_MAX},
        )


class EmailAddressField(forms.EmailField):
    """A form's email address: Django's checks, then RFC 5321's lengths with one sentence (no "at most N
    characters" of the max_length validator besides it). The input still says maxlength=254 to the browser."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.pop("max_length", None)
        super().__init__(**kwargs)
        self.max_length = ADDRESS_MAX
        self.validators.append(validate_address_length)
