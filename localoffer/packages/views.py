"""Pages for packages and direct payments. Each parses, calls one service or selector, and renders."""

from __future__ import annotations

import csv
import io
import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from localoffer.core.money import pounds
from localoffer.core.permissions import require_permission
from localoffer.grants.forms import ReturnFileForm
from localoffer.grants.models import budget_year_of
from localoffer.packages import selectors, services
from localoffer.packages.access import package_access
from localoffer.packages.charts import expenditure_chart_svg
from localoffer.packages.forms import (
    AgreementForm,
    AssistantForm,
    CorrectionForm,
    ElementChangeForm,
    ElementForm,
    HoldForm,
    MonitoringForm,
    PanelForm,
    ProviderSwitchForm,
    RateForm,
    RecoveryForm,
    RouteSwitchForm,
    RunPrepareForm,
    ScheduleForm,
    pence,
)


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _refused(form: Any, refused: ValidationError) -> None:
    """A service's refusal shown on the form: on its field where it names one the form has."""
    if hasattr(refused, "error_dict"):
        aliases = {"unit_cost_pence": "unit_cost", "weekly_pence": "weekly", "one_off_pence": "one_off"}
        for name, errors in refused.message_dict.items():
            target = aliases.get(name, name)
            form.add_error(target if target in form.fields else None, errors)
    else:
        form.add_error(None, refused.messages)


def _form_page(request: HttpRequest, form: Any, **context: Any) -> HttpResponse:
    return render(request, "packages/form.html", {"form": form, **context})


def _may_change(request: HttpRequest, child: Any) -> None:
    if not (request.user.has_perm("packages.set_up") and package_access(request.user, child).may_change):
        raise PermissionDenied("You cannot change this child's package")


# --- A child's whole package, and the family's ------------------------------------------------------------


@require_permission("packages.view_package")
def package(request: HttpRequest, child_id: uuid.UUID) -> HttpResponse:
    today = timezone.localdate()
    whole = selectors.package_get_for_user(user=request.user, child_id=child_id, today=today)
    access = package_access(request.user, whole.child)
    return render(
        request,
        "packages/package.html",
        {
            "whole": whole,
            "may_change": access.may_change and request.user.has_perm("packages.set_up"),
            "may_authorise": request.user.has_perm("packages.authorise"),
            "may_send_return": request.user.has_perm("packages.send_return"),
            "may_recover": request.user.has_perm("packages.run_payments"),
            "needs_panel": whole.package is not None and services.package_needs_panel(whole.package),
            "may_take_to_panel": request.user.has_perm("packages.take_to_panel")
            and (access.may_change or request.user.has_perm("packages.authorise")),
            "may_switch": request.user.has_perm("packages.switch_route"),
            "may_see_history": request.user.has_perm("packages.view_history"),
        },
    )


@require_permission("packages.view_package")
def family(request: HttpRequest, child_id: uuid.UUID) -> HttpResponse:
    wholes = selectors.family_get_for_user(user=request.user, child_id=child_id, today=timezone.localdate())
    return render(
        request,
        "packages/family.html",
        {"wholes": wholes, "child": wholes[0].child, "total": sum(item.yearly_pence for item in wholes)},
    )


@require_permission("packages.see_own")
def mine(request: HttpRequest) -> HttpResponse:
    return render(request, "packages/mine.html", {"children": selectors.my_children(user=request.user)})


# --- Setting up a package --------------------------------------------------------------------------------


@require_permission("packages.set_up")
@require_http_methods(["GET", "POST"])
def element_new(request: HttpRequest, child_id: uuid.UUID) -> HttpResponse:
    whole = selectors.package_get_for_user(user=request.user, child_id=child_id, today=timezone.localdate())
    _may_change(request, whole.child)
    initial = {
        "level_of_need": whole.package.level_of_need if whole.package else "specialist",
        "funder": "council",
    }
    form = ElementForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            package = services.package_open(
                child=whole.child, level_of_need=form.cleaned_data["level_of_need"], by=request.user
            )
            element = services.element_add(package=package, by=request.user, **form.values())
        except ValidationError as refused:
            _refused(form, refused)
        else:
            messages.success(
                request, f"{element.get_kind_display()} added: {pounds(element.yearly_pence)} a year."
            )
            return redirect("packages:package", child_id=whole.child.pk)
    return _form_page(
        request,
        form,
        title="Add support to the package",
        caption=f"{whole.child.first_name} {whole.child.last_name}",
        back=("packages:package", whole.child.pk),
        submit="Add to the package",
    )


