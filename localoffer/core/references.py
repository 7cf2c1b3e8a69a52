"""Short references people read aloud over the phone, like MED-4821-KQ, unique among their kind."""

from __future__ import annotations

import secrets
import string
from collections.abc import Callable

from django.db import IntegrityError, models, transaction

# Letters that cannot be mistaken for a digit when read aloud: no I or O.
READABLE_LETTERS = "".join(letter for letter in string.ascii_uppercase if letter not in "IO")
ATTEMPTS = 30


def spoken_reference(prefix: str) -> str:
    """A candidate reference: the prefix, four digits and two letters (about 5.7 million of each prefix)."""
    digits = "".join(secrets.choice(string.digits) for _ in range(4))
    letters = "".join(secrets.choice(READABLE_LETTERS) for _ in range(2))
    return f"{prefix}-{digits}-{letters}"


def free_reference(*, prefix: str, taken: Callable[[str], bool]) -> str:
    """A reference not yet `taken`. A unique index on the field still catches a race between two writers."""
    for _ in range(ATTEMPTS):
        candidate = spoken_reference(prefix)
        if not taken(candidate):
            return candidate
    raise RuntimeError(f"Could not find a free {prefix} reference; widen the reference format.")


def save_with_free_reference(
    record: models.Model, *, prefix: str, taken: Callable[[str], bool], field: str = "reference"
) -> None:
    """Give a new record a free reference and save it, trying another if a concurrent writer took it."""
    for _ in range(ATTEMPTS):
        setattr(record, field, free_reference(prefix=prefix, taken=taken))
        try:
            with transaction.atomic():
                record.save()
        except IntegrityError:
            if not taken(getattr(record, field)):
                raise
            record._state.adding = True
            continue
        return
    raise RuntimeError(f"Could not find a free {prefix} reference; widen the reference format.")
