"""The child's record lists the referrals about the child, through the section referrals registers."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from localoffer.core.roles import Role
from localoffer.referrals.tests.helpers import a_safety_concern, a_submitted_referral

pytestmark = pytest.mark.django_db


def test_the_childs_record_lists_the_referrals_the_viewer_may_see(
    client: Any, users: dict[str, Any], child: Any
) -> None:
    from localoffer.referrals import services

    application = a_submitted_referral(
        user=users[Role.PARENT_CARER],
        route="disability_team",
        first_name=child.first_name,
        last_name=child.last_name,
        date_of_birth=child.date_of_birth.isoformat(),
    )
    services.referral_match_child(referral=application, child=child, by=users[Role.SOCIAL_WORKER])
    concern = a_safety_concern(child_name=f"{child.first_name} {child.last_name}")
    services.referral_match_child(referral=concern, child=child, by=users[Role.DUTY_WORKER])

    client.force_login(users[Role.SOCIAL_WORKER])
    worker_page = client.get(reverse("people:child-detail", args=[child.id])).content.decode()
    assert "Referrals and applications" in worker_page
    assert application.reference in worker_page
    assert concern.reference in worker_page  # the team working with the child sees the worry

    client.force_login(users[Role.PARENT_CARER])
    family_page = client.get(reverse("people:child-detail", args=[child.id])).content.decode()
    assert application.reference in family_page
    assert concern.reference not in family_page  # never shown to the family
