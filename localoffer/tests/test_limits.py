"""Limits on what anyone can do without an account, and on sign-in (core/limits.py): per address and per
target, a clear page that says when to try again and whom to call, and a safety concern never lost."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core import mail
from django.core.cache import caches
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from localoffer.accounts.tests.factories import TEST_PASSWORD
from localoffer.core.roles import Role
from localoffer.feedback.models import Comment
from localoffer.referrals.models import Referral, Route

pytestmark = pytest.mark.sqlite

SAFETY = {
    "referrer_kind": "professional",
    "concern": "Bruises on the arm.",
    "family_knows": "yes",
    "contact_phone": "01634 000 000",
}


@pytest.fixture
def low_limits(settings: Any) -> None:
    settings.LOCALOFFER_LIMITS = {
        "safety-concern": {"address": "3/h", "target": "2/h"},
        "comment": {"address": "2/h"},
        "listing-report": {"address": "50/h", "target": "2/h"},
        "shortlist-email": {"address": "50/h", "target": "2/h"},
        "sign-in-failure": {"address": "4/h"},
    }


def _from(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def test_a_flood_of_safety_concerns_is_stopped_and_the_page_says_call_999_and_duty(
    users: dict[str, Any], low_limits: None
) -> None:
    sender = _from("203.0.113.7")
    url = reverse("referrals:safety-concern")
    for number in range(3):
        assert sender.post(url, {**SAFETY, "submission_key": f"k-{number}"}).status_code == 302
    refused = sender.post(url, {**SAFETY, "submission_key": "k-3", "concern": "Shouting every night."})
    page = refused.content.decode()
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "If a child is in immediate danger, call 999 now." in page
    assert "01634 334 466" in page
    assert "This has not been sent." in page
    assert "Shouting every night." in page  # what was written is kept
    assert Referral.objects.filter(route=Route.SAFETY_CONCERN).count() == 3
    # Someone else, elsewhere, is not held back by it.
    assert _from("198.51.100.2").post(url, {**SAFETY, "submission_key": "other"}).status_code == 302


def test_acknowledgements_to_one_address_stop_but_the_concern_is_still_taken(
    users: dict[str, Any], low_limits: None, django_capture_on_commit_callbacks: Any
) -> None:
    url = reverse("referrals:safety-concern")
    victim = {**SAFETY, "contact_email": "someone@example.com"}
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(3):
            response = _from(f"203.0.113.{number + 1}").post(
                url, {**victim, "submission_key": f"k-{number}"}, follow=True
            )
    assert Referral.objects.filter(route=Route.SAFETY_CONCERN).count() == 3
    assert sum(1 for m in mail.outbox if m.to == ["someone@example.com"]) == 2
    assert sum(1 for m in mail.outbox if m.to == ["duty@localhost"]) == 3  # duty hears of every one
    page = response.content.decode()
    assert "Sent to the duty team" in page
    assert "We have not emailed you an acknowledgement this time" in page


def test_comments_are_limited_per_address_keeping_the_words(offer: None, low_limits: None) -> None:
    sender = _from("203.0.113.9")
    data = {"topic": "other", "text": "Please list more swimming."}
    for _ in range(2):
        assert sender.post(reverse("feedback:comment"), data).status_code == 302
    refused = sender.post(reverse("feedback:comment"), {**data, "text": "A third comment."})
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "A third comment." in page
    assert "You can send it again after" in page
    assert "contact us" in page
    assert Comment.objects.count() == 2


def test_reports_about_one_listing_are_limited_from_any_address(offer: None, low_limits: None) -> None:
    url = reverse("feedback:report", kwargs={"slug": "short-breaks-grant"})
    data = {"kind": "wrong_phone", "description": "The number rings out."}
    for number in range(2):
        assert _from(f"203.0.113.{number + 1}").post(url, data).status_code == 302
    refused = _from("203.0.113.50").post(url, data)
    assert refused.status_code == 429
    assert "Too many have been sent to that address" in refused.content.decode()


def test_a_shortlist_can_be_emailed_to_one_address_only_so_often(
    offer: None, low_limits: None, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(3):
            sender = _from(f"203.0.113.{number + 1}")
            sender.post(reverse("directory:shortlist-add"), {"slug": "short-breaks-grant"})
            response = sender.post(reverse("directory:shortlist-email"), {"email": "victim@example.com"})
    assert response.status_code == 429
    assert 'value="victim@example.com"' in response.content.decode()
    assert sum(1 for m in mail.outbox if m.to == ["victim@example.com"]) == 2


def test_a_password_spray_across_accounts_from_one_address_is_stopped(
    users: dict[str, Any], low_limits: None
) -> None:
    attacker = _from("203.0.113.66")
    sign_in = reverse("accounts:sign-in")
    accounts = [users[role].username for role in (Role.PARENT_CARER, Role.MANAGER, Role.DUTY_WORKER)]
    for number in range(4):  # one or two guesses each: axes never locks any one account
        attacker.post(sign_in, {"username": accounts[number % 3], "password": f"Guess-{number}-2026!"})
    refused = attacker.post(sign_in, {"username": accounts[0], "password": TEST_PASSWORD})
    assert refused.status_code == 429
    assert "You have tried to sign in too many times" in refused.content.decode()
    assert "_auth_user_id" not in attacker.session
    # The real person, from their own address, signs in as usual.
    person = _from("198.51.100.20")
    assert person.post(sign_in, {"username": accounts[0], "password": TEST_PASSWORD}).status_code == 302


def test_behind_the_declared_proxies_each_person_is_counted_by_their_own_address(
    users: dict[str, Any], low_limits: None, settings: Any
) -> None:
    settings.AXES_IPWARE_PROXY_COUNT = 1
    url = reverse("referrals:safety-concern")
    proxy = "10.0.0.5"
    for number in range(3):
        Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.1").post(
            url, {**SAFETY, "submission_key": f"a-{number}"}
        )
    other = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.3")
    assert other.post(url, {**SAFETY, "submission_key": "b"}).status_code == 302
    spoofed = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.1")
    assert spoofed.post(url, {**SAFETY, "submission_key": "c"}).status_code == 429


@pytest.mark.django_db(transaction=True)
def test_counts_made_at_once_by_many_processes_are_all_counted() -> None:
    """Twelve requests counting at the same moment, each on its own database connection, count twelve."""
    if connection.vendor != "postgresql":
        pytest.skip("web processes counting at once: on PostgreSQL, which production runs on")
    cache = caches["limits"]
    cache.add("together", 0, 60)
    start = threading.Barrier(12)
    errors: list[BaseException] = []

    def count() -> None:
        try:
            start.wait()
            cache.incr("together")
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=count) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert cache.get("together") == 12
