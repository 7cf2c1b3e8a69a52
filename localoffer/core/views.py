from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control

from localoffer.core.http import safe_next
from localoffer.core.middleware import too_large_response


@cache_control(no_store=True)
def health_live(request: HttpRequest) -> HttpResponse:
    """The process is up. Touches nothing else: for load balancers, and the benchmark's trivial view."""
    return HttpResponse("OK", content_type="text/plain")


@cache_control(no_store=True)
def health_ready(request: HttpRequest) -> HttpResponse:
    """The process can reach its database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return HttpResponse("Database unavailable", content_type="text/plain", status=503)
    return HttpResponse("OK", content_type="text/plain")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    response = render(request, "core/csrf_failure.html", status=403)
    response.csrf_failure = True  # type: ignore[attr-defined]  # a stale form, not a refused record (audit)
    return response


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):
        return too_large_response(request)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "The request could not be read: check that it is JSON."}, status=400)
    return render(
        request,
        "core/error.html",
        {"title": "Sorry, there is a problem with that request", "status": 400},
        status=400,
    )


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/error_403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/error_404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "core/error_500.html", status=500)


def admin_sign_in(request: HttpRequest, extra_context: object = None) -> HttpResponse:
    """The admin site sends whoever may not use it here. Someone not signed in is sent to sign in; someone
    signed in whose role does not reach the admin site is told so, once, instead of being sent to sign in
    again (which would send them straight back: an endless loop)."""
    if request.user.is_authenticated:
        return render(request, "core/admin_refused.html", status=403)
    return redirect_to_login(safe_next(request, request.GET.get("next"), "/admin/"))
