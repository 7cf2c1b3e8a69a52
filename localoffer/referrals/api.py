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

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Header, NinjaAPI, Schema
from ninja.errors import ValidationError
from ninja.responses import Status
from ninja.security import HttpBearer
from pydantic import AfterValidator, StringConstraints

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


def _printable(value: str) -> str:
    if any(ord(character) < 32 and character not in "\n\r\t" for character in value):
        raise ValueError("Remove control characters from this text")
    return value


Line = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), AfterValidator(_printable)
]
Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=3000), AfterValidator(_printable)
]


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
    email: str = Field(max_length=254, pattern=r"^[^@\s\x00-\x1f]+@[^@\s\x00-\x1f]+\.[A-Za-z]{2,}$")
    phone: str | None = Field(None, max_length=30, pattern=r"^[0-9 +()-]*$")
    job_title: Line | None = None


class ChildIn(Schema):
    first_name: Line
    last_name: Line
    date_of_birth: dt.date
    postcode: str = Field(pattern=r"^[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2}$", max_length=8)


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
        str, Header(alias="Idempotency-Key", min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")
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
