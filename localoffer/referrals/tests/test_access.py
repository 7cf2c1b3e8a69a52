from __future__ import annotations

from typing import Any

import pytest

from localoffer.accounts.tests.factories import UserFactory
from localoffer.core.roles import Role
from localoffer.referrals.access import referral_access, referrals_visible_to
from localoffer.referrals.models import Route
from localoffer.referrals.selectors import own_referrals
from localoffer.referrals.services import referral_match_child
from localoffer.referrals.tests.helpers import a_draft, a_safety_concern, a_submitted_referral

pytestmark = pytest.mark.django_db


def _everyone(users: dict[str, Any]) -> dict[str, bool]:
    return {role: False for role in users}


def test_a_sent_application_is_seen_by_its_author_and_its_team_only(users: dict[str, Any]) -> None:
    referral = a_submitted_referral(user=users[Role.PARENT_CARER])
    seen = {role: referral_access(user, referral).allowed for role, user in users.items()}
    assert seen == {**_everyone(users), Role.PARENT_CARER: True, Role.SDS_COORDINATOR: True}
    assert referral_access(None, referral).allowed is False


def test_a_draft_is_seen_by_its_author_alone(users: dict[str, Any]) -> None:
    draft = a_draft(user=users[Role.PARENT_CARER], route=Route.DISABILITY_TEAM)
    seen = {role: referral_access(user, draft).allowed for role, user in users.items()}
    assert seen == {**_everyone(users), Role.PARENT_CARER: True}


def test_duty_sees_every_safety_concern_and_the_family_never_does(users: dict[str, Any], child: Any) -> None:
    concern = a_safety_concern()
    concern.child = child  # linked to the parent's child, as a duty worker would
    concern.save()
    seen = {role: referral_access(user, concern).allowed for role, user in users.items()}
    # The 0 to 25 team works with the child, so its social worker sees it through the child's record.
    assert seen == {**_everyone(users), Role.DUTY_WORKER: True, Role.SOCIAL_WORKER: True}
    assert concern not in own_referrals(user=users[Role.PARENT_CARER])


def test_a_professional_referral_about_a_familys_child_is_shown_to_the_family_once_matched(
    users: dict[str, Any], child: Any
) -> None:
    professional = users[Role.REFERRING_PROFESSIONAL]
    referral = a_submitted_referral(
        user=professional,
        route=Route.DISABILITY_TEAM,
        referrer_kind="professional",
        consent="yes",
        first_name=child.first_name,
        last_name=child.last_name,
        date_of_birth=child.date_of_birth.isoformat(),
    )
    parent = users[Role.PARENT_CARER]
    assert not referral_access(parent, referral).allowed
    referral_match_child(referral=referral, child=child, by=users[Role.SOCIAL_WORKER])
    assert referral_access(parent, referral).allowed
    assert referral in own_referrals(user=parent)
    assert referral in own_referrals(user=professional)


def test_the_list_and_the_decision_agree(users: dict[str, Any], child: Any) -> None:
    a_submitted_referral(user=users[Role.PARENT_CARER])
    a_submitted_referral(user=users[Role.YOUNG_PERSON], route=Route.SUPPORTED_LIVING)
    a_safety_concern()
    a_draft(user=users[Role.REFERRING_PROFESSIONAL], route=Route.EARLY_HELP)
    outsider = UserFactory(role=Role.PARENT_CARER)
    from localoffer.referrals.models import Referral

    for user in [*users.values(), outsider]:
        listed = set(referrals_visible_to(user))
        decided = {r for r in Referral.objects.all() if referral_access(user, r).allowed}
        assert listed == decided, user.role
