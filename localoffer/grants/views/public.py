"""Public pages: the grant policy, the eligibility checker and the short breaks services statement."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from localoffer.grants import selectors, statement
from localoffer.grants.forms import (
    CHECKER_ORDER,
    CHECKER_QUESTIONS,
    checker_answers,
    checker_circumstances,
    checker_form,
)
from localoffer.grants.models import Statement
from localoffer.grants.policy import assess
from localoffer.grants.views._common import published_policy


def policy_page(request: HttpRequest) -> HttpResponse:
    policy = published_policy()
    return render(
        request,
        "grants/policy.html",
        {"policy": policy, "versions": selectors.published_policy_versions(), "current": True},
    )


def policy_version_page(request: HttpRequest, number: int) -> HttpResponse:
    versions = selectors.published_policy_versions()
    policy = next((item for item in versions if item.number == number), None)
    if policy is None:
        raise Http404("No such version of the policy")
    return render(request, "grants/policy.html", {"policy": policy, "versions": versions, "current": False})


def checker_start(request: HttpRequest) -> HttpResponse:
    return render(request, "grants/checker_start.html", {"policy": published_policy()})


def _query(request: HttpRequest, without: tuple[str, ...] = ()) -> str:
    query = request.GET.copy()
    for key in without:
        query.pop(key, None)
    return query.urlencode()


def checker_question(request: HttpRequest, question: str) -> HttpResponse:
    if question not in CHECKER_QUESTIONS:
        raise Http404("No such question")
    position = CHECKER_ORDER.index(question)
    submitted = request.GET.get("answered") == question
    form = checker_form(question, request.GET if submitted or question in request.GET else None)
    if submitted and form.is_valid():
        query = _query(request, without=("answered",))
        if position + 1 < len(CHECKER_ORDER):
            return redirect(
                f"{reverse('grants:checker-question', args=[CHECKER_ORDER[position + 1]])}?{query}"
            )
        return redirect(f"{reverse('grants:checker-result')}?{query}")
    if not submitted:
        form = checker_form(question, None)
        form.initial = {question: request.GET.get(question, "")}
    back = (
        f"{reverse('grants:checker-question', args=[CHECKER_ORDER[position - 1]])}?{_query(request, without=('answered',))}"
        if position
        else reverse("grants:checker")
    )
    carried = [(k, v) for k in CHECKER_ORDER if k != question for v in request.GET.getlist(k)]
    return render(
        request,
        "grants/checker_question.html",
        {"form": form, "field": form[question], "question": question, "back": back, "carried": carried},
    )


def checker_result(request: HttpRequest) -> HttpResponse:
    answers, missing = checker_answers(request.GET)
    if missing is not None:
        return redirect(f"{reverse('grants:checker-question', args=[missing])}?{_query(request)}")
    policy = published_policy()
    outcome = assess(policy, policy.ordered_levels(), checker_circumstances(answers))
    return render(
        request,
        "grants/checker_result.html",
        {"outcome": outcome, "policy": policy, "change_query": _query(request)},
    )


def statement_page(request: HttpRequest) -> HttpResponse:
    current = statement.published_statement()
    if current is None:
        # Never a dead end: say so, and give the grant's policy and the team to ask instead.
        return render(request, "grants/statement_none.html", status=404)
    return _statement_render(request, current)


def statement_version(request: HttpRequest, number: int) -> HttpResponse:
    return _statement_render(request, selectors.statement_version_get(number=number))


def _statement_render(request: HttpRequest, item: Statement) -> HttpResponse:
    return render(
        request,
        "grants/statement.html",
        {"statement": item, "content": item.content, "versions": selectors.statement_versions()},
    )


def statement_pdf(request: HttpRequest, number: int) -> HttpResponse:
    item = selectors.statement_version_get(number=number)
    response = HttpResponse(statement.statement_pdf(statement=item), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="short-breaks-services-statement-{item.number}.pdf"'
    return response
