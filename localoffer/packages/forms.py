"""Forms for packages: each turns answers into the values its service takes (`values()`), with messages that
say how to fix what is wrong. Money is typed in pounds and held as pence."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from localoffer.core.date_input import DateInputField
from localoffer.packages.models import (
    AgreementKind,
    CostPeriod,
    ElementKind,
    Employment,
    Funder,
    LevelOfNeed,
    Ratio,
    RecoveryMethod,
    Route,
    SuspensionReason,
)


def pounds_field(
    label: str, *, required: bool = True, help_text: str = "", minimum: str = "0.01"
) -> forms.DecimalField:
    what = label[0].lower() + label[1:]
    return forms.DecimalField(
        label=label,
        required=required,
        help_text=help_text,
        min_value=Decimal(minimum),
        max_value=Decimal("1000000"),
        decimal_places=2,
        error_messages={
            "required": f"Enter {what}",
            "invalid": f"Enter {what} in pounds, like 120 or 24.53",
            "min_value": f"Enter {what} of more than £{minimum}"
            if minimum != "0"
            else f"Enter {what} of £0 or more",
            "max_value": f"Enter {what} of £1,000,000 or less",
            "max_decimal_places": f"Enter {what} in pounds and pence, like 24.53",
        },
    )


def pence(value: Decimal | None) -> int | None:
    return None if value is None else int(value * 100)


def radios(label: str, choices: Any, message: str, **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=choices, widget=forms.RadioSelect, error_messages={"required": message}, **kwargs
    )


class ElementForm(forms.Form):
    level_of_need = radios("Level of need", LevelOfNeed.choices, "Choose the child's level of need")
    kind = radios(
        "What kind of support is it?",
        [choice for choice in ElementKind.choices if choice[0] != ElementKind.GRANT],
        "Choose what kind of support it is",
    )
    description = forms.CharField(label="Description (optional)", required=False, max_length=200)
    starts_on = DateInputField(label="Start date")
    ends_on = DateInputField(label="End date (optional)", required=False)
    cost_period = radios("How is it costed?", CostPeriod.choices, "Choose how the support is costed")
    units_a_year = forms.IntegerField(
        label="How many hours, sessions, nights or weeks a year?",
        help_text="Enter 1 for a one-off cost.",
        min_value=1,
        max_value=10000,
        error_messages={
            "required": "Enter how many a year, for example 40 sessions",
            "invalid": "Enter a whole number, for example 40",
            "min_value": "Enter 1 or more",
            "max_value": "Enter 10,000 or fewer",
        },
    )
    ratio = forms.ChoiceField(
        label="Staffing ratio (where it applies)",
        choices=[("", "Not applicable"), *Ratio.choices],
        required=False,
    )
    unit_cost = pounds_field(
        "Cost of each unit",
        required=False,
        help_text="For a session or night at a ratio, leave empty to use the rate card.",
    )
    funder = radios("Who pays?", Funder.choices, "Choose who pays")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The end date must be on or after the start date")
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "description": data["description"],
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "cost_period": data["cost_period"],
            "units_a_year": data["units_a_year"],
            "ratio": data["ratio"],
            "unit_cost_pence": pence(data["unit_cost"]),
            "funder": data["funder"],
        }


class AgreementForm(forms.Form):
    kind = radios(
        "Is it one payment or regular payments?", AgreementKind.choices, "Choose one-off or regular"
    )
    assessed_on = DateInputField(label="Date of the social care assessment")
    first_payment_on = DateInputField(label="Date of the first payment")
    weekly = pounds_field(
        "Weekly amount",
        required=False,
        help_text="For regular payments. The sources' range is £24.53 to £399.85.",
    )
    every_weeks = forms.IntegerField(
        label="Paid in advance every how many weeks?",
        initial=4,
        min_value=1,
        max_value=52,
        error_messages={
            "required": "Enter every how many weeks, usually 4",
            "invalid": "Enter a whole number, like 4",
        },
    )
    one_off = pounds_field(
        "One-off amount",
        required=False,
        help_text="For a one-off payment. The sources' range is £92 to £1,000.",
    )
    route = radios(
        "How does the family want to be paid?", Route.choices, "Choose how the family wants to be paid"
    )
    card_chosen_by_family = forms.BooleanField(
        label="The family chose a prepaid card (it is never compulsory)", required=False
    )
    card_provider = forms.CharField(
        label="Prepaid card provider (where either route is a card)", required=False, max_length=100
    )
    fallback_route = radios(
        "Second route, if the first stops working",
        Route.choices,
        "Choose a second route, in case the first stops working",
        help_text="A card provider can fail: every payee has a second route the council can switch to.",
    )
    contribution = pounds_field(
        "The family's own contribution each week (optional)", required=False, minimum="0"
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            "prepaid_card" in (data.get("route"), data.get("fallback_route"))
            and not (data.get("card_provider") or "").strip()
        ):
            self.add_error(
                "card_provider",
                "Enter the prepaid card's provider, so its payees can be switched if it stops",
            )
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "assessed_on": data["assessed_on"],
            "first_payment_on": data["first_payment_on"],
            "weekly_pence": pence(data["weekly"]),
            "one_off_pence": pence(data["one_off"]),
            "every_weeks": data["every_weeks"],
            "route": data["route"],
            "fallback_route": data["fallback_route"],
            "card_chosen_by_family": data["card_chosen_by_family"],
            "card_provider": data["card_provider"],
            "family_contribution_weekly_pence": pence(data["contribution"]) or 0,
        }


YES_NO_UNKNOWN = [("yes", "Yes"), ("no", "No"), ("unknown", "Not known")]


def _tristate(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class AssistantForm(forms.Form):
    name = forms.CharField(
        label="Personal assistant's name",
        max_length=200,
        error_messages={"required": "Enter the personal assistant's name"},
    )
    employment = radios(
        "Employed by the family or self-employed?", Employment.choices, "Choose employed or self-employed"
    )
    contracted_hours_a_week = forms.DecimalField(
        label="Contracted hours a week (employed)",
        required=False,
        min_value=Decimal("0.5"),
        max_value=Decimal("60"),
        decimal_places=2,
        error_messages={"invalid": "Enter the hours as a number, like 12 or 7.5"},
    )
    hmrc_employer_reference = forms.CharField(
        label="Family's HMRC employer reference (employed)",
        required=False,
        max_length=20,
        help_text="For example 123/AB45678. Leave and bank holidays: 5.6 weeks a year.",
    )
    payroll_through_sds = forms.BooleanField(
        label="Payroll and employer's liability insurance through the self-directed support team",
        required=False,
    )
    charges = forms.CharField(label="Charges (self-employed)", required=False, max_length=200)
    support_times = forms.CharField(label="Support times (self-employed)", required=False, max_length=200)
    notice = forms.CharField(label="Notice (self-employed)", required=False, max_length=200)
    dbs_checked_on = DateInputField(label="DBS check date (optional)", required=False)
    insurance_renews_on = DateInputField(label="Insurance renewal date (optional)", required=False)
    right_to_work_checked_on = DateInputField(label="Right to work check date (optional)", required=False)
    close_relative_in_household = forms.BooleanField(
        label="A close relative living in the same household", required=False
    )
    close_relative_reason = forms.CharField(
        label="Why it is necessary (for a close relative in the household)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    provides_personal_care = forms.BooleanField(label="Provides personal care", required=False)
    cqc_registered = radios(
        "Registered with the Care Quality Commission?",
        YES_NO_UNKNOWN,
        "Choose yes, no or not known",
        initial="unknown",
    )

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["cqc_registered"] = _tristate(data["cqc_registered"])
        return data


class PanelForm(forms.Form):
    asking_for = forms.CharField(
        label="What are you asking the panel to agree?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what you are asking the panel to agree"},
    )


class RouteSwitchForm(forms.Form):
    reason = forms.CharField(
        label="Why is the route switched?",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why the route is switched",
            "max_length": "Enter the reason in 300 characters or fewer",
        },
    )


class ProviderSwitchForm(forms.Form):
    provider = forms.ChoiceField(
        label="Which card provider has stopped?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the card provider that has stopped"},
    )
    reason = forms.CharField(
        label="Why are its payees switched?",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why the payees are switched",
            "max_length": "Enter the reason in 300 characters or fewer",
        },
    )

    def __init__(self, *args: Any, providers: list[tuple[str, int]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["provider"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (name, f"{name} ({count} {'payee' if count == 1 else 'payees'})") for name, count in providers
        ]


CORRECTIONS = [("correct", "Correct the amount"), ("reverse", "Reverse it: take back what is left of it")]


class CorrectionForm(forms.Form):
    change = radios("What do you want to do?", CORRECTIONS, "Choose whether to correct or reverse it")
    direction = radios(
        "Pay more or take back?",
        [("more", "Pay more"), ("less", "Take back")],
        "Choose whether to pay more or take some back",
        required=False,
    )
    amount = pounds_field("By how much (when correcting)", required=False)
    reason = forms.CharField(
        label="Why?",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why the payment is corrected or reversed",
            "max_length": "Enter the reason in 300 characters or fewer",
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("change") == "correct":
            if not data.get("direction"):
                self.add_error("direction", "Choose whether to pay more or take some back")
            if data.get("amount") is None and "amount" not in self.errors:
                self.add_error("amount", "Enter by how much, in pounds")
        return data

    def amount_pence(self) -> int:
        """The correction's amount: positive to pay more, negative to take back."""
        data = self.cleaned_data
        value = pence(data.get("amount")) or 0
        return -value if data.get("direction") == "less" else value


