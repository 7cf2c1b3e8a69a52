"""The pages of each way into the service: one thing per page, each a small form with clear messages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from localoffer.accounts.models import User
from localoffer.core.date_input import DateInputField
from localoffer.directory.models import LEVEL_ORDER, Level
from localoffer.directory.selectors import public_services
from localoffer.people.selectors import SEARCH_MAX_WORDS
from localoffer.referrals import scope
from localoffer.referrals.models import CareRate, MobilityRate, PaymentMethod, ReferrerKind, Route

TEXT_LIMIT = 3000
YES_NO = [("yes", "Yes"), ("no", "No")]
EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.com"
FIND_COUNCIL = "https://www.gov.uk/find-local-council"
ADULT_NEEDS_ASSESSMENT = "https://www.gov.uk/apply-needs-assessment-social-services"
EARLY_HELP_AREAS = [
    ("Chatham", "Chatham"),
    ("Gillingham", "Gillingham"),
    ("Strood", "Strood"),
    ("Wayfield", "Wayfield"),
]
CONCERN_TOPICS = [
    ("education", "Education"),
    ("health", "Health"),
    ("work", "Work"),
    ("domestic_abuse", "Domestic abuse"),
    ("housing", "Housing"),
    ("relationships", "Relationships"),
    ("money", "Money"),
    ("crime", "Crime and anti-social behaviour"),
]


def _text(
    label: str, what: str, *, help_text: str = "", required: bool = True, rows: int = 5
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_LIMIT,
        strip=True,
        help_text=(help_text + " " if help_text else "") + "You can enter up to 3,000 characters.",
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": f"Enter {what}",
            "max_length": f"{what[0].upper()}{what[1:]} must be 3,000 characters or fewer",
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


class GovukDateInput(forms.MultiWidget):
    """The GOV.UK date input: day, month and year, three boxes. Reads an ISO date too (a saved answer)."""

    template_name = "django/forms/widgets/multiwidget.html"

    def __init__(self) -> None:
        attrs = {"inputmode": "numeric"}
        super().__init__(
            {"day": forms.TextInput(attrs), "month": forms.TextInput(attrs), "year": forms.TextInput(attrs)}
        )

    def decompress(self, value: Any) -> list[str | None]:
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
        if isinstance(value, dt.date):
            return [str(value.day), str(value.month), str(value.year)]
        if isinstance(value, dict):  # saved part way: what was typed, as typed
            return [value.get("day"), value.get("month"), value.get("year")]
        return [None, None, None]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str | None]:
        parts = super().value_from_datadict(data, files, name)
        if all(part in (None, "") for part in parts) and data.get(name):
            return self.decompress(data.get(name))
        return parts

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and super().value_omitted_from_data(data, files, name)


PART_NAMES = ("day", "month", "year")


class DateField(forms.Field):
    """A date from the GOV.UK date input, with the GOV.UK messages: what is missing, or that it is not real."""

    widget = GovukDateInput

    def __init__(self, *, label: str, what: str, required: bool = True, **kwargs: Any) -> None:
        self.what = what  # "date of birth": for the messages
        super().__init__(label=label, required=required, **kwargs)

    def to_python(self, value: Any) -> dt.date | None:
        if isinstance(value, dt.date):
            return value
        parts = [str(part or "").strip() for part in (value or [None, None, None])]
        what = self.what[0].upper() + self.what[1:]
        if not any(parts):
            if self.required:
                raise forms.ValidationError(f"Enter {self.what_with_article}", code="required")
            return None
        missing = [name for name, part in zip(PART_NAMES, parts, strict=True) if not part]
        if missing:
            raise forms.ValidationError(f"{what} must include a {' and a '.join(missing)}", code="incomplete")
        if not all(part.isdigit() for part in parts):
            raise forms.ValidationError(f"{what} must be a real date", code="invalid")
        if len(parts[2]) != 4:
            raise forms.ValidationError("Year must include 4 numbers", code="year")
        try:
            return dt.date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            raise forms.ValidationError(f"{what} must be a real date", code="invalid") from None

    @property
    def what_with_article(self) -> str:
        return f"their {self.what}" if self.what == "date of birth" else f"the {self.what}"

    def validate(self, value: Any) -> None:
        return None  # to_python says what is missing


class NoNullCharsMixin:
    """Text with a NUL character cannot be stored (PostgreSQL refuses it): say so instead of failing."""

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        for name, value in list(cleaned.items()):
            if isinstance(value, str) and "\x00" in value:
                self.add_error(name, "Remove the unusual characters from this answer")  # type: ignore[attr-defined]
        return cleaned


class StepForm(NoNullCharsMixin, forms.Form):
    pass


class ReferrerForm(StepForm):
    referrer_kind = _choice(
        "Who is making this referral?",
        [(value, label) for value, label in ReferrerKind.choices if value != ReferrerKind.OTHER],
        "who is making this referral",
    )


class ConsentForm(StepForm):
    consent = _choice(
        "Has the parent or carer (or the young person, if they are 16 or over) agreed to this referral?",
        YES_NO,
        "whether they have agreed to this referral",
        help_text="We need their agreement before we can accept a referral from a professional.",
    )

    def clean_consent(self) -> str:
        value: str = self.cleaned_data["consent"]
        if value != "yes":
            raise forms.ValidationError(
                "Ask the parent or carer (or the young person) to agree before you refer. If you are worried "
                "about a child's safety, tell us about a worry instead."
            )
        return value


class ChildForm(StepForm):
    first_name = forms.CharField(
        label="First name",
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": "Enter their first name",
            "max_length": "First name must be 100 characters or fewer",
        },
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": "Enter their last name",
            "max_length": "Last name must be 100 characters or fewer",
        },
    )
    date_of_birth = DateField(label="Date of birth", what="date of birth", help_text="For example, 27 3 2015")
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "spellcheck": "false"}),
        error_messages={
            "required": "Enter their postcode",
            "max_length": "Enter a real postcode, like ME4 4TR",
        },
    )
    route = ""  # the route this page is part of (routes.py makes one class per route): what is in scope

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.next_steps: list[scope.NextStep] = []

    def clean_date_of_birth(self) -> dt.date:
        born: dt.date = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born > today:
            raise forms.ValidationError("Date of birth must be today or in the past")
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        refusal = scope.age_refusal(self.route, age)
        if refusal is not None:
            self.next_steps += refusal.next_steps
            raise forms.ValidationError(refusal.message)
        return born

    def clean_postcode(self) -> str:
        value = " ".join(self.cleaned_data["postcode"].upper().split())
        compact = value.replace(" ", "")
        if not (5 <= len(compact) <= 7 and compact.isalnum() and compact[-3].isdigit()):
            raise forms.ValidationError("Enter a real postcode, like ME4 4TR")
        refusal = scope.postcode_refusal(self.route, compact[:-3])
        if refusal is not None:
            self.next_steps += refusal.next_steps
            raise forms.ValidationError(refusal.message)
        return f"{compact[:-3]} {compact[-3:]}"


class DiagnosisForm(StepForm):
    diagnosis = _text(
        "What is the child's diagnosis?",
        "the child's diagnosis",
        help_text="As written in the diagnosis letter.",
    )


class DlaForm(StepForm):
    dla_care_rate = _choice(
        "Disability Living Allowance: care component",
        CareRate.choices,
        "the care component rate, or none",
        help_text="As shown on the award letter from the Department for Work and Pensions.",
    )
    dla_mobility_rate = _choice(
        "Disability Living Allowance: mobility component",
        MobilityRate.choices,
        "the mobility component rate, or none",
    )


class ImpactForm(StepForm):
    impact_on_family = _text(
        "How does the disability affect your family?", "how the disability affects your family"
    )
    risk_of_breakdown = _text(
        "Is there a risk your family could break down without support?",
        "whether there is a risk your family could break down",
        help_text="For example, if you or another carer cannot go on caring without a break.",
    )


class CarersNeedsForm(StepForm):
    carers_needs = _text("What do you need as a carer?", "what you need as a carer")


class BreaksForm(StepForm):
    breaks_wanted = _text(
        "What breaks would help?",
        "what breaks would help",
        help_text="For example, swimming lessons, a holiday club, or days out.",
    )


class PaymentForm(StepForm):
    payment_method = _choice(
        "How should the grant be paid?", PaymentMethod.choices, "how the grant should be paid"
    )


class ContactForm(StepForm):
    contact_email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We will send the reference and each decision here.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": EMAIL_FORMAT,
            "max_length": "Email address must be 254 characters or fewer",
        },
    )


class HouseholdForm(StepForm):
    household = _text(
        "Who lives in the household?",
        "who lives in the household",
        help_text="Adults and children, and their ages.",
    )
    area = _choice(
        "Which area does the family live in?",
        EARLY_HELP_AREAS,
        "the area the family lives in",
        help_text="So the referral reaches the nearest children and family hub.",
    )


class WhatIsGoingOnForm(StepForm):
    topics = forms.MultipleChoiceField(
        label="What is going on for the family?",
        choices=CONCERN_TOPICS,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={
            "required": "Select at least one thing that is going on",
            "invalid_choice": "Select at least one thing that is going on",
            "invalid_list": "Select at least one thing that is going on",
        },
    )
    details = _text("Tell us more", "what is going on")


class HelpWantedForm(StepForm):
    help_wanted = _text("What help would the family like?", "what help the family would like")


class DisabilityForm(StepForm):
    diagnosis = _text("What is the diagnosis?", "the diagnosis")
    long_term = _choice(
        "Is the disability substantial and long-term (expected to last 12 months or more)?",
        YES_NO,
        "whether the disability is substantial and long-term",
    )
    lives_in_medway = _choice(
        "Does the child or young person live in Medway?", YES_NO, "whether they live in Medway"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.next_steps: list[scope.NextStep] = []

    def clean_long_term(self) -> str:
        value: str = self.cleaned_data["long_term"]
        if value == "no":
            self.next_steps += scope.not_long_term_next_steps()
            raise forms.ValidationError(
                "The 0 to 25 disability team works with disabilities that are substantial and long-term. "
                "For other needs, ask for early help or find support in the Local Offer"
            )
        return value

    def clean_lives_in_medway(self) -> str:
        value: str = self.cleaned_data["lives_in_medway"]
        if value == "no":
            self.next_steps += scope.outside_medway_next_steps()
            raise forms.ValidationError(
                "The 0 to 25 disability team works with children and young people who live in Medway. "
                "Contact the council where they live"
            )
        return value


class NeedsForm(StepForm):
    needs = _text(
        "What are their needs?", "their needs", help_text="At home, at school and in the community."
    )


class CaringForm(StepForm):
    caring = _text("What does your caring involve?", "what your caring involves")
    carers_needs = _text("What support would help you as a carer?", "what support would help you")


class SupportedLivingForm(StepForm):
    looking_for = _text(
        "What kind of support and home are they looking for?", "what support and home they are looking for"
    )


CONTACT_NEEDED = "Give a phone number or an email address (at least one)"


class SafetyConcernForm(NoNullCharsMixin, forms.Form):
    """A worry about a child's safety, on one page, sent in one go. Only what happened is required."""

    referrer_kind = _choice("Who are you?", ReferrerKind.choices, "who you are")
    child_name = forms.CharField(
        label="The child's name (if you know it)",
        required=False,
        max_length=200,
        error_messages={"max_length": "The name must be 200 characters or fewer"},
    )
    child_date_of_birth = DateField(
        label="Their date of birth (if you know it)",
        what="date of birth",
        required=False,
        help_text="For example, 27 3 2015",
    )
    child_age = forms.CharField(
        label="Or their age, if you do not know their date of birth",
        required=False,
        max_length=50,
        help_text="A guess is fine, for example about 9.",
        error_messages={"max_length": "Their age must be 50 characters or fewer"},
    )
    where = _text(
        "Where is the child? (if you know)",
        "where the child is",
        required=False,
        rows=2,
        help_text="An address, a postcode, or a school.",
    )
    concern = _text(
        "What are you worried about?",
        "what you are worried about",
        help_text="Say what you saw or heard, and when.",
    )
    family_knows = _choice(
        "Does the family know you are telling us?",
        [("yes", "Yes"), ("no", "No"), ("not_sure", "I'm not sure")],
        "whether the family knows",
    )
    no_consent_reason = _text(
        "If the family does not know: why not?",
        "why the family does not know",
        required=False,
        rows=2,
        help_text="For example, telling them could put the child at more risk.",
    )
    contact_name = forms.CharField(
        label="Your name (optional)",
        required=False,
        max_length=100,
        error_messages={"max_length": "Your name must be 100 characters or fewer"},
    )
    contact_phone = forms.CharField(
        label="Your phone number",
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        error_messages={"max_length": "Phone number must be 30 characters or fewer"},
    )
    contact_email = forms.EmailField(
        label="Your email address",
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "invalid": EMAIL_FORMAT,
            "max_length": "Email address must be 254 characters or fewer",
        },
    )
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=100)

    def clean_child_date_of_birth(self) -> dt.date | None:
        born: dt.date | None = self.cleaned_data.get("child_date_of_birth")
        if born is not None and born > timezone.localdate():
            raise forms.ValidationError("Date of birth must be today or in the past")
        return born

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("family_knows") in ("no", "not_sure") and not cleaned.get("no_consent_reason"):
            self.add_error("no_consent_reason", "Enter why the family does not know, or why you are not sure")
        if cleaned.get("referrer_kind") == ReferrerKind.PROFESSIONAL and not (
            cleaned.get("contact_phone") or cleaned.get("contact_email")
        ):
            self.add_error("contact_phone", CONTACT_NEEDED)
        return cleaned


