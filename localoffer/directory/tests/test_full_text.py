"""The search's behaviour on the database's own full-text engine: the same tests run on SQLite (FTS5) and on
PostgreSQL (tsvector and pg_trgm), in the suite's SQLite run and its PostgreSQL run. Each test adds the
listings it searches for beside Medway's offer, with words Medway's listings do not use."""

from __future__ import annotations

from typing import Any

import pytest

from localoffer.directory import search, selectors
from localoffer.directory.models import IndexedWord, Level, Organization, Service
from localoffer.directory.selectors import DirectoryCriteria, directory_search, filter_counts
from localoffer.directory.services import service_edit, service_upsert

pytestmark = [pytest.mark.sqlite, pytest.mark.usefixtures("offer")]


def listing(slug: str, name: str, description: str = "A place to come along.", **fields: Any) -> Service:
    terms = fields.pop("terms", {})
    return service_upsert(
        slug=slug,
        organization=Organization.objects.order_by("name")[0],
        terms=terms,
        name=name,
        description=description,
        level=fields.pop("level", Level.UNIVERSAL),
        next_step=fields.pop("next_step", "Just turn up."),
        **fields,
    )


def slugs(text: str, **criteria: Any) -> list[str]:
    found = directory_search(criteria=DirectoryCriteria(query=text, **criteria))
    return [result.service.slug for result in found.results]


@pytest.fixture
def zorbs() -> None:
    listing("bounce", "Zorbing club", "Bouncing on zorbs for every child.")
    listing("kayak", "Kayaking on the river", "Paddling, with zorbing in the winter.")
    listing("archery", "Archery evenings", "Bows and arrows at the zorb park next door.")


def test_word_forms_find_each_other(zorbs: None) -> None:
    assert set(slugs("zorbs")) == set(slugs("zorb")) == {"bounce", "kayak", "archery"}
    assert set(slugs("kayak")) == {"kayak"}  # "Kayaking"


def test_a_typing_slip_finds_what_the_word_finds_through_the_word_index(zorbs: None) -> None:
    assert IndexedWord.objects.filter(word="kayaking").exists()
    for slip in ("kayakin", "kayakign", "kayakking", "kayacing"):
        assert slugs(slip) == ["kayak"], slip
    assert slugs("archrey") == ["archery"]  # two letters swapped


def test_a_word_in_the_directory_is_not_taken_for_a_slip(zorbs: None) -> None:
    listing("bows", "Bows for hair", "Ribbons and bows.")
    assert set(slugs("bows")) == {"archery", "bows"}
    assert "bounce" not in slugs("bows")  # "bows" is in the directory: never read as "bow" or "boys"


def test_the_words_families_use_find_the_services_for_the_need(zorbs: None) -> None:
    listing("calm", "Quiet swimming", "Swimming sessions.", terms={"needs": ["autism"]})
    for word in ("autism", "autistic", "ASD", "Asperger's", "aspergers"):
        assert "calm" in slugs(word), word


def test_a_quoted_phrase_finds_the_words_together_only(zorbs: None) -> None:
    assert "archery" in slugs("zorb park")
    assert slugs('"zorb park"') == ["archery"]
    assert slugs('"park zorb"') == []


def test_or_finds_either_and_minus_leaves_out(zorbs: None) -> None:
    assert set(slugs("archery or kayaking")) == {"archery", "kayak"}
    assert set(slugs("zorbing -kayaking")) == {"bounce", "archery"}
    assert set(slugs('zorbing -"zorb park"')) == {"bounce", "kayak"}


def test_every_word_must_be_found(zorbs: None) -> None:
    assert slugs("zorbing river") == ["kayak"]
    assert slugs("zorbing xylophone") == []


def test_a_match_in_the_name_ranks_above_a_match_in_the_description(zorbs: None) -> None:
    assert slugs("zorbing")[0] == "bounce"
    assert slugs("kayaking zorbing")[0] == "kayak"
    assert slugs("archery")[0] == "archery"


