"""The child's chronology: everything that happened, from every app, in date order.

Like `sections.py`, a registry: `people` is below the apps that hold the work (referrals, casework, and later
packages, places and early help), so each registers a `ChronologySource` in its AppConfig.ready(). A source
gives its kind (the filter's value and label) and a function that returns the entries about a child that the
person looking may see, from the reading of the record (record.RecordRead), whose one read of the app's part
it shares with the app's section. The record page merges them, newest first, and filters by kind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from localoffer.people.record import RecordRead


@dataclass(frozen=True)
class ChronologyEntry:
    on: dt.date
    kind: str  # the source's key
    title: str
    detail: str = ""
    url: str = ""
    by: str = ""


@dataclass(frozen=True)
class ChronologySource:
    key: str
    label: str
    entries: Callable[[RecordRead], Iterable[ChronologyEntry]]
    order: int = 100


_SOURCES: dict[str, ChronologySource] = {}


def chronology_register(source: ChronologySource) -> None:
    """Add (or replace, by key) a kind of entry in the child's chronology."""
    _SOURCES[source.key] = source


def chronology_unregister(key: str) -> None:
    _SOURCES.pop(key, None)


def chronology_kinds() -> list[tuple[str, str]]:
    return [
        (source.key, source.label)
        for source in sorted(_SOURCES.values(), key=lambda source: (source.order, source.key))
    ]


def chronology_for(*, record: RecordRead, kinds: Iterable[str] = ()) -> list[ChronologyEntry]:
    """The child's entries the person may see, newest first; only the kinds asked for, if any are."""
    wanted = set(kinds)
    entries: list[ChronologyEntry] = []
    for source in _SOURCES.values():
        if wanted and source.key not in wanted:
            continue
        entries.extend(source.entries(record))
    return sorted(entries, key=lambda entry: (entry.on, entry.title), reverse=True)


def involvement_entries(record: RecordRead) -> list[ChronologyEntry]:
    """People's own: each team's work with the child, as it began and as it ended."""
    entries: list[ChronologyEntry] = []
    for involvement in record.involvements:
        entries.append(
            ChronologyEntry(
                on=involvement.started_on, kind="involvement", title=f"{involvement.team.name} began work"
            )
        )
        if involvement.ended_on:
            entries.append(
                ChronologyEntry(
                    on=involvement.ended_on, kind="involvement", title=f"{involvement.team.name} ended work"
                )
            )
    return entries
