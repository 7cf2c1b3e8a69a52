"""What a family types into the Local Offer, over Medway's loaded offer: every need word, every area, every
level and the typing slips the README promises. Expected services are read from Medway's data, so each test
holds the rule (a service for all SEND serves every need; a Medway-wide service serves every town), not a
count."""

from __future__ import annotations

from typing import Any

import pytest

from localoffer.council.medway import offer as medway_offer
from localoffer.directory.models import Level
from localoffer.directory.search import service_reindex
from localoffer.directory.selectors import DirectoryCriteria, directory_search, filter_counts
from localoffer.directory.services import service_upsert
from localoffer.directory.vocabulary import NEED_PARENTS, NEED_WORDS

pytestmark = [pytest.mark.sqlite, pytest.mark.usefixtures("offer")]

LIVE = [s for s in medway_offer.SERVICES if s.get("status", "active") == "active"]


def found(**criteria: Any) -> list[str]:
    """The slugs of every service found, over all the pages."""
    slugs: list[str] = []
    page = 1
    while True:
        results = directory_search(criteria=DirectoryCriteria(**criteria), page_number=page)
        slugs += [result.service.slug for result in results.results]
        if len(slugs) >= results.total:
            return slugs
        page += 1


def serving(need: str) -> set[str]:
    """Services Medway's data says are for this need, or for all SEND (which serves every need)."""
    wanted = {need, NEED_PARENTS.get(need, need)}
    return {s["key"] for s in LIVE if wanted & set(s.get("needs", []))}


@pytest.mark.parametrize("need", list(medway_offer.NEEDS))
def test_every_word_for_a_need_and_its_filter_find_the_services_for_it_and_for_all_send(need: str) -> None:
    expected = serving(need)
    assert expected, f"Medway's data has no service for {need}"
    for word in [medway_offer.NEEDS[need], *NEED_WORDS[need]]:
        missing = expected - set(found(query=word))
        assert not missing, f"“{word}” misses {sorted(missing)}"
    by_filter = set(found(terms={"needs": (need,)}))
    assert expected <= by_filter, f"the Needs filter {need} misses {sorted(expected - by_filter)}"
    if need == "send":  # every service for a specific need is a service for SEND too
        assert {s["key"] for s in LIVE if set(s.get("needs", [])) & set(NEED_PARENTS)} <= by_filter


def test_the_words_the_issue_names_find_the_services_for_all_send() -> None:
    for word in [
        "autism",
        "autistic",
        "ASD",
        "ASC",
        "ADHD",
        "learning disability",
        "SEMH",
        "speech and language",
    ]:
        results = set(found(query=word))
        for slug in ("short-breaks-grant", "rocc-holiday-clubs", "medway-go-holiday-activities"):
            assert slug in results, (word, slug)


def test_autism_holiday_activities_finds_holiday_activities_for_autistic_children() -> None:
    results = found(query="autism holiday activities")
    assert "medway-go-holiday-activities" in results
    assert "rocc-holiday-clubs" in results
    assert "early-help" not in results  # nothing about holidays


def test_a_service_for_autistic_children_ranks_above_one_for_all_send() -> None:
    council = medway_offer.ORGANISATIONS[0]["key"]
    from localoffer.directory.models import Organization

    service = service_upsert(
        slug="autism-social-club",
        organization=Organization.objects.get(slug=council),
        terms={"needs": ["autism"], "areas": ["medway"]},
        name="Saturday social club",
        description="A club on Saturdays. Come and meet friends.",
        level=Level.UNIVERSAL,
        next_step="Just turn up.",
    )
    service_reindex(service)
    results = found(query="autistic")
    assert results[0] == "autism-social-club"
    assert "short-breaks-grant" in results


def test_why_a_send_service_is_found_by_a_need_word_is_said() -> None:
    result = next(
        r
        for r in directory_search(criteria=DirectoryCriteria(query="autism")).results
        if r.service.slug == "short-breaks-grant"
    )
    assert any("covered by its needs supported" in reason for reason in result.reasons), result.reasons


MEDWAY_WIDE = {s["key"] for s in LIVE if "medway" in s.get("areas", [])}
TOWNS = [code for code in medway_offer.AREAS if code != "medway"]


PLACES = {
    "chatham": "Chatham",
    "gillingham": "Gillingham",
    "rochester": "Rochester",
    "strood": "Strood",
    "rainham": "Rainham",
    "hoo-peninsula": "Hoo",
    "walderslade-lordswood": "Walderslade",
}


@pytest.mark.parametrize("area", TOWNS)
def test_every_area_counts_the_services_offered_across_medway(area: str) -> None:
    local = {s["key"] for s in LIVE if area in s.get("areas", [])}
    assert set(found(terms={"areas": (area,)})) == MEDWAY_WIDE | local
    assert MEDWAY_WIDE | local <= set(found(query=PLACES[area]))


def test_a_town_and_a_need_together() -> None:
    results = set(found(query="autism Gillingham"))
    assert "short-breaks-grant" in results
    assert "early-help-gillingham" not in results  # a helpline for everyone, not for a need
    hub = set(found(query="Gillingham", terms={"help-types": ("someone-to-talk-to",)}))
    assert "early-help-gillingham" in hub
    assert "early-help-strood" not in hub


@pytest.mark.parametrize("level", [level.value for level in Level])
def test_every_level_filtered_or_typed_finds_its_services(level: str) -> None:
    expected = {s["key"] for s in LIVE if s["level"] == level}
    assert set(found(levels=(level,))) == expected
    assert expected <= set(found(query=level))


SLIPS = [
    ("hollyday", "holiday"),
    ("holliday", "holiday"),
    ("hollidays", "holidays"),
    ("overnite", "overnight"),
    ("overnihgt", "overnight"),
    ("ovenight", "overnight"),
    ("autisim", "autism"),
    ("awtism", "autism"),
    ("autistc", "autistic"),
    ("respit", "respite"),
    ("disabilty", "disability"),
    ("activites", "activities"),
    ("speach", "speech"),
    ("grnat", "grant"),
]


def test_typing_slips_find_what_the_right_word_finds() -> None:
    for typed, meant in SLIPS:
        right = set(found(query=meant))
        assert right, f"“{meant}” finds nothing"
        assert set(found(query=typed)) == right, typed


def test_each_filter_choice_counts_what_choosing_it_finds() -> None:
    criteria = DirectoryCriteria(query="holiday", age=9)
    counts = filter_counts(criteria=criteria)
    assert counts["needs"]["autism"] > 0
    for slug in ("needs", "areas", "help-types", "when", "funding", "access-routes"):
        for code, number in counts[slug].items():
            chosen = DirectoryCriteria(query="holiday", age=9, terms={slug: (code,)})
            assert directory_search(criteria=chosen).total == number, (slug, code)
    for level, number in counts["level"].items():
        assert (
            directory_search(criteria=DirectoryCriteria(query="holiday", age=9, levels=(level,))).total
            == number
        )
