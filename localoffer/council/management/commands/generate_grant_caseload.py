from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from localoffer.audit.context import audit_context
from localoffer.council.grant_caseload import caseload_generate
from localoffer.council.services import medway_policy_load
from localoffer.grants.models import GrantCase
from localoffer.grants.services import current_policy


class Command(BaseCommand):
    help = (
        "Create a seeded synthetic short breaks grant caseload (never in production). The default size is "
        "Medway's: 1,177 children, 935 renewals with awards and 242 new applications awaiting evaluation."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--size", type=int, default=1177, help="How many children (for example 200000).")
        parser.add_argument("--seed", type=int, default=2023)

    def handle(self, *args: Any, **options: Any) -> None:

        if settings.PRODUCTION:
            raise CommandError("Synthetic caseloads are never loaded in production.")
        if options["size"] < 1:
            raise CommandError("--size must be at least 1.")
        if GrantCase.objects.exists():
            raise CommandError("There are grant cases already; a synthetic caseload goes into an empty one.")
        with audit_context(via="command"):
            medway_policy_load()
            policy = current_policy()
            assert policy is not None
            made = caseload_generate(
                policy=policy, size=options["size"], seed=options["seed"], today=timezone.localdate()
            )
        self.stdout.write(
            f"Grant caseload: {made.children} children ({made.renewals} renewals, {made.new} new applications), "
            f"{made.payments} payments, in {made.seconds:.1f} seconds."
        )
