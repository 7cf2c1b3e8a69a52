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
    count = Assessment.objects.count()
    demo_load()
    assert Assessment.objects.count() == count
