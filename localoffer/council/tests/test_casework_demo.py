from __future__ import annotations

import pytest

from localoffer.casework.models import Assessment, AssessmentStatus, PlanStatus, Review, SupportPlan

pytestmark = pytest.mark.django_db


def test_demo_gives_each_casework_journey_something_to_walk(medway: None, offer: None) -> None:
    from localoffer.council.demo import demo_load

    demo_load()
    assert Assessment.objects.filter(status=AssessmentStatus.AWAITING_AUTHORISATION).count() == 1
    assert SupportPlan.objects.filter(status=PlanStatus.OPEN).count() == 1
    assert Review.objects.filter(status="due").count() == 1
    # Each child and family assessment records what the places priority weighs, so places need not ask.
    assert not Assessment.objects.filter(kind="child_and_family", need_level__isnull=True).exists()
    count = Assessment.objects.count()
    demo_load()
    assert Assessment.objects.count() == count
