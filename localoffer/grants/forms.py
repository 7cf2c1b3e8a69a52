from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms

from localoffer.core.money import pounds
from localoffer.grants.models import (
    BreakdownRisk,
    CaseStatus,
    CriteriaRule,
    DlaRate,
    GrantCase,
    Impact,
    PaymentMethod,
    PolicyLevel,
    PolicyVersion,
    PrimaryNeed,
    RenewalMode,
)
from localoffer.grants.policy import Circumstances
from localoffer.grants.services import EvaluationAnswers
from localoffer.people.selectors import SEARCH_MAX_WORDS


def _choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


YES_NO = [("yes", "Yes"), ("no", "No")]

# The public checker: one question a page, answers carried in the address, nothing stored.
CHECKER_QUESTIONS: dict[str, forms.Field] = {
    "age": forms.IntegerField(
        label="How old is the child or young person?",
        help_text="In years, for example 9",
        min_value=0,
        max_value=25,
        error_messages={
            "required": "Enter the child's age in years",
            "invalid": "Enter the age as a number of years, like 9",
            "min_value": "Enter an age of 0 or more",
            "max_value": "Enter an age of 25 or less",
        },
    ),
    "medway": forms.ChoiceField(
        label="Does the child live in Medway?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the child lives in Medway"},
    ),
    "diagnosis": forms.ChoiceField(
        label="Does the child have a diagnosed disability?",
        help_text="A physical or mental impairment with a substantial and long-term effect on everyday "
        "activities (the Equality Act definition).",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the child has a diagnosed disability"},
    ),
    "dla": forms.ChoiceField(
        label="Does the child get Disability Living Allowance (DLA)?",
        help_text="The rate of the care part is on the DLA award letter.",
        choices=[
            (DlaRate.NONE, "No"),
            (DlaRate.LOWEST, "Yes, the lowest rate, or I do not know the rate"),
            (DlaRate.MIDDLE, "Yes, the middle rate"),
            (DlaRate.HIGHER, "Yes, the higher rate"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the child gets DLA"},
    ),
    "impact": forms.ChoiceField(
        label="How much does the child's disability affect the family's day-to-day life?",
        choices=Impact.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how much the disability affects the family"},
    ),
    "risk": forms.ChoiceField(
        label="How likely is it that the family could not go on caring without a break?",
        help_text="This is what the policy calls the risk of family breakdown.",
        choices=BreakdownRisk.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how likely it is"},
    ),
    "other": forms.ChoiceField(
        label="Does the family already get short breaks another way?",
        help_text="For example a direct payment from the 0 to 25 disability team, floating support, nights at "
        "Parklands or a place the council pays for.",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the family already gets short breaks another way"},
    ),
}
CHECKER_ORDER = list(CHECKER_QUESTIONS)


def checker_form(question: str, data: Any) -> forms.Form:
    form_class = type("CheckerQuestion", (forms.Form,), {question: CHECKER_QUESTIONS[question]})
    return form_class(data)


def checker_answers(data: Any) -> tuple[dict[str, Any], str | None]:
    """The valid answers in `data`, and the first question not answered validly (None when all are)."""
    answers: dict[str, Any] = {}
    for question in CHECKER_ORDER:
        form = checker_form(question, data)
        if not form.is_valid():
            return answers, question
        answers[question] = form.cleaned_data[question]
    return answers, None


def checker_circumstances(answers: dict[str, Any]) -> Circumstances:
    """The checker's answers as the values the policy assesses."""
    return Circumstances(
        age=answers["age"],
        has_diagnosis=answers["diagnosis"] == "yes",
        dla_rate=answers["dla"],
        lives_in_medway=answers["medway"] == "yes",
        impact=answers["impact"],
        breakdown_risk=answers["risk"],
        other_short_breaks=answers["other"] == "yes",
    )


class DateInputWidget(forms.MultiWidget):
    """The GOV.UK date input: day, month and year in three boxes (`<name>-day`, `-month`, `-year`)."""

    parts = ("day", "month", "year")

    def __init__(self) -> None:
        super().__init__({part: forms.TextInput(attrs={"inputmode": "numeric"}) for part in self.parts})

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[Any]:
        values = [data.get(f"{name}-{part}", "") for part in self.parts]
        if not any(str(v).strip() for v in values) and data.get(name):
            # A date written whole (as 2027-04-01), from a script or an older page.
            try:
                day = dt.date.fromisoformat(str(data.get(name)).strip())
            except ValueError:
                return [str(data.get(name)), "", ""]
            return [str(day.day), str(day.month), str(day.year)]
        return values


class GovukDateField(forms.MultiValueField):
    """A date from the three boxes, with the GOV.UK error messages that say which part to fix."""

    widget = DateInputWidget

    def __init__(self, *, what: str = "the date", example: str = "27 3 2027", **kwargs: Any) -> None:
        self.what, self.example = what, example
        super().__init__(
            fields=(forms.CharField(), forms.CharField(), forms.CharField()),
            require_all_fields=False,
            **kwargs,
        )

    def clean(self, value: Any) -> dt.date | None:
        parts = [str(v or "").strip() for v in (value or ["", "", ""])]
        if not any(parts):
            if self.required:
                raise forms.ValidationError(f"Enter {self.what}", code="required")
            return None
        missing = [name for name, part in zip(("day", "month", "year"), parts, strict=True) if not part]
        if missing:
            raise forms.ValidationError(
                f"{self.what[0].upper()}{self.what[1:]} must include a {' and '.join(missing)}",
                code="incomplete",
            )
        try:
            day, month, year = (int(part) for part in parts)
            if year < 1000:
                raise ValueError
            return dt.date(year, month, day)
        except ValueError as wrong:
            raise forms.ValidationError(
                f"{self.what[0].upper()}{self.what[1:]} must be a real date, like {self.example}",
                code="invalid",
            ) from wrong

    def compress(self, data_list: list[Any]) -> Any:  # pragma: no cover - clean() does the work
        return data_list


def _lines_to_items(text: str) -> list[dict[str, str]]:
    items = []
    for line in text.splitlines():
        if not line.strip():
            continue
        label, _, examples = line.partition(":")
        items.append({"label": label.strip(), "examples": examples.strip()})
    return items


def _items_to_lines(items: list[dict[str, str]]) -> str:
    return "\n".join(
        f"{item['label']}: {item['examples']}" if item.get("examples") else item["label"] for item in items
    )


class PolicyForm(forms.ModelForm):
    inclusions_text = forms.CharField(
        label="What the grant may pay for",
        help_text="One kind a line, then a colon and examples. For example: Clubs and play schemes: ROCC",
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    exclusions_text = forms.CharField(
        label="What the grant may not pay for",
        help_text="One kind a line, then a colon and examples. Spending returns on these are flagged.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    class Meta:
        model = PolicyVersion
        fields = [
            "title",
            "summary",
            "effective_from",
            "criteria_rule",
            "minimum_dla_rate",
            "minimum_age",
            "maximum_age",
            "requires_medway_residence",
            "renewal_mode",
            "stops_with_other_short_breaks",
        ]
        widgets = {
            "criteria_rule": forms.RadioSelect,
            "minimum_dla_rate": forms.RadioSelect,
            "renewal_mode": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "effective_from": "Starts on",
            "criteria_rule": "Who qualifies",
            "minimum_dla_rate": "The lowest DLA rate that counts",
            "requires_medway_residence": "Only children who live in Medway",
            "stops_with_other_short_breaks": "The grant stops when short breaks come through another route",
        }
        field_classes = {"effective_from": GovukDateField}
        help_texts = {"effective_from": "For example, 1 4 2027"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "criteria_rule").choices = CriteriaRule.choices
        _choice_field(self, "renewal_mode").choices = RenewalMode.choices
        _choice_field(self, "minimum_dla_rate").choices = [c for c in DlaRate.choices if c[0] != DlaRate.NONE]
        if not self.is_bound:
            self.initial["inclusions_text"] = _items_to_lines(self.instance.inclusions)
            self.initial["exclusions_text"] = _items_to_lines(self.instance.exclusions)

    def policy_fields(self) -> dict[str, Any]:
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        fields["inclusions"] = _lines_to_items(self.cleaned_data["inclusions_text"])
        fields["exclusions"] = _lines_to_items(self.cleaned_data["exclusions_text"])
        return fields


class LevelForm(forms.Form):
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))
    amount_pounds = forms.IntegerField(
        min_value=0,
        max_value=100_000,
        label="Amount a year, in pounds",
        error_messages={"invalid": "Enter the amount in whole pounds, like 750"},
    )
    universal_offer_priority = forms.BooleanField(
        required=False, label="Instead of money, priority access to the universal offer"
    )

    @classmethod
    def for_level(cls, level: PolicyLevel, data: Any) -> LevelForm:
        return cls(
            data,
            prefix=f"level{level.number}",
            initial={
                "description": level.description,
                "amount_pounds": level.amount_pence // 100,
                "universal_offer_priority": level.universal_offer_priority,
            },
        )

    def level_values(self) -> dict[str, Any]:
        return {
            "description": self.cleaned_data["description"],
            "amount_pence": self.cleaned_data["amount_pounds"] * 100,
            "universal_offer_priority": self.cleaned_data["universal_offer_priority"],
        }


BOOL_CHOICES = [("yes", "Yes"), ("no", "No")]


class EvaluationForm(forms.Form):
    """The coordinator's structured conversation with the family."""

    has_diagnosis = forms.ChoiceField(
        label="Does the child have a diagnosed disability (Equality Act definition)?",
        choices=BOOL_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the child has a diagnosed disability"},
    )
    dla_rate = forms.ChoiceField(
        label="Disability Living Allowance, care rate",
        choices=DlaRate.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the child's DLA care rate, or No DLA"},
    )
    lives_in_medway = forms.ChoiceField(
        label="Does the child live in Medway?",
        choices=BOOL_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the child lives in Medway"},
    )
    primary_need = forms.ChoiceField(
        label="The child's main need",
        choices=PrimaryNeed.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the child's main need"},
    )
    impact = forms.ChoiceField(
        label="Impact of the disability on the family",
        choices=Impact.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the impact on the family"},
    )
    breakdown_risk = forms.ChoiceField(
        label="Risk of family breakdown",
        choices=BreakdownRisk.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the risk of family breakdown"},
    )
    carer_needs = forms.CharField(
        label="What the parents or carers need from a break",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Write down what the carers need from a break"},
    )
    how_it_helps = forms.CharField(
        label="How the grant would meet the child's needs",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Write down how the grant would meet the child's needs"},
    )
    payment_method = forms.ChoiceField(
        label="How the family wants the money paid",
        choices=PaymentMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the family wants the money paid"},
    )

    @classmethod
    def for_case(cls, case: GrantCase, data: Any = None) -> EvaluationForm:
        """What is already known (from the family's application, or an earlier save), to confirm."""

        def yes_no(value: bool | None) -> str:
            return "" if value is None else ("yes" if value else "no")

        known = {
            "has_diagnosis": yes_no(case.has_diagnosis),
            "dla_rate": case.dla_rate,
            "lives_in_medway": yes_no(case.lives_in_medway),
            "primary_need": case.primary_need,
            "impact": case.impact,
            "breakdown_risk": case.breakdown_risk,
            "carer_needs": case.carer_needs,
            "how_it_helps": case.how_it_helps,
            "payment_method": case.payment_method,
        }
        return cls(data, initial={name: value for name, value in known.items() if value})

    def answers(self) -> EvaluationAnswers:
        data = self.cleaned_data
        return EvaluationAnswers(
            has_diagnosis=data["has_diagnosis"] == "yes",
            dla_rate=data["dla_rate"],
            lives_in_medway=data["lives_in_medway"] == "yes",
            primary_need=data["primary_need"],
            impact=data["impact"],
            breakdown_risk=data["breakdown_risk"],
            carer_needs=data["carer_needs"],
            how_it_helps=data["how_it_helps"],
            payment_method=data["payment_method"],
        )


class LevelChoiceForm(forms.Form):
    chosen_level = forms.TypedChoiceField(
        label="Level to decide on", coerce=int, widget=forms.RadioSelect, required=False
    )
    change_reason = forms.CharField(
        label="Why a different level from the recommendation",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed only if you choose a level other than the recommended one.",
    )

    def __init__(self, *args: Any, levels: list[PolicyLevel], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "chosen_level").choices = [
            (level.number, f"{level.name}: {pounds(level.amount_pence)}") for level in levels
        ]

    @classmethod
    def for_case(cls, case: GrantCase, data: Any = None, *, levels: list[PolicyLevel]) -> LevelChoiceForm:
        return cls(
            data,
            levels=levels,
            initial={"chosen_level": case.chosen_level, "change_reason": case.change_reason},
        )

    def values(self, case: GrantCase) -> dict[str, Any]:
        """The level chosen, once there is a recommendation to differ from, and why."""
        chosen = self.cleaned_data.get("chosen_level")
        return {
            "chosen_level": chosen if case.is_evaluated and chosen else None,
            "change_reason": self.cleaned_data.get("change_reason", ""),
        }


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("approve", "Approve the level"), ("decline", "Decline")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select approve or decline"},
    )
    reasons = forms.CharField(
        label="Reasons, as the family will read them",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed when declining.",
    )
    signposts = forms.CharField(
        label="Other help the family could use",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example services from the Local Offer.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "decline" and not data.get("reasons", "").strip():
            self.add_error("reasons", "Give the reasons for declining, so the family understands them")
        return data

    def values(self) -> dict[str, Any]:
        return {
            "approve": self.cleaned_data["decision"] == "approve",
            "reasons": self.cleaned_data["reasons"],
            "signposts": self.cleaned_data["signposts"],
        }


class CaseSearchForm(forms.Form):
    """The case lists: one status at a time, searched by reference, the child's name or date of birth."""

    status = forms.ChoiceField(choices=CaseStatus.choices, required=False)
    q = forms.CharField(
        label="Search by reference, child's name or date of birth",
        help_text="For example MED-1234-AB, Robin Example, or 27/3/2015",
        required=False,
        max_length=100,
        error_messages={"max_length": "Enter 100 characters or fewer"},
    )

    def clean_q(self) -> str:
        words = self.cleaned_data["q"].split()
        if len(words) > SEARCH_MAX_WORDS:
            raise forms.ValidationError(f"Enter {SEARCH_MAX_WORDS} words or fewer")
        return " ".join(words)

    def values(self) -> tuple[str, str]:
        if not self.is_valid():
            return CaseStatus.AWAITING, ""
        return self.cleaned_data["status"] or CaseStatus.AWAITING, self.cleaned_data["q"].strip()

    def status_choices(self) -> list[tuple[str, str]]:
        return list(CaseStatus.choices)

    def query(self) -> str:
        """The search, carried into the status links and the pages of results."""
        from urllib.parse import urlencode

        _, text = self.values()
        return urlencode({"q": text}) if text else ""

    def page_query(self) -> str:
        from urllib.parse import urlencode

        status, text = self.values()
        return urlencode({"status": status, **({"q": text} if text else {})})


class ReturnFileForm(forms.Form):
    file = forms.FileField(
        label="The finance system's return file (CSV)",
        help_text="Headings: reference,amount_pence,paid_on,finance_reference",
        error_messages={"required": "Choose the return file to upload"},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            self._text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as wrong:
            raise forms.ValidationError("The file must be a CSV file saved as UTF-8 text") from wrong
        return upload

    def text(self) -> str:
        return self._text


class SpendingForm(forms.Form):
    category = forms.ChoiceField(
        label="What kind of thing was it?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of thing it was"},
    )
    description = forms.CharField(
        label="What did you buy or pay for?",
        max_length=300,
        error_messages={"required": "Say what you bought or paid for, for example swimming lessons"},
    )
    amount = forms.DecimalField(
        label="How much did it cost, in pounds?",
        min_value=Decimal("0.01"),
        max_value=Decimal("100000"),
        decimal_places=2,
        error_messages={
            "required": "Enter how much it cost",
            "invalid": "Enter the cost in pounds, like 45 or 12.50",
            "min_value": "Enter a cost of more than £0",
            "max_value": "Enter a cost of £100,000 or less",
            "max_decimal_places": "Enter the cost in pounds and pence, like 12.50",
        },
    )
    spent_on = forms.DateField(
        label="When did you pay?",
        help_text="For example 27/3/2026",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={"required": "Enter the date you paid", "invalid": "Enter the date like 27/3/2026"},
    )

    def __init__(self, *args: Any, categories: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "category").choices = [(label, label) for label in categories]

    @property
    def amount_pence(self) -> int:
        return int(self.cleaned_data["amount"] * 100)

    def values(self) -> dict[str, Any]:
        """The answers as the values `spending_return_create` takes."""
        return {
            "category": self.cleaned_data["category"],
            "description": self.cleaned_data["description"],
            "amount_pence": self.amount_pence,
            "spent_on": self.cleaned_data["spent_on"],
        }


class BudgetForm(forms.Form):
    amount_pounds = forms.IntegerField(
        label="Budget for the year, in whole pounds",
        min_value=0,
        max_value=1_000_000_000,
        error_messages={
            "required": "Enter the year's budget in pounds",
            "invalid": "Enter the budget in whole pounds, like 491202",
            "min_value": "Enter a budget of £0 or more",
            "max_value": "Enter a budget of £1,000,000,000 or less",
        },
    )

    @property
    def amount_pence(self) -> int:
        return int(self.cleaned_data["amount_pounds"]) * 100


class BudgetYearForm:
    """The financial year a budget page shows: `?year=2026` (clamped to 2000 to 2100), or this year."""

    @staticmethod
    def year_from(data: Any, *, today: Any) -> int:
        from localoffer.grants.models import budget_year_of

        try:
            year = int(data.get("year", budget_year_of(today)))
        except (TypeError, ValueError):
            year = budget_year_of(today)
        return min(max(year, 2000), 2100)
