from __future__ import annotations

import datetime as dt
import functools
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from localoffer.accounts.models import User
from localoffer.audit.models import Action
from localoffer.audit.services import audit_record
from localoffer.core.limits import limit_reached, limit_response
from localoffer.core.permissions import require_permission
from localoffer.directory.selectors import public_services
from localoffer.messaging.services import messages_about
from localoffer.people.models import Child
from localoffer.referrals import services
from localoffer.referrals.forms import (
    PAST_TRIAGE,
    AssignForm,
    DocumentForm,
    EarlierAnswersForm,
    GovukDateInput,
    MatchForm,
    OutcomeForm,
    ReferralSearchForm,
    SafetyConcernForm,
    SaveForm,
    WhichChildForm,
)
from localoffer.referrals.models import EvidenceKind, Referral, Route, Status
from localoffer.referrals.notifications import NEXT_STEPS
from localoffer.referrals.routes import SPECS, RouteSpec
from localoffer.referrals.selectors import (
    ReferralQuery,
    own_referrals,
    referral_get_for_browser,
    referral_get_with_access,
    referral_search,
    team_queue_grouped,
)
from localoffer.teams.selectors import safeguarding_team, team_contact

_SAFETY_SENT_KEY = "referrals-safety-sent"
QUEUE_PAGE_SIZE = 25
_SAFETY_ACK_KEY = "referrals-safety-acknowledged"


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # the views below are behind require_permission
    return user


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "referrals/index.html", {"specs": SPECS.values()})


# Save and come back: a draft, one page at a time -----------------------------------------------------------
# With an account, a draft is the account's. Without one, the browser holds it (in the session), and a link
# emailed on "Save and come back later" opens it again from anywhere (save and return, GOV.UK's pattern).

_HELD_KEY = "referrals-held"


def _held(request: HttpRequest) -> list[str]:
    return list(request.session.get(_HELD_KEY, []))


def _hold(request: HttpRequest, referral: Referral) -> None:
    held = [item for item in _held(request) if item != str(referral.pk)]
    request.session[_HELD_KEY] = [*held, str(referral.pk)][-20:]
    request.session.cycle_key()  # a new session key whenever it starts to hold someone's answers


def _signed_in(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) and user.is_authenticated else None


def _start(request: HttpRequest, route: str) -> HttpResponse:
    spec = SPECS[route]
    if request.method == "POST":
        user = _signed_in(request)
        if user is not None and not user.has_perm("referrals.apply"):
            raise PermissionDenied
        limit = limit_reached(request, action="apply-start") if user is None else None
        if limit is not None:
            context = {"spec": spec, "days": services.RETURN_LINK_DAYS}
            return limit_response(request, "referrals/start.html", context, limit=limit)
        draft = services.referral_draft_start(user=user, route=route)
        if user is None:
            _hold(request, draft)
        elif "for_child" not in draft.answers and services.children_on_record(user):
            return redirect("referrals:which-child", referral_id=draft.id)
        return redirect(_resume_url(draft))
    return render(request, "referrals/start.html", {"spec": spec, "days": services.RETURN_LINK_DAYS})


def _resume_url(draft: Referral) -> str:
    missing = services.referral_missing_steps(draft)
    if missing:
        return reverse("referrals:step", kwargs={"referral_id": draft.id, "step": missing[0]})
    return reverse("referrals:check", kwargs={"referral_id": draft.id})


def _first_url(draft: Referral) -> str:
    spec = SPECS[draft.route]
    first = spec.applicable_steps(draft.answers)[0]
    return reverse("referrals:step", kwargs={"referral_id": draft.id, "step": first.slug})


def _make_start(route: str) -> Any:
    @never_cache
    @require_http_methods(["GET", "POST"])
    def start(request: HttpRequest) -> HttpResponse:
        return _start(request, route)

    start.__name__ = f"start_{route}"
    return start


start_short_breaks = _make_start(Route.SHORT_BREAKS_GRANT)
start_disability_team = _make_start(Route.DISABILITY_TEAM)
start_early_help = _make_start(Route.EARLY_HELP)
start_carers_assessment = _make_start(Route.CARERS_ASSESSMENT)
start_supported_living = _make_start(Route.SUPPORTED_LIVING)


