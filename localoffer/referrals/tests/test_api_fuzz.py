"""Fuzzing the partner referral API with schemathesis, against the OpenAPI document it publishes itself.

As for the ORUK API (see localoffer/directory/tests/test_api_fuzz.py): the schema is fetched in-process and
every operation is called with generated input, valid and invalid, with a partner's key. For every response:
no server error; the documented content type and body; input the schema forbids is refused, and input it
allows is accepted unless the API's own rules refuse it (a `value_error`, such as a date of birth in the
future or a referral without consent); every refusal names the field. Each call is rolled back.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_schema_conformance,
)

from localoffer.referrals.models import PartnerOrganisation
from localoffer.referrals.services import partner_key_issue
from localoffer.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/referrals/openapi.json", application)
# A request without the key (schemathesis leaves out the documented Authorization header) is refused 401.
# A body that is not JSON at all is refused 400 (there is no field to name).
schema.config.checks.negative_data_rejection.expected_statuses = ["422", "401", "400"]
pytestmark = [pytest.mark.fuzz, pytest.mark.usefixtures("_keep_test_connection")]


@pytest.fixture
def _keep_test_connection() -> Iterator[None]:
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def key(medway: None) -> str:
    return partner_key_issue(organisation=PartnerOrganisation.objects.create(name="Fuzzing School"))[1]


def call(case: schemathesis.Case, key: str) -> Any:
    with transaction.atomic():
        response = case.call(headers={"Authorization": f"Bearer {key}"})
        transaction.set_rollback(True)
    return response


def _problems(response: Any) -> list[dict[str, Any]]:
    detail = response.json().get("detail")
    assert isinstance(detail, list), f"422 without a list of problems: {response.text}"
    assert detail, "422 with no problems"
    return detail


def valid_input_accepted(ctx: Any, response: Any, case: Any) -> bool | None:
    positive = case.meta is not None and case.meta.generation.mode == GenerationMode.POSITIVE
    if (
        positive
        and response.status_code == 422
        and all(p.get("type") == "value_error" for p in _problems(response))
    ):
        return None
    if positive and response.status_code in (404, 409):
        return None  # an unknown id; an Idempotency-Key generated twice with different bodies
    return positive_data_acceptance(ctx, response, case)


def rejected_with_field_detail(ctx: Any, response: Any, case: Any) -> bool | None:
    if response.status_code == 401:
        sent = response.request.headers.get("Authorization", "")
        assert not sent.startswith("Bearer lo_"), "refused a request that carried the partner's key"
        return True
    if response.status_code == 400:
        assert response.json() == {"detail": "Cannot parse request body"}, response.text
        return True
    if response.status_code != 422:
        assert response.status_code in (200, 201, 404, 405, 409), (
            f"undocumented status {response.status_code}"
        )
        return True
    for problem in _problems(response):
        assert problem.get("msg"), f"problem without a message: {problem!r}"
        location = problem.get("loc")
        assert isinstance(location, list), f"problem without a location: {problem!r}"
        assert len(location) >= 2, f"problem does not name a field: {problem!r}"
    return True


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_behaves_as_published(case: schemathesis.Case, key: str) -> None:
    response = call(case, key)
    case.validate_response(
        response,
        checks=[
            not_a_server_error,
            content_type_conformance,
            response_schema_conformance,
            valid_input_accepted,
            negative_data_rejection,
            rejected_with_field_detail,
        ],
    )
