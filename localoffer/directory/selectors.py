"""Reading the Local Offer for the public: only listings that are live today."""

from __future__ import annotations

import datetime as dt
import math
import time
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import F, Prefetch, Q, QuerySet
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from localoffer.directory.geo import areas_within, district_of, services_near
from localoffer.directory.models import (
    ChangeStatus,
    ListingChange,
    Service,
    ServiceAtLocation,
    ServiceAttribute,
    Status,
    Taxonomy,
    TaxonomyTerm,
)
from localoffer.directory.search import (
    COUNT_CAP,
    all_terms,
    codes_with_related,
    filter_age,
    keyword_match,
    parse_query,
    ranked_slice,
    service_ids_with_terms,
    terms_forget,
    why_matched,
)
from localoffer.teams.models import ClosureDay, HoursSource
from localoffer.teams.opening import Period, describe_hours, opening_status

FILTER_TAXONOMIES = ("help-types", "needs", "access-routes", "funding", "when", "areas")
PAGE_SIZE = 20


@dataclass(frozen=True)
class DirectoryCriteria:
    query: str = ""
    age: int | None = None
    levels: tuple[str, ...] = ()
    postcode: str = ""
    miles: int = 3
    terms: dict[str, tuple[str, ...]] = field(default_factory=dict)  # taxonomy slug: term codes


@dataclass(frozen=True)
class Result:
    service: Service
    reasons: list[str]


@dataclass(frozen=True)
class SearchResults:
    results: list[Result]
    page: Page  # for the page links
    total: int  # exact up to COUNT_CAP; COUNT_CAP when there are more
    more: bool = False  # more than COUNT_CAP were found

    @property
    def found_text(self) -> str:
        """The heading: "12 services found", "1 service found" or "More than 1,000 services found"."""
        if self.more:
            return f"More than {self.total:,} services found"
        return f"{self.total:,} service{'' if self.total == 1 else 's'} found"


def public_services(*, today: dt.date | None = None) -> QuerySet[Service]:
    today = today or timezone.localdate()
    return Service.objects.filter(status__in=[Status.ACTIVE, Status.TEMPORARILY_CLOSED]).filter(
        Q(hidden_from__isnull=True) | Q(hidden_from__gt=today)
    )


# The filters' choices change only when a taxonomy does, so each process keeps them for a short while and
# forgets them at once when a taxonomy or term is saved or deleted here (see the receivers below).
CHOICES_SECONDS = 60.0
_choices: list[tuple[float, dict[str, list[tuple[str, str]]]]] = []


def filter_choices() -> dict[str, list[tuple[str, str]]]:
    """Each filter taxonomy's terms as (code, name), in the taxonomy's order."""
    now = time.monotonic()
    if _choices and _choices[0][0] > now:
        return _choices[0][1]
    choices: dict[str, list[tuple[str, str]]] = {slug: [] for slug in FILTER_TAXONOMIES}
    for slug, code, name in TaxonomyTerm.objects.filter(taxonomy__slug__in=FILTER_TAXONOMIES).values_list(
        "taxonomy__slug", "code", "name"
    ):
        choices[slug].append((code, name))
    _choices[:] = [(now + CHOICES_SECONDS, choices)]
    return choices


def filter_choices_forget(**kwargs: Any) -> None:
    _choices.clear()
    _choice_keys.clear()
    terms_forget()


def terms_attach(services: list[Service]) -> list[Service]:
    """Give each service its taxonomy terms (as `service.terms.all()`), with one look-up of keys: the terms
    themselves (a few dozen) are remembered like the filter choices."""
    terms = all_terms()
    by_service: dict[Any, list[TaxonomyTerm]] = {service.id: [] for service in services}
    links = ServiceAttribute.objects.filter(service_id__in=list(by_service)).values_list(
        "service_id", "term_id"
    )
    missing = False
    for service_id, term_id in links:
        term = terms.get(term_id)
        if term is None:
            missing = True
            break
        by_service[service_id].append(term)
    if missing:  # a term newer than this process's memory of them: look them all up again
        filter_choices_forget()
        return terms_attach(services)
    for service in services:
        attached = service.terms.all()
        attached._result_cache = sorted(
            by_service[service.id], key=lambda t: (t.taxonomy.name, t.position, t.name)
        )
        attached._prefetch_done = True  # type: ignore[attr-defined]
        cache: dict[str, Any] = getattr(service, "_prefetched_objects_cache", {})
        setattr(service, "_prefetched_objects_cache", {**cache, "terms": attached})  # noqa: B010
    return services


post_save.connect(filter_choices_forget, sender=TaxonomyTerm, dispatch_uid="filter-choices-term-saved")
post_delete.connect(filter_choices_forget, sender=TaxonomyTerm, dispatch_uid="filter-choices-term-deleted")
post_save.connect(filter_choices_forget, sender=Taxonomy, dispatch_uid="filter-choices-taxonomy-saved")


