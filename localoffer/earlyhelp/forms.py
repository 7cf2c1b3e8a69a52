"""The early help pages' forms: GOV.UK patterns, messages that say how to put things right."""

from __future__ import annotations

from typing import Any

from django import forms

from localoffer.core.date_input import DateInputField
from localoffer.earlyhelp.models import ClosureOutcome, Heading, HowItIsGoing, KeyPoint, Rating, Sustained

TEXT_LIMIT = 3000


def _text(
    label: str, what: str, *, help_text: str = "", required: bool = True, rows: int = 4
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_LIMIT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": f"Enter {what}",
            "max_length": f"{what[0].upper()}{what[1:]} must be 3,000 characters or fewer",
        },
    )


def _line(label: str, what: str, *, required: bool = True, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=200,
        help_text=help_text,
        error_messages={
            "required": f"Enter {what}",
            "max_length": f"{what[0].upper()}{what[1:]} must be 200 characters or fewer",
        },
    )


def _choice(label: str, choices: Any, what: str, *, help_text: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        help_text=help_text,
        widget=forms.RadioSelect,
        error_messages={"required": f"Select {what}", "invalid_choice": f"Select {what}"},
    )


class LeadForm(forms.Form):
    lead = forms.ChoiceField(
        label="Lead practitioner",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the lead practitioner",
            "invalid_choice": "Select the lead practitioner",
        },
    )
    with_family = _text(
        "What the family said about who should be their lead",
        "what the family said about who should be their lead",
        help_text="Families have a say in who their lead person is: a school, a health visitor, a hub worker.",
        rows=3,
    )

    def __init__(self, *args: Any, candidates: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["lead"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(str(user.pk), _lead_label(user)) for user in candidates]


def _lead_label(user: Any) -> str:
    where = user.organisation or (user.team.name if user.team_id else "")
    return f"{user}, {where}" if where else str(user)


class AssessmentForm(forms.Form):
    going_well_family = _text(
        "What is going well, in the family's words", "what the family says is going well"
    )
    going_well_practitioner = _text("What is going well, in your words", "what you see going well")
    worries_family = _text("The worries, in the family's words", "the family's worries")
    worries_practitioner = _text("The worries, in your words", "your worries")
    family_aims = _text("What the family wants to change", "what the family wants to change")
    completed_on = DateInputField(label="Date of the assessment")


class PlanActionForm(forms.Form):
    action = _text("What will be done", "what will be done", rows=3)
    owner = _line(
        "Who will do it",
        "who will do it",
        help_text="A family member, the lead, or someone in the team around the family.",
    )
    due_on = DateInputField(label="By when")
    heading = _choice("Which outcome it works towards", Heading.choices, "which outcome it works towards")


class TeamMemberForm(forms.Form):
    name = _line("Name", "their name")
    agency = _line("Agency", "their agency", help_text="For example, a school, health visiting, housing.")
    role = _line("What they do with the family", "what they do with the family")
    contact = _line("Phone or email", "a phone number or email", required=False)


class FamilyMemberForm(forms.Form):
    name = _line("Name", "their name")
    relationship = _line(
        "Who they are in the family",
        "who they are in the family",
        help_text="For example, mum, stepdad, sister.",
    )


class ProgressForm(forms.Form):
    key_point = _choice("Key point", KeyPoint.choices, "the key point")
    recorded_on = DateInputField(label="Date")
    next_review_on = DateInputField(
        label="Next review of the plan",
        required=False,
        help_text="Not needed at closure. For example, 27 3 2027",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for heading in Heading:
            self.fields[f"rating_{heading.value}"] = forms.ChoiceField(
                label=heading.label,
                choices=Rating.choices,
                initial=Rating.NOT_A_CONCERN,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Select where the family is for {heading.label.lower()}",
                    "invalid_choice": f"Select where the family is for {heading.label.lower()}",
                },
            )
            self.fields[f"evidence_{heading.value}"] = forms.CharField(
                label=f"Evidence for {heading.label.lower()}",
                required=False,
                max_length=TEXT_LIMIT,
                help_text="Needed when the outcome is achieved: for example, attendance above 90% this term.",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def headings(self) -> list[tuple[Any, Any]]:
        return [(self[f"rating_{h.value}"], self[f"evidence_{h.value}"]) for h in Heading]

    def ratings(self) -> dict[str, tuple[str, str]]:
        return {
            h.value: (
                self.cleaned_data[f"rating_{h.value}"],
                self.cleaned_data.get(f"evidence_{h.value}", ""),
            )
            for h in Heading
        }


class FeedbackForm(forms.Form):
    how_it_is_going = _choice(
        "How is early help going for your family?", HowItIsGoing.choices, "how it is going"
    )
    comments = _text(
        "Anything you want to tell us about it, or about your lead person",
        "your comments",
        required=False,
        rows=4,
    )


class StepUpForm(forms.Form):
    to = _choice(
        "Who to refer to",
        [
            ("disability", "The 0 to 25 disability team"),
            ("duty", "The Children's Advice and Duty Service (a worry about a child's safety)"),
        ],
        "who to refer to",
    )
    child = forms.ChoiceField(
        label="Which child",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the child", "invalid_choice": "Select the child"},
    )
    reason = _text("Why the family needs social care now", "why the family needs social care now")
    consent = _choice(
        "Does the family agree to the referral?",
        [("yes", "Yes"), ("no", "No")],
        "whether the family agrees",
    )
    no_consent_reason = _text(
        "If not, why it goes ahead without their consent",
        "why it goes ahead without consent",
        required=False,
        rows=3,
    )

    def __init__(self, *args: Any, children: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["child"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (str(child.pk), f"{child}, born {child.date_of_birth:%-d %B %Y}") for child in children
        ]


class StepDownForm(forms.Form):
    hub = forms.ChoiceField(
        label="Which children and family hub",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the hub", "invalid_choice": "Select the hub"},
    )
    reason = _text("What early help should carry on with", "what early help should carry on with")
    consent = _choice(
        "Does the family agree to early help?", [("yes", "Yes"), ("no", "No")], "whether the family agrees"
    )
    no_consent_reason = _text(
        "If not, why it goes ahead without their consent",
        "why it goes ahead without consent",
        required=False,
        rows=3,
    )

    def __init__(self, *args: Any, hubs: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["hub"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(str(hub.pk), hub.name) for hub in hubs]


class CloseForm(forms.Form):
    outcome = _choice(
        "Outcome",
        [(value, label) for value, label in ClosureOutcome.choices if value != ClosureOutcome.STEPPED_UP],
        "the outcome",
    )
    sustained = _choice("Has the change lasted?", Sustained.choices, "whether the change has lasted")
    summary = _text("Summary for the family's record", "a summary for the family's record")
    closed_on = DateInputField(label="Date of closure")


class PeriodForm(forms.Form):
    start = DateInputField(label="From", help_text="For example, 1 4 2026")
    end = DateInputField(label="To", help_text="For example, 31 3 2027")

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "The end of the period must be on or after its start")
        return cleaned
