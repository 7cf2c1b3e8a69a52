from __future__ import annotations

import uuid

from django import forms

from localoffer.audit.models import Action
from localoffer.audit.selectors import AuditFilter


class AuditSearchForm(forms.Form):
    actor = forms.CharField(label="Who (user name contains)", required=False, max_length=150)
    action = forms.ChoiceField(
        label="What they did", required=False, choices=[("", "Anything"), *Action.choices]
    )
    object_type = forms.CharField(
        label="Kind of record (for example people.child)", required=False, max_length=100
    )
    object_id = forms.CharField(label="Record identifier", required=False, max_length=64)
    child_id = forms.CharField(label="Child identifier", required=False, max_length=64)
    date_from = forms.DateField(
        label="From date",
        required=False,
        help_text="For example, 2026-11-23",
        error_messages={"invalid": "Enter the from date as year-month-day, for example 2026-11-23"},
    )
    date_to = forms.DateField(
        label="To date",
        required=False,
        help_text="For example, 2026-11-23",
        error_messages={"invalid": "Enter the to date as year-month-day, for example 2026-11-23"},
    )

    def clean_child_id(self) -> str:
        value = self.cleaned_data["child_id"].strip()
        if value:
            try:
                uuid.UUID(value)
            except ValueError:
                raise forms.ValidationError(
                    "Enter the child identifier as it appears on the child's record, "
                    "for example 0b5e4a1c-2f3d-4e5f-8a9b-0c1d2e3f4a5b"
                ) from None
        return value

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The to date must be the same as or after the from date")
        return data

    def criteria(self) -> AuditFilter:
        data = self.cleaned_data
        return AuditFilter(
            actor=data.get("actor", "").strip(),
            action=data.get("action", ""),
            object_type=data.get("object_type", "").strip(),
            object_id=data.get("object_id", "").strip(),
            child_id=data.get("child_id", ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