def _filtered(criteria: DirectoryCriteria, *, leave_out: str = "") -> QuerySet[Service]:
    """Live services that pass every filter of the criteria but the words (and `leave_out`'s, for counting
    what each of its choices would find). A need or an area counts the terms above and below it: a
    service for all SEND serves every need, and one offered across the council's area serves each town."""
    services = public_services()
    if criteria.age is not None:
        services = filter_age(services, criteria.age)
    if criteria.levels and leave_out != "level":
        services = services.filter(level__in=criteria.levels)
    for taxonomy_slug, codes in criteria.terms.items():
        if codes and taxonomy_slug != leave_out:
            services = services.filter(id__in=service_ids_with_terms(taxonomy_slug, codes, related=True))
    if criteria.postcode:
        services = services_near(services, district_of(criteria.postcode), criteria.miles)
    return services


def directory_search(*, criteria: DirectoryCriteria, page_number: str | int | None = 1) -> SearchResults:
    """One page of services matching the criteria, each with why it matched. With words, the page and how
    many were found (up to one past COUNT_CAP) come from one query on the full-text index."""
    services = _filtered(criteria)
    query = parse_query(criteria.query)
    number = _page_number(page_number)
    ranked = services.order_by("name", "id").select_related("organization")
    if query:
        listed, found = ranked_slice(
            services, query, (number - 1) * PAGE_SIZE, PAGE_SIZE, related=("organization",)
        )
    else:
        found = services.order_by().values("id")[: COUNT_CAP + 1].count()
        listed = list(ranked[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]) if found else []
    total = min(found, COUNT_CAP)
    last = max(1, math.ceil(total / PAGE_SIZE))
    if number > last:  # past the end (an old link, or a typed address): show the last page
        number = last
        start = (number - 1) * PAGE_SIZE
        if query:
            listed, _ = ranked_slice(services, query, start, PAGE_SIZE, related=("organization",))
        else:
            listed = list(ranked[start : start + PAGE_SIZE])
    listed = listed[: max(0, total - (number - 1) * PAGE_SIZE)]  # the one past the cap is not shown
    terms_attach(listed)
    results = []
    for service in listed:
        reasons = why_matched(service, query) if query else []
        reasons += _filter_reasons(service, criteria)
        results.append(Result(service, reasons))
    page = Page(results, number, Paginator(cast(Any, _Counted(total)), PAGE_SIZE))
    return SearchResults(results=results, page=page, total=total, more=found > COUNT_CAP)


def filter_counts(
    *, criteria: DirectoryCriteria, found: SearchResults | None = None
) -> dict[str, dict[str, int]]:
    """For each filter ("level" and each filter taxonomy), how many services each of its choices would find
    with the words and the other filters as they are (the GOV.UK filter pattern).

    The filters with nothing chosen share one count (one query over the services' terms, with a count for
    every choice); each filter with a choice made is counted without it, in a query of its own. Each
    counts among the matches read from the index up to one past COUNT_CAP: a filter whose matches go past
    it is left out (its choices are offered without numbers), since a count of part would mislead.
    `found`, the search's own results for the same criteria, saves every query when they are past the cap:
    leaving a filter out only finds more, so every filter is then past it too."""
    if found is not None and found.more:
        return {}
    query = parse_query(criteria.query)
    chosen = {"level"} if criteria.levels else set()
    chosen |= {slug for slug, codes in criteria.terms.items() if codes and slug in FILTER_TAXONOMIES}
    groups = {"": [name for name in ("level", *FILTER_TAXONOMIES) if name not in chosen]}
    groups |= {name: [name] for name in sorted(chosen)}
    counts: dict[str, dict[str, int]] = {}
    for leave_out, names in groups.items():
        if names:
            base = keyword_match(_filtered(criteria, leave_out=leave_out), query).order_by().values("id")
            counts |= _choice_counts(base[: COUNT_CAP + 1], names)
    return counts


# How many of the capped matches are counted under each choice: the terms each choice's count takes in
# (the choice's own term; for a need or an area, the terms above and below it too), as rows of
# (term key, choice number), with the level terms under ALL_MATCHES (every service has one level). Made
# from the terms, and remembered with them (forgotten with them, see `filter_choices_forget`).
ALL_MATCHES = 0
_CountedTerms = tuple[dict[Any, TaxonomyTerm], list[tuple[Any, int]], dict[int, tuple[str, str]]]
_choice_keys: dict[tuple[str, ...], _CountedTerms] = {}


