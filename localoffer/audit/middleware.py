from __future__ import annotations

import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from localoffer.audit.context import audit_context
from localoffer.audit.models import Action
from localoffer.audit.services import audit_record
from localoffer.core.http import client_ip


class AuditContextMiddleware:
    """Records, for the length of each request, who is acting and from where."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request.headers.get("X-Request-Id", "")[:64] or uuid.uuid4().hex
        user = request.user if request.user.is_authenticated else None
        via = "admin" if request.path.startswith("/admin/") else "web"
        refusals: list[str] = []
        with audit_context(
            actor=user,
            ip_address=client_ip(request),
            user_agent=request.headers.get("User-Agent", "")[:300],
            request_id=request_id,
            via=via,
            refusals=refusals,
        ):
            response = self.get_response(request)
            if response.status_code == 403 and not refusals and not getattr(response, "csrf_failure", False):
                _refusal_record(request)
        response["X-Request-Id"] = request_id
        return response


def _refusal_record(request: HttpRequest) -> None:
    """A page refused before any selector could say what it was (a permission the role lacks, the admin
    site): recorded with the page asked for and the record named in its address, so that every refusal to
    see a child's record is in the trail, not only those a selector reached."""
    match = request.resolver_match
    kwargs = match.kwargs if match is not None else {}
    named = next((str(value) for name, value in kwargs.items() if name.endswith("_id")), "")
    child = kwargs.get("child_id")
    audit_record(
        action=Action.VIEW_DENIED,
        object_type=(match.view_name if match is not None else "page")[:100],
        object_id=named[:64],
        object_repr=request.path[:200],
        child_id=child if isinstance(child, uuid.UUID) else None,
        detail=f"refused: {request.method} {request.get_full_path()}"[:500],
    )
