"""Who may see a child's record: by relationship, deny by default, and every view audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from localoffer.audit.models import Action, AuditEvent
from localoffer.core.roles import Role
from localoffer.people.access import child_access, children_visible_to
from localoffer.people.models import Involvement
from localoffer.people.selectors import PurposeRequired, child_get_for_user

ALLOWED_WITHOUT_PURPOSE = {Role.PARENT_CARER, Role.SOCIAL_WORKER}
ALLOWED_WITH_PURPOSE = {Role.DUTY_WORKER, Role.MANAGER}


@pytest.mark.parametrize("role", Role.values)
def test_access_to_a_child_follows_role_and_relationship(
    users: dict[str, Any], child: Any, role: str
) -> None:
    access = child_access(users[role], child)
    assert access.allowed == (role in ALLOWED_WITHOUT_PURPOSE | ALLOWED_WITH_PURPOSE)
    assert access.needs_purpose == (role in ALLOWED_WITH_PURPOSE)


def test_anonymous_and_inactive_people_see_nothing(users: dict[str, Any], child: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert not child_access(AnonymousUser(), child).allowed
    parent = users[Role.PARENT_CARER]
    parent.is_active = False
    assert not child_access(parent, child).allowed


def test_a_parent_does_not_see_another_family_s_child(users: dict[str, Any], child: Any) -> None:
    from localoffer.people.tests.factories import ChildFactory

    other: Any = ChildFactory()
    assert not child_access(users[Role.PARENT_CARER], other).allowed
    assert list(children_visible_to(users[Role.PARENT_CARER])) == [child]


def test_a_team_loses_access_when_its_involvement_ends(users: dict[str, Any], child: Any) -> None:
    worker = users[Role.SOCIAL_WORKER]
    involvement = Involvement.objects.get(child=child)
    involvement.ended_on = dt.date(2025, 3, 31)
    involvement.save()
    assert not child_access(worker, child, today=dt.date(2026, 1, 5)).allowed
    assert child_access(worker, child, today=dt.date(2025, 3, 31)).allowed
    assert list(children_visible_to(worker, today=dt.date(2026, 1, 5))) == []


def test_every_view_is_audited_with_who_and_why(users: dict[str, Any], child: Any) -> None:
    child_get_for_user(user=users[Role.SOCIAL_WORKER], child_id=child.id)
    child_get_for_user(user=users[Role.DUTY_WORKER], child_id=child.id, purpose="Answering a call")
    views = AuditEvent.objects.filter(action=Action.VIEW, child_id=child.id).order_by("occurred_at")
    assert [(v.actor, v.purpose) for v in views] == [
        (users[Role.SOCIAL_WORKER], ""),
        (users[Role.DUTY_WORKER], "Answering a call"),
    ]


def test_a_refused_view_is_audited_too(users: dict[str, Any], child: Any) -> None:
    with pytest.raises(PermissionDenied):
        child_get_for_user(user=users[Role.COMMISSIONER], child_id=child.id)
    assert AuditEvent.objects.filter(action=Action.VIEW_DENIED, actor=users[Role.COMMISSIONER]).count() == 1


def test_duty_must_say_why_before_opening(users: dict[str, Any], child: Any) -> None:
    with pytest.raises(PurposeRequired):
        child_get_for_user(user=users[Role.DUTY_WORKER], child_id=child.id, purpose="  ")
    assert not AuditEvent.objects.filter(action=Action.VIEW, child_id=child.id).exists()


def test_duty_gives_a_reason_then_sees_the_record(client: Any, users: dict[str, Any], child: Any) -> None:
    client.force_login(users[Role.DUTY_WORKER])
    detail = reverse("people:child-detail", kwargs={"child_id": child.id})
    assert client.get(detail)["Location"] == reverse("people:child-purpose", kwargs={"child_id": child.id})
    refused = client.post(
        reverse("people:child-purpose", kwargs={"child_id": child.id}), {"purpose": "other"}
    )
    assert "Give the reason you are opening this record" in refused.content.decode()
    client.post(
        reverse("people:child-purpose", kwargs={"child_id": child.id}),
        {"purpose": "other", "detail": "Police call"},
    )
    page = client.get(detail)
    assert page.status_code == 200
    assert child.first_name in page.content.decode()
    event = AuditEvent.objects.get(action=Action.VIEW, child_id=child.id)
    assert event.purpose == "Another reason: Police call"


def test_duty_can_search_for_a_child_and_the_search_is_audited(
    client: Any, users: dict[str, Any], child: Any
) -> None:
    client.force_login(users[Role.DUTY_WORKER])
    page = client.get(reverse("people:child-list"), {"name": child.last_name}).content.decode()
    assert child.first_name in page
    assert AuditEvent.objects.filter(action=Action.SEARCH, object_type="people.child").exists()


def test_a_parent_sees_only_their_own_children_in_the_list(
    client: Any, users: dict[str, Any], child: Any
) -> None:
    from localoffer.people.tests.factories import ChildFactory

    stranger: Any = ChildFactory(first_name="Zebedee")
    client.force_login(users[Role.PARENT_CARER])
    page = client.get(reverse("people:child-list")).content.decode()
    assert child.first_name in page
    assert stranger.first_name not in page
    assert "Find a child" not in page
