"""Reading referrals. Opening one goes through `referral_get_for_user`, which asks the access decision and
writes the audit event, whether access is given or refused."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from localoffer.audit.models import Action
from localoffer.audit.services import audit_record
from localoffer.core.roles import Role
from localoffer.people.models import Child
from localoffer.people.selectors import name_words
from localoffer.referrals.access import ReferralAccess, browser_access, referral_access, referrals_visible_to
from localoffer.referrals.models import OPEN_STATUSES, Referral, Route, Status


def referral_get_for_user(*, user: Any, referral_id: uuid.UUID) -> Referral:
    referral, _ = referral_get_with_access(user=user, referral_id=referral_id)
    return referral


def referral_get_with_access(*, user: Any, referral_id: uuid.UUID) -> tuple[Referral, ReferralAccess]:
    referral = (
        Referral.objects.select_related("team", "child", "assigned_to", "submitted_by")
        .filter(pk=referral_id)
        .first()
    )
    if referral is None:
        raise Http404("No referral with that identifier")
    access = referral_access(user, referral)
    if not access.allowed:
        audit_record(action=Action.VIEW_DENIED, obj=referral, detail=access.reason, actor=user)
        raise PermissionDenied("You cannot see this referral")
    audit_record(action=Action.VIEW, obj=referral, detail=access.reason, actor=user)
    return referral, access


def team_queue(*, user: Any) -> QuerySet[Referral]:
    """A team's open work: safety concerns first, then the longest waiting. Duty sees every safety concern."""
    mine = Q(team_id=user.team_id) if getattr(user, "team_id", None) else Q(pk__in=[])
    if getattr(user, "role", "") == Role.DUTY_WORKER:
        mine |= Q(route=Route.SAFETY_CONCERN)
    return (
        referrals_visible_to(user)
        .filter(mine, status__in=OPEN_STATUSES)
        .select_related("team", "assigned_to")
        .order_by("-urgent", "submitted_at")
    )


@dataclass
class QueueItem:
    """One line of the queue: a referral, and the repeats of it (the same answers sent again under other
    keys: a form sent from two tabs, or a flood) shown with it rather than as lines of their own."""

    referral: Referral
    repeats: list[Referral] = field(default_factory=list)


def team_queue_grouped(*, user: Any) -> list[QueueItem]:
    """The team's queue (team_queue) with repeats grouped under the first one sent."""
    items: list[QueueItem] = []
    first: dict[tuple[str, str], QueueItem] = {}
    for referral in team_queue(user=user):
        same = (referral.route, referral.submission_fingerprint)
        if referral.submission_fingerprint and same in first:
            first[same].repeats.append(referral)
            continue
        item = QueueItem(referral)
        if referral.submission_fingerprint:
            first[same] = item
        items.append(item)
    return items


def own_referrals(*, user: Any) -> QuerySet[Referral]:
    """What a family or professional has sent or started, and what was sent about a family's own children
    (by a professional, once matched to the child's record; never a safety concern), newest first."""
    return referrals_visible_to(user).select_related("team").order_by("-created_at")


# A reference as people type it: "MED-1234-AB", "med 1234 ab", "MED1234AB", or part of one ("1234").
_REFERENCE = re.compile(r"^(?:MED)?[\s-]*(\d{4})[\s-]*([A-Z]{2})?$", re.IGNORECASE)


def reference_typed(text: str) -> str | None:
    """The reference (or the start of one) that `text` is, in the form it is stored, or None."""
    found = _REFERENCE.match(text.strip())
    if found is None:
        return None
    digits, letters = found.groups()
    return f"MED-{digits}-{letters.upper()}" if letters else f"MED-{digits}-"


