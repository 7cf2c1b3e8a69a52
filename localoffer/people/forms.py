from __future__ import annotations

import re

from django import forms

from localoffer.core.date_input import DateInputField
from localoffer.people.models import Disability, Ethnicity, FamilyRole, MainNeed, Sex
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


class CharacteristicsForm(forms.Form):
    """Who the child is: asked once, kept on the record, offered to every assessment and return."""

    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, widget=forms.RadioSelect)
    ethnicity = forms.ChoiceField(label="Ethnicity", choices=Ethnicity.choices)
    disabilities = forms.MultipleChoiceField(
        label="Disabilities",
        choices=Disability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="As the Children in Need census codes them. Choose 'No disability' on its own.",
    )
    main_need = forms.ChoiceField(label="Main need", choices=MainNeed.choices)
    communication_needs = forms.CharField(
        label="Communication needs",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="How the child communicates and what helps: signs, symbols, an interpreter.",
    )
    upn = forms.CharField(
        label="Unique pupil number (UPN), if known",
        required=False,
        max_length=13,
        help_text="13 characters: a letter, 11 numbers, then a number or a letter",
    )

    def clean_upn(self) -> str:
        upn = self.cleaned_data.get("upn", "").strip().upper()
        if upn and not re.fullmatch(r"[A-Z]\d{11}[0-9A-Z]", upn):
            raise forms.ValidationError(
                "Enter a UPN as a letter, 11 numbers, then a number or a letter, like A123456789012"
            )
        return upn

    def clean_disabilities(self) -> list[str]:
        codes = list(self.cleaned_data.get("disabilities") or [])
        if Disability.NONE in codes and len(codes) > 1:
            raise forms.ValidationError("Choose 'No disability' on its own, or only the disabilities")
        return codes


class FamilyMemberForm(forms.Form):
    name = forms.CharField(label="Full name", max_length=200, error_messages={"required": "Enter their name"})
    relationship = forms.ChoiceField(
        label="Who they are to the child",
        choices=FamilyRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who they are to the child"},
    )
    has_parental_responsibility = forms.BooleanField(label="Has parental responsibility", required=False)
    lives_with_child = forms.BooleanField(label="Lives with the child", required=False)
    is_contact = forms.BooleanField(label="Contact them about the child", required=False)
    phone = forms.CharField(label="Phone number", required=False, max_length=30)
    notes = forms.CharField(
        label="What helps when contacting them",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
