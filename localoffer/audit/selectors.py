"""Reading the audit trail: only managers may, and each search is itself recorded."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from localoffer.audit.models import AuditEvent


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    child_id: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def is_empty(self) -> bool:
        return not any(vars(self).values())


def audit_event_search(*, criteria: AuditFilter) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.select_related("actor").order_by("-occurred_at")
    if criteria.actor:
        events = events.filter(actor_name__icontains=criteria.actor)
    if criteria.action:
        events = events.filter(action=criteria.action)
    if criteria.object_type:
        events = events.filter(object_type=criteria.object_type)
    if criteria.object_id:
        events = events.filter(object_id=criteria.object_id)
    if criteria.child_id:
        events = events.filter(child_id=criteria.child_id)
    if criteria.date_from:
        events = events.filter(occurred_at__date__gte=criteria.date_from)
    if criteria.date_to:
        events = events.filter(occurred_at__date__lte=criteria.date_to)
    return events


def audit_object_types() -> list[str]:
    return list(AuditEvent.objects.order_by().values_list("object_type", flat=True).distinct())
