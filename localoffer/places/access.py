"""Who may see what of places. Provider staff see their own setting and nothing of any other; families and
workers see the requests and offers of the children whose records they may open (people/access.py)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from localoffer.core.roles import Role
from localoffer.people.access import child_access
from localoffer.places.models import Offer, PlaceRequest, ProviderMembership, Setting


def own_setting(user: Any) -> Setting:
    """The setting a provider staff account works at; refused if the account has none."""
    if getattr(user, "role", "") != Role.PROVIDER_STAFF:
        raise PermissionDenied
    membership = ProviderMembership.objects.filter(user=user).select_related("setting").first()
    if membership is None:
        raise PermissionDenied
    return membership.setting


def may_see_request(user: Any, request: PlaceRequest) -> bool:
    access = child_access(user, request.child)
    return access.allowed and not access.needs_purpose


def may_answer_offer(user: Any, offer: Offer) -> bool:
    return may_see_request(user, offer.request)
