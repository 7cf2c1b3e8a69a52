"""Writing the grant: policy versions, evaluations and decisions, awards and the payment ledger.

Every page, command and task calls these functions. Status changes are guarded: each names the statuses
it may start from."""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from localoffer.audit.context import audit_context
from localoffer.grants.contact import short_breaks_call
from localoffer.grants.models import (
    Award,
    BudgetYear,
    CaseKind,
    CaseStatus,
    DlaRate,
    GrantCase,
    PaymentConfirmation,
    PaymentInstruction,
    PaymentRun,
    PaymentRunLine,
    PolicyLevel,
    PolicyStatus,
    PolicyVersion,
    award_ends_on,
    budget_year_of,
)
from localoffer.grants.policy import Circumstances, assess
from localoffer.grants.status import (
    CASE_ALLOWED_PREVIOUS,
    POLICY_ALLOWED_PREVIOUS,
    TransitionNotAllowed,
    case_status_change,
    policy_status_change,
    refuse_unless_allowed,
)
from localoffer.messaging.services import message_queue
from localoffer.people.models import Child
from localoffer.referrals.models import Route

__all__ = ["TransitionNotAllowed"]


class AlreadyPaid(Exception):
    """The award already has a payment instruction: the database refused a second one."""


class NoPublishedPolicy(Exception):
    """No policy version is published, so no decision can be made."""


def _new_reference(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8].upper()}"


# --- Policy ----------------------------------------------------------------------------------------------


def current_policy() -> PolicyVersion | None:
    return PolicyVersion.objects.filter(status=PolicyStatus.PUBLISHED).prefetch_related("levels").first()


@transaction.atomic
def policy_load(*, source: Any) -> PolicyVersion:
    """Load a council's policy as it is today, a proposal as a draft, and the budgets. Idempotent.

    `source` holds the council's policy (for Medway, `localoffer.council.medway.policy`): TODAY, LEVELS,
    DISABILITY_DEFINITION, INCLUSIONS, EXCLUSIONS, BUDGETS_PENCE and PROPOSAL_250."""
    for start_year, amount in source.BUDGETS_PENCE.items():
        BudgetYear.objects.get_or_create(start_year=start_year, defaults={"amount_pence": amount})
    existing = PolicyVersion.objects.filter(number=source.TODAY["number"]).first()
    if existing is not None:
        return existing
    with audit_context(via="policy_load"):
        policy = PolicyVersion(
            **{k: v for k, v in source.TODAY.items() if k != "effective_from"},
            effective_from=dt.date.fromisoformat(source.TODAY["effective_from"]),
            disability_definition=source.DISABILITY_DEFINITION,
            inclusions=source.INCLUSIONS,
            exclusions=source.EXCLUSIONS,
            status=PolicyStatus.PUBLISHED,
            published_at=timezone.now(),
        )
        policy.full_clean()
        policy.save()
        for level in source.LEVELS:
            PolicyLevel.objects.create(policy=policy, **level)
        proposal = policy_draft_create(from_policy=policy, by=None)
        levels = {
            number: {"amount_pence": amount, "universal_offer_priority": universal}
            for number, (amount, universal) in source.PROPOSAL_250["levels"].items()
        }
        policy_update(
            policy=proposal,
            fields={
                "title": source.PROPOSAL_250["title"],
                "summary": source.PROPOSAL_250["summary"],
            },
            levels=levels,
            by=None,
        )
    return policy


@transaction.atomic
def policy_draft_create(*, from_policy: PolicyVersion, by: Any) -> PolicyVersion:
    """A new draft, a copy of `from_policy` (usually the published one), to edit and preview."""
    number = (PolicyVersion.objects.aggregate(top=Max("number"))["top"] or 0) + 1
    levels = list(from_policy.levels.all())
    draft = PolicyVersion.objects.get(pk=from_policy.pk)
    draft.pk = uuid.uuid4()
    draft._state.adding = True
    draft.number = number
    draft.status = PolicyStatus.DRAFT
    draft.title = f"Draft based on version {from_policy.number}"
    draft.summary = ""
    draft.effective_from = max(timezone.localdate() + dt.timedelta(days=1), from_policy.effective_from)
    draft.effective_to = None
    draft.created_by = by
    draft.published_at = None
    draft.published_by = None
    draft.save()
    for level in levels:
        PolicyLevel.objects.create(
            policy=draft,
            number=level.number,
            name=level.name,
            description=level.description,
            amount_pence=level.amount_pence,
            universal_offer_priority=level.universal_offer_priority,
        )
    return draft


