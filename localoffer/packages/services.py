"""Writing packages of care and direct payments: the rate card, elements and their authorisation, agreements
and their schedules on the append-only ledger, corrections, payment runs and the finance return, personal
assistants, monitoring returns and surplus recovery.

Every write is keyword-only, in a transaction, and records who made it; status changes lock the row first."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import uuid
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from localoffer.casework.models import PanelCase, PanelOutcome
from localoffer.casework.models import PanelDecision as CaseworkPanelDecision
from localoffer.casework.services import panel_case_put_without_plan
from localoffer.core.roles import Role
from localoffer.core.transitions import Transitions
from localoffer.grants.contact import short_breaks_call
from localoffer.grants.services import RETURN_HEADER, ReturnFileRejected
from localoffer.messaging.services import message_queue
from localoffer.packages.models import (
    Agreement,
    AgreementKind,
    ApprovalLimit,
    CostPeriod,
    DirectPaymentRun,
    Element,
    ElementKind,
    ElementStatus,
    Employment,
    Funder,
    Instalment,
    InstalmentPaid,
    MonitoringReturn,
    Package,
    PackagesPolicy,
    PackageStatus,
    PersonalAssistant,
    Rate,
    RecoveryMethod,
    Route,
    RunLine,
    RunLineHold,
    RunStep,
    Step,
    SurplusRecovery,
)
from localoffer.people.models import Child

__all__ = ["RETURN_HEADER", "ReturnFileRejected"]

ELEMENT_ALLOWED_PREVIOUS: dict[str, frozenset[str]] = {
    ElementStatus.ACTIVE: frozenset({ElementStatus.SUSPENDED}),
    ElementStatus.SUSPENDED: frozenset({ElementStatus.ACTIVE}),
    ElementStatus.ENDED: frozenset({ElementStatus.ACTIVE, ElementStatus.SUSPENDED}),
    ElementStatus.CANCELLED: frozenset({ElementStatus.ACTIVE, ElementStatus.SUSPENDED}),
}
ELEMENT_TRANSITIONS = Transitions(
    choices=ElementStatus, allowed_previous=ELEMENT_ALLOWED_PREVIOUS, noun="a package element"
)


def _reference(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10].upper()}"


def _who(by: Any) -> Any:
    return by if getattr(by, "pk", None) else None


# --- Reference data: the rate card and the rules ----------------------------------------------------------


@transaction.atomic
def packages_reference_load(*, source: Any) -> int:
    """Load a council's rate card and rules (for Medway, `localoffer.council.medway.packages`). Idempotent.

    `source` holds RATES [(service, ratio, low pence, high pence)], EFFECTIVE_FROM, SOURCE and POLICY."""
    starts = dt.date.fromisoformat(source.EFFECTIVE_FROM)
    for service, ratio, low, high in source.RATES:
        Rate.objects.get_or_create(
            service=service,
            ratio=ratio,
            effective_from=starts,
            defaults={"low_pence": low, "high_pence": high, "standard_pence": high, "source": source.SOURCE},
        )
    rules = dict(source.POLICY)
    PackagesPolicy.objects.get_or_create(
        effective_from=dt.date.fromisoformat(rules.pop("effective_from")), defaults=rules
    )
    return len(source.RATES)


def packages_policy(day: dt.date | None = None) -> PackagesPolicy:
    day = day or timezone.localdate()
    found = PackagesPolicy.objects.filter(effective_from__lte=day).order_by("-effective_from").first()
    return found or PackagesPolicy(effective_from=day)


def rate_for(*, service: str, ratio: str, day: dt.date) -> Rate | None:
    return (
        Rate.objects.filter(service=service, ratio=ratio, effective_from__lte=day)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day))
        .order_by("-effective_from")
        .first()
    )


@transaction.atomic
def rate_change(
    *, rate: Rate, low_pence: int, high_pence: int, standard_pence: int, effective_from: dt.date, by: Any
) -> Rate:
    """A commissioner changes a rate from a date: the current line ends the day before and a new line starts.
    Elements already costed keep the rate they were costed at."""
    current = Rate.objects.select_for_update().get(pk=rate.pk)
    if current.effective_to is not None:
        raise ValidationError("This rate has already been replaced. Change the current one.")
    if effective_from <= current.effective_from:
        raise ValidationError(
            {"effective_from": f"The new rate must start after {current.effective_from:%-d %B %Y}."}
        )
    if not low_pence <= standard_pence <= high_pence:
        raise ValidationError({"standard_pence": "The standard cost must be within the range, or widen it."})
    current.effective_to = effective_from - dt.timedelta(days=1)
    current._history_user = _who(by)  # type: ignore[attr-defined]
    current.save(update_fields=["effective_to"])
    new = Rate(
        service=current.service,
        ratio=current.ratio,
        unit=current.unit,
        low_pence=low_pence,
        high_pence=high_pence,
        standard_pence=standard_pence,
        effective_from=effective_from,
        source=f"Changed by {by.get_full_name() if _who(by) else 'the council'}",
    )
    new._history_user = _who(by)  # type: ignore[attr-defined]
    new.full_clean()
    new.save()
    return new


@transaction.atomic
def approval_limit_set(*, user: Any, limit_pence: int, by: Any) -> ApprovalLimit:
    if user.role != Role.MANAGER:
        raise ValidationError("Only a manager has an approval limit.")
    limit, _ = ApprovalLimit.objects.update_or_create(user=user, defaults={"limit_pence": limit_pence})
    return limit


# --- Packages and their elements -------------------------------------------------------------------------


@transaction.atomic
def package_open(*, child: Child, level_of_need: str, by: Any) -> Package:
    """The child's package (there is one per child), made if it is not there yet."""
    package, made = Package.objects.get_or_create(
        child=child, defaults={"level_of_need": level_of_need, "created_by": _who(by)}
    )
    if not made and package.level_of_need != level_of_need:
        package.level_of_need = level_of_need
        package._history_user = _who(by)  # type: ignore[attr-defined]
        package.save(update_fields=["level_of_need"])
    return package


