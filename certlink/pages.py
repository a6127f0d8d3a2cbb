"""Helpers shared by page views: role checks that answer 403 with a sentence, and refusals on forms."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from certlink.errors import Refusal


def operator_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not getattr(request.user, "is_operator", False):  # certlink's core knows no Account (README, Layers)
            raise PermissionDenied(_("Only operators of the simulator can open this page."))
        return view(request, *args, **kwargs)

    return wrapped


def refuse_on(form: Form, refusal: Refusal) -> None:
    """Show a refusal on a form: the same sentence the API returns, and its code for the page's markup."""
    form.add_error(None, refusal.message)
    form.refusal_code = refusal.code  # type: ignore[attr-defined]  # a mark that templates/_form_errors.html reads