def _counted_terms(names: list[str]) -> tuple[list[tuple[Any, int]], dict[int, tuple[str, str]]]:
    key, every_term = tuple(names), all_terms()
    remembered = _choice_keys.get(key)
    if remembered is not None and remembered[0] is every_term:  # made from the terms as they are now
        return remembered[1], remembered[2]
    terms = list(every_term.values())
    rows = [(t.id, ALL_MATCHES) for t in terms if t.taxonomy.slug == "level-of-need"]
    choices: dict[int, tuple[str, str]] = {}
    for name in names:
        slug = "level-of-need" if name == "level" else name
        in_taxonomy = [t for t in terms if t.taxonomy.slug == slug]
        nested = any(t.parent_id for t in in_taxonomy)
        for term in in_taxonomy:
            number = len(choices) + 1
            choices[number] = (name, term.code)
            wanted = codes_with_related(slug, [term.code]) if nested else {term.code}
            rows += [(other.id, number) for other in in_taxonomy if other.code in wanted]
    if len(_choice_keys) > 100:
        _choice_keys.clear()
    _choice_keys[key] = (every_term, rows, choices)
    return rows, choices


def _choice_counts(base: QuerySet[Any], names: list[str]) -> dict[str, dict[str, int]]:
    """How many of `base` (at most COUNT_CAP + 1 services) each choice of these filters finds, in one
    query: the pairs of service and term of `base`'s services, joined to the terms each choice counts
    (`_counted_terms`), and the distinct services counted per choice. Nothing when `base` has more than
    COUNT_CAP. (The ORM has no join to a list of values: the pairs' query is the ORM's, the rest is
    written here.)"""
    rows, choices = _counted_terms(names)
    if not rows:  # no terms loaded yet (a new install): nothing to count under, and no list of values to join
        return {name: {} for name in names}
    pairs = ServiceAttribute.objects.filter(service__in_capped=base).values("service_id", "term_id")
    pairs_sql, pairs_params = pairs.query.sql_with_params()
    term_key = ServiceAttribute._meta.get_field("term").target_field
    values = ", ".join(["(%s, %s)"] * len(rows))
    params = [
        p for term_id, number in rows for p in (term_key.get_db_prep_value(term_id, connection), number)
    ]
    sql = (
        f"WITH counted (term_id, choice) AS (VALUES {values}) "  # noqa: S608 (placeholders only)
        "SELECT counted.choice, COUNT(DISTINCT pairs.service_id) "
        f"FROM ({pairs_sql}) pairs JOIN counted ON pairs.term_id = counted.term_id GROUP BY counted.choice"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *pairs_params])
        found = dict(cursor.fetchall())
    if found.get(ALL_MATCHES, 0) > COUNT_CAP:
        return {}
    counts: dict[str, dict[str, int]] = {name: {} for name in names}
    for number, (name, code) in choices.items():
        counts[name][code] = found.get(number, 0)
    return counts


@dataclass(frozen=True)
class _Counted:
    """Stands for the whole result list in a Paginator, which only needs its length."""

    total: int

    def count(self) -> int:
        return self.total


def _page_number(value: str | int | None) -> int:
    try:
        return max(1, int(value or 1))
    except (TypeError, ValueError):
        return 1


def _filter_reasons(service: Service, criteria: DirectoryCriteria) -> list[str]:
    reasons = []
    if criteria.age is not None:
        reasons.append(f"it is for ages {service.age_text()}")
    if criteria.postcode:
        district = district_of(criteria.postcode)
        areas = {term.code for term in service.terms.all() if term.taxonomy.slug == "areas"}
        if "medway" in areas:
            reasons.append("it is offered across Medway")
        elif areas & areas_within(district, criteria.miles):
            reasons.append(f"it is offered within {criteria.miles} miles of {district.name}")
        else:
            reasons.append(f"it is within {criteria.miles} miles of {district.name}")
    chosen = {(slug, code) for slug, codes in criteria.terms.items() for code in codes}
    names = {(t.taxonomy.slug, t.code): t.name for t in all_terms().values()}
    for term in service.terms.all():
        slug = term.taxonomy.slug
        if (slug, term.code) in chosen:
            reasons.append(f"{term.taxonomy.name.lower()}: {term.name}")
            continue
        covered = [
            names.get((slug, code), code)
            for code in criteria.terms.get(slug, ())
            if term.code in codes_with_related(slug, [code])
        ]
        if covered:
            reasons.append(
                f"{term.taxonomy.name.lower()}: {term.name}, which takes in {' and '.join(covered)}"
            )
    return reasons


def service_get_public(*, slug: str) -> Service | None:
    return (
        public_services()
        .select_related("organization")
        .prefetch_related(
            Prefetch("terms", queryset=TaxonomyTerm.objects.select_related("taxonomy")),
            "cost_options",
            Prefetch("service_at_locations", queryset=ServiceAtLocation.objects.select_related("location")),
        )
        .filter(slug=slug)
        .first()
    )


