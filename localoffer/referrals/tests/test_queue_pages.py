"""The duty queue under a flood: pages of 25, and the same answers sent again shown as one line."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from localoffer.core.roles import Role
from localoffer.referrals.tests.helpers import a_safety_concern


def test_the_queue_pages_and_groups_the_same_worry_sent_again(client: Any, users: dict[str, Any]) -> None:
    repeated = [a_safety_concern(key=f"same-{number}", concern="Shouting next door.") for number in range(4)]
    for number in range(26):
        a_safety_concern(key=f"other-{number}", concern=f"Worry number {number}.")
    client.force_login(users[Role.DUTY_WORKER])
    first = client.get(reverse("referrals:queue")).content.decode()
    assert "27 waiting" in first  # 30 sent: one line for the four alike
    assert "3 more sent again with the same answers" in first
    assert first.count('class="govuk-table__row"') == 1 + 25  # the header row and a page of 25
    assert "Page 1 of 2" in first
    assert "Sent again with the same answers 3 times:" in first
    for repeat in repeated[1:]:
        assert repeat.reference in first
    second = client.get(reverse("referrals:queue"), {"page": 2}).content.decode()
    assert second.count('class="govuk-table__row"') == 1 + 2
    assert "Page 2 of 2" in second
