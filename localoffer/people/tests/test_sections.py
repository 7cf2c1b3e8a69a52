"""Other apps add sections to a child's record through people.sections, so people imports none of them."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from localoffer.accounts.roles import Role
from localoffer.people.sections import RecordSection, section_register, section_unregister, sections_for
from localoffer.referrals.tests.helpers import a_safety_concern, a_submitted_referral

pytestmark = pytest.mark.django_db

# The apps above people in the layers (docs: MOVES.md); people may import none of them.
ABOVE_PEOPLE = ("referrals", "feedback", "grants", "council")


def test_people_imports_no_app_above_it() -> None:
    offenders = []
    for path in Path(__file__).resolve().parents[1].rglob("*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            offenders += [
                f"{path.name}: {n}" for n in names if n.split(".")[1:2] and n.split(".")[1] in ABOVE_PEOPLE
            ]
    assert not offenders


def test_a_registered_section_is_shown_in_order(users: dict[str, Any], child: Any) -> None:
    section_register(
        RecordSection(
            key="zz-test", title="Test section", template="people/_child_table.html", context=lambda c, u: {}
        )
    )
    try:
        keys = [section.key for section in sections_for(child=child, user=users[Role.SOCIAL_WORKER])]
    finally:
        section_unregister("zz-test")
    assert keys[0] == "referrals"  # registered by the referrals app, first
    assert keys[-1] == "zz-test"


def test_the_childs_record_lists_the_referrals_the_viewer_may_see(
    client: Any, users: dict[str, Any], child: Any
) -> None:
    from localoffer.referrals import services

    application = a_submitted_referral(
        user=users[Role.PARENT_CARER],
        route="disability_team",
        first_name=child.first_name,
        last_name=child.last_name,
        date_of_birth=child.date_of_birth.isoformat(),
    )
    services.referral_match_child(referral=application, child=child, by=users[Role.SOCIAL_WORKER])
    concern = a_safety_concern(child_name=f"{child.first_name} {child.last_name}")
    services.referral_match_child(referral=concern, child=child, by=users[Role.DUTY_WORKER])

    client.force_login(users[Role.SOCIAL_WORKER])
    worker_page = client.get(reverse("people:child-detail", args=[child.id])).content.decode()
    assert "Referrals and applications" in worker_page
    assert application.reference in worker_page
    assert concern.reference in worker_page  # the team working with the child sees the worry

    client.force_login(users[Role.PARENT_CARER])
    family_page = client.get(reverse("people:child-detail", args=[child.id])).content.decode()
    assert application.reference in family_page
    assert concern.reference not in family_page  # never shown to the family
