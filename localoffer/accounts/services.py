from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from localoffer.accounts.models import PendingAccount, RateLimitHit, User
from localoffer.accounts.signals import email_verified
from localoffer.core.roles import FAMILY_ROLES, Role
from localoffer.messaging.services import message_queue
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
    email_verified_at: dt.datetime | None = None,
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
        email_verified_at=email_verified_at,
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


# Families' own accounts ------------------------------------------------------------------------------------


class AccountLinkNotValid(Exception):
    """The account link is unknown, already used, or past its time."""


class AccountAlreadyExists(Exception):
    """Someone already has an account with this email address."""


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def email_normalise(email: str) -> str:
    return email.strip().lower()


def _account_with_email(email: str) -> User | None:
    return User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).first()


@transaction.atomic
def account_request(*, role: str, first_name: str, last_name: str, email: str, site: str) -> None:
    """A family asks for an account: email them a link to choose a password (once, for ACCOUNT_LINK_HOURS).

    If the address already has an account, email the holder to say so instead. What the person asking sees
    is the same either way, so the form never tells anyone whether an address has an account."""
    if role not in FAMILY_ROLES:
        raise ValidationError({"role": "Only parents, carers and young people can create their own account."})
    email = email_normalise(email)
    context = {"first_name": first_name.strip(), "site": site, "council_name": settings.COUNCIL_NAME}
    existing = _account_with_email(email)
    if existing is not None:
        message_queue(
            to=email,
            subject="You already have an account",
            body=render_to_string(
                "accounts/email/already_have_account.txt",
                {
                    **context,
                    "username": existing.username,
                    "sign_in": site + reverse("accounts:sign-in"),
                    "reset": site + reverse("accounts:password-reset"),
                },
            ),
            for_family=False,
        )
        return
    now = timezone.now()
    # Only the newest link works: asking again ends the earlier ones.
    PendingAccount.objects.filter(email=email, used_at__isnull=True, expires_at__gt=now).update(
        expires_at=now
    )
    token = secrets.token_urlsafe(32)
    PendingAccount.objects.create(
        role=role,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email,
        token_hash=_hash(token),
        expires_at=now + dt.timedelta(hours=settings.ACCOUNT_LINK_HOURS),
    )
    message_queue(
        to=email,
        subject="Finish creating your account",
        body=render_to_string(
            "accounts/email/create_account.txt",
            {
                **context,
                "link": site + reverse("accounts:create-password", kwargs={"token": token}),
                "hours": settings.ACCOUNT_LINK_HOURS,
            },
        ),
        for_family=False,
    )


def pending_account_for_link(*, token: str) -> PendingAccount | None:
    """The request an account link belongs to, if the link can still be used."""
    return PendingAccount.objects.filter(
        token_hash=_hash(token), used_at__isnull=True, expires_at__gt=timezone.now()
    ).first()


@transaction.atomic
def account_create_from_link(*, token: str, password: str) -> User:
    """Make the family's account from its emailed link, with the password they chose. The link works once.

    Using the link proves the email address is theirs: `email_verified` is sent in this transaction, so that
    what was sent earlier with that address joins the account, or the account is not made."""
    pending = (
        PendingAccount.objects.select_for_update()
        .filter(token_hash=_hash(token), used_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if pending is None:
        raise AccountLinkNotValid
    if _account_with_email(pending.email) is not None:
        pending.used_at = timezone.now()
        pending.save(update_fields=["used_at"])
        raise AccountAlreadyExists
    now = timezone.now()
    user = user_create(
        username=pending.email,
        password=password,
        role=pending.role,
        first_name=pending.first_name,
        last_name=pending.last_name,
        email=pending.email,
        email_verified_at=now,
    )
    pending.used_at = now
    pending.user = user
    pending.save(update_fields=["used_at", "user"])
    email_verified.send(sender=User, user=user, email=pending.email)
    return user


def password_reset_email_queue(*, to: str, subject: str, body: str) -> None:
    """A password reset link, through the messaging app like every other email (sent after commit)."""
    message_queue(to=to, subject=subject, body=body, for_family=False)


# Limits on the forms that send email -------------------------------------------------------------------------


def rate_limit_hit(*, scope: str, keys: dict[str, str | None]) -> bool:
    """Count one request in `scope` for each key (kind: value) and say whether any is over its hourly limit.

    Kinds are "address" (an email address) and "network" (where the request came from). A request over the
    limit is not counted, so waiting always works."""
    limits = {
        "address": settings.EMAIL_LINKS_PER_ADDRESS_PER_HOUR,
        "network": settings.EMAIL_LINKS_PER_NETWORK_PER_HOUR,
    }
    since = timezone.now() - dt.timedelta(hours=1)
    hashed = {kind: _hash(f"{kind}:{value.strip().lower()}") for kind, value in keys.items() if value}
    with transaction.atomic():
        RateLimitHit.objects.filter(scope=scope, at__lt=since).delete()
        for kind, key in hashed.items():
            if RateLimitHit.objects.filter(scope=scope, key=key, at__gte=since).count() >= limits[kind]:
                return True
        RateLimitHit.objects.bulk_create([RateLimitHit(scope=scope, key=key) for key in hashed.values()])
    return False