# Which rate card service an element of each kind is costed from, where the rate card has one.
RATE_SERVICE = {
    ElementKind.DIRECT_PAYMENT: "pa_floating",
    ElementKind.PERSONAL_ASSISTANT: "pa_floating",
    ElementKind.FLOATING_SUPPORT: "pa_floating",
    ElementKind.PARKLANDS_NIGHTS: "parklands",
    ElementKind.PARKLANDS_CLUB: "parklands",
    ElementKind.COMMISSIONED_PLACE: "rocc",
}


def _needs_reauthorising(package: Package, by: Any) -> None:
    """A change to an authorised package needs authorising again before more is paid; history keeps the
    earlier version and who authorised it."""
    if package.status == PackageStatus.AUTHORISED:
        package.status = PackageStatus.DRAFT
        package._history_user = _who(by)  # type: ignore[attr-defined]
        package.save(update_fields=["status"])


@transaction.atomic
def element_add(
    *,
    package: Package,
    kind: str,
    starts_on: dt.date,
    ends_on: dt.date | None,
    cost_period: str,
    units_a_year: int,
    ratio: str,
    funder: str,
    by: Any,
    unit_cost_pence: int | None = None,
    description: str = "",
) -> Element:
    """Add an element, costed per year. A session's cost comes from the rate card for its kind and ratio on
    its start date; a cost entered for it must lie within the card's range. Other costs are entered."""
    package = Package.objects.select_for_update().get(pk=package.pk)
    if kind == ElementKind.GRANT:
        raise ValidationError(
            {"kind": "The short breaks grant is decided and paid through the grant's own pages."}
        )
    if cost_period == CostPeriod.ONE_OFF and units_a_year != 1:
        raise ValidationError({"units_a_year": "A one-off cost is paid once: enter 1."})
    if units_a_year < 1:
        raise ValidationError(
            {"units_a_year": "Enter how many hours, sessions, nights or weeks a year, 1 or more."}
        )
    rate = None
    service = RATE_SERVICE.get(ElementKind(kind))
    if service and ratio and cost_period in (CostPeriod.SESSION, CostPeriod.NIGHT):
        rate = rate_for(service=service, ratio=ratio, day=starts_on)
        if rate is None:
            raise ValidationError(
                {"ratio": "The rate card has no cost at this ratio for this kind of support."}
            )
        if unit_cost_pence is None:
            unit_cost_pence = rate.standard_pence
        elif not rate.low_pence <= unit_cost_pence <= rate.high_pence:
            raise ValidationError(
                {
                    "unit_cost": f"The rate card's range at {ratio} is {rate.low_pence / 100:.2f} to "
                    f"{rate.high_pence / 100:.2f} pounds a session. Enter a cost within it, or leave it empty."
                }
            )
    if unit_cost_pence is None:
        raise ValidationError({"unit_cost": "Enter the cost of each unit, in pounds."})
    element = Element(
        package=package,
        kind=kind,
        description=description,
        starts_on=starts_on,
        ends_on=ends_on,
        cost_period=cost_period,
        units_a_year=units_a_year,
        ratio=ratio,
        rate=rate,
        unit_cost_pence=unit_cost_pence,
        funder=funder or Funder.COUNCIL,
    )
    element._history_user = _who(by)  # type: ignore[attr-defined]
    element.full_clean()
    element.save()
    _needs_reauthorising(package, by)
    return element


def package_yearly_pence(package: Package) -> int:
    """What the council and its partners pay a year for the live elements (the family's own part apart)."""
    return sum(
        element.yearly_pence
        for element in package.elements.all()
        if element.is_live and element.funder != Funder.FAMILY
    )


def package_needs_panel(package: Package) -> bool:
    rules = packages_policy()
    return rules.floating_support_needs_panel and any(
        element.is_live and element.kind == ElementKind.FLOATING_SUPPORT for element in package.elements.all()
    )


def package_panel_decision(package: Package) -> CaseworkPanelDecision | None:
    """The casework panel's decision on the case the package was put to panel with: where a panel deferred
    it, the decision on the case casework put to the next panel in its place. None while it waits."""
    case = package.panel_case
    seen: set[Any] = set()
    while case is not None and case.pk not in seen:
        seen.add(case.pk)
        decision = CaseworkPanelDecision.objects.filter(case=case).first()
        if decision is None or decision.outcome != PanelOutcome.DEFERRED:
            return decision
        case = (
            PanelCase.objects.filter(
                child_id=case.child_id,
                plan__isnull=True,
                asking_for=case.asking_for,
                put_on=decision.decided_on,
            )
            .exclude(pk__in=seen)
            .first()
        )
    return None


