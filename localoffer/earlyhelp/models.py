"""Early help: the family as the unit, its episode of early help in a hub, one lead practitioner chosen with
the family, the family assessment and plan, the team around the family, progress at key points against the
Supporting Families headings, step up and step down, and closure with whether the outcome was sustained.

Seed 002: one lead person per family, "who they can tell their story to", a family assessment and a plan of
action; the outcomes plan asks Medway to monitor progress at key points and evidence continued success.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from localoffer.audit.registry import audited


class Heading(models.TextChoices):
    """The Supporting Families outcome headings the seed names (seed 002, phases 1 and 2)."""

    SCHOOL_ATTENDANCE = "school_attendance", "Getting a good education (school attendance)"
    CRIME = "crime", "Crime and anti-social behaviour"
    WORK = "work", "Work and money (adults out of work)"
    DOMESTIC_ABUSE = "domestic_abuse", "Safe from domestic abuse"
    HEALTH = "health", "Good physical and mental health"
    CHILDREN_NEED_HELP = "children_need_help", "Children who need help"


class Rating(models.TextChoices):
    """Where the family is, for one heading, at a key point."""

    NOT_A_CONCERN = "not_a_concern", "Not a worry for this family"
    WORSE = "worse", "Worse"
    NO_CHANGE = "no_change", "No change yet"
    IMPROVING = "improving", "Improving"
    ACHIEVED = "achieved", "Outcome achieved"
    SUSTAINED = "sustained", "Outcome achieved and sustained"


class KeyPoint(models.TextChoices):
    START = "start", "At the start (after the family assessment)"
    REVIEW = "review", "At a review of the plan"
    CLOSURE = "closure", "At closure"
    AFTER_CLOSURE = "after_closure", "After closure (was it sustained?)"


class EpisodeStatus(models.TextChoices):
    OPEN = "open", "Open"
    STEPPED_UP = "stepped_up", "Stepped up to social care"
    CLOSED = "closed", "Closed"


class ClosureOutcome(models.TextChoices):
    ACHIEVED = "achieved", "The family's aims were met"
    PARTLY = "partly", "Some of the family's aims were met"
    NOT_MET = "not_met", "The family's aims were not met"
    FAMILY_ENDED = "family_ended", "The family chose to end early help"
    MOVED = "moved", "The family moved away"
    STEPPED_UP = "stepped_up", "Social care took over (stepped up)"


class Sustained(models.TextChoices):
    YES = "yes", "Yes: the change has lasted"
    NO = "no", "No: the change has not lasted"
    TOO_EARLY = "too_early", "Too early to say"


@audited()
class Family(models.Model):
    """A household: its members, and the children's records it links to. The unit early help works with."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=14, unique=True)
    name = models.CharField(max_length=200, help_text='How the family is known, like "the Okafor family".')
    household = models.TextField(blank=True, help_text="Who lives there, as the family told it.")
    postcode = models.CharField(max_length=10, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "families"

    def __str__(self) -> str:
        return self.reference


@audited(child=lambda member: member.child_id)
class FamilyMember(models.Model):
    """Someone in the household: a child with a record, an adult, maybe with an account to see the family's
    early help (who the lead is, the plan) and say how it is going."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=100, help_text="Mum, dad, grandparent, child, partner...")
    child = models.ForeignKey(
        "people.Child", null=True, blank=True, on_delete=models.PROTECT, related_name="early_help_members"
    )
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="early_help_memberships",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["family", "child"],
                condition=models.Q(child__isnull=False),
                name="child_once_a_family",
            ),
            models.UniqueConstraint(
                fields=["family", "account"],
                condition=models.Q(account__isnull=False),
                name="account_once_a_family",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.relationship} in {self.family}"


@audited()
class Episode(models.Model):
    """One episode of early help for a family, in a hub, from an accepted referral (or a step down) until
    closure. One lead practitioner at a time, chosen with the family."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="episodes")
    hub = models.ForeignKey("teams.Team", on_delete=models.PROTECT, related_name="early_help_episodes")
    referral = models.OneToOneField(
        "referrals.Referral",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="early_help_episode",
    )
    status = models.CharField(max_length=20, choices=EpisodeStatus.choices, default=EpisodeStatus.OPEN)
    opened_on = models.DateField()
    lead_practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="families_led"
    )
    lead_chosen_on = models.DateField(null=True, blank=True)
    lead_chosen_with_family = models.TextField(
        blank=True, help_text="What the family said about who should be their lead person."
    )
    review_due_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    closure_outcome = models.CharField(max_length=20, choices=ClosureOutcome.choices, blank=True)
    sustained = models.CharField(max_length=20, choices=Sustained.choices, blank=True)
    closure_summary = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-opened_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True) | models.Q(closed_on__gte=models.F("opened_on")),
                name="episode_closes_after_it_opens",
            ),
            models.UniqueConstraint(
                fields=["family"],
                condition=models.Q(status="open"),
                name="one_open_episode_per_family",
            ),
        ]

    def __str__(self) -> str:
        return f"Early help for {self.family}"

    @property
    def is_open(self) -> bool:
        return self.status == EpisodeStatus.OPEN

    def review_overdue_on(self, day: dt.date) -> bool:
        return self.is_open and self.review_due_on is not None and self.review_due_on < day