class _NotHere(Exception):
    """The application is not open in this browser: say how to get back to it."""


def _own(request: HttpRequest, referral_id: uuid.UUID) -> Referral:
    user = request.user
    if user.is_authenticated and not user.has_perm("referrals.apply"):
        raise PermissionDenied
    try:
        return referral_get_for_browser(user=user, referral_id=referral_id, held=_held(request))
    except PermissionDenied:
        raise _NotHere from None


def _not_here(request: HttpRequest) -> HttpResponse:
    return render(request, "referrals/not_here.html", status=403)


def _applicant_view(view: Any) -> Any:
    """A page of an application its sender fills in: an account's own, or the one this browser holds."""

    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response: HttpResponse = view(request, *args, **kwargs)
        except _NotHere:
            return _not_here(request)
        return response

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return never_cache(wrapped)


def _own_draft(request: HttpRequest, referral_id: uuid.UUID) -> tuple[Referral, RouteSpec]:
    referral = _own(request, referral_id)
    return referral, SPECS[referral.route]


def _sent_url(request: HttpRequest, referral: Referral) -> str:
    if referral.submitted_by_id is not None:
        return reverse("referrals:detail", kwargs={"referral_id": referral.id})
    return reverse("referrals:application", kwargs={"referral_id": referral.id})


