"""Every search box takes a bounded number of words and characters, says so, and keeps what was typed."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.urls import reverse

from localoffer.core.roles import Role
from localoffer.people.selectors import SEARCH_MAX_WORDS, child_search

TOO_MANY = " ".join(f"w{number}" for number in range(1, 12))  # 11 short words
TOO_LONG = "a" * 300


@pytest.mark.parametrize(
    ("role", "url", "field", "words_message", "length_message"),
    [
        (None, "directory:search", "q", "Enter 10 search words or fewer", "200 characters or fewer"),
        (
            Role.DUTY_WORKER,
            "referrals:find",
            "q",
            f"Enter {SEARCH_MAX_WORDS} words or fewer",
            "100 characters",
        ),
        (
            Role.SOCIAL_WORKER,
            "people:child-list",
            "name",
            f"Enter {SEARCH_MAX_WORDS} words or fewer",
            "100 characters",
        ),
        (
            Role.SDS_COORDINATOR,
            "grants:cases",
            "q",
            f"Enter {SEARCH_MAX_WORDS} words or fewer",
            "100 characters",
        ),
    ],
)
def test_each_search_box_refuses_too_many_words_or_characters_and_keeps_them(
    client: Any,
    users: dict[str, Any],
    offer: None,
    role: str | None,
    url: str,
    field: str,
    words_message: str,
    length_message: str,
) -> None:
    if role is not None:
        client.force_login(users[role])
    words = client.get(reverse(url), {field: TOO_MANY}).content.decode()
    assert words_message in words
    assert "w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11" in words
    length = client.get(reverse(url), {field: TOO_LONG}).content.decode()
    assert length_message in length


def test_the_child_search_costs_about_the_same_for_any_number_of_words(users: dict[str, Any]) -> None:
    worker = users[Role.SOCIAL_WORKER]

    def took(name: str) -> float:
        start = time.perf_counter()
        list(child_search(user=worker, name=name, date_of_birth=None))
        return time.perf_counter() - start

    took("warm up")
    one = min(took("Sam") for _ in range(3))
    many = min(took(" ".join(["Sam"] * 40)) for _ in range(3))
    assert many < one * 5 + 0.05  # never doubling with each word: 40 words would take for ever
