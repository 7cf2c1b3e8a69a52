"""Queue again the messages a killed web process or worker left waiting (messaging.services.messages_resume)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from localoffer.messaging.services import messages_resume


class Command(BaseCommand):
    help = "Queue again every message still waiting whose task was lost. Run before starting the worker."

    def handle(self, *args: Any, **options: Any) -> None:
        resumed = messages_resume()
        if resumed:
            self.stdout.write(f"Queued {resumed} waiting message{'s' if resumed != 1 else ''} again.")
