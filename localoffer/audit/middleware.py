from __future__ import annotations

import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from localoffer.audit.context import audit_context
from localoffer.core.http import client_ip


class AuditContextMiddleware:
    """Records, for the length of each request, who is acting and from where."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request.headers.get("X-Request-Id", "")[:64] or uuid.uuid4().hex
        user = request.user if request.user.is_authenticated else None
        via = "admin" if request.path.startswith("/admin/") else "web"
        with audit_context(
            actor=user,
            ip_address=client_ip(request),
            user_agent=request.headers.get("User-Agent", "")[:300],
            request_id=request_id,
            via=via,
        ):
            response = self.get_response(request)
        response["X-Request-Id"] = request_id
        return response
