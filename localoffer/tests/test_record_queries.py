"""The child's record page, with everything on it, reads in a bounded number of queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from localoffer.core.roles import Role

pytestmark = pytest.mark.django_db


def a_full_record(users: dict[str, Any], places: dict[str, Any]) -> Any:
    from localoffer.casework import services
    from localoffer.casework.tests.helpers import an_accepted_referral, an_authorised_plan_and_a_plan_at_panel
    from localoffer.packages.services import approval_limit_set
    from localoffer.packages.tests.helpers import an_authorised_package
    from localoffer.people.models import Relationship
    from localoffer.people.services import family_link_create
    from localoffer.places.services import entitlement_grant, stay_book
    from localoffer.places.tests.helpers import a_window_open_now, a_workers_request

    worker = users[Role.SOCIAL_WORKER]
    _referral, assessment = an_accepted_referral(users)
    child = assessment.child
    family_link_create(child=child, user=users[Role.PARENT_CARER], relationship=Relationship.PARENT)
    services.assessment_open(child=child, team=worker.team, by=worker, kind="carer", carer_name="A carer")
    an_authorised_plan_and_a_plan_at_panel(users, child)
    for day in range(1, 6):
        services.case_note_add(
            child=child, by=worker, kind="phone", happened_on=dt.date(2026, 10, day), summary=f"Call {day}"
        )
    services.section47_start(child=child, by=users[Role.DUTY_WORKER], started_on=dt.date(2026, 9, 1))
    approval_limit_set(user=users[Role.MANAGER], limit_pence=5_000_000, by=None)
    an_authorised_package(child, manager=users[Role.MANAGER])
    parklands = places["parklands"]
    today = timezone.localdate()
    window, first = a_window_open_now(parklands, title="Holiday", today=today)
    a_workers_request(window=window, child=child, by=worker, first=first, today=today)
    booked_on = first + dt.timedelta(days=20)
    for year in {booked_on.year - 1, booked_on.year}:
        entitlement_grant(child=child, setting=parklands, year=year, by=None)
    stay_book(child=child, setting=parklands, first_day=booked_on, days=1, by=None)
    return child


@pytest.fixture
def places(medway_places: dict[str, Any]) -> dict[str, Any]:
    return medway_places


# The page's own queries for the social worker of the team working with the child: the session and the account;
# the child, their involvements (which also decide access) and the audit of the read; the family; each app's
# one read of its part (referrals 2, casework 7, the permissions 2, early help 1, the package 2, places 4 with
# the audit of its request read); and the session saved. It read 50 when each section and chronology source
# read its own tables and asked again whether the team works with the child (ten times a page).
RECORD_PAGE_QUERIES = 27


def _record_page(client: Any, child: Any, **query: Any) -> str:
    response = client.get(reverse("people:child-detail", kwargs={"child_id": child.id}), query)
    assert response.status_code == 200
    return response.content.decode()


def test_a_full_record_and_its_chronology_are_read_in_a_bounded_number_of_queries(
    client: Any, users: dict[str, Any], places: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    child = a_full_record(users, places)
    client.force_login(users[Role.SOCIAL_WORKER])
    _record_page(client, child)  # the first request's one-off work apart
    with django_assert_max_num_queries(RECORD_PAGE_QUERIES):
        page = _record_page(client, child)
    chronology = page[page.index('id="chronology-entries"') :]
    for shown in (
        "Call 5",
        "Child and family assessment started",
        "Put to panel",
        "Section 47 enquiry started",
    ):
        assert shown in chronology
    assert "Short breaks places" in page
    assert "1 element of support" in page


def test_each_reader_of_a_full_record_is_asked_about_once_and_the_read_audited_once(
    client: Any, users: dict[str, Any], places: dict[str, Any]
) -> None:
    """A manager (having said why) and the family read the same record within the same bound, and each read of
    the child's record is one audit entry, whoever reads it."""
    from localoffer.audit.models import Action, AuditEvent

    child = a_full_record(users, places)
    for role in (Role.SOCIAL_WORKER, Role.MANAGER, Role.PARENT_CARER):
        user = users[role]
        client.force_login(user)
        if role == Role.MANAGER:
            session = client.session
            session[f"child-purpose:{child.id}"] = "Checking the plan before panel"
            session.save()
        _record_page(client, child)
        reads = AuditEvent.objects.filter(
            actor_id=user.pk, action=Action.VIEW, object_type="people.child", object_id=str(child.id)
        )
        before = reads.count()
        with CaptureQueriesContext(connection) as captured:
            _record_page(client, child)
        assert len(captured.captured_queries) <= RECORD_PAGE_QUERIES, role
        involvement_reads = [q for q in captured.captured_queries if 'FROM "people_involvement"' in q["sql"]]
        assert len(involvement_reads) == 1, role
        assert reads.count() - before == 1, role