@transaction.atomic
def package_to_panel(*, package: Package, asking_for: str, by: Any) -> Package:
    """Put the package's floating support to panel: a case on casework's panel agenda (the next panel of a
    team working with the child). Once the panel has decided, the package is authorised only if it approved."""
    current = Package.objects.select_for_update().select_related("child").get(pk=package.pk)
    if not package_needs_panel(current):
        raise ValidationError("Nothing in this package needs panel.")
    decision = package_panel_decision(current)
    if current.panel_case_id is not None and (decision is None or decision.approves):
        raise ValidationError(
            "This package is already on the panel's agenda."
            if decision is None
            else "The panel has already approved this package."
        )
    case = panel_case_put_without_plan(child=current.child, asking_for=asking_for, by=by)
    current.panel_case = case
    current._history_user = _who(by)  # type: ignore[attr-defined]
    current.save(update_fields=["panel_case"])
    return current


class NotAuthorised(ValidationError):
    """The package cannot be authorised by this person, or not yet."""


@transaction.atomic
def package_authorise(*, package: Package, by: Any) -> Package:
    """A manager authorises the package when their approval limit covers its yearly cost, and after panel
    where the policy says so (floating support)."""
    current = Package.objects.select_for_update().get(pk=package.pk)
    if current.status == PackageStatus.AUTHORISED:
        raise NotAuthorised("This package is already authorised.")
    if getattr(by, "role", "") != Role.MANAGER:
        raise NotAuthorised("Only a manager can authorise a package.")
    yearly = package_yearly_pence(current)
    if yearly <= 0:
        raise NotAuthorised("Add at least one funded element before authorising.")
    limit = ApprovalLimit.objects.filter(user=by).first()
    if limit is None or limit.limit_pence < yearly:
        shown = f"£{(limit.limit_pence if limit else 0) / 100:,.2f}"
        raise NotAuthorised(
            f"The package costs £{yearly / 100:,.2f} a year, above your approval limit of {shown}. "
            "Ask a manager whose limit covers it."
        )
    if package_needs_panel(current):
        decision = package_panel_decision(current)
        if decision is None or not decision.approves:
            raise NotAuthorised(
                "Floating support is agreed at panel: put the package to panel and wait for its approval."
                if decision is None
                else f"Floating support is agreed at panel, and the panel's decision was: "
                f"{decision.get_outcome_display().lower()}. Change the package and put it to panel again."
            )
    current.status = PackageStatus.AUTHORISED
    current.authorised_by = by
    current.authorised_at = timezone.now()
    current.authorised_yearly_pence = yearly
    if current.next_review_on is None:
        current.next_review_on = timezone.localdate() + dt.timedelta(
            weeks=packages_policy().first_review_weeks
        )
    current._history_user = by  # type: ignore[attr-defined]
    current.save()
    return current


def _element_status_change(*, element: Element, status: str, by: Any, fields: dict[str, Any]) -> Element:
    current = Element.objects.select_for_update().get(pk=element.pk)
    ELEMENT_TRANSITIONS.check(current=current.status, new=status)
    current.status = status
    for name, value in fields.items():
        setattr(current, name, value)
    current._history_user = _who(by)  # type: ignore[attr-defined]
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def element_suspend(*, element: Element, reason: str, on: dt.date, detail: str, by: Any) -> Element:
    """Suspend (hospital, abroad, a 38-week residential school): payments stop after the policy's weeks."""
    if not reason:
        raise ValidationError({"reason": "Choose why the support is suspended."})
    return _element_status_change(
        element=element,
        status=ElementStatus.SUSPENDED,
        by=by,
        fields={"suspension_reason": reason, "suspended_on": on, "status_reason": detail.strip()},
    )


@transaction.atomic
def element_resume(*, element: Element, by: Any) -> Element:
    return _element_status_change(
        element=element,
        status=ElementStatus.ACTIVE,
        by=by,
        fields={"suspension_reason": "", "suspended_on": None, "status_reason": ""},
    )


@transaction.atomic
def element_end(
    *, element: Element, ends_on: dt.date, notice_given_on: dt.date, reason: str, by: Any
) -> Element:
    """End with notice: the element runs to its end date, then stops."""
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the support is ending."})
    if ends_on < notice_given_on:
        raise ValidationError({"ends_on": "The end date must be on or after the day notice is given."})
    if ends_on < element.starts_on:
        raise ValidationError({"ends_on": "The end date must be on or after the day the support started."})
    return _element_status_change(
        element=element,
        status=ElementStatus.ENDED,
        by=by,
        fields={"ends_on": ends_on, "notice_given_on": notice_given_on, "status_reason": reason.strip()},
    )


@transaction.atomic
def element_cancel(*, element: Element, reason: str, by: Any) -> Element:
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the support is cancelled."})
    return _element_status_change(
        element=element, status=ElementStatus.CANCELLED, by=by, fields={"status_reason": reason.strip()}
    )


# --- Direct payment agreements and the ledger ------------------------------------------------------------


