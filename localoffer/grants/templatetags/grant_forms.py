"""`{{ field|date_parts }}`: the day, month and year boxes of a GOV.UK date input, with what was typed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.forms import BoundField

register = template.Library()

_PARTS = (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))


@register.filter
def date_parts(field: BoundField) -> list[dict[str, Any]]:
    value = field.value()
    values: list[Any]
    if isinstance(value, dt.date):
        values = [value.day, value.month, value.year]
    elif isinstance(value, list | tuple):
        values = list(value) + [""] * (3 - len(value))
    else:
        values = ["", "", ""]
    return [
        {
            "name": f"{field.html_name}-{part}",
            "id": f"{field.auto_id}-{part}" if part != "day" else field.auto_id,
            "label": label,
            "width": width,
            "value": "" if values[index] is None else values[index],
        }
        for index, (part, label, width) in enumerate(_PARTS)
    ]
