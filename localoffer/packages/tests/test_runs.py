"""Direct payment runs: draft, checked, approved by someone other than the preparer, sent; holds with reasons;
the finance file's control line to the penny; a return with any bad line applies nothing."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from localoffer.accounts.tests.factories import UserFactory
from localoffer.core.roles import Role
from localoffer.packages.models import InstalmentPaid
from localoffer.packages.services import (
    ReturnFileRejected,
    _run_csv_lines_copied,
    _run_csv_lines_written,
    instalment_correct,
    run_approve,
    run_check,
    run_csv_lines,
    run_hold,
    run_prepare,
    run_return_import,
    run_send,
    run_totals,
    schedule_generate,
)
from localoffer.packages.tests.helpers import START, an_authorised_package
from localoffer.people.tests.factories import ChildFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rate_card")]
DUE = dt.date(2026, 6, 1)


def _two_schedules() -> list[Any]:
    agreements = []
    for weekly in (12_000, 2_453):
        _, agreement = an_authorised_package(ChildFactory(), by=None)
        agreement.weekly_pence = weekly
        agreements.append(agreement)
    for agreement in agreements:
        from localoffer.packages.models import Agreement

        Agreement.objects.filter(pk=agreement.pk).update(weekly_pence=agreement.weekly_pence)
        schedule_generate(agreement=agreement, through=DUE, by=None)
    return agreements


def test_a_run_is_checked_approved_by_another_and_sent_with_counts_and_totals() -> None:
    _two_schedules()
    preparer, approver = UserFactory(role=Role.SDS_COORDINATOR), UserFactory(role=Role.MANAGER)
    run = run_prepare(due_by=DUE, by=preparer)
    assert run_totals(run) == (6, 3 * 48_000 + 3 * 9_812)
    with pytest.raises(ValidationError, match="Check the run"):
        run_approve(run=run, by=approver)
    checked = run_check(run=run, by=preparer)
    with pytest.raises(ValidationError, match="Someone other than the person who prepared"):
        run_approve(run=run, by=preparer)
    with pytest.raises(ValidationError, match="approved before it is sent"):
        run_send(run=run, by=approver)
    approved = run_approve(run=run, by=approver)
    sent = run_send(run=run, by=preparer)
    assert checked.count == approved.count == sent.count == 6
    assert sent.total_pence == 3 * 48_000 + 3 * 9_812
    with pytest.raises(ValidationError, match="already sent"):
        run_send(run=run, by=preparer)


def test_a_held_payment_leaves_the_run_with_its_reason_and_waits_for_the_next() -> None:
    _two_schedules()
    preparer = UserFactory(role=Role.SDS_COORDINATOR)
    run = run_prepare(due_by=DUE, by=preparer)
    line = run.lines.order_by("instalment__amount_pence").first()
    assert line is not None
    with pytest.raises(ValidationError, match="why this payment is held"):
        run_hold(line=line, reason=" ", by=preparer)
    run_hold(line=line, reason="Bank details being confirmed", by=preparer)
    assert run_totals(run) == (5, 3 * 48_000 + 2 * 9_812)
    run_check(run=run, by=preparer)
    with pytest.raises(ValidationError, match="before the run is checked"):
        run_hold(line=run.lines.exclude(pk=line.pk).first(), reason="Late", by=preparer)  # type: ignore[arg-type]
    run_approve(run=run, by=UserFactory(role=Role.MANAGER))
    run_send(run=run, by=preparer)
    following = run_prepare(due_by=DUE, by=preparer)
    assert [item.instalment_id for item in following.lines.all()] == [line.instalment_id]


def _prepared_run() -> tuple[Any, Any]:
    """A draft run of two schedules' instalments and a correction of one of them, and who prepared it."""
    agreements = _two_schedules()
    first = agreements[0].instalments.order_by("due_on").first()
    instalment_correct(instalment=first, amount_pence=-1_001, reason="Overpaid a day", by=None)
    preparer = UserFactory(role=Role.SDS_COORDINATOR)
    return run_prepare(due_by=dt.date.today() + dt.timedelta(days=3650), by=preparer), preparer


def _sent_run() -> Any:
    run, preparer = _prepared_run()
    run_check(run=run, by=preparer)
    run_approve(run=run, by=UserFactory(role=Role.MANAGER))
    run_send(run=run, by=preparer)
    return run


