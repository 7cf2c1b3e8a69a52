"""The guided route, "Find the right support": a few questions lead to the services that fit, ordered
universal first, then targeted, then specialist, each with whether the family is likely to qualify.

The answers travel in the address (GET), so every page works without JavaScript, can be bookmarked,
and nothing about a child is stored.

Whether a family is "likely to qualify" follows the rules the council publishes today (seed 003 s3.2
for the short breaks grant, applied as a diagnosis and/or DLA; seed 000 for the 0 to 25 disability
service). When the grant policy becomes versioned data, `likely_to_qualify` reads it from there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from localoffer.directory.models import LEVEL_ORDER, Level, Service
from localoffer.directory.search import filter_age, service_ids_with_terms
from localoffer.directory.selectors import ONLINE_ROUTE_LABELS, public_services, terms_attach
from localoffer.teams.models import Team

SITUATIONS = {
    "unsafe": "I am worried a child or young person may be unsafe or at risk of harm",
    "diagnosis": "They have a formal diagnosis of a disability",
    "dla": "They get Disability Living Allowance (DLA)",
    "substantial": "They need a lot of help from another person, or equipment, with everyday things like "
    "eating, washing or moving around, and will for at least a year",
    "struggling": "Our family is finding it hard to cope with caring",
    "carer-health": "Caring is affecting the carer's own health",
    "home": "Things at home are hard, for example money, housing or relationships",
}
HELP = {
    "things-to-do": "Things for them to do: clubs, activities, holiday schemes",
    "break-for-carer": "A break for the carer",
    "overnight-care": "Overnight care",
    "money": "Money towards support",
    "equipment": "Equipment or changes to the home",
    "someone-to-talk-to": "Someone to talk to for advice",
    "family-support": "Support for the whole family",
    "housing": "Housing and living independently (18 and over)",
}
QUESTIONS = ["age", "situation", "help"]
# A page a family can read: the likeliest options at each level; the search shows the rest.
OPTIONS_PER_LEVEL = 10


@dataclass(frozen=True)
class Answers:
    age: int | None = None
    situation: frozenset[str] = frozenset()
    help: frozenset[str] = frozenset()

    @property
    def unsafe(self) -> bool:
        return "unsafe" in self.situation


@dataclass
class Checked:
    answers: Answers
    errors: dict[str, str] = field(default_factory=dict)


def read_answers(data: Mapping[str, Any], *, up_to: str) -> Checked:
    """The answers given so far, checked up to and including the question `up_to`."""
    errors: dict[str, str] = {}
    raw_age = str(data.get("age", "")).strip()
    age = None
    if raw_age:
        if not raw_age.isdigit():
            errors["age"] = "Enter their age as a whole number of years, for example 8"
        elif int(raw_age) > 25:
            errors["age"] = "Enter an age from 0 to 25. From 25, adult social care supports young people"
        else:
            age = int(raw_age)
    else:
        errors["age"] = "Enter the age of the child or young person"
    getlist = data.getlist if hasattr(data, "getlist") else lambda key: data.get(key, [])
    situation = frozenset(v for v in getlist("situation") if v in SITUATIONS)
    help_wanted = frozenset(v for v in getlist("help") if v in HELP)
    if QUESTIONS.index(up_to) >= QUESTIONS.index("help") and not help_wanted:
        errors["help"] = "Select the kinds of help you are looking for"
    return Checked(Answers(age=age, situation=situation, help=help_wanted), errors)


@dataclass(frozen=True)
class Option:
    service: Service
    likely: str  # "yes", "maybe" or "unlikely"
    why: str

    @property
    def online_label(self) -> str:
        return ONLINE_ROUTE_LABELS.get(self.service.online_route, "Apply online")

    @property
    def call(self) -> tuple[str, str]:
        """Who to call about it and the number: its route's first team with a phone, or its own."""
        for team in self.service.contact_teams.all():
            if team.phone:
                return team.name, team.phone
        return "", self.service.phone


GRANT_SLUG = "short-breaks-grant"
RANK = {"yes": 0, "maybe": 1, "unlikely": 2}


