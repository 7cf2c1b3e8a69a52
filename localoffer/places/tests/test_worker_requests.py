"""A worker asks for places for a child from the child's record; what the priority weighs comes from the child's
latest authorised child and family assessment when there is one, else the short breaks grant, else the family,
and the request says which."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from localoffer.casework import services as casework
from localoffer.casework.models import Assessment
from localoffer.core.roles import Role
from localoffer.people.models import Relationship
from localoffer.people.services import family_link_create, involvement_start
from localoffer.places.models import NeedSource, PlaceRequest, Setting
from localoffer.places.services import need_for, place_request_create, window_create
from localoffer.places.tests.helpers import a_child
from localoffer.teams.models import Team

pytestmark = [pytest.mark.sqlite, pytest.mark.django_db]


@pytest.fixture
def window(parklands: Setting) -> Any:
    today = timezone.localdate()
    return window_create(
        setting=parklands,
        title="Christmas holidays",
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=5),
        first_day=today + dt.timedelta(days=10),
        last_day=today + dt.timedelta(days=20),
    )


@pytest.fixture
def sam(users: dict[str, Any]) -> Any:
    child = a_child(age_on=timezone.localdate(), age=12, first_name="Sam", last_name="Example")
    family_link_create(child=child, user=users[Role.PARENT_CARER], relationship=Relationship.PARENT)
    involvement_start(
        child=child, team=Team.objects.get(slug="0-to-25-disability-team"), started_on=dt.date(2025, 1, 6)
    )
    return child


def _authorised_assessment(users: dict[str, Any], child: Any, *, records_need: bool = True) -> Any:
    """An authorised child and family assessment; `records_need=False` is one recorded before the assessment
    asked the level of need, carer strain and risk of breakdown."""
    worker = users[Role.SOCIAL_WORKER]
    manager = users[Role.MANAGER]
    manager.team = worker.team
    manager.save()
    assessment = casework.assessment_open(child=child, team=worker.team, by=worker)
    casework.assessment_save(
        assessment=assessment,
        by=worker,
        child_needs="Needs waking night care",
        factors=["5A"],
        outcome="support_plan",
        recommended_support="Overnight short breaks",
        need_level=2,
        carer_strain="moderate",
        breakdown_risk="possible",
    )
    casework.assessment_submit(assessment=assessment, by=worker)
    authorised = casework.assessment_authorise(assessment=assessment, by=manager, on=dt.date(2026, 11, 2))
    if not records_need:
        Assessment.objects.filter(pk=authorised.pk).update(
            need_level=None, carer_strain="", breakdown_risk=""
        )
        authorised.refresh_from_db()
    return authorised


def _ask(window: Any, child: Any, by: Any, **need: Any) -> PlaceRequest:
    return place_request_create(
        window=window,
        child=child,
        by=by,
        first_day=window.first_day,
        days=2,
        lives_in_medway=True,
        today=timezone.localdate(),
        **need,
    )


def _posted(window: Any, child: Any, **extra: str) -> dict[str, str]:
    first = window.first_day
    return {
        "child": str(child.id),
        "first_day_day": str(first.day),
        "first_day_month": str(first.month),
        "first_day_year": str(first.year),
        "days": "2",
        "flexible": "no",
        "carer_strain": "high",
        "breakdown_risk": "significant",
        "lives_in_medway": "yes",
        "has_other_support": "no",
        **extra,
    }


def test_with_no_assessment_or_grant_the_family_tells_us(sam: Any) -> None:
    found = need_for(sam)
    assert (found.source, found.values, found.assessment) == (NeedSource.FAMILY, {}, None)


def test_need_comes_from_the_authorised_assessment(
    client: Any, users: dict[str, Any], window: Any, sam: Any
) -> None:
    assessment = _authorised_assessment(users, sam)
    found = need_for(sam)
    assert (found.source, found.assessment, found.on_assessment) == (NeedSource.ASSESSMENT, assessment, True)
    assert found.values == {"need_level": 2, "carer_strain": "moderate", "breakdown_risk": "possible"}
    client.force_login(users[Role.SOCIAL_WORKER])
    ask = f"{reverse('places:request-new', args=[window.id])}?child={sam.id}"
    page = client.get(ask).content.decode()
    assert "From the assessment authorised on 2 November 2026" in page
    assert "Moderate: the family is finding it hard" in page
    assert 'name="need_level"' not in page
    assert 'name="carer_strain"' not in page
    posted = _posted(window, sam, needs_one_to_one="no")
    del posted["carer_strain"], posted["breakdown_risk"]
    assert client.post(ask, posted).status_code == 302
    made = PlaceRequest.objects.get(child=sam)
    assert (made.need_source, made.assessment) == (NeedSource.ASSESSMENT, assessment)
    assert (made.need_level, made.carer_strain, made.breakdown_risk) == (2, "moderate", "possible")


def test_what_the_worker_sends_does_not_change_what_the_assessment_records(
    client: Any, users: dict[str, Any], window: Any, sam: Any
) -> None:
    _authorised_assessment(users, sam)
    client.force_login(users[Role.SOCIAL_WORKER])
    client.post(
        reverse("places:request-new", args=[window.id]),
        _posted(window, sam, need_level="3", needs_one_to_one="no"),
    )
    made = PlaceRequest.objects.get(child=sam)
    assert (made.need_level, made.carer_strain, made.breakdown_risk) == (2, "moderate", "possible")


def test_for_an_older_assessment_the_worker_records_need_against_it(
    client: Any, users: dict[str, Any], window: Any, sam: Any
) -> None:
    assessment = _authorised_assessment(users, sam, records_need=False)
    client.force_login(users[Role.SOCIAL_WORKER])
    record = client.get(reverse("people:child-detail", args=[sam.id])).content.decode()
    ask = f"{reverse('places:request-new', args=[window.id])}?child={sam.id}"
    assert ask.replace("&", "&amp;") in record or ask in record
    page = client.get(ask).content.decode()
    assert "child and family assessment, authorised on 2 November 2026" in page
    response = client.post(ask, _posted(window, sam, need_level="3", needs_one_to_one="no"))
    assert response.status_code == 302
    made = PlaceRequest.objects.get(child=sam)
    assert (made.need_source, made.assessment, made.need_level) == (NeedSource.ASSESSMENT, assessment, 3)
    assert (
        made.need_source_words == "from the child's child and family assessment authorised on 2 November 2026"
    )


def test_a_familys_own_request_takes_need_from_the_assessment_over_what_they_say(
    client: Any, users: dict[str, Any], window: Any, parklands: Setting, sam: Any
) -> None:
    assessment = _authorised_assessment(users, sam, records_need=False)
    earlier_window = window_create(
        setting=parklands,
        title="Half term",
        opens_on=window.opens_on,
        closes_on=window.closes_on,
        first_day=window.first_day + dt.timedelta(days=30),
        last_day=window.first_day + dt.timedelta(days=35),
    )
    _ask(
        earlier_window,
        sam,
        users[Role.SOCIAL_WORKER],
        need_level=3,
        carer_strain="high",
        breakdown_risk="significant",
        need_source=NeedSource.ASSESSMENT,
        assessment=assessment,
    )
    found = need_for(sam)
    assert found.source == NeedSource.ASSESSMENT
    assert found.values == {"need_level": 3, "carer_strain": "high", "breakdown_risk": "significant"}
    client.force_login(users[Role.PARENT_CARER])
    client.post(
        reverse("places:request-new", args=[window.id]),
        _posted(window, sam, carer_strain="low", breakdown_risk="minimal"),
    )
    made = PlaceRequest.objects.get(child=sam, window=window)
    assert (made.need_source, made.assessment, made.need_level, made.carer_strain, made.breakdown_risk) == (
        NeedSource.ASSESSMENT,
        assessment,
        3,
        "high",
        "significant",
    )


def test_without_an_assessment_a_workers_request_says_the_worker_recorded_it(
    client: Any, users: dict[str, Any], window: Any, sam: Any
) -> None:
    client.force_login(users[Role.SOCIAL_WORKER])
    client.post(
        reverse("places:request-new", args=[window.id]),
        _posted(window, sam, need_level="2", needs_one_to_one="no"),
    )
    made = PlaceRequest.objects.get(child=sam)
    assert (made.need_source, made.assessment) == (NeedSource.WORKER, None)


def test_the_childs_record_shows_their_requests_with_where_the_need_came_from(
    client: Any, users: dict[str, Any], window: Any, sam: Any
) -> None:
    _ask(
        window,
        sam,
        users[Role.SOCIAL_WORKER],
        need_level=2,
        carer_strain="moderate",
        breakdown_risk="possible",
        need_source=NeedSource.WORKER,
    )
    client.force_login(users[Role.SOCIAL_WORKER])
    record = client.get(reverse("people:child-detail", args=[sam.id])).content.decode()
    assert "Short breaks places" in record
    assert "recorded by the child&#x27;s worker on the request" in record
    assert "Ask for nights at Parklands" not in record  # already asked in the only open window
