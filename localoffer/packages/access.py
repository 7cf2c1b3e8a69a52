"""Who may see a child's package of care. Deny by default.

It follows the child's record (`people.access.child_access`): the child's family, and the staff whose team
works with the child. Managers, who authorise packages and see the caseload's double funding, open a child's
package without stating a purpose each time: the reason recorded is their role ("a manager authorising and
reviewing packages"), and every view is audited. Duty workers do not see packages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from localoffer.core.roles import FAMILY_ROLES, Role
from localoffer.people.access import ChildAccess, child_access, children_visible_to
from localoffer.people.models import Child


@dataclass(frozen=True)
class PackageAccess:
    allowed: bool
    reason: str = ""
    may_change: bool = False


DENIED = PackageAccess(allowed=False, reason="no recorded relationship with this child")
MANAGER_REASON = "a manager authorising and reviewing packages"


def package_access(user: Any, child: Child, *, child_decision: ChildAccess | None = None) -> PackageAccess:
    """`child_decision`: `child_access(user, child)` when the caller has already made it (the record page)."""
    if not (getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)):
        return DENIED
    role = getattr(user, "role", "")
    if role == Role.MANAGER:
        return PackageAccess(allowed=True, reason=MANAGER_REASON)
    decision = child_decision if child_decision is not None else child_access(user, child)
    if decision.allowed and not decision.needs_purpose:
        return PackageAccess(
            allowed=True,
            reason=decision.reason,
            may_change=role in (Role.SOCIAL_WORKER, Role.SDS_COORDINATOR),
        )
    return DENIED


def package_children_visible_to(user: Any) -> QuerySet[Child]:
    """The same decision as a query."""
    if getattr(user, "role", "") == Role.MANAGER and getattr(user, "is_active", False):
        return Child.objects.all()
    return children_visible_to(user)


def is_family(user: Any) -> bool:
    return getattr(user, "role", "") in FAMILY_ROLES
