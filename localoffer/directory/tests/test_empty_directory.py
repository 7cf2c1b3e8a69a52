"""Before a council has loaded its Local Offer, the search still answers: nothing found, and where to go."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.sqlite, pytest.mark.django_db]


def test_a_search_of_an_empty_directory_says_nothing_was_found(client: Any) -> None:
    response = client.get(reverse("directory:search"), {"q": "autism"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "0 services found" in page
    assert "ask us" in page  # the next step when nothing is found


def test_the_search_page_with_no_terms_still_offers_the_search_box(client: Any) -> None:
    response = client.get(reverse("directory:search"))
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()
