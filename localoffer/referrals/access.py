"""The one place that decides who may see a referral. Every page and selector asks it; deny by default.

- The person who sent it sees their own (a family's application, a professional's referral).
- A family sees referrals about a child they are linked to (through `child_access`), once sent, except a
  worry about the child's safety: telling the family who raised it could put the child at more risk.
- Staff see their own team's queue; duty workers see every worry about a child's safety.
- A practitioner whose team is working with the linked child sees it (through `child_access`).
Nobody but its author sees a draft.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from localoffer.core.roles import CASEWORK_ROLES, FAMILY_ROLES, Role
from localoffer.people.access import child_access, children_visible_to
from localoffer.referrals.models import Referral, Route, Status

# Staff roles that work a team's referral queue.
QUEUE_ROLES: frozenset[str] = frozenset({*CASEWORK_ROLES, Role.DUTY_WORKER, Role.MANAGER})


@dataclass(frozen=True)
class ReferralAccess:
    allowed: bool
    reason: str = ""
    may_triage: bool = False


DENIED = ReferralAccess(allowed=False, reason="no recorded relationship with this referral")


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def referral_access(user: Any, referral: Referral) -> ReferralAccess:
    if not _active(user):
        return DENIED
    role = getattr(user, "role", "")
    if referral.submitted_by_id is not None and referral.submitted_by_id == user.pk:
        return ReferralAccess(allowed=True, reason="they sent it")
    if referral.status == Status.DRAFT:
        return DENIED
    if role in QUEUE_ROLES:
        if user.team_id and user.team_id == referral.team_id:
            return ReferralAccess(allowed=True, reason="their team's queue", may_triage=True)
        if role == Role.DUTY_WORKER and referral.route == Route.SAFETY_CONCERN:
            return ReferralAccess(allowed=True, reason="duty sees every safety concern", may_triage=True)
    if referral.route == Route.SAFETY_CONCERN and role in FAMILY_ROLES:
        return DENIED
    if referral.child is not None and role in (FAMILY_ROLES | CASEWORK_ROLES):
        decision = child_access(user, referral.child)
        if decision.allowed and not decision.needs_purpose:
            return ReferralAccess(allowed=True, reason=f"child's record: {decision.reason}")
    return DENIED


def referrals_visible_to(user: Any) -> QuerySet[Referral]:
    """The same decision as a query, for lists (drafts only for their author)."""
    if not _active(user):
        return Referral.objects.none()
    role = getattr(user, "role", "")
    sent = ~Q(status=Status.DRAFT)
    condition = Q(submitted_by=user)
    if role in QUEUE_ROLES and user.team_id:
        condition |= sent & Q(team_id=user.team_id)
    if role == Role.DUTY_WORKER:
        condition |= sent & Q(route=Route.SAFETY_CONCERN)
    if role in CASEWORK_ROLES:
        condition |= sent & Q(child__in=children_visible_to(user))
    if role in FAMILY_ROLES:
        condition |= sent & Q(child__in=children_visible_to(user)) & ~Q(route=Route.SAFETY_CONCERN)
    return Referral.objects.filter(condition).distinct()


def browser_access(user: Any, referral: Referral, held: Any) -> ReferralAccess:
    """Someone without an account fills in and sends an application from their browser. The browser holds
    the draft it started (or opened from the emailed link); that draft, and once sent its own page, is
    theirs. A draft made by an account is never opened this way."""
    if referral.submitted_by_id is None and referral.partner_id is None and str(referral.pk) in held:
        if referral.route == Route.SAFETY_CONCERN:
            return DENIED
        return ReferralAccess(allowed=True, reason="started in this browser, or opened from the emailed link")
    if _active(user) and referral.submitted_by_id == user.pk:
        return ReferralAccess(allowed=True, reason="they sent it")
    return DENIED