@require_permission("packages.set_up")
@require_http_methods(["GET", "POST"])
def element_change(request: HttpRequest, element_id: uuid.UUID) -> HttpResponse:
    element = selectors.element_get_for_user(user=request.user, element_id=element_id)
    child = element.package.child
    _may_change(request, child)
    form = ElementChangeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["change"] == "suspend":
                services.element_suspend(
                    element=element,
                    reason=data["suspension_reason"],
                    on=data["from_on"],
                    detail=data["reason"],
                    by=request.user,
                )
            elif data["change"] == "resume":
                services.element_resume(element=element, by=request.user)
            elif data["change"] == "end":
                services.element_end(
                    element=element,
                    ends_on=data["ends_on"],
                    notice_given_on=data["from_on"],
                    reason=data["reason"],
                    by=request.user,
                )
            else:
                services.element_cancel(element=element, reason=data["reason"], by=request.user)
        except ValidationError as refused:
            _refused(form, refused)
        else:
            messages.success(request, f"{element.get_kind_display()}: change saved.")
            return redirect("packages:package", child_id=child.pk)
    return _form_page(
        request,
        form,
        title=f"Suspend, end or cancel: {element.get_kind_display().lower()}",
        caption=f"{child.first_name} {child.last_name}",
        back=("packages:package", child.pk),
        submit="Save the change",
    )


@require_permission("packages.set_up")
@require_http_methods(["GET", "POST"])
def agreement_new(request: HttpRequest, element_id: uuid.UUID) -> HttpResponse:
    element = selectors.element_get_for_user(user=request.user, element_id=element_id)
    child = element.package.child
    _may_change(request, child)
    if hasattr(element, "agreement"):
        messages.info(request, "This support already has its agreement.")
        return redirect("packages:package", child_id=child.pk)
    form = AgreementForm(_posted(request), initial={"every_weeks": 4, "kind": "regular"})
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_create(element=element, by=request.user, **form.values())
        except ValidationError as refused:
            _refused(form, refused)
        else:
            messages.success(request, "Direct payment agreement saved.")
            return redirect("packages:package", child_id=child.pk)
    return _form_page(
        request,
        form,
        title="Set up the direct payment agreement",
        caption=f"{child.first_name} {child.last_name}",
        back=("packages:package", child.pk),
        submit="Save the agreement",
    )


@require_permission("packages.set_up")
@require_http_methods(["GET", "POST"])
def assistant_new(request: HttpRequest, agreement_id: uuid.UUID) -> HttpResponse:
    agreement = selectors.agreement_get_for_user(user=request.user, agreement_id=agreement_id)
    child = agreement.element.package.child
    _may_change(request, child)
    form = AssistantForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.assistant_add(agreement=agreement, by=request.user, **form.values())
        except ValidationError as refused:
            _refused(form, refused)
        else:
            messages.success(request, "Personal assistant recorded.")
            return redirect("packages:package", child_id=child.pk)
    return _form_page(
        request,
        form,
        title="Add a personal assistant",
        caption=f"{child.first_name} {child.last_name}",
        back=("packages:package", child.pk),
        submit="Save the personal assistant",
    )


# --- Panel and authorisation -----------------------------------------------------------------------------


