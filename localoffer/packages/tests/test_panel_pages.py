"""The package's panel through casework's pages: the social worker puts floating support to panel from the
package, the case waits on the team's panel agenda, the panel's decision shows on the package and in the
child's chronology, and the manager authorises only after it approves."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from localoffer.casework.models import PanelCase
from localoffer.casework.services import panel_create, panel_decide
from localoffer.core.roles import Role
from localoffer.packages.services import approval_limit_set, element_add, package_open
from localoffer.packages.tests.helpers import START

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rate_card")]


def _floating_support(child: Any) -> Any:
    package = package_open(child=child, level_of_need="specialist", by=None)
    element_add(
        package=package,
        kind="floating_support",
        starts_on=START,
        ends_on=None,
        cost_period="session",
        units_a_year=40,
        ratio="2:1",
        funder="council",
        by=None,
    )
    return package


def test_floating_support_goes_to_caseworks_panel_and_is_authorised_after_it_approves(
    client: Any, users: dict[str, Any], child: Any
) -> None:
    _floating_support(child)
    worker, manager = users[Role.SOCIAL_WORKER], users[Role.MANAGER]
    approval_limit_set(user=manager, limit_pence=5_000_000, by=None)
    page = reverse("packages:package", kwargs={"child_id": child.pk})

    client.force_login(worker)
    shown = client.get(page).content.decode()
    assert "Floating support is agreed at panel: not yet taken to panel" in shown
    assert "Put the package to panel" in shown
    answered = client.post(
        reverse("packages:panel", kwargs={"child_id": child.pk}), {"asking_for": "Floating support at 2:1"}
    )
    assert answered.status_code == 302
    shown = client.get(page).content.decode()
    assert "waiting for the panel's decision" in shown
    assert "Put the package to panel" not in shown

    client.force_login(manager)
    refused = client.post(reverse("packages:authorise", kwargs={"child_id": child.pk}))
    assert "wait for its approval" in refused.content.decode()
    panel = panel_create(team=manager.team, meets_on=dt.date(2026, 12, 14), by=manager)
    case = PanelCase.objects.get(child=child)
    assert case.panel == panel
    panel_decide(case=case, by=manager, outcome="approved", reasons="Needs 2:1 at home.")
    assert "Approved on 14 December 2026: Needs 2:1 at home." in client.get(page).content.decode()
    authorised = client.post(reverse("packages:authorise", kwargs={"child_id": child.pk}))
    assert authorised.status_code == 302
    assert "Authorised by" in client.get(page).content.decode()
