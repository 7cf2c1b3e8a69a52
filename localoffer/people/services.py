from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from localoffer.accounts.models import User
from localoffer.audit.context import audit_context
from localoffer.people.models import Child, Disability, FamilyLink, FamilyMember, Involvement
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


CHARACTERISTICS = ("sex", "ethnicity", "disabilities", "main_need", "communication_needs", "upn")


@transaction.atomic
def child_characteristics_update(*, child: Child, by: User, **values: Any) -> Child:
    """Who the child is, as the council records it and the returns need (sex, ethnicity, disability codes,
    main need, communication needs, UPN). NONE is a disability code only on its own (CIN rule 8790)."""
    unknown = set(values) - set(CHARACTERISTICS)
    if unknown:
        raise TypeError(f"Not a characteristic: {sorted(unknown)}")
    disabilities = list(dict.fromkeys(values.get("disabilities", child.disabilities) or []))
    if Disability.NONE in disabilities and len(disabilities) > 1:
        from django.core.exceptions import ValidationError

        raise ValidationError({"disabilities": "Choose 'No disability' on its own, or only the disabilities"})
    values["disabilities"] = disabilities
    if "upn" in values:
        values["upn"] = str(values["upn"] or "").strip().upper()
    for name, value in values.items():
        setattr(child, name, value)
    child.full_clean()
    child._history_user = by  # type: ignore[attr-defined]
    with audit_context(actor=by):
        child.save()
    return child


@transaction.atomic
def family_member_add(
    *,
    child: Child,
    by: User,
    name: str,
    relationship: str,
    has_parental_responsibility: bool = False,
    lives_with_child: bool = False,
    is_contact: bool = False,
    phone: str = "",
    notes: str = "",
) -> FamilyMember:
    member = FamilyMember(
        child=child,
        name=name.strip(),
        relationship=relationship,
        has_parental_responsibility=has_parental_responsibility,
        lives_with_child=lives_with_child,
        is_contact=is_contact,
        phone=phone.strip(),
        notes=notes.strip(),
    )
    member.full_clean()
    member._history_user = by  # type: ignore[attr-defined]
    with audit_context(actor=by):
        member.save()
    return member
