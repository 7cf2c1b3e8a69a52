"""Direct payments: agreements by the family's route with a second one, schedules writing instalments in
advance every 4 weeks, suspensions and ends stopping them, corrections only by compensating entries, and a
ledger the database itself refuses to change."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction

from localoffer.packages.models import Instalment
from localoffer.packages.services import (
    agreement_create,
    agreement_switch_route,
    element_add,
    element_end,
    element_suspend,
    instalment_correct,
    instalment_reverse,
    package_open,
    schedule_generate,
)
from localoffer.packages.tests.helpers import START, a_direct_payment, a_paid_schedule, an_authorised_package
from localoffer.people.tests.factories import ChildFactory


def _child() -> Any:
    return ChildFactory()


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rate_card")]


def test_a_schedule_writes_an_instalment_every_4_weeks_in_advance_once() -> None:
    _, agreement = an_authorised_package(ChildFactory())
    assert schedule_generate(agreement=agreement, through=dt.date(2026, 6, 28), by=None) == 3
    assert schedule_generate(agreement=agreement, through=dt.date(2026, 6, 28), by=None) == 0
    dates = list(Instalment.objects.filter(agreement=agreement).values_list("due_on", flat=True))
    assert dates == [START, dt.date(2026, 5, 4), dt.date(2026, 6, 1)]
    assert {item.amount_pence for item in agreement.instalments.all()} == {4 * 12_000}


def test_nothing_is_paid_before_the_package_is_authorised() -> None:
    package = package_open(child=_child(), level_of_need="specialist", by=None)
    _, agreement = a_direct_payment(package)
    with pytest.raises(ValidationError, match="authorised before anything is paid"):
        schedule_generate(agreement=agreement, through=dt.date(2026, 7, 1), by=None)


def test_the_database_refuses_a_second_instalment_for_the_same_date() -> None:
    agreement = a_paid_schedule(ChildFactory(), through=START)
    with pytest.raises(IntegrityError), transaction.atomic():
        Instalment.objects.create(
            reference="DP-TWICE", agreement=agreement, due_on=START, amount_pence=1, route="managed_account"
        )


def test_the_database_refuses_to_change_or_delete_an_instalment_even_by_raw_sql() -> None:
    agreement = a_paid_schedule(ChildFactory(), through=START)
    item = agreement.instalments.get()
    with pytest.raises(PermissionError):
        item.save()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE packages_instalment SET amount_pence = 1 WHERE id = %s", [item.pk.hex])
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM packages_instalment")
    item.refresh_from_db()
    assert item.amount_pence == 48_000


def test_a_correction_is_a_new_entry_naming_the_one_it_corrects() -> None:
    agreement = a_paid_schedule(ChildFactory(), through=START)
    original = agreement.instalments.get()
    less = instalment_correct(
        instalment=original, amount_pence=-8_000, reason="Two weeks in hospital", by=None
    )
    assert less.corrects == original
    assert less.amount_pence == -8_000
    reversal = instalment_reverse(instalment=original, reason="Paid to the wrong account", by=None)
    assert reversal.amount_pence == -40_000
    assert sum(agreement.instalments.values_list("amount_pence", flat=True)) == 0
    with pytest.raises(ValidationError, match=re.escape("more than the 0.00 pounds")):
        instalment_correct(instalment=original, amount_pence=-1, reason="Again", by=None)
    original.refresh_from_db()
    assert original.amount_pence == 48_000


def test_payments_stop_after_the_policys_4_weeks_of_suspension() -> None:
    _, agreement = an_authorised_package(ChildFactory())
    element_suspend(element=agreement.element, reason="hospital", on=dt.date(2026, 4, 20), detail="", by=None)
    schedule_generate(agreement=agreement, through=dt.date(2026, 8, 1), by=None)
    # 6 April is before; 4 May is within 4 weeks of 20 April; 1 June onwards are after.
    assert list(agreement.instalments.values_list("due_on", flat=True)) == [START, dt.date(2026, 5, 4)]


def test_an_end_with_notice_stops_the_schedule_at_the_end_date() -> None:
    _, agreement = an_authorised_package(ChildFactory())
    element_end(
        element=agreement.element,
        ends_on=dt.date(2026, 5, 31),
        notice_given_on=START,
        reason="Moved",
        by=None,
    )
    schedule_generate(agreement=agreement, through=dt.date(2026, 9, 1), by=None)
    assert agreement.instalments.count() == 2


def test_a_prepaid_card_is_never_compulsory_and_every_payee_has_a_second_route() -> None:
    package = package_open(child=_child(), level_of_need="specialist", by=None)
    fresh = element_add(
        package=package,
        kind="direct_payment",
        starts_on=START,
        ends_on=None,
        cost_period="one_off",
        units_a_year=1,
        ratio="",
        funder="council",
        unit_cost_pence=50_000,
        by=None,
    )
    with pytest.raises(ValidationError) as refused:
        agreement_create(
            element=fresh,
            kind="one_off",
            assessed_on=START,
            first_payment_on=START,
            route="prepaid_card",
            fallback_route="prepaid_card",
            card_chosen_by_family=False,
            one_off_pence=50_000,
            by=None,
        )
    assert set(refused.value.message_dict) == {"fallback_route", "card_chosen_by_family"}
    agreement = agreement_create(
        element=fresh,
        kind="one_off",
        assessed_on=START,
        first_payment_on=START,
        route="prepaid_card",
        fallback_route="managed_account",
        card_chosen_by_family=True,
        one_off_pence=50_000,
        by=None,
    )
    switched = agreement_switch_route(
        agreement=agreement, reason="The card provider has frozen cards", by=None
    )
    assert (switched.route, switched.fallback_route) == ("managed_account", "prepaid_card")
