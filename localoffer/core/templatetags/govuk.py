"""Template helpers for the GOV.UK form patterns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.forms import BoundField

register = template.Library()


@dataclass(frozen=True)
class Option:
    id: str
    value: str
    label: str
    selected: bool


@register.filter
def choice_options(field: BoundField) -> list[Option]:
    """A choice field's options, for checkboxes and radios, with the same ids Django gives them.

    Django's own option widgets build a full widget context for every option; a page of filters has
    dozens of them, and this is the same result for a fraction of the work."""
    value = field.value()
    chosen = {str(v) for v in (value if isinstance(value, list | tuple) else [value]) if v is not None}
    base = field.auto_id or f"id_{field.html_name}"
    choices: Any = getattr(field.field, "choices", [])
    return [
        Option(id=f"{base}_{index}", value=str(key), label=str(label), selected=str(key) in chosen)
        for index, (key, label) in enumerate(choices)
    ]
