from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from localoffer.audit.context import audit_context
from localoffer.grants.renewals import renewals_run


class Command(BaseCommand):
    help = "Invite, remind and lapse short breaks grant renewals due today (run once a day)."

    def handle(self, *args: Any, **options: Any) -> None:

        with audit_context(via="command"):
            done = renewals_run()
        self.stdout.write(
            f"{done.invited} invited, {done.reminded} reminded, {done.lapsed} lapsed with notice."
        )
