from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from localoffer.audit.context import audit_context
from localoffer.audit.models import Action, AuditEvent, AuditEventImmutable
from localoffer.audit.services import audit_record
from localoffer.people.services import child_create

pytestmark = pytest.mark.sqlite


@pytest.fixture
def worker(users: dict[str, Any]) -> Any:
    return users["social_worker"]


def test_creating_a_record_writes_who_created_it(worker: Any) -> None:
    with audit_context(actor=worker, ip_address="192.0.2.10", purpose="new referral"):
        child = child_create(first_name="Ann", last_name="Other", date_of_birth=dt.date(2016, 5, 1))
    event = AuditEvent.objects.get(object_type="people.child", object_id=str(child.id), action=Action.CREATE)
    assert event.actor == worker
    assert event.actor_role == "social_worker"
    assert event.child_id == child.id
    assert event.ip_address == "192.0.2.10"
    assert event.purpose == "new referral"


def test_changing_a_record_lists_the_fields_that_changed(worker: Any) -> None:
    child = child_create(first_name="Ann", last_name="Other", date_of_birth=dt.date(2016, 5, 1))
    with audit_context(actor=worker):
        child.postcode = "ME7 2BB"
        child.save()
    event = AuditEvent.objects.filter(object_id=str(child.id), action=Action.CHANGE).get()
    assert event.changed_fields == ["postcode"]
    assert event.actor == worker


def test_deleting_a_record_is_recorded(worker: Any) -> None:
    child = child_create(first_name="Ann", last_name="Other", date_of_birth=dt.date(2016, 5, 1))
    child_id = child.id
    with audit_context(actor=worker):
        child.delete()
    assert AuditEvent.objects.filter(object_id=str(child_id), action=Action.DELETE, actor=worker).exists()


def test_records_about_a_child_carry_the_childs_id(child: Any) -> None:
    link_events = AuditEvent.objects.filter(object_type="people.familylink", action=Action.CREATE)
    assert [event.child_id for event in link_events] == [child.id]


def test_a_rolled_back_change_leaves_no_audit_event(worker: Any) -> None:
    def create_then_fail() -> None:
        with transaction.atomic():
            child_create(first_name="Gone", last_name="Again", date_of_birth=dt.date(2016, 5, 1))
            raise RuntimeError("the change fails after the save")

    with pytest.raises(RuntimeError):
        create_then_fail()
    assert not AuditEvent.objects.filter(object_repr="Gone Again").exists()


def test_events_cannot_be_changed_or_deleted_through_the_code(worker: Any) -> None:
    event = audit_record(action=Action.VIEW, object_type="people.child", object_id="x", actor=worker)
    event.detail = "tampered"
    with pytest.raises(AuditEventImmutable):
        event.save()
    with pytest.raises(AuditEventImmutable):
        event.delete()
    with pytest.raises(AuditEventImmutable):
        AuditEvent.objects.filter(pk=event.pk).update(detail="tampered")
    with pytest.raises(AuditEventImmutable):
        AuditEvent.objects.filter(pk=event.pk).delete()


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_to_change_or_delete_an_event() -> None:
    event = audit_record(action=Action.SEARCH, object_type="audit.auditevent")
    table = AuditEvent._meta.db_table
    for statement in (f"UPDATE {table} SET detail = 'x' WHERE id = %s", f"DELETE FROM {table} WHERE id = %s"):
        with pytest.raises(DatabaseError, match="append-only"), connection.cursor() as cursor:
            cursor.execute(statement, [event.pk.hex if connection.vendor == "sqlite" else event.pk])
    assert AuditEvent.objects.get(pk=event.pk).detail == event.detail


def test_refuses_an_unknown_action() -> None:
    with pytest.raises(ValueError, match="Unknown audit action"):
        audit_record(action="peeked")


def test_sign_in_and_failed_sign_in_are_recorded(client: Any, users: dict[str, Any]) -> None:
    from localoffer.accounts.tests.factories import TEST_PASSWORD

    parent = users["parent_carer"]
    client.post("/account/sign-in/", {"username": parent.username, "password": "wrong"})
    client.post("/account/sign-in/", {"username": parent.username, "password": TEST_PASSWORD})
    actions = list(
        AuditEvent.objects.filter(object_type="accounts.user", object_id=str(parent.pk))
        .order_by("occurred_at")
        .values_list("action", flat=True)
    )
    assert Action.SIGN_IN_FAILED in actions
    assert actions[-1] == Action.SIGN_IN