def likely_to_qualify(service: Service, answers: Answers) -> tuple[str, str]:
    """ "yes", "maybe" or "unlikely", and why. Needs the service's terms (prefetched)."""
    is_grant = service.slug == GRANT_SLUG or (
        service.level == Level.TARGETED and GRANT_SLUG in _codes(service, "access-routes")
    )
    return likely(service.level, is_grant=is_grant, situation=answers.situation)


def likely(level: str, *, is_grant: bool, situation: frozenset[str]) -> tuple[str, str]:
    """The same, from the only facts about a service it depends on: its level, and whether it is reached
    through the short breaks grant."""
    if level == Level.UNIVERSAL:
        return "yes", "Open to everyone who fits the age range, with no assessment."
    if is_grant:
        if situation & {"diagnosis", "dla"}:
            return "maybe", (
                "You may qualify: the grant is for children with a diagnosed disability or who get "
                "Disability Living Allowance. The level depends on the impact on your family."
            )
        return "unlikely", "The grant needs a diagnosed disability or Disability Living Allowance."
    if level == Level.SPECIALIST:
        if {"diagnosis", "substantial"} <= situation:
            return "maybe", (
                "You may qualify: the 0 to 25 disability team assesses children with a formal diagnosis of a "
                "substantial and long-term disability."
            )
        return "unlikely", (
            "Specialist services follow an assessment by the 0 to 25 disability team, for a formally diagnosed "
            "disability that is substantial and long-term."
        )
    if situation & {"diagnosis", "dla", "struggling", "carer-health"}:
        return (
            "maybe",
            "You may qualify after a short break assessment of your child's, your and your family's needs.",
        )
    return (
        "unlikely",
        "Targeted services follow a short break assessment, usually for a child with a disability.",
    )


def _codes(service: Service, taxonomy_slug: str) -> set[str]:
    return {term.code for term in service.terms.all() if term.taxonomy.slug == taxonomy_slug}


def guide_options(answers: Answers) -> dict[str, list[Option]]:
    """The services that fit, grouped by level (universal, targeted, specialist), likeliest first in each.

    Whether a family is likely to qualify depends only on a service's level and whether it is reached
    through the short breaks grant, so each level's list is at most two small ranked look-ups of keys (the
    first OPTIONS_PER_LEVEL by name), whatever the number of services that fit."""
    # Planned provision is not there to be had yet: the guided route shows only what runs now.
    services: QuerySet[Service] = public_services().filter(planned=False)
    if answers.age is not None:
        services = filter_age(services, answers.age)
    if answers.help:
        services = services.filter(id__in=service_ids_with_terms("help-types", answers.help))
    chosen: list[Any] = []
    for level in Level:
        # The grant itself, and at the targeted level the services reached through it (at the other levels
        # that part finds nothing, so it is not asked: it would read every service at the level).
        through_grant = Q(slug=GRANT_SLUG)
        if level == Level.TARGETED:
            through_grant |= Q(id__in=service_ids_with_terms("access-routes", [GRANT_SLUG]))
        ranks = {
            is_grant: RANK[likely(level, is_grant=is_grant, situation=answers.situation)[0]]
            for is_grant in (True, False)
        }
        at_level = services.filter(level=level).order_by("name", "id").values_list("name", "id")
        if ranks[True] == ranks[False]:
            chosen += [service_id for _, service_id in at_level[:OPTIONS_PER_LEVEL]]
            continue
        ranked = [(ranks[True], *row) for row in at_level.filter(through_grant)[:OPTIONS_PER_LEVEL]]
        ranked += [(ranks[False], *row) for row in at_level.exclude(through_grant)[:OPTIONS_PER_LEVEL]]
        chosen += [service_id for _, _, service_id in sorted(ranked)[:OPTIONS_PER_LEVEL]]
    listed = terms_attach(
        list(
            Service.objects.filter(id__in=chosen)
            .select_related("organization")
            .prefetch_related(Prefetch("contact_teams", queryset=Team.objects.order_by("display_order")))
        )
    )
    grouped: dict[str, list[Option]] = {
        level.value: [] for level in sorted(Level, key=LEVEL_ORDER.__getitem__)
    }
    for service in listed:
        likely_now, why = likely_to_qualify(service, answers)
        grouped[service.level].append(Option(service, likely_now, why))
    for options in grouped.values():
        options.sort(key=lambda option: (RANK[option.likely], option.service.name, option.service.id))
    return grouped