@transaction.atomic
def agreement_create(
    *,
    element: Element,
    kind: str,
    assessed_on: dt.date,
    first_payment_on: dt.date,
    route: str,
    fallback_route: str,
    card_chosen_by_family: bool,
    by: Any,
    weekly_pence: int | None = None,
    one_off_pence: int | None = None,
    every_weeks: int = 4,
    family_contribution_weekly_pence: int = 0,
    card_provider: str = "",
) -> Agreement:
    """A direct payment agreement for a direct payment element, after a social care assessment."""
    if element.kind not in (ElementKind.DIRECT_PAYMENT, ElementKind.PERSONAL_ASSISTANT):
        raise ValidationError("Only a direct payment or personal assistant element is paid by agreement.")
    errors: dict[str, str] = {}
    if kind == AgreementKind.REGULAR and not weekly_pence:
        errors["weekly"] = "Enter the weekly amount, in pounds."
    if kind == AgreementKind.ONE_OFF and not one_off_pence:
        errors["one_off"] = "Enter the one-off amount, in pounds."
    if route == fallback_route:
        errors["fallback_route"] = "Choose a second route different from the first, in case it stops working."
    if route == Route.PREPAID_CARD and not card_chosen_by_family:
        errors["card_chosen_by_family"] = (
            "A prepaid card is never compulsory: confirm the family chose it, or choose another route."
        )
    if assessed_on > first_payment_on:
        errors["first_payment_on"] = "The first payment must be on or after the assessment."
    if errors:
        raise ValidationError(errors)
    agreement = Agreement(
        element=element,
        kind=kind,
        assessed_on=assessed_on,
        weekly_pence=weekly_pence if kind == AgreementKind.REGULAR else None,
        one_off_pence=one_off_pence if kind == AgreementKind.ONE_OFF else None,
        every_weeks=every_weeks if kind == AgreementKind.REGULAR else 1,
        first_payment_on=first_payment_on,
        route=route,
        fallback_route=fallback_route,
        card_chosen_by_family=card_chosen_by_family,
        card_provider=card_provider.strip() if Route.PREPAID_CARD in (route, fallback_route) else "",
        family_contribution_weekly_pence=family_contribution_weekly_pence,
        created_by=_who(by),
    )
    agreement._history_user = _who(by)  # type: ignore[attr-defined]
    agreement.full_clean()
    agreement.save()
    return agreement


def _route_switch(current: Agreement, *, reason: str, by: Any) -> Agreement:
    """Swap the routes of a locked agreement, keep the reason in its history, and tell the family."""
    current.route, current.fallback_route = current.fallback_route, current.route
    if current.route == Route.PREPAID_CARD and not current.card_chosen_by_family:
        raise ValidationError(
            "The second route is a prepaid card the family has not chosen: a card is never compulsory. "
            "Agree another route with the family first."
        )
    current._history_user = _who(by)  # type: ignore[attr-defined]
    current._change_reason = reason[:100]  # type: ignore[attr-defined]
    current.save(update_fields=["route", "fallback_route"])
    route_switch_message_queue(agreement=current, reason=reason)
    return current


@transaction.atomic
def agreement_switch_route(*, agreement: Agreement, by: Any, reason: str) -> Agreement:
    """Switch the payee to the second route (a card provider has stopped): the two routes change places, the
    history keeps the earlier version and who switched it, and the family is told (after commit)."""
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the route is switched."})
    current = (
        Agreement.objects.select_for_update().select_related("element__package__child").get(pk=agreement.pk)
    )
    return _route_switch(current, reason=reason.strip(), by=by)


def card_provider_agreements(provider: str) -> QuerySet[Agreement]:
    """The agreements paid now by a prepaid card from this provider (its name, in any case)."""
    return Agreement.objects.filter(route=Route.PREPAID_CARD, card_provider__iexact=provider.strip())


@transaction.atomic
def card_provider_switch(*, provider: str, reason: str, by: Any, expected: int | None = None) -> int:
    """Switch every payee of a card provider that has stopped to their second route, at once: each agreement
    is locked, switched and its family told, or (if any cannot be) none is. `expected` is how many the
    person confirmed: if more or fewer are found now, nothing is switched and they are asked to check again."""
    if not provider.strip():
        raise ValidationError({"provider": "Choose the card provider that has stopped."})
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the payees are switched."})
    agreements = list(
        card_provider_agreements(provider)
        .select_for_update()
        .select_related("element__package__child")
        .order_by("pk")
    )
    if not agreements:
        raise ValidationError({"provider": f"No one is paid by a {provider.strip()} card now."})
    if expected is not None and expected != len(agreements):
        raise ValidationError(
            f"{len(agreements)} payees are paid by a {provider.strip()} card now, not the {expected} you "
            "confirmed: check the list again."
        )
    for agreement in agreements:
        _route_switch(agreement, reason=reason.strip(), by=by)
    return len(agreements)


def route_switch_message_queue(*, agreement: Agreement, reason: str) -> None:
    """Tell each of the child's family how their direct payment is paid now: recorded with the change, sent
    after commit by the messaging task, which retries (localoffer.messaging)."""
    child = agreement.element.package.child
    now = agreement.get_route_display().lower()
    before = agreement.get_fallback_route_display().lower()
    for link in child.family_links.select_related("user"):
        message_queue(
            to=link.user.email,
            subject="Your direct payment is now paid a different way",
            body=(
                f"The direct payment for {child.first_name} is now paid into {now}, instead of {before}.\n\n"
                f"Why: {reason}\n\nYou do not need to do anything. If you have questions, "
                f"{short_breaks_call()}."
            ),
            about=agreement,
        )


def due_dates(agreement: Agreement, *, through: dt.date) -> Iterator[dt.date]:
    """The agreement's due dates to `through`, paid in advance: a one-off once, regular every N weeks."""
    if not agreement.is_regular:
        if agreement.first_payment_on <= through:
            yield agreement.first_payment_on
        return
    day = agreement.first_payment_on
    step = dt.timedelta(weeks=agreement.every_weeks)
    while day <= through:
        yield day
        day += step


