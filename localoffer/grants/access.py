"""The one place that decides who may see a child's grant records: cases, decisions, awards, renewals and
spending. Every view and selector asks it; deny by default.

A grant record is about a child, so it follows the child's record (`people.access.child_access`): the
child's family, and the staff whose team is working with the child, without a purpose to state. Roles that
may look any child up only with a purpose (duty workers, managers) do not open grant records that way; the
grant's own pages for managers show totals, not children. What each role may do on a page (evaluate, run
payments) is the page's permission (`grants/rules.py`); this decides which children's records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from localoffer.grants.models import Award, GrantCase
from localoffer.people.access import child_access, children_visible_to
from localoffer.people.models import Child


@dataclass(frozen=True)
class GrantAccess:
    allowed: bool
    reason: str = ""


DENIED = GrantAccess(allowed=False, reason="no recorded relationship with this child")


def grant_access(user: Any, child: Child) -> GrantAccess:
    """May `user` see this child's grant records?"""
    decision = child_access(user, child)
    if decision.allowed and not decision.needs_purpose:
        return GrantAccess(allowed=True, reason=decision.reason)
    if decision.needs_purpose:
        return GrantAccess(allowed=False, reason="purpose needed: grant records open through the caseload")
    return DENIED


def grant_children_visible_to(user: Any) -> QuerySet[Child]:
    """The same decision as a query: the children whose grant records `user` may see."""
    return children_visible_to(user)


def cases_visible_to(user: Any) -> QuerySet[GrantCase]:
    return GrantCase.objects.filter(child__in=grant_children_visible_to(user))


def awards_visible_to(user: Any) -> QuerySet[Award]:
    return Award.objects.filter(child__in=grant_children_visible_to(user))