def _sent_meanwhile(view: Any) -> Any:
    """A page of a draft saved while the same draft was being sent (another tab, a double click on Send):
    the change cannot be kept, and the person is told so on the application's page, never shown an error."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, referral_id: uuid.UUID, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, referral_id, **kwargs)
        except services.StatusChangeNotAllowed as refused:
            if refused.code != "sent":
                raise
            referral = _own(request, referral_id)
            messages.error(
                request,
                f"{referral.reference} was sent while you were changing it, so that change was not saved. "
                "If the team needs to know, add a document here or call them.",
            )
            return redirect(_sent_url(request, referral))

    return wrapped


@_applicant_view
@require_http_methods(["GET", "POST"])
@_sent_meanwhile
def which_child(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    """Which child is this for? Asked of a family with children on record, before anything is filled in."""
    referral, spec = _own_draft(request, referral_id)
    user = _signed_in(request)
    if referral.status != Status.DRAFT:
        return redirect(_sent_url(request, referral))
    children = services.children_on_record(user)
    if user is None or not children:
        return redirect(_resume_url(referral))
    chosen = referral.answers.get("for_child")
    form = WhichChildForm(
        data=request.POST if request.method == "POST" else None, children=children, initial={"child": chosen}
    )
    if request.method == "POST" and form.is_valid():
        child = next((c for c in children if str(c.pk) == form.cleaned_data["child"]), None)
        services.referral_draft_choose_child(referral=referral, child=child, by=user)
        if child is not None and services.earlier_application(user=user, route=referral.route, child=child):
            return redirect("referrals:earlier-answers", referral_id=referral.id)
        return redirect(_first_url(referral))
    return render(
        request,
        "referrals/which_child.html",
        {"spec": spec, "referral": referral, "form": form, "back_url": reverse(spec.start_url_name)},
    )


@_applicant_view
@require_http_methods(["GET", "POST"])
def earlier_answers(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    """Offered, never silently copied: the answers of the last application for this child. Either way the
    person goes through every page; an application still open for the same child is pointed out."""
    referral, spec = _own_draft(request, referral_id)
    user = _signed_in(request)
    if referral.status != Status.DRAFT:
        return redirect(_sent_url(request, referral))
    child = _chosen_child(referral, user)
    earlier = (
        services.earlier_application(user=user, route=referral.route, child=child)
        if user is not None and child is not None
        else None
    )
    if earlier is None or user is None or child is None:
        return redirect(_resume_url(referral))
    form = EarlierAnswersForm(data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["use_earlier"] == "yes":
            services.referral_draft_reuse(referral=referral, earlier=earlier, by=user)
        return redirect(_first_url(referral))
    return render(
        request,
        "referrals/earlier_answers.html",
        {
            "spec": spec,
            "referral": referral,
            "form": form,
            "earlier": earlier,
            "child": child,
            "still_open": services.open_applications(user=user, route=referral.route, child=child),
            "back_url": reverse("referrals:which-child", kwargs={"referral_id": referral.id}),
        },
    )


def _chosen_child(referral: Referral, user: User | None) -> Child | None:
    chosen = str(referral.answers.get("for_child", ""))
    return next((c for c in services.children_on_record(user) if str(c.pk) == chosen), None)


def _as_typed(field: Any, raw: Any) -> Any:
    """What was typed in a field that is not a valid answer yet, kept as typed (a date: its boxes)."""
    if isinstance(field.widget, GovukDateInput):
        parts = dict(zip(("day", "month", "year"), raw or [], strict=False))
        return parts if any(str(v or "").strip() for v in parts.values()) else None
    if isinstance(raw, list):
        return raw or None
    return raw if str(raw or "").strip() else None


def _save_part_way(referral: Referral, step_: Any, form: Any, by: User | None) -> None:
    """ "Save and come back later": keep what was entered, valid or not, and check nothing required."""
    answers: dict[str, Any] = {}
    complete = form.is_valid()
    if complete:
        answers = dict(form.cleaned_data)
    else:
        for name, field in form.fields.items():
            if name in form.cleaned_data:
                answers[name] = form.cleaned_data[name]
            else:
                raw = field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
                answers[name] = _as_typed(field, raw)
    services.referral_draft_save_step(
        referral=referral,
        step=step_.slug,
        cleaned_data={} if step_.upload else answers,
        by=by,
        complete=complete,
    )


def _still_needed_text(referral: Referral) -> str:
    needed = services.referral_still_needed(referral)
    if not needed:
        return "Everything is answered: check your answers and send it when you are ready."
    pages = "; ".join(
        title + (f" ({', '.join(q.lower() for q in questions)})" if questions else "")
        for _, title, questions in needed
    )
    return f"Still needed before you can send it: {pages}."


@_applicant_view
@require_http_methods(["GET", "POST"])
@_sent_meanwhile
def step(request: HttpRequest, referral_id: uuid.UUID, step: str) -> HttpResponse:
    referral, spec = _own_draft(request, referral_id)
    by = _signed_in(request)
    if referral.status != Status.DRAFT:
        return redirect(_sent_url(request, referral))
    current = spec.step(step)
    if current is None or current not in spec.applicable_steps(referral.answers):
        raise Http404("No such page in this form")
    if request.method == "POST":
        form = current.form(data=request.POST, files=request.FILES if current.upload else None)
        if form.is_valid() and current.upload and form.cleaned_data.get("document"):
            try:
                services.evidence_add(
                    referral=referral, kind=current.upload, upload=form.cleaned_data["document"], by=by
                )
            except ValidationError as refused:
                form.add_error("document", refused.messages[0])
        if "later" in request.POST:
            _save_part_way(referral, current, form, by)
            referral.refresh_from_db()
            if by is None:
                return redirect("referrals:save", referral_id=referral.id)
            messages.success(
                request,
                "Your answers are saved. Come back to them here at any time. " + _still_needed_text(referral),
            )
            return redirect("referrals:mine")
        if form.is_valid():
            services.referral_draft_save_step(
                referral=referral,
                step=current.slug,
                cleaned_data={} if current.upload else form.cleaned_data,
                by=by,
            )
            if request.GET.get("change") or not services.referral_missing_steps(referral):
                return redirect("referrals:check", referral_id=referral.id)
            return redirect(_next_url(referral, spec, current.slug))
    else:
        form = current.form(initial={name: referral.answers.get(name) for name in current.form.base_fields})
    steps = spec.applicable_steps(referral.answers)
    number = steps.index(current) + 1
    return render(
        request,
        "referrals/step.html",
        {
            "spec": spec,
            "referral": referral,
            "step": current,
            "form": form,
            "number": number,
            "total": len(steps),
            "back_url": _back_url(referral, spec, steps, current.slug, by),
            "uploaded": referral.evidence.filter(kind=current.upload) if current.upload else [],
            "signed_in": by is not None,
        },
    )


@_applicant_view
@require_http_methods(["GET", "POST"])
def save(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    """Without an account: give an email address, get a link that opens this draft again."""
    referral, spec = _own_draft(request, referral_id)
    if referral.status != Status.DRAFT:
        return redirect(_sent_url(request, referral))
    if referral.submitted_by_id is not None:
        return redirect("referrals:mine")
    form = SaveForm(
        data=request.POST if request.method == "POST" else None,
        initial={"email": referral.answers.get("contact_email", "")},
    )
    limit = None
    if request.method == "POST" and form.is_valid():
        limit = limit_reached(request, action="return-link", target=form.cleaned_data["email"])
    if request.method == "POST" and form.is_valid() and limit is None:
        try:
            services.return_link_send(
                referral=referral,
                email=form.cleaned_data["email"],
                link_for=lambda token: request.build_absolute_uri(reverse("referrals:return", args=[token])),
            )
        except ValidationError as refused:
            form.add_error("email", refused.messages[0])
        else:
            return redirect("referrals:saved", referral_id=referral.id)
    context = {
        "spec": spec,
        "referral": referral,
        "form": form,
        "needed": services.referral_still_needed(referral),
        "days": services.RETURN_LINK_DAYS,
        "back_url": _resume_url(referral),
    }
    if limit is not None:
        return limit_response(request, "referrals/save.html", context, limit=limit)
    return render(request, "referrals/save.html", context)


@_applicant_view
def saved(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral, spec = _own_draft(request, referral_id)
    link = referral.return_links.first()
    if link is None:
        return redirect("referrals:save", referral_id=referral.id)
    return render(
        request,
        "referrals/saved.html",
        {
            "spec": spec,
            "referral": referral,
            "email": link.email,
            "expires": services.return_link_expiry_text(link),
            "needed": services.referral_still_needed(referral),
            "resume_url": _resume_url(referral)
            if referral.status == Status.DRAFT
            else _sent_url(request, referral),
        },
    )


@never_cache
def return_link(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link: this browser holds the draft again, then on to the next page to answer."""
    referral = services.return_link_open(token=token)
    if referral is None:
        return render(
            request,
            "referrals/link_expired.html",
            {"specs": SPECS.values(), "days": services.RETURN_LINK_DAYS},
            status=404,
        )
    _hold(request, referral)
    if referral.status != Status.DRAFT:
        return redirect("referrals:application", referral_id=referral.id)
    return redirect(_resume_url(referral))


