from __future__ import annotations

from typing import Any

from django import forms

from localoffer.core.date_input import DateInputField


class TransitionForm(forms.Form):
    """The questions an age asks (the service checks what each age needs; unasked fields are removed)."""

    in_care = forms.ChoiceField(
        label="Is the young person in care?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        required=False,
    )
    next_worker = forms.CharField(label="Worker allocated", max_length=200, required=False)
    reason_to_stay = forms.CharField(
        label="Reason to stay with their social worker",
        required=False,
        max_length=3000,
        help_text="For example, a good relationship, and a change of worker during GCSEs would not help.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    requested_on = DateInputField(label="Date requested", required=False)
    accepted_on = DateInputField(label="Date adult social services accepted", required=False)
    what_was_done = forms.CharField(
        label="What was done", required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )

    FIELDS_BY_AGE = {
        14: ("what_was_done",),
        16: ("in_care", "next_worker", "reason_to_stay", "what_was_done"),
        17: ("next_worker", "requested_on", "what_was_done"),
        18: ("what_was_done",),
        25: ("next_worker", "requested_on", "accepted_on", "what_was_done"),
    }
    LABELS = {
        14: {"what_was_done": "The transition plan: what was agreed"},
        16: {
            "next_worker": "Leaving care personal adviser allocated",
            "what_was_done": "Planning for adulthood: what the 0 to 25 team has started",
        },
        17: {
            "next_worker": "Adult services worker allocated",
            "requested_on": "Date the Care Act transition assessment was requested",
        },
        18: {
            "what_was_done": "Supported living and adult care options discussed, and what the young person chose"
        },
        25: {
            "next_worker": "Adult social services worker (if known)",
            "requested_on": "Date the handover was asked for",
            "what_was_done": "The handover: what adult social services were given",
        },
    }

    def __init__(self, *args: Any, age: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        wanted = self.FIELDS_BY_AGE[age]
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]
        for name, label in self.LABELS.get(age, {}).items():
            self.fields[name].label = label
            if isinstance(self.fields[name], DateInputField):
                field = self.fields[name]
                assert isinstance(field, DateInputField)
                field.what = label[0].lower() + label[1:]
                field.error_messages["incomplete"] = f"Enter {field.what}"

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if "in_care" in data:
            data["in_care"] = {"yes": True, "no": False}.get(data["in_care"])
        return data


class SharingForm(forms.Form):
    """For each family member's account linked to the young person's record: may they see it?"""

    def __init__(self, *args: Any, members: list[Any], current: dict[Any, bool], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = members
        for member in members:
            self.fields[f"member_{member.pk}"] = forms.ChoiceField(
                label=f"May {member} see your record?",
                choices=[("yes", "Yes"), ("no", "No")],
                initial="yes" if current.get(member.pk, True) else "no",
                widget=forms.RadioSelect,
                error_messages={"required": f"Select whether {member} may see your record"},
            )

    def choices(self) -> dict[Any, bool]:
        return {member.pk: self.cleaned_data[f"member_{member.pk}"] == "yes" for member in self.members}
