"""Writing to the audit trail. Every feature records through these functions, never by saving events itself."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save

from localoffer.audit.context import current
from localoffer.audit.models import Action, AuditEvent

ChildOf = Callable[[Any], uuid.UUID | None]

# Models whose every create, change and delete is recorded, with how to find the child each is about.
_registry: dict[type[models.Model], ChildOf | None] = {}

# Fields never worth recording as "changed" (they change on every save, or hold secrets).
_IGNORED_FIELDS = {"last_login", "password", "updated_at"}


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
        if child_id is None and type(obj) in _registry:
            child_of = _registry[type(obj)]
            child_id = child_of(obj) if child_of else None
    return AuditEvent.objects.create(
        actor=who if who is not None and getattr(who, "pk", None) else None,
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


def audited[M: type[models.Model]](child: ChildOf | None = None) -> Callable[[M], M]:
    """Class decorator: record every create, change and delete of this model in the audit trail.

    `child` returns the id of the child a record is about, so that everything about one child can be
    found in the trail. The write and its audit event share a transaction: both happen, or neither.
    """

    def register(model: M) -> M:
        _registry[model] = child
        pre_save.connect(_remember_old_values, sender=model, weak=False)
        post_save.connect(_record_save, sender=model, weak=False)
        post_delete.connect(_record_delete, sender=model, weak=False)
        return model

    return register


def is_audited(model: type[models.Model]) -> bool:
    return model in _registry


def _field_values(instance: models.Model) -> dict[str, Any]:
    return {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if field.attname not in _IGNORED_FIELDS
    }


def _remember_old_values(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if instance._state.adding or instance.pk is None or kwargs.get("raw"):
        instance._audit_old_values = None  # type: ignore[attr-defined]
        return
    old = (
        sender._default_manager.filter(pk=instance.pk)
        .values(*[f.attname for f in instance._meta.concrete_fields if f.attname not in _IGNORED_FIELDS])
        .first()
    )
    instance._audit_old_values = old  # type: ignore[attr-defined]


def _record_save(sender: type[models.Model], instance: models.Model, created: bool, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    if created:
        audit_record(action=Action.CREATE, obj=instance)
        return
    old = getattr(instance, "_audit_old_values", None) or {}
    new = _field_values(instance)
    changed = [name for name, value in new.items() if name in old and old[name] != value]
    update_fields = kwargs.get("update_fields")
    if not changed and update_fields and set(update_fields) <= _IGNORED_FIELDS:
        return  # only bookkeeping fields were saved (for example last_login at sign-in)
    audit_record(action=Action.CHANGE, obj=instance, changed_fields=changed)


def _record_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    audit_record(action=Action.DELETE, obj=instance)
