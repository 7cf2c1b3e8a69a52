"""Template helpers for the GOV.UK form patterns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.forms import BoundField
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

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


CHECKED = mark_safe(" checked")


@register.simple_tag
def choice_items(field: BoundField, kind: str) -> SafeString:
    """The items of a GOV.UK checkboxes or radios group (`kind` is "checkboxes" or "radios"), written in one
    pass: a page of filters has dozens, and a template loop costs several times as much."""
    input_type = "checkbox" if kind == "checkboxes" else "radio"
    return format_html_join(
        "\n",
        '<div class="govuk-{0}__item"><input class="govuk-{0}__input" id="{1}" name="{2}" type="{3}" '
        'value="{4}"{5}><label class="govuk-label govuk-{0}__label" for="{1}">{6}</label></div>',
        (
            (
                kind,
                o.id,
                field.html_name,
                input_type,
                o.value,
                CHECKED if o.selected else "",
                o.label,
            )
            for o in choice_options(field)
        ),
    )


@dataclass(frozen=True)
class DatePart:
    id: str
    name: str
    label: str
    value: str
    width: int
    error: bool


@register.filter
def date_parts(field: BoundField) -> list[DatePart]:
    """The day, month and year boxes of a GOV.UK date input, with what was typed. When the date is
    incomplete only the missing boxes are marked; otherwise, with an error, all three."""
    value = field.value()
    if not isinstance(value, list | tuple):
        value = field.field.widget.decompress(value)
    typed = [str(part or "") for part in value]
    missing = {name for name, part in zip(("day", "month", "year"), typed, strict=True) if not part.strip()}
    whole = not missing or len(missing) == 3
    base = field.auto_id or f"id_{field.html_name}"
    return [
        DatePart(
            id=f"{base}_{name}",
            name=f"{field.html_name}_{name}",
            label=name.capitalize(),
            value=part,
            width=4 if name == "year" else 2,
            error=bool(field.errors) and (whole or name in missing),
        )
        for name, part in zip(("day", "month", "year"), typed, strict=True)
    ]


@register.filter
def first_date_error_id(field: BoundField) -> str:
    """Where the error summary's link for a date input goes: its first box with an error."""
    marked = [part for part in date_parts(field) if part.error]
    return (marked or date_parts(field))[0].id
