"""The short breaks services statement (Breaks for Carers of Disabled Children Regulations 2011), generated
from the Local Offer's services by level of need and from the published grant policy.

A version's content is a snapshot: publishing a new one keeps the old ones readable as they were. A draft
lists what changed since the version last published."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone

from localoffer.core.money import pounds
from localoffer.core.pdf import pdf_from_html
from localoffer.directory.models import Level
from localoffer.directory.selectors import public_services
from localoffer.grants.models import PolicyVersion, Statement, StatementStatus
from localoffer.grants.services import current_policy
from localoffer.grants.status import (
    STATEMENT_ALLOWED_PREVIOUS,
    refuse_unless_allowed,
    statement_status_change,
)
from localoffer.referrals.routes import DISABILITY_TEAM, DUTY_TEAM, SDS_TEAM
from localoffer.teams.selectors import team_by_slug

LEVEL_INTROS = {
    Level.UNIVERSAL: "Open to every child, with no assessment. Most children with mild needs can use these.",
    Level.TARGETED: "For children whose needs universal services cannot meet: after a short break application "
    "and assessment, including the short breaks grant.",
    Level.SPECIALIST: "For children with complex needs, after an assessment by the 0 to 25 disability team.",
}

# Strategy s8: how families were consulted.
CONSULTATION = (
    "A 12-week engagement period ran from 24 July to 13 October 2023. 193 parents and carers answered an online "
    "survey, and we visited ROCC, Parklands and Medway Go SEND sessions to listen to children and young people, "
    "with coffee mornings and drop-ins for parents, paying particular attention to families who find it harder "
    "to reach services. We keep this statement under review and ask families' views on each new version."
)
CARERS = (
    "Short breaks give parents and carers time to rest and recharge, to spend time with their other children, "
    "and to work, study or take part in leisure activities, while the child enjoys activities of their own. "
    "The range runs from activities every family can use without an assessment, through the short breaks grant "
    "the family spends as it chooses, to overnight breaks for children with the most complex needs."
)
# Who to ask, for what: each line names a team whose number comes from its record (teams app).
ASK_FOR_HELP = [
    ("Short breaks and the short breaks grant: the self-directed support team", SDS_TEAM),
    (
        "An assessment by the 0 to 25 disability team, or a concern about a child's safety: the Children's "
        "Advice and Duty Service",
        DUTY_TEAM,
    ),
    ("Advice from the 0 to 25 disability team", DISABILITY_TEAM),
]


def ask_for_help() -> list[str]:
    lines = []
    for what, slug in ASK_FOR_HELP:
        team = team_by_slug(slug)
        if team is not None and team.phone:
            lines.append(f"{what}, {team.phone}.")
        else:
            lines.append(f"{what}: see the council's Contact us page.")
    return [*lines, "If a child is in immediate danger, call 999."]


def statement_content(*, policy: PolicyVersion, today: dt.date) -> dict[str, Any]:
    services = public_services(today=today).order_by("name")
    sections = []
    for level in Level:
        items = [
            {
                "name": service.name,
                "slug": service.slug,
                "description": service.description,
                "eligibility": service.eligibility,
                "next_step": service.next_step,
                "ages": _ages(service.minimum_age, service.maximum_age),
            }
            for service in services.filter(level=level)
        ]
        sections.append(
            {
                "level": level.value,
                "heading": level.label.split(":")[0],
                "intro": LEVEL_INTROS[level],
                "services": items,
            }
        )
    return {
        "policy_number": policy.number,
        "sections": sections,
        "grant": {
            "criteria": grant_criteria(policy),
            "levels": [
                {
                    "name": level.name,
                    "description": level.description,
                    "amount_pence": level.amount_pence,
                    "universal_offer_priority": level.universal_offer_priority,
                }
                for level in policy.ordered_levels()
            ],
            "inclusions": policy.inclusions,
            "exclusions": policy.exclusions,
            "renewal": policy.get_renewal_mode_display(),
        },
        "carers": CARERS,
        "consultation": CONSULTATION,
        "ask_for_help": ask_for_help(),
    }


def grant_criteria(policy: PolicyVersion) -> list[str]:
    criteria = [
        f"{policy.get_criteria_rule_display()}.",
        f"Aged {policy.minimum_age} to {policy.maximum_age}.",
    ]
    if policy.requires_medway_residence:
        criteria.append("Living in Medway.")
    if policy.minimum_dla_rate not in ("lowest", "none"):
        criteria.append(f"DLA counts at the {policy.get_minimum_dla_rate_display().lower()} or higher.")
    if policy.stops_with_other_short_breaks:
        criteria.append("The grant stops when the family gets short breaks through another route.")
    return criteria


def _ages(low: int | None, high: int | None) -> str:
    if low is None and high is None:
        return "All ages"
    return f"Ages {low if low is not None else 0} to {high if high is not None else 25}"


def statement_changes(old: dict[str, Any] | None, new: dict[str, Any]) -> list[str]:
    """What a reader of the last published version would need told, in plain words."""
    if old is None:
        return ["The first published statement."]
    changes: list[str] = []
    old_sections = {section["level"]: section for section in old["sections"]}
    for section in new["sections"]:
        before = {item["name"] for item in old_sections.get(section["level"], {"services": []})["services"]}
        after = {item["name"] for item in section["services"]}
        changes += [f"{section['heading']}: {name} added." for name in sorted(after - before)]
        changes += [f"{section['heading']}: {name} no longer listed." for name in sorted(before - after)]
    if old["grant"]["criteria"] != new["grant"]["criteria"]:
        changes.append("The short breaks grant's eligibility criteria changed.")
    old_levels = {level["name"]: level for level in old["grant"]["levels"]}
    for level in new["grant"]["levels"]:
        previous = old_levels.get(level["name"])
        if previous and previous["amount_pence"] != level["amount_pence"]:
            changes.append(
                f"{level['name']}: {pounds(previous['amount_pence'])} becomes {pounds(level['amount_pence'])}."
            )
    if (
        old["grant"]["inclusions"] != new["grant"]["inclusions"]
        or old["grant"]["exclusions"] != new["grant"]["exclusions"]
    ):
        changes.append("What the grant may and may not pay for changed.")
    if old["grant"]["renewal"] != new["grant"]["renewal"]:
        changes.append(f"Renewal is now by {new['grant']['renewal'].lower()}.")
    return changes or ["No change in the services or the policy since the last published version."]


def published_statement() -> Statement | None:
    return Statement.objects.filter(status=StatementStatus.PUBLISHED).first()


@transaction.atomic
def statement_draft_create(*, by: Any, today: dt.date | None = None) -> Statement:
    """A new draft from today's Local Offer and the published policy, with what changed."""
    today = today or timezone.localdate()
    policy = current_policy()
    if policy is None:
        raise ValidationError("Publish a grant policy before drafting the statement.")
    content = statement_content(policy=policy, today=today)
    last = published_statement()
    Statement.objects.filter(status=StatementStatus.DRAFT).delete()
    number = (Statement.objects.aggregate(top=Max("number"))["top"] or 0) + 1
    return Statement.objects.create(
        number=number,
        policy=policy,
        content=content,
        changes=statement_changes(last.content if last else None, content),
        created_by=by,
    )


@transaction.atomic
def statement_publish(*, statement: Statement, by: Any, today: dt.date | None = None) -> Statement:
    draft = Statement.objects.select_for_update().get(pk=statement.pk)
    refuse_unless_allowed(
        STATEMENT_ALLOWED_PREVIOUS,
        draft.status,
        StatementStatus.PUBLISHED,
        "Only a draft statement can be published.",
    )
    for previous in Statement.objects.select_for_update().filter(status=StatementStatus.PUBLISHED):
        statement_status_change(statement=previous, status=StatementStatus.SUPERSEDED, by=by)
    return statement_status_change(
        statement=draft,
        status=StatementStatus.PUBLISHED,
        by=by,
        fields={"published_on": today or timezone.localdate(), "published_by": by},
    )


def statement_pdf(*, statement: Statement) -> bytes:
    """A tagged PDF (PDF/UA-1) in English, for people who print or keep a copy."""
    return pdf_from_html(
        render_to_string("grants/statement_pdf.html", {"statement": statement, "content": statement.content})
    )
