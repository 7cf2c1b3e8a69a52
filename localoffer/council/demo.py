"""Demo accounts, one for each role, and a few fictional children, so every page has something to show.

Never loaded in production. Every name here is made up; any likeness to a real family is chance.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from localoffer.accounts.models import User
from localoffer.accounts.services import user_create
from localoffer.core.roles import Role
from localoffer.council.casework_demo import casework_demo_load
from localoffer.council.earlyhelp_demo import earlyhelp_demo_load
from localoffer.council.places_demo import places_demo_load
from localoffer.council.referral_demo import referrals_demo_load
from localoffer.directory.models import Organization
from localoffer.people.models import Child, Relationship
from localoffer.people.services import child_create, family_link_create, involvement_start
from localoffer.teams.models import Team

DEMO_PASSWORD = "demo-local-offer"

# user name, role, first name, last name, team slug, organisation
DEMO_USERS: list[tuple[str, Role, str, str, str, str]] = [
    ("parent", Role.PARENT_CARER, "Pat", "Parent", "", ""),
    ("young.person", Role.YOUNG_PERSON, "Sam", "Sample", "", ""),
    ("referrer", Role.REFERRING_PROFESSIONAL, "Robin", "Referrer", "", "A Medway primary school"),
    ("duty", Role.DUTY_WORKER, "Dee", "Duty", "childrens-advice-and-duty-service", ""),
    ("social.worker", Role.SOCIAL_WORKER, "Sol", "Worker", "0-to-25-disability-team", ""),
    ("sds", Role.SDS_COORDINATOR, "Sid", "Coordinator", "short-breaks-and-self-directed-support", ""),
    ("early.help", Role.EARLY_HELP_PRACTITIONER, "Eli", "Helper", "chatham-all-saints-hub", ""),
    ("partner", Role.PARTNER_PRACTITIONER, "Parveen", "Partner", "", "A Medway primary school"),
    ("commissioner", Role.COMMISSIONER, "Cam", "Commissioner", "", ""),
    ("provider", Role.PROVIDER_STAFF, "Pip", "Provider", "", "rocc"),
    ("parklands", Role.PROVIDER_STAFF, "Parker", "Lands", "", "medway-council"),
    ("editor", Role.LOCAL_OFFER_EDITOR, "Ed", "Editor", "", ""),
    ("manager", Role.MANAGER, "Mo", "Manager", "0-to-25-disability-team", ""),
    ("admin", Role.SYSTEM_ADMINISTRATOR, "Ada", "Admin", "", ""),
]


def demo_load() -> list[tuple[str, str]]:
    """Create the demo accounts and children if they are not there. Returns (user name, role) pairs."""
    if settings.PRODUCTION:
        raise ImproperlyConfigured("Demo accounts are never loaded in production.")
    teams = {team.slug: team for team in Team.objects.all()}
    users: dict[str, User] = {}
    for username, role, first, last, team_slug, organisation in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            provider = (
                Organization.objects.filter(slug=organisation).first()
                if role == Role.PROVIDER_STAFF
                else None
            )
            user = user_create(
                username=username,
                password=DEMO_PASSWORD,
                role=role,
                first_name=first,
                last_name=last,
                team=teams.get(team_slug),
                organisation=provider.name if provider else organisation,
                provider=provider,
                check_password=False,
            )
        users[username] = user
    if not Child.objects.exists():
        _demo_children(users, teams)

    referrals_demo_load(users)
    earlyhelp_demo_load(users)
    places_demo_load(users)
    casework_demo_load(users)
    return [(username, role.label) for username, role, *_ in DEMO_USERS]


def _demo_children(users: dict[str, User], teams: dict[str, Team]) -> None:
    alex = child_create(
        first_name="Alex", last_name="Example", date_of_birth=dt.date(2015, 3, 27), postcode="ME4 1AA"
    )
    family_link_create(
        child=alex, user=users["parent"], relationship=Relationship.PARENT, has_parental_responsibility=True
    )
    involvement_start(
        child=alex,
        team=teams["0-to-25-disability-team"],
        started_on=dt.date(2024, 9, 2),
        lead_worker=users["social.worker"],
    )
    involvement_start(
        child=alex, team=teams["short-breaks-and-self-directed-support"], started_on=dt.date(2025, 1, 6)
    )

    sam = child_create(
        first_name="Sam", last_name="Sample", date_of_birth=dt.date(2006, 7, 14), postcode="ME7 1AA"
    )
    family_link_create(child=sam, user=users["young.person"], relationship=Relationship.SELF)
    involvement_start(
        child=sam,
        team=teams["0-to-25-disability-team"],
        started_on=dt.date(2022, 5, 16),
        lead_worker=users["social.worker"],
    )

    jordan = child_create(
        first_name="Jordan", last_name="Test", date_of_birth=dt.date(2018, 11, 2), postcode="ME5 1AA"
    )
    involvement_start(
        child=jordan,
        team=teams["chatham-all-saints-hub"],
        started_on=dt.date(2026, 6, 1),
        lead_worker=users["early.help"],
    )

    child_create(
        first_name="Riley", last_name="Placeholder", date_of_birth=dt.date(2012, 1, 20), postcode="ME2 1AA"
    )