POLICY_FIELDS = {
    "title",
    "summary",
    "effective_from",
    "criteria_rule",
    "minimum_dla_rate",
    "minimum_age",
    "maximum_age",
    "requires_medway_residence",
    "disability_definition",
    "inclusions",
    "exclusions",
    "renewal_mode",
    "stops_with_other_short_breaks",
}


@transaction.atomic
def policy_update(
    *, policy: PolicyVersion, fields: dict[str, Any], levels: dict[int, dict[str, Any]], by: Any
) -> PolicyVersion:
    """Change a draft. A published or superseded version never changes: draft a new one instead."""
    current = PolicyVersion.objects.select_for_update().get(pk=policy.pk)
    if current.status != PolicyStatus.DRAFT:
        raise TransitionNotAllowed("Only a draft can be changed. Draft a new version instead.")
    unknown = set(fields) - POLICY_FIELDS
    if unknown:
        raise ValueError(f"Not policy fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(current, name, value)
    current.full_clean()
    current._history_user = by  # type: ignore[attr-defined]
    current.save()
    for number, values in levels.items():
        level = current.levels.get(number=number)
        for name, value in values.items():
            setattr(level, name, value)
        if level.universal_offer_priority:
            level.amount_pence = 0
        level.full_clean()
        level.save()
    return current


@transaction.atomic
def policy_publish(*, policy: PolicyVersion, by: Any) -> PolicyVersion:
    """Publish a draft; the version published before it is superseded the day before this one starts."""
    draft = PolicyVersion.objects.select_for_update().get(pk=policy.pk)
    refuse_unless_allowed(
        POLICY_ALLOWED_PREVIOUS, draft.status, PolicyStatus.PUBLISHED, "Only a draft can be published."
    )
    previous = PolicyVersion.objects.select_for_update().filter(status=PolicyStatus.PUBLISHED).first()
    if previous is not None:
        if draft.effective_from <= previous.effective_from:
            raise ValidationError(
                {"effective_from": "A new version must start after the version it replaces started."}
            )
        policy_status_change(
            policy=previous,
            status=PolicyStatus.SUPERSEDED,
            by=by,
            fields={"effective_to": draft.effective_from - dt.timedelta(days=1)},
        )
    return policy_status_change(
        policy=draft,
        status=PolicyStatus.PUBLISHED,
        by=by,
        fields={"published_at": timezone.now(), "published_by": by},
    )


@transaction.atomic
def budget_set(*, start_year: int, amount_pence: int, by: Any) -> BudgetYear:
    if amount_pence < 0:
        raise ValidationError("A budget cannot be negative.")
    budget, _ = BudgetYear.objects.update_or_create(
        start_year=start_year, defaults={"amount_pence": amount_pence}
    )
    return budget


# --- Evaluation and decision -----------------------------------------------------------------------------


@transaction.atomic
def case_create(
    *,
    child: Child,
    kind: str = CaseKind.NEW,
    received_on: dt.date | None = None,
    referral: Any = None,
    **answers: Any,
) -> GrantCase:
    """Open a case for a child, with any answers already known (for the coordinator to confirm)."""
    case = GrantCase(
        child=child,
        kind=kind,
        received_on=received_on or timezone.localdate(),
        # One reference for one application: the family's own (from the online form) where there is one.
        reference=(
            referral.reference if referral is not None and referral.reference else _new_reference("SB")
        ),
        referral=referral,
        **answers,
    )
    case.full_clean()
    case.save()
    return case


@transaction.atomic
def case_open_for_referral(*, referral: Any) -> GrantCase:
    """An accepted short breaks grant application becomes a case for evaluation, with what the family told us
    filled in. The impact and the risk of breakdown are the coordinator's to judge in the conversation."""

    if referral.route != Route.SHORT_BREAKS_GRANT:
        raise ValidationError("Only a short breaks grant application opens a grant case.")
    if referral.child_id is None:
        raise ValidationError(
            {
                "child": "Match the application to the child's record, or create a record, before accepting it: "
                "the grant evaluation is for that child."
            }
        )
    existing = GrantCase.objects.filter(referral=referral).first()
    if existing is not None:
        return existing
    details = getattr(referral, "short_breaks", None)
    answers: dict[str, Any] = {}
    kind = CaseKind.NEW
    if details is not None:
        kind = CaseKind.RENEWAL if details.is_renewal else CaseKind.NEW
        answers = {
            "has_diagnosis": bool(details.diagnosis.strip()) or None,
            "dla_rate": details.dla_care_rate if details.dla_care_rate in DlaRate.values else "",
            "carer_needs": details.carers_needs,
            "how_it_helps": details.breaks_wanted,
            "payment_method": details.payment_method,
        }
    submitted = referral.submitted_at
    return case_create(
        child=referral.child,
        kind=kind,
        received_on=timezone.localdate(submitted) if submitted else None,
        referral=referral,
        **answers,
    )


@dataclass(frozen=True)
class EvaluationAnswers:
    has_diagnosis: bool
    dla_rate: str
    lives_in_medway: bool
    impact: str
    breakdown_risk: str
    carer_needs: str
    how_it_helps: str
    payment_method: str
    primary_need: str = ""


def circumstances_for(case: GrantCase, answers: EvaluationAnswers, *, today: dt.date) -> Circumstances:
    from localoffer.grants.selectors import has_other_short_breaks

    return Circumstances(
        age=case.child.age_on(today),
        has_diagnosis=answers.has_diagnosis,
        dla_rate=answers.dla_rate,
        lives_in_medway=answers.lives_in_medway,
        impact=answers.impact,
        breakdown_risk=answers.breakdown_risk,
        other_short_breaks=has_other_short_breaks(case.child, today=today),
    )


@transaction.atomic
def case_evaluate(
    *,
    case: GrantCase,
    answers: EvaluationAnswers,
    chosen_level: int | None,
    change_reason: str,
    by: Any,
    today: dt.date | None = None,
) -> GrantCase:
    """Record the conversation and the recommended level under the published policy. The coordinator may
    choose another level only with a reason."""
    today = today or timezone.localdate()
    current = GrantCase.objects.select_for_update().select_related("child").get(pk=case.pk)
    refuse_unless_allowed(
        CASE_ALLOWED_PREVIOUS,
        current.status,
        CaseStatus.EVALUATED,
        "This case has been decided; it cannot be evaluated again.",
    )
    policy = current_policy()
    if policy is None:
        raise NoPublishedPolicy("No grant policy is published.")
    outcome = assess(policy, policy.ordered_levels(), circumstances_for(current, answers, today=today))
    recommended = outcome.level.number if outcome.eligible and outcome.level else None
    change_reason = change_reason.strip()
    if chosen_level is not None and chosen_level not in {level.number for level in policy.ordered_levels()}:
        raise ValidationError({"chosen_level": "Choose one of the policy's levels."})
    if chosen_level is not None and chosen_level != recommended and not change_reason:
        raise ValidationError(
            {
                "change_reason": "Say why the level differs from the recommendation, or keep the recommended level."
            }
        )
    chosen = chosen_level if chosen_level is not None else recommended
    return case_status_change(
        case=current,
        status=CaseStatus.EVALUATED,
        by=by,
        validate=True,
        fields={
            **answers.__dict__,
            "recommended_level": recommended,
            "recommendation_reasons": outcome.reasons,
            "chosen_level": chosen,
            "change_reason": change_reason if chosen != recommended else "",
            "evaluated_by": by,
            "evaluated_at": timezone.now(),
        },
    )


@transaction.atomic
def case_decide(
    *, case: GrantCase, approve: bool, reasons: str, signposts: str, by: Any, today: dt.date | None = None
) -> GrantCase:
    """Approve the chosen level (an award and its payment instruction), or decline with reasons."""
    today = today or timezone.localdate()
    current = GrantCase.objects.select_for_update().select_related("child").get(pk=case.pk)
    refuse_unless_allowed(
        CASE_ALLOWED_PREVIOUS, current.status, CaseStatus.APPROVED, "Only an evaluated case can be decided."
    )
    policy = current_policy()
    if policy is None:
        raise NoPublishedPolicy("No grant policy is published.")
    reasons, signposts = reasons.strip(), signposts.strip()
    if approve and current.chosen_level is None:
        raise ValidationError({"reasons": "There is no level to approve: the child does not qualify."})
    if not approve and not reasons:
        raise ValidationError({"reasons": "Give the reasons for declining, so the family understands them."})
    current = case_status_change(
        case=current,
        status=CaseStatus.APPROVED if approve else CaseStatus.DECLINED,
        by=by,
        fields={
            "policy": policy,
            "decision_reasons": reasons,
            "signposts": signposts,
            "decided_by": by,
            "decided_at": timezone.now(),
        },
    )
    with audit_context(actor=by):
        if approve:
            level = next(item for item in policy.ordered_levels() if item.number == current.chosen_level)
            award = Award.objects.create(
                case=current,
                child=current.child,
                policy=policy,
                level=level.number,
                amount_pence=level.amount_pence,
                payment_method=current.payment_method,
                budget_year=budget_year_of(today),
                starts_on=today,
                ends_on=award_ends_on(today),
            )
            if award.amount_pence > 0:
                payment_instruction_create(award=award, by=by)
    decision_message_queue(case=current)
    return current


def decision_message_queue(*, case: GrantCase) -> None:
    """Tell each of the child's family that the decision is ready to read (the letter is on their account):
    recorded with the decision, sent after commit by the messaging task, which retries."""

    for link in case.child.family_links.select_related("user"):
        message_queue(
            to=link.user.email,
            subject=f"Your short breaks grant decision ({case.reference})",
            body=(
                f"We have decided on the short breaks grant application {case.reference}.\n\n"
                "Sign in to the Local Offer to read the decision letter and download it as a PDF.\n\n"
                f"If you have questions, {short_breaks_call()}."
            ),
            about=case,
        )


# --- The payment ledger ----------------------------------------------------------------------------------


def payment_instruction_create(*, award: Award, by: Any) -> PaymentInstruction:
    """Append an instruction to pay an award. The database holds one instruction per award at most, so a
    second attempt, even at the same moment from another coordinator, is refused."""
    if award.amount_pence <= 0:
        raise ValidationError("This award pays no money.")
    try:
        with transaction.atomic():
            return PaymentInstruction.objects.create(
                reference=_new_reference("PAY"),
                award=award,
                child_id=award.child_id,
                policy_id=award.policy_id,
                budget_year=award.budget_year,
                amount_pence=award.amount_pence,
                method=award.payment_method,
                created_by=by if getattr(by, "pk", None) else None,
            )
    except IntegrityError as clash:
        if PaymentInstruction.objects.filter(award_id=award.pk).exists():
            raise AlreadyPaid(f"Award {award.pk} already has a payment instruction.") from clash
        raise


@transaction.atomic
def payment_run_create(*, by: Any) -> PaymentRun:
    """Gather every instruction not yet in a run into a new run, with its count and control total."""
    waiting = list(
        PaymentInstruction.objects.select_for_update(of=("self",))
        .filter(run_line__isnull=True)
        .order_by("created_at")
    )
    if not waiting:
        raise ValidationError("There are no payments waiting to be sent.")
    number = (PaymentRun.objects.aggregate(top=Max("number"))["top"] or 0) + 1
    run = PaymentRun.objects.create(
        number=number,
        created_by=by,
        count=len(waiting),
        control_total_pence=sum(item.amount_pence for item in waiting),
    )
    PaymentRunLine.objects.bulk_create([PaymentRunLine(run=run, instruction=item) for item in waiting])
    return run


EXPORT_HEADER = ["reference", "amount_pence", "method", "budget_year", "policy_version", "award_id"]
RETURN_HEADER = ["reference", "amount_pence", "paid_on", "finance_reference"]


def payment_run_csv(*, run: PaymentRun) -> str:
    """The file for the finance system: one line per payment, then a control line with count and total."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EXPORT_HEADER)
    lines = (
        PaymentRunLine.objects.filter(run=run)
        .select_related("instruction__policy")
        .order_by("instruction__reference")
    )
    for line in lines:
        item = line.instruction
        writer.writerow(
            [
                item.reference,
                item.amount_pence,
                item.method,
                item.budget_year,
                item.policy.number,
                item.award_id,
            ]
        )
    writer.writerow(["CONTROL", run.control_total_pence, run.count, "", "", ""])
    return out.getvalue()


class ReturnFileRejected(ValidationError):
    """The finance system's return file has errors; nothing in it was applied."""


def payment_return_import(*, text: str, by: Any) -> int:
    """Mark payments paid from the finance system's return file. Every line is checked first; one bad
    line rejects the whole file, with a message for each bad line, and nothing is applied."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows or [cell.strip().lower() for cell in rows[0]] != RETURN_HEADER:
        raise ReturnFileRejected([f"The first line must be the headings: {','.join(RETURN_HEADER)}."])
    errors: list[str] = []
    seen: set[str] = set()
    parsed: list[tuple[PaymentInstruction, dt.date, str]] = []
    body = [row for row in rows[1:] if any(cell.strip() for cell in row)]
    if not body:
        raise ReturnFileRejected(["The file has no payments in it."])
    references = [row[0].strip() for row in body if row]
    instructions = {
        item.reference: item
        for item in PaymentInstruction.objects.filter(reference__in=references).select_related(
            "run_line", "confirmation"
        )
    }
    for number, row in enumerate(body, start=2):
        if len(row) != len(RETURN_HEADER):
            errors.append(f"Line {number}: expected {len(RETURN_HEADER)} values, found {len(row)}.")
            continue
        reference, amount, paid_on, finance_reference = (cell.strip() for cell in row)
        item = instructions.get(reference)
        if item is None:
            errors.append(f"Line {number}: no payment has the reference {reference!r}.")
            continue
        if reference in seen:
            errors.append(f"Line {number}: {reference} appears more than once in the file.")
            continue
        seen.add(reference)
        if not hasattr(item, "run_line"):
            errors.append(f"Line {number}: {reference} has not been sent in a payment run.")
        if hasattr(item, "confirmation"):
            errors.append(f"Line {number}: {reference} is already marked paid.")
        if amount != str(item.amount_pence):
            errors.append(f"Line {number}: {reference} is for {item.amount_pence} pence, not {amount!r}.")
        try:
            day = dt.date.fromisoformat(paid_on)
        except ValueError:
            errors.append(f"Line {number}: the date paid {paid_on!r} must be written as YYYY-MM-DD.")
            continue
        if not finance_reference:
            errors.append(f"Line {number}: the finance reference is missing.")
        parsed.append((item, day, finance_reference))
    if errors:
        raise ReturnFileRejected(errors)
    try:
        with transaction.atomic():
            # The same file uploaded twice at once (two tabs, a double click): the instructions are locked,
            # so the second upload waits for the first and then finds them paid; nothing is applied twice.
            ids = [item.pk for item, _, _ in parsed]
            list(PaymentInstruction.objects.select_for_update().filter(pk__in=ids).values_list("pk"))
            paid = sorted(
                PaymentConfirmation.objects.filter(instruction_id__in=ids).values_list(
                    "instruction__reference", flat=True
                )
            )
            if paid:
                raise ReturnFileRejected(_paid_meanwhile(paid))
            for item, day, finance_reference in parsed:
                PaymentConfirmation.objects.create(
                    instruction=item, paid_on=day, finance_reference=finance_reference[:50], recorded_by=by
                )
    except IntegrityError:
        raise ReturnFileRejected(_paid_meanwhile([])) from None
    return len(parsed)


def _paid_meanwhile(references: list[str]) -> list[str]:
    lines = [f"{reference} was marked paid a moment ago, by another upload." for reference in references]
    return [
        *lines,
        "Another upload of a return file was applied at the same moment, so nothing in this one was. "
        "Look at the payments waiting: upload the file again only if some are still not marked paid.",
    ]
