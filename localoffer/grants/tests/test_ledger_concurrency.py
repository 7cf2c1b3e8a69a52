"""Two coordinators paying the same award at the same moment: the database lets exactly one through.

Needs a database with real concurrent transactions, so runs on PostgreSQL (`scripts/with-postgres`)."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection, transaction

from localoffer.core.roles import Role
from localoffer.grants.models import Award, PaymentInstruction
from localoffer.grants.services import AlreadyPaid, current_policy, payment_instruction_create
from localoffer.grants.tests.helpers import an_evaluated_case
from localoffer.people.tests.factories import ChildFactory

pytestmark = [pytest.mark.sqlite, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("policy")]


def test_two_coordinators_paying_one_award_at_once_only_one_payment(users: dict[str, Any]) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions are tested on PostgreSQL (scripts/with-postgres)")
    case = an_evaluated_case(ChildFactory(date_of_birth=dt.date(2015, 3, 27)))
    policy = current_policy()
    assert policy is not None
    award = Award.objects.create(
        case=case,
        child=case.child,
        policy=policy,
        level=2,
        amount_pence=75_000,
        payment_method="prepaid_card",
        budget_year=2026,
        starts_on=dt.date(2026, 11, 23),
        ends_on=dt.date(2027, 11, 22),
    )
    both_inside = threading.Barrier(2, timeout=10)
    outcomes: list[str] = []

    def pay() -> None:
        try:
            with transaction.atomic():
                both_inside.wait()  # both transactions are open before either inserts
                payment_instruction_create(award=award, by=users[Role.SDS_COORDINATOR])
            outcomes.append("paid")
        except AlreadyPaid:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=pay) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["paid", "refused"]
    assert PaymentInstruction.objects.filter(award=award).count() == 1


def test_one_return_file_uploaded_eight_times_at_once_is_applied_once_and_the_rest_told(
    users: dict[str, Any],
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions are tested on PostgreSQL (scripts/with-postgres)")
    from localoffer.grants.models import PaymentConfirmation
    from localoffer.grants.services import ReturnFileRejected, payment_return_import, payment_run_create
    from localoffer.grants.tests.helpers import an_approved_case

    case = an_approved_case(ChildFactory(date_of_birth=dt.date(2015, 3, 27)))
    payment_run_create(by=users[Role.MANAGER])
    instruction = case.award.payment
    text = (
        f"reference,amount_pence,paid_on,finance_reference\n{instruction.reference},75000,2026-12-01,FIN-1\n"
    )
    start = threading.Barrier(8, timeout=10)
    outcomes: list[str] = []

    def upload() -> None:
        try:
            start.wait()
            payment_return_import(text=text, by=users[Role.MANAGER])
            outcomes.append("applied")
        except ReturnFileRejected as refused:
            outcomes.append(refused.messages[-1])
        except Exception as error:  # a server error: what must not happen
            outcomes.append(f"error: {type(error).__name__}")
        finally:
            connection.close()

    threads = [threading.Thread(target=upload) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes.count("applied") == 1
    refusals = [outcome for outcome in outcomes if outcome != "applied"]
    assert len(refusals) == 7
    for refusal in refusals:
        # Told either that the line is already paid (checked before) or that another upload got there first.
        assert "already marked paid" in refusal or "Another upload of a return file" in refusal, refusal
    assert PaymentConfirmation.objects.filter(instruction=instruction).count() == 1
