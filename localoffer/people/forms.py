from __future__ import annotations

from django import forms

from localoffer.core.date_input import DateInputField
from localoffer.people.selectors import SEARCH_MAX_WORDS

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
        required=False,
        help_text="First name, last name, or both.",
        error_messages={"max_length": "The name must be 100 characters or fewer"},
    )
    date_of_birth = DateInputField(
        label="Date of birth", required=False, help_text="For example, 27 3 2015", latest=None
    )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data.get("name", "").split())
        if len(name.split()) > SEARCH_MAX_WORDS:
            raise forms.ValidationError(f"Enter {SEARCH_MAX_WORDS} words or fewer")
        return name

    def clean(self) -> dict:
        data = super().clean() or {}
        if not self.errors and not data.get("name") and not data.get("date_of_birth"):
            self.add_error("name", "Enter the child's name or date of birth")
        return data
