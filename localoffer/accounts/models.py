from __future__ import annotations

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
