"""An application sent before the account exists joins it once the email address is verified; a worry about a
child's safety never does, and no child's record is linked by it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from localoffer.accounts import services as accounts
from localoffer.accounts.tests.factories import UserFactory
from localoffer.core.roles import Role
from localoffer.messaging.services import message_queue
from localoffer.referrals.models import Referral, Route
from localoffer.referrals.selectors import own_referrals
from localoffer.referrals.tests.helpers import a_safety_concern, a_submitted_referral

pytestmark = pytest.mark.django_db

EMAIL = "priya.shah@example.com"
PASSWORD = "a long and unusual passphrase"


def _sent_without_an_account(
    route: str = Route.SHORT_BREAKS_GRANT, email: str = EMAIL, **changes: Any
) -> Referral:
    """An application as it is kept when sent without an account: no sender account, the sender's email."""
    someone = UserFactory(role=Role.PARENT_CARER)
    referral = a_submitted_referral(user=someone, route=route)
    Referral.objects.filter(pk=referral.pk).update(submitted_by=None, contact_email=email, **changes)
    referral.refresh_from_db()
    return referral


def _account_for(email: str, committed: Any, role: str = Role.PARENT_CARER) -> Any:
    with committed():
        accounts.account_request(
            role=role, first_name="Priya", last_name="Shah", email=email, site="http://x"
        )
    found = re.search(r"/create/link/([^/\s]+)/", str(mail.outbox[-1].body))
    assert found
    token = found.group(1)
    return accounts.account_create_from_link(token=token, password=PASSWORD)


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Any:
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_an_application_sent_before_the_account_joins_it_with_its_messages(
    client: Any, medway: None, committed: Any
) -> None:
    referral = _sent_without_an_account()
    message_queue(
        to=EMAIL, subject=f"We have your application {referral.reference}", body="b", about=referral
    )
    user = _account_for("Priya.Shah@EXAMPLE.com", committed)
    referral.refresh_from_db()
    assert referral.submitted_by == user
    assert referral.child is None  # a worker confirms who the child is
    assert list(own_referrals(user=user)) == [referral]
    client.force_login(user)
    listing = client.get(reverse("referrals:mine")).content.decode()
    assert str(referral.reference) in listing
    detail = client.get(reverse("referrals:detail", kwargs={"referral_id": referral.id})).content.decode()
    assert f"We have your application {referral.reference}" in detail


def test_a_worry_about_a_childs_safety_never_joins_a_family_account(medway: None, committed: Any) -> None:
    concern = a_safety_concern(by=None, referrer_kind="parent_carer", contact_email=EMAIL)
    assert concern.submitted_by is None
    user = _account_for(EMAIL, committed)
    concern.refresh_from_db()
    assert concern.submitted_by is None
    assert concern not in own_referrals(user=user)


def test_only_the_same_address_and_never_a_professionals_or_a_partners(medway: None, committed: Any) -> None:
    other_address = _sent_without_an_account(email="someone.else@example.com")
    professional = _sent_without_an_account(route=Route.EARLY_HELP, referrer_kind="professional")
    already_someones = a_submitted_referral(user=UserFactory(role=Role.PARENT_CARER))
    Referral.objects.filter(pk=already_someones.pk).update(contact_email=EMAIL)
    user = _account_for(EMAIL, committed)
    for referral in (other_address, professional):
        referral.refresh_from_db()
        assert referral.submitted_by is None
    already_someones.refresh_from_db()
    assert already_someones.submitted_by != user
    assert list(own_referrals(user=user)) == []
