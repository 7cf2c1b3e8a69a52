"""Guarded status changes: which status a record may move to, from which, decided in one place.

Each app keeps its own map (`ALLOWED_PREVIOUS`: new status -> the statuses it may come from) and asks one
`Transitions` whether a move is allowed. The service that makes the move locks the row first
(`select_for_update`) and then calls `check`, so two people acting at once cannot both move it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models


class StatusChangeNotAllowed(ValidationError):
    """The record cannot move to that status from the one it is in."""


@dataclass(frozen=True)
class Transitions:
    """The allowed moves of one status field. `noun` names the record in messages ("a referral")."""

    choices: type[models.TextChoices]
    allowed_previous: Mapping[str, frozenset[str]]
    noun: str

    def __post_init__(self) -> None:
        missing = set(self.choices.values) - set(self.allowed_previous)
        if missing:
            raise ValueError(f"ALLOWED_PREVIOUS for {self.noun} says nothing of {sorted(missing)}.")

    def check(self, *, current: str, new: str) -> None:
        """Refuse, with a message a person can read, a move that is not allowed."""
        if new not in self.choices.values:
            raise StatusChangeNotAllowed(
                f"{new!r} is not a status {self.noun} can have.", code="unknown_status"
            )
        if current not in self.allowed_previous[new]:
            raise StatusChangeNotAllowed(
                f"{self.noun[0].upper()}{self.noun[1:]} that is {self.label(current).lower()} cannot be changed "
                f"to {self.label(new).lower()}.",
                code="transition_not_allowed",
            )

    def allows(self, *, current: str, new: str) -> bool:
        return new in self.allowed_previous and current in self.allowed_previous[new]

    def next_statuses(self, current: str) -> list[str]:
        """The statuses a record in `current` may move to, in the order the choices list them."""
        return [status for status in self.choices.values if current in self.allowed_previous[status]]

    def label(self, value: str) -> str:
        try:
            return str(self.choices(value).label)
        except ValueError:
            return value
