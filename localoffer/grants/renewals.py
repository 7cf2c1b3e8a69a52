"""Renewals and spending returns.

`renewals_run` is run once a day (the `grant_renewals` command, or the button on the renewals page): it
invites families six weeks before an award's year ends, reminds them after two weeks, and lapses the award
at the year's end if they have not answered, telling them each time after commit. Changes of circumstance
the records show (turned 18, moved out of Medway, short breaks through another route where the policy stops
the grant) are listed for the coordinators."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from localoffer.audit.context import audit_context
from localoffer.audit.context import current as current_context
from localoffer.grants.contact import short_breaks_call
from localoffer.grants.models import (
    Award,
    AwardStatus,
    CaseKind,
    OtherSupport,
    Renewal,
    RenewalMode,
    RenewalStatus,
    SpendingReturn,
)
from localoffer.grants.services import case_create, current_policy
from localoffer.grants.status import (
    RENEWAL_ALLOWED_PREVIOUS,
    award_status_change,
    refuse_unless_allowed,
    renewal_status_change,
)
from localoffer.messaging.services import message_queue

INVITE_BEFORE = dt.timedelta(days=42)
REMIND_AFTER = dt.timedelta(days=14)
MEDWAY_DISTRICTS = ("ME1", "ME2", "ME3", "ME4", "ME5", "ME7", "ME8")
OTHER_CATEGORY = "Something else"


@dataclass
class RenewalsRun:
    invited: int = 0
    reminded: int = 0
    lapsed: int = 0
    messages: list[tuple[str, str]] = field(default_factory=list)


@transaction.atomic
def renewals_run(*, today: dt.date | None = None, by: Any = None) -> RenewalsRun:
    today = today or timezone.localdate()
    actor = by if getattr(by, "pk", None) else None
    with audit_context(actor=actor, via=current_context().via or "command"):
        return _renewals_run(today=today, by=actor)


def _renewals_run(*, today: dt.date, by: Any) -> RenewalsRun:
    policy = current_policy()
    mode = policy.renewal_mode if policy else RenewalMode.REVIEW
    done = RenewalsRun()
    for award in renewals_due(today=today).select_for_update(of=("self",)):
        # One at a time, so that each invitation about a child is audited and has its history.
        invitation = Renewal(award=award, mode=mode, invited_on=today)
        invitation._history_user = by  # type: ignore[attr-defined]
        invitation.save()
        done.invited += 1
        done.messages.append((str(award.pk), "invite"))
    for renewal in renewals_to_remind(today=today):
        renewal_status_change(
            renewal=renewal, status=RenewalStatus.REMINDED, by=by, fields={"reminded_on": today}
        )
        done.reminded += 1
        done.messages.append((str(renewal.award_id), "remind"))
    for renewal in renewals_to_lapse(today=today).select_related("award"):
        renewal_status_change(
            renewal=renewal, status=RenewalStatus.LAPSED, by=by, fields={"lapsed_on": today}
        )
        award_status_change(award=renewal.award, status=AwardStatus.ENDED, by=by)
        done.lapsed += 1
        done.messages.append((str(renewal.award_id), "lapse"))
    for award_id, kind in done.messages:
        renewal_message_queue(award=Award.objects.select_related("child").get(pk=award_id), kind=kind)
    return done


def renewals_due(*, today: dt.date) -> QuerySet[Award]:
    """Active awards ending within six weeks that have no invitation yet."""
    return Award.objects.filter(
        status=AwardStatus.ACTIVE,
        ends_on__lte=today + INVITE_BEFORE,
        ends_on__gte=today,
        renewal__isnull=True,
    ).order_by("ends_on")


def renewals_to_remind(*, today: dt.date) -> QuerySet[Renewal]:
    return Renewal.objects.filter(status=RenewalStatus.INVITED, invited_on__lte=today - REMIND_AFTER)


def renewals_to_lapse(*, today: dt.date) -> QuerySet[Renewal]:
    return Renewal.objects.filter(
        status__in=[RenewalStatus.INVITED, RenewalStatus.REMINDED], award__ends_on__lt=today
    )


@dataclass(frozen=True)
class RenewalsPlan:
    """What today's run would do, for the confirmation page before it sends anything."""

    invite: int
    remind: int
    lapse: int

    @property
    def families(self) -> int:
        return self.invite + self.remind + self.lapse


def renewals_plan(*, today: dt.date | None = None) -> RenewalsPlan:
    today = today or timezone.localdate()
    return RenewalsPlan(
        invite=renewals_due(today=today).count(),
        remind=renewals_to_remind(today=today).count(),
        lapse=renewals_to_lapse(today=today).count(),
    )