def test_every_filter_combines_with_the_words() -> None:
    listing(
        "young-bounce",
        "Zorbing for little ones",
        terms={"help-types": ["things-to-do"], "when": ["weekends"], "areas": ["chatham"]},
        minimum_age=2,
        maximum_age=6,
    )
    listing(
        "teen-bounce",
        "Zorbing for teenagers",
        level=Level.TARGETED,
        terms={"help-types": ["break-for-carer"], "when": ["after-school"], "areas": ["strood"]},
        minimum_age=12,
        maximum_age=18,
    )
    assert set(slugs("zorbing")) == {"young-bounce", "teen-bounce"}
    assert slugs("zorbing", age=4) == ["young-bounce"]
    assert slugs("zorbing", levels=("targeted",)) == ["teen-bounce"]
    assert slugs("zorbing", terms={"when": ("weekends",)}) == ["young-bounce"]
    assert slugs("zorbing", terms={"help-types": ("break-for-carer",)}) == ["teen-bounce"]
    assert slugs("zorbing", terms={"areas": ("strood",)}) == ["teen-bounce"]
    assert slugs("zorbing", age=4, terms={"areas": ("strood",)}) == []
    counts = filter_counts(criteria=DirectoryCriteria(query="zorbing"))
    assert counts["when"]["weekends"] == 1
    assert counts["level"] == {"universal": 1, "targeted": 1, "specialist": 0}
    chosen = filter_counts(criteria=DirectoryCriteria(query="zorbing", levels=("targeted",)))
    assert chosen["level"]["universal"] == 1  # a filter's own choices count without it
    assert (chosen["when"]["after-school"], chosen["when"]["weekends"]) == (1, 0)


def test_an_edited_listing_is_found_by_its_new_words_only(zorbs: None, users: dict[str, Any]) -> None:
    from localoffer.core.roles import Role

    service = Service.objects.get(slug="kayak")
    service_edit(
        service=service,
        changes={"name": "Canoeing on the river", "description": "Paddling."},
        checked=False,
        actor=users[Role.LOCAL_OFFER_EDITOR],
    )
    assert slugs("canoeing") == ["kayak"]
    assert slugs("kayaking") == []
    assert slugs("canoing") == ["kayak"]  # its new words are in the word index at once


def test_a_withdrawn_listing_leaves_the_index(zorbs: None) -> None:
    Service.objects.filter(slug="archery").delete()
    assert slugs("archery") == []
    assert set(slugs("zorbing")) == {"bounce", "kayak"}


def test_past_the_cap_the_total_says_more_than(zorbs: None, monkeypatch: Any) -> None:
    monkeypatch.setattr(search, "COUNT_CAP", 2)
    monkeypatch.setattr(selectors, "COUNT_CAP", 2)
    found = directory_search(criteria=DirectoryCriteria(query="zorbing"))
    assert (found.total, found.more, found.found_text) == (2, True, "More than 2 services found")
    assert len(found.results) == 2
    assert "when" not in filter_counts(criteria=DirectoryCriteria(query="zorbing"))
    exact = directory_search(criteria=DirectoryCriteria(query="archery"))
    assert (exact.total, exact.more, exact.found_text) == (1, False, "1 service found")


def test_the_page_says_more_than_past_the_cap(client: Any, zorbs: None, monkeypatch: Any) -> None:
    from django.urls import reverse

    monkeypatch.setattr(search, "COUNT_CAP", 2)
    monkeypatch.setattr(selectors, "COUNT_CAP", 2)
    page = client.get(reverse("directory:search"), {"q": "zorbing"}).content.decode()
    assert "More than 2 services found" in page
    assert "Add words or filters to narrow the search" in page


@pytest.mark.parametrize("text", ['"', "-", "or", "- or -", '""', "-zorbing", "a the of", "(", "*", "^:"])
def test_stray_signs_and_stop_words_are_safe(zorbs: None, text: str) -> None:
    found = directory_search(criteria=DirectoryCriteria(query=text))
    assert found.total >= 0


@pytest.mark.parametrize("text", ["zorbing", "zorb", "zorb -kayak", "autism", "club", "short breaks"])
def test_a_page_of_results_is_that_page_of_the_ranked_search(zorbs: None, text: str) -> None:
    """ranked_slice reads a page (on PostgreSQL: ranked on narrow rows, then the page's rows by id) as the
    ranked search orders and counts it, with what the services' query joins, on every page and past the end."""
    services = selectors.public_services().select_related("organization")
    query = search.parse_query(text)
    ranked = list(search.keyword_search(services, query))
    assert ranked, "the search finds something to page through"
    for start, size in ((0, 2), (1, 2), (2, 3), (0, 50), (len(ranked), 2), (len(ranked) + 40, 2)):
        rows, total = search.ranked_slice(services, query, start, size, related=("organization",))
        assert [row.id for row in rows] == [row.id for row in ranked[start : start + size]], (start, size)
        assert total == len(ranked), (start, size)
        assert all(row.organization.name for row in rows)


def test_a_search_past_the_end_shows_the_last_page(zorbs: None) -> None:
    first = directory_search(criteria=DirectoryCriteria(query="zorbing"))
    found = directory_search(criteria=DirectoryCriteria(query="zorbing"), page_number=40)
    assert found.page.number == 1
    assert [r.service.slug for r in found.results] == [r.service.slug for r in first.results]
    assert {r.service.slug for r in found.results} == {"bounce", "kayak", "archery"}
