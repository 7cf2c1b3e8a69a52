from __future__ import annotations

from typing import Any

from django import forms

from localoffer.directory.geo import NotAMedwayPostcode, district_of
from localoffer.directory.models import EDITABLE_FIELDS, Level, Organization, Service
from localoffer.directory.search import all_terms
from localoffer.directory.selectors import FILTER_TAXONOMIES, DirectoryCriteria, filter_choices

LABELS = {
    "help-types": "Kind of help",
    "needs": "Needs",
    "access-routes": "How to get it",
    "funding": "How it is paid for",
    "when": "When",
    "areas": "Area",
}


# A search takes at most this many words (and 200 characters), so that no search costs more than a few.
SEARCH_MAX_WORDS = 10


DEFAULT_MILES = 3  # a search by postcode without a distance looks this far


class DirectorySearchForm(forms.Form):
    q = forms.CharField(
        label="Search the Local Offer",
        required=False,
        max_length=200,
        help_text="For example, holiday club, overnight, autism",
        error_messages={"max_length": "Search words must be 200 characters or fewer"},
    )
    age = forms.IntegerField(
        label="Age of the child or young person",
        required=False,
        min_value=0,
        max_value=25,
        help_text="In years, from 0 to 25",
        error_messages={
            "invalid": "Enter the age as a whole number of years, for example 8",
            "min_value": "Enter an age from 0 to 25",
            "max_value": "Enter an age from 0 to 25. From 25, adult social care supports young people",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    postcode = forms.CharField(
        label="Near a Medway postcode",
        required=False,
        max_length=10,
        help_text="For example, ME4 4TR",
        error_messages={"max_length": "Enter a postcode in the correct format, like ME4 4TR"},
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "spellcheck": "false"}),
    )
    distance = forms.TypedChoiceField(
        label="Within",
        required=False,
        coerce=int,
        choices=[(1, "1 mile"), (3, "3 miles"), (5, "5 miles"), (10, "10 miles")],
        initial=DEFAULT_MILES,
    )
    level = forms.MultipleChoiceField(
        label="Level of need",
        required=False,
        choices=[(level.value, level.label.split(":")[0]) for level in Level],
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        if data is not None and not data.get("distance"):
            # A search without a distance looks within the default: the list shows that one chosen.
            data = data.copy()
            data["distance"] = str(DEFAULT_MILES)
        super().__init__(data, *args, **kwargs)
        for slug, choices in filter_choices().items():
            self.fields[slug] = forms.MultipleChoiceField(
                label=LABELS[slug],
                required=False,
                choices=choices,
                widget=forms.CheckboxSelectMultiple,
                error_messages={"invalid_choice": "Choose from the options listed"},
            )

    def clean_q(self) -> str:
        words = self.cleaned_data["q"].split()
        if len(words) > SEARCH_MAX_WORDS:
            raise forms.ValidationError(
                f"Enter {SEARCH_MAX_WORDS} search words or fewer: fewer, better-chosen words find more"
            )
        return " ".join(words)

    def clean_postcode(self) -> str:
        postcode = self.cleaned_data["postcode"].strip()
        if postcode:
            try:
                district_of(postcode)
            except NotAMedwayPostcode as error:
                raise forms.ValidationError(str(error)) from None
        return postcode

    def criteria(self) -> DirectoryCriteria:
        data = self.cleaned_data
        return DirectoryCriteria(
            query=data.get("q", "").strip(),
            age=data.get("age"),
            levels=tuple(data.get("level", [])),
            postcode=data.get("postcode", ""),
            miles=data.get("distance") or DEFAULT_MILES,
            terms={slug: tuple(data.get(slug, [])) for slug in FILTER_TAXONOMIES},
        )

    def filter_fields(self) -> list[forms.BoundField]:
        """The filters that have a choice to offer."""
        fields = [self["level"], *(self[slug] for slug in FILTER_TAXONOMIES)]
        return [field for field in fields if getattr(field.field, "choices", None)]

    def show_counts(self, counts: dict[str, dict[str, int]]) -> None:
        """Label each choice with how many services it would find, and offer none that finds nothing
        (a choice already made stays, so that it can be taken away). An area that others sit under (All of
        Medway) is not offered: each town already counts the services offered across it."""
        umbrellas = {
            term.code
            for term in all_terms().values()
            if term.taxonomy.slug == "areas"
            for child in all_terms().values()
            if child.parent_id == term.id
        }
        for name in ["level", *FILTER_TAXONOMIES]:
            if name not in counts:  # too many matches to count (see selectors.filter_counts): no numbers
                continue
            field = self.fields[name]
            chosen = set(self.data.getlist(name)) if hasattr(self.data, "getlist") else set()
            found = counts[name]
            choices = []
            for code, label in field.choices:  # type: ignore[attr-defined]
                if name == "areas" and code in umbrellas and code not in chosen:
                    continue
                number = found.get(str(code), 0)
                if number or code in chosen:
                    choices.append((code, f"{label} ({number})"))
            field.choices = choices  # type: ignore[attr-defined]

    def chosen_count(self) -> int:
        if not self.is_bound or not hasattr(self.data, "getlist"):
            return 0
        names = ["level", *FILTER_TAXONOMIES]
        return (
            sum(len(self.data.getlist(name)) for name in names)
            + (1 if (self.data.get("age") or "").strip() else 0)
            + (1 if (self.data.get("postcode") or "").strip() else 0)
        )


class ShortlistEmailForm(forms.Form):
    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )


