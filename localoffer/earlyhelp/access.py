"""The one place that decides who may see a family's early help. Every view and selector asks it; deny by
default.

- The hub's early help practitioners see the hub's families (its caseload); managers oversee every hub.
- A partner lead practitioner (a school, a health visitor) sees only the families they lead.
- The team a step up went to (duty, the 0 to 25 team) reads the early help record it was sent with.
- A family member with an account sees their own family's early help (who the lead is, the plan), never
  the practitioner's working record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from localoffer.core.roles import FAMILY_ROLES, PARTNER_ROLES, Role
from localoffer.earlyhelp.models import Episode, Family

HUB_ROLES: frozenset[str] = frozenset({Role.EARLY_HELP_PRACTITIONER})


@dataclass(frozen=True)
class EpisodeAccess:
    allowed: bool
    reason: str = ""
    may_work: bool = False  # record the assessment, plan, progress, step up, closure


DENIED = EpisodeAccess(allowed=False, reason="no recorded relationship with this family")


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def episode_access(user: Any, episode: Episode) -> EpisodeAccess:
    if not _active(user):
        return DENIED
    role = getattr(user, "role", "")
    if episode.lead_practitioner_id is not None and episode.lead_practitioner_id == user.pk:
        return EpisodeAccess(allowed=True, reason="they lead this family's early help", may_work=True)
    if role in HUB_ROLES and user.team_id and user.team_id == episode.hub_id:
        return EpisodeAccess(allowed=True, reason="their hub's caseload", may_work=True)
    if role == Role.MANAGER:
        return EpisodeAccess(allowed=True, reason="a manager oversees the hubs' caseloads", may_work=True)
    if (
        role not in FAMILY_ROLES
        and role not in PARTNER_ROLES
        and user.team_id
        and episode.step_ups.filter(referral__team_id=user.team_id).exists()
    ):
        return EpisodeAccess(allowed=True, reason="it was sent with a step up to their team")
    return DENIED


def episodes_visible_to(user: Any) -> QuerySet[Episode]:
    """The same decision as a query, for the caseload lists (staff and partners, never families)."""
    if not _active(user):
        return Episode.objects.none()
    role = getattr(user, "role", "")
    if role == Role.MANAGER:
        return Episode.objects.all()
    condition = Q(lead_practitioner=user)
    if role in HUB_ROLES and user.team_id:
        condition |= Q(hub_id=user.team_id)
    return Episode.objects.filter(condition).distinct()


def families_of(user: Any) -> QuerySet[Family]:
    """The families a family member's account belongs to."""
    if not _active(user) or getattr(user, "role", "") not in FAMILY_ROLES:
        return Family.objects.none()
    return Family.objects.filter(members__account=user).distinct()


def family_may_see(user: Any, episode: Episode) -> bool:
    return families_of(user).filter(pk=episode.family_id).exists()