def payable_on(element: Element, day: dt.date, *, stop_after_weeks: int) -> bool:
    """Whether an instalment due on `day` is paid: the element is current, and a suspension has not yet run
    past the policy's weeks (hospital or abroad); a cancelled element pays nothing more."""
    if element.status == ElementStatus.CANCELLED:
        return False
    if day < element.starts_on or (element.ends_on is not None and day > element.ends_on):
        return False
    if element.status == ElementStatus.SUSPENDED and element.suspended_on is not None:
        return day < element.suspended_on + dt.timedelta(weeks=stop_after_weeks)
    return True


class NotAuthorisedToPay(ValidationError):
    """Nothing is paid on a package that is not authorised."""


@transaction.atomic
def schedule_generate(*, agreement: Agreement, through: dt.date, by: Any) -> int:
    """Write the instalments due up to `through` on the ledger. Run again, it writes only what is new: the
    database holds one scheduled instalment per agreement and date. Returns how many were written."""
    agreement = Agreement.objects.select_related("element__package").get(pk=agreement.pk)
    element = agreement.element
    if element.package.status != PackageStatus.AUTHORISED:
        raise NotAuthorisedToPay("The package must be authorised before anything is paid.")
    stop_after = packages_policy().suspension_stops_payments_after_weeks
    reduction = _recovery_reduction(agreement)
    existing = set(
        Instalment.objects.filter(agreement=agreement, corrects__isnull=True).values_list("due_on", flat=True)
    )
    new = []
    for day in due_dates(agreement, through=through):
        if day in existing or not payable_on(element, day, stop_after_weeks=stop_after):
            continue
        amount = agreement.instalment_pence
        if reduction and reduction[0] > 0:
            taken = min(reduction[0], amount - 1)
            reduction[0] -= taken
            amount -= taken
        new.append(
            Instalment(
                reference=_reference("DP"),
                agreement=agreement,
                due_on=day,
                amount_pence=amount,
                route=agreement.route,
                created_by=_who(by),
                reason="" if amount == agreement.instalment_pence else "Reduced to recover a surplus",
            )
        )
    for item in new:
        item.save()
    return len(new)


def _recovery_reduction(agreement: Agreement) -> list[int]:
    """What remains to recover by reducing instalments (a one-item list, consumed as instalments are written)."""
    owed = sum(item.amount_pence for item in agreement.recoveries.filter(method=RecoveryMethod.REDUCE))
    if not owed:
        return []
    recovered = sum(
        agreement.instalment_pence - item.amount_pence
        for item in agreement.instalments.filter(corrects__isnull=True, reason="Reduced to recover a surplus")
    )
    return [max(owed - recovered, 0)]


@transaction.atomic
def instalment_correct(*, instalment: Instalment, amount_pence: int, reason: str, by: Any) -> Instalment:
    """Correct or reverse an instalment by a new compensating entry naming it (the ledger never changes an
    entry). A reversal is the negative of what is left of the original after earlier corrections."""
    original = Instalment.objects.select_for_update().get(pk=instalment.pk)
    if original.corrects_id is not None:
        raise ValidationError("Correct the original instalment, not a correction.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the instalment is corrected."})
    if amount_pence == 0:
        raise ValidationError({"amount": "A correction must change the amount: enter more or less than 0."})
    standing = original.amount_pence + sum(item.amount_pence for item in original.corrections.all())
    if standing + amount_pence < 0:
        raise ValidationError(
            {"amount": f"That would take back more than the {standing / 100:.2f} pounds paid."}
        )
    return Instalment.objects.create(
        reference=_reference("DPC"),
        agreement_id=original.agreement_id,
        due_on=timezone.localdate(),
        amount_pence=amount_pence,
        route=original.route,
        corrects=original,
        reason=reason.strip(),
        created_by=_who(by),
    )


def instalment_reverse(*, instalment: Instalment, reason: str, by: Any) -> Instalment:
    standing = instalment.amount_pence + sum(item.amount_pence for item in instalment.corrections.all())
    return instalment_correct(instalment=instalment, amount_pence=-standing, reason=reason, by=by)


# --- Payment runs ----------------------------------------------------------------------------------------


def _in_live_run() -> Exists:
    """An instalment already in a run and not held out of it."""
    return Exists(RunLine.objects.filter(instalment=OuterRef("pk"), hold__isnull=True))


def instalments_waiting(*, due_by: dt.date) -> QuerySet[Instalment]:
    return Instalment.objects.filter(due_on__lte=due_by).exclude(_in_live_run())


def run_steps(run: DirectPaymentRun) -> dict[str, RunStep]:
    return {step.step: step for step in run.steps.all()}


def run_lines_not_held(run: DirectPaymentRun) -> QuerySet[RunLine]:
    """The run's lines not held out of it. NOT EXISTS, not `hold__isnull` (a LEFT JOIN filtered on NULL): PostgreSQL
    estimates the anti-join for what it is, so a run of 1.5 million lines is hash-joined to its instalments, not
    looked up one by one as it did for a few thousand estimated rows."""
    return RunLine.objects.filter(run=run).exclude(Exists(RunLineHold.objects.filter(line=OuterRef("pk"))))


def run_totals(run: DirectPaymentRun) -> tuple[int, int]:
    """The count and total of the lines not held, to the penny: counted and summed in the database."""
    totals = run_lines_not_held(run).aggregate(count=Count("pk"), total=Sum("instalment__amount_pence"))
    return totals["count"], totals["total"] or 0


