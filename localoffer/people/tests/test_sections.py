"""Other apps add sections to a child's record through people.sections, so people imports none of them."""

from __future__ import annotations

from typing import Any

import pytest

from localoffer.core.roles import Role
from localoffer.people.record import record_read
from localoffer.people.sections import RecordSection, section_register, section_unregister, sections_for

pytestmark = pytest.mark.django_db

# The apps above people in the layers (docs: MOVES.md); people may import none of them.
ABOVE_PEOPLE = ("referrals", "feedback", "grants", "casework", "council")


def test_a_registered_section_is_shown_in_order(users: dict[str, Any], child: Any) -> None:
    section_register(
        RecordSection(
            key="zz-test",
            title="Test section",
            template="people/_child_table.html",
            context=lambda record: {},
        )
    )
    try:
        keys = [
            section.key
            for section in sections_for(record=record_read(user=users[Role.SOCIAL_WORKER], child=child))
        ]
    finally:
        section_unregister("zz-test")
    assert keys[0] == "referrals"  # registered by the referrals app, first
    assert keys[-1] == "zz-test"
