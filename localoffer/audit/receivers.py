"""Into the audit trail: every create, change and delete of a registered model (`audit/registry.py`),
and sign-in, failed sign-in and sign-out."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from localoffer.audit.context import audit_context
from localoffer.audit.models import Action
from localoffer.audit.registry import is_audited
from localoffer.audit.services import audit_record
from localoffer.core.http import client_ip

# Fields never worth recording as "changed" (they change on every save, or hold secrets).
_IGNORED_FIELDS = {"last_login", "password", "updated_at"}


def _field_values(instance: models.Model) -> dict[str, Any]:
    return {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if field.attname not in _IGNORED_FIELDS
    }


@receiver(pre_save, dispatch_uid="audit-remember-old-values")
def _remember_old_values(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if not is_audited(sender):
        return
    if instance._state.adding or instance.pk is None or kwargs.get("raw"):
        instance._audit_old_values = None  # type: ignore[attr-defined]
        return
    old = (
        sender._default_manager.filter(pk=instance.pk)
        .values(*[f.attname for f in instance._meta.concrete_fields if f.attname not in _IGNORED_FIELDS])
        .first()
    )
    instance._audit_old_values = old  # type: ignore[attr-defined]


@receiver(post_save, dispatch_uid="audit-record-save")
def _record_save(sender: type[models.Model], instance: models.Model, created: bool, **kwargs: Any) -> None:
    if kwargs.get("raw") or not is_audited(sender):
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


@receiver(post_delete, dispatch_uid="audit-record-delete")
def _record_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if not is_audited(sender):
        return
    audit_record(action=Action.DELETE, obj=instance)


@receiver(user_logged_in)
def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    with audit_context(actor=user):
        audit_record(action=Action.SIGN_IN, obj=user, actor=user)


@receiver(user_logged_out)
def _signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(action=Action.SIGN_OUT, obj=user, actor=user)


@receiver(user_login_failed)
def _sign_in_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    username = str(credentials.get("username", ""))[:150]
    known = get_user_model()._default_manager.filter(username=username).first()
    ip = client_ip(request) if request is not None else None
    with audit_context(ip_address=ip):
        audit_record(
            action=Action.SIGN_IN_FAILED,
            object_type=get_user_model()._meta.label_lower,
            object_id=str(known.pk) if known else "",
            object_repr=username,
            detail="unknown user name" if known is None else "wrong password or code",
        )
