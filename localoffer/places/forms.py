from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms

from localoffer.core.date_input import DateInputField
from localoffer.core.vocabulary import BreakdownRisk, CarerStrain, NeedLevel
from localoffer.places.models import (
    Attendance,
    PriorityVersion,
    RequestWindow,
    Setting,
    Unit,
)

YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(label: str, help_text: str = "", required_message: str = "") -> forms.ChoiceField:
    field = forms.ChoiceField(label=label, choices=YES_NO, widget=forms.RadioSelect, help_text=help_text)
    field.error_messages["required"] = required_message or f"Select yes or no: {label[0].lower()}{label[1:]}"
    return field


def _radios(label: str, choices: Any, message: str, help_text: str = "") -> forms.ChoiceField:
    field = forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect, help_text=help_text)
    field.error_messages["required"] = message
    return field


class RequestForm(forms.Form):
    """Asking for days in a window. Workers also record what the priority weighs; families tell us how they
    are managing, and the child's worker checks it."""

    def __init__(
        self,
        *args: Any,
        window: RequestWindow,
        children: list[Any],
        worker: bool,
        need_settled: bool = False,
        **kwargs: Any,
    ) -> None:
        """`need_settled`: the child's authorised assessment records the level of need, carer strain and risk
        of breakdown, so the worker is not asked them."""
        super().__init__(*args, **kwargs)
        self.window, self.worker, self.need_settled = window, worker, need_settled
        setting = window.setting
        self.fields["child"] = _radios(
            "Who is it for?",
            [(str(child.id), f"{child.first_name} {child.last_name}") for child in children],
            "Select the child or young person",
        )
        self.fields["first_day"] = DateInputField(
            label=f"First {setting.day_noun}",
            help_text=f"Between {window.first_day:%-d %B %Y} and {window.last_day:%-d %B %Y}. For example, "
            f"{window.first_day:%-d %-m %Y}",
        )
        self.fields["days"] = forms.IntegerField(
            label=f"How many {setting.day_noun}s?",
            min_value=1,
            max_value=17 if setting.is_overnight else 60,
            help_text="At most 17 nights in one stay." if setting.is_overnight else "",
            error_messages={
                "required": f"Enter how many {setting.day_noun}s",
                "invalid": f"Enter how many {setting.day_noun}s as a number, like 3",
                "min_value": f"Ask for at least 1 {setting.day_noun}",
                "max_value": f"Ask for at most %(limit_value)s {setting.day_noun}s",
            },
        )
        self.fields["flexible"] = _yes_no(
            f"Would other {setting.day_noun}s in {window.title} do, if these are full?",
            required_message="Select yes if other days would do",
        )
        self.fields["preferences"] = forms.CharField(
            label="Anything else we should know (optional)",
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text="For example, a friend your child likes to be with, or days that are hard for you.",
        )
        if worker and not need_settled:
            self.fields["need_level"] = _radios(
                "Level of need",
                NeedLevel.choices,
                "Select the child's level of need",
                help_text="From the child's assessment (or their short breaks grant evaluation).",
            )
        if not need_settled:
            self.fields["carer_strain"] = _radios(
                "Carer strain" if worker else "How are you managing?",
                CarerStrain.choices,
                "Select how the family is managing",
            )
            self.fields["breakdown_risk"] = _radios(
                "Risk of family breakdown" if worker else "Without a break, could the family keep going?",
                BreakdownRisk.choices,
                "Select the risk of family breakdown",
            )
        self.fields["lives_in_medway"] = _yes_no(
            "Does the child live in Medway?", required_message="Select yes if the child lives in Medway"
        )
        self.fields["last_break_on"] = DateInputField(
            label="When was their last short break? (optional)",
            required=False,
            help_text="Leave blank if they have not had one. For example, 14 2 2027",
        )
        self.fields["has_other_support"] = _yes_no(
            "Does the family already have other support?",
            help_text="A direct payment, the short breaks grant, a personal assistant or floating support.",
            required_message="Select yes if the family already has other support",
        )
        if setting.is_overnight and worker:
            self.fields["needs_one_to_one"] = _yes_no(
                "Does the child need a member of staff of their own overnight?",
                required_message="Select yes if the child needs a member of staff of their own",
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, days = data.get("first_day"), data.get("days")
        if first and days:
            last = first + dt.timedelta(days=days - 1)
            if first < self.window.first_day or last > self.window.last_day:
                self.add_error(
                    "first_day",
                    f"The {self.window.setting.day_noun}s must be between {self.window.first_day:%-d %B %Y} and "
                    f"{self.window.last_day:%-d %B %Y}",
                )
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {
            "first_day": data["first_day"],
            "days": data["days"],
            "flexible": data["flexible"] == "yes",
            "preferences": data.get("preferences", ""),
            "lives_in_medway": data["lives_in_medway"] == "yes",
            "last_break_on": data.get("last_break_on"),
            "has_other_support": data["has_other_support"] == "yes",
            "needs_one_to_one": data.get("needs_one_to_one") == "yes",
        }
        if not self.need_settled:
            values |= {"carer_strain": data["carer_strain"], "breakdown_risk": data["breakdown_risk"]}
        if self.worker and not self.need_settled:
            values["need_level"] = int(data["need_level"])
        return values


class RunForm(forms.Form):
    def __init__(self, *args: Any, versions: list[PriorityVersion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["priority"] = _radios(
            "Priority",
            [
                (
                    str(version.id),
                    f"Version {version.number} ({version.get_status_display().lower()}): {version.title}",
                )
                for version in versions
            ],
            "Select the priority to allocate by",
        )
        self.fields["kind"] = _radios(
            "What to run",
            [
                ("allocation", "The allocation, to publish (published priority only)"),
                ("whatif", "A what-if, never published"),
            ],
            "Select the allocation or a what-if",
        )
        self.fields["seed"] = forms.CharField(
            label="Lottery seed (optional)",
            required=False,
            max_length=20,
            help_text="Leave blank for a new random seed. Enter a published seed to run an allocation again.",
        )

    def clean_seed(self) -> str:
        seed = self.cleaned_data["seed"].strip()
        if seed and not re.fullmatch(r"[0-9A-Za-z-]{1,20}", seed):
            raise forms.ValidationError("Enter the seed in letters, numbers and hyphens only, like 48213907")
        return seed


class OfferAnswerForm(forms.Form):
    answer = _radios(
        "Do you want these days?",
        [("accept", "Yes, accept the offer"), ("decline", "No, give the days to the next child waiting")],
        "Select whether you accept the offer",
    )


class AttendanceForm(forms.Form):
    attendance = _radios("What happened?", Attendance.choices, "Select what happened")
    reason = forms.CharField(
        label="Why? (needed unless it was delivered)",
        required=False,
        max_length=300,
        help_text="For example, the child was unwell.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("attendance")
            and data["attendance"] != Attendance.DELIVERED
            and not data.get("reason", "").strip()
        ):
            self.add_error("reason", "Say why, in a few words, like: the child was unwell")
        return data


def _example(day: dt.date) -> str:
    return f"For example, {day:%-d %-m %Y}"


class WindowForm(forms.Form):
    """Opening a request window for a holiday or season at one setting."""

    def __init__(self, *args: Any, settings: list[Setting], today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["setting"] = _radios(
            "Which setting?", [(str(setting.id), setting.name) for setting in settings], "Select the setting"
        )
        self.fields["title"] = forms.CharField(
            label="Name of the window",
            max_length=120,
            help_text="Families see this name. For example, Christmas holidays 2026.",
            error_messages={"required": "Enter the name of the window, like Christmas holidays 2026"},
        )
        self.fields["first_day"] = DateInputField(
            label="First day it covers", help_text=_example(today + dt.timedelta(days=30))
        )
        self.fields["last_day"] = DateInputField(
            label="Last day it covers", help_text=_example(today + dt.timedelta(days=44))
        )
        self.fields["opens_on"] = DateInputField(
            label="Requests open on", help_text=f"Usually today. {_example(today)}"
        )
        self.fields["closes_on"] = DateInputField(
            label="Requests close on",
            help_text="The last day families and workers can ask. It must be before the first day it covers.",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first_day"), data.get("last_day")
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if first and last and last < first:
            self.add_error("last_day", "The last day must be the same as or after the first day")
        if opens and closes and closes < opens:
            self.add_error("closes_on", "Requests must close on or after the day they open")
        elif first and closes and closes >= first:
            self.add_error("closes_on", "Requests must close before the first day the window covers")
        return data


class RosterForm(forms.Form):
    """The staff on shift for one day, or the same number every opening day in a range."""

    first_day = DateInputField(label="From", help_text="The first day. For example, 24 12 2026")
    last_day = DateInputField(
        label="To (optional)", required=False, help_text="Leave blank for one day. Only opening days are set."
    )
    staff_on_shift = forms.IntegerField(
        label="Staff on shift",
        min_value=0,
        max_value=500,
        help_text="Enter 0 if nobody can work: nothing opens.",
        error_messages={
            "required": "Enter how many staff are on shift",
            "invalid": "Enter how many staff are on shift as a number, like 2",
            "min_value": "Enter 0 or more staff",
            "max_value": "Enter at most %(limit_value)s staff",
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first_day"), data.get("last_day")
        if first and last and last < first:
            self.add_error("last_day", "The last day must be the same as or after the first day")
        elif first and last and (last - first).days > 366:
            self.add_error("last_day", "Set at most a year at a time")
        return data


WHOLE_SETTING = "all"
MANY_UNITS = 12


class OutOfServiceForm(forms.Form):
    """A unit, or the whole setting, that cannot be used for some days, and why."""

    def __init__(self, *args: Any, setting: Setting, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = {str(unit.id): unit for unit in units}
        choices = [(WHOLE_SETTING, f"The whole of {setting.name}")]
        choices += [(str(unit.id), unit.name) for unit in units]
        self.fields["what"] = _radios(
            "What is out of service?", choices, f"Select the {setting.unit_noun} or the whole setting"
        )
        if len(units) > MANY_UNITS:  # ROCC's 250 places: a list to choose from, not 251 radios
            self.fields["what"].widget = forms.Select(choices=choices)
        self.fields["starts_on"] = DateInputField(
            label="From", help_text="The first day it cannot be used. For example, 24 12 2026"
        )
        self.fields["ends_on"] = DateInputField(label="To", help_text="The last day it cannot be used.")
        self.fields["reason"] = forms.CharField(
            label="Why?",
            max_length=200,
            help_text="For example, a broken hoist, or the building closed for repairs.",
            error_messages={"required": "Say why it is out of service, like: a broken hoist"},
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("starts_on"), data.get("ends_on")
        if first and last and last < first:
            self.add_error("ends_on", "The last day must be the same as or after the first day")
        return data

    def unit(self) -> Unit | None:
        return self.units.get(self.cleaned_data["what"])


class MovementForm(forms.Form):
    """A child arriving for their stay, or going home."""

    what = forms.ChoiceField(choices=[("arrived", "Arrived"), ("departed", "Went home")])


def month_from(value: str | None, *, today: dt.date) -> dt.date:
    match = re.fullmatch(r"(\d{4})-(\d{2})", value or "")
    if match and 1 <= int(match.group(2)) <= 12 and 2000 <= int(match.group(1)) <= 2100:
        return dt.date(int(match.group(1)), int(match.group(2)), 1)
    return today.replace(day=1)


def year_from(value: str | None, *, today: dt.date) -> int:
    """A collection year (April to March) from ?year=2027; this year's by default."""
    if value and value.isdigit() and 2000 <= int(value) <= 2100:
        return int(value)
    return today.year if today.month >= 4 else today.year - 1
