"""Short breaks places as a section of the child's record page (people/sections.py): the child's requests and
where each is, and for someone who may ask for places, a link to ask in each window open now."""

from __future__ import annotations

from typing import Any

from localoffer.people.record import RecordRead


def child_places_section(record: RecordRead) -> dict[str, Any]:
    from localoffer.places import selectors

    child, user = record.child, record.user
    if not user.has_perm("places.request"):
        return {"allowed": False, "child": child}
    found = selectors.child_places(child=child, user=user, today=record.today)
    return {"allowed": True, "child": child, "requests": found.requests, "windows": found.windows}


def register() -> None:
    from localoffer.people.sections import RecordSection, section_register

    section_register(
        RecordSection(
            key="places",
            title="Short breaks places",
            template="places/_child_places.html",
            context=child_places_section,
            order=40,
        )
    )