@require_permission("packages.take_to_panel")
@require_http_methods(["GET", "POST"])
def panel(request: HttpRequest, child_id: uuid.UUID) -> HttpResponse:
    """Put the package to panel: a case on casework's panel agenda, decided there."""
    whole = selectors.package_get_for_user(user=request.user, child_id=child_id, today=timezone.localdate())
    if whole.package is None:
        raise PermissionDenied("There is no package to take to panel")
    access = package_access(request.user, whole.child)
    if not (access.may_change or request.user.has_perm("packages.authorise")):
        raise PermissionDenied("You cannot take this child's package to panel")
    form = PanelForm(
        _posted(request),
        initial={"asking_for": "Floating support in the package of care, as costed on the package."},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.package_to_panel(
                package=whole.package, asking_for=form.cleaned_data["asking_for"], by=request.user
            )
        except ValidationError as refused:
            _refused(form, refused)
        else:
            messages.success(
                request,
                "Put to panel: the case is on the agenda of the next panel of a team working with "
                f"{whole.child.first_name}. The package can be authorised once the panel approves it.",
            )
            return redirect("packages:package", child_id=whole.child.pk)
    return _form_page(
        request,
        form,
        title="Put the package to panel",
        caption=f"{whole.child.first_name} {whole.child.last_name}",
        back=("packages:package", whole.child.pk),
        submit="Put it to panel",
        lead="Floating support is agreed at panel. The panel decides it with its reasons; the package is "
        "authorised only after it approves, and the decision is part of the child's chronology.",
    )


@require_permission("packages.authorise")
@require_http_methods(["GET", "POST"])
def authorise(request: HttpRequest, child_id: uuid.UUID) -> HttpResponse:
    whole = selectors.package_get_for_user(user=request.user, child_id=child_id, today=timezone.localdate())
    problem = ""
    if request.method == "POST" and whole.package is not None:
        try:
            services.package_authorise(package=whole.package, by=request.user)
        except ValidationError as refused:
            problem = " ".join(refused.messages)
        else:
            messages.success(request, "Package authorised. Its payments can now be scheduled.")
            return redirect("packages:package", child_id=whole.child.pk)
    yearly = services.package_yearly_pence(whole.package) if whole.package else 0
    limit = getattr(getattr(request.user, "approval_limit", None), "limit_pence", 0)
    return render(
        request,
        "packages/authorise.html",
        {
            "whole": whole,
            "yearly": yearly,
            "limit": limit,
            "problem": problem,
            "needs_panel": whole.package is not None and services.package_needs_panel(whole.package),
        },
    )


# --- Monitoring returns and surplus recovery --------------------------------------------------------------


@require_permission("packages.send_return")
@require_http_methods(["GET", "POST"])
def return_new(request: HttpRequest, agreement_id: uuid.UUID) -> HttpResponse:
    agreement = selectors.agreement_get_for_user(user=request.user, agreement_id=agreement_id)
    child = agreement.element.package.child
    form = MonitoringForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            item = services.return_record(agreement=agreement, by=request.user, **form.values())
        except ValidationError as refused:
            _refused(form, refused)
        else:
            text = "Return sent."
            if item.surplus_pence:
                text += f" The balance is {pounds(item.surplus_pence)} above the threshold: the team will be in touch."
            if item.cqc_flag:
                text += (
                    " The provider's personal care is flagged to the team: it is not registered with the CQC."
                )
            messages.success(request, text)
            return redirect("packages:package", child_id=child.pk)
    return _form_page(
        request,
        form,
        title="Send a monitoring return",
        caption=f"{child.first_name} {child.last_name}",
        back=("packages:package", child.pk),
        submit="Send the return",
    )


@require_permission("packages.run_payments")
@require_http_methods(["GET", "POST"])
def recover(request: HttpRequest, return_id: uuid.UUID) -> HttpResponse:
    item = selectors.return_get_for_user(user=request.user, return_id=return_id)
    child = item.agreement.element.package.child
    form = RecoveryForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            recovery = services.surplus_recover(
                monitoring_return=item, method=form.cleaned_data["method"], by=request.user
            )
        except ValidationError as refused:
            _refused(form, refused)
        else:
            messages.success(
                request,
                f"Recovery of {pounds(recovery.amount_pence)} started, with notice: by "
                f"{recovery.recover_by:%-d %B %Y}.",
            )
            return redirect("packages:package", child_id=child.pk)
    return _form_page(
        request,
        form,
        title=f"Recover a surplus of {pounds(item.surplus_pence)}",
        caption=f"{child.first_name} {child.last_name}",
        back=("packages:package", child.pk),
        submit="Start the recovery, with notice",
        lead=(
            f"The balance was {pounds(item.balance_pence)} at {item.period_ends_on:%-d %B %Y}. The family's own "
            "contribution is refunded apart and never recovered."
        ),
    )


# --- The caseload and the expenditure -------------------------------------------------------------------


@require_permission("packages.view_caseload")
def caseload(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "packages/caseload.html",
        {
            "caseload": selectors.caseload_summary(today=today),
            "awaiting": selectors.packages_awaiting_authorisation(),
            "finding": selectors.grant_and_direct_payment_finding(today=today),
            "rule": selectors.DOUBLE_FUNDING_RULE,
        },
    )


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", budget_year_of(timezone.localdate())))
    except ValueError:
        year = budget_year_of(timezone.localdate())
    return min(max(year, 2000), 2100)


@require_permission("packages.view_expenditure")
def expenditure(request: HttpRequest) -> HttpResponse:
    spend = selectors.expenditure(start_year=_year(request))
    return render(
        request,
        "packages/expenditure.html",
        {
            "spend": spend,
            "chart": expenditure_chart_svg(spend),
            "years": range(spend.start_year - 3, spend.start_year + 2),
        },
    )


@require_permission("packages.view_expenditure")
def expenditure_csv(request: HttpRequest) -> HttpResponse:
    spend = selectors.expenditure(start_year=_year(request))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["service_line", f"{spend.label}_pence"])
    for label, amount in spend.rows:
        writer.writerow([label, amount])
    writer.writerow(["Total", spend.total_pence])
    response = HttpResponse(out.getvalue(), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="expenditure-{spend.start_year}.csv"'
    return response


# --- The rate card --------------------------------------------------------------------------------------


@require_permission("packages.view_rates")
def rates(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "packages/rates.html",
        {
            "rates": selectors.rate_card(day=timezone.localdate()),
            "may_change": request.user.has_perm("packages.manage_rates"),
        },
    )


@require_permission("packages.manage_rates")
@require_http_methods(["GET", "POST"])
def rate_change(request: HttpRequest, rate_id: uuid.UUID) -> HttpResponse:
    rate = selectors.rate_get(rate_id=rate_id)
    form = RateForm(
        _posted(request),
        initial={
            "low": rate.low_pence / 100,
            "high": rate.high_pence / 100,
            "standard": rate.standard_pence / 100,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.rate_change(
                rate=rate,
                low_pence=pence(data["low"]) or 0,
                high_pence=pence(data["high"]) or 0,
                standard_pence=pence(data["standard"]) or 0,
                effective_from=data["effective_from"],
                by=request.user,
            )
        except ValidationError as refused:
            _refused(form, refused)
        else:
            messages.success(
                request, f"{rate}: the new rate applies from {data['effective_from']:%-d %B %Y}."
            )
            return redirect("packages:rates")
    return _form_page(
        request,
        form,
        title=f"Change the rate: {rate.get_service_display()} at {rate.ratio}",
        caption="Rate card",
        back=("packages:rates", None),
        submit="Save the new rate",
    )


# --- Direct payment runs --------------------------------------------------------------------------------


@require_permission("packages.run_payments")
@require_http_methods(["GET", "POST"])
def payments(request: HttpRequest) -> HttpResponse:
    action = request.POST.get("action", "") if request.method == "POST" else ""
    schedule = ScheduleForm(request.POST if action == "schedule" else None, prefix="schedule")
    prepare = RunPrepareForm(request.POST if action == "prepare" else None, prefix="prepare")
    upload = ReturnFileForm(
        request.POST if action == "return" else None, request.FILES if action == "return" else None
    )
    problems: list[str] = []
    if action == "schedule" and schedule.is_valid():
        written = services.schedules_generate(through=schedule.cleaned_data["through"], by=request.user)
        messages.success(request, f"{written} instalments written to the ledger.")
        return redirect("packages:payments")
    if action == "prepare" and prepare.is_valid():
        try:
            run = services.run_prepare(due_by=prepare.cleaned_data["due_by"], by=request.user)
        except ValidationError as refused:
            prepare.add_error("due_by", refused.messages)
        else:
            return redirect("packages:run", number=run.number)
    if action == "return" and upload.is_valid():
        try:
            count = services.run_return_import(text=upload.text(), by=request.user)
        except services.ReturnFileRejected as rejected:
            problems = list(rejected.messages)
            upload.add_error("file", "The file was not applied: fix the lines listed and upload it again")
        else:
            messages.success(request, f"{count} instalments marked paid.")
            return redirect("packages:payments")
    return render(
        request,
        "packages/payments.html",
        {
            "schedule": schedule,
            "prepare": prepare,
            "upload": upload,
            "problems": problems,
            "runs": selectors.runs_list(),
            "forms": [schedule, prepare, upload],
        },
    )


@require_permission("packages.run_payments")
def run(request: HttpRequest, number: int) -> HttpResponse:
    view = selectors.run_get(number=number)
    return render(
        request,
        "packages/run.html",
        {"view": view, "lines": selectors.run_lines(run=view.run), "hold_form": HoldForm()},
    )


@require_permission("packages.run_payments")
@require_POST
def run_hold(request: HttpRequest, number: int, line_id: int) -> HttpResponse:
    view = selectors.run_get(number=number)
    line = selectors.line_get(run=view.run, line_id=line_id)
    form = HoldForm(request.POST)
    if form.is_valid():
        try:
            services.run_hold(line=line, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
        else:
            messages.success(request, f"{line.instalment.reference} held: it waits for the next run.")
    else:
        messages.error(request, "Enter why this payment is held.")
    return redirect("packages:run", number=number)


STEPS = {"check": services.run_check, "approve": services.run_approve, "send": services.run_send}


@require_permission("packages.run_payments")
@require_POST
def run_step(request: HttpRequest, number: int) -> HttpResponse:
    view = selectors.run_get(number=number)
    step = STEPS.get(request.POST.get("step", ""))
    if step is None:
        messages.error(request, "Choose check, approve or send.")
        return redirect("packages:run", number=number)
    try:
        done = step(run=view.run, by=request.user)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(
            request,
            f"Run {number} {done.get_step_display().lower()}: {done.count} payments, {pounds(done.total_pence)}.",
        )
    return redirect("packages:run", number=number)


@require_permission("packages.run_payments")
def run_csv(request: HttpRequest, number: int) -> HttpResponse:
    view = selectors.run_get(number=number)
    if "sent" not in view.steps and "approved" not in view.steps:
        messages.error(request, "The file is ready once the run is approved.")
        return redirect("packages:run", number=number)
    response = StreamingHttpResponse(services.run_csv_lines(run=view.run), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="direct-payment-run-{number}.csv"'
    return response  # type: ignore[return-value]  # streamed: the file is never held whole in memory


# --- The ledger: corrections and reversals ----------------------------------------------------------------


@require_permission("packages.view_package")
def ledger(request: HttpRequest, agreement_id: uuid.UUID) -> HttpResponse:
    agreement = selectors.agreement_get_for_user(user=request.user, agreement_id=agreement_id)
    return render(
        request,
        "packages/ledger.html",
        {
            "agreement": agreement,
            "child": agreement.element.package.child,
            "entries": selectors.agreement_ledger(agreement=agreement),
            "may_correct": request.user.has_perm("packages.correct_payments"),
        },
    )


@require_permission("packages.correct_payments")
@require_http_methods(["GET", "POST"])
def instalment_correct(request: HttpRequest, instalment_id: uuid.UUID) -> HttpResponse:
    """Correct or reverse a payment: the answers, then a confirmation page, then a new compensating entry
    naming the one it corrects. The ledger never changes an entry."""
    entry = selectors.instalment_get_for_user(user=request.user, instalment_id=instalment_id)
    item = entry.instalment
    child = item.agreement.element.package.child
    form = CorrectionForm(_posted(request))
    back = ("packages:ledger", item.agreement_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        amount = -entry.standing_pence if data["change"] == "reverse" else form.amount_pence()
        if request.POST.get("confirm") == "yes":
            try:
                if data["change"] == "reverse":
                    made = services.instalment_reverse(
                        instalment=item, reason=data["reason"], by=request.user
                    )
                else:
                    made = services.instalment_correct(
                        instalment=item, amount_pence=amount, reason=data["reason"], by=request.user
                    )
            except ValidationError as refused:
                _refused(form, refused)
            else:
                messages.success(
                    request,
                    f"{made.reference} written to the ledger: {pounds(made.amount_pence)} against "
                    f"{item.reference}.",
                )
                return redirect("packages:ledger", agreement_id=item.agreement_id)
        else:
            return render(
                request,
                "packages/correct_check.html",
                {
                    "entry": entry,
                    "child": child,
                    "form": form,
                    "amount": amount,
                    "after": entry.standing_pence + amount,
                },
            )
    return _form_page(
        request,
        form,
        title=f"Correct or reverse {item.reference}",
        caption=f"{child.first_name} {child.last_name}",
        back=back,
        submit="Continue",
        lead=(
            f"Due {item.due_on:%-d %B %Y}, {pounds(item.amount_pence)} by {item.get_route_display().lower()}; "
            f"{pounds(entry.standing_pence)} stands after earlier corrections. A correction is a new entry "
            "that names this one: the ledger never changes an entry."
        ),
    )


# --- Switching a payee to their second route --------------------------------------------------------------


@require_permission("packages.switch_route")
@require_http_methods(["GET", "POST"])
def agreement_switch(request: HttpRequest, agreement_id: uuid.UUID) -> HttpResponse:
    agreement = selectors.agreement_get_for_user(user=request.user, agreement_id=agreement_id)
    child = agreement.element.package.child
    form = RouteSwitchForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            switched = services.agreement_switch_route(
                agreement=agreement, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as refused:
            _refused(form, refused)
        else:
            messages.success(
                request,
                f"Switched: paid by {switched.get_route_display().lower()} from the next instalment. "
                "The family is told by email.",
            )
            return redirect("packages:package", child_id=child.pk)
    return _form_page(
        request,
        form,
        title="Switch to the second route",
        caption=f"{child.first_name} {child.last_name}",
        back=("packages:package", child.pk),
        submit="Switch the route",
        lead=(
            f"Paid now by {agreement.get_route_display().lower()}"
            f"{f' ({agreement.card_provider})' if agreement.route == 'prepaid_card' else ''}. "
            f"From the next instalment it is paid by {agreement.get_fallback_route_display().lower()}, and "
            "the family is told."
        ),
    )


@require_permission("packages.switch_route")
@require_http_methods(["GET", "POST"])
def provider_switch(request: HttpRequest) -> HttpResponse:
    """Switch every payee of a card provider that has stopped: the provider and why, then a confirmation
    page with how many agreements and which families, then all at once."""
    providers = selectors.card_providers()
    form = ProviderSwitchForm(_posted(request), providers=providers)
    if request.method == "POST" and form.is_valid():
        provider, reason = form.cleaned_data["provider"], form.cleaned_data["reason"]
        if request.POST.get("confirm") == "yes":
            try:
                expected = int(request.POST.get("expected", ""))
            except ValueError:
                expected = -1
            try:
                count = services.card_provider_switch(
                    provider=provider, reason=reason, by=request.user, expected=expected
                )
            except ValidationError as refused:
                _refused(form, refused)
            else:
                messages.success(
                    request,
                    f"{count} {'payee' if count == 1 else 'payees'} of {provider} switched to their second "
                    "route. Each family is told by email.",
                )
                return redirect("packages:payments")
        else:
            count, payees = selectors.card_provider_payees(user=request.user, provider=provider)
            return render(
                request,
                "packages/provider_check.html",
                {"form": form, "provider": provider, "reason": reason, "count": count, "payees": payees},
            )
    return _form_page(
        request,
        form,
        title="Switch a card provider's payees to their second route",
        caption="Direct payments",
        back=("packages:payments", None),
        submit="Continue",
        lead=(
            "When a prepaid card provider stops, every payee it pays is switched to the second route recorded "
            "on their agreement. You will see how many and which families before anything changes."
            if providers
            else "No one is paid by a prepaid card now."
        ),
    )


# --- History ----------------------------------------------------------------------------------------------


@require_permission("packages.view_history")
def element_history(request: HttpRequest, element_id: uuid.UUID) -> HttpResponse:
    element = selectors.element_get_for_user(user=request.user, element_id=element_id)
    child = element.package.child
    return render(
        request,
        "packages/history.html",
        {
            "title": f"History: {element.get_kind_display().lower()}",
            "child": child,
            "versions": selectors.history_of(element),
        },
    )


@require_permission("packages.view_history")
def agreement_history(request: HttpRequest, agreement_id: uuid.UUID) -> HttpResponse:
    agreement = selectors.agreement_get_for_user(user=request.user, agreement_id=agreement_id)
    child = agreement.element.package.child
    return render(
        request,
        "packages/history.html",
        {
            "title": f"History: {agreement.get_kind_display().lower()} agreement",
            "child": child,
            "versions": selectors.history_of(agreement),
        },
    )
