from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from localoffer.directory.forms import DirectorySearchForm
from localoffer.directory.selectors import DirectoryCriteria, directory_search, service_get_public


def directory(request: HttpRequest) -> HttpResponse:
    form = DirectorySearchForm(request.GET or None)
    found = None
    if not form.is_bound or form.is_valid():
        criteria = form.criteria() if form.is_bound else DirectoryCriteria()
        found = directory_search(criteria=criteria, page_number=request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "directory/search.html",
        {"form": form, "found": found, "query": query.urlencode()},
    )


def service_detail(request: HttpRequest, slug: str) -> HttpResponse:
    service = service_get_public(slug=slug)
    if service is None:
        raise Http404("No such service in the Local Offer")
    terms: dict[str, list[str]] = {}
    for term in service.terms.all():
        terms.setdefault(term.taxonomy.name, []).append(term.name)
    return render(request, "directory/service.html", {"service": service, "terms": terms})
