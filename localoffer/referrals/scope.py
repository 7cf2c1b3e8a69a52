"""Who each way into the service is for, and what to do instead when someone is outside it.

An answer out of scope (a postcode outside Medway, an age the route does not serve) is never passed silently
and never a dead end: the message says why, and the page gives the next step, with a link.

The grant's ages come from its published policy; the grants app sits above this one, so it registers a
provider here in its AppConfig.ready() (see `register_age_limits`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from localoffer.directory.geo import DISTRICTS
from localoffer.referrals.models import Route

FIND_COUNCIL = "https://www.gov.uk/find-local-council"
ADULT_NEEDS_ASSESSMENT = "https://www.gov.uk/apply-needs-assessment-social-services"
DISABILITY_TEAM_ADVICE = "01634 338 500"
SHORT_BREAKS_LINE = "01634 331 351"

# The ages each route serves, when nothing registers a provider (the grant's: its policy's default).
DEFAULT_AGES: dict[str, tuple[int, int]] = {
    Route.SHORT_BREAKS_GRANT: (0, 17),
    Route.DISABILITY_TEAM: (0, 25),
    Route.EARLY_HELP: (0, 25),
    Route.CARERS_ASSESSMENT: (0, 25),
    Route.SUPPORTED_LIVING: (18, 25),
}
WHAT: dict[str, str] = {
    Route.SHORT_BREAKS_GRANT: "The short breaks grant",
    Route.DISABILITY_TEAM: "The 0 to 25 disability team",
    Route.EARLY_HELP: "Early help",
    Route.CARERS_ASSESSMENT: "A carer's assessment from the 0 to 25 disability team",
    Route.SUPPORTED_LIVING: "Supported living",
}

_age_providers: dict[str, Callable[[], tuple[int, int] | None]] = {}


def register_age_limits(route: str, provider: Callable[[], tuple[int, int] | None]) -> None:
    """A higher app (grants) says which ages a route serves now, for example from the policy in force."""
    _age_providers[route] = provider


def age_limits(route: str) -> tuple[int, int]:
    provider = _age_providers.get(route)
    limits = provider() if provider is not None else None
    return limits or DEFAULT_AGES.get(route, (0, 25))


@dataclass(frozen=True)
class NextStep:
    before: str
    link_text: str
    url: str
    after: str = ""


@dataclass(frozen=True)
class Refusal:
    message: str
    next_steps: list[NextStep]


def outside_medway_next_steps() -> list[NextStep]:
    return [
        NextStep(
            "If they live outside Medway, the council where they live can help: ",
            "find their local council on GOV.UK",
            FIND_COUNCIL,
            ".",
        ),
        NextStep(
            "If you are not sure, ", "contact us", reverse("teams:contact-us"), " and we will tell you."
        ),
    ]


def not_long_term_next_steps() -> list[NextStep]:
    return [
        NextStep(
            "For support with other needs, ", "ask for early help", reverse("referrals:apply-early-help"), "."
        ),
        NextStep("Or ", "find support in the Local Offer", reverse("directory:search"), "."),
        NextStep(
            "If you are not sure, call the 0 to 25 disability team for advice on ",
            DISABILITY_TEAM_ADVICE,
            "tel:+441634338500",
            ".",
        ),
    ]


def _older_next_steps(route: str, age: int) -> list[NextStep]:
    if age > 25:
        return [
            NextStep(
                "Adults are supported by adult social care: ",
                "ask for a needs assessment on GOV.UK",
                ADULT_NEEDS_ASSESSMENT,
                ".",
            )
        ]
    steps = [
        NextStep(
            "Young people up to 25 with a substantial and long-term disability can be ",
            "referred to the 0 to 25 disability team",
            reverse("referrals:apply-disability-team"),
            ".",
        ),
        NextStep(
            "You can also ",
            "find activities and support in the Local Offer",
            reverse("directory:search"),
            ".",
        ),
    ]
    if age >= 18:
        steps.append(
            NextStep(
                "From 18, a young person can ",
                "ask about supported living",
                reverse("referrals:apply-supported-living"),
                ".",
            )
        )
    if route == Route.SHORT_BREAKS_GRANT:
        steps.append(
            NextStep("To talk about short breaks, call ", SHORT_BREAKS_LINE, "tel:+441634331351", ".")
        )
    return steps


def _younger_next_steps() -> list[NextStep]:
    return [
        NextStep(
            "Children under 18 with a substantial and long-term disability can be ",
            "referred to the 0 to 25 disability team",
            reverse("referrals:apply-disability-team"),
            ".",
        ),
        NextStep("Or ", "find support in the Local Offer", reverse("directory:search"), "."),
    ]


def age_refusal(route: str, age: int) -> Refusal | None:
    """Why a child of `age` is outside `route`, with what to do instead; None when they are inside it."""
    if not route:
        return (
            None
            if age <= 25
            else Refusal("We support children and young people up to 25", _older_next_steps(route, age))
        )
    low, high = age_limits(route)
    what = WHAT.get(route, "This")
    years = "year" if age == 1 else "years"
    if age > high:
        return Refusal(
            f"{what} is for children and young people aged {low} to {high}. From their date of birth they are "
            f"{age} {years} old",
            _older_next_steps(route, age),
        )
    if age < low:
        return Refusal(
            f"{what} is for young people aged {low} to {high}. From their date of birth they are {age} {years} old",
            _younger_next_steps(),
        )
    return None


def postcode_refusal(route: str, district: str) -> Refusal | None:
    """A postcode outside Medway's districts (the Local Offer's own list, directory/geo.py) is outside
    every route: they are all Medway Council's services."""
    if district in DISTRICTS:
        return None
    codes = ", ".join(sorted(DISTRICTS))
    what = WHAT.get(route, "This service")
    return Refusal(
        f"{what} is for children and young people who live in Medway. Enter a Medway postcode (they start "
        f"{codes.rsplit(', ', 1)[0]} or {codes.rsplit(', ', 1)[1]}), or see below what to do instead",
        outside_medway_next_steps(),
    )
