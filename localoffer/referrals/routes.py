"""Each way into the service: its pages in order, the team it reaches, and its triage target."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms as django_forms

from localoffer.referrals import forms
from localoffer.referrals.models import ReferrerKind, Route

DUTY_TEAM = "childrens-advice-and-duty-service"
SDS_TEAM = "short-breaks-and-self-directed-support"
DISABILITY_TEAM = "0-to-25-disability-team"
HUB_BY_AREA = {
    "Chatham": "chatham-all-saints-hub",
    "Gillingham": "gillingham-hub",
    "Strood": "strood-hub",
    "Wayfield": "wayfield-hub",
}


def _always(answers: dict[str, Any]) -> bool:
    return True


def _receives_dla(answers: dict[str, Any]) -> bool:
    return (
        answers.get("dla_care_rate", "none") != "none" or answers.get("dla_mobility_rate", "none") != "none"
    )


def _professional(answers: dict[str, Any]) -> bool:
    return answers.get("referrer_kind") == ReferrerKind.PROFESSIONAL


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    form: type[django_forms.Form]
    applies: Callable[[dict[str, Any]], bool] = _always
    upload: str = ""  # an evidence kind: this page takes a document, optional, kept as Evidence


@dataclass(frozen=True)
class RouteSpec:
    route: str
    title: str
    start_url_name: str
    summary: str
    steps: tuple[Step, ...] = field(default_factory=tuple)
    team_slug: Callable[[dict[str, Any]], str] = lambda answers: DUTY_TEAM

    def applicable_steps(self, answers: dict[str, Any]) -> list[Step]:
        return [step for step in self.steps if step.applies(answers)]

    def step(self, slug: str) -> Step | None:
        return next((step for step in self.steps if step.slug == slug), None)


WHO = Step("who", "Who is making this referral", forms.ReferrerForm)
CONSENT = Step("consent", "Consent", forms.ConsentForm, _professional)


def _child_step(route: str, slug: str = "child", title: str = "About the child or young person") -> Step:
    """The child's page for a route: its form knows the route, so an age or postcode outside it is said."""
    form = type(f"ChildForm_{route}", (forms.ChildForm,), {"route": route})
    return Step(slug, title, form)


CONTACT = Step("contact", "Your email address", forms.ContactForm)

SPECS: dict[str, RouteSpec] = {
    Route.SHORT_BREAKS_GRANT: RouteSpec(
        route=Route.SHORT_BREAKS_GRANT,
        title="Apply for a short breaks grant",
        start_url_name="referrals:apply-short-breaks",
        summary="A yearly grant for breaks for a disabled child and a break for their family.",
        steps=(
            _child_step(Route.SHORT_BREAKS_GRANT),
            Step("diagnosis", "Diagnosis", forms.DiagnosisForm),
            Step("diagnosis-letter", "The diagnosis letter", forms.EvidenceForm, upload="diagnosis"),
            Step("dla", "Disability Living Allowance", forms.DlaForm),
            Step(
                "dla-letter",
                "The Disability Living Allowance award letter",
                forms.EvidenceForm,
                _receives_dla,
                "dla_award",
            ),
            Step("impact", "The impact on your family", forms.ImpactForm),
            Step("carers-needs", "Your needs as a carer", forms.CarersNeedsForm),
            Step("breaks", "Breaks that would help", forms.BreaksForm),
            Step("payment", "How the grant is paid", forms.PaymentForm),
            CONTACT,
        ),
        team_slug=lambda answers: SDS_TEAM,
    ),
    Route.DISABILITY_TEAM: RouteSpec(
        route=Route.DISABILITY_TEAM,
        title="Refer to the 0 to 25 disability team",
        start_url_name="referrals:apply-disability-team",
        summary="For children and young people under 25 in Medway with a substantial and long-term disability.",
        steps=(
            WHO,
            CONSENT,
            _child_step(Route.DISABILITY_TEAM),
            Step("disability", "Their disability", forms.DisabilityForm),
            Step("diagnosis-letter", "The diagnosis letter", forms.EvidenceForm, upload="diagnosis"),
            Step("needs", "Their needs", forms.NeedsForm),
            CONTACT,
        ),
        team_slug=lambda answers: DISABILITY_TEAM,
    ),
    Route.EARLY_HELP: RouteSpec(
        route=Route.EARLY_HELP,
        title="Ask for early help",
        start_url_name="referrals:apply-early-help",
        summary="Support early on with education, health, work, housing, relationships, money and more.",
        steps=(
            WHO,
            CONSENT,
            _child_step(Route.EARLY_HELP),
            Step("household", "The household", forms.HouseholdForm),
            Step("what-is-going-on", "What is going on", forms.WhatIsGoingOnForm),
            Step("help-wanted", "Help wanted", forms.HelpWantedForm),
            CONTACT,
        ),
        team_slug=lambda answers: HUB_BY_AREA.get(str(answers.get("area", "")), HUB_BY_AREA["Chatham"]),
    ),
    Route.CARERS_ASSESSMENT: RouteSpec(
        route=Route.CARERS_ASSESSMENT,
        title="Ask for a carer's assessment",
        start_url_name="referrals:apply-carers-assessment",
        summary="For a parent or carer of a disabled child or young person: an assessment of your own needs.",
        steps=(
            _child_step(Route.CARERS_ASSESSMENT),
            Step("caring", "Your caring", forms.CaringForm),
            CONTACT,
        ),
        team_slug=lambda answers: DISABILITY_TEAM,
    ),
    Route.SUPPORTED_LIVING: RouteSpec(
        route=Route.SUPPORTED_LIVING,
        title="Ask about supported living",
        start_url_name="referrals:apply-supported-living",
        summary="For young people aged 18 and over: a home with support, after a needs assessment.",
        steps=(
            WHO,
            CONSENT,
            _child_step(Route.SUPPORTED_LIVING, "young-person", "About the young person"),
            Step("looking-for", "What they are looking for", forms.SupportedLivingForm),
            CONTACT,
        ),
        team_slug=lambda answers: DISABILITY_TEAM,
    ),
}

SAFETY_TEAM = DUTY_TEAM
