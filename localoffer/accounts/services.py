from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from localoffer.accounts.models import User
from localoffer.core.roles import Role
from localoffer.teams.models import Team


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    team: Team | None = None,
    organisation: str = "",
    provider: Any = None,
    check_password: bool = True,
) -> User:
    """Create an account with one role. Practitioners who carry a caseload must belong to a team."""
    if role not in Role.values:
        raise ValidationError({"role": f"Choose one of the roles: {', '.join(Role.values)}."})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": "An account with that user name already exists."})
    user = User(
        username=username,
        role=role,
        first_name=first_name,
        last_name=last_name,
        email=email,
        team=team,
        organisation=organisation,
        provider=provider,
    )
    if password is None:
        user.set_unusable_password()
    else:
        if check_password:
            validate_password(password, user)
        user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user
