"""Places pages: the public page and priority; families' and workers' requests and offers; the commissioner's
windows, runs, what-ifs and publishing; the provider's own setting; utilisation and cost; the SSDA903 return."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from localoffer.accounts.models import User
from localoffer.core.permissions import require_permission
from localoffer.core.roles import CASEWORK_ROLES
from localoffer.places import selectors, services
from localoffer.places.access import own_setting
from localoffer.places.charts import utilisation_chart_svg
from localoffer.places.forms import (
    AttendanceForm,
    MovementForm,
    OfferAnswerForm,
    OutOfServiceForm,
    RequestForm,
    RosterForm,
    RunForm,
    WindowForm,
    month_from,
    year_from,
)
from localoffer.places.models import NeedSource, WindowStatus
from localoffer.places.reports import utilisation_csv
from localoffer.places.ssda903 import episodes_csv, header_csv_for


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _refusal(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- Public ---------------------------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "places/index.html",
        {
            "settings": selectors.settings_all(),
            "windows": selectors.open_windows(today=today),
            "priority": selectors.published_priority(),
        },
    )


# --- Families and workers -------------------------------------------------------------------------


@require_permission("places.request")
@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest, window_id: uuid.UUID) -> HttpResponse:
    window = selectors.window_get(window_id=window_id)
    today = timezone.localdate()
    children = list(selectors.children_to_ask_for(user=request.user))
    worker = _user(request).role in CASEWORK_ROLES
    # Asked from the child's record page: that child is chosen, and what we know of their need filled in.
    chosen = next((child for child in children if str(child.id) == request.GET.get("child")), None)
    found = services.need_for(chosen) if chosen is not None and worker else None
    initial: dict[str, Any] = {"child": str(chosen.id)} if chosen is not None else {}
    if found is not None:
        initial |= found.values
    # When the child's authorised assessment records what the priority weighs, the worker is not asked it.
    posted_child = next((child for child in children if str(child.id) == request.POST.get("child")), None)
    asking_for = posted_child if request.method == "POST" else chosen
    for_asking = services.need_for(asking_for) if worker and asking_for is not None else None
    settled = for_asking is not None and for_asking.on_assessment
    form = RequestForm(
        _posted(request),
        window=window,
        children=children,
        worker=worker,
        need_settled=settled,
        initial=initial,
    )
    if window.status != WindowStatus.OPEN or not window.opens_on <= today <= window.closes_on:
        messages.error(request, f"Requests for {window.title} are not open.")
        return redirect("places:mine")
    if request.method == "POST" and form.is_valid():
        child = next(child for child in children if str(child.id) == form.cleaned_data["child"])
        values = form.values()
        need = services.need_for(child)
        if worker and need.on_assessment:
            values |= need.values
            values["need_source"] = NeedSource.ASSESSMENT
            values["assessment"] = need.assessment
        elif worker:
            # The worker records what the priority weighs from the child's authorised assessment, if any.
            values["need_source"] = NeedSource.ASSESSMENT if need.assessment else NeedSource.WORKER
            values["assessment"] = need.assessment
        else:
            values |= {name: value for name, value in need.values.items() if name in services.NEED_FIELDS}
            values.setdefault("need_level", 1)
            values["need_source"] = need.source
            values["assessment"] = need.assessment if need.source == NeedSource.ASSESSMENT else None
        try:
            made = services.place_request_create(
                window=window, child=child, by=_user(request), today=today, **values
            )
        except ValidationError as refused:
            form.add_error(None, _refusal(refused))
        else:
            messages.success(
                request,
                f"Your request {made.reference} for {child.first_name} is saved. After requests close on "
                f"{window.closes_on:%-d %B %Y} we allocate the places and tell you what {child.first_name} "
                "is offered, and why.",
            )
            return redirect("places:mine")
    return render(
        request,
        "places/request_new.html",
        {
            "form": form,
            "window": window,
            "worker": worker,
            "no_children": not children,
            "chosen": chosen,
            "found": found,
            "settled": for_asking if settled else None,
        },
    )


@require_permission("places.request")
def mine(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "places/mine.html",
        {
            "rows": selectors.requests_for(user=request.user),
            "windows": selectors.open_windows(today=today),
            "today": today,
        },
    )


@require_permission("places.request")
@require_http_methods(["GET", "POST"])
def offer(request: HttpRequest, offer_id: uuid.UUID) -> HttpResponse:
    found = selectors.offer_get(user=request.user, offer_id=offer_id)
    form = OfferAnswerForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_answer(
                offer=found,
                accept=form.cleaned_data["answer"] == "accept",
                by=_user(request),
                today=timezone.localdate(),
            )
        except ValidationError as refused:
            form.add_error(None, _refusal(refused))
        else:
            name = found.request.child.first_name
            messages.success(
                request,
                f"{name}'s {found.stay.setting.day_noun}s are booked."
                if form.cleaned_data["answer"] == "accept"
                else f"You declined the offer for {name}. The days go to the next child waiting.",
            )
            return redirect("places:mine")
    return render(request, "places/offer.html", {"offer": found, "form": form})


# --- Commissioners ------------------------------------------------------------------------------------


@require_permission("places.allocate")
def windows(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "places/windows.html",
        {"windows": selectors.windows_all(), "settings": selectors.settings_all()},
    )


@require_permission("places.allocate")
@require_http_methods(["GET", "POST"])
def window(request: HttpRequest, window_id: uuid.UUID) -> HttpResponse:
    found = selectors.window_get(window_id=window_id)
    versions = list(selectors.priorities())
    form = RunForm(_posted(request), versions=versions)
    if request.method == "POST" and form.is_valid():
        version = next(version for version in versions if str(version.id) == form.cleaned_data["priority"])
        try:
            run = services.allocation_run(
                window=found,
                priority=version,
                by=_user(request),
                today=timezone.localdate(),
                seed=form.cleaned_data["seed"],
                whatif=form.cleaned_data["kind"] == "whatif",
            )
        except ValidationError as refused:
            form.add_error("priority", _refusal(refused))
        else:
            return redirect("places:run", run_id=run.id)
    return render(
        request,
        "places/window.html",
        {
            "window": found,
            "requests": selectors.window_requests(window=found, by=_user(request)),
            "runs": selectors.window_runs(window=found),
            "form": form,
        },
    )


@require_permission("places.allocate")
def run(request: HttpRequest, run_id: uuid.UUID) -> HttpResponse:
    found = selectors.run_get(run_id=run_id, by=_user(request))
    rows, compared = selectors.run_rows(run=found)
    return render(
        request,
        "places/run.html",
        {
            "run": found,
            "rows": rows,
            "compared": compared,
            "offered": sum(1 for row in rows if row.decision.offered_days),
            "changed": sum(1 for row in rows if row.changed),
        },
    )


@require_permission("places.allocate")
def run_csv(request: HttpRequest, run_id: uuid.UUID) -> HttpResponse:
    found = selectors.run_get(run_id=run_id, by=_user(request))
    rows, _ = selectors.run_rows(run=found)
    lines = ["reference,position,points,band,lottery,offered_first_day,offered_days,waiting_position,reason"]
    for row in rows:
        decision = row.decision
        reason = decision.reason.replace('"', '""')
        lines.append(
            f"{decision.request.reference},{decision.position},{decision.points},{decision.band},{decision.lottery},"
            f'{decision.offered_first_day or ""},{decision.offered_days},{decision.waiting_position or ""},"{reason}"'
        )
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="allocation-{found.seed}.csv"'
    return response


@require_permission("places.allocate")
@require_http_methods(["GET", "POST"])
def run_publish(request: HttpRequest, run_id: uuid.UUID) -> HttpResponse:
    found = selectors.run_get(run_id=run_id, by=_user(request))
    rows, _ = selectors.run_rows(run=found)
    error = ""
    if request.method == "POST":
        try:
            made = services.allocation_publish(run=found, by=_user(request), today=timezone.localdate())
        except ValidationError as refused:
            error = _refusal(refused)
        else:
            messages.success(
                request,
                f"The allocation is published: {made} offers made, each to be answered within 5 working days. "
                f"The seed {found.seed} and the priority are public with it.",
            )
            return redirect("places:run", run_id=found.id)
    return render(
        request,
        "places/run_publish.html",
        {
            "run": found,
            "offered": sum(1 for row in rows if row.decision.offered_days),
            "waiting": sum(1 for row in rows if not row.decision.offered_days),
            "error": error,
        },
    )


@require_permission("places.allocate")
@require_http_methods(["GET", "POST"])
def window_new(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    settings = list(selectors.settings_all())
    form = WindowForm(_posted(request), settings=settings, today=today, initial={"opens_on": today})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        setting = next(setting for setting in settings if str(setting.id) == data["setting"])
        try:
            made = services.window_create(
                setting=setting,
                title=data["title"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                first_day=data["first_day"],
                last_day=data["last_day"],
                by=_user(request),
            )
        except ValidationError as refused:
            form.add_error(None, _refusal(refused))
        else:
            messages.success(
                request,
                f"{made.title} at {setting.name} is open for requests from {made.opens_on:%-d %B %Y} to "
                f"{made.closes_on:%-d %B %Y}.",
            )
            return redirect("places:window", window_id=made.id)
    return render(request, "places/window_new.html", {"form": form})


def _month_calendar(setting: Any, month: dt.date) -> dict[str, Any]:
    days = selectors.month_days(month)
    return {
        "month": month,
        "calendar": selectors.setting_calendar(setting=setting, first=days[0], last=days[-1]),
        "previous": (month - dt.timedelta(days=1)).replace(day=1),
        "following": days[-1] + dt.timedelta(days=1),
        "first": days[0],
        "last": days[-1],
    }


@require_permission("places.allocate")
def capacity(request: HttpRequest, slug: str) -> HttpResponse:
    setting = selectors.setting_get(slug=slug)
    month = month_from(request.GET.get("month"), today=timezone.localdate())
    shown = _month_calendar(setting, month)
    return render(
        request,
        "places/capacity.html",
        {
            "setting": setting,
            "settings": selectors.settings_all(),
            "periods": selectors.out_of_service_between(
                setting=setting, first=shown["first"], last=shown["last"]
            ),
            **shown,
        },
    )


@require_permission("places.allocate")
@require_http_methods(["GET", "POST"])
def capacity_roster(request: HttpRequest, slug: str) -> HttpResponse:
    setting = selectors.setting_get(slug=slug)
    form = RosterForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        first, last = data["first_day"], data.get("last_day") or data["first_day"]
        try:
            count = services.roster_fill(
                setting=setting,
                first=first,
                last=last,
                staff_on_shift=data["staff_on_shift"],
                by=_user(request),
            )
        except ValidationError as refused:
            form.add_error(None, _refusal(refused))
        else:
            if count:
                messages.success(
                    request,
                    f"{data['staff_on_shift']} staff on shift on {count} opening {setting.day_noun}"
                    f"{'s' if count != 1 else ''} from {first:%-d %B %Y} to {last:%-d %B %Y}.",
                )
                return redirect(f"{reverse('places:capacity', args=[setting.slug])}?month={first:%Y-%m}")
            form.add_error("first_day", f"{setting.name} does not open on any of those days")
    return render(request, "places/capacity_roster.html", {"setting": setting, "form": form})


@require_permission("places.allocate")
@require_http_methods(["GET", "POST"])
def capacity_out_of_service(request: HttpRequest, slug: str) -> HttpResponse:
    setting = selectors.setting_get(slug=slug)
    form = OutOfServiceForm(_posted(request), setting=setting, units=selectors.units_of(setting=setting))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = form.unit()
        try:
            services.out_of_service_record(
                setting=setting,
                unit=unit,
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                reason=data["reason"],
                by=_user(request),
            )
        except ValidationError as refused:
            form.add_error(None, _refusal(refused))
        else:
            what = unit.name if unit is not None else f"The whole of {setting.name}"
            messages.success(
                request,
                f"{what} is out of service from {data['starts_on']:%-d %B %Y} to {data['ends_on']:%-d %B %Y}.",
            )
            return redirect(
                f"{reverse('places:capacity', args=[setting.slug])}?month={data['starts_on']:%Y-%m}"
            )
    return render(request, "places/capacity_out_of_service.html", {"setting": setting, "form": form})


# --- Provider staff -----------------------------------------------------------------------------------


@require_permission("places.provide")
def setting_calendar(request: HttpRequest) -> HttpResponse:
    setting = own_setting(request.user)
    month = month_from(request.GET.get("month"), today=timezone.localdate())
    days = selectors.month_days(month)
    calendar = selectors.setting_calendar(setting=setting, first=days[0], last=days[-1])
    previous = (month - dt.timedelta(days=1)).replace(day=1)
    following = days[-1] + dt.timedelta(days=1)
    return render(
        request,
        "places/setting_calendar.html",
        {
            "setting": setting,
            "month": month,
            "calendar": calendar,
            "previous": previous,
            "following": following,
        },
    )


@require_permission("places.provide")
def setting_day(request: HttpRequest, day: str) -> HttpResponse:
    setting = own_setting(request.user)
    try:
        when = dt.date.fromisoformat(day)
    except ValueError:
        raise Http404("Not a date") from None
    return render(
        request,
        "places/setting_day.html",
        {
            "setting": setting,
            "day": when,
            "booked": selectors.setting_day(user=request.user, setting=setting, day=when),
            "capacity": selectors.setting_calendar(setting=setting, first=when, last=when)[0],
        },
    )


@require_permission("places.provide")
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, booking_id: uuid.UUID) -> HttpResponse:
    setting = own_setting(request.user)
    booking = selectors.booking_at_setting(setting=setting, booking_id=booking_id)
    form = AttendanceForm(
        _posted(request), initial={"attendance": booking.attendance, "reason": booking.attendance_reason}
    )
    if request.method == "POST" and form.is_valid():
        services.attendance_record(
            booking=booking,
            attendance=form.cleaned_data["attendance"],
            reason=form.cleaned_data["reason"],
            by=_user(request),
        )
        if request.POST.get("arrived") == "yes" and booking.stay.arrived_at is None:
            services.stay_arrival_record(stay=booking.stay, by=_user(request), arrived=True)
        messages.success(request, f"Recorded for {booking.child.first_name}: {booking.day:%-d %B %Y}.")
        return redirect("places:setting-day", day=booking.day.isoformat())
    return render(request, "places/attendance.html", {"setting": setting, "booking": booking, "form": form})


@require_permission("places.provide")
@require_http_methods(["POST"])
def stay_movement(request: HttpRequest, stay_id: uuid.UUID) -> HttpResponse:
    """Record that a child arrived for their stay, or went home, from the day page."""
    setting = own_setting(request.user)
    stay = selectors.stay_at_setting(setting=setting, stay_id=stay_id)
    form = MovementForm(request.POST)
    day = request.POST.get("day", "")
    back = day if _is_day(day) else timezone.localdate().isoformat()
    if not form.is_valid():
        messages.error(request, "Choose to record an arrival or a departure.")
        return redirect("places:setting-day", day=back)
    arrived = form.cleaned_data["what"] == "arrived"
    try:
        services.stay_arrival_record(stay=stay, by=_user(request), arrived=arrived)
    except ValidationError as refused:
        messages.error(request, _refusal(refused))
    else:
        at = timezone.localtime()
        messages.success(
            request,
            f"{stay.child.first_name} {'arrived' if arrived else 'went home'} at {at:%H:%M} on {at:%-d %B %Y}.",
        )
    return redirect("places:setting-day", day=back)


def _is_day(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


@require_permission("places.provide")
def setting_money(request: HttpRequest) -> HttpResponse:
    setting = own_setting(request.user)
    return render(
        request,
        "places/setting_money.html",
        {"setting": setting, "money": selectors.setting_money(setting=setting)},
    )


# --- Managers ---------------------------------------------------------------------------------------------


def _utilisation_rows(request: HttpRequest) -> tuple[int, list[selectors.UtilisationRow]]:
    year = year_from(request.GET.get("year"), today=timezone.localdate())
    return year, selectors.utilisation(first_month=dt.date(year, 4, 1), months=12)


@require_permission("places.view_utilisation")
def utilisation(request: HttpRequest) -> HttpResponse:
    year, rows = _utilisation_rows(request)
    by_setting: dict[str, list[selectors.UtilisationRow]] = {}
    for row in rows:
        by_setting.setdefault(row.setting.name, []).append(row)
    summaries = []
    for name, setting_rows in by_setting.items():
        setting = setting_rows[0].setting
        served = selectors.children_served(
            setting=setting, first=dt.date(year, 4, 1), last=dt.date(year + 1, 3, 31)
        )
        summaries.append(
            {
                "setting": setting,
                "name": name,
                "rows": setting_rows,
                "served": served,
                "chart": utilisation_chart_svg(setting_rows, title=name),
                "staffed": sum(row.staffed for row in setting_rows),
                "booked": sum(row.booked for row in setting_rows),
                "with_one_more": sum(row.staffed_with_one_more for row in setting_rows),
            }
        )
    return render(
        request,
        "places/utilisation.html",
        {"year": year, "summaries": summaries, "previous": year - 1, "next": year + 1},
    )


@require_permission("places.view_utilisation")
def utilisation_download(request: HttpRequest) -> HttpResponse:
    year, rows = _utilisation_rows(request)
    response = HttpResponse(utilisation_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="places-utilisation-{year}.csv"'
    return response


@require_permission("places.export_returns")
def ssda903(request: HttpRequest) -> HttpResponse:
    year = year_from(request.GET.get("year"), today=timezone.localdate())
    download = request.GET.get("download")
    if download not in ("episodes", "header"):
        return render(request, "places/ssda903.html", {"year": year, "previous": year - 1, "next": year + 1})
    made = episodes_csv if download == "episodes" else header_csv_for
    response = HttpResponse(made(year=year, by=_user(request)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ssda903-{download}-{year}.csv"'
    return response
