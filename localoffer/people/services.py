from __future__ import annotations

import datetime as dt

from django.db import transaction

from localoffer.accounts.models import User
from localoffer.people.models import Child, FamilyLink, Involvement
from localoffer.teams.models import Team


@transaction.atomic
def child_create(*, first_name: str, last_name: str, date_of_birth: dt.date, postcode: str = "") -> Child:
    child = Child(
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        date_of_birth=date_of_birth,
        postcode=postcode.strip().upper(),
    )
    child.full_clean()
    child.save()
    return child


@transaction.atomic
def family_link_create(
    *, child: Child, user: User, relationship: str, has_parental_responsibility: bool = False
) -> FamilyLink:
    link = FamilyLink(
        child=child,
        user=user,
        relationship=relationship,
        has_parental_responsibility=has_parental_responsibility,
    )
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def involvement_start(
    *, child: Child, team: Team, started_on: dt.date, lead_worker: User | None = None
) -> Involvement:
    involvement = Involvement(child=child, team=team, started_on=started_on, lead_worker=lead_worker)
    involvement.full_clean()
    involvement.save()
    return involvement