def listings_for_manager(*, user: Any, overdue_only: bool = False) -> QuerySet[Service]:
    """Every listing for an editor; a provider's own listings for its staff. Overdue reviews first."""
    listings = Service.objects.select_related("organization").order_by(
        F("next_review_due").asc(nulls_first=True), "name"
    )
    if not user.has_perm("directory.manage_listings"):
        listings = listings.filter(organization_id=user.provider_id) if user.provider_id else listings.none()
    if overdue_only:
        today = timezone.localdate()
        listings = listings.filter(Q(next_review_due__lt=today) | Q(next_review_due__isnull=True))
    return listings


def pending_changes() -> QuerySet[ListingChange]:
    return ListingChange.objects.filter(status=ChangeStatus.PENDING).select_related("service", "proposed_by")


def pending_changes_count(*, user: Any) -> int:
    changes = pending_changes()
    if not user.has_perm("directory.manage_listings"):
        changes = changes.filter(proposed_by=user)
    return changes.count()


def change_rows(change: ListingChange) -> list[tuple[str, Any, Any]]:
    """Each changed field of a proposed change: its label, the value before and the value proposed."""
    return [(_label(name), change.original.get(name), value) for name, value in change.proposed.items()]


def _label(field_name: str) -> str:
    field = Service._meta.get_field(field_name)
    return str(getattr(field, "verbose_name", field_name)).capitalize()


def listing_versions(*, service: Service) -> list[dict[str, Any]]:
    """Every saved version of a listing, newest first, with who saved it and what changed."""
    records = list(service.history.select_related("history_user").order_by("-history_date")[:50])
    versions = []
    for newer, older in zip(records, [*records[1:], None], strict=False):
        changed = [c.field for c in newer.diff_against(older).changes] if older is not None else ["created"]
        versions.append({"date": newer.history_date, "user": newer.history_user, "changed": changed})
    return versions


# The online forms a listing's next step can start, by their page's name, and what the link says.
ONLINE_ROUTE_LABELS = {
    "referrals:apply-short-breaks": "Apply online for short breaks",
    "referrals:apply-disability-team": "Ask online for a referral to the 0 to 25 disability team",
    "referrals:apply-early-help": "Ask for early help online",
    "referrals:apply-carers-assessment": "Ask online for a carer's assessment",
    "referrals:apply-supported-living": "Ask about supported living online",
    "referrals:safety-start": "Tell us online about a worry for a child's safety",
}


@dataclass(frozen=True)
class TeamReach:
    """A council team a family can contact about a listing, with its hours and whether it is open now."""

    team: Any
    hours: list[str]
    hours_published: bool
    status_text: str


@dataclass(frozen=True)
class ListingReach:
    """Every way a listing gives to reach a person, and the online form that starts its route."""

    phone: str
    email: str
    website: str
    organisation_email: str
    organisation_website: str
    teams: list[TeamReach]
    online_label: str
    online_url_name: str

    @property
    def several_hubs(self) -> bool:
        """The route is answered by any of several hubs: the family calls its nearest (listed below)."""
        return len([reach for reach in self.teams if reach.team.kind == "hub"]) > 1

    @property
    def first_phone(self) -> tuple[str, str]:
        """Who to call and the number, to put beside the online form's link."""
        for reach in self.teams:
            if reach.team.phone:
                return reach.team.name, reach.team.phone
        return ("", self.phone) if self.phone else ("", "")


def listing_reach(*, service: Service, now: dt.datetime | None = None) -> ListingReach:
    """The listing's own contacts where the sources give them, and the council teams that handle its route
    (with their hours), so that no listing leaves a family without a person to ask."""

    now = now or timezone.now()
    closures = list(
        ClosureDay.objects.filter(date__gte=now.date() - dt.timedelta(days=1)).values_list("date", flat=True)
    )
    teams = []
    for team in service.contact_teams.prefetch_related("opening_periods").order_by("display_order", "name"):
        periods = [Period(p.weekday, p.opens, p.closes) for p in team.opening_periods.all()]
        status = opening_status(periods, closures if team.closed_on_bank_holidays else [], now)
        teams.append(
            TeamReach(
                team=team,
                hours=describe_hours(periods) if periods else [],
                hours_published=team.hours_source == HoursSource.PUBLISHED,
                status_text=status.describe(now) if periods else "",
            )
        )
    team_phones = {reach.team.phone for reach in teams}
    return ListingReach(
        phone="" if service.phone in team_phones else service.phone,
        email=service.email,
        website=service.url,
        organisation_email=service.organization.email,
        organisation_website=service.organization.website,
        teams=teams,
        online_label=ONLINE_ROUTE_LABELS.get(service.online_route, "Apply online"),
        online_url_name=service.online_route,
    )
