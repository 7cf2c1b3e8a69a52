"""The Local Offer: organisations, services, locations and the vocabularies that describe them.

The shape follows Open Referral UK 3.0 (organization, service, location, service at location, contact,
phone, schedule, cost option, taxonomy, taxonomy term, attribute), so the API can publish it as the
standard says. What a SEND Local Offer needs and the standard lacks is held as structured fields on the
service (level of need, residency, next step, quality assurance and review dates) and as taxonomy terms
linked to services (needs supported, how to get it, how it is paid for, when, staff ratios, area, kind of
help), so one mechanism serves the public filters and the standard's taxonomy_term_id filter.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Func, Value
from django.db.models.functions import Coalesce
from simple_history.models import HistoricalRecords

from localoffer.audit.registry import audited
from localoffer.directory.fulltext import SEARCH_COLUMNS


class OrganisationKind(models.TextChoices):
    COUNCIL = "council", "Council"
    PROVIDER = "provider", "Provider"
    VOLUNTARY = "voluntary", "Voluntary or community group"
    HEALTH = "health", "Health"


@audited()
class Organization(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField()
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    source = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


@audited()
class Taxonomy(models.Model):
    """A vocabulary: the needs a service supports, how to get it, when it runs, and so on."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField()
    version = models.CharField(max_length=20, default="1")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "taxonomies"

    def __str__(self) -> str:
        return self.name


@audited()
class TaxonomyTerm(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.PROTECT, related_name="terms")
    code = models.CharField(max_length=60)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    position = models.PositiveSmallIntegerField(default=0)
    # The words families use for this term ("autistic", "ASD" for autism; "Hoo" for the Hoo Peninsula):
    # indexed with every service that has the term, or a term above it (see directory.vocabulary).
    synonyms = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["taxonomy", "position", "name"]
        constraints = [models.UniqueConstraint(fields=["taxonomy", "code"], name="one_code_per_taxonomy")]

    def __str__(self) -> str:
        return self.name


class Level(models.TextChoices):
    UNIVERSAL = "universal", "Universal: open to everyone, no assessment"
    TARGETED = "targeted", "Targeted: after a short break application and assessment"
    SPECIALIST = "specialist", "Specialist: after an assessment by the 0 to 25 disability team"


class SearchDocument(Func):
    """A service's weighted tsvector, as PostgreSQL computes and stores it (the name above its terms, above
    who runs it and who it is for, above the rest). SQLite keeps no such column (NULL): its FTS5 table,
    kept by triggers, indexes the same columns."""

    output_field = SearchVectorField()

    def __init__(self) -> None:
        super().__init__(*(models.F(column) for column, _, _ in SEARCH_COLUMNS))

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:  # type: ignore[override]
        return "NULL", []

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        parts, params = [], []
        for expression, (_, weight, _) in zip(self.get_source_expressions(), SEARCH_COLUMNS, strict=True):
            sql, more = compiler.compile(expression)
            parts.append(f"setweight(to_tsvector('english'::regconfig, COALESCE({sql}, '')), '{weight}')")
            params.extend(more)
        return "(" + " || ".join(parts) + ")", params


LEVEL_ORDER = {Level.UNIVERSAL: 0, Level.TARGETED: 1, Level.SPECIALIST: 2}
AGE_NO_LIMIT = 200  # an upper age that stands for "no upper limit"


class Status(models.TextChoices):
    ACTIVE = "active", "Active"
    INACTIVE = "inactive", "Inactive"
    DEFUNCT = "defunct", "Defunct"
    TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"


class Residency(models.TextChoices):
    ANY = "", "Not restricted"
    MEDWAY = "medway", "Medway residents only"
    MEDWAY_FIRST = "medway-first", "Medway children first"


class Quality(models.TextChoices):
    COMMISSIONED = "commissioned", "Commissioned by the council"
    ASSURED = "assured", "Quality assured"
    NOT_ASSURED = "not-assured", "Not quality assured"


