"""Sections of a child's record that other apps add (the child's referrals, later their plans and grants).

`people` is below the apps that hold that work, so it cannot import them; each registers a section here in its
AppConfig.ready(), and the record page shows every registered section, in order. A section gives the template
to draw and a function that returns its context for the person looking, from the reading of the record
(record.RecordRead: the child, the reader, the day, the access decision already made): it must scope what it
returns to that person (the record itself has already been opened through the access decision, and that view
is audited). A section shares its app's one read of the record with the app's chronology sources through
`RecordRead.shared`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from localoffer.people.record import RecordRead


@dataclass(frozen=True)
class RecordSection:
    key: str
    title: str
    template: str
    context: Callable[[RecordRead], dict[str, Any]]
    order: int = 100


@dataclass(frozen=True)
class ShownSection:
    key: str
    title: str
    template: str
    context: dict[str, Any]


_SECTIONS: dict[str, RecordSection] = {}


def section_register(section: RecordSection) -> None:
    """Add (or replace, by key: ready() can run more than once in tests) a section of the record page."""
    _SECTIONS[section.key] = section


def section_unregister(key: str) -> None:
    _SECTIONS.pop(key, None)


def sections_for(*, record: RecordRead) -> list[ShownSection]:
    ordered = sorted(_SECTIONS.values(), key=lambda section: (section.order, section.key))
    return [
        ShownSection(
            key=section.key,
            title=section.title,
            template=section.template,
            context=section.context(record),
        )
        for section in ordered
    ]
