"""Signing in as each role shows what that role may do, and nothing else."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from localoffer.core.roles import Role

LINKS = {
    "Children and young people": {
        Role.SOCIAL_WORKER,
        Role.SDS_COORDINATOR,
        Role.EARLY_HELP_PRACTITIONER,
        Role.DUTY_WORKER,
        Role.MANAGER,
    },
    "Your family&#x27;s records": {Role.PARENT_CARER, Role.YOUNG_PERSON},
    "Audit trail": {Role.MANAGER},
    "Administer the service": {Role.SYSTEM_ADMINISTRATOR},
    "Local Offer listings": {Role.LOCAL_OFFER_EDITOR, Role.PROVIDER_STAFF},
    "Changes waiting for an editor": {Role.LOCAL_OFFER_EDITOR},
    "Feedback on the Local Offer": {Role.LOCAL_OFFER_EDITOR, Role.MANAGER},
    "Early help families": {Role.EARLY_HELP_PRACTITIONER, Role.MANAGER, Role.PARTNER_PRACTITIONER},
    "Early help outcomes": {Role.EARLY_HELP_PRACTITIONER, Role.MANAGER, Role.COMMISSIONER},
    "Your family&#x27;s early help": {Role.PARENT_CARER, Role.YOUNG_PERSON},
    "Transitions": {Role.SOCIAL_WORKER},
    "Who may see your record": {Role.YOUNG_PERSON},
}


@pytest.mark.parametrize("role", Role.values)
def test_each_role_sees_only_its_own_tools(client: Any, users: dict[str, Any], role: str) -> None:
    client.force_login(users[role])
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert Role(role).label.replace("'", "&#x27;") in page
    for link, roles in LINKS.items():
        assert (link in page) == (role in roles), f"{role}: {link}"


def test_home_page_names_the_team_once(client: Any, users: dict[str, Any]) -> None:
    """A social worker's role already names the 0 to 25 disability team: the caption does not say it twice."""
    worker = users[Role.SOCIAL_WORKER]
    assert worker.team.name.casefold() in Role.SOCIAL_WORKER.label.casefold()
    client.force_login(worker)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert f'<span class="govuk-caption-l">{Role.SOCIAL_WORKER.label}</span>' in page


def test_home_page_names_a_team_the_role_does_not(client: Any, users: dict[str, Any]) -> None:
    manager = users[Role.MANAGER]
    client.force_login(manager)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert f'<span class="govuk-caption-l">Manager, {manager.team.name}</span>' in page
