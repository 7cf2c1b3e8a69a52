from __future__ import annotations

from django import forms

PURPOSES = [
    ("safeguarding", "Responding to a concern about the child's safety"),
    ("duty", "Answering a call or referral about the child"),
    ("oversight", "Management oversight or supervision"),
    ("other", "Another reason"),
]


class PurposeForm(forms.Form):
    purpose = forms.ChoiceField(
        label="Why are you opening this record?",
        choices=PURPOSES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why you are opening this record"},
    )
    detail = forms.CharField(
        label="Give the reason",
        required=False,
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "The reason must be 400 characters or fewer"},
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("purpose") == "other" and not data.get("detail", "").strip():
            self.add_error("detail", "Give the reason you are opening this record")
        return data

    def purpose_text(self) -> str:
        label = dict(PURPOSES)[self.cleaned_data["purpose"]]
        detail = self.cleaned_data.get("detail", "").strip()
        return f"{label}: {detail}" if detail else label


class ChildSearchForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        error_messages={"required": "Enter the child's first name or last name"},
    )
    date_of_birth = forms.DateField(
        label="Date of birth (optional)",
        required=False,
        help_text="For example, 2015-03-27",
        error_messages={"invalid": "Enter the date of birth as year-month-day, for example 2015-03-27"},
    )
