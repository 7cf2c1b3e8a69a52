"""The council's teams, hubs and helplines that families can contact, with their opening hours."""

from __future__ import annotations

import uuid

from django.db import models
from simple_history.models import HistoricalRecords

from localoffer.audit.registry import audited


class TeamKind(models.TextChoices):
    TEAM = "team", "Team"
    HUB = "hub", "Children and family hub"
    HELPLINE = "helpline", "Helpline"
    SERVICE = "service", "Service"


class HoursSource(models.TextChoices):
    PUBLISHED = "published", "Published by the council"
    DEFAULT = "default", "Usual office hours (the council has not published this team's hours)"


@audited()
class Team(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=TeamKind.choices, default=TeamKind.TEAM)
    summary = models.TextField(help_text="What the team does and when to contact it, in plain words.")
    phone = models.CharField(max_length=30, blank=True)
    how_to_contact = models.TextField(
        blank=True, help_text="For a team with no public number: how families reach it instead."
    )
    area = models.CharField(max_length=100, blank=True, help_text="For hubs: the area the hub serves.")
    hours_source = models.CharField(max_length=20, choices=HoursSource.choices, default=HoursSource.DEFAULT)
    closed_on_bank_holidays = models.BooleanField(default=True)
    takes_safeguarding_concerns = models.BooleanField(default=False)
    display_order = models.PositiveIntegerField(default=100)
    source = models.CharField(
        max_length=200, blank=True, help_text="Where the facts about this team come from."
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["display_order", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def phone_href(self) -> str:
        return "tel:+44" + self.phone.replace(" ", "").removeprefix("0") if self.phone else ""


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


@audited()
class OpeningPeriod(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="opening_periods")
    weekday = models.IntegerField(choices=Weekday.choices)
    opens = models.TimeField()
    closes = models.TimeField()

    class Meta:
        ordering = ["team", "weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")), name="period_closes_after_opens"
            ),
            models.UniqueConstraint(fields=["team", "weekday", "opens"], name="one_period_per_start"),
        ]

    def __str__(self) -> str:
        return f"{self.team}: {self.get_weekday_display()} {self.opens:%H:%M} to {self.closes:%H:%M}"


@audited()
class ClosureDay(models.Model):
    """A day every team that closes on bank holidays is closed: England's bank holidays, and any others."""

    date = models.DateField(unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.name} ({self.date:%d %B %Y})"
