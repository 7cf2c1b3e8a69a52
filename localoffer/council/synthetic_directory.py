"""A seeded, synthetic Local Offer the size of a national directory, for benchmarks only.

`directory_generate(services=100_000)` adds that many made-up services to the Medway offer: about one
organisation for every 20 services, services with plausible, varied English names and descriptions built from
the word lists below (activities, needs, places, times), ages, levels (about 50% universal, 35% targeted, 15%
specialist), 2 to 6 terms from the existing vocabularies, their search columns (computed by `search.search_texts`
exactly as `service_reindex` would; the database indexes them), and locations scattered over England (latitude
50.5 to 54.5, longitude -3.0 to 1.5) linked to about 70% of the services. Every name is invented: the places
are made from common English place-name parts, and no organisation is a real one.

The same seed gives the same directory (the ids, which are random UUIDs, aside). It writes with
`bulk_create` in batches of 2,000, so it bypasses the model signals: **no audit events and no history
records are written for the synthetic rows**. That is acceptable only because this is benchmark data; never
use it for real listings, which go through `services.service_upsert`. The `make_synthetic_directory`
command refuses to run in production.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, transaction

from localoffer.council.services import medway_offer_load
from localoffer.directory.models import (
    IndexedWord,
    Level,
    Location,
    LocationType,
    OrganisationKind,
    Organization,
    Quality,
    Service,
    ServiceAtLocation,
    ServiceAttribute,
    Status,
    TaxonomyTerm,
)
from localoffer.directory.search import search_texts, search_words_refresh, term_words

BATCH = 2_000
SERVICES_PER_ORGANISATION = 20
LINKED_SHARE = 0.7  # services offered at a place
LATITUDES = (50.5, 54.5)
LONGITUDES = (-3.0, 1.5)
SLUG_PREFIX = "synthetic"

# --- Word lists ----------------------------------------------------------------------------------------

ACTIVITIES = (
    "swimming",
    "trampolining",
    "drama",
    "music",
    "art",
    "cooking",
    "gardening",
    "football",
    "climbing",
    "cycling",
    "horse riding",
    "dance",
    "yoga",
    "sensory play",
    "forest school",
    "coding",
    "photography",
    "boccia",
    "wheelchair basketball",
    "judo",
    "baking",
    "woodwork",
    "board games",
    "karate",
    "tennis",
    "canoeing",
    "archery",
    "singing",
    "pottery",
    "film making",
    "gymnastics",
    "bowling",
    "fishing",
    "orienteering",
    "storytelling",
    "science",
    "cricket",
    "table tennis",
    "skateboarding",
    "sailing",
)
FORMATS = (
    "club",
    "group",
    "sessions",
    "workshop",
    "holiday scheme",
    "play scheme",
    "camp",
    "project",
    "taster days",
    "academy",
)
SUPPORT = (
    "short breaks",
    "overnight short breaks",
    "a sitting service",
    "befriending",
    "family support",
    "a parent carer support group",
    "sleep advice",
    "toilet training support",
    "a speech and language drop-in",
    "sibling support",
    "transition support",
    "independent travel training",
    "benefits advice",
    "equipment loans",
    "an occupational therapy clinic",
    "counselling",
    "keyworker support",
    "a youth club",
    "mentoring",
    "supported employment",
    "respite care",
    "home care",
    "a personal assistant scheme",
    "a wheelchair service",
    "a continence service",
)
AUDIENCES = (
    ("autistic children", "autism"),
    ("disabled children", "send"),
    ("young people with learning disabilities", "mld"),
    ("children with severe learning disabilities", "sld"),
    ("deaf children", "hearing"),
    ("children with visual impairments", "visual"),
    ("wheelchair users", "physical"),
    ("children with physical disabilities", "physical"),
    ("children with speech and language needs", "slcn"),
    ("teenagers with anxiety", "semh"),
    ("children with ADHD", "semh"),
    ("young people with mental health needs", "semh"),
    ("children in care", "care-experienced"),
    ("care leavers", "care-experienced"),
    ("children with complex health needs", "substantial-long-term-disability"),
    ("siblings of disabled children", "send"),
    ("families of disabled children", "send"),
    ("under fives with additional needs", "send"),
)
TIMES = (  # as said in a description, its "when" term, and as said in a name
    ("after school", "after-school", "After-school"),
    ("on Saturday mornings", "weekends", "Saturday"),
    ("on Sunday afternoons", "weekends", "Sunday"),
    ("in the school holidays", "school-holidays", "Holiday"),
    ("in half term", "school-holidays", "Half-term"),
    ("during term time", "term-time", "Term-time"),
    ("on weekday evenings", "weekdays", "Evening"),
    ("on weekday mornings", "weekdays", "Morning"),
    ("overnight at weekends", "overnight", "Weekend"),
    ("every other Friday", "weekdays", "Friday"),
)
ADJECTIVES = (
    "friendly",
    "relaxed",
    "small",
    "inclusive",
    "fun",
    "calm",
    "lively",
    "welcoming",
    "quiet",
    "accessible",
    "supportive",
    "adventurous",
)
STAFF = (
    "trained volunteers",
    "qualified instructors",
    "experienced play workers",
    "specialist nurses",
    "qualified coaches",
    "youth workers",
    "therapists",
    "support workers who know Makaton",
    "parent volunteers",
)
EXTRAS = (
    "Parents and carers can stay and join in.",
    "There is a quiet room for anyone who needs a break.",
    "Changing facilities and a hoist are available.",
    "Brothers and sisters are welcome too.",
    "Places are limited, so please book early.",
    "Transport can be arranged for some families.",
    "Equipment is provided; wear clothes you can move in.",
    "Every child has a named worker.",
    "Snacks are provided; tell us about any allergies.",
    "Sessions are kept small so everyone gets attention.",
)
NEXT_STEPS = (
    ("Book a place online or by phone.", "book"),
    ("Just turn up; the first session is free.", "just-turn-up"),
    ("Contact the organiser to arrange a visit first.", "self-refer"),
    ("Ask your social worker for a referral.", "referral-0-25"),
    ("Apply for the short breaks grant first, then book.", "short-breaks-grant"),
    ("Ask for an early help assessment, which can refer you.", "early-help-referral"),
)
PLACE_STARTS = (
    "Ash",
    "Brook",
    "Church",
    "Elm",
    "Fair",
    "Green",
    "Hazel",
    "Kings",
    "Lark",
    "Mill",
    "Oak",
    "Red",
    "Stone",
    "West",
    "North",
    "Thorn",
    "Wil",
    "Bram",
    "Cold",
    "High",
    "Long",
    "Marsh",
    "New",
    "Rush",
    "Salt",
    "Sand",
    "Upper",
    "Wood",
)
PLACE_ENDS = (
    "field",
    "ford",
    "ham",
    "ley",
    "mouth",
    "stead",
    "ton",
    "wick",
    "bury",
    "dale",
    "combe",
    "well",
    "borough",
    "hurst",
    "minster",
    "thorpe",
)
ORGANISATION_THEMES = (
    "Family",
    "Play",
    "Inclusion",
    "Sports",
    "Arts",
    "Youth",
    "Carers",
    "Sensory",
    "Outdoor",
    "Disability",
    "Community",
    "Music",
    "Adventure",
    "Learning",
)
ORGANISATION_FORMS = (
    ("Trust", OrganisationKind.VOLUNTARY),
    ("Community Interest Company", OrganisationKind.PROVIDER),
    ("Charity", OrganisationKind.VOLUNTARY),
    ("Foundation", OrganisationKind.VOLUNTARY),
    ("Partnership", OrganisationKind.PROVIDER),
    ("Network", OrganisationKind.VOLUNTARY),
    ("Association", OrganisationKind.VOLUNTARY),
    ("Care Ltd", OrganisationKind.PROVIDER),
    ("Health Service", OrganisationKind.HEALTH),
)
VENUES = (
    "Community Centre",
    "Leisure Centre",
    "Library",
    "Youth Centre",
    "Children's Centre",
    "Sports Hall",
    "Family Hub",
    "Church Hall",
    "Primary School",
    "Park Pavilion",
    "Village Hall",
    "Scout Hut",
)
STREETS = (
    "High Street",
    "Station Road",
    "Church Lane",
    "Mill Road",
    "Park Avenue",
    "London Road",
    "The Green",
)
AGE_RANGES: tuple[tuple[int | None, int | None], ...] = (
    (0, 5),
    (0, 25),
    (4, 11),
    (5, 18),
    (8, 18),
    (11, 18),
    (11, 25),
    (14, 25),
    (16, 25),
    (None, None),
    (5, None),
    (None, 11),
    (2, 8),
    (7, 14),
    (18, 25),
)
LEVEL_WEIGHTS = ((Level.UNIVERSAL, 50), (Level.TARGETED, 35), (Level.SPECIALIST, 15))

# Single words a family might search for, each found in the generated text: for varied benchmark queries.
QUERY_WORDS: tuple[str, ...] = tuple(
    sorted(
        {
            word.lower()
            for phrase in (*ACTIVITIES, *FORMATS, *SUPPORT, *(a for a, _ in AUDIENCES))
            for word in phrase.split()
            if len(word) >= 4
            and word.isalpha()
            and word not in {"with", "children", "young", "people", "needs"}
        }
    )
)
QUERY_AGES = tuple(range(26))


# --- Generator -----------------------------------------------------------------------------------------


def directory_generate(
    *, services: int, seed: int = 1, progress: Callable[[str], None] | None = None
) -> None:
    """Add `services` synthetic services (and their organisations, terms, locations and search index).

    Loads Medway's offer first, which creates the vocabularies the terms come from. Bypasses the audit
    trail and history (bulk writes): benchmark data only. On PostgreSQL it ends by analysing the tables it
    filled, so the query planner sees the new sizes at once.
    """
    if services < 0:
        raise ValueError("services must not be negative")
    say = progress or (lambda message: None)
    medway_offer_load()
    rng = random.Random(seed)  # noqa: S311 - made-up data, not secrets
    prefix = f"{SLUG_PREFIX}-{seed}-"
    if Organization.objects.filter(slug__startswith=prefix).exists():
        raise ValueError(f"A synthetic directory with seed {seed} is already here: use another seed.")
    terms = _terms_by_taxonomy()
    with transaction.atomic():
        organisations = _organisations(rng, prefix, max(1, round(services / SERVICES_PER_ORGANISATION)))
        Organization.objects.bulk_create(organisations, batch_size=BATCH)
        say(f"{len(organisations)} organisations")
        venues: list[Location] = []
        for start in range(0, services, BATCH):
            count = min(BATCH, services - start)
            batch = [_service(rng, prefix, start + n, organisations) for n in range(count)]
            _write_batch(rng, batch, terms, venues)
            if (start // BATCH) % 10 == 9 or start + count == services:
                say(f"{start + count} services")
        search_words_refresh()
    if connection.vendor == "postgresql":
        tables = [
            model._meta.db_table
            for model in (
                Organization,
                Service,
                ServiceAttribute,
                IndexedWord,
                Location,
                ServiceAtLocation,
            )
        ]
        # As autovacuum would soon after a bulk load: statistics for the planner, and the visibility map
        # that lets the covering indexes answer without reading the tables. (Outside any transaction.)
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(
                    f'VACUUM (ANALYZE) "{table}"' if not connection.in_atomic_block else f'ANALYZE "{table}"'
                )


def _terms_by_taxonomy() -> dict[str, dict[str, TaxonomyTerm]]:
    found: dict[str, dict[str, TaxonomyTerm]] = {}
    for term in TaxonomyTerm.objects.select_related("taxonomy"):
        found.setdefault(term.taxonomy.slug, {})[term.code] = term
    if "level-of-need" not in found:
        raise RuntimeError("The vocabularies are missing: medway_offer_load did not create them.")
    return found


def _a(word: str) -> str:
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


def _place(rng: random.Random) -> str:
    return rng.choice(PLACE_STARTS) + rng.choice(PLACE_ENDS)


def _organisations(rng: random.Random, prefix: str, count: int) -> list[Organization]:
    made = []
    for n in range(count):
        place = _place(rng)
        theme = rng.choice(ORGANISATION_THEMES)
        form, kind = rng.choice(ORGANISATION_FORMS)
        name = f"{place} {theme} {form}"
        made.append(
            Organization(
                id=_uuid(rng),
                slug=f"{prefix}org-{n:06d}",
                name=name,
                description=(
                    f"{name} runs {theme.lower()} activities and support for disabled children, young "
                    f"people and their families in and around {place}."
                ),
                kind=kind,
                source="synthetic benchmark data",
            )
        )
    return made


def _weighted_level(rng: random.Random) -> str:
    roll = rng.randrange(100)
    for level, weight in LEVEL_WEIGHTS:
        if roll < weight:
            return level.value
        roll -= weight
    return Level.UNIVERSAL.value


def _service(
    rng: random.Random, prefix: str, n: int, organisations: Sequence[Organization]
) -> dict[str, Any]:
    """One service's fields, and the codes of the terms its text implies."""
    organisation = rng.choice(organisations)
    place = _place(rng)
    audience, need = rng.choice(AUDIENCES)
    time_text, when, time_label = rng.choice(TIMES)
    next_step, route = rng.choice(NEXT_STEPS)
    adjective = rng.choice(ADJECTIVES)
    if rng.random() < 0.65:
        activity = rng.choice(ACTIVITIES)
        form = rng.choice(FORMATS)
        help_type = "things-to-do"
        pattern = rng.randrange(4)
        if pattern == 0:
            name = f"{activity.capitalize()} {form} for {audience}"
        elif pattern == 1:
            name = f"{place} {activity} {form}"
        elif pattern == 2:
            name = f"{time_label} {activity} {form}"
        else:
            name = f"{adjective.capitalize()} {activity} {form} in {place}"
        plural = form.endswith("s")
        what = f"{adjective if plural else _a(adjective)} {activity} {form} for {audience} in {place}"
        what = what[0].upper() + what[1:]
    else:
        support = rng.choice(SUPPORT)
        bare = support.removeprefix("a ").removeprefix("an ")
        help_type = rng.choice(["break-for-carer", "family-support", "someone-to-talk-to", "overnight-care"])
        name = (
            f"{bare.capitalize()} in {place}" if rng.random() < 0.5 else f"{bare.capitalize()} for {audience}"
        )
        what = f"{support.capitalize()} for {audience} and their families in {place}"
    level = _weighted_level(rng)
    minimum_age, maximum_age = rng.choice(AGE_RANGES)
    if minimum_age is not None and maximum_age is not None:
        ages = f" aged {minimum_age} to {maximum_age}"
    elif minimum_age is not None:
        ages = f" aged {minimum_age} and over"
    elif maximum_age is not None:
        ages = f" up to the age of {maximum_age}"
    else:
        ages = ""
    description = (
        f"{what}, {time_text}. It is led by {rng.choice(STAFF)}. {rng.choice(EXTRAS)} "
        f"{rng.choice(EXTRAS) if rng.random() < 0.5 else ''}"
    ).strip()
    status = Status.ACTIVE
    closed_message = ""
    roll = rng.random()
    if roll < 0.02:
        status = Status.INACTIVE
    elif roll < 0.03:
        status = Status.TEMPORARILY_CLOSED
        closed_message = "Closed while the venue is repaired. Call us for other sessions nearby."
    today = dt.date(2025, 1, 1)
    service = Service(
        id=_uuid(rng),
        slug=f"{prefix}{n:07d}",
        organization=organisation,
        name=name[:200],
        description=description,
        phone=f"01{rng.randrange(100, 999)} {rng.randrange(100000, 999999)}",
        status=status,
        closed_message=closed_message,
        level=level,
        minimum_age=minimum_age,
        maximum_age=maximum_age,
        eligibility=f"For {audience}{ages}." if rng.random() < 0.8 else "",
        next_step=next_step,
        fees=rng.choice(["", "Free", "£3 a session", "£5 a session", "£25 a day"]),
        quality=(
            Quality.COMMISSIONED
            if level == Level.SPECIALIST or rng.random() < 0.2
            else rng.choice([Quality.ASSURED, Quality.NOT_ASSURED])
        ),
        assured_date=today - dt.timedelta(days=rng.randrange(0, 700)),
        next_review_due=today + dt.timedelta(days=rng.randrange(0, 365)),
        source="synthetic benchmark data",
    )
    codes = {
        ("level-of-need", level),
        ("needs", need),
        ("when", when),
        ("access-routes", route),
        ("help-types", help_type),
    }
    # 2 to 6 terms: the level always, then one to five of the others.
    extra = sorted(codes - {("level-of-need", level)})
    rng.shuffle(extra)
    chosen = {("level-of-need", level), *extra[: rng.randint(1, 4)]}
    if rng.random() < 0.3:
        chosen.add(("funding", rng.choice(["free", "self-funded", "short-breaks-grant", "direct-payment"])))
    return {"service": service, "terms": chosen}


