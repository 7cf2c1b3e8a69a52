"""Staff find a child by name or date of birth, among the children they may find, and every search is audited."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from localoffer.audit.models import Action, AuditEvent
from localoffer.core.roles import Role
from localoffer.people.selectors import SEARCH_MAX_WORDS, child_search
from localoffer.people.tests.factories import ChildFactory

pytestmark = [pytest.mark.sqlite, pytest.mark.django_db]


def _search_sql(user: Any, name: str) -> str:
    with CaptureQueriesContext(connection) as queries:
        list(child_search(user=user, name=name, date_of_birth=None))
    return next(
        q["sql"] for q in queries.captured_queries if "people_child" in q["sql"] and "SELECT" in q["sql"]
    )


def test_a_search_grows_with_its_words_never_doubles(users: dict[str, Any]) -> None:
    duty = users[Role.DUTY_WORKER]
    ChildFactory.create_batch(30)
    one = len(_search_sql(duty, "amara"))
    six = len(_search_sql(duty, "a b c d e f"))
    # Six words: at most six times the condition of one, where nesting querysets doubled it each word.
    assert six < one * 7
    started = time.perf_counter()
    child_search(user=duty, name=" ".join(["word"] * 50), date_of_birth=None).count()
    assert time.perf_counter() - started < 1.0


def test_words_past_the_limit_are_refused_with_a_message(client: Any, users: dict[str, Any]) -> None:
    client.force_login(users[Role.DUTY_WORKER])
    words = " ".join(["Sam"] * (SEARCH_MAX_WORDS + 8))
    page = client.get(reverse("people:child-list"), {"name": words}).content.decode()
    assert f"Enter {SEARCH_MAX_WORDS} words or fewer" in page
    assert 'class="govuk-error-summary"' in page
    assert f'value="{words}"' in page  # what was typed is kept


def test_every_word_must_be_part_of_a_name(users: dict[str, Any]) -> None:
    amara: Any = ChildFactory(first_name="Amara", last_name="Okafor")
    ChildFactory(first_name="Amara", last_name="Smith")
    found = child_search(user=users[Role.DUTY_WORKER], name="amara oka", date_of_birth=None)
    assert list(found) == [amara]


def test_duty_finds_a_child_by_date_of_birth_alone(client: Any, users: dict[str, Any]) -> None:
    born: Any = ChildFactory(first_name="Riley", date_of_birth=dt.date(2015, 3, 27))
    other: Any = ChildFactory(first_name="Quinn", date_of_birth=dt.date(2016, 1, 2))
    client.force_login(users[Role.DUTY_WORKER])
    page = client.get(
        reverse("people:child-list"),
        {"name": "", "date_of_birth_day": "27", "date_of_birth_month": "3", "date_of_birth_year": "2015"},
    ).content.decode()
    assert escape(f"{born.first_name} {born.last_name}") in page  # a name such as O'Sullivan is escaped
    assert other.first_name not in page
    assert "27 March 2015" in page
    event = AuditEvent.objects.get(action=Action.SEARCH, object_type="people.child")
    assert "2015-03-27" in event.detail


def test_an_empty_search_says_what_to_enter(client: Any, users: dict[str, Any]) -> None:
    client.force_login(users[Role.DUTY_WORKER])
    page = client.get(
        reverse("people:child-list"),
        {"name": "", "date_of_birth_day": "", "date_of_birth_month": "", "date_of_birth_year": ""},
    ).content.decode()
    assert "Enter the child&#x27;s name or date of birth" in page
    assert "<title>Error: " in page


def test_a_date_that_does_not_exist_is_refused_and_kept(client: Any, users: dict[str, Any]) -> None:
    client.force_login(users[Role.DUTY_WORKER])
    page = client.get(
        reverse("people:child-list"),
        {"name": "", "date_of_birth_day": "31", "date_of_birth_month": "2", "date_of_birth_year": "2020"},
    ).content.decode()
    assert "Date of birth must be a real date" in page
    assert 'name="date_of_birth_day" type="text" inputmode="numeric" value="31"' in page


def test_a_practitioner_finds_only_their_caseload(client: Any, users: dict[str, Any], child: Any) -> None:
    stranger: Any = ChildFactory(last_name=child.last_name, first_name="Zebedee")
    client.force_login(users[Role.SOCIAL_WORKER])
    page = client.get(reverse("people:child-list"), {"name": child.last_name}).content.decode()
    assert "Find a child or young person" in page
    results = page.split("Search results</caption>")[1].split("</table>")[0]
    assert child.first_name in results
    assert stranger.first_name not in results


def test_a_family_cannot_search(client: Any, users: dict[str, Any], child: Any) -> None:
    client.force_login(users[Role.PARENT_CARER])
    page = client.get(reverse("people:child-list"), {"name": "a"}).content.decode()
    assert "Find a child" not in page
    assert not AuditEvent.objects.filter(action=Action.SEARCH).exists()