@dataclass(frozen=True)
class ReferralQuery:
    """What a worker looks for: words (a reference or the child's name), the child's date of birth, when it was
    received, and which statuses and routes."""

    text: str = ""
    date_of_birth: dt.date | None = None
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    statuses: tuple[str, ...] = field(default_factory=tuple)
    routes: tuple[str, ...] = field(default_factory=tuple)

    def describe(self) -> str:
        parts = [
            f"text={self.text!r}" if self.text else "",
            f"date_of_birth={self.date_of_birth}" if self.date_of_birth else "",
            f"received={self.received_from or ''}..{self.received_to or ''}"
            if self.received_from or self.received_to
            else "",
            f"status={','.join(self.statuses)}" if self.statuses else "",
            f"route={','.join(self.routes)}" if self.routes else "",
        ]
        return " ".join(part for part in parts if part) or "everything sent"


def referral_search(*, user: Any, query: ReferralQuery) -> QuerySet[Referral]:
    """Every sent referral `user` may see (access.referrals_visible_to), found by reference, the child's name
    (as told, or on the matched record) or date of birth, when it was received, status and route; newest first.
    Audited, like a search of children's records. Each word narrows it, in one flat condition: the cost grows
    with the words, never doubles."""
    condition = ~Q(status=Status.DRAFT)
    reference = reference_typed(query.text)
    if reference is not None:
        condition &= Q(reference__startswith=reference)
    else:
        for word in name_words(query.text):
            condition &= (
                Q(subject_first_name__icontains=word)
                | Q(subject_last_name__icontains=word)
                | Q(child__first_name__icontains=word)
                | Q(child__last_name__icontains=word)
                | Q(answers__child_name__icontains=word)
            )
    if query.date_of_birth is not None:
        condition &= (
            Q(subject_date_of_birth=query.date_of_birth)
            | Q(child__date_of_birth=query.date_of_birth)
            | Q(answers__child_age_or_date_of_birth__in=_told_forms(query.date_of_birth))
        )
    if query.received_from is not None:
        condition &= Q(submitted_at__date__gte=query.received_from)
    if query.received_to is not None:
        condition &= Q(submitted_at__date__lte=query.received_to)
    if query.statuses:
        condition &= Q(status__in=query.statuses)
    if query.routes:
        condition &= Q(route__in=query.routes)
    audit_record(
        action=Action.SEARCH,
        actor=user,
        object_type="referrals.referral",
        detail=query.describe()[:500],
    )
    return (
        referrals_visible_to(user)
        .filter(condition)
        .select_related("team", "child", "assigned_to")
        .order_by("-submitted_at")
    )


def _told_forms(day: dt.date) -> list[str]:
    """How a worry's free-text date of birth may have been written, for that day."""
    return [
        day.strftime("%d/%m/%Y"),
        f"{day.day}/{day.month}/{day.year}",
        day.isoformat(),
        f"{day.day} {day:%B %Y}",
    ]


def referrals_for_child(*, user: Any, child: Child) -> QuerySet[Referral]:
    """The referrals about a child that `user` may see, newest first, with what each opened (for the record)."""
    return (
        referrals_visible_to(user)
        .filter(child=child)
        .exclude(status=Status.DRAFT)
        .select_related("team")
        .prefetch_related("opened")
        .order_by("-submitted_at")
    )


def referral_get_for_browser(*, user: Any, referral_id: uuid.UUID, held: Any) -> Referral:
    """An application its sender fills in or sends documents for: their own account's, or (without an
    account) the one this browser holds. Audited like every other read."""
    referral = Referral.objects.select_related("team", "submitted_by").filter(pk=referral_id).first()
    if referral is None:
        raise Http404("No application with that identifier")
    access = browser_access(user, referral, held)
    actor = user if getattr(user, "is_authenticated", False) else None
    if not access.allowed:
        audit_record(action=Action.VIEW_DENIED, obj=referral, detail=access.reason, actor=actor)
        raise PermissionDenied("This application is not open in this browser")
    audit_record(action=Action.VIEW, obj=referral, detail=access.reason, actor=actor)
    return referral
