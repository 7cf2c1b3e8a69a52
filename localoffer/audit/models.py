"""The audit trail: one append-only table of who did what to which record, when, from where and why."""

from __future__ import annotations

import uuid
from typing import Any, NoReturn

from django.conf import settings
from django.db import models


class AuditEventImmutable(Exception):
    """Raised on any attempt to change or remove an audit event."""


class Action(models.TextChoices):
    CREATE = "create", "Created"
    CHANGE = "change", "Changed"
    DELETE = "delete", "Deleted"
    VIEW = "view", "Viewed"
    VIEW_DENIED = "view_denied", "Refused access"
    SEARCH = "search", "Searched"
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Failed to sign in"
    SIGN_OUT = "sign_out", "Signed out"
    SECOND_FACTOR = "second_factor", "Confirmed second factor"


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditEventImmutable("Audit events cannot be changed.")

    def delete(self) -> NoReturn:
        raise AuditEventImmutable("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # What the actor was called, and their role, at the time: kept even if the account changes later.
    actor_name = models.CharField(max_length=200, blank=True)
    actor_role = models.CharField(max_length=40, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices, db_index=True)
    object_type = models.CharField(max_length=100, blank=True, db_index=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(max_length=200, blank=True)
    child_id = models.UUIDField(
        null=True, blank=True, db_index=True, help_text="The child the record is about."
    )
    changed_fields = models.JSONField(default=list, blank=True)
    purpose = models.CharField(max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    detail = models.CharField(max_length=500, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [models.Index(fields=["object_type", "object_id", "occurred_at"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_name or 'system'} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditEventImmutable("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditEventImmutable("Audit events cannot be deleted.")
