"""An accepted short breaks grant application becomes the coordinator's evaluation, told once."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from localoffer.core.roles import Role
from localoffer.grants.models import CaseKind, CaseStatus, DlaRate, GrantCase, PolicyVersion
from localoffer.referrals import services as referrals
from localoffer.referrals.models import Referral, Route, Status
from localoffer.referrals.tests.helpers import a_submitted_referral

pytestmark = pytest.mark.django_db


def test_an_accepted_application_opens_an_evaluation_with_what_the_family_said(users: dict[str, Any]) -> None:
    sds = users[Role.SDS_COORDINATOR]
    application = a_submitted_referral(user=users[Role.PARENT_CARER])
    referrals.referral_create_child(referral=application, by=sds)
    referrals.referral_record_outcome(referral=application, outcome=Status.ACCEPTED, reason="", by=sds)
    case = GrantCase.objects.get(referral=application)
    assert case.child == Referral.objects.get(pk=application.pk).child
    assert case.status == CaseStatus.AWAITING
    assert case.kind == CaseKind.NEW
    assert case.has_diagnosis is True
    assert case.dla_rate == DlaRate.MIDDLE
    assert case.payment_method == "prepaid_card"
    assert case.how_it_helps == "Swimming lessons."
    assert case.carer_needs == "Some sleep."
    assert case.impact == ""  # the impact and the risk of breakdown are the coordinator's to judge
    assert case.breakdown_risk == ""


def test_the_coordinator_opens_the_evaluation_from_the_application(
    client: Any, users: dict[str, Any]
) -> None:
    sds = users[Role.SDS_COORDINATOR]
    application = a_submitted_referral(user=users[Role.PARENT_CARER])
    referrals.referral_create_child(referral=application, by=sds)
    referrals.referral_record_outcome(referral=application, outcome=Status.ACCEPTED, reason="", by=sds)
    case = GrantCase.objects.get(referral=application)
    client.force_login(sds)
    referral_page = client.get(reverse("referrals:detail", args=[application.id])).content.decode()
    assert reverse("grants:case", args=[case.id]) in referral_page
    case_page = client.get(reverse("grants:case", args=[case.id]))
    assert case_page.status_code == 200
    assert application.reference in case_page.content.decode()
    # Accepting started the team's work with the child, so its coordinators may see the child's record.
    assert client.get(reverse("people:child-detail", args=[case.child_id])).status_code == 200


def test_an_application_not_matched_to_a_child_cannot_be_accepted(users: dict[str, Any]) -> None:
    sds = users[Role.SDS_COORDINATOR]
    application = a_submitted_referral(user=users[Role.PARENT_CARER])
    with pytest.raises(ValidationError, match="Match the application to the child's record"):
        referrals.referral_record_outcome(referral=application, outcome=Status.ACCEPTED, reason="", by=sds)
    assert Referral.objects.get(pk=application.pk).status == Status.SUBMITTED  # nothing half-done
    assert not GrantCase.objects.exists()


def test_other_routes_and_other_outcomes_open_no_case(users: dict[str, Any], offer: None) -> None:
    social_worker = users[Role.SOCIAL_WORKER]
    other = a_submitted_referral(user=users[Role.PARENT_CARER], route=Route.DISABILITY_TEAM)
    referrals.referral_create_child(referral=other, by=social_worker)
    referrals.referral_record_outcome(referral=other, outcome=Status.ACCEPTED, reason="", by=social_worker)
    sds = users[Role.SDS_COORDINATOR]
    declined = a_submitted_referral(user=users[Role.PARENT_CARER])
    referrals.referral_record_outcome(
        referral=declined, outcome=Status.NO_FURTHER_ACTION, reason="Not a Medway resident.", by=sds
    )
    assert not GrantCase.objects.exists()


def test_a_renewal_application_opens_a_renewal(users: dict[str, Any]) -> None:
    sds = users[Role.SDS_COORDINATOR]
    application = a_submitted_referral(user=users[Role.PARENT_CARER])
    application.short_breaks.is_renewal = True
    application.short_breaks.save()
    referrals.referral_create_child(referral=application, by=sds)
    referrals.referral_record_outcome(referral=application, outcome=Status.ACCEPTED, reason="", by=sds)
    assert GrantCase.objects.get(referral=application).kind == CaseKind.RENEWAL


def test_accepting_a_grant_application_links_to_its_evaluation(users: dict[str, Any]) -> None:
    sds = users[Role.SDS_COORDINATOR]
    referral = a_submitted_referral(user=users[Role.PARENT_CARER])
    referrals.referral_create_child(referral=referral, by=sds)
    referrals.referral_record_outcome(referral=referral, outcome=Status.ACCEPTED, reason="", by=sds)
    case = GrantCase.objects.get(referral=referral)
    links = {item.get_absolute_url(): item for item in referral.opened.all()}
    grant = links[reverse("grants:case", args=[case.id])]
    assert grant.reference == case.reference
    assert grant.opened_by == sds
    assert len(links) == 2  # and the team's work with the child


def test_the_grant_ages_follow_the_published_policy(users: dict[str, Any], policy: Any) -> None:
    from localoffer.referrals.scope import age_limits

    PolicyVersion.objects.filter(status="published").update(maximum_age=15)
    assert age_limits(Route.SHORT_BREAKS_GRANT) == (0, 15)
