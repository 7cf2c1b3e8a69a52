"""What each role can do, as the links on a signed-in person's home page. A link shows only when the
person holds the permission behind it; the permission, not this list, is what protects the page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from localoffer.core.roles import FAMILY_ROLES


@dataclass(frozen=True)
class Capability:
    permission: str
    title: str
    url_name: str
    description: str


CAPABILITIES = [
    Capability(
        "people.list_children",
        "Children and young people",
        "people:child-list",
        "Open the records of the children you work with or care for. Every view is recorded.",
    ),
    Capability(
        "casework.see_own_work",
        "Your casework",
        "casework:my-work",
        "Your assessments and reviews, overdue and nearly due first, and anything you were typing.",
    ),
    Capability(
        "casework.see_team_work",
        "Your team's casework",
        "casework:team",
        "Authorise assessments and plans, see what is overdue, run panels and the Children in Need census.",
    ),
    Capability(
        "casework.see_duty_work",
        "Duty",
        "casework:duty",
        "Referrals on the 1-working-day clock, section 47 enquiries and their conference dates.",
    ),
    Capability(
        "referrals.see_queue",
        "Referrals for your team",
        "referrals:queue",
        "Applications and referrals waiting for your team: safety concerns first, then the longest waiting.",
    ),
    Capability(
        "referrals.apply",
        "Your applications and referrals",
        "referrals:mine",
        "Ask for help online, carry on with what you saved, and see where each one is.",
    ),
    Capability(
        "audit.search_trail",
        "Audit trail",
        "audit:search",
        "Search who viewed, created, changed or deleted a record, when, from where and why.",
    ),
    Capability(
        "directory.see_own_listings",
        "Local Offer listings",
        "directory:manage",
        "Keep listings true: change them, or propose changes to your own, and see which are due for review.",
    ),
    Capability(
        "directory.manage_listings",
        "Changes waiting for an editor",
        "directory:queue",
        "Approve or turn down the changes providers propose to their listings.",
    ),
    Capability(
        "feedback.view",
        "Feedback on the Local Offer",
        "feedback:queue",
        "Problems reported with listings and comments on the Local Offer, and the council's responses.",
    ),
    Capability(
        "grants.see_own_decisions",
        "Short breaks grant decisions",
        "grants:my-decisions",
        "Read and download the decision letters about your family's short breaks grant.",
    ),
    Capability(
        "grants.evaluate",
        "Short breaks grant cases",
        "grants:cases",
        "Evaluate applications and renewals, see the family's whole package, and decide.",
    ),
    Capability(
        "grants.evaluate",
        "Spending to follow up",
        "grants:spending-flagged",
        "What families recorded buying with the grant that the policy says it cannot pay for.",
    ),
    Capability(
        "grants.manage_renewals",
        "Short breaks grant renewals",
        "grants:renewals",
        "Invitations, reminders and lapses, and changes of circumstance that may end an award.",
    ),
    Capability(
        "grants.manage_policy",
        "Short breaks grant policy",
        "grants:policy-manage",
        "Draft a new version of the policy, see its effect on today's caseload, and publish it.",
    ),
    Capability(
        "grants.run_payments",
        "Short breaks grant payments",
        "grants:payments",
        "Make payment runs for the finance system and mark payments paid from its return file.",
    ),
    Capability(
        "grants.view_budget",
        "Short breaks grant budget",
        "grants:budget",
        "Committed, paid and remaining against the year's budget, by level and month, with a forecast.",
    ),
    Capability(
        "grants.manage_statement",
        "Short breaks services statement",
        "grants:statement-manage",
        "Draft the statement from the Local Offer and the policy, see what changed, and publish it.",
    ),
    Capability(
        "accounts.administer_service",
        "Administer the service",
        "admin:index",
        "Manage user accounts, roles, teams, contact details and bank holidays.",
    ),
]


def capabilities_for(user: Any) -> list[dict[str, str]]:
    items = []
    for capability in CAPABILITIES:
        if user.has_perm(capability.permission):
            title = capability.title
            if capability.permission == "people.list_children" and user.role in FAMILY_ROLES:
                title = "Your family's records"
            items.append(
                {"title": title, "url": reverse(capability.url_name), "description": capability.description}
            )
    return items
