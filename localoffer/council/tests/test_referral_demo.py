from __future__ import annotations

import pytest

from localoffer.referrals.models import Referral, Status

pytestmark = pytest.mark.django_db


def test_demo_puts_work_in_each_queue_once(medway: None, offer: None) -> None:
    from localoffer.council.demo import demo_load

    demo_load()
    teams = set(Referral.objects.exclude(status=Status.DRAFT).values_list("team__slug", flat=True))
    assert teams == {
        "short-breaks-and-self-directed-support",
        "0-to-25-disability-team",
        "chatham-all-saints-hub",
        "childrens-advice-and-duty-service",
    }
    assert Referral.objects.filter(status=Status.DRAFT).count() == 1
    count = Referral.objects.count()
    demo_load()
    assert Referral.objects.count() == count