def _next_url(referral: Referral, spec: RouteSpec, slug: str) -> str:
    steps = spec.applicable_steps(referral.answers)
    slugs = [item.slug for item in steps]
    position = slugs.index(slug) if slug in slugs else -1
    if position + 1 < len(slugs):
        return reverse("referrals:step", kwargs={"referral_id": referral.id, "step": slugs[position + 1]})
    return reverse("referrals:check", kwargs={"referral_id": referral.id})


def _back_url(
    referral: Referral, spec: RouteSpec, steps: list[Any], slug: str, by: User | None = None
) -> str:
    slugs = [item.slug for item in steps]
    position = slugs.index(slug)
    if position == 0:
        if by is not None and services.children_on_record(by):
            return reverse("referrals:which-child", kwargs={"referral_id": referral.id})
        return reverse(spec.start_url_name)
    return reverse("referrals:step", kwargs={"referral_id": referral.id, "step": slugs[position - 1]})


def _readable(value: Any, choices: dict[Any, Any] | None = None) -> str:
    """One answer as a person reads it: the label of a choice, Yes or No, a date like 27 March 2015."""
    if value is None:
        return ""
    if choices and value in choices:
        return str(choices[value])
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, str) and len(value) == 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return value
        return f"{day.day} {day:%B %Y}"
    return str(value)


def _choice_labels() -> dict[str, dict[Any, Any]]:
    """Each answer's choices, by the answer's name, from every form that asks it (and the route itself)."""
    labels: dict[str, dict[Any, Any]] = {"route": dict(Route.choices)}
    forms: set[type[Form]] = {
        SafetyConcernForm,
        *(step.form for spec in SPECS.values() for step in spec.steps),
    }
    for form in forms:
        for name, field in form.base_fields.items():
            choices = getattr(field, "choices", None)
            if choices:
                labels.setdefault(name, {}).update(dict(choices))
    return labels


def _day(value: Any) -> str:
    """A date answer as people read it: "27 March 2015". Saved part way, as typed."""
    if isinstance(value, dict):
        return " ".join(str(value.get(part) or "") for part in ("day", "month", "year")).strip()
    try:
        return f"{dt.date.fromisoformat(str(value)):%-d %B %Y}" if value else ""
    except ValueError:
        return str(value)


