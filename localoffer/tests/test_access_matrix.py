"""Every URL, for every role and for someone not signed in: the response each must get.

A URL added without an entry here fails `test_every_url_is_in_the_matrix`, so no page ships unconsidered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from localoffer.audit.models import Action, AuditEvent
from localoffer.core.roles import STAFF_ROLES, Role
from localoffer.directory.models import Service
from localoffer.earlyhelp.tests.helpers import earlyhelp_context
from localoffer.feedback.tests.helpers import a_comment, a_listing_report
from localoffer.grants.tests.helpers import grants_context
from localoffer.packages.tests.helpers import packages_context
from localoffer.places.tests.helpers import places_context

ANONYMOUS = "anonymous"
# Provider staff of a second setting (ROCC's holiday club; the fixture's provider staff work at Parklands):
# unless an entry says otherwise, they get what provider staff get.
OTHER_PROVIDER = "provider_staff_of_another_setting"
EVERYONE = [ANONYMOUS, *Role.values, OTHER_PROVIDER]
SIGNED_IN = [*Role.values, OTHER_PROVIDER]
CHILD_LIST_ROLES = {
    Role.PARENT_CARER,
    Role.YOUNG_PERSON,
    Role.SOCIAL_WORKER,
    Role.SDS_COORDINATOR,
    Role.EARLY_HELP_PRACTITIONER,
    Role.DUTY_WORKER,
    Role.MANAGER,
}


@dataclass
class Entry:
    expected: dict[str, int]
    kwargs: Callable[[Any], dict[str, Any]] = field(default=lambda ctx: {})
    method: str = "get"


def _other_provider(by_role: dict[str, int]) -> int:
    return by_role.get(OTHER_PROVIDER, by_role.get(Role.PROVIDER_STAFF, 403))


def signed_in_only(**by_role: int) -> dict[str, int]:
    """Anonymous people are sent to sign in; roles not named are refused (403)."""
    return {
        ANONYMOUS: 302,
        **{role: by_role.get(role, 403) for role in Role.values},
        OTHER_PROVIDER: _other_provider(by_role),
    }


def applicant_only(**by_role: int) -> dict[str, int]:
    """An application's own pages: its account, or the browser holding it (none here), else refused (403).
    Someone not signed in is not sent to sign in: without an account, the emailed link brings it back."""
    return {
        ANONYMOUS: 403,
        **{role: by_role.get(role, 403) for role in Role.values},
        OTHER_PROVIDER: _other_provider(by_role),
    }


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(EVERYONE, status)


FEEDBACK_VIEWERS = {Role.LOCAL_OFFER_EDITOR: 200, Role.MANAGER: 200}
GRANT_MANAGERS = {Role.MANAGER: 200}
GRANT_PLANNERS = {Role.MANAGER: 200, Role.COMMISSIONER: 200}
GRANT_PAYERS = {Role.SDS_COORDINATOR: 200, Role.MANAGER: 200}
# The decision letter: the child's family and the short breaks team working with the child. Managers and duty
# workers would first need to say why, so are refused here.
LETTER_READERS = {Role.PARENT_CARER: 200, Role.SDS_COORDINATOR: 200}
PACKAGE_READERS = {
    Role.PARENT_CARER: 200,
    Role.SOCIAL_WORKER: 200,
    Role.SDS_COORDINATOR: 200,
    Role.MANAGER: 200,
}
PACKAGE_SETTERS = {Role.SOCIAL_WORKER: 200, Role.SDS_COORDINATOR: 200}
APPLICANTS = dict.fromkeys([Role.PARENT_CARER, Role.YOUNG_PERSON, Role.REFERRING_PROFESSIONAL], 200)
# Early help: the hub's practitioners, managers overseeing the hubs, and the fixture episode's lead, a partner
# practitioner (who sees only the families they lead).
EARLY_HELP_WORKERS = dict.fromkeys(
    [Role.EARLY_HELP_PRACTITIONER, Role.MANAGER, Role.PARTNER_PRACTITIONER], 200
)
EARLY_HELP_OUTCOMES = dict.fromkeys([Role.EARLY_HELP_PRACTITIONER, Role.MANAGER, Role.COMMISSIONER], 200)
REFERRAL_QUEUES = dict.fromkeys(
    [Role.DUTY_WORKER, Role.SOCIAL_WORKER, Role.SDS_COORDINATOR, Role.EARLY_HELP_PRACTITIONER, Role.MANAGER],
    200,
)

PLACE_ASKERS = dict.fromkeys(
    [
        Role.PARENT_CARER,
        Role.YOUNG_PERSON,
        Role.SOCIAL_WORKER,
        Role.SDS_COORDINATOR,
        Role.EARLY_HELP_PRACTITIONER,
    ],
    200,
)
PLACE_ALLOCATORS = {Role.COMMISSIONER: 200, Role.MANAGER: 200}
# Each provider account sees its own setting: Parklands for the fixture's, ROCC's holiday club for the other.
PLACE_PROVIDERS = {Role.PROVIDER_STAFF: 200, OTHER_PROVIDER: 200}
CASEWORKERS = dict.fromkeys([Role.SOCIAL_WORKER, Role.SDS_COORDINATOR, Role.EARLY_HELP_PRACTITIONER], 200)
# The practitioners and manager of the team working with the fixture child (the 0 to 25 disability team).
CHILD_TEAM = {Role.SOCIAL_WORKER: 200, Role.MANAGER: 200}

MATRIX: dict[str, Entry] = {
    "council:home": Entry(everyone(200)),
    "council:accessibility": Entry(everyone(200)),
    "council:privacy": Entry(everyone(200)),
    "core:health-live": Entry(everyone(200)),
    "core:health-ready": Entry(everyone(200)),
    "teams:contact-us": Entry(everyone(200)),
    "accounts:sign-in": Entry({ANONYMOUS: 200, **dict.fromkeys(SIGNED_IN, 302)}),
    "accounts:sign-out": Entry(everyone(200)),
    "accounts:session-expired": Entry(everyone(200)),
    "accounts:dashboard": Entry(signed_in_only(**dict.fromkeys(SIGNED_IN, 200))),
    # Staff confirm a code there; families and referrers, who have no authenticator, are sent on.
    "accounts:two-factor": Entry(
        signed_in_only(
            **{role: 200 if role in STAFF_ROLES or role == OTHER_PROVIDER else 302 for role in SIGNED_IN}
        )
    ),
    "accounts:keep-alive": Entry({ANONYMOUS: 401, **dict.fromkeys(SIGNED_IN, 204)}, method="post"),
    # A family creates its own account; someone already signed in is sent to their account page.
    "accounts:account-create": Entry({ANONYMOUS: 200, **dict.fromkeys(SIGNED_IN, 302)}),
    "accounts:account-create-sent": Entry(everyone(302)),  # nothing asked for from this browser
    "accounts:create-password": Entry(everyone(200), kwargs=lambda ctx: {"token": ctx["account_link"]}),
    "accounts:account-created": Entry(everyone(302)),  # no account made from this browser: to sign in
    # Anyone resets a forgotten password; the pages never say whether an address has an account.
    "accounts:password-reset": Entry(everyone(200)),
    "accounts:password-reset-sent": Entry(everyone(200)),
    "accounts:password-reset-confirm": Entry(
        everyone(200), kwargs=lambda ctx: {"uidb64": "MQ", "token": "not-a-reset-token"}
    ),
    "accounts:password-reset-complete": Entry(everyone(200)),
    "people:child-list": Entry(signed_in_only(**dict.fromkeys(CHILD_LIST_ROLES, 200))),
    # The fixture child: the parent's own child, worked with by the 0 to 25 disability team. Duty workers and
    # managers are first asked why (302 to the purpose page).
    "people:child-detail": Entry(
        signed_in_only(
            **{Role.PARENT_CARER: 200, Role.SOCIAL_WORKER: 200, Role.DUTY_WORKER: 302, Role.MANAGER: 302}
        ),
        kwargs=lambda ctx: {"child_id": ctx["child"].id},
    ),
    "people:child-purpose": Entry(
        signed_in_only(**dict.fromkeys(CHILD_LIST_ROLES, 200)),
        kwargs=lambda ctx: {"child_id": ctx["child"].id},
    ),
    "earlyhelp:caseload": Entry(signed_in_only(**EARLY_HELP_WORKERS)),
    "earlyhelp:outcomes": Entry(signed_in_only(**EARLY_HELP_OUTCOMES)),
    "earlyhelp:outcomes-csv": Entry(signed_in_only(**EARLY_HELP_OUTCOMES)),
    "earlyhelp:family": Entry(signed_in_only(**{Role.PARENT_CARER: 200, Role.YOUNG_PERSON: 200})),
    # The parent's account is in the fixture family; the young person's is not.
    "earlyhelp:feedback": Entry(
        signed_in_only(**{Role.PARENT_CARER: 200}), kwargs=lambda ctx: {"episode_id": ctx["episode"].id}
    ),
    # Stepping the fixture child down: the 0 to 25 team works with the child; duty is first asked why.
    "earlyhelp:step-down": Entry(
        signed_in_only(**{Role.SOCIAL_WORKER: 200, Role.DUTY_WORKER: 302}),
        kwargs=lambda ctx: {"child_id": ctx["child"].id},
    ),
    # Social care reads an episode only once a step up is sent to its team: none here.
    "earlyhelp:episode": Entry(
        signed_in_only(**EARLY_HELP_WORKERS), kwargs=lambda ctx: {"episode_id": ctx["episode"].id}
    ),
    **{
        f"earlyhelp:{name}": Entry(
            signed_in_only(**EARLY_HELP_WORKERS), kwargs=lambda ctx: {"episode_id": ctx["episode"].id}
        )
        for name in (
            "lead",
            "assessment",
            "plan-add",
            "team-add",
            "member-add",
            "progress",
            "step-up",
            "close",
        )
    },
    "earlyhelp:action-done": Entry(
        signed_in_only(**dict.fromkeys(EARLY_HELP_WORKERS, 302)),
        kwargs=lambda ctx: {"episode_id": ctx["episode"].id, "action_id": ctx["plan_action"].id},
        method="post",
    ),
    # Transitions: the 0 to 25 team's social workers, for the children they work with (the fixture child).
    "transitions:due": Entry(signed_in_only(**{Role.SOCIAL_WORKER: 200})),
    "transitions:record": Entry(
        signed_in_only(**{Role.SOCIAL_WORKER: 200}),
        kwargs=lambda ctx: {"child_id": ctx["child"].id, "age": 16},
    ),
    # The young person's own choice of who may see their record (the fixture has no record of theirs: it says so).
    "transitions:sharing": Entry(signed_in_only(**{Role.YOUNG_PERSON: 200})),
    # Changing who the child is and their family network: the team working with the child; duty and managers
    # first say why (302 to the purpose page); the family reads the record but does not change it.
    "people:child-edit": Entry(
        signed_in_only(**{Role.SOCIAL_WORKER: 200, Role.DUTY_WORKER: 302, Role.MANAGER: 302}),
        kwargs=lambda ctx: {"child_id": ctx["child"].id},
    ),
    "people:family-member-new": Entry(
        signed_in_only(**{Role.SOCIAL_WORKER: 200, Role.DUTY_WORKER: 302, Role.MANAGER: 302}),
        kwargs=lambda ctx: {"child_id": ctx["child"].id},
    ),
    # Casework: the worker's, the team manager's and duty's lists; each record for the team working with the
    # child (the fixture child: the 0 to 25 disability team, whose social worker and manager are in the fixture).
    "casework:my-work": Entry(signed_in_only(**CASEWORKERS)),
    "casework:team": Entry(signed_in_only(**{Role.MANAGER: 200})),
    "casework:duty": Entry(signed_in_only(**{Role.DUTY_WORKER: 200})),
    # A save with nothing to save is refused (400) for those who keep drafts.
    "casework:autosave": Entry(
        signed_in_only(**dict.fromkeys([*CASEWORKERS, Role.MANAGER, Role.DUTY_WORKER], 400)), method="post"
    ),
    "casework:note-new": Entry(
        signed_in_only(**CHILD_TEAM), kwargs=lambda ctx: {"child_id": ctx["child"].id}
    ),
    # A case note and its history: the team working with the child. Correcting it: its author (the fixture's
    # social worker wrote it) or their team's manager.
    "casework:note": Entry(signed_in_only(**CHILD_TEAM), kwargs=lambda ctx: {"note_id": ctx["note"].id}),
    "casework:note-correct": Entry(
        signed_in_only(**CHILD_TEAM), kwargs=lambda ctx: {"note_id": ctx["note"].id}
    ),
    "casework:carer-assessment-new": Entry(
        signed_in_only(**CHILD_TEAM), kwargs=lambda ctx: {"child_id": ctx["child"].id}
    ),
    "casework:plan-new": Entry(
        signed_in_only(**CHILD_TEAM), kwargs=lambda ctx: {"child_id": ctx["child"].id}
    ),
    # Duty and managers may start an enquiry about any child, after saying why they opened the record.
    "casework:section47-new": Entry(
        signed_in_only(**{Role.DUTY_WORKER: 302, Role.MANAGER: 302}),
        kwargs=lambda ctx: {"child_id": ctx["child"].id},
    ),
    # A child protection plan: safeguarding roles of a team working with the child (here the manager's).
    "casework:cp-plan-new": Entry(
        signed_in_only(**{Role.MANAGER: 200}), kwargs=lambda ctx: {"child_id": ctx["child"].id}
    ),
    "casework:assessment": Entry(
        signed_in_only(**CHILD_TEAM), kwargs=lambda ctx: {"assessment_id": ctx["assessment"].id}
    ),
    "casework:assessment-step": Entry(
        signed_in_only(**CHILD_TEAM),
        kwargs=lambda ctx: {"assessment_id": ctx["assessment"].id, "step": "needs"},
    ),
    # Sending an incomplete assessment is refused on its page (back to it, 302).
    "casework:assessment-submit": Entry(
        signed_in_only(**dict.fromkeys(CHILD_TEAM, 302)),
        kwargs=lambda ctx: {"assessment_id": ctx["assessment"].id},
        method="post",
    ),
    "casework:assessment-authorise": Entry(
        signed_in_only(**{Role.MANAGER: 200}), kwargs=lambda ctx: {"assessment_id": ctx["assessment"].id}
    ),
    "casework:plan": Entry(signed_in_only(**CHILD_TEAM), kwargs=lambda ctx: {"plan_id": ctx["plan"].id}),
    # Only the team's manager authorises; an authorised plan is not authorised again: back to it with why (302).
    "casework:plan-authorise": Entry(
        signed_in_only(**{Role.MANAGER: 302}), kwargs=lambda ctx: {"plan_id": ctx["plan"].id}, method="post"
    ),
    # Changing a draft plan's support (a carer's support plan, still a draft): the team working with the child.
    "casework:line-change": Entry(
        signed_in_only(**CHILD_TEAM),
        kwargs=lambda ctx: {"plan_id": ctx["draft_plan"].id, "line_id": ctx["draft_line"].id},
    ),
    "casework:line-remove": Entry(
        signed_in_only(**CHILD_TEAM),
        kwargs=lambda ctx: {"plan_id": ctx["draft_plan"].id, "line_id": ctx["draft_line"].id},
    ),
    "casework:plan-panel": Entry(
        signed_in_only(**CHILD_TEAM), kwargs=lambda ctx: {"plan_id": ctx["plan"].id}
    ),
    "casework:review": Entry(
        signed_in_only(**CHILD_TEAM), kwargs=lambda ctx: {"review_id": ctx["review"].id}
    ),
    "casework:panels": Entry(signed_in_only(**{Role.MANAGER: 200})),
    "casework:panel": Entry(
        signed_in_only(**{Role.MANAGER: 200}), kwargs=lambda ctx: {"panel_id": ctx["panel"].id}
    ),
    "casework:panel-decide": Entry(
        signed_in_only(**{Role.MANAGER: 200}), kwargs=lambda ctx: {"case_id": ctx["panel_case"].id}
    ),
    # The enquiry's page (about another child): duty, whose team starting the enquiry involved.
    "casework:section47": Entry(
        signed_in_only(**{Role.DUTY_WORKER: 200}), kwargs=lambda ctx: {"enquiry_id": ctx["enquiry"].id}
    ),
    "casework:census": Entry(signed_in_only(**{Role.MANAGER: 200})),
    "casework:census-download": Entry(
        signed_in_only(**{Role.MANAGER: 200}), kwargs=lambda ctx: {"year": 2026}
    ),
    "audit:search": Entry(signed_in_only(**{Role.MANAGER: 200})),
    "directory:search": Entry(everyone(200)),
    "directory:service": Entry(everyone(200), kwargs=lambda ctx: {"slug": ctx["service"].slug}),
    "directory:guide": Entry(everyone(200)),
    "feedback:report": Entry(everyone(200), kwargs=lambda ctx: {"slug": ctx["service"].slug}),
    "feedback:comment": Entry(everyone(200)),
    "feedback:sent": Entry(everyone(404)),  # nothing sent from this browser, so nothing to confirm
    "feedback:you-said-we-did": Entry(everyone(200)),
    "feedback:queue": Entry(signed_in_only(**FEEDBACK_VIEWERS)),
    "feedback:report-detail": Entry(
        signed_in_only(**FEEDBACK_VIEWERS),
        kwargs=lambda ctx: {"report_id": a_listing_report(service=ctx["service"]).id},
    ),
    "feedback:comment-detail": Entry(
        signed_in_only(**FEEDBACK_VIEWERS), kwargs=lambda ctx: {"comment_id": a_comment().id}
    ),
    "directory:manage": Entry(signed_in_only(**{Role.LOCAL_OFFER_EDITOR: 200, Role.PROVIDER_STAFF: 200})),
    "directory:queue": Entry(signed_in_only(**{Role.LOCAL_OFFER_EDITOR: 200})),
    "directory:new-listing": Entry(signed_in_only(**{Role.LOCAL_OFFER_EDITOR: 200})),
    "directory:decide": Entry(
        signed_in_only(**{Role.LOCAL_OFFER_EDITOR: 200}), kwargs=lambda ctx: {"change_id": ctx["change"].id}
    ),
    # The fixture's provider works for another organisation than the listing's, so is refused too.
    "directory:manage-listing": Entry(
        signed_in_only(**{Role.LOCAL_OFFER_EDITOR: 200}), kwargs=lambda ctx: {"slug": ctx["service"].slug}
    ),
    "directory:shortlist": Entry(everyone(200)),
    # Adding, removing and sending all send people back to their shortlist.
    "directory:shortlist-add": Entry(everyone(302), method="post"),
    "directory:shortlist-remove": Entry(everyone(302), method="post"),
    "directory:shortlist-email": Entry(everyone(302), method="post"),  # an empty shortlist: nothing to send
    "directory:guide-question": Entry(everyone(200), kwargs=lambda ctx: {"question": "age"}),
    "directory:guide-results": Entry(everyone(302)),  # with no answers, back to the first question
    # Asking for help: the start pages are public; starting (a POST) asks people to sign in.
    "referrals:index": Entry(everyone(200)),
    "referrals:apply-short-breaks": Entry(everyone(200)),
    "referrals:apply-disability-team": Entry(everyone(200)),
    "referrals:apply-early-help": Entry(everyone(200)),
    "referrals:apply-carers-assessment": Entry(everyone(200)),
    "referrals:apply-supported-living": Entry(everyone(200)),
    "referrals:safety-start": Entry(everyone(200)),
    "referrals:safety-concern": Entry(everyone(200)),
    "referrals:safety-sent": Entry(everyone(404)),  # nothing sent from this browser, so nothing to confirm
    "referrals:mine": Entry(signed_in_only(**APPLICANTS)),
    # The fixture's draft is the parent's own: nobody else sees a draft.
    "referrals:step": Entry(
        applicant_only(**{Role.PARENT_CARER: 200}),
        kwargs=lambda ctx: {"referral_id": ctx["draft"].id, "step": "who"},
    ),
    "referrals:check": Entry(
        applicant_only(**{Role.PARENT_CARER: 200}), kwargs=lambda ctx: {"referral_id": ctx["draft"].id}
    ),
    # The parent has a child on record, so is asked which child it is for.
    "referrals:which-child": Entry(
        applicant_only(**{Role.PARENT_CARER: 200}), kwargs=lambda ctx: {"referral_id": ctx["draft"].id}
    ),
    # No earlier application for this child: on to the first page.
    "referrals:earlier-answers": Entry(
        applicant_only(**{Role.PARENT_CARER: 302}), kwargs=lambda ctx: {"referral_id": ctx["draft"].id}
    ),
    # Saving by email is for drafts without an account: an account's draft is kept in the account.
    "referrals:save": Entry(
        applicant_only(**{Role.PARENT_CARER: 302}), kwargs=lambda ctx: {"referral_id": ctx["draft"].id}
    ),
    "referrals:saved": Entry(
        applicant_only(**{Role.PARENT_CARER: 302}), kwargs=lambda ctx: {"referral_id": ctx["draft"].id}
    ),
    # An emailed link that does not exist opens nothing, for anyone.
    "referrals:return": Entry(everyone(404), kwargs=lambda ctx: {"token": "not-a-real-token"}),
    # The page of an application sent without an account; the parent's own is their account's page.
    "referrals:application": Entry(
        applicant_only(**{Role.PARENT_CARER: 302}), kwargs=lambda ctx: {"referral_id": ctx["referral"].id}
    ),
    # Its sender sends a document after sending; nobody else.
    "referrals:add-document": Entry(
        applicant_only(**{Role.PARENT_CARER: 200}), kwargs=lambda ctx: {"referral_id": ctx["referral"].id}
    ),
    "referrals:queue": Entry(signed_in_only(**REFERRAL_QUEUES)),
    # Finding any referral: the same staff as the queues, each finding only what they may see.
    "referrals:find": Entry(signed_in_only(**REFERRAL_QUEUES)),
    # The fixture's referral: the parent's short breaks application, in the self-directed support team's queue.
    "referrals:detail": Entry(
        signed_in_only(**{Role.PARENT_CARER: 200, Role.SDS_COORDINATOR: 200}),
        kwargs=lambda ctx: {"referral_id": ctx["referral"].id},
    ),
    # The document sent with it: the same people as the referral.
    "referrals:evidence": Entry(
        signed_in_only(**{Role.PARENT_CARER: 200, Role.SDS_COORDINATOR: 200}),
        kwargs=lambda ctx: {"referral_id": ctx["referral"].id, "evidence_id": ctx["evidence"].id},
    ),
    # Triage: the team only; an empty form is refused on the referral's page, with the error summary (200).
    "referrals:assign": Entry(
        signed_in_only(**{Role.SDS_COORDINATOR: 200}),
        kwargs=lambda ctx: {"referral_id": ctx["referral"].id},
        method="post",
    ),
    "referrals:match": Entry(
        signed_in_only(**{Role.SDS_COORDINATOR: 200}),
        kwargs=lambda ctx: {"referral_id": ctx["referral"].id},
        method="post",
    ),
    "referrals:outcome": Entry(
        signed_in_only(**{Role.SDS_COORDINATOR: 200}),
        kwargs=lambda ctx: {"referral_id": ctx["referral"].id},
        method="post",
    ),
    # The partner referral API: its description is public; everything else needs an organisation's key.
    "referrals-api:api-root": Entry(everyone(200)),
    "referrals-api:api_root": Entry(everyone(200)),
    "referrals-api:openapi-json": Entry(everyone(200)),
    "referrals-api:referral_create": Entry(everyone(401), method="post"),
    "referrals-api:referral_detail": Entry(
        everyone(401), kwargs=lambda ctx: {"referral_id": ctx["referral"].id}
    ),
    # The Open Referral UK API is open to everyone, with no key.
    "oruk:api-root": Entry(everyone(200)),
    # The short breaks grant: public policy, checker and statement; staff pages by role.
    "grants:policy": Entry(everyone(200)),
    "grants:policy-version": Entry(everyone(200), kwargs=lambda ctx: {"number": 1}),
    "grants:checker": Entry(everyone(200)),
    "grants:checker-question": Entry(everyone(200), kwargs=lambda ctx: {"question": "age"}),
    "grants:checker-result": Entry(everyone(302)),  # with no answers, back to the first question
    "grants:my-decisions": Entry(signed_in_only(**dict.fromkeys(SIGNED_IN, 200))),
    "grants:statement": Entry(everyone(200)),
    "grants:statement-version": Entry(everyone(200), kwargs=lambda ctx: {"number": ctx["statement"].number}),
    "grants:statement-pdf": Entry(everyone(200), kwargs=lambda ctx: {"number": ctx["statement"].number}),
    "grants:statement-manage": Entry(signed_in_only(**{Role.MANAGER: 200, Role.LOCAL_OFFER_EDITOR: 200})),
    "grants:policy-manage": Entry(signed_in_only(**GRANT_MANAGERS)),
    "grants:policy-draft-new": Entry(signed_in_only(**{Role.MANAGER: 302}), method="post"),
    "grants:policy-edit": Entry(
        signed_in_only(**GRANT_MANAGERS), kwargs=lambda ctx: {"policy_id": ctx["draft_policy"].id}
    ),
    "grants:whatif": Entry(
        signed_in_only(**GRANT_PLANNERS), kwargs=lambda ctx: {"policy_id": ctx["draft_policy"].id}
    ),
    "grants:whatif-csv": Entry(
        signed_in_only(**GRANT_PLANNERS), kwargs=lambda ctx: {"policy_id": ctx["draft_policy"].id}
    ),
    # Publishing sends the manager back to the policy page (the draft is published).
    "grants:policy-publish": Entry(
        signed_in_only(**{Role.MANAGER: 302}),
        kwargs=lambda ctx: {"policy_id": ctx["draft_policy"].id},
        method="post",
    ),
    "grants:cases": Entry(signed_in_only(**{Role.SDS_COORDINATOR: 200})),
    "grants:case": Entry(
        signed_in_only(**{Role.SDS_COORDINATOR: 200}), kwargs=lambda ctx: {"case_id": ctx["awaiting_case"].id}
    ),
    # An empty decision is shown again on the case page, with the error summary and the inline error.
    "grants:case-decide": Entry(
        signed_in_only(**{Role.SDS_COORDINATOR: 200}),
        kwargs=lambda ctx: {"case_id": ctx["awaiting_case"].id},
        method="post",
    ),
    "grants:letter": Entry(
        signed_in_only(**LETTER_READERS), kwargs=lambda ctx: {"case_id": ctx["decided_case"].id}
    ),
    "grants:letter-pdf": Entry(
        signed_in_only(**LETTER_READERS), kwargs=lambda ctx: {"case_id": ctx["decided_case"].id}
    ),
    "grants:payments": Entry(signed_in_only(**GRANT_PAYERS)),
    "grants:payment-run-new": Entry(
        signed_in_only(**{Role.SDS_COORDINATOR: 302, Role.MANAGER: 302}), method="post"
    ),
    "grants:payment-run-csv": Entry(
        signed_in_only(**GRANT_PAYERS), kwargs=lambda ctx: {"number": ctx["payment_run"].number}
    ),
    "grants:renewals": Entry(signed_in_only(**{Role.SDS_COORDINATOR: 200, Role.MANAGER: 200})),
    # The confirmation page before the day's renewal emails.
    "grants:renewals-run": Entry(signed_in_only(**{Role.SDS_COORDINATOR: 200, Role.MANAGER: 200})),
    # The family answers the invitation to renew (back to their grant page); other families are refused.
    "grants:renewal-respond": Entry(
        signed_in_only(**{Role.PARENT_CARER: 302}),
        kwargs=lambda ctx: {"renewal_id": ctx["renewal"].id},
        method="post",
    ),
    "grants:spending": Entry(
        signed_in_only(**{Role.PARENT_CARER: 200}),
        kwargs=lambda ctx: {"award_id": ctx["decided_case"].award.id},
    ),
    "grants:spending-flagged": Entry(signed_in_only(**{Role.SDS_COORDINATOR: 200})),
    "grants:budget": Entry(
        signed_in_only(**{Role.MANAGER: 200, Role.COMMISSIONER: 200, Role.SDS_COORDINATOR: 200})
    ),
    # Short breaks places: the public page and priority; families' and workers' requests; the commissioner's
    # allocation; each provider's own setting; utilisation; the SSDA903 return.
    "places:index": Entry(everyone(200)),
    "places:mine": Entry(signed_in_only(**PLACE_ASKERS)),
    "places:request-new": Entry(
        signed_in_only(**PLACE_ASKERS), kwargs=lambda ctx: {"window_id": ctx["place_window"].id}
    ),
    # The offer is to the parent's child, worked with by the 0 to 25 disability team.
    "places:offer": Entry(
        signed_in_only(**{Role.PARENT_CARER: 200, Role.SOCIAL_WORKER: 200}),
        kwargs=lambda ctx: {"offer_id": ctx["place_offer"].id},
    ),
    "places:windows": Entry(signed_in_only(**PLACE_ALLOCATORS)),
    "places:window-new": Entry(signed_in_only(**PLACE_ALLOCATORS)),
    # Any setting's staff on shift and out-of-service periods: commissioners and managers, never provider staff.
    "places:capacity": Entry(signed_in_only(**PLACE_ALLOCATORS), kwargs=lambda ctx: {"slug": "parklands"}),
    "places:capacity-roster": Entry(
        signed_in_only(**PLACE_ALLOCATORS), kwargs=lambda ctx: {"slug": "parklands"}
    ),
    "places:capacity-out-of-service": Entry(
        signed_in_only(**PLACE_ALLOCATORS), kwargs=lambda ctx: {"slug": "parklands"}
    ),
    "places:window": Entry(
        signed_in_only(**PLACE_ALLOCATORS), kwargs=lambda ctx: {"window_id": ctx["place_window"].id}
    ),
    "places:run": Entry(
        signed_in_only(**PLACE_ALLOCATORS), kwargs=lambda ctx: {"run_id": ctx["place_run"].id}
    ),
    "places:run-csv": Entry(
        signed_in_only(**PLACE_ALLOCATORS), kwargs=lambda ctx: {"run_id": ctx["place_run"].id}
    ),
    # The confirmation page before publishing.
    "places:run-publish": Entry(
        signed_in_only(**PLACE_ALLOCATORS), kwargs=lambda ctx: {"run_id": ctx["place_run"].id}
    ),
    "places:setting": Entry(signed_in_only(**PLACE_PROVIDERS)),
    "places:setting-money": Entry(signed_in_only(**PLACE_PROVIDERS)),
    # A day at their own setting: Parklands' booked night for one, an empty day at ROCC for the other.
    "places:setting-day": Entry(
        signed_in_only(**PLACE_PROVIDERS), kwargs=lambda ctx: {"day": ctx["place_day"]}
    ),
    # A Parklands booking: ROCC's staff are told there is no such booking at their setting.
    "places:attendance": Entry(
        signed_in_only(**{Role.PROVIDER_STAFF: 200, OTHER_PROVIDER: 404}),
        kwargs=lambda ctx: {"booking_id": ctx["place_booking"].id},
    ),
    # Arrival or going home for a Parklands stay (an empty post goes back to the day with its error);
    # ROCC's staff are told there is no such stay at their setting.
    "places:stay-movement": Entry(
        signed_in_only(**{Role.PROVIDER_STAFF: 302, OTHER_PROVIDER: 404}),
        kwargs=lambda ctx: {"stay_id": ctx["place_booking"].stay_id},
        method="post",
    ),
    "places:utilisation": Entry(signed_in_only(**PLACE_ALLOCATORS)),
    "places:utilisation-csv": Entry(signed_in_only(**PLACE_ALLOCATORS)),
    "places:ssda903": Entry(signed_in_only(**{Role.MANAGER: 200})),
    # Packages of care (issue 13). The fixture's package child is the parent's, worked with by the 0 to 25
    # disability team and the self-directed support team; managers open packages to authorise and review them.
    "packages:mine": Entry(signed_in_only(**{Role.PARENT_CARER: 200, Role.YOUNG_PERSON: 200})),
    "packages:package": Entry(
        signed_in_only(**PACKAGE_READERS), kwargs=lambda ctx: {"child_id": ctx["package_child"].id}
    ),
    "packages:family": Entry(
        signed_in_only(**PACKAGE_READERS), kwargs=lambda ctx: {"child_id": ctx["package_child"].id}
    ),
    "packages:element-new": Entry(
        signed_in_only(**PACKAGE_SETTERS), kwargs=lambda ctx: {"child_id": ctx["package_child"].id}
    ),
    # Putting the package to casework's panel: those who set it up, and managers.
    "packages:panel": Entry(
        signed_in_only(**{**PACKAGE_SETTERS, Role.MANAGER: 200}),
        kwargs=lambda ctx: {"child_id": ctx["package_child"].id},
    ),
    "packages:element-history": Entry(
        signed_in_only(**{**PACKAGE_SETTERS, Role.MANAGER: 200}),
        kwargs=lambda ctx: {"element_id": ctx["package_element"].id},
    ),
    "packages:agreement-history": Entry(
        signed_in_only(**{**PACKAGE_SETTERS, Role.MANAGER: 200}),
        kwargs=lambda ctx: {"agreement_id": ctx["agreement"].id},
    ),
    # The ledger of an agreement: whoever reads the package; corrections by those who run the payments.
    "packages:ledger": Entry(
        signed_in_only(**PACKAGE_READERS), kwargs=lambda ctx: {"agreement_id": ctx["agreement"].id}
    ),
    "packages:instalment-correct": Entry(
        signed_in_only(**GRANT_PAYERS), kwargs=lambda ctx: {"instalment_id": ctx["instalment"].id}
    ),
    # Switching a payee to their second route, one or every payee of a card provider: the coordinator.
    "packages:agreement-switch": Entry(
        signed_in_only(**{Role.SDS_COORDINATOR: 200}),
        kwargs=lambda ctx: {"agreement_id": ctx["agreement"].id},
    ),
    "packages:provider-switch": Entry(signed_in_only(**{Role.SDS_COORDINATOR: 200})),
    "packages:authorise": Entry(
        signed_in_only(**{Role.MANAGER: 200}), kwargs=lambda ctx: {"child_id": ctx["package_child"].id}
    ),
    "packages:element-change": Entry(
        signed_in_only(**PACKAGE_SETTERS), kwargs=lambda ctx: {"element_id": ctx["package_element"].id}
    ),
    "packages:agreement-new": Entry(
        signed_in_only(**PACKAGE_SETTERS), kwargs=lambda ctx: {"element_id": ctx["waiting_element"].id}
    ),
    "packages:assistant-new": Entry(
        signed_in_only(**PACKAGE_SETTERS), kwargs=lambda ctx: {"agreement_id": ctx["agreement"].id}
    ),
    "packages:return-new": Entry(
        signed_in_only(**{Role.PARENT_CARER: 200, Role.SDS_COORDINATOR: 200}),
        kwargs=lambda ctx: {"agreement_id": ctx["agreement"].id},
    ),
    "packages:recover": Entry(
        signed_in_only(**GRANT_PAYERS), kwargs=lambda ctx: {"return_id": ctx["surplus_return"].id}
    ),
    "packages:caseload": Entry(signed_in_only(**{Role.MANAGER: 200})),
    "packages:expenditure": Entry(signed_in_only(**GRANT_PLANNERS)),
    "packages:expenditure-csv": Entry(signed_in_only(**GRANT_PLANNERS)),
    "packages:rates": Entry(signed_in_only(**{**GRANT_PLANNERS, Role.SDS_COORDINATOR: 200})),
    "packages:rate-change": Entry(
        signed_in_only(**{Role.COMMISSIONER: 200}), kwargs=lambda ctx: {"rate_id": ctx["rate"].id}
    ),
    "packages:payments": Entry(signed_in_only(**GRANT_PAYERS)),
    "packages:run": Entry(
        signed_in_only(**GRANT_PAYERS), kwargs=lambda ctx: {"number": ctx["dp_run"].number}
    ),
    # Holding with no reason, or a step not named, changes nothing and goes back to the run's page.
    "packages:run-hold": Entry(
        signed_in_only(**{Role.SDS_COORDINATOR: 302, Role.MANAGER: 302}),
        kwargs=lambda ctx: {"number": ctx["dp_run"].number, "line_id": ctx["run_line"].id},
        method="post",
    ),
    "packages:run-step": Entry(
        signed_in_only(**{Role.SDS_COORDINATOR: 302, Role.MANAGER: 302}),
        kwargs=lambda ctx: {"number": ctx["dp_run"].number},
        method="post",
    ),
    # The file is made once the run is approved: before, back to the run's page.
    "packages:run-csv": Entry(
        signed_in_only(**{Role.SDS_COORDINATOR: 302, Role.MANAGER: 302}),
        kwargs=lambda ctx: {"number": ctx["dp_run"].number},
    ),
    "oruk:api_details": Entry(everyone(200)),
    "oruk:openapi-json": Entry(everyone(200)),
    "oruk:service_list": Entry(everyone(200)),
    "oruk:service_detail": Entry(everyone(200), kwargs=lambda ctx: {"service_id": ctx["service"].id}),
    "oruk:organization_list": Entry(everyone(200)),
    "oruk:organization_detail": Entry(
        everyone(200), kwargs=lambda ctx: {"organization_id": ctx["service"].organization_id}
    ),
    "oruk:taxonomy_list": Entry(everyone(200)),
    "oruk:taxonomy_detail": Entry(everyone(200), kwargs=lambda ctx: {"taxonomy_id": ctx["term"].taxonomy_id}),
    "oruk:taxonomy_term_list": Entry(everyone(200)),
    "oruk:taxonomy_term_detail": Entry(everyone(200), kwargs=lambda ctx: {"term_id": ctx["term"].id}),
    "oruk:service_at_location_list": Entry(everyone(200)),
    "oruk:service_at_location_detail": Entry(everyone(200), kwargs=lambda ctx: {"link_id": ctx["place"].id}),
}

# The admin site is for system administrators alone. Everyone else is sent to its sign-in, which sends someone
# not signed in to the service's sign-in page, and refuses (403) anyone signed in, once, with no loop.
ADMIN_EXPECTED = {**dict.fromkeys(EVERYONE, 302), Role.SYSTEM_ADMINISTRATOR: 200}
ADMIN_LANDING = {**dict.fromkeys(SIGNED_IN, 403), ANONYMOUS: 200, Role.SYSTEM_ADMINISTRATOR: 200}
ADMIN_URLS = [
    "admin:index",
    "admin:accounts_user_changelist",
    "admin:accounts_user_add",
    "admin:teams_team_changelist",
    "admin:teams_closureday_changelist",
]


def _account_link() -> str:
    """A link to finish creating an account, as the email would carry it (nobody's yet)."""
    import datetime as dt
    import hashlib

    from django.utils import timezone

    from localoffer.accounts.models import PendingAccount

    token = "matrix-account-link-token"
    PendingAccount.objects.create(
        role=Role.PARENT_CARER,
        first_name="New",
        last_name="Parent",
        email="new.parent@example.com",
        token_hash=hashlib.sha256(token.encode()).hexdigest(),
        expires_at=timezone.now() + dt.timedelta(hours=1),
    )
    return token


def _names(patterns: list[Any], namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_is_in_the_matrix() -> None:
    names = {name for name in _names(get_resolver().url_patterns) if not name.startswith("admin:")}
    missing = names - set(MATRIX)
    assert not missing, f"Add these URLs to the access matrix: {sorted(missing)}"
    assert not set(MATRIX) - names, "The matrix names URLs that no longer exist"


def test_every_matrix_entry_covers_every_role() -> None:
    for name, entry in MATRIX.items():
        assert set(entry.expected) == set(EVERYONE), name


def _client_for(client: Any, users: dict[str, Any], who: str) -> Any:
    if who != ANONYMOUS:
        client.force_login(users[who])
    return client


@pytest.mark.parametrize("who", EVERYONE)
def test_access(
    client: Any,
    users: dict[str, Any],
    child: Any,
    offer: None,
    policy: Any,
    medway_places: dict[str, Any],
    rate_card: int,
    who: str,
) -> None:
    """Every URL for one role (one test per role keeps the set-up to once per role)."""
    from localoffer.directory.models import ListingChange, Location, ServiceAtLocation, TaxonomyTerm

    service = Service.objects.filter(status="active").earliest("name")
    place = ServiceAtLocation.objects.create(service=service, location=Location.objects.create(name="A hall"))
    change = ListingChange.objects.create(
        service=service,
        proposed_by=users[Role.LOCAL_OFFER_EDITOR],
        original={"phone": ""},
        proposed={"phone": "1"},
    )
    from localoffer.referrals.models import Route
    from localoffer.referrals.tests.helpers import a_draft, a_submitted_referral_with_evidence

    referral, evidence = a_submitted_referral_with_evidence(user=users[Role.PARENT_CARER])
    context = {
        "referral": referral,
        "evidence": evidence,
        "draft": a_draft(user=users[Role.PARENT_CARER], route=Route.DISABILITY_TEAM, answers={}),
        "child": child,
        "service": service,
        "term": TaxonomyTerm.objects.first(),
        "place": place,
        "change": change,
        **grants_context(users),
        **earlyhelp_context(users),
        **packages_context(users),
        "account_link": _account_link(),
        **places_context(users, medway_places),
    }
    users = {**users, OTHER_PROVIDER: context["other_provider"]}
    from localoffer.casework.tests.helpers import casework_context

    context |= casework_context(users, child)
    _client_for(client, users, who)
    wrong = []
    refused = audited = 0
    for name, entry in sorted(MATRIX.items()):
        url = reverse(name, kwargs=entry.kwargs(context))
        before = AuditEvent.objects.filter(action=Action.VIEW_DENIED).count()
        response = getattr(client, entry.method)(url)
        if response.status_code == 403:
            # Every refusal is in the audit trail, once, whether a selector or a permission refused it.
            refused += 1
            added = AuditEvent.objects.filter(action=Action.VIEW_DENIED).count() - before
            audited += added
            if added != 1:
                wrong.append(f"{url}: refused with {added} refusals audited, expected 1")
        if response.status_code != entry.expected[who]:
            wrong.append(f"{url}: got {response.status_code}, expected {entry.expected[who]}")
        elif (
            response.status_code == 302
            and who == ANONYMOUS
            and entry.expected != everyone(302)
            and not response["Location"].startswith(reverse("accounts:sign-in"))
        ):
            wrong.append(f"{url}: sent to {response['Location']}, expected the sign-in page")
    for name in ADMIN_URLS:
        response = client.get(reverse(name))
        if response.status_code != ADMIN_EXPECTED[who]:
            wrong.append(f"{name}: got {response.status_code}, expected {ADMIN_EXPECTED[who]}")
        before = AuditEvent.objects.filter(action=Action.VIEW_DENIED).count()
        landed = client.get(reverse(name), follow=True)
        if landed.status_code == 403:
            refused += 1
            added = AuditEvent.objects.filter(action=Action.VIEW_DENIED).count() - before
            audited += added
            if added != 1:
                wrong.append(f"{name}: refused with {added} refusals audited, expected 1")
        hops = len(landed.redirect_chain)
        if landed.status_code != ADMIN_LANDING[who] or hops > 2:
            wrong.append(f"{name}: landed on {landed.status_code} after {hops} redirects")
    assert not wrong, f"{who}: " + "; ".join(wrong)
    assert audited == refused
    expected_refusals = sum(1 for entry in MATRIX.values() if entry.expected[who] == 403)
    assert refused >= expected_refusals