@transaction.atomic
def run_prepare(*, due_by: dt.date, by: Any) -> DirectPaymentRun:
    """Gather every instalment due by a date and not in a run into a new draft run."""
    open_run = (
        DirectPaymentRun.objects.exclude(Exists(RunStep.objects.filter(run=OuterRef("pk"), step=Step.SENT)))
        .order_by("number")
        .first()
    )
    if open_run is not None:
        raise ValidationError(f"Run {open_run.number} is not sent yet: send it before preparing another.")
    waiting = instalments_waiting(due_by=due_by)
    if not waiting.exists():
        raise ValidationError("There are no instalments waiting to be sent.")
    number = (DirectPaymentRun.objects.aggregate(top=Max("number"))["top"] or 0) + 1
    run = DirectPaymentRun.objects.create(number=number, due_by=due_by, prepared_by=by)
    # One INSERT ... SELECT in the database: a run of 1.5 million instalments never passes through memory.
    # In no order: the instalments' own ordering (due date, then when made) sorted 1.5 million rows on disk for an
    # INSERT; the finance file sorts its lines into that order itself (`_EXPORT_ORDER`).
    select, params = waiting.values_list("pk").order_by().query.sql_with_params()
    run_id = RunLine._meta.get_field("run").get_db_prep_value(run.pk, connection)
    table = connection.ops.quote_name(RunLine._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (run_id, instalment_id) SELECT %s, waiting.* FROM ({select}) waiting",  # noqa: S608
            [run_id, *params],
        )
        if connection.vendor == "postgresql":
            # The planner's figures for the lines just written (this transaction's rows count): autovacuum comes
            # later, and with the few rows it last saw, checking the run and writing its file looked each of 1.5
            # million instalments up one by one.
            cursor.execute(f"ANALYZE {table}")
    return run


def _step_add(run: DirectPaymentRun, step: str, by: Any) -> RunStep:
    count, total = run_totals(run)
    try:
        with transaction.atomic():
            return RunStep.objects.create(run=run, step=step, count=count, total_pence=total, by=by)
    except IntegrityError as clash:
        raise ValidationError(f"This run is already {Step(step).label.lower()}.") from clash


@transaction.atomic
def run_hold(*, line: RunLine, reason: str, by: Any) -> RunLineHold:
    """Hold an instalment out of a draft run, with the reason; it waits for the next run."""
    run = DirectPaymentRun.objects.select_for_update().get(pk=line.run_id)
    if run_steps(run):
        raise ValidationError("Items can be held only before the run is checked.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why this payment is held."})
    if RunLineHold.objects.filter(line=line).exists():
        raise ValidationError("This payment is already held.")
    return RunLineHold.objects.create(line=line, reason=reason.strip(), by=by)


@transaction.atomic
def run_check(*, run: DirectPaymentRun, by: Any) -> RunStep:
    run = DirectPaymentRun.objects.select_for_update().get(pk=run.pk)
    return _step_add(run, Step.CHECKED, by)


@transaction.atomic
def run_approve(*, run: DirectPaymentRun, by: Any) -> RunStep:
    """Approve a checked run: by someone other than the person who prepared it."""
    run = DirectPaymentRun.objects.select_for_update().get(pk=run.pk)
    steps = run_steps(run)
    if Step.CHECKED not in steps:
        raise ValidationError("Check the run before it is approved.")
    if run.prepared_by_id == by.pk:
        raise ValidationError("Someone other than the person who prepared the run must approve it.")
    return _step_add(run, Step.APPROVED, by)


@transaction.atomic
def run_send(*, run: DirectPaymentRun, by: Any) -> RunStep:
    run = DirectPaymentRun.objects.select_for_update().get(pk=run.pk)
    if Step.APPROVED not in run_steps(run):
        raise ValidationError("The run must be approved before it is sent.")
    return _step_add(run, Step.SENT, by)


EXPORT_HEADER = ["reference", "amount_pence", "route", "due_on", "agreement_id", "corrects"]


_EXPORT_FIELDS = (
    "instalment__reference",
    "instalment__amount_pence",
    "instalment__route",
    "instalment__due_on",
    "instalment__agreement_id",
    "instalment__corrects__reference",
)


# The file's order: by due date, then as the instalments were made (the ledger's own order), then the line.
_EXPORT_ORDER = ("instalment__due_on", "instalment__created_at", "pk")


def _run_rows(run: DirectPaymentRun) -> QuerySet[RunLine, tuple[Any, ...]]:
    """The finance file's rows, in the file's order: the columns of `EXPORT_HEADER`."""
    return run_lines_not_held(run).order_by(*_EXPORT_ORDER).values_list(*_EXPORT_FIELDS)


def run_csv_lines(*, run: DirectPaymentRun) -> Iterator[str]:
    """The finance system's file, streamed: one line per instalment not held, then the control line. On
    PostgreSQL the database writes the file itself (`COPY ... TO STDOUT`); elsewhere Python's csv writer does,
    line for line the same (a test holds the two to each other)."""
    if connection.vendor == "postgresql":
        return _run_csv_lines_copied(run)
    return _run_csv_lines_written(run)


def _run_csv_lines_written(run: DirectPaymentRun) -> Iterator[str]:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")

    def take() -> str:
        text = out.getvalue()
        out.seek(0)
        out.truncate()
        return text

    writer.writerow(EXPORT_HEADER)
    yield take()
    count, total = 0, 0
    rows = _run_rows(run).iterator(chunk_size=5000)
    with transaction.atomic():
        for reference, amount, route, due_on, agreement_id, corrects in rows:
            count += 1
            total += amount
            writer.writerow([reference, amount, route, due_on.isoformat(), agreement_id, corrects or ""])
            if count % 1000 == 0:
                yield take()
    writer.writerow(["CONTROL", total, count, "", "", ""])
    yield take()


