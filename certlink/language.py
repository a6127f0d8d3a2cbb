"""PR-1: which language a person reads certlink in.

Django's LocaleMiddleware picks the request's language from the language cookie, else the browser's Accept-Language.
A person who chose a language with the switcher (`language_choose`, on every page) keeps it: on their account when
signed in (and on every device they sign in on), in their session and the cookie otherwise. The signed-in person's
own choice then wins over the browser (`AccountLanguageMiddleware`), except in the API, whose messages follow each
request's Accept-Language, as an API client asks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from certlink.errors import Refusal

SESSION_KEY = "certlink_language"


def supported(code: str | None) -> str | None:
    """`code` as one of LANGUAGES' codes (`zh-Hant` and `zh_hant` are `zh-hant`), or None."""
    if not code:
        return None
    try:
        return translation.get_supported_language_variant(code.replace("_", "-").lower())
    except LookupError:
        return None


def chosen(request: HttpRequest) -> str | None:
    """The language the person chose: their account's, else their session's."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and supported(getattr(user, "language", "")):
        return supported(user.language)
    return supported(request.session.get(SESSION_KEY)) if hasattr(request, "session") else None


class AccountLanguageMiddleware:
    """After authentication: the person's chosen language over the browser's, on pages (not in the API)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            language = chosen(request)
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    back = forms.CharField(required=False)  # the page it was chosen on (not `next`, the sign-in's own field)


@require_POST
def language_choose(request: HttpRequest) -> HttpResponse:
    """The switcher: remember the language on the account (signed in), in the session and in the cookie, then go back
    to the page it was chosen on."""
    form = LanguageForm(request.POST)
    language = supported(form.cleaned_data["language"]) if form.is_valid() else None
    if language is None:
        raise Refusal(
            "language_unknown",
            translation.gettext("certlink speaks English, Japanese and Traditional Chinese: choose one of them."),
            languages=[code for code, _name in settings.LANGUAGES],
        )
    back = form.cleaned_data["back"] or "/"
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = "/"
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and hasattr(user, "language"):
        user.language = language
        user.save(update_fields=["language"])
    request.session[SESSION_KEY] = language
    response = HttpResponseRedirect(back)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=True,
    )
    return response


@receiver(user_logged_in)
def keep_the_choice_on_signing_in(sender: object, request: HttpRequest | None, user: Any, **kwargs: object) -> None:
    """A language chosen before signing in becomes the account's (its pages and emails follow it from then on)."""
    session = getattr(request, "session", None)
    language = supported(session.get(SESSION_KEY)) if session is not None else None
    if language and hasattr(user, "language") and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
