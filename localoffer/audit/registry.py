"""Which models the audit trail records, and how to find the child each record is about.

A pure registration that any `models.py` may use: it imports no model and writes nothing. The recording
itself (`audit/receivers.py`) listens for every save and delete and records those of registered models.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.db import models

ChildOf = Callable[[Any], uuid.UUID | None]

# Models whose every create, change and delete is recorded, with how to find the child each is about.
_registry: dict[type[models.Model], ChildOf | None] = {}


def audited[M: type[models.Model]](child: ChildOf | None = None) -> Callable[[M], M]:
    """Class decorator: record every create, change and delete of this model in the audit trail.

    `child` returns the id of the child a record is about, so that everything about one child can be
    found in the trail. The write and its audit event share a transaction: both happen, or neither.
    """

    def register(model: M) -> M:
        _registry[model] = child
        return model

    return register


def is_audited(model: type[models.Model]) -> bool:
    return model in _registry


def child_id_of(obj: models.Model) -> uuid.UUID | None:
    """The child a registered record is about, or None."""
    child_of = _registry.get(type(obj))
    return child_of(obj) if child_of else None