def _plain_rows(answers: dict[str, Any], labels: dict[str, str], prefix: str = "") -> list[dict[str, Any]]:
    """Answers not given page by page (a safety concern, a partner system's referral), in plain words."""
    rows: list[dict[str, Any]] = []
    choices = _choice_labels()
    for name, value in answers.items():
        if name in ("submission_key", "is_renewal", "for_child"):
            continue
        label = prefix + labels.get(name, name.replace("_", " ").capitalize())
        if isinstance(value, dict):
            rows += _plain_rows(value, labels, prefix=f"{label}: ")
        elif name.endswith("date_of_birth") and value:
            rows.append({"label": label, "value": _day(value), "step": ""})
        elif isinstance(value, list):
            shown = ", ".join(_readable(item, choices.get(name)) for item in value)
            rows.append({"label": label, "value": shown, "step": ""})
        else:
            rows.append({"label": label, "value": _readable(value, choices.get(name)), "step": ""})
    return rows


def _answer_rows(referral: Referral, spec: RouteSpec | None) -> list[dict[str, Any]]:
    """Each question with the answer as the person would read it, for check answers and the team."""
    if spec is None or referral.partner_id is not None or referral.sent_with.exists():
        labels = {name: str(field.label) for name, field in SafetyConcernForm.base_fields.items()}
        return _plain_rows(referral.answers, labels if referral.route == Route.SAFETY_CONCERN else {})
    rows = []
    for item in spec.applicable_steps(referral.answers):
        if item.upload:
            names = [evidence.original_name for evidence in referral.evidence.filter(kind=item.upload)]
            rows.append({"label": item.title, "value": ", ".join(names) or "Not uploaded", "step": item.slug})
            continue
        form = item.form()
        for name, field in form.fields.items():
            value = referral.answers.get(name)
            choices = dict(getattr(field, "choices", []) or [])
            if isinstance(field.widget, GovukDateInput):
                shown = _day(value)
            elif isinstance(value, list):
                shown = ", ".join(_readable(v, choices) for v in value)
            else:
                shown = _readable(value, choices)
            rows.append({"label": str(field.label), "value": shown, "step": item.slug})
    return rows


@_applicant_view
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral, spec = _own_draft(request, referral_id)
    by = _signed_in(request)
    if referral.status != Status.DRAFT:
        return redirect(_sent_url(request, referral))
    missing = [
        (slug, getattr(spec.step(slug), "title", slug)) for slug in services.referral_missing_steps(referral)
    ]
    if request.method == "POST":
        try:
            services.referral_submit(
                referral=referral,
                by=by,
                link_for=lambda token: request.build_absolute_uri(reverse("referrals:return", args=[token])),
            )
        except services.IncompleteReferral:
            pass
        else:
            if by is None:
                request.session[_JUST_SENT_KEY] = str(referral.pk)
            return redirect(_sent_url(request, referral))
    child = _chosen_child(referral, by)
    return render(
        request,
        "referrals/check.html",
        {
            "spec": spec,
            "referral": referral,
            "rows": _answer_rows(referral, spec),
            "missing": missing,
            "still_open": services.open_applications(user=by, route=referral.route, child=child)
            if by is not None and child is not None
            else [],
        },
    )


_JUST_SENT_KEY = "referrals-just-sent"


