from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from localoffer.audit.context import audit_context
from localoffer.directory.services import overdue_reminders_send


class Command(BaseCommand):
    help = "Remind providers by email of their Local Offer listings past their review date (run daily)."

    def handle(self, *args: Any, **options: Any) -> None:

        with audit_context(via="command"):
            count = overdue_reminders_send()
        self.stdout.write(f"Reminded {count} provider{'s' if count != 1 else ''}.")
