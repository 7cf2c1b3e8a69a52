from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class OpenApiCorsMiddleware:
    """The Open Referral UK API is open to any web page: it says so in every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/api/oruk/"):
            response["Access-Control-Allow-Origin"] = "*"
        return response
