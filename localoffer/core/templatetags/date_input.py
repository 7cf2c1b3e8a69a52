"""What to show in the three boxes of a GOV.UK date input (localoffer.core.date_input)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.forms import BoundField

register = template.Library()


@register.filter
def date_parts(field: BoundField) -> dict[str, str]:
    """The day, month and year as typed (a refused date is shown as it was entered) or as first given."""
    value: Any = field.value()
    if isinstance(value, list | tuple):
        parts = [str(item or "") for item in [*value, "", "", ""][:3]]
    elif isinstance(value, dt.date):
        parts = [str(value.day), str(value.month), str(value.year)]
    else:
        parts = ["", "", ""]
    return dict(zip(("day", "month", "year"), parts, strict=True))
