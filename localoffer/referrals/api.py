"""The partner API, at /api/referrals/: schools, health services and the council's case system send referrals.

Each organisation has its own key (`Authorization: Bearer lo_...`, issued by `manage.py issue_partner_key` or
the admin site; only a hash is kept). A referral is created exactly once per `Idempotency-Key`: the same
request again gets the same referral back (200), a different request with a used key is refused (409). Bad
input is refused with 422 and a problem for each field (`loc`, `msg`, `type`); a body that is not JSON at
all, with 400. A worry about a child's
safety goes to the duty team at once, ahead of all other work, as it does from the website.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Header, NinjaAPI, Schema
from ninja.errors import ValidationError
from ninja.responses import Status
from ninja.security import HttpBearer
from pydantic import StringConstraints

from localoffer.audit.context import audit_context
from localoffer.audit.models import Action
from localoffer.audit.services import audit_record
from localoffer.referrals import services
from localoffer.referrals.models import PartnerKey, Referral


class PartnerKeyAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> PartnerKey | None:
        return services.partner_key_check(token)


api = NinjaAPI(
    title="Local Offer: referrals from partner systems",
    version="1.0",
    description=__doc__ or "",
    urls_namespace="referrals-api",
    docs_url=None,
    auth=PartnerKeyAuth(),
)


# What the schema says is what the API accepts: text with at least one visible character and no control
# characters (a line of text: none at all; longer text: new lines and tabs allowed).
# Written without \s, which the schema's readers (ECMA regular expressions) and the API's validation (Rust's)
# define differently for a few Unicode characters; C0 and C1 control characters are refused everywhere.
_CONTROL = r"\x00-\x1f\x7f-\x9f"
_CONTROL_BUT_LINES = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_LINE = rf"^[^{_CONTROL}]*[^ {_CONTROL}][^{_CONTROL}]*$"
_TEXT = rf"^[^{_CONTROL_BUT_LINES}]*[^ {_CONTROL}][^{_CONTROL_BUT_LINES}]*$"
_EMAIL = rf"^[^@ {_CONTROL}]+@[^@ {_CONTROL}]+\.[A-Za-z]{{2,}}$"
_PHONE = r"^[0-9 +()-]*$"
_POSTCODE = r"^[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2}$"
_KEY = r"^[A-Za-z0-9_.:-]+$"
# A pattern's refusal, said in words.
PATTERN_MESSAGES = {
    _LINE: "Enter some visible text, without control characters",
    _TEXT: "Enter some visible text, without control characters",
    _EMAIL: "Enter an email address like name@example.com",
    _PHONE: "Enter a phone number using digits, spaces and + ( ) - only",
    _POSTCODE: "Enter a postcode like ME4 4TR",
    _KEY: "Use only letters, digits and _ . : - in the Idempotency-Key",
}
Line = Annotated[str, StringConstraints(min_length=1, max_length=100, pattern=_LINE)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=3000, pattern=_TEXT)]


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, error: ValidationError) -> HttpResponse:
    """The 422 Django Ninja gives, with each pattern's refusal said in words."""
    problems = []
    for problem in error.errors:
        problem = dict(problem)
        if problem.get("type") == "string_pattern_mismatch":
            pattern = (problem.get("ctx") or {}).get("pattern", "")
            problem["msg"] = PATTERN_MESSAGES.get(
                pattern, problem.get("msg", "Check the format of this value")
            )
        problems.append(problem)
    return api.create_response(request, {"detail": problems}, status=422)


class ApiDetails(Schema):
    openapi_url: str
    authentication: str
    idempotency: str


@api.get("/", response=ApiDetails, auth=None, summary="About this API")
def api_root(request: HttpRequest) -> dict[str, str]:
    return {
        "openapi_url": reverse("referrals-api:openapi-json"),
        "authentication": "Authorization: Bearer <your organisation's key>",
        "idempotency": "Send an Idempotency-Key header with each new referral; repeat it when you retry.",
    }


class ReferrerIn(Schema):
    name: Line
    email: str = Field(max_length=254, pattern=_EMAIL)
    phone: str | None = Field(None, max_length=30, pattern=_PHONE)
    job_title: Line | None = None


