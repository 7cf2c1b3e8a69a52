from __future__ import annotations

from typing import Any

from django import forms

from localoffer.directory.geo import NotAMedwayPostcode, district_of
from localoffer.directory.models import Level
from localoffer.directory.selectors import FILTER_TAXONOMIES, DirectoryCriteria, filter_terms

LABELS = {
    "help-types": "Kind of help",
    "needs": "Needs",
    "access-routes": "How to get it",
    "funding": "How it is paid for",
    "when": "When",
    "areas": "Area",
}


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
        initial=3,
    )
    level = forms.MultipleChoiceField(
        label="Level of need",
        required=False,
        choices=[(level.value, level.label.split(":")[0]) for level in Level],
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for slug, terms in filter_terms().items():
            self.fields[slug] = forms.MultipleChoiceField(
                label=LABELS[slug],
                required=False,
                choices=[(term.code, term.name) for term in terms],
                widget=forms.CheckboxSelectMultiple,
                error_messages={"invalid_choice": "Choose from the options listed"},
            )

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
            miles=data.get("distance") or 3,
            terms={slug: tuple(data.get(slug, [])) for slug in FILTER_TAXONOMIES},
        )

    def filter_fields(self) -> list[forms.BoundField]:
        return [self["level"], *(self[slug] for slug in FILTER_TAXONOMIES)]


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
