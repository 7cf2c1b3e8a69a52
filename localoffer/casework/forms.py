from __future__ import annotations

import re
from typing import Any

from django import forms

from localoffer.casework.models import (
    ASSESSMENT_NEED_MESSAGES,
    AbuseCategory,
    AssessmentFactor,
    AssessmentOutcome,
    LegalBasis,
    NoteKind,
    PanelOutcome,
    PlanType,
)
from localoffer.core.date_input import DateInputField
from localoffer.core.vocabulary import BreakdownRisk, CarerStrain, NeedLevel


class PoundsField(forms.CharField):
    """An amount in pounds, as people type it (£1,200 or 1200.50), as integer pence."""

    def clean(self, value: Any) -> int:
        text = str(value or "").strip().replace(",", "").replace("£", "")
        if not text:
            if self.required:
                raise forms.ValidationError(f"Enter {self.label.lower() if self.label else 'the amount'}")
            return 0
        if not re.fullmatch(r"\d+(\.\d{1,2})?", text):
            raise forms.ValidationError("Enter an amount in pounds, like 1200 or 1200.50")
        pounds, _, pence = text.partition(".")
        return int(pounds) * 100 + int((pence + "00")[:2])


class CaseNoteForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of contact",
        choices=NoteKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of contact it was"},
    )
    happened_on = DateInputField(label="When it happened", help_text="For example, 27 3 2026")
    who = forms.CharField(
        label="Who was there", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    summary = forms.CharField(
        label="What happened",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter what happened"},
    )
    agreed = forms.CharField(
        label="What was agreed", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CaseNoteCorrectForm(CaseNoteForm):
    """The note as corrected, and why: the wording before is kept and shown with it."""

    reason = forms.CharField(
        label="Why you are correcting it",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example, the wrong date, or what was agreed was left out. The earlier wording is kept.",
        error_messages={"required": "Say why you are correcting the note"},
    )


class AssessmentNeedsForm(forms.Form):
    child_needs = forms.CharField(
        label="The child's needs", required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 8})
    )
    carer_needs = forms.CharField(
        label="The carer's needs", required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 6})
    )
    family_needs = forms.CharField(
        label="The family's needs", required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 6})
    )