class AssignForm(forms.Form):
    worker: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="Assign to",
        queryset=None,
        empty_label=None,
        error_messages={
            "required": "Choose who to assign this to",
            "invalid_choice": "Choose someone in the team",
        },
    )

    def __init__(self, *args: Any, team: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

        field = self.fields["worker"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(team=team, is_active=True).order_by("first_name", "last_name")


OUTCOME_CHOICES = [
    ("accepted", "Accept: open the team's work with the child"),
    ("signposted", "Signpost to services in the Local Offer"),
    ("no_further_action", "No further action"),
]


class OutcomeForm(NoNullCharsMixin, forms.Form):
    outcome = _choice("Outcome", OUTCOME_CHOICES, "an outcome")
    services: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label="Services in the Local Offer (when signposting)",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Choose services from the Local Offer",
            "invalid_pk_value": "Choose services from the Local Offer",
        },
    )
    reason = _text(
        "Why", "why", required=False, rows=3, help_text="Needed for no further action; the family sees it."
    )

    def __init__(self, *args: Any, route: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from localoffer.referrals.models import Route

        field = self.fields["services"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = public_services().order_by("name")
        if route == Route.SHORT_BREAKS_GRANT:
            outcome = self.fields["outcome"]
            assert isinstance(outcome, forms.ChoiceField)
            outcome.choices = [
                ("accepted", "Accept: open the grant evaluation and the team's work with the child"),
                *OUTCOME_CHOICES[1:],
            ]

    def service_groups(self) -> list[dict[str, Any]]:
        """The services as checkboxes, grouped by level (universal first), keeping what was ticked."""

        bound = self["services"]
        value = bound.value() or []
        chosen = {str(item) for item in (value if isinstance(value, list | tuple) else [value])}
        field = self.fields["services"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        groups: dict[str, list[dict[str, Any]]] = {}
        assert field.queryset is not None
        services = sorted(
            field.queryset.only("id", "name", "level"),
            key=lambda service: (LEVEL_ORDER.get(service.level, 9), service.name.lower()),
        )
        for index, service in enumerate(services):
            groups.setdefault(service.level, []).append(
                {
                    "id": f"{bound.auto_id}_{index}",
                    "value": str(service.pk),
                    "label": service.name,
                    "selected": str(service.pk) in chosen,
                }
            )
        labels = dict(Level.choices)
        return [
            {"key": level, "label": labels.get(level, level), "options": options}
            for level, options in groups.items()
        ]


class MatchForm(NoNullCharsMixin, forms.Form):
    """Which child's record this referral is about: one of the candidates, or a new record."""

    child = forms.ChoiceField(
        label="Which record is this child's?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the matching record, or create a new one",
            "invalid_choice": "Choose the matching record, or create a new one",
        },
    )
    name = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)
    first_name = forms.CharField(
        label="First name",
        required=False,
        max_length=100,
        error_messages={"max_length": "First name must be 100 characters or fewer"},
    )
    last_name = forms.CharField(
        label="Last name",
        required=False,
        max_length=100,
        error_messages={"max_length": "Last name must be 100 characters or fewer"},
    )
    date_of_birth = DateInputField(
        label="Date of birth", required=False, latest=dt.date.max, help_text="For example, 27 3 2015"
    )

    def __init__(self, *args: Any, candidates: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["child"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            *(
                (
                    str(child.pk),
                    f"{child}, born {child.date_of_birth.day} {child.date_of_birth:%B %Y}"
                    + (f", {child.postcode}" if child.postcode else ""),
                )
                for child in candidates
            ),
            ("new", "None of these: create a new record"),
        ]
        date = self.fields["date_of_birth"]
        assert isinstance(date, DateInputField)
        date.latest = timezone.localdate()


# What a worker calls each status, in the list of referrals.
STAFF_STATUS_LABELS = [
    ("submitted", "Received, waiting for triage"),
    ("in_triage", "Being triaged"),
    ("accepted", "Accepted"),
    ("signposted", "Signposted"),
    ("no_further_action", "Closed: no further action"),
]
PAST_TRIAGE = ["in_triage", "accepted", "signposted", "no_further_action"]


class ReferralSearchForm(NoNullCharsMixin, forms.Form):
    """Find a referral: by reference or the child's name, date of birth, when received; filter by status and
    route. Every field is optional: with none, every referral sent, newest first."""

    q = forms.CharField(
        label="Reference or child's name",
        required=False,
        max_length=100,
        help_text="For example, MED-1234-AB, or Amara Okafor.",
        error_messages={"max_length": "Enter 100 characters or fewer"},
    )
    date_of_birth = DateInputField(label="Child's date of birth", required=False)
    received_from = DateInputField(label="Received from", required=False, help_text="For example, 1 3 2026")
    received_to = DateInputField(label="Received to", required=False, help_text="For example, 31 3 2026")
    status = forms.MultipleChoiceField(
        label="Status",
        required=False,
        choices=STAFF_STATUS_LABELS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose statuses from the list"},
    )
    route = forms.MultipleChoiceField(
        label="What it is",
        required=False,
        choices=Route.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose from the list"},
    )

    def clean_q(self) -> str:

        text = " ".join(self.cleaned_data.get("q", "").split())
        if len(text.split()) > SEARCH_MAX_WORDS:
            raise forms.ValidationError(f"Enter {SEARCH_MAX_WORDS} words or fewer")
        return text

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("received_from"), cleaned.get("received_to")
        if start and end and end < start:
            self.add_error("received_to", "Received to must be the same as or after received from")
        return cleaned

    def chosen_filters(self) -> list[dict[str, str]]:
        """The filters in use, each with the address that removes it (the GOV.UK filter pattern's tags)."""
        if not self.is_bound or not hasattr(self, "cleaned_data"):
            return []
        from django.http import QueryDict

        chosen = []
        for name in ("status", "route"):
            labels = dict(self.fields[name].choices)  # type: ignore[attr-defined]
            for value in self.cleaned_data.get(name, []):
                rest = QueryDict(mutable=True)
                for key, values in self.data.lists():  # type: ignore[attr-defined]
                    if key == "page":
                        continue
                    rest.setlist(key, [v for v in values if not (key == name and v == value)])
                chosen.append({"label": str(labels.get(value, value)), "remove": rest.urlencode()})
        return chosen


class EvidenceForm(forms.Form):
    document = forms.FileField(
        label="Upload a file",
        required=False,
        help_text="A PDF, JPG or PNG, smaller than 10MB. You can also send it later, from your application's page, after you have sent it.",
        error_messages={
            "invalid": "The selected file could not be uploaded: try again",
            "empty": "The selected file is empty",
        },
    )


class WhichChildForm(forms.Form):
    """Which child is this for? The family's children on record, or someone else."""

    child = forms.ChoiceField(
        label="Which child is this for?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select which child this is for, or someone else",
            "invalid_choice": "Select which child this is for, or someone else",
        },
    )

    def __init__(self, *args: Any, children: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["child"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (str(child.pk), f"{child.first_name} {child.last_name}, born {child.date_of_birth:%-d %B %Y}")
            for child in children
        ] + [("someone_else", "Someone else")]


class EarlierAnswersForm(forms.Form):
    use_earlier = _choice(
        "Do you want to start with the answers you gave last time?",
        [("yes", "Yes, start with my earlier answers"), ("no", "No, start with empty pages")],
        "whether to start with your earlier answers",
        help_text="Either way, you will see every page to check and change the answers before you send it.",
    )


class SaveForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We will send you a link to come back to your answers.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address, so we can send you a link to come back",
            "invalid": EMAIL_FORMAT,
            "max_length": "Email address must be 254 characters or fewer",
        },
    )


class DocumentForm(forms.Form):
    """A document sent after the application: which one it is, and the file."""

    kind = forms.ChoiceField(
        label="What is the document?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what the document is",
            "invalid_choice": "Select what the document is",
        },
    )
    document = forms.FileField(
        label="Upload a file",
        help_text="A PDF, JPG or PNG, smaller than 10MB.",
        error_messages={
            "required": "Select a file to upload",
            "invalid": "The selected file could not be uploaded: try again",
            "empty": "The selected file is empty",
        },
    )

    def __init__(self, *args: Any, kinds: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kind"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = kinds
