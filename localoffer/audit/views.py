from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from localoffer.audit.forms import AuditSearchForm
from localoffer.audit.models import Action
from localoffer.audit.selectors import AuditFilter, audit_event_search, audit_object_types
from localoffer.audit.services import audit_record
from localoffer.core.permissions import require_permission


@require_permission("audit.search_trail")
def audit_search(request: HttpRequest) -> HttpResponse:
    form = AuditSearchForm(request.GET or None)
    page = None
    if not form.is_bound or form.is_valid():
        criteria = form.criteria() if form.is_bound else AuditFilter()
        page = Paginator(audit_event_search(criteria=criteria), 50).get_page(request.GET.get("page"))
        audit_record(
            action=Action.SEARCH, object_type="audit.auditevent", detail=request.GET.urlencode()[:500]
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/search.html",
        {"form": form, "page": page, "object_types": audit_object_types(), "query": query.urlencode()},
    )