CHANGES = [
    ("suspend", "Suspend it"),
    ("resume", "Start it again after a suspension"),
    ("end", "End it with notice"),
    ("cancel", "Cancel it"),
]


class ElementChangeForm(forms.Form):
    change = radios("What do you want to do?", CHANGES, "Choose what you want to do")
    suspension_reason = forms.ChoiceField(
        label="Why is it suspended?",
        choices=[("", "Choose a reason"), *SuspensionReason.choices],
        required=False,
    )
    from_on = DateInputField(label="Suspended from, or notice given on", required=False)
    ends_on = DateInputField(label="End date (when ending)", required=False)
    reason = forms.CharField(label="Reason", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        change = data.get("change")
        if change == "suspend" and not data.get("suspension_reason"):
            self.add_error("suspension_reason", "Choose why the support is suspended")
        if change in ("suspend", "end") and not data.get("from_on"):
            self.add_error("from_on", "Enter the date it is suspended from, or notice was given")
        if change == "end" and not data.get("ends_on"):
            self.add_error("ends_on", "Enter the end date")
        if change in ("end", "cancel") and not (data.get("reason") or "").strip():
            self.add_error("reason", "Enter the reason")
        return data


class ScheduleForm(forms.Form):
    through = DateInputField(label="Write the instalments due up to")


class RunPrepareForm(forms.Form):
    due_by = DateInputField(label="Pay the instalments due by")


class HoldForm(forms.Form):
    reason = forms.CharField(
        label="Why is this payment held?",
        max_length=300,
        error_messages={"required": "Enter why this payment is held"},
    )


class MonitoringForm(forms.Form):
    period_ends_on = DateInputField(label="Last day of the period")
    balance = pounds_field("Balance at the end of the period", minimum="0")
    spent = pounds_field("Spent in the period", minimum="0")
    spending = forms.CharField(
        label="What was spent, against the plan's outcomes",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what was spent against the plan's outcomes"},
    )
    provider = forms.CharField(label="Provider used (optional)", required=False, max_length=200)
    provider_gives_personal_care = forms.BooleanField(
        label="The provider gives personal care", required=False
    )
    provider_cqc_registered = radios(
        "Is the provider registered with the Care Quality Commission?",
        YES_NO_UNKNOWN,
        "Choose yes, no or not known",
        initial="unknown",
    )

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "period_ends_on": data["period_ends_on"],
            "balance_pence": pence(data["balance"]) or 0,
            "spent_pence": pence(data["spent"]) or 0,
            "spending": data["spending"],
            "provider": data["provider"],
            "provider_gives_personal_care": data["provider_gives_personal_care"],
            "provider_cqc_registered": _tristate(data["provider_cqc_registered"]),
        }


class RecoveryForm(forms.Form):
    method = radios(
        "How is the surplus recovered?", RecoveryMethod.choices, "Choose how the surplus is recovered"
    )


class RateForm(forms.Form):
    low = pounds_field("Lowest cost of a session")
    high = pounds_field("Highest cost of a session")
    standard = pounds_field("Cost an element is given unless the worker enters another")
    effective_from = DateInputField(label="Applies from")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high, standard = data.get("low"), data.get("high"), data.get("standard")
        if low is not None and high is not None and low > high:
            self.add_error("high", "The highest cost must be at least the lowest")
        elif None not in (low, high, standard) and not low <= standard <= high:  # type: ignore[operator]
            self.add_error("standard", "The standard cost must be within the lowest and highest")
        return data
