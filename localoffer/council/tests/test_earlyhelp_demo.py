from __future__ import annotations

import pytest
from django.utils import timezone

from localoffer.earlyhelp.models import Episode
from localoffer.referrals.models import Referral, Route, Status

pytestmark = pytest.mark.django_db


def test_demo_early_help_is_led_by_a_partner_with_a_plan_overdue_and_a_referral_waiting(
    medway: None, offer: None
) -> None:
    from localoffer.council.demo import demo_load

    demo_load()
    episode = Episode.objects.get()
    assert episode.family.name == "The Test family"
    assert episode.lead_practitioner is not None
    assert episode.lead_practitioner.username == "partner"
    assert episode.review_overdue_on(timezone.localdate())
    assert Referral.objects.filter(route=Route.EARLY_HELP, status=Status.SUBMITTED).count() == 1
    demo_load()
    assert Episode.objects.count() == 1