@_applicant_view
def application(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    """Without an account: the page of an application sent from this browser, or opened from the emailed
    link: where it is, what happens next, and a way to send a document."""
    referral = _own(request, referral_id)
    if referral.status == Status.DRAFT:
        return redirect(_resume_url(referral))
    if referral.submitted_by_id is not None:
        return redirect("referrals:detail", referral_id=referral.id)
    return render(
        request,
        "referrals/application.html",
        {
            "referral": referral,
            "just_sent": request.session.get(_JUST_SENT_KEY) == str(referral.pk),
            "next_step": NEXT_STEPS.get(referral.status, ""),
            "documents": referral.evidence.all(),
            "may_add_documents": _may_add_documents(referral),
        },
    )


def _may_add_documents(referral: Referral) -> bool:
    return bool(services.evidence_kinds(referral.route)) and referral.status not in (
        Status.SIGNPOSTED,
        Status.NO_FURTHER_ACTION,
    )


@_applicant_view
@require_http_methods(["GET", "POST"])
def add_document(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    """After sending: the sender adds a document (a letter that came later) from their application's page."""
    referral = _own(request, referral_id)
    if referral.status == Status.DRAFT:
        return redirect(_resume_url(referral))
    back = _sent_url(request, referral)
    kinds = [(kind, EvidenceKind(kind).label) for kind in services.evidence_kinds(referral.route)]
    if not kinds:
        raise Http404("This kind of application takes no documents")
    form = DocumentForm(
        data=request.POST if request.method == "POST" else None,
        files=request.FILES if request.method == "POST" else None,
        kinds=kinds,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.evidence_add(
                referral=referral,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["document"],
                by=_signed_in(request),
            )
        except ValidationError as refused:
            form.add_error("document", refused.messages[0])
        else:
            messages.success(
                request, f"Your document was sent with {referral.reference}. The team can see it now."
            )
            return redirect(back)
    return render(
        request,
        "referrals/add_document.html",
        {"referral": referral, "form": form, "back_url": back, "may_add": _may_add_documents(referral)},
    )


@never_cache
@require_permission("referrals.apply")
def mine(request: HttpRequest) -> HttpResponse:
    referrals = list(own_referrals(user=request.user))
    return render(
        request,
        "referrals/mine.html",
        {
            "drafts": [
                r for r in referrals if r.status == Status.DRAFT and r.submitted_by_id == request.user.pk
            ],
            "sent": [r for r in referrals if r.status != Status.DRAFT],
            "next_steps": NEXT_STEPS,
        },
    )


# A worry about a child's safety: never a draft, straight to duty -------------------------------------------


def safety_start(request: HttpRequest) -> HttpResponse:
    from localoffer.referrals.notifications import safety_review_when

    return render(
        request, "referrals/safety_start.html", {"when": safety_review_when(team=safeguarding_team())}
    )


@never_cache
@require_http_methods(["GET", "POST"])
def safety_concern(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = SafetyConcernForm(data=request.POST)
        if form.is_valid():
            answers = dict(form.cleaned_data)
            key = answers.pop("submission_key")
            # The address the concern came from is limited (the page says to call 999 and duty); the address
            # the acknowledgement goes to only loses the acknowledgement, never the concern.
            limit = limit_reached(request, action="safety-concern")
            if limit is not None:
                return limit_response(request, "referrals/safety_concern.html", {"form": form}, limit=limit)
            email = answers.get("contact_email") or ""
            acknowledge = not email or limit_reached(request, action="safety-concern", target=email) is None
            try:
                referral = services.safety_concern_submit(
                    idempotency_key=key,
                    by=request.user if request.user.is_authenticated else None,
                    answers=answers,
                    acknowledge=acknowledge,
                )
            except services.SubmissionConflict as conflict:
                return _safety_conflict(request, conflict)
            request.session[_SAFETY_SENT_KEY] = referral.reference
            request.session[_SAFETY_ACK_KEY] = acknowledge
            return redirect("referrals:safety-sent")
    else:
        form = SafetyConcernForm(initial={"submission_key": uuid.uuid4().hex})
    return render(request, "referrals/safety_concern.html", {"form": form})


def _safety_conflict(request: HttpRequest, conflict: services.SubmissionConflict) -> HttpResponse:
    """The words changed after the form was sent (Back, then Send again): the new words are not sent
    silently as the old, nor dropped. They are shown again, with a new key, to send as a concern of their own."""
    posted = request.POST.copy()
    posted["submission_key"] = uuid.uuid4().hex
    form = SafetyConcernForm(data=posted)
    return render(
        request,
        "referrals/safety_concern.html",
        {"form": form, "conflict": conflict.existing.reference},
        status=409,
    )


@never_cache
def safety_sent(request: HttpRequest) -> HttpResponse:
    reference = request.session.get(_SAFETY_SENT_KEY)
    if not reference:
        raise Http404("Nothing has been sent from this browser")
    from localoffer.referrals.notifications import safety_review_when

    team = safeguarding_team()
    return render(
        request,
        "referrals/safety_sent.html",
        {
            "reference": reference,
            "acknowledged": request.session.get(_SAFETY_ACK_KEY, True),
            "team": team,
            "when": safety_review_when(team=team),
            "contact": team_contact(team=team) if team is not None else None,
        },
    )


# One referral: what the family sees, and the team's triage ---------------------------------------------------


@never_cache
def detail(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    referral, access = referral_get_with_access(user=request.user, referral_id=referral_id)
    if referral.status == Status.DRAFT:
        return redirect(_resume_url(referral))
    if access.may_triage:
        return _triage_page(request, referral, access)
    return render(request, "referrals/detail.html", _referral_context(request, referral, access))


def _referral_context(request: HttpRequest, referral: Referral, access: Any) -> dict[str, Any]:
    return {
        "referral": referral,
        "access": access,
        "next_step": NEXT_STEPS.get(referral.status, ""),
        # Messages went to the person who sent it; a family shown a professional's referral does not see them.
        "messages_sent": messages_about(referral)
        if access.may_triage or referral.submitted_by_id == request.user.pk
        else [],
        "signposted": referral.signposted_services.all(),
        "rows": _answer_rows(referral, SPECS.get(referral.route)),
        "may_add_documents": referral.submitted_by_id == request.user.pk and _may_add_documents(referral),
    }


def _triage_page(
    request: HttpRequest,
    referral: Referral,
    access: Any,
    *,
    assign_form: AssignForm | None = None,
    match_form: MatchForm | None = None,
    outcome_form: OutcomeForm | None = None,
    failed: Any = None,
) -> HttpResponse:
    """The team's page for one referral. After a refused action, the same page with that form's errors in
    the error summary and beside the field, and everything chosen kept."""
    user = _user(request)
    context = _referral_context(request, referral, access)
    today = timezone.localdate()
    matching = referral.child_id is None and referral.is_open
    searched = " ".join(str(request.GET.get("find", "")).split())[:100]
    if match_form is not None:
        searched = str(match_form.data.get("name", ""))[:100]
    candidates = services.referral_match_candidates(referral, name=searched, by=user) if matching else []
    if match_form is None and matching:
        first, last = services.told_name_parts(referral)
        match_form = MatchForm(
            candidates=candidates,
            initial={
                "name": searched,
                "first_name": first,
                "last_name": last,
                "date_of_birth": referral.told_date_of_birth,
            },
        )
    context.update(
        {
            "decisions": referral.decisions.select_related("by"),
            "opened": referral.opened.all(),
            "sent_with": referral.sent_with.all(),
            "searched": searched,
            "candidates": candidates,
            "age": referral.subject_age_on(today),
            "told_date_of_birth": referral.told_date_of_birth,
            "assign_form": assign_form or AssignForm(team=referral.team, initial={"worker": user.pk}),
            "match_form": match_form,
            "outcome_form": outcome_form or OutcomeForm(route=referral.route),
            "form": failed,  # the form that was refused: the error summary and the page title's "Error: "
            "overdue": referral.is_open and referral.due_at is not None and referral.due_at < timezone.now(),
        }
    )
    return render(request, "referrals/triage.html", context)


def _refusal_into(form: Any, refused: ValidationError) -> None:
    """A service's refusal shown on the form: beside the field it names, or above the form."""
    if hasattr(refused, "error_dict"):
        for name, errors in refused.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, refused.messages)


def _triage_target(request: HttpRequest, referral_id: uuid.UUID) -> tuple[Referral, User, Any]:
    referral, access = referral_get_with_access(user=request.user, referral_id=referral_id)
    if not access.may_triage:
        raise PermissionDenied
    return referral, _user(request), access


@require_permission("referrals.see_queue")
@require_POST
def assign(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral, user, access = _triage_target(request, referral_id)
    form = AssignForm(data=request.POST, team=referral.team)
    if form.is_valid():
        try:
            services.referral_assign(referral=referral, worker=form.cleaned_data["worker"], by=user)
        except ValidationError as refused:
            _refusal_into(form, refused)
        else:
            messages.success(request, f"Assigned to {form.cleaned_data['worker']}.")
            return redirect("referrals:detail", referral_id=referral.id)
    return _triage_page(request, referral, access, assign_form=form, failed=form)


@require_permission("referrals.see_queue")
@require_POST
def match(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral, user, access = _triage_target(request, referral_id)
    searched = " ".join(str(request.POST.get("name", "")).split())[:100]
    candidates = (
        services.referral_match_candidates(referral, name=searched) if referral.child_id is None else []
    )
    form = MatchForm(data=request.POST, candidates=candidates)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["child"] == "new":
                services.referral_create_child(
                    referral=referral,
                    by=user,
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    date_of_birth=data["date_of_birth"],
                )
                messages.success(request, "A new record was created for this child.")
            else:
                child = next(candidate for candidate in candidates if str(candidate.pk) == data["child"])
                services.referral_match_child(referral=referral, child=child, by=user, name=searched)
                messages.success(request, "The referral is linked to the child's record.")
        except ValidationError as refused:
            _refusal_into(form, refused)
        else:
            return redirect("referrals:detail", referral_id=referral.id)
    return _triage_page(request, referral, access, match_form=form, failed=form)


@require_permission("referrals.see_queue")
@require_POST
def outcome(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral, user, access = _triage_target(request, referral_id)
    form = OutcomeForm(data=request.POST, route=referral.route)
    if form.is_valid():
        try:
            services.referral_record_outcome(
                referral=referral,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
                services=form.cleaned_data["services"],
                by=user,
            )
        except ValidationError as refused:
            _refusal_into(form, refused)
        else:
            messages.success(request, f"Outcome recorded: {referral.get_status_display()}.")
            return redirect("referrals:detail", referral_id=referral.id)
    return _triage_page(request, referral, access, outcome_form=form, failed=form)


@never_cache
@require_permission("referrals.see_queue")
def queue(request: HttpRequest) -> HttpResponse:
    """The team's queue, 25 lines a page, urgent first; the same answers sent again are one line."""
    items = team_queue_grouped(user=request.user)
    now = timezone.now()
    today = timezone.localdate()
    page = Paginator(items, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    for item in page.object_list:
        item.referral.age_now = item.referral.subject_age_on(today)  # type: ignore[attr-defined]
    return render(
        request,
        "referrals/queue.html",
        {
            "page": page,
            "waiting": len(items),
            "repeats": sum(len(item.repeats) for item in items),
            "now": now,
            "urgent_count": sum(1 for item in items if item.referral.urgent),
            "today": today,
            "past_triage": urlencode([("status", status) for status in PAST_TRIAGE]),
        },
    )


@never_cache
@require_permission("referrals.see_queue")
def find(request: HttpRequest) -> HttpResponse:
    """Find any referral the worker may see, waiting or long closed: by reference, the child's name or date
    of birth, when it was received; filtered by status and what it is (the GOV.UK filter pattern)."""
    form = ReferralSearchForm(request.GET or None)
    page = None
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        query = ReferralQuery(
            text=data.get("q", ""),
            date_of_birth=data.get("date_of_birth"),
            received_from=data.get("received_from"),
            received_to=data.get("received_to"),
            statuses=tuple(data.get("status", ())),
            routes=tuple(data.get("route", ())),
        )
        found = referral_search(user=request.user, query=query)
        page = Paginator(found, 25).get_page(request.GET.get("page"))
        today = timezone.localdate()
        for item in page.object_list:
            item.age_now = item.subject_age_on(today)  # type: ignore[attr-defined]
    rest = request.GET.copy()
    rest.pop("page", None)
    return render(
        request,
        "referrals/find.html",
        {
            "form": form,
            "page": page,
            "query": rest.urlencode(),
            "chosen": form.chosen_filters() if page is not None else [],
            "filtering": bool(request.GET),
        },
    )


def public_service_choices() -> Any:
    return public_services().order_by("name")


@never_cache
def evidence(request: HttpRequest, referral_id: uuid.UUID, evidence_id: uuid.UUID) -> HttpResponseBase:
    """A document sent with a referral, for the people who may see the referral only. The view is audited."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    referral, _ = referral_get_with_access(user=request.user, referral_id=referral_id)
    document = referral.evidence.filter(pk=evidence_id).first()
    if document is None:
        raise Http404("No such document with this referral")
    audit_record(action=Action.VIEW, obj=document, actor=request.user, detail="opened the document")
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
