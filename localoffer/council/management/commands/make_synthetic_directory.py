from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from localoffer.audit.context import audit_context
from localoffer.council.synthetic_directory import directory_generate


class Command(BaseCommand):
    help = (
        "Add a seeded synthetic Local Offer of --services services (with Medway's offer) for benchmarks. "
        "Bypasses the audit trail; never in production."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--services", type=int, required=True, help="How many services to make.")
        parser.add_argument("--seed", type=int, default=1, help="The same seed makes the same directory (1).")

    def handle(self, *args: Any, **options: Any) -> None:

        if settings.PRODUCTION:
            raise CommandError("The synthetic directory is benchmark data: it is never made in production.")
        if options["services"] < 0:
            raise CommandError("--services must not be negative.")
        started = time.perf_counter()
        with audit_context(via="command"):
            try:
                directory_generate(
                    services=options["services"],
                    seed=options["seed"],
                    progress=lambda message: self.stderr.write(f"  {message}"),
                )
            except ValueError as error:
                raise CommandError(str(error)) from None
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Synthetic Local Offer: {options['services']} services (seed {options['seed']}) in {elapsed:.1f} s."
        )