@audited()
class Assessment(models.Model):
    """The family assessment: what is going well and what the worries are, in the family's words and the
    practitioner's, and what the family wants to change."""

    episode = models.OneToOneField(Episode, on_delete=models.CASCADE, related_name="assessment")
    going_well_family = models.TextField()
    going_well_practitioner = models.TextField()
    worries_family = models.TextField()
    worries_practitioner = models.TextField()
    family_aims = models.TextField()
    completed_on = models.DateField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Family assessment for {self.episode.family}"


@audited()
class PlanAction(models.Model):
    """One action in the family plan: what, who owns it, by when, and under which heading."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="actions")
    action = models.TextField()
    owner = models.CharField(max_length=200, help_text="Who will do it: a family member or a practitioner.")
    due_on = models.DateField()
    heading = models.CharField(max_length=30, choices=Heading.choices)
    done_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "created_at"]

    def __str__(self) -> str:
        return f"Action in the plan for {self.episode.family}"


@audited()
class TeamMember(models.Model):
    """Someone in the team around the family: who, from which agency, doing what."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="team_around")
    name = models.CharField(max_length=200)
    agency = models.CharField(max_length=200)
    role = models.CharField(max_length=200, help_text="What they do with the family.")
    contact = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["agency", "name"]

    def __str__(self) -> str:
        return f"{self.agency} in the team around {self.episode.family}"


@audited()
class ProgressEntry(models.Model):
    """Where the family is under one heading at a key point, with the evidence for it."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="progress")
    key_point = models.CharField(max_length=20, choices=KeyPoint.choices)
    heading = models.CharField(max_length=30, choices=Heading.choices)
    rating = models.CharField(max_length=20, choices=Rating.choices)
    evidence = models.TextField(blank=True)
    recorded_on = models.DateField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_on", "created_at"]
        verbose_name_plural = "progress entries"

    def __str__(self) -> str:
        return f"{self.get_heading_display()} for {self.episode.family}"


class HowItIsGoing(models.TextChoices):
    WELL = "well", "Well: it is helping"
    OK = "ok", "Some of it is helping"
    NOT_WELL = "not_well", "Not well: it is not helping"


@audited()
class FamilyFeedback(models.Model):
    """The family says how early help is going, and how it is with their lead practitioner."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="feedback")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    how_it_is_going = models.CharField(max_length=20, choices=HowItIsGoing.choices)
    comments = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        verbose_name_plural = "family feedback"

    def __str__(self) -> str:
        return f"Feedback from {self.episode.family}"


@audited()
class StepUp(models.Model):
    """A step up to social care: the referral made, sent with this early help record."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="step_ups")
    referral = models.OneToOneField("referrals.Referral", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"Step up from {self.episode}"