def _write_batch(
    rng: random.Random,
    batch: list[dict[str, Any]],
    terms: dict[str, dict[str, TaxonomyTerm]],
    venues: list[Location],
) -> None:
    every_term = [term for by_code in terms.values() for term in by_code.values()]
    for item in batch:
        chosen = [terms[t][code] for t, code in sorted(item["terms"]) if code in terms.get(t, {})]
        own, related = _term_words(tuple(term.id for term in chosen), chosen, every_term)
        for name, value in search_texts(item["service"].organization.name, own, related).items():
            setattr(item["service"], name, value)
    Service.objects.bulk_create([item["service"] for item in batch], batch_size=BATCH)
    attributes: list[tuple[Any, ...]] = []
    links: list[tuple[Any, ...]] = []
    new_venues: list[Location] = []
    for item in batch:
        service: Service = item["service"]
        linked = [
            terms[taxonomy][code]
            for taxonomy, code in sorted(item["terms"])
            if code in terms.get(taxonomy, {})
        ]
        attributes.extend((_uuid(rng), service.id, term.id) for term in linked)
        if rng.random() < LINKED_SHARE:
            links.extend((_uuid(rng), service.id, venue.id) for venue in _venues_for(rng, venues, new_venues))
    Location.objects.bulk_create(new_venues, batch_size=BATCH)
    _insert(ServiceAttribute, ("id", "service_id", "term_id"), attributes)
    _insert(ServiceAtLocation, ("id", "service_id", "location_id"), links)


