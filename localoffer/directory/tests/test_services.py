from __future__ import annotations

from typing import Any

import pytest

from localoffer.directory.models import Service
from localoffer.directory.selectors import DirectoryCriteria, directory_search
from localoffer.directory.services import service_upsert

pytestmark = pytest.mark.sqlite


def test_a_changed_listing_is_found_by_its_new_words(offer: None) -> None:
    service = Service.objects.get(slug="short-breaks-grant")
    service_upsert(
        slug=service.slug,
        organization=service.organization,
        terms={},
        name="Short breaks grant for trampolining",
        description=service.description,
        level=service.level,
        next_step=service.next_step,
    )
    found = directory_search(criteria=DirectoryCriteria(query="trampolines")).results
    assert [result.service.slug for result in found][:1] == [service.slug]
    assert any("“trampolines” is in its name" in reason for reason in found[0].reasons)


def test_refuses_an_unknown_taxonomy_term(offer: None) -> None:
    service = Service.objects.first()
    assert service is not None
    with pytest.raises(ValueError, match="Unknown taxonomy terms"):
        service_upsert(
            slug="new",
            organization=service.organization,
            terms={"needs": ["telepathy"]},
            name="New",
            description="New",
            level="universal",
            next_step="Ask.",
        )


def test_refuses_an_age_range_backwards(offer: None) -> None:
    from django.core.exceptions import ValidationError

    service: Any = Service.objects.first()
    with pytest.raises(ValidationError):
        service_upsert(
            slug="backwards",
            organization=service.organization,
            terms={},
            name="Backwards",
            description="x",
            level="universal",
            next_step="Ask.",
            minimum_age=18,
            maximum_age=5,
        )
