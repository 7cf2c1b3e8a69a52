"""Children and young people, the people linked to them, and the teams involved with them."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from localoffer.audit.registry import audited


class Sex(models.TextChoices):
    """As the Children in Need census codes it."""

    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Not known"


class Ethnicity(models.TextChoices):
    """The DfE's ethnicity codes (CIN census, rule 4220)."""

    WBRI = "WBRI", "White British"
    WIRI = "WIRI", "White Irish"
    WIRT = "WIRT", "Traveller of Irish heritage"
    WROM = "WROM", "Gypsy or Roma"
    WOTH = "WOTH", "Any other White background"
    MWBC = "MWBC", "White and Black Caribbean"
    MWBA = "MWBA", "White and Black African"
    MWAS = "MWAS", "White and Asian"
    MOTH = "MOTH", "Any other mixed background"
    AIND = "AIND", "Indian"
    APKN = "APKN", "Pakistani"
    ABAN = "ABAN", "Bangladeshi"
    AOTH = "AOTH", "Any other Asian background"
    BCRB = "BCRB", "Black Caribbean"
    BAFR = "BAFR", "Black African"
    BOTH = "BOTH", "Any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"


class Disability(models.TextChoices):
    """The CIN census disability codes (NONE alone, rule 8790; no code twice, 8794)."""

    NONE = "NONE", "No disability"
    MOB = "MOB", "Mobility"
    HAND = "HAND", "Hand function"
    PC = "PC", "Personal care"
    INC = "INC", "Incontinence"
    COMM = "COMM", "Communication"
    LD = "LD", "Learning"
    HEAR = "HEAR", "Hearing"
    VIS = "VIS", "Vision"
    BEH = "BEH", "Behaviour"
    CON = "CON", "Consciousness"
    AUT = "AUT", "Autism or Asperger syndrome"
    DDA = "DDA", "Other disability under the Disability Discrimination Act"


class MainNeed(models.TextChoices):
    """The CIN census primary need codes; the 0 to 25 disability team's children are mostly N2."""

    N0 = "N0", "Not stated"
    N1 = "N1", "Abuse or neglect"
    N2 = "N2", "Child's disability or illness"
    N3 = "N3", "Parental disability or illness"
    N4 = "N4", "Family in acute stress"
    N5 = "N5", "Family dysfunction"
    N6 = "N6", "Socially unacceptable behaviour"
    N7 = "N7", "Low income"
    N8 = "N8", "Absent parenting"
    N9 = "N9", "Cases other than children in need"


@audited(child=lambda child: child.id)
class Child(models.Model):
    """A child or young person (0 to 25) the council supports. Every view of the record is audited."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    postcode = models.CharField(max_length=10, blank=True)
    # What a council records and the returns need (the CIN census): asked once, here, and offered everywhere else.
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, default=Ethnicity.NOBT)
    disabilities = models.JSONField(default=list, blank=True, help_text="CIN census disability codes.")
    main_need = models.CharField(max_length=2, choices=MainNeed.choices, default=MainNeed.N2)
    communication_needs = models.TextField(
        blank=True, help_text="How the child communicates and what helps: signs, symbols, an interpreter."
    )
    upn = models.CharField("Unique pupil number", max_length=13, blank=True)
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

    @property
    def disability_labels(self) -> list[str]:
        labels = dict(Disability.choices)
        return [str(labels.get(code, code)) for code in self.disabilities]


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


class FamilyRole(models.TextChoices):
    MOTHER = "mother", "Mother"
    FATHER = "father", "Father"
    STEP_PARENT = "step_parent", "Step-parent"
    SIBLING = "sibling", "Brother or sister"
    GRANDPARENT = "grandparent", "Grandparent"
    AUNT_UNCLE = "aunt_uncle", "Aunt or uncle"
    FOSTER_CARER = "foster_carer", "Foster carer"
    FRIEND = "friend", "Family friend"
    PROFESSIONAL = "professional", "Professional"
    OTHER = "other", "Other"


@audited(child=lambda member: member.child_id)
class FamilyMember(models.Model):
    """Someone in the child's network, whether or not they have an account: who they are to the child, whether
    they hold parental responsibility, and whether and how to contact them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="family_members")
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=20, choices=FamilyRole.choices)
    has_parental_responsibility = models.BooleanField(default=False)
    lives_with_child = models.BooleanField(default=False)
    is_contact = models.BooleanField("Contact for the child", default=False)
    phone = models.CharField(max_length=30, blank=True)
    notes = models.TextField(
        blank=True, help_text="What helps when contacting them: times, language, access."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_contact", "-has_parental_responsibility", "name"]

    def __str__(self) -> str:
        return f"{self.get_relationship_display()} of a child"
