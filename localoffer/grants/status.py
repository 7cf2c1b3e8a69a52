"""The grant's status fields, each changed in one place.

Every status field has a map of the statuses it may move to from which (ALLOWED_PREVIOUS, as in
`referrals.services`), and one function that changes it: it locks the row, checks the map, sets the status
and the fields that go with it, and saves with who did it (the audit event and the history row). Nothing
else writes `.status`; the services call these.
"""

from __future__ import annotations

from contextlib import nullcontext
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from localoffer.audit.context import audit_context
from localoffer.grants.models import (
    Award,
    AwardStatus,
    CaseStatus,
    GrantCase,
    PolicyStatus,
    PolicyVersion,
    Renewal,
    RenewalStatus,
    Statement,
    StatementStatus,
)


class TransitionNotAllowed(ValidationError):
    """The record cannot move to that status from the one it is in."""


POLICY_ALLOWED_PREVIOUS: dict[str, frozenset[str]] = {
    PolicyStatus.DRAFT: frozenset(),
    PolicyStatus.PUBLISHED: frozenset({PolicyStatus.DRAFT}),
    PolicyStatus.SUPERSEDED: frozenset({PolicyStatus.PUBLISHED}),
}
CASE_ALLOWED_PREVIOUS: dict[str, frozenset[str]] = {
    CaseStatus.AWAITING: frozenset(),
    # An evaluation may be changed until the decision.
    CaseStatus.EVALUATED: frozenset({CaseStatus.AWAITING, CaseStatus.EVALUATED}),
    CaseStatus.APPROVED: frozenset({CaseStatus.EVALUATED}),
    CaseStatus.DECLINED: frozenset({CaseStatus.EVALUATED}),
}
AWARD_ALLOWED_PREVIOUS: dict[str, frozenset[str]] = {
    AwardStatus.ACTIVE: frozenset(),
    AwardStatus.ENDED: frozenset({AwardStatus.ACTIVE}),
}
RENEWAL_ALLOWED_PREVIOUS: dict[str, frozenset[str]] = {
    RenewalStatus.INVITED: frozenset(),
    RenewalStatus.REMINDED: frozenset({RenewalStatus.INVITED}),
    RenewalStatus.ANSWERED: frozenset({RenewalStatus.INVITED, RenewalStatus.REMINDED}),
    RenewalStatus.LAPSED: frozenset({RenewalStatus.INVITED, RenewalStatus.REMINDED}),
}
STATEMENT_ALLOWED_PREVIOUS: dict[str, frozenset[str]] = {
    StatementStatus.DRAFT: frozenset(),
    StatementStatus.PUBLISHED: frozenset({StatementStatus.DRAFT}),
    StatementStatus.SUPERSEDED: frozenset({StatementStatus.PUBLISHED}),
}


def refuse_unless_allowed(
    allowed: dict[str, frozenset[str]], current: str, status: str, refusal: str
) -> None:
    """Refuse early (before any other work) a change the map does not allow; the change checks again."""
    if current not in allowed.get(status, frozenset()):
        raise TransitionNotAllowed(refusal, code="transition_not_allowed")


def _change[M: models.Model](
    model: type[M],
    record: M,
    *,
    status: str,
    allowed: dict[str, frozenset[str]],
    by: Any,
    refusal: str,
    fields: dict[str, Any] | None,
    validate: bool = False,
) -> M:
    if status not in allowed:
        raise TransitionNotAllowed(f"{status!r} is not a status this record can have.", code="unknown_status")
    current = model._default_manager.select_for_update().get(pk=record.pk)
    if current.status not in allowed[status]:  # type: ignore[attr-defined]
        raise TransitionNotAllowed(refusal, code="transition_not_allowed")
    for name, value in (fields or {}).items():
        setattr(current, name, value)
    current.status = status  # type: ignore[attr-defined]
    actor = by if getattr(by, "pk", None) else None
    current._history_user = actor  # type: ignore[attr-defined]
    with audit_context(actor=actor) if actor is not None else nullcontext():
        if validate:
            current.full_clean()
        current.save()
    return current


@transaction.atomic
def policy_status_change(
    *, policy: PolicyVersion, status: str, by: Any, fields: dict[str, Any] | None = None
) -> PolicyVersion:
    refusal = (
        "Only a draft can be published."
        if status == PolicyStatus.PUBLISHED
        else ("Only the published version can be superseded.")
    )
    return _change(
        PolicyVersion,
        policy,
        status=status,
        allowed=POLICY_ALLOWED_PREVIOUS,
        by=by,
        refusal=refusal,
        fields=fields,
    )


@transaction.atomic
def case_status_change(
    *, case: GrantCase, status: str, by: Any, fields: dict[str, Any] | None = None, validate: bool = False
) -> GrantCase:
    refusal = (
        "This case has been decided; it cannot be evaluated again."
        if status == CaseStatus.EVALUATED
        else "Only an evaluated case can be decided."
    )
    return _change(
        GrantCase,
        case,
        status=status,
        allowed=CASE_ALLOWED_PREVIOUS,
        by=by,
        refusal=refusal,
        fields=fields,
        validate=validate,
    )


@transaction.atomic
def award_status_change(*, award: Award, status: str, by: Any) -> Award:
    return _change(
        Award,
        award,
        status=status,
        allowed=AWARD_ALLOWED_PREVIOUS,
        by=by,
        refusal="This award has already ended.",
        fields=None,
    )


@transaction.atomic
def renewal_status_change(
    *, renewal: Renewal, status: str, by: Any, fields: dict[str, Any] | None = None
) -> Renewal:
    return _change(
        Renewal,
        renewal,
        status=status,
        allowed=RENEWAL_ALLOWED_PREVIOUS,
        by=by,
        refusal="This renewal has already been answered or has lapsed.",
        fields=fields,
    )


@transaction.atomic
def statement_status_change(
    *, statement: Statement, status: str, by: Any, fields: dict[str, Any] | None = None
) -> Statement:
    return _change(
        Statement,
        statement,
        status=status,
        allowed=STATEMENT_ALLOWED_PREVIOUS,
        by=by,
        refusal="Only a draft statement can be published."
        if status == StatementStatus.PUBLISHED
        else "Only the published statement can be superseded.",
        fields=fields,
    )
