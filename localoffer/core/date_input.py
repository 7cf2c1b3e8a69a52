"""The GOV.UK date input: a date as three boxes (day, month, year), with the messages the pattern asks for.

`DateInputField(label="Date of birth")` gives a `datetime.date` (or None when optional and left empty). Render
it with `{% include "includes/date_input.html" with field=form.the_field %}`; what was typed is kept when the
date is refused, and the error summary links to the day box (its id is the field's own).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

PARTS = ("day", "month", "year")


class DateInputWidget(forms.MultiWidget):
    """Three boxes named <name>_day, <name>_month and <name>_year (drawn by includes/date_input.html)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        inputs: dict[str, forms.Widget | type[forms.Widget]] = {
            part: forms.TextInput(attrs={"inputmode": "numeric"}) for part in PARTS
        }
        super().__init__(inputs, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        if isinstance(value, str) and value:
            try:
                day = dt.date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
            return [day.day, day.month, day.year]
        return [None, None, None]


class DateInputField(forms.MultiValueField):
    widget = DateInputWidget

    def __init__(self, *, label: str, required: bool = True, latest: dt.date | None = None, **kwargs: Any):
        self.what = label[0].lower() + label[1:] if label else "the date"
        self.latest = latest
        super().__init__(
            fields=(forms.CharField(required=False), forms.CharField(required=False), forms.CharField()),
            label=label,
            required=required,
            require_all_fields=False,
            **kwargs,
        )
        self.error_messages["required"] = f"Enter {self.what}"
        self.error_messages["incomplete"] = f"Enter {self.what}"

    def clean(self, value: Any) -> dt.date | None:
        parts = [str(item or "").strip() for item in (value or ["", "", ""])]
        day, month, year = [*parts, "", "", ""][:3]
        if not any(parts):
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return None
        subject = self.label[0].upper() + self.label[1:] if self.label else "The date"
        missing = [name for name, part in zip(PARTS, (day, month, year), strict=True) if not part]
        if missing:
            raise forms.ValidationError(
                f"{subject} must include a {' and '.join(missing)}", code="incomplete"
            )
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise forms.ValidationError(f"{subject} must be a real date, in numbers", code="invalid")
        if len(year) != 4:
            raise forms.ValidationError(
                f"Year must include 4 numbers, like {dt.date.today().year}", code="year"
            )
        try:
            date = dt.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(f"{subject} must be a real date", code="invalid") from None
        if self.latest is not None and date > self.latest:
            raise forms.ValidationError(f"{subject} must be today or in the past", code="future")
        return date

    def compress(self, data_list: list[Any]) -> Any:  # pragma: no cover - clean() does the work
        return data_list
