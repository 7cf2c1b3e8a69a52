from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

from localoffer.audit.registry import audited
from localoffer.core.roles import CASEWORK_ROLES, STAFF_ROLES, Role


@audited()
class User(AbstractUser):
    """Everyone who signs in: families, young people, professionals and staff. One role each."""

    role = models.CharField(max_length=40, choices=Role.choices)
    team = models.ForeignKey(
        "teams.Team",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        help_text="The council team a member of staff works in.",
    )
    provider = models.ForeignKey(
        "directory.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        help_text="For provider staff: the organisation whose Local Offer listings they keep up to date.",
    )
    organisation = models.CharField(
        max_length=200,
        blank=True,
        help_text="For referring professionals and provider staff: who they work for.",
    )
    email_verified_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the person proved the email address is theirs, by the link emailed to it.",
    )

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def clean(self) -> None:
        super().clean()
        if self.role in CASEWORK_ROLES and self.team_id is None:
            raise ValidationError({"team": "Choose the team this practitioner works in."})
        if self.role == Role.PROVIDER_STAFF and self.provider_id is None:
            raise ValidationError({"provider": "Choose the provider this member of staff works for."})

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Only system administrators reach the admin site; the flag follows the role, never set by hand.
        self.is_staff = self.role == Role.SYSTEM_ADMINISTRATOR
        super().save(*args, **kwargs)

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES


class PendingAccount(models.Model):
    """A family's request for an account, until the link emailed to them is used: once, before it expires.

    Only a hash of the link's token is kept. The account itself is made when the link is used and a
    password chosen, so whoever holds the email address chooses the password."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    role = models.CharField(max_length=40, choices=Role.choices)
    first_name = models.CharField(max_length=150)
    last_name = models.CharField(max_length=150)
    email = models.EmailField(max_length=150, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Account request {self.id}"


class RateLimitHit(models.Model):
    """One request that sends an email (an account link, a password reset), to limit how often they come.

    The key is a hash of the email address or network address, never the address itself."""

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=64)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["scope", "key", "at"], name="rate_limit_idx")]

    def __str__(self) -> str:
        return f"{self.scope} at {self.at}"
