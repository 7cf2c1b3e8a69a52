"""Reading referrals. Opening one goes through `referral_get_for_user`, which asks the access decision and
writes the audit event, whether access is given or refused."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from localoffer.accounts.roles import Role
from localoffer.audit.models import Action
from localoffer.audit.services import audit_record
from localoffer.referrals.access import ReferralAccess, browser_access, referral_access, referrals_visible_to
from localoffer.referrals.models import OPEN_STATUSES, Referral, Route


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


def own_referrals(*, user: Any) -> QuerySet[Referral]:
    """What a family or professional has sent or started, and what was sent about a family's own children
    (by a professional, once matched to the child's record; never a safety concern), newest first."""
    return referrals_visible_to(user).select_related("team").order_by("-created_at")


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
