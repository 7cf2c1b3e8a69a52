"""Switching payees to their second route (one, or every payee of a card provider that has stopped) with the
family told after commit; corrections and reversals as new entries naming the one they correct, shown beside
it; and each earlier version of an element or agreement, with who made it and when."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from localoffer.accounts.tests.factories import UserFactory
from localoffer.core.roles import Role
from localoffer.messaging.models import Message
from localoffer.packages.models import Agreement, Instalment
from localoffer.packages.selectors import agreement_ledger, card_provider_payees, card_providers, history_of
from localoffer.packages.services import (
    agreement_create,
    agreement_switch_route,
    card_provider_switch,
    element_add,
    element_suspend,
    instalment_correct,
    instalment_reverse,
    package_open,
)
from localoffer.packages.tests.helpers import START, a_paid_schedule
from localoffer.people.models import Relationship
from localoffer.people.services import family_link_create
from localoffer.people.tests.factories import ChildFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rate_card")]


def _family_child(email: str = "") -> Any:
    child: Any = ChildFactory()
    parent: Any = UserFactory(role=Role.PARENT_CARER, email=email or f"{uuid.uuid4().hex[:8]}@example.org")
    family_link_create(child=child, user=parent, relationship=Relationship.PARENT)
    return child


def _on_a_card(child: Any, *, provider: str = "Prepay Cards Ltd", chosen: bool = True) -> Agreement:
    package = package_open(child=child, level_of_need="specialist", by=None)
    element = element_add(
        package=package,
        kind="direct_payment",
        starts_on=START,
        ends_on=None,
        cost_period="weekly",
        units_a_year=52,
        ratio="",
        funder="council",
        unit_cost_pence=10_000,
        by=None,
    )
    return agreement_create(
        element=element,
        kind="regular",
        assessed_on=START,
        first_payment_on=START,
        route="prepaid_card" if chosen else "own_bank_account",
        fallback_route="own_bank_account" if chosen else "prepaid_card",
        card_chosen_by_family=chosen,
        card_provider=provider,
        weekly_pence=10_000,
        by=None,
    )


def test_a_switched_payee_is_paid_by_the_second_route_and_the_family_is_told(
    django_capture_on_commit_callbacks: Any,
) -> None:
    coordinator = UserFactory(role=Role.SDS_COORDINATOR)
    agreement = _on_a_card(_family_child(email="parent@example.org"))
    with django_capture_on_commit_callbacks() as sent:
        switched = agreement_switch_route(agreement=agreement, reason="The card was frozen", by=coordinator)
    assert (switched.route, switched.fallback_route) == ("own_bank_account", "prepaid_card")
    message = Message.objects.get(about_id=agreement.pk)
    assert message.to == "parent@example.org"
    assert "now paid into the family's own bank account, instead of a prepaid card" in message.body
    assert "The card was frozen" in message.body
    assert len(sent) == 1  # sent after commit, by the messaging task


def test_refuses_to_switch_to_a_prepaid_card_the_family_did_not_choose() -> None:
    agreement = _on_a_card(_family_child(), chosen=False)
    with pytest.raises(ValidationError, match="never compulsory"):
        agreement_switch_route(agreement=agreement, reason="The bank account closed", by=None)
    agreement.refresh_from_db()
    assert agreement.route == "own_bank_account"
    assert not Message.objects.filter(about_id=agreement.pk).exists()


def test_refuses_a_switch_without_a_reason() -> None:
    with pytest.raises(ValidationError, match="why the route is switched"):
        agreement_switch_route(agreement=_on_a_card(_family_child()), reason=" ", by=None)


def test_a_card_providers_payees_are_all_switched_at_once_and_no_one_else() -> None:
    stopped = [_on_a_card(_family_child()) for _ in range(3)]
    other = _on_a_card(_family_child(), provider="Another Card Co")
    assert card_providers() == [("Another Card Co", 1), ("Prepay Cards Ltd", 3)]
    coordinator = UserFactory(role=Role.SDS_COORDINATOR)
    count, payees = card_provider_payees(user=coordinator, provider="Prepay Cards Ltd")
    assert count == 3
    assert {payee.agreement.pk for payee in payees} == {item.pk for item in stopped}
    switched = card_provider_switch(
        provider="prepay cards ltd", reason="Prepay Cards Ltd has stopped", by=coordinator, expected=3
    )
    assert switched == 3
    assert set(Agreement.objects.filter(pk__in=[a.pk for a in stopped]).values_list("route", flat=True)) == {
        "own_bank_account"
    }
    other.refresh_from_db()
    assert other.route == "prepaid_card"
    assert Message.objects.filter(subject__startswith="Your direct payment is now paid").count() == 3
    assert card_providers() == [("Another Card Co", 1)]


def test_refuses_a_provider_switch_when_the_payees_changed_since_they_were_confirmed() -> None:
    _on_a_card(_family_child())
    _on_a_card(_family_child())
    with pytest.raises(ValidationError, match="not the 1 you confirmed"):
        card_provider_switch(provider="Prepay Cards Ltd", reason="Stopped", by=None, expected=1)
    assert Agreement.objects.filter(route="prepaid_card").count() == 2


def test_the_agreements_history_keeps_the_earlier_route_who_switched_it_and_why() -> None:
    coordinator = UserFactory(role=Role.SDS_COORDINATOR, first_name="Sid", last_name="Coordinator")
    agreement = _on_a_card(_family_child())
    agreement_switch_route(agreement=agreement, reason="The card was frozen", by=coordinator)
    newest, first = history_of(agreement)
    assert newest.by == "Sid Coordinator"
    assert newest.reason == "The card was frozen"
    assert ("Route", "A prepaid card", "The family's own bank account") in newest.changes
    assert first.kind == "Created"


def test_an_elements_history_shows_each_earlier_version_and_who_made_it() -> None:
    worker = UserFactory(role=Role.SOCIAL_WORKER, first_name="Sam", last_name="Worker")
    agreement = a_paid_schedule(ChildFactory(), through=START)
    element_suspend(element=agreement.element, reason="hospital", on=START, detail="Surgery", by=worker)
    versions = history_of(agreement.element)
    assert versions[0].by == "Sam Worker"
    assert ("Status", "Active", "Suspended") in versions[0].changes
    assert versions[-1].kind == "Created"


def test_correction_names_the_entry_it_corrects_and_shows_beside_it() -> None:
    agreement = a_paid_schedule(ChildFactory(), through=START)
    original = agreement.instalments.get()
    correction = instalment_correct(instalment=original, amount_pence=-8_000, reason="Hospital", by=None)
    assert correction.corrects == original
    (entry,) = agreement_ledger(agreement=agreement)
    assert entry.instalment == original
    assert entry.corrections == [correction]
    assert entry.standing_pence == 40_000


def test_reversal_names_the_entry_it_reverses_and_takes_back_what_is_left() -> None:
    agreement = a_paid_schedule(ChildFactory(), through=START)
    original = agreement.instalments.get()
    instalment_correct(instalment=original, amount_pence=2_000, reason="Two extra hours", by=None)
    reversal = instalment_reverse(instalment=original, reason="Paid to the wrong account", by=None)
    assert reversal.corrects == original
    assert reversal.amount_pence == -50_000
    (entry,) = agreement_ledger(agreement=agreement)
    assert entry.reversed


def test_refuses_to_change_a_ledger_entry() -> None:
    agreement = a_paid_schedule(ChildFactory(), through=START)
    original = agreement.instalments.get()
    original.amount_pence = 1
    with pytest.raises(PermissionError, match="append-only"):
        original.save()
    assert Instalment.objects.get(pk=original.pk).amount_pence == 48_000


def test_refuses_to_correct_a_correction_or_take_back_more_than_was_paid() -> None:
    agreement = a_paid_schedule(ChildFactory(), through=START)
    original = agreement.instalments.get()
    correction = instalment_correct(instalment=original, amount_pence=-8_000, reason="Hospital", by=None)
    with pytest.raises(ValidationError, match="not a correction"):
        instalment_correct(instalment=correction, amount_pence=100, reason="Again", by=None)
    with pytest.raises(ValidationError, match=r"more than the 400\.00 pounds"):
        instalment_correct(instalment=original, amount_pence=-40_001, reason="Too much", by=None)
    assert agreement.instalments.count() == 2
