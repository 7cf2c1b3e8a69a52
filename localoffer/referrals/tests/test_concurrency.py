"""The same write twice at the same moment gets a clear answer, never a server error: sending one worry
about a child from many tabs, sending one application twice, and saving a page of an application while it
is being sent. Real concurrent transactions, so on PostgreSQL (`scripts/with-postgres`)."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from localoffer.core.roles import Role
from localoffer.referrals import services
from localoffer.referrals.models import Referral, Route, Status
from localoffer.referrals.tests.helpers import a_draft

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("medway")]


@pytest.fixture(autouse=True)
def _postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions are tested on PostgreSQL (scripts/with-postgres)")


def _at_once(count: int, send: Any) -> list[Any]:
    start = threading.Barrier(count, timeout=20)
    results: list[Any] = []

    def run() -> None:
        try:
            start.wait()
            results.append(send())
        except Exception as error:  # reported by the test: what must not happen
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_one_worry_sent_from_eight_tabs_at_once_is_one_concern_and_every_tab_is_told(
    users: dict[str, Any],
) -> None:
    data = {
        "submission_key": "one-key",
        "referrer_kind": "professional",
        "concern": "Bruises on the arm.",
        "family_knows": "yes",
        "contact_phone": "01634 000 000",
    }
    url = reverse("referrals:safety-concern")
    results = _at_once(8, lambda: Client(REMOTE_ADDR="203.0.113.5").post(url, data))
    assert [getattr(r, "status_code", r) for r in results] == [302] * 8
    assert all(r["Location"] == reverse("referrals:safety-sent") for r in results)
    assert Referral.objects.filter(route=Route.SAFETY_CONCERN).count() == 1


def test_one_application_sent_twice_at_once_is_sent_once_and_both_see_it(users: dict[str, Any]) -> None:
    parent = users[Role.PARENT_CARER]
    draft = a_draft(user=parent, route=Route.DISABILITY_TEAM)

    def send() -> Any:
        client = Client()
        client.force_login(parent)
        return client.post(reverse("referrals:check", kwargs={"referral_id": draft.id}))

    results = _at_once(4, send)
    assert [getattr(r, "status_code", r) for r in results] == [302] * 4
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    assert draft.decisions.filter(kind="submitted").count() == 1


def test_a_page_saved_while_the_application_is_being_sent_is_told_so_not_an_error(
    users: dict[str, Any],
) -> None:
    parent = users[Role.PARENT_CARER]
    draft = a_draft(user=parent, route=Route.DISABILITY_TEAM)
    first_step = services.SPECS[draft.route].applicable_steps(draft.answers)[0]
    client = Client()
    client.force_login(parent)
    url = reverse("referrals:step", kwargs={"referral_id": draft.id, "step": first_step.slug})
    posted: dict[str, Any] = {}

    def save_page() -> None:
        try:
            posted["response"] = client.post(url, {**draft.answers, "later": "1"})
        finally:
            connection.close()

    with transaction.atomic():
        # Sending holds the draft; the page's save has checked it is a draft and waits for it.
        Referral.objects.select_for_update().get(pk=draft.pk)
        saver = threading.Thread(target=save_page)
        saver.start()
        deadline = time.monotonic() + 30
        with connection.cursor() as cursor:
            while time.monotonic() < deadline:
                cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
                if cursor.fetchone()[0]:
                    break
                time.sleep(0.05)
        services.referral_submit(referral=draft, by=parent)
    saver.join(timeout=60)
    response = posted["response"]
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:detail", kwargs={"referral_id": draft.id})
    page = client.get(response["Location"]).content.decode()
    assert "was sent while you were changing it, so that change was not saved" in page
