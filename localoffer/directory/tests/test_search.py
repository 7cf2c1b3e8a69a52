from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from localoffer.directory.models import Service, Status
from localoffer.directory.search import one_slip_away, stems
from localoffer.directory.selectors import DirectoryCriteria, directory_search

pytestmark = [pytest.mark.sqlite, pytest.mark.usefixtures("offer")]


def names(**criteria: Any) -> list[str]:
    return [
        result.service.name for result in directory_search(criteria=DirectoryCriteria(**criteria)).results
    ]


def test_finds_a_service_by_its_own_name() -> None:
    assert names(query="Parklands short breaks home")[0].startswith("Parklands short breaks home")


def test_forgives_word_forms() -> None:
    assert set(names(query="holidays")) == set(names(query="holiday"))
    assert names(query="holidays")


def test_forgives_a_small_typing_slip() -> None:
    assert set(names(query="holliday")) == set(names(query="holiday"))
    assert set(names(query="overnihgt")) == set(names(query="overnight"))


def test_every_word_must_match() -> None:
    both = set(names(query="overnight care"))
    assert both
    assert both <= set(names(query="overnight"))
    assert both <= set(names(query="care"))


def test_a_match_in_the_name_ranks_above_one_in_the_description() -> None:
    results = names(query="grant")
    assert "grant" in results[0].lower()


def test_nonsense_finds_nothing() -> None:
    assert names(query="xylophone zeppelin") == []


def test_age_filter_keeps_only_services_for_that_age() -> None:
    page = directory_search(criteria=DirectoryCriteria(age=20)).results
    for result in page:
        service = result.service
        assert service.minimum_age is None or service.minimum_age <= 20
        assert service.maximum_age is None or service.maximum_age >= 20
    assert "Shine" not in " ".join(r.service.name for r in page)  # Shine is for 10 to 18


def test_filters_combine() -> None:
    found = directory_search(
        criteria=DirectoryCriteria(age=10, levels=("specialist",), terms={"when": ("overnight",)})
    )
    assert found.total >= 1
    for result in found.results:
        assert result.service.level == "specialist"
        assert "overnight" in {term.code for term in result.service.terms.all()}
        assert any("Overnight" in reason for reason in result.reasons)


def test_hidden_and_inactive_listings_are_not_shown() -> None:
    service = Service.objects.filter(status=Status.ACTIVE).first()
    assert service is not None
    service.hidden_from = dt.date(2020, 1, 1)
    service.save()
    assert service.name not in names(query=service.name)
    assert not names(query="Parklands after school club")  # inactive in the sources


def test_results_say_why_they_matched() -> None:
    first = directory_search(criteria=DirectoryCriteria(query="overnight")).results[0]
    assert any("“overnight” is in" in reason for reason in first.reasons)


@given(st.text(max_size=60))
def test_any_text_is_a_safe_query(text: str) -> None:
    directory_search(criteria=DirectoryCriteria(query=text))


def test_stems_and_slips() -> None:
    assert stems("Holidays for the children") == ["holiday", "children"]
    assert "holiday" in one_slip_away("holliday")
    assert "overnight" in one_slip_away("overnihgt")


def test_a_page_and_the_number_found_are_read_together(django_assert_max_num_queries: Any) -> None:
    """The ranked page with how many were found is one query, and the services' terms another; PostgreSQL
    ranks on narrow rows and then reads the page's twenty rows by id (search.ranked_slice), one more."""
    directory_search(criteria=DirectoryCriteria(query="short breaks"))  # words and terms are remembered now
    with django_assert_max_num_queries(3 if connection.vendor == "postgresql" else 2):
        found = directory_search(criteria=DirectoryCriteria(query="short breaks"))
    assert found.total >= 1
    assert len(found.results) == min(found.total, 20)


def test_a_page_past_the_end_shows_the_last_page() -> None:
    everything = directory_search(criteria=DirectoryCriteria())
    last = everything.page.paginator.num_pages
    assert last > 1
    past = directory_search(criteria=DirectoryCriteria(), page_number=last + 5)
    assert past.page.number == last
    assert past.total == everything.total
    assert 0 < len(past.results) <= 20
    assert directory_search(criteria=DirectoryCriteria(), page_number="nonsense").page.number == 1


def test_pages_do_not_repeat_or_skip_services() -> None:
    first = directory_search(criteria=DirectoryCriteria(), page_number=1)
    second = directory_search(criteria=DirectoryCriteria(), page_number=2)
    seen = [r.service.id for r in first.results] + [r.service.id for r in second.results]
    assert len(seen) == len(set(seen)) == min(40, first.total)