class ChildIn(Schema):
    first_name: Line
    last_name: Line
    date_of_birth: dt.date
    postcode: str = Field(pattern=_POSTCODE, max_length=8)


class ReferralIn(Schema):
    route: Literal["early_help", "disability_team", "safety_concern", "supported_living"]
    referrer: ReferrerIn
    child: ChildIn
    consent_given: bool = Field(
        description="The parent or carer (or the young person) agreed. Only a safety concern may go without."
    )
    no_consent_reason: Text | None = Field(
        None, description="Why a safety concern goes ahead without consent."
    )
    details: Text = Field(
        description="What is going on, and the help wanted (or, for a safety concern, the worry)."
    )
    area: Literal["Chatham", "Gillingham", "Strood", "Wayfield"] | None = Field(
        None, description="Early help only: the family's area, so it reaches the nearest hub."
    )


class ReferralOut(Schema):
    id: uuid.UUID
    reference: str
    route: str
    status: str
    status_label: str
    team: str
    submitted_at: dt.datetime


class Problem(Schema):
    loc: list[str | int]
    msg: str
    type: str


class Problems(Schema):
    detail: list[Problem]


class Message(Schema):
    detail: str


def _problem(field: str, message: str) -> ValidationError:
    return ValidationError(
        [{"loc": ["body", "payload", *field.split(".")], "msg": message, "type": "value_error"}]
    )


def _check_rules(payload: ReferralIn) -> None:
    today = timezone.localdate()
    born = payload.child.date_of_birth
    if born > today:
        raise _problem("child.date_of_birth", "The date of birth must be today or in the past")
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    if age > 25:
        raise _problem("child.date_of_birth", "The council supports children and young people up to 25")
    if payload.route == "supported_living" and age < 18:
        raise _problem("child.date_of_birth", "Supported living is for young people aged 18 and over")
    if not payload.consent_given and payload.route != "safety_concern":
        raise _problem(
            "consent_given", "A referral needs the consent of the parent or carer, or the young person"
        )
    if not payload.consent_given and not payload.no_consent_reason:
        raise _problem("no_consent_reason", "Say why the safety concern goes ahead without consent")
    if payload.route == "early_help" and payload.area is None:
        raise _problem("area", "Choose the family's area, so the referral reaches the nearest hub")


def _out(referral: Referral) -> dict[str, Any]:
    return {
        "id": referral.id,
        "reference": referral.reference,
        "route": referral.route,
        "status": referral.status,
        "status_label": referral.get_status_display(),
        "team": referral.team.name if referral.team else "",
        "submitted_at": referral.submitted_at,
    }


@api.post(
    "/referrals",
    response={201: ReferralOut, 200: ReferralOut, 400: Message, 401: Message, 409: Message, 422: Problems},
    summary="Send a referral",
)
def referral_create(
    request: HttpRequest,
    payload: ReferralIn,
    idempotency_key: Annotated[
        str, Header(alias="Idempotency-Key", min_length=8, max_length=64, pattern=_KEY)
    ],
) -> Status[dict[str, Any]]:
    _check_rules(payload)
    key: PartnerKey = request.auth  # type: ignore[attr-defined]
    data = payload.model_dump(mode="json")
    fingerprint = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
    try:
        referral, created = services.partner_referral_submit(
            partner=key.organisation, idempotency_key=idempotency_key, data=data, fingerprint=fingerprint
        )
    except services.IdempotencyConflict as conflict:
        return Status(409, {"detail": conflict.messages[0]})
    return Status(201 if created else 200, _out(referral))


@api.get(
    "/referrals/{referral_id}", response={200: ReferralOut, 401: Message, 404: Message}, summary="Where it is"
)
def referral_detail(request: HttpRequest, referral_id: uuid.UUID) -> Status[dict[str, Any]]:
    key: PartnerKey = request.auth  # type: ignore[attr-defined]
    referral = (
        Referral.objects.select_related("team").filter(pk=referral_id, partner=key.organisation).first()
    )
    if referral is None:
        return Status(404, {"detail": "No referral with that id was sent by your organisation"})
    with audit_context(via=f"partner API: {key.organisation.name}"):
        audit_record(action=Action.VIEW, obj=referral, detail="status read through the partner API")
    return Status(200, _out(referral))
