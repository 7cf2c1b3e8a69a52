from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers


class NoStoreForSignedInMiddleware:
    """Pages shown to someone signed in may hold a child's details: never let a browser or proxy keep them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, private"
        return response


def upload_max_bytes() -> int:
    """The largest form with a file this service takes: one file at the evidence limit, and its fields."""
    return int(settings.EVIDENCE_MAX_BYTES) + 1024 * 1024


class RequestSizeLimitMiddleware:
    """Refuses a request whose declared size is over the limit before anything reads it: a form with a file
    up to the evidence limit (and its fields), anything else up to DATA_UPLOAD_MAX_MEMORY_SIZE. A body sent
    without its size (chunked) is counted as it is read instead (core.uploads, and Django's own limit)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            size = 0
        multipart = request.META.get("CONTENT_TYPE", "").startswith("multipart/form-data")
        limit = upload_max_bytes() if multipart else int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        if size > limit:
            return too_large_response(request)
        return self.get_response(request)


def too_large_response(request: HttpRequest) -> HttpResponse:
    """413, said plainly: JSON for the APIs, a page for people. The connection is closed, so that the rest
    of what was sent is never read."""
    mb = int(settings.EVIDENCE_MAX_BYTES) // (1024 * 1024)
    if request.path.startswith("/api/"):
        limit_kb = int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE) // 1024
        response: HttpResponse = JsonResponse(
            {"detail": f"The request is too large: send at most {limit_kb} KB of JSON."}, status=413
        )
    else:
        response = render(request, "core/too_large.html", {"mb": mb}, status=413)
    response["Connection"] = "close"
    return response
