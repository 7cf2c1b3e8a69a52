"""Sign-in, failed sign-in and sign-out go into the audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from localoffer.audit.context import audit_context
from localoffer.audit.models import Action
from localoffer.audit.services import audit_record
from localoffer.core.http import client_ip


@receiver(user_logged_in)
def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    with audit_context(actor=user):
        audit_record(action=Action.SIGN_IN, obj=user, actor=user)


@receiver(user_logged_out)
def _signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(action=Action.SIGN_OUT, obj=user, actor=user)


@receiver(user_login_failed)
def _sign_in_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    username = str(credentials.get("username", ""))[:150]
    known = get_user_model()._default_manager.filter(username=username).first()
    ip = client_ip(request) if request is not None else None
    with audit_context(ip_address=ip):
        audit_record(
            action=Action.SIGN_IN_FAILED,
            object_type="accounts.user",
            object_id=str(known.pk) if known else "",
            object_repr=username,
            detail="unknown user name" if known is None else "wrong password or code",
        )
