from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from localoffer.accounts.models import User
from localoffer.audit.models import AuditEvent
from localoffer.core.roles import Role
from localoffer.council.grant_caseload import MEDWAY_SIZE
from localoffer.people.models import Child

pytestmark = pytest.mark.sqlite


def test_load_medway_with_demo_makes_an_account_for_every_role_prints_them_and_twice_is_harmless(
    db: Any,
) -> None:
    out = StringIO()
    call_command("load_medway", "--demo", stdout=out)
    roles = list(User.objects.values_list("role", flat=True))
    assert sorted(set(roles)) == sorted(Role.values)
    # Provider staff at two settings (ROCC and Parklands), so that each can be seen to see only its own.
    assert sorted(roles) == sorted([*Role.values, Role.PROVIDER_STAFF])
    printed = out.getvalue()
    assert "Demo sign-ins" in printed
    assert all(f"  {username} " in printed for username in User.objects.values_list("username", flat=True))
    # The four named demo children, and the short breaks grant's synthetic caseload.
    assert Child.objects.count() == 4 + MEDWAY_SIZE
    assert AuditEvent.objects.filter(actor_name="command").exists()
    # Loading again (a second `make run`) is harmless: loading the council's data takes its time, so the same
    # load is checked both ways.
    counts = (User.objects.count(), Child.objects.count())
    call_command("load_medway", "--demo", stdout=StringIO())
    assert (User.objects.count(), Child.objects.count()) == counts


def test_refuses_demo_accounts_in_production(db: Any, settings: Any) -> None:
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="never loaded in production"):
        call_command("load_medway", "--demo", stdout=StringIO())
