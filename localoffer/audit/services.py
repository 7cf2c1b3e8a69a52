"""Writing to the audit trail. Every feature records through these functions, never by saving events itself."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models

from localoffer.audit.context import current
from localoffer.audit.models import Action, AuditEvent
from localoffer.audit.registry import child_id_of


def audit_record(
    *,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    child_id: uuid.UUID | None = None,
    changed_fields: Iterable[str] = (),
    purpose: str = "",
    detail: str = "",
    actor: Any = None,
) -> AuditEvent:
    """Append one event to the audit trail, filling in who, from where and why from the current context."""
    if action not in Action.values:
        raise ValueError(f"Unknown audit action {action!r}.")
    context = current()
    who = actor if actor is not None else context.actor
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)
        if child_id is None:
            child_id = child_id_of(obj)
    if action == Action.VIEW_DENIED and context.refusals is not None:
        context.refusals.append(object_id)
    return AuditEvent.objects.create(
        actor_id=getattr(who, "pk", None) if who is not None else None,
        actor_name=(who.get_username() if who is not None and hasattr(who, "get_username") else context.via),
        actor_role=getattr(who, "role", "") or "",
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:200],
        child_id=child_id,
        changed_fields=sorted(changed_fields),
        purpose=(purpose or context.purpose)[:500],
        ip_address=context.ip_address,
        user_agent=context.user_agent,
        request_id=context.request_id,
        detail=(detail or (f"via {context.via}" if context.via else ""))[:500],
    )
