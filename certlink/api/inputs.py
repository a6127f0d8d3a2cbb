from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.request import Request

# The JSON type each kind of field takes, most specific first. DRF would turn 5 into "5" for a text field and
# "true" into True for a flag; a body is JSON, so its types are the schema's and anything else is a 400.
_JSON_TYPES: list[tuple[type[serializers.Field], tuple[type, ...], str]] = [
    (serializers.BooleanField, (bool,), "true or false"),
    (serializers.IntegerField, (int,), "a whole number"),
    (serializers.FloatField, (int, float), "a number"),
    (serializers.DecimalField, (int, float, str), "a number"),
    (serializers.MultipleChoiceField, (list,), "a list"),
    (serializers.ChoiceField, (str, int), "one of the choices"),
    (serializers.CharField, (str,), "text"),
    (serializers.DateTimeField, (str,), "a date and time (ISO 8601) as text"),
    (serializers.DateField, (str,), "a date (YYYY-MM-DD) as text"),
    (serializers.ListField, (list,), "a list"),
    (serializers.DictField, (dict,), "an object"),
    (serializers.ListSerializer, (list,), "a list"),
    (serializers.Serializer, (dict,), "an object"),
]


def valid(serializer_class: type, request: Request) -> dict[str, Any]:
    """The request body validated by `serializer_class`; a body that is not a JSON object is a 400, and so is a
    value of another JSON type than its field's (a number where text is expected, "true" for a flag)."""
    if not isinstance(request.data, dict):
        raise ParseError()
    serializer = serializer_class(data=request.data)
    wrong = type_errors(serializer, request.data)
    if wrong:
        raise ValidationError(wrong)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def type_errors(field: serializers.Field, value: Any) -> Any:
    """The fields of `value` whose JSON type `field` does not take, as DRF's error detail (empty if none)."""
    if value is None:
        return None  # allow_null and required are DRF's to judge
    for kind, types, name in _JSON_TYPES:
        if isinstance(field, kind):
            if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
                return [f"Must be {name}."]
            break
    if isinstance(field, serializers.Serializer):
        errors = {
            name: problem
            for name, child in field.fields.items()
            if not child.read_only and name in value and (problem := type_errors(child, value[name]))
        }
        return errors or None
    child = getattr(field, "child", None)
    if isinstance(field, serializers.DictField) and child is not None:
        errors = {key: problem for key, item in value.items() if (problem := type_errors(child, item))}
        return errors or None
    if isinstance(field, serializers.ListField | serializers.ListSerializer) and child is not None:
        errors = {str(n): problem for n, item in enumerate(value) if (problem := type_errors(child, item))}
        return errors or None
    return None
