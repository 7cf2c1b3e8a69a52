"""Transitions at each age, so nothing lapses by age: what must happen ahead of 14, 16, 17, 18 and 25, what
was done, and the handover to the next service, which the current worker holds until that service accepts.

Seed 001: at 16 a child in care moves to the leaving care team unless there is a clear reason to stay, with a
personal adviser from 16 who stays after 18. Seed 000: young people 18 to 24 stay with the 0 to 25 team, with a
co-ordinated transfer to adult social services at 25; supported living from 18 after a needs assessment.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from localoffer.audit.registry import audited


class TransitionStatus(models.TextChoices):
    WAITING = "waiting", "Waiting for the next service to accept"
    DONE = "done", "Done"


@audited(child=lambda transition: transition.child_id)
class Transition(models.Model):
    """What was done for one young person at one age."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="transitions")
    age = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, choices=TransitionStatus.choices)
    what_was_done = models.TextField(blank=True)
    in_care = models.BooleanField(null=True, blank=True)
    next_worker = models.CharField(
        max_length=200, blank=True, help_text="The personal adviser, or the adult services worker."
    )
    reason_to_stay = models.TextField(
        blank=True, help_text="At 16: why a child in care stays with their worker."
    )
    requested_on = models.DateField(
        null=True, blank=True, help_text="The Care Act assessment, or the handover."
    )
    accepted_on = models.DateField(null=True, blank=True, help_text="The next service accepted the handover.")
    done_on = models.DateField(null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["child", "age"]
        constraints = [models.UniqueConstraint(fields=["child", "age"], name="one_transition_per_age")]

    def __str__(self) -> str:
        return f"Transition at {self.age}"


@audited(child=lambda choice: choice.child_id)
class SharingChoice(models.Model):
    """A young person aged 18 or over decides whether a family member's account may see their record."""

    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="sharing_choices")
    family_member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    may_see = models.BooleanField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["decided_at"])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["child", "family_member"], name="one_sharing_choice_per_member")
        ]

    def __str__(self) -> str:
        return f"Sharing choice for {self.child_id}"
