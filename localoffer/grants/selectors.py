"""Reading the grant. A case is about a child, so opening one asks the child access decision and is audited."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone

from localoffer.audit.models import Action
from localoffer.audit.services import audit_record
from localoffer.grants.access import awards_visible_to, cases_visible_to, grant_access
from localoffer.grants.models import (
    Award,
    AwardStatus,
    BudgetYear,
    CaseStatus,
    GrantCase,
    OtherSupport,
    PaymentConfirmation,
    PaymentInstruction,
    PaymentRun,
    PolicyStatus,
    PolicyVersion,
    Renewal,
    RenewalStatus,
    SpendingReturn,
    Statement,
    StatementStatus,
)
from localoffer.people.models import Child


def other_support_current(child: Child, *, today: dt.date) -> list[OtherSupport]:
    return [item for item in child.other_support.all() if item.is_current(today)]


def has_other_short_breaks(child: Child, *, today: dt.date) -> bool:
    return (
        OtherSupport.objects.filter(child=child, started_on__lte=today)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .exists()
    )


def case_queue(*, user: Any, status: str, search: str = "") -> QuerySet[GrantCase]:
    """The cases of the children whose grant records this person may see (their team's caseload), found by
    reference (the case's or its application's), the child's name, or date of birth."""
    cases = cases_visible_to(user).filter(status=status)
    if search.strip():
        cases = cases.filter(case_search_condition(search))
    return cases.select_related("child", "referral").order_by("received_on", "reference")


def case_search_condition(search: str) -> Q:
    """What a coordinator types to find a case: a reference, a name (first, last or both), or a date of
    birth written as 27/3/2015, 27 March 2015 or 2015-03-27."""
    text = " ".join(search.split())
    born = parse_day(text)
    if born is not None:
        return Q(child__date_of_birth=born)
    condition = Q(reference__iexact=text) | Q(referral__reference__iexact=text)
    words = text.split(" ")
    names = Q()
    for word in words:
        names &= Q(child__first_name__icontains=word) | Q(child__last_name__icontains=word)
    return condition | names


def parse_day(text: str) -> dt.date | None:
    for pattern in ("%d/%m/%Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _audited_view(record: Any, child: Child, *, user: Any, what: str) -> None:
    access = grant_access(user, child)
    if not access.allowed:
        audit_record(action=Action.VIEW_DENIED, obj=record, detail=access.reason, actor=user)
        raise PermissionDenied(f"You cannot see this {what}")
    audit_record(action=Action.VIEW, obj=record, detail=access.reason, actor=user)


def case_get_for_user(*, user: Any, case_id: uuid.UUID) -> GrantCase:
    """Open a case: fetched, decided by the grant access decision, and the view (or refusal) audited."""
    case = (
        GrantCase.objects.select_related("child", "policy", "referral", "decided_by")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise Http404("No such case")
    _audited_view(case, case.child, user=user, what="case")
    return case


def decided_case_get_for_user(*, user: Any, case_id: uuid.UUID) -> GrantCase:
    """A decision letter: only a decided case has one."""
    case = case_get_for_user(user=user, case_id=case_id)
    if not case.is_decided:
        raise Http404("No decision to show")
    return case


def award_get_for_user(*, user: Any, award_id: uuid.UUID) -> Award:
    award = Award.objects.select_related("child", "policy").filter(pk=award_id).first()
    if award is None:
        raise Http404("No such award")
    _audited_view(award, award.child, user=user, what="award")
    return award


def renewal_get_for_user(*, user: Any, renewal_id: uuid.UUID) -> Renewal:
    renewal = Renewal.objects.select_related("award__child").filter(pk=renewal_id).first()
    if renewal is None:
        raise Http404("No such renewal")
    _audited_view(renewal, renewal.award.child, user=user, what="renewal")
    return renewal


def spending_of(*, award: Award) -> QuerySet[SpendingReturn]:
    """An award's spending returns (the award was opened through `award_get_for_user`)."""
    return award.spending.all()


def flagged_spending(*, user: Any, limit: int = 200) -> QuerySet[SpendingReturn]:
    """Spending in categories the policy excludes, for the children whose grant records `user` may see."""
    return (
        SpendingReturn.objects.filter(flagged=True, award__in=awards_visible_to(user))
        .select_related("award__child")
        .order_by("-spent_on")[:limit]
    )


def whole_package(case: GrantCase, *, today: dt.date) -> dict[str, Any]:
    """The family's whole package beside the case: other short breaks and current awards."""
    from localoffer.grants.services import current_policy

    policy = current_policy()
    other = other_support_current(case.child, today=today)
    awards = list(case.child.grant_awards.filter(ends_on__gte=today).select_related("payment"))
    return {
        "other_support": other,
        "awards": awards,
        "stops": bool(policy and policy.stops_with_other_short_breaks and other),
        "policy": policy,
    }


def policy_get(*, policy_id: uuid.UUID) -> PolicyVersion:
    policy = PolicyVersion.objects.prefetch_related("levels").filter(pk=policy_id).first()
    if policy is None:
        raise Http404("No such policy version")
    return policy


def payment_runs(*, limit: int = 24) -> QuerySet[PaymentRun]:
    return PaymentRun.objects.select_related("created_by")[:limit]


def payment_run_get(*, number: int) -> PaymentRun:
    run = PaymentRun.objects.filter(number=number).first()
    if run is None:
        raise Http404("No such payment run")
    return run


@dataclass(frozen=True)
class PaymentRunPlan:
    """What a payment run would send now, for the confirmation page."""

    count: int
    total_pence: int


def payment_run_plan() -> PaymentRunPlan:
    totals = unpaid_instructions().aggregate(count=Count("id"), total=Sum("amount_pence"))
    return PaymentRunPlan(count=totals["count"] or 0, total_pence=totals["total"] or 0)


def renewal_counts() -> dict[str, int]:
    counts = dict(Renewal.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    return {label: counts.get(value, 0) for value, label in RenewalStatus.choices}


def decisions_for_family(*, user: Any) -> QuerySet[GrantCase]:
    return (
        GrantCase.objects.filter(
            child__family_links__user=user, status__in=[CaseStatus.APPROVED, CaseStatus.DECLINED]
        )
        .select_related("child", "policy")
        .order_by("-decided_at")
    )


@dataclass(frozen=True)
class FamilyAward:
    """One of the family's awards with where its money is, said plainly, and its renewal if any."""

    award: Award
    money: str
    renewal: Renewal | None


def _where_the_money_is(award: Award) -> str:
    instruction = getattr(award, "payment", None)
    if instruction is None:
        return "No payment: this level of the grant does not pay money"
    confirmation = getattr(instruction, "confirmation", None)
    if confirmation is not None:
        return f"Paid on {_day(confirmation.paid_on)}"
    line = getattr(instruction, "run_line", None)
    if line is not None:
        return f"Sent for payment on {_day(timezone.localdate(line.run.created_at))}"
    return "Approved, waiting to be paid"


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def awards_for_family(*, user: Any) -> list[FamilyAward]:
    """The awards of this family's own children (the child access decision's family scope): each with
    where its money is, read from the ledger, and its renewal invitation."""
    awards = (
        awards_visible_to(user)
        .filter(child__family_links__user=user)
        .select_related(
            "child", "payment__run_line__run", "payment__confirmation", "renewal", "renewal__case"
        )
        .distinct()
        .order_by("-starts_on", "child__first_name")
    )
    return [
        FamilyAward(award=award, money=_where_the_money_is(award), renewal=getattr(award, "renewal", None))
        for award in awards
    ]


def policy_versions() -> QuerySet[PolicyVersion]:
    return PolicyVersion.objects.prefetch_related("levels").order_by("-number")


def published_policy_versions() -> QuerySet[PolicyVersion]:
    return policy_versions().filter(status__in=[PolicyStatus.PUBLISHED, PolicyStatus.SUPERSEDED])


def active_awards(*, today: dt.date) -> QuerySet[Award]:
    return Award.objects.filter(status=AwardStatus.ACTIVE, starts_on__lte=today, ends_on__gte=today)


# --- Budget ----------------------------------------------------------------------------------------------


@dataclass
class BudgetSummary:
    start_year: int
    label: str
    budget_pence: int | None
    committed_pence: int
    paid_pence: int
    by_level: list[dict[str, int]]
    by_month: list[dict[str, Any]]
    forecast_pence: int

    @property
    def remaining_pence(self) -> int | None:
        return None if self.budget_pence is None else self.budget_pence - self.committed_pence

    @property
    def forecast_remaining_pence(self) -> int | None:
        return None if self.budget_pence is None else self.budget_pence - self.forecast_pence

    @property
    def forecast_overspend_pence(self) -> int:
        """How far over the budget the forecast goes (0 when it stays within it, or no budget is set)."""
        remaining = self.forecast_remaining_pence
        return -remaining if remaining is not None and remaining < 0 else 0


def budget_summary(*, start_year: int, today: dt.date) -> BudgetSummary:
    """Committed (awards made), paid (confirmed by finance), by level and by month, and a forecast to the
    year's end: what is committed, plus the months left at the average monthly commitment so far."""
    budget = BudgetYear.objects.filter(start_year=start_year).first()
    awards = Award.objects.filter(budget_year=start_year)
    committed = awards.aggregate(total=Sum("amount_pence"))["total"] or 0
    paid = (
        PaymentConfirmation.objects.filter(instruction__budget_year=start_year).aggregate(
            total=Sum("instruction__amount_pence")
        )["total"]
        or 0
    )
    by_level = [
        {"level": row["level"], "count": row["count"], "committed_pence": row["total"] or 0}
        for row in awards.values("level")
        .annotate(count=Count("id"), total=Sum("amount_pence"))
        .order_by("level")
    ]
    committed_by_month = {
        row["month"].date() if hasattr(row["month"], "date") else row["month"]: row["total"] or 0
        for row in awards.annotate(month=TruncMonth("starts_on"))
        .values("month")
        .annotate(total=Sum("amount_pence"))
    }
    paid_by_month = {
        row["month"].date() if hasattr(row["month"], "date") else row["month"]: row["total"] or 0
        for row in PaymentConfirmation.objects.filter(instruction__budget_year=start_year)
        .annotate(month=TruncMonth("paid_on"))
        .values("month")
        .annotate(total=Sum("instruction__amount_pence"))
    }
    months = [dt.date(start_year + (m // 12), m % 12 + 1, 1) for m in range(3, 15)]
    by_month = [
        {"month": m, "committed_pence": committed_by_month.get(m, 0), "paid_pence": paid_by_month.get(m, 0)}
        for m in months
    ]
    elapsed = [m for m in months if m <= today]
    so_far = sum(committed_by_month.get(m, 0) for m in elapsed)
    remaining_months = len(months) - len(elapsed)
    forecast = committed + (so_far // len(elapsed) * remaining_months if elapsed else 0)
    return BudgetSummary(
        start_year=start_year,
        label=f"{start_year}/{str(start_year + 1)[-2:]}",
        budget_pence=budget.amount_pence if budget else None,
        committed_pence=committed,
        paid_pence=paid,
        by_level=by_level,
        by_month=by_month,
        forecast_pence=forecast,
    )


def unpaid_instructions() -> QuerySet[PaymentInstruction]:
    return PaymentInstruction.objects.filter(run_line__isnull=True)


# --- The statement ---------------------------------------------------------------------------------------

_PUBLIC_STATEMENT = (StatementStatus.PUBLISHED, StatementStatus.SUPERSEDED)


def statement_versions() -> QuerySet[Statement]:
    """Every version the public may read, newest first."""
    return Statement.objects.filter(status__in=_PUBLIC_STATEMENT).order_by("-number")


def statement_version_get(*, number: int) -> Statement:
    item = statement_versions().filter(number=number).first()
    if item is None:
        raise Http404("No such version of the statement")
    return item


def statement_draft() -> Statement | None:
    return Statement.objects.filter(status=StatementStatus.DRAFT).first()


def statement_draft_get(*, statement_id: Any) -> Statement:
    try:
        item = Statement.objects.filter(pk=statement_id, status=StatementStatus.DRAFT).first()
    except (ValueError, TypeError, ValidationError):
        item = None
    if item is None:
        raise Http404("No such draft")
    return item