_words_by_terms: dict[tuple[Any, ...], tuple[list[str], list[str]]] = {}


def _term_words(
    key: tuple[Any, ...], linked: list[TaxonomyTerm], every_term: list[TaxonomyTerm]
) -> tuple[list[str], list[str]]:
    """`search.term_words`, remembered for each combination of terms (there are far fewer than services)."""
    if key not in _words_by_terms:
        _words_by_terms[key] = term_words(linked, every_term)
    return _words_by_terms[key]


def _insert(model: Any, fields: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """Write rows of plain values: with COPY on PostgreSQL (the index has some 35 rows a service, and
    making a model instance for each costs more than the database does), else `bulk_create` in batches."""
    if connection.vendor == "postgresql":
        columns = ", ".join(f'"{model._meta.get_field(name).column}"' for name in fields)
        with (
            connection.cursor() as cursor,
            cursor.copy(f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN') as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    for start in range(0, len(rows), BATCH):
        model.objects.bulk_create(
            model(**dict(zip(fields, row, strict=True))) for row in rows[start : start + BATCH]
        )


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _venues_for(rng: random.Random, venues: list[Location], new_venues: list[Location]) -> list[Location]:
    """One place (sometimes two), often a venue other services use too."""
    chosen: list[Location] = []
    for _ in range(2 if rng.random() < 0.1 else 1):
        if venues and rng.random() < 0.4:
            venue = rng.choice(venues)
        else:
            place = _place(rng)
            venue = Location(
                id=_uuid(rng),
                name=f"{place} {rng.choice(VENUES)}",
                location_type=LocationType.PHYSICAL,
                address_1=f"{rng.randrange(1, 200)} {rng.choice(STREETS)}",
                city=place,
                latitude=round(rng.uniform(*LATITUDES), 6),
                longitude=round(rng.uniform(*LONGITUDES), 6),
            )
            venues.append(venue)
            new_venues.append(venue)
        if venue not in chosen:
            chosen.append(venue)
    return chosen
