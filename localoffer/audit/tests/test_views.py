from __future__ import annotations

from typing import Any

from django.urls import reverse

from localoffer.audit.models import Action, AuditEvent


def test_manager_finds_every_view_of_a_child(client: Any, users: dict[str, Any], child: Any) -> None:
    client.force_login(users["social_worker"])
    client.get(reverse("people:child-detail", kwargs={"child_id": child.id}))
    client.force_login(users["manager"])
    page = client.get(reverse("audit:search"), {"child_id": str(child.id), "action": Action.VIEW})
    assert page.status_code == 200
    assert "1 event, newest first" in page.content.decode()
    assert users["social_worker"].username in page.content.decode()


def test_searching_the_trail_is_itself_recorded(client: Any, users: dict[str, Any]) -> None:
    client.force_login(users["manager"])
    client.get(reverse("audit:search"), {"actor": "someone"})
    event = AuditEvent.objects.filter(action=Action.SEARCH, object_type="audit.auditevent").get()
    assert event.actor == users["manager"]
    assert "actor=someone" in event.detail


def test_bad_search_input_explains_how_to_fix_it_and_keeps_it(client: Any, users: dict[str, Any]) -> None:
    client.force_login(users["manager"])
    page = client.get(
        reverse("audit:search"), {"child_id": "not-a-child", "date_from": "2026-13-45", "actor": "kept"}
    ).content.decode()
    assert "There is a problem" in page
    assert "Enter the child identifier as it appears" in page
    assert "Enter the from date as year-month-day" in page
    assert 'value="kept"' in page
    assert 'value="not-a-child"' in page


def test_date_range_must_run_forwards(client: Any, users: dict[str, Any]) -> None:
    client.force_login(users["manager"])
    page = client.get(reverse("audit:search"), {"date_from": "2026-11-23", "date_to": "2026-11-01"})
    assert "The to date must be the same as or after the from date" in page.content.decode()
