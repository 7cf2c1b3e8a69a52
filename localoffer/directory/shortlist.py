"""A family's shortlist of services: kept in their browser session, no account needed, up to 50 services."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.template.loader import render_to_string

from localoffer.directory.models import Service
from localoffer.directory.selectors import public_services
from localoffer.messaging.services import message_queue

SESSION_KEY = "shortlist"
LIMIT = 50


def shortlist_slugs(session: Any) -> list[str]:
    return list(session.get(SESSION_KEY, []))


def shortlist_add(*, session: Any, slug: str) -> bool:
    """Add a live service; returns False when there is no such service or the list is full."""
    slugs = shortlist_slugs(session)
    if slug in slugs:
        return True
    if len(slugs) >= LIMIT or not public_services().filter(slug=slug).exists():
        return False
    session[SESSION_KEY] = [*slugs, slug]
    return True


def shortlist_remove(*, session: Any, slug: str) -> None:
    session[SESSION_KEY] = [s for s in shortlist_slugs(session) if s != slug]


def shortlist_services(session: Any) -> list[Service]:
    slugs = shortlist_slugs(session)
    found = {s.slug: s for s in public_services().select_related("organization").filter(slug__in=slugs)}
    return [found[slug] for slug in slugs if slug in found]


@transaction.atomic
def shortlist_email(*, session: Any, email: str, site: str) -> int:
    """Send the shortlist to the family's own address: recorded with the messaging app and sent by its task
    once this request's data is committed."""
    services = shortlist_services(session)
    body = render_to_string("directory/shortlist_email.txt", {"services": services, "site": site})
    message_queue(to=email, subject="Your shortlist from the Local Offer", body=body)
    return len(services)
