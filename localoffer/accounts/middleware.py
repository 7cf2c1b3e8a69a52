from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

# Paths a member of staff may reach after their password and before their one-time code.
_OPEN_PREFIXES = ("/account/two-factor/", "/account/sign-out/", "/static/", "/health/")


class StaffTwoFactorMiddleware:
    """Staff roles must confirm a one-time code before they reach anything that needs signing in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            settings.STAFF_TWO_FACTOR
            and user.is_authenticated
            and getattr(user, "is_staff_role", False)
            and not user.is_verified()  # type: ignore[attr-defined]  # added by django-otp
            and not request.path.startswith(_OPEN_PREFIXES)
        ):
            return redirect("accounts:two-factor")
        return self.get_response(request)
