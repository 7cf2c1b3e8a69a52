"""What each role can do, as the links on a signed-in person's home page. A link shows only when the
person holds the permission behind it; the permission, not this list, is what protects the page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from localoffer.core.roles import FAMILY_ROLES, Role


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
        "earlyhelp.see_caseload",
        "Early help families",
        "earlyhelp:caseload",
        "The hub's caseload, each lead practitioner's families, and plans overdue for review.",
    ),
    Capability(
        "earlyhelp.see_outcomes",
        "Early help outcomes",
        "earlyhelp:outcomes",
        "For a period: families supported and sustained outcomes under each heading, with the evidence.",
    ),
    Capability(
        "transitions.manage",
        "Transitions",
        "transitions:due",
        "Young people within 6 months of 14, 16, 17, 18 and 25, and any transition past due.",
    ),
    Capability(
        "transitions.choose_sharing",
        "Who may see your record",
        "transitions:sharing",
        "From 18 you decide who in your family may see your record.",
    ),
    Capability(
        "earlyhelp.see_own_family",
        "Your family's early help",
        "earlyhelp:family",
        "Who your lead person is, your family plan, and a place to say how it is going.",
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
        "places.request",
        "Short breaks places",
        "places:mine",
        "Ask for nights at Parklands or sessions at ROCC, answer offers, and see why each was given.",
    ),
    Capability(
        "places.allocate",
        "Allocating places",
        "places:windows",
        "Request windows, allocation runs by the published priority, what-ifs, and publishing the offers.",
    ),
    Capability(
        "places.provide",
        "Your setting",
        "places:setting",
        "Your setting's calendar, the children booked and their care information, attendance, and payments.",
    ),
    Capability(
        "places.view_utilisation",
        "Places: utilisation and cost",
        "places:utilisation",
        "Units open, staffed, booked and used by setting and month, and the cost per night or session.",
    ),
    Capability(
        "places.export_returns",
        "SSDA903 return for short breaks",
        "places:ssda903",
        "The looked-after return's header and episodes for overnight short breaks, for any year.",
    ),
    Capability(
        "packages.see_own",
        "Your family's support",
        "packages:mine",
        "Every route of support for each of your children, what it costs a year, and your monitoring returns.",
    ),
    Capability(
        "packages.view_caseload",
        "Packages across the caseload",
        "packages:caseload",
        "Families funded through more than one route, totals by route, need and area, and double funding.",
    ),
    Capability(
        "packages.run_payments",
        "Direct payment runs",
        "packages:payments",
        "Write the instalments due, prepare, check, approve and send runs, and mark them paid.",
    ),
    Capability(
        "packages.switch_route",
        "Switch a card provider's payees",
        "packages:provider-switch",
        "When a prepaid card provider stops, switch every payee it pays to their recorded second route.",
    ),
    Capability(
        "packages.view_expenditure",
        "Expenditure by service line",
        "packages:expenditure",
        "Spending on each short breaks service line for a year, from the ledgers and the packages.",
    ),
    Capability(
        "packages.view_rates",
        "Rate card",
        "packages:rates",
        "The cost of a session by ratio and provider, as packages are costed, with the dates each applies.",
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


def who_you_are(user: Any) -> str:
    """The caption over a person's home page: their role, then their team and organisation, each named once
    (a social worker's role already names the 0 to 25 disability team, a duty worker's the duty service)."""
    parts = [Role(user.role).label] if user.role else []
    for name in (getattr(user.team, "name", ""), user.organisation or ""):
        if name and not any(name.casefold() in part.casefold() for part in parts):
            parts.append(str(name))
    return ", ".join(parts)