def _run_csv_lines_copied(run: DirectPaymentRun) -> Iterator[str]:
    """The file from one `COPY (SELECT ...) TO STDOUT WITH (FORMAT csv)`: the lines and the control line are read in
    one statement, so one snapshot, and the control line counts exactly the lines above it. Python only passes the
    bytes on. `bench/packages.py` times both on PostgreSQL: for 1.5 million lines, 12.03 s by COPY against 23.61 s
    through the ORM and the csv writer (one run, untraced, same bytes)."""
    # The lines with the file's order first (o0, o1, o2), sorted by it in the statement, the control line last.
    select, params = (
        _run_rows(run).values_list(*_EXPORT_ORDER, *_EXPORT_FIELDS).order_by().query.sql_with_params()
    )
    order = ", ".join(f"o{index}" for index in range(len(_EXPORT_ORDER)))
    nulls = ", ".join("NULL" for _ in _EXPORT_ORDER)
    columns = ", ".join(f"c{index}" for index in range(len(EXPORT_HEADER)))
    # The control line: "CONTROL", the total, the count; NULLs are written as nothing, as the csv writer writes "".
    statement = (
        f"COPY (SELECT {columns} FROM ("  # noqa: S608
        f"SELECT 0 AS part, line.* FROM ({select}) line({order}, {columns}) UNION ALL "
        f"SELECT 1, {nulls}, 'CONTROL', SUM(line.c1), CAST(COUNT(*) AS text), NULL, NULL, NULL "
        f"FROM ({select}) line({order}, {columns})"
        f") file(part, {order}, {columns}) ORDER BY part, {order}) TO STDOUT WITH (FORMAT csv)"
    )
    yield ",".join(EXPORT_HEADER) + "\r\n"
    decode = codecs.getincrementaldecoder("utf-8")()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL DateStyle = 'ISO'")
        with cursor.cursor.copy(statement, [*params, *params]) as copy:
            for data in copy:
                yield decode.decode(bytes(data)).replace("\n", "\r\n")
    yield decode.decode(b"", final=True)