class ListingForm(forms.ModelForm):
    """The parts of a listing editors change and providers propose changes to."""

    checked = forms.BooleanField(
        label="I have checked this listing with the provider today",
        required=False,
        help_text="This sets the date the listing was last checked, and the next review a year from today.",
    )

    class Meta:
        model = Service
        fields = EDITABLE_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "eligibility": forms.Textarea(attrs={"rows": 3}),
            "next_step": forms.Textarea(attrs={"rows": 3}),
            "capacity": forms.Textarea(attrs={"rows": 2}),
            "fees": forms.Textarea(attrs={"rows": 2}),
            "hidden_from": forms.DateInput(attrs={"autocomplete": "off"}),
        }
        help_texts = {
            "hidden_from": "The listing disappears from the public Local Offer on this date. For example, 2027-01-31",
            "closed_message": "Only while the service is temporarily closed: what families should do instead",
            "minimum_age": "In years. Leave empty if there is no lower age",
            "maximum_age": "In years. Leave empty if there is no upper age",
        }
        error_messages = {
            "name": {"required": "Enter the name of the service"},
            "description": {"required": "Describe the service"},
            "next_step": {"required": "Say how a family gets this service"},
            "hidden_from": {"invalid": "Enter the date as year-month-day, for example 2027-01-31"},
            "minimum_age": {"invalid": "Enter the lowest age as a whole number, for example 5"},
            "maximum_age": {"invalid": "Enter the highest age as a whole number, for example 18"},
            "email": {"invalid": "Enter an email address in the correct format, like name@example.com"},
            "url": {"invalid": "Enter a web address in the correct format, like https://www.example.org"},
        }

    def __init__(
        self, *args: Any, can_mark_checked: bool = True, can_change_terms: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if can_change_terms:
            current: dict[str, list[str]] = {}
            if self.instance.pk:
                for slug, code in self.instance.terms.values_list("taxonomy__slug", "code"):
                    current.setdefault(slug, []).append(code)
            for slug, choices in filter_choices().items():
                self.fields[f"terms_{slug}"] = forms.MultipleChoiceField(
                    label=LABELS[slug],
                    required=False,
                    choices=choices,
                    initial=current.get(slug, []),
                    widget=forms.CheckboxSelectMultiple,
                    error_messages={"invalid_choice": "Choose from the options listed"},
                )
        if not can_mark_checked:
            del self.fields["checked"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("minimum_age"), data.get("maximum_age")
        if low is not None and high is not None and low > high:
            self.add_error("maximum_age", "The highest age must be the same as or more than the lowest age")
        if data.get("status") == "temporarily closed" and not (data.get("closed_message") or "").strip():
            self.add_error("closed_message", "Say what families should do while the service is closed")
        return data

    def _post_clean(self) -> None:
        # The service functions validate and save; the form must not change the instance it was given.
        pass

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS if name in self.cleaned_data}

    def terms(self) -> dict[str, list[str]] | None:
        """The chosen terms of each filter taxonomy, or None where the form does not offer them."""
        if f"terms_{FILTER_TAXONOMIES[0]}" not in self.fields:
            return None
        return {slug: list(self.cleaned_data.get(f"terms_{slug}", [])) for slug in FILTER_TAXONOMIES}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve the change"), ("reject", "Do not approve it")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to approve the change"},
    )
    reason = forms.CharField(
        label="Reason (the provider sees this)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "reject" and not data.get("reason", "").strip():
            self.add_error("reason", "Say why the change is not approved, so the provider can put it right")
        return data


class NewListingForm(ListingForm):
    organization = forms.ModelChoiceField(
        label="Provider",
        queryset=Organization.objects.order_by("name"),
        error_messages={"required": "Select the provider that runs the service"},
    )
    level = forms.ChoiceField(
        label="Level of need",
        choices=Level.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the level of need the service meets"},
    )

    field_order = ["organization", "level", *EDITABLE_FIELDS]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, can_mark_checked=False, can_change_terms=True, **kwargs)