def test_the_finance_file_ends_with_a_control_line_to_the_penny() -> None:
    run = _sent_run()
    lines = "".join(run_csv_lines(run=run)).strip().split("\r\n")
    body = [line.split(",") for line in lines[1:-1]]
    control = lines[-1].split(",")
    assert lines[0] == "reference,amount_pence,route,due_on,agreement_id,corrects"
    assert control[0] == "CONTROL"
    assert int(control[1]) == sum(int(row[1]) for row in body) == 3 * 48_000 + 3 * 9_812 - 1_001
    assert int(control[2]) == len(body) == 7
    assert any(row[5] and row[1] == "-1001" for row in body)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the database writes the file itself on PostgreSQL only"
)
def test_the_file_postgresql_writes_is_the_file_python_writes_byte_for_byte() -> None:
    run, preparer = _prepared_run()
    run_hold(line=run.lines.order_by("pk")[0], reason="Family away", by=preparer)
    copied = "".join(_run_csv_lines_copied(run))
    written = "".join(_run_csv_lines_written(run))
    assert copied == written
    assert copied.count("\r\n") == 1 + 6 + 1  # the headings, the lines not held, the control line
    assert copied.splitlines()[-1].startswith("CONTROL,")


def test_the_finance_file_lists_the_instalments_by_due_date() -> None:
    _two_schedules()
    preparer = UserFactory(role=Role.SDS_COORDINATOR)
    run = run_prepare(due_by=dt.date.today() + dt.timedelta(days=3650), by=preparer)
    lines = "".join(run_csv_lines(run=run)).strip().split("\r\n")[1:-1]
    due = [line.split(",")[3] for line in lines]
    assert len(due) == 6
    assert due == sorted(due)


def test_the_database_refuses_to_change_or_delete_a_runs_lines_even_by_raw_sql() -> None:
    run = _sent_run()
    lines = run.lines.count()
    for statement in ("UPDATE packages_runline SET run_id = run_id", "DELETE FROM packages_runline"):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)
    assert run.lines.count() == lines == 7


def _return_for(run: Any, *, bad: str = "") -> str:
    rows = ["reference,amount_pence,paid_on,finance_reference"]
    for line in run.lines.select_related("instalment"):
        item = line.instalment
        rows.append(f"{item.reference},{item.amount_pence},2026-06-05,FIN-{item.reference}")
    if bad:
        rows.append(bad)
    return "\n".join(rows)


def test_a_return_with_any_bad_line_applies_nothing_and_says_which() -> None:
    run = _sent_run()
    text = _return_for(run, bad="DP-NOPE,100,2026-06-05,FIN-X")
    with pytest.raises(ReturnFileRejected) as rejected:
        run_return_import(text=text, by=UserFactory(role=Role.SDS_COORDINATOR))
    assert rejected.value.messages == ["Line 9: no instalment has the reference 'DP-NOPE'."]
    assert not InstalmentPaid.objects.exists()
    first = run.lines.select_related("instalment").first().instalment
    wrong = _return_for(run).replace(f"{first.reference},{first.amount_pence},", f"{first.reference},1,")
    with pytest.raises(ReturnFileRejected, match=re.escape(f"{first.reference} is for")):
        run_return_import(text=wrong, by=UserFactory(role=Role.SDS_COORDINATOR))
    assert not InstalmentPaid.objects.exists()


def test_a_good_return_marks_each_instalment_paid_once() -> None:
    run = _sent_run()
    who = UserFactory(role=Role.SDS_COORDINATOR)
    assert run_return_import(text=_return_for(run), by=who) == 7
    with pytest.raises(ReturnFileRejected, match="already marked paid"):
        run_return_import(text=_return_for(run), by=who)
    assert InstalmentPaid.objects.count() == 7


def test_an_instalment_not_sent_cannot_be_marked_paid() -> None:
    _, agreement = an_authorised_package(ChildFactory())
    schedule_generate(agreement=agreement, through=START, by=None)
    item = agreement.instalments.get()
    text = f"reference,amount_pence,paid_on,finance_reference\n{item.reference},{item.amount_pence},2026-06-05,F1"
    with pytest.raises(ReturnFileRejected, match="has not been sent"):
        run_return_import(text=text, by=UserFactory(role=Role.SDS_COORDINATOR))