def run_return_import(*, text: str, by: Any) -> int:
    """Mark instalments paid from the finance system's return (the grant's format). Every line is checked
    first; one bad line rejects the file, with a message for each, and nothing is applied."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows or [cell.strip().lower() for cell in rows[0]] != RETURN_HEADER:
        raise ReturnFileRejected([f"The first line must be the headings: {','.join(RETURN_HEADER)}."])
    body = [row for row in rows[1:] if any(cell.strip() for cell in row)]
    if not body:
        raise ReturnFileRejected(["The file has no payments in it."])
    references = [row[0].strip() for row in body if row]
    instalments = {item.reference: item for item in Instalment.objects.filter(reference__in=references)}
    sent = set(
        RunLine.objects.filter(
            instalment__reference__in=references,
            hold__isnull=True,
            run__steps__step=Step.SENT,
        ).values_list("instalment__reference", flat=True)
    )
    paid = set(
        InstalmentPaid.objects.filter(instalment__reference__in=references).values_list(
            "instalment__reference", flat=True
        )
    )
    errors: list[str] = []
    seen: set[str] = set()
    parsed: list[tuple[Instalment, dt.date, str]] = []
    for number, row in enumerate(body, start=2):
        if len(row) != len(RETURN_HEADER):
            errors.append(f"Line {number}: expected {len(RETURN_HEADER)} values, found {len(row)}.")
            continue
        reference, amount, paid_on, finance_reference = (cell.strip() for cell in row)
        item = instalments.get(reference)
        if item is None:
            errors.append(f"Line {number}: no instalment has the reference {reference!r}.")
            continue
        if reference in seen:
            errors.append(f"Line {number}: {reference} appears more than once in the file.")
            continue
        seen.add(reference)
        if reference not in sent:
            errors.append(f"Line {number}: {reference} has not been sent in a payment run.")
        if reference in paid:
            errors.append(f"Line {number}: {reference} is already marked paid.")
        if amount != str(item.amount_pence):
            errors.append(f"Line {number}: {reference} is for {item.amount_pence} pence, not {amount!r}.")
        try:
            day = dt.date.fromisoformat(paid_on)
        except ValueError:
            errors.append(f"Line {number}: the date paid {paid_on!r} must be written as YYYY-MM-DD.")
            continue
        if not finance_reference:
            errors.append(f"Line {number}: the finance reference is missing.")
        parsed.append((item, day, finance_reference))
    if errors:
        raise ReturnFileRejected(errors)
    with transaction.atomic():
        for item, day, finance_reference in parsed:
            InstalmentPaid.objects.create(
                instalment=item, paid_on=day, finance_reference=finance_reference[:50], recorded_by=by
            )
    return len(parsed)


# --- Personal assistants, monitoring and surplus recovery -----------------------------------------------


@transaction.atomic
def assistant_add(*, agreement: Agreement, by: Any, **fields: Any) -> PersonalAssistant:
    """Record a personal assistant: employed (contract, hours, HMRC, payroll) or self-employed (the written
    agreement), with the checks; a close relative in the household only with the recorded reason."""
    errors: dict[str, str] = {}
    employment = fields.get("employment")
    if employment == Employment.EMPLOYED:
        if not fields.get("contracted_hours_a_week"):
            errors["contracted_hours_a_week"] = "Enter the contracted hours a week."
        if not fields.get("hmrc_employer_reference", "").strip():
            errors["hmrc_employer_reference"] = "Enter the family's HMRC employer reference, as 123/AB45678."
    elif employment == Employment.SELF_EMPLOYED:
        for name, label in (
            ("charges", "the charges"),
            ("support_times", "the support times"),
            ("notice", "the notice"),
        ):
            if not str(fields.get(name, "")).strip():
                errors[name] = f"Enter {label}, as the written agreement states them."
    else:
        errors["employment"] = "Choose whether the assistant is employed or self-employed."
    if fields.get("close_relative_in_household") and not str(fields.get("close_relative_reason", "")).strip():
        errors["close_relative_reason"] = (
            "A close relative in the same household is paid only where it is necessary: record why."
        )
    if errors:
        raise ValidationError(errors)
    assistant = PersonalAssistant(agreement=agreement, **fields)
    assistant._history_user = _who(by)  # type: ignore[attr-defined]
    assistant.full_clean()
    assistant.save()
    return assistant


def checks_due(assistant: PersonalAssistant, *, today: dt.date, within_days: int = 42) -> list[str]:
    """What falls due for an assistant: a missing check, a DBS over 3 years old, insurance renewing soon."""
    due: list[str] = []
    if assistant.dbs_checked_on is None:
        due.append("DBS check not recorded")
    elif assistant.dbs_checked_on + dt.timedelta(days=3 * 365) <= today + dt.timedelta(days=within_days):
        due.append(f"DBS check from {assistant.dbs_checked_on:%-d %B %Y} to renew")
    if assistant.right_to_work_checked_on is None:
        due.append("Right to work check not recorded")
    if assistant.employment == Employment.EMPLOYED:
        if assistant.insurance_renews_on is None:
            due.append("Employer's liability insurance not recorded")
        elif assistant.insurance_renews_on <= today + dt.timedelta(days=within_days):
            due.append(f"Employer's liability insurance renews on {assistant.insurance_renews_on:%-d %B %Y}")
    return due


@transaction.atomic
def return_record(
    *,
    agreement: Agreement,
    period_ends_on: dt.date,
    balance_pence: int,
    spent_pence: int,
    spending: str,
    provider: str,
    provider_gives_personal_care: bool,
    provider_cqc_registered: bool | None,
    by: Any,
) -> MonitoringReturn:
    """A monitoring return: the balance and what was spent against the plan's outcomes. The surplus is the
    balance above the policy's weeks of funding, the family's own contribution apart; personal care from a
    provider not registered with the CQC is flagged to the team."""
    if not spending.strip():
        raise ValidationError({"spending": "Say what was spent against the plan's outcomes."})
    if provider_gives_personal_care and provider_cqc_registered is None:
        raise ValidationError(
            {"provider_cqc_registered": "Say whether the provider is registered with the CQC."}
        )
    rules = packages_policy(period_ends_on)
    threshold = (agreement.weekly_pence or agreement.one_off_pence or 0) * (
        rules.surplus_threshold_weeks if agreement.is_regular else 1
    )
    contribution = agreement.family_contribution_weekly_pence * rules.surplus_threshold_weeks
    surplus = max(balance_pence - contribution - threshold, 0)
    item = MonitoringReturn(
        agreement=agreement,
        period_ends_on=period_ends_on,
        balance_pence=balance_pence,
        spent_pence=spent_pence,
        spending=spending.strip(),
        provider=provider.strip(),
        provider_gives_personal_care=provider_gives_personal_care,
        provider_cqc_registered=provider_cqc_registered,
        cqc_flag=bool(provider_gives_personal_care and provider_cqc_registered is False),
        surplus_pence=surplus,
        created_by=_who(by),
    )
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError as clash:
        raise ValidationError(
            {"period_ends_on": "A return for this period has already been sent."}
        ) from clash
    return item


@transaction.atomic
def surplus_recover(
    *, monitoring_return: MonitoringReturn, method: str, by: Any, today: dt.date | None = None
) -> SurplusRecovery:
    """Start recovering a return's surplus, with notice: repaid within the policy's days, or taken from future
    instalments. The family's own contribution is refunded apart, never recovered."""
    today = today or timezone.localdate()
    item = (
        MonitoringReturn.objects.select_for_update().select_related("agreement").get(pk=monitoring_return.pk)
    )
    if item.surplus_pence <= 0:
        raise ValidationError("This return has no surplus above the threshold.")
    if hasattr(item, "recovery"):
        raise ValidationError("Recovery of this surplus has already started.")
    if method not in RecoveryMethod.values:
        raise ValidationError({"method": "Choose how the surplus is recovered."})
    rules = packages_policy(today)
    agreement = item.agreement
    return SurplusRecovery.objects.create(
        agreement=agreement,
        monitoring_return=item,
        threshold_pence=(agreement.weekly_pence or 0) * rules.surplus_threshold_weeks,
        family_contribution_pence=agreement.family_contribution_weekly_pence * rules.surplus_threshold_weeks,
        amount_pence=item.surplus_pence,
        method=method,
        notice_given_on=today,
        recover_by=today + dt.timedelta(days=rules.repay_within_days),
        created_by=by,
    )


def schedules_generate(*, through: dt.date, by: Any) -> int:
    """Write every authorised agreement's instalments due up to `through`. Returns how many were written."""
    written = 0
    agreements = Agreement.objects.filter(element__package__status=PackageStatus.AUTHORISED).values_list(
        "pk", flat=True
    )
    for pk in agreements.iterator(chunk_size=2000):
        written += schedule_generate(agreement=Agreement(pk=pk), through=through, by=by)
    return written
