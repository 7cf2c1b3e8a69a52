"""Children and young people, the people linked to them, and the teams involved with them."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from localoffer.audit.registry import audited


@audited(child=lambda child: child.id)
class Child(models.Model):
    """A child or young person (0 to 25) the council supports. Every view of the record is audited."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    postcode = models.CharField(max_length=10, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "children"

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: dt.date) -> int:
        years = day.year - self.date_of_birth.year
        if (day.month, day.day) < (self.date_of_birth.month, self.date_of_birth.day):
            years -= 1
        return years


class Relationship(models.TextChoices):
    PARENT = "parent", "Parent"
    CARER = "carer", "Carer"
    SELF = "self", "The young person"


@audited(child=lambda link: link.child_id)
class FamilyLink(models.Model):
    """An account that belongs to the child's family, or to the young person, and so may see the record."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="family_links")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="family_links")
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    has_parental_responsibility = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["child", "user"], name="one_link_per_child_and_user")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_relationship_display()}) of {self.child}"


@audited(child=lambda involvement: involvement.child_id)
class Involvement(models.Model):
    """A council team working with a child, from a date until it closes. The team's practitioners see the record."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="involvements")
    team = models.ForeignKey("teams.Team", on_delete=models.PROTECT, related_name="involvements")
    lead_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="involvement_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.team} with {self.child}"