@audited()
class Service(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField(unique=True, max_length=100)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="services")
    name = models.CharField(max_length=200)
    description = models.TextField()
    url = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    closed_message = models.CharField(
        max_length=300, blank=True, help_text="While temporarily closed: what families should do instead."
    )
    hidden_from = models.DateField(null=True, blank=True, help_text="Not shown to the public from this date.")
    level = models.CharField(max_length=20, choices=Level.choices)
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    # The same ages with "no limit" as numbers, kept by the database, so that the age filter is one range
    # in an index (NULL meaning "no limit" would need an OR, which PostgreSQL cannot answer from the index).
    age_from = models.GeneratedField(
        expression=Coalesce("minimum_age", Value(0)), output_field=models.IntegerField(), db_persist=True
    )
    age_to = models.GeneratedField(
        expression=Coalesce("maximum_age", Value(AGE_NO_LIMIT)),
        output_field=models.IntegerField(),
        db_persist=True,
    )
    eligibility = models.TextField(blank=True, help_text="Who may use it, in plain words.")
    residency = models.CharField(max_length=20, choices=Residency.choices, blank=True, default=Residency.ANY)
    next_step = models.TextField(help_text="Exactly how a family gets this service.")
    capacity = models.TextField(blank=True)
    fees = models.TextField(blank=True)
    quality = models.CharField(max_length=20, choices=Quality.choices, default=Quality.NOT_ASSURED)
    planned = models.BooleanField(
        default=False,
        verbose_name="planned, not running yet",
        help_text="Shown as planned in the search, and left out of the guided route until it runs.",
    )
    online_route = models.CharField(
        max_length=100,
        blank=True,
        help_text="The name of this site's online form for it (for example referrals:apply-short-breaks).",
    )
    contact_teams = models.ManyToManyField(
        "teams.Team",
        blank=True,
        related_name="listings",
        help_text="The council teams that handle this service's route: who a family can call.",
    )
    assured_date = models.DateField(null=True, blank=True, help_text="When the listing was last checked.")
    next_review_due = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=300, blank=True)
    terms = models.ManyToManyField(TaxonomyTerm, through="ServiceAttribute", related_name="services")
    created_at = models.DateTimeField(auto_now_add=True)
    last_modified = models.DateTimeField(auto_now=True)
    # The words the search finds it by beyond its own fields, written by search.service_reindex: its terms'
    # names and the words families use for them, its organisation's name, and the markers of its terms that
    # have terms above or below them (a query word of those terms is searched for as the markers too). The
    # database indexes them with the rest (directory/fulltext.py).
    search_terms = models.TextField(blank=True, default="", editable=False)
    search_organisation = models.TextField(blank=True, default="", editable=False)
    search_related = models.TextField(blank=True, default="", editable=False)
    search_vector = models.GeneratedField(
        expression=SearchDocument(), output_field=SearchVectorField(), db_persist=True
    )

    history = HistoricalRecords(
        excluded_fields=[
            "last_modified",
            "age_from",
            "age_to",
            "search_terms",
            "search_organisation",
            "search_related",
            "search_vector",
        ]
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minimum_age__isnull=True)
                | models.Q(maximum_age__isnull=True)
                | models.Q(minimum_age__lte=models.F("maximum_age")),
                name="service_age_range_in_order",
            )
        ]
        indexes = [
            # The public filters (level, age) answered from the index alone on PostgreSQL, with what the
            # live-listing check and the ordering by name need carried in it.
            models.Index(
                fields=["level", "age_from", "age_to"],
                include=["status", "hidden_from", "name", "id"],
                name="service_filter_idx",
            ),
            # The first services by name at a level (the guided route's lists, the search without words),
            # read in order from the index and checked against its included columns, stopping at the last
            # one needed, rather than every service at the level read and sorted.
            models.Index(
                fields=["level", "name", "id"],
                include=["age_from", "age_to", "status", "hidden_from", "planned"],
                name="service_level_name_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_public_on(self, day: dt.date) -> bool:
        return self.status in (Status.ACTIVE, Status.TEMPORARILY_CLOSED) and (
            self.hidden_from is None or self.hidden_from > day
        )

    def age_text(self) -> str:
        if self.minimum_age is not None and self.maximum_age is not None:
            return f"{self.minimum_age} to {self.maximum_age}"
        if self.minimum_age is not None:
            return f"{self.minimum_age} and over"
        if self.maximum_age is not None:
            return f"up to {self.maximum_age}"
        return "any age"


class ServiceAttribute(models.Model):
    """A taxonomy term that describes a service (ORUK's attribute, linked to a service).

    Written only by `service_upsert`, which records a change to a service's terms as one audit event on the
    service rather than one per term."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="attributes")
    term = models.ForeignKey(TaxonomyTerm, on_delete=models.PROTECT, related_name="attributes")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "term"], name="one_attribute_per_term")]
        # "Services with this term" answered from the index alone.
        indexes = [models.Index(fields=["term", "service"], name="attribute_term_service_idx")]

    def __str__(self) -> str:
        return f"{self.service}: {self.term}"


@audited()
class CostOption(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    option = models.CharField(max_length=200)
    amount_pence = models.PositiveIntegerField(null=True, blank=True)
    amount_description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["amount_pence", "option"]

    def __str__(self) -> str:
        return self.option


class LocationType(models.TextChoices):
    PHYSICAL = "physical", "Physical"
    POSTAL = "postal", "Postal"
    VIRTUAL = "virtual", "Virtual"


@audited()
class Location(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    location_type = models.CharField(
        max_length=20, choices=LocationType.choices, default=LocationType.PHYSICAL
    )
    address_1 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    postal_code = models.CharField(max_length=10, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


@audited()
class ServiceAtLocation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="service_at_locations")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "location"], name="one_link_per_location")]

    def __str__(self) -> str:
        return f"{self.service} at {self.location}"


class FullTextField(models.TextField):
    """The hidden column an FTS5 table has under its own name: `MATCH` and the ranking function take it."""


class FullTextMatch(models.Lookup):
    lookup_name = "match"

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


FullTextField.register_lookup(FullTextMatch)


class InCapped(models.lookups.In):
    """`IN` a bounded subquery, which PostgreSQL is asked as `= ANY(ARRAY(subquery))`: the subquery is run
    once and the keys looked up in the index, where `IN` is often planned as a hash of the subquery's rows
    against every row of the table. (Other databases: `IN`.)"""

    lookup_name = "in_capped"

    def as_postgresql(self, compiler: Any, connection: Any) -> Any:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY(ARRAY{rhs})", [*lhs_params, *rhs_params]


ServiceAttribute._meta.get_field("service").register_lookup(InCapped)


class ServiceFullText(models.Model):
    """SQLite's FTS5 index of the services (made and kept by directory/fulltext.py, not by Django)."""

    service = models.OneToOneField(
        Service,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_column="service_id",
        db_constraint=False,
        related_name="fulltext",
    )
    index = FullTextField(db_column="directory_service_fts")

    class Meta:
        managed = False
        db_table = "directory_service_fts"

    def __str__(self) -> str:
        return str(self.service_id)


class IndexedWord(models.Model):
    """Every word of the directory's listings, once: where the words one typing slip from a query word are
    found, through a trigram index (pg_trgm on PostgreSQL, an FTS5 trigram table on SQLite)."""

    word = models.CharField(max_length=40, primary_key=True)

    def __str__(self) -> str:
        return self.word


class ChangeStatus(models.TextChoices):
    PENDING = "pending", "Waiting for an editor"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Not approved"


# The parts of a listing that editors change and providers may propose changes to.
EDITABLE_FIELDS = [
    "name",
    "description",
    "phone",
    "email",
    "url",
    "minimum_age",
    "maximum_age",
    "eligibility",
    "next_step",
    "capacity",
    "fees",
    "status",
    "closed_message",
    "hidden_from",
    "planned",
]


@audited()
class ListingChange(models.Model):
    """A change to a listing proposed by its provider, waiting in the editors' queue."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="proposed_changes")
    proposed_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    original = models.JSONField(help_text="The values of the changed fields when the change was proposed.")
    proposed = models.JSONField(help_text="The new values of the changed fields.")
    status = models.CharField(max_length=20, choices=ChangeStatus.choices, default=ChangeStatus.PENDING)
    decided_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["proposed_at"]

    def __str__(self) -> str:
        return f"Change to {self.service} ({self.get_status_display()})"
