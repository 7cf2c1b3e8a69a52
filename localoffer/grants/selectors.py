"""Reading the grant. A case is about a child, so opening one asks the child access decision and is audited."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone

from localoffer.audit.models import Action
from localoffer.audit.services import audit_record
from localoffer.grants.models import (
    Award,
    AwardStatus,
    BudgetYear,
    CaseStatus,
    GrantCase,
    OtherSupport,
    PaymentConfirmation,
    PaymentInstruction,
    PolicyStatus,
    PolicyVersion,
    Renewal,
)
from localoffer.people.access import child_access, children_visible_to
from localoffer.people.models import Child


def other_support_current(child: Child, *, today: dt.date) -> list[OtherSupport]:
    return [item for item in child.other_support.all() if item.is_current(today)]


def has_other_short_breaks(child: Child, *, today: dt.date) -> bool:
    return (
        OtherSupport.objects.filter(child=child, started_on__lte=today)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .exists()
    )


def case_queue(*, user: Any, status: str) -> QuerySet[GrantCase]:
    """The cases of the children whose records this person may open: their team's caseload."""
    return (
        GrantCase.objects.filter(child__in=children_visible_to(user), status=status)
        .select_related("child")
        .order_by("received_on", "reference")
    )


def case_get_for_user(*, user: Any, case_id: uuid.UUID) -> GrantCase:
    case = GrantCase.objects.select_related("child", "policy").filter(pk=case_id).first()
    if case is None:
        raise Http404("No such case")
    access = child_access(user, case.child)
    if not access.allowed or access.needs_purpose:
        audit_record(
            action=Action.VIEW_DENIED, obj=case, detail=access.reason or "purpose needed", actor=user
        )
        raise PermissionDenied("You cannot see this case")
    audit_record(action=Action.VIEW, obj=case, detail=access.reason, actor=user)
    return case


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
        Award.objects.filter(child__in=children_visible_to(user), child__family_links__user=user)
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
