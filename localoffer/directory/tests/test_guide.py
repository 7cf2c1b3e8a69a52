from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from django.http import QueryDict
from django.urls import reverse

from localoffer.directory.guide import Answers, guide_options, read_answers
from localoffer.directory.models import LEVEL_ORDER, Level

pytestmark = [pytest.mark.sqlite, pytest.mark.usefixtures("offer")]


def options(**answers: Any) -> dict[str, list[Any]]:
    return guide_options(Answers(**answers))


def test_results_run_universal_then_targeted_then_specialist() -> None:
    grouped = options(age=8, help=frozenset({"break-for-carer", "things-to-do", "overnight-care"}))
    assert list(grouped) == sorted(grouped, key=lambda level: LEVEL_ORDER[Level(level)])
    assert all(grouped.values())


def test_universal_services_say_anyone_can_use_them() -> None:
    for option in options(age=12, help=frozenset({"things-to-do"}))["universal"]:
        assert option.likely == "yes"


def test_the_grant_is_likely_with_dla_and_unlikely_without() -> None:
    def grant(situation: set[str]) -> Any:
        targeted = options(age=8, situation=frozenset(situation), help=frozenset({"money"}))["targeted"]
        return next(o for o in targeted if o.service.slug == "short-breaks-grant")

    assert grant({"dla"}).likely == "maybe"
    assert grant({"diagnosis"}).likely == "maybe"
    assert grant(set()).likely == "unlikely"


def test_specialist_services_need_a_substantial_long_term_diagnosis() -> None:
    help_wanted = frozenset({"overnight-care"})
    yes = options(age=10, situation=frozenset({"diagnosis", "substantial"}), help=help_wanted)["specialist"]
    no = options(age=10, situation=frozenset({"dla"}), help=help_wanted)["specialist"]
    assert yes
    assert {o.likely for o in yes} == {"maybe"}
    assert {o.likely for o in no} == {"unlikely"}


def test_age_is_respected() -> None:
    for group in options(age=4, help=frozenset({"things-to-do"})).values():
        for option in group:
            assert option.service.minimum_age is None or option.service.minimum_age <= 4


def test_bad_answers_are_explained() -> None:
    assert read_answers(QueryDict("age=old"), up_to="age").errors == {
        "age": "Enter their age as a whole number of years, for example 8"
    }
    assert "adult social care" in read_answers(QueryDict("age=30"), up_to="age").errors["age"]
    assert read_answers(QueryDict("age=8"), up_to="help").errors == {
        "help": "Select the kinds of help you are looking for"
    }


def test_the_whole_route_in_pages(client: Any) -> None:
    response = client.get(reverse("directory:guide-question", args=["age"]), {"answered": "age", "age": "9"})
    assert response["Location"] == reverse("directory:guide-question", args=["situation"]) + "?age=9"
    response = client.get(
        reverse("directory:guide-question", args=["situation"]),
        {"answered": "situation", "age": "9", "situation": ["unsafe", "dla"]},
    )
    assert response["Location"].startswith(reverse("directory:guide-question", args=["help"]))
    response = client.get(
        response["Location"] + "&" + urlencode({"answered": "help", "help": "overnight-care"})
    )
    page = client.get(response["Location"]).content.decode()
    assert page.index("call 999") < page.index('<h1 class="govuk-heading-xl">Support that fits')
    assert "01634 334 466" in page


def test_a_missing_answer_keeps_the_others(client: Any) -> None:
    page = client.get(
        reverse("directory:guide-question", args=["help"]),
        {"answered": "help", "age": "9", "situation": "dla"},
    ).content.decode()
    assert "Select the kinds of help you are looking for" in page
    assert 'name="age" value="9"' in page
    assert 'name="situation" value="dla"' in page


def test_no_safety_panel_unless_asked(client: Any) -> None:
    page = client.get(
        reverse("directory:guide-results"), {"age": "9", "help": "things-to-do"}
    ).content.decode()
    assert "What to do now" not in page


def test_each_level_lists_the_likeliest_first_and_no_more_than_the_cap() -> None:
    """The database ranks each level; the order must be what `likely_to_qualify` says, whatever the answers."""
    from localoffer.directory.guide import OPTIONS_PER_LEVEL, RANK

    every_help = frozenset({"things-to-do", "break-for-carer", "overnight-care", "money", "family-support"})
    for situation in (set(), {"dla"}, {"struggling"}, {"diagnosis", "substantial"}):
        grouped = options(age=9, situation=frozenset(situation), help=every_help)
        for level, listed in grouped.items():
            assert len(listed) <= OPTIONS_PER_LEVEL
            ranks = [RANK[option.likely] for option in listed]
            assert ranks == sorted(ranks), (situation, level)
            assert {option.service.level for option in listed} <= {level}


def test_a_likely_option_is_never_left_out_for_an_unlikely_one() -> None:
    """With more fitting services than the cap, the ones the family may qualify for come first."""
    from localoffer.directory.guide import OPTIONS_PER_LEVEL
    from localoffer.directory.models import Service, Status, TaxonomyTerm

    grant = Service.objects.get(slug="short-breaks-grant")
    money = TaxonomyTerm.objects.get(taxonomy__slug="help-types", code="money")

    def listing(slug: str, name: str, terms: list[Any]) -> None:
        service = Service.objects.create(
            organization=grant.organization,
            slug=slug,
            name=name,
            description="A targeted service.",
            level=Level.TARGETED,
            status=Status.ACTIVE,
        )
        service.terms.set(terms)

    for n in range(OPTIONS_PER_LEVEL + 2):  # reached through the grant, so unlikely without DLA or diagnosis
        listing(f"aaa-grant-route-{n}", f"Aaa grant route {n}", list(grant.terms.all()))
    listing("zzz-after-assessment", "Zzz after an assessment", [money])  # likely for a family struggling

    targeted = options(age=8, situation=frozenset({"struggling"}), help=frozenset({"money"}))["targeted"]
    assert len(targeted) == OPTIONS_PER_LEVEL
    assert targeted[0].service.slug == "zzz-after-assessment"
    assert targeted[0].likely == "maybe"
    assert {o.likely for o in targeted[1:]} == {"unlikely"}
