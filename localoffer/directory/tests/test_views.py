from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.usefixtures("offer")


def test_results_say_who_it_is_for_and_the_next_step(client: Any) -> None:
    page = client.get(reverse("directory:search"), {"q": "overnight"}).content.decode()
    assert "services found" in page or "service found" in page
    assert "Who it is for" in page
    assert "Next step" in page
    assert "Why it is here" in page


def test_a_bad_age_is_explained_and_what_was_typed_is_kept(client: Any) -> None:
    page = client.get(reverse("directory:search"), {"age": "eight", "q": "club"}).content.decode()
    assert "There is a problem" in page
    assert "Enter the age as a whole number of years, for example 8" in page
    assert 'value="eight"' in page
    assert 'value="club"' in page


def test_over_25_points_to_adult_social_care(client: Any) -> None:
    page = client.get(reverse("directory:search"), {"age": "30"}).content.decode()
    assert "adult social care" in page


def test_service_page_says_how_to_get_it_and_when_it_was_checked(client: Any) -> None:
    page = client.get(reverse("directory:service", kwargs={"slug": "short-breaks-grant"})).content.decode()
    assert "How to get it" in page
    assert "01634 331 351" in page
    assert "not yet been checked" in page or "last checked" in page
    assert "£500" in page


def test_an_unknown_or_inactive_service_is_not_found(client: Any) -> None:
    assert client.get(reverse("directory:service", kwargs={"slug": "no-such-thing"})).status_code == 404
    assert (
        client.get(reverse("directory:service", kwargs={"slug": "parklands-after-school-club"})).status_code
        == 404
    )


def test_results_come_in_pages_that_keep_the_filters(client: Any) -> None:
    page = client.get(reverse("directory:search"), {"age": "10"}).content.decode()
    assert "Page 1 of 2" in page  # Medway has more than 20 services for a 10-year-old
    assert 'href="?age=10&amp;page=2"' in page
    second = client.get(reverse("directory:search"), {"age": "10", "page": "2"}).content.decode()
    assert "Page 2 of" in second


def test_filters_show_what_each_choice_finds_and_offer_none_that_finds_nothing(client: Any) -> None:
    import re

    page = client.get(reverse("directory:search"), {"q": "holiday", "age": "9"}).content.decode()
    labels = re.findall(r'govuk-checkboxes__label" for="[^"]+">([^<]+)</label>', page)
    assert labels
    assert all(re.search(r"\(\d+\)$", label) for label in labels), labels
    assert not [label for label in labels if label.endswith("(0)")]
    assert any(label.startswith("Autism (") for label in labels)
    assert not any(label.startswith("All of Medway") for label in labels)  # each town counts it already
    chosen = client.get(reverse("directory:search"), {"q": "holiday", "when": "weekdays"}).content.decode()
    assert "Weekdays (0)" in chosen  # a choice made stays, so that it can be taken away
    assert "0 services found" in chosen


def test_a_postcode_search_without_a_distance_shows_the_distance_it_used_chosen(client: Any) -> None:
    page = client.get(reverse("directory:search"), {"postcode": "ME4 4TR"}).content.decode()
    assert '<option value="3" selected>3 miles</option>' in page
    assert '<option value="1" selected>' not in page
    chosen = client.get(
        reverse("directory:search"), {"postcode": "ME4 4TR", "distance": "10"}
    ).content.decode()
    assert '<option value="10" selected>10 miles</option>' in chosen