class AssessmentOutcomeForm(forms.Form):
    factors = forms.MultipleChoiceField(
        label="Factors identified at the assessment",
        choices=AssessmentFactor.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="As the Children in Need census codes them. Choose 'No factors identified' on its own.",
    )
    outcome = forms.ChoiceField(
        label="Outcome of the assessment",
        choices=AssessmentOutcome.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    recommended_support = forms.CharField(
        label="The support you recommend",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    need_level = forms.TypedChoiceField(
        label="Level of need",
        choices=NeedLevel.choices,
        coerce=int,
        widget=forms.RadioSelect,
        help_text="Level 1: caring has little or no impact on the family. Level 2: a moderate impact. Level 3: a "
        "significant or major impact. The same levels as the short breaks grant.",
        error_messages={"required": ASSESSMENT_NEED_MESSAGES["need_level"]},
    )
    carer_strain = forms.ChoiceField(
        label="How is the family managing with caring?",
        choices=CarerStrain.choices,
        widget=forms.RadioSelect,
        help_text="What you found at the assessment, from the parents' or carers' own words.",
        error_messages={"required": ASSESSMENT_NEED_MESSAGES["carer_strain"]},
    )
    breakdown_risk = forms.ChoiceField(
        label="Without a break, could the family keep going?",
        choices=BreakdownRisk.choices,
        widget=forms.RadioSelect,
        help_text="How likely it is that the child could no longer live at home without support.",
        error_messages={"required": ASSESSMENT_NEED_MESSAGES["breakdown_risk"]},
    )

    def __init__(self, *args: Any, asks_need: bool = True, **kwargs: Any) -> None:
        """A child and family assessment asks what the places priority weighs; a carer's assessment does not."""
        super().__init__(*args, **kwargs)
        if not asks_need:
            for name in ASSESSMENT_NEED_MESSAGES:
                del self.fields[name]

    def clean_factors(self) -> list[str]:
        codes = list(self.cleaned_data.get("factors") or [])
        if AssessmentFactor.F21 in codes and len(codes) > 1:
            raise forms.ValidationError("Choose 'No factors identified' on its own, or only the factors")
        return codes


class AuthoriseForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("authorise", "Authorise the assessment"), ("return", "Send it back to the worker")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you authorise the assessment"},
    )
    reason = forms.CharField(
        label="What needs to change",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "return" and not data.get("reason", "").strip():
            self.add_error("reason", "Say what needs to change before you can authorise it")
        return data


class CarerAssessmentForm(forms.Form):
    carer_name = forms.CharField(
        label="The carer's name", max_length=200, error_messages={"required": "Enter the carer's name"}
    )


class PlanNewForm(forms.Form):
    plan_type = forms.ChoiceField(
        label="What kind of plan",
        choices=PlanType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of plan"},
    )


class SupportLineForm(forms.Form):
    outcome = forms.CharField(
        label="The outcome for the child",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the outcome this support is for"},
    )
    support = forms.CharField(
        label="The support for it",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the support"},
    )
    funded = forms.BooleanField(label="The council pays for this support", required=False)
    yearly_cost = PoundsField(label="Cost a year, in pounds", required=False, max_length=12)
    justification = forms.CharField(
        label="How it meets the assessed need",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required for funded support: which need from the assessment it meets, and how.",
    )
    overnight = forms.BooleanField(label="Overnight short breaks", required=False)
    legal_basis = forms.ChoiceField(
        label="Legal basis of the overnight breaks",
        choices=[("", "Choose"), *LegalBasis.choices],
        required=False,
    )
    legal_basis_reason = forms.CharField(
        label="Why this legal basis",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("funded") and not data.get("justification", "").strip():
            self.add_error("justification", "Say how this funded support meets the need the assessment found")
        if data.get("funded") and not data.get("yearly_cost"):
            self.add_error("yearly_cost", "Enter what this support costs a year")
        if data.get("overnight"):
            if not data.get("legal_basis"):
                self.add_error("legal_basis", "Choose the legal basis of the overnight short breaks")
            if not data.get("legal_basis_reason", "").strip():
                self.add_error("legal_basis_reason", "Give the reason for this legal basis")
        return data


class PanelPutForm(forms.Form):
    asking_for = forms.CharField(
        label="What are you asking the panel to agree?",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what you are asking the panel to agree"},
    )


class PanelNewForm(forms.Form):
    meets_on = DateInputField(label="Date of the panel", latest=None, help_text="For example, 14 12 2026")


class PanelDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="The panel's decision",
        choices=PanelOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the panel's decision"},
    )
    reasons = forms.CharField(
        label="The panel's reasons",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the panel's reasons"},
    )


class ReviewForm(forms.Form):
    held_on = DateInputField(label="Date of the review", help_text="For example, 27 3 2026")
    views = forms.CharField(
        label="What the child and family said",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    summary = forms.CharField(
        label="What the review found",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what the review found"},
    )


class ReviewLineForm(forms.Form):
    """One support line as the review leaves it (prefixed with the line's id)."""

    support = forms.CharField(label="The support", max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))
    yearly_cost = PoundsField(label="Cost a year, in pounds", required=False, max_length=12)
    justification = forms.CharField(
        label="How it meets the assessed need",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class Section47Form(forms.Form):
    started_on = DateInputField(label="Date the enquiry started", help_text="For example, 27 3 2026")


class ConferenceForm(forms.Form):
    icpc_on = DateInputField(
        label="Date of the initial child protection conference", required=False, latest=None
    )
    not_required = forms.BooleanField(label="No conference is needed", required=False)


class CPPlanForm(forms.Form):
    starts_on = DateInputField(label="Date the plan started", help_text="For example, 27 3 2026")
    category = forms.ChoiceField(
        label="Category of abuse",
        choices=AbuseCategory.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the category of abuse"},
    )


class CensusForm(forms.Form):
    year = forms.IntegerField(
        label="Census year ending 31 March",
        min_value=2013,
        max_value=2100,
        error_messages={
            "required": "Enter the year the census ends in, like 2026",
            "invalid": "Enter a year, like 2026",
        },
    )