RENEWAL_MESSAGES = {
    "invite": (
        "Your short breaks grant: time to {action}",
        "Your child's short breaks grant ends on {ends}. To keep it, {action} before then: sign in to the "
        "Local Offer and choose Short breaks grant decisions, or {call}.",
    ),
    "remind": (
        "Reminder: your short breaks grant ends on {ends}",
        "We have not heard from you yet. Your child's short breaks grant ends on {ends}. To keep it, {action} "
        "before then: sign in to the Local Offer, or {call}.",
    ),
    "lapse": (
        "Your short breaks grant has ended",
        "Your child's short breaks grant ended on {ends} because we did not hear from you. You can apply again "
        "at any time: {call}.",
    ),
}


def renewal_message_queue(*, award: Award, kind: str) -> None:
    """Tell each of the child's family what the renewal needs: recorded with the change, sent after commit
    by the messaging task, which retries (localoffer.messaging)."""

    action = (
        "reapply"
        if getattr(award, "renewal", None) and award.renewal.mode == RenewalMode.REAPPLY
        else ("ask for the annual review")
    )
    subject, body = RENEWAL_MESSAGES[kind]
    ends = f"{award.ends_on:%d %B %Y}".lstrip("0")
    for link in award.child.family_links.select_related("user"):
        message_queue(
            to=link.user.email,
            subject=subject.format(ends=ends, action=action),
            body=body.format(ends=ends, action=action, call=short_breaks_call()),
            about=award,
        )


@transaction.atomic
def renewal_respond(*, renewal: Renewal, by: Any, today: dt.date | None = None) -> Renewal:
    """The family asks for the review (or reapplies): a renewal case waits for a coordinator."""
    today = today or timezone.localdate()
    current = Renewal.objects.select_for_update().select_related("award__child").get(pk=renewal.pk)
    refuse_unless_allowed(
        RENEWAL_ALLOWED_PREVIOUS,
        current.status,
        RenewalStatus.ANSWERED,
        "This renewal has already been answered or has lapsed.",
    )
    case = case_create(child=current.award.child, kind=CaseKind.RENEWAL, received_on=today)
    return renewal_status_change(
        renewal=current, status=RenewalStatus.ANSWERED, by=by, fields={"case": case, "answered_on": today}
    )


@dataclass(frozen=True)
class CircumstanceChange:
    award: Award
    what: str


def circumstance_changes(*, today: dt.date | None = None, limit: int = 200) -> list[CircumstanceChange]:
    """Active awards whose records show the child may no longer qualify."""
    today = today or timezone.localdate()
    policy = current_policy()
    maximum_age = policy.maximum_age if policy else 17
    changes: list[CircumstanceChange] = []
    turned = dt.date(today.year - maximum_age - 1, today.month, min(today.day, 28))
    active = Award.objects.filter(status=AwardStatus.ACTIVE).select_related("child").order_by("ends_on")
    for award in active.filter(child__date_of_birth__lte=turned)[:limit]:
        changes.append(CircumstanceChange(award, f"Turned {maximum_age + 1}"))
    outside = active.exclude(child__postcode="")
    for district in MEDWAY_DISTRICTS:
        outside = outside.exclude(child__postcode__startswith=f"{district} ")
    for award in outside[:limit]:
        changes.append(CircumstanceChange(award, f"Postcode {award.child.postcode} is outside Medway"))
    if policy and policy.stops_with_other_short_breaks:
        with_other = OtherSupport.objects.filter(started_on__lte=today, ended_on__isnull=True).values(
            "child_id"
        )
        for award in active.filter(child_id__in=with_other)[:limit]:
            changes.append(CircumstanceChange(award, "Gets short breaks through another route"))
    return changes


def spending_categories(award: Award) -> list[str]:
    labels = [item["label"] for item in award.policy.inclusions + award.policy.exclusions]
    return [*labels, OTHER_CATEGORY]


@transaction.atomic
def spending_return_create(
    *, award: Award, category: str, description: str, amount_pence: int, spent_on: dt.date, by: Any
) -> SpendingReturn:
    """Record what the grant bought. A category the policy excludes is flagged for a coordinator."""
    if category not in spending_categories(award):
        raise ValidationError({"category": "Choose what kind of thing it was from the list"})
    if amount_pence <= 0:
        raise ValidationError({"amount_pence": "Enter an amount more than £0"})
    excluded = {item["label"]: item for item in award.policy.exclusions}
    flagged = category in excluded
    item = SpendingReturn(
        award=award,
        category=category,
        description=description.strip(),
        amount_pence=amount_pence,
        spent_on=spent_on,
        flagged=flagged,
        flag_reason=f"The grant cannot pay for {category.lower()}." if flagged else "",
        created_by=by if getattr(by, "pk", None) else None,
    )
    item.full_clean()
    item.save()
    return item
