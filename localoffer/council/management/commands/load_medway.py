from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from localoffer.audit.context import audit_context
from localoffer.council.demo import DEMO_PASSWORD, demo_load
from localoffer.council.grant_demo import grants_demo_load
from localoffer.council.package_demo import packages_demo_load
from localoffer.council.places_demo import places_history_load
from localoffer.council.services import (
    medway_offer_load,
    medway_packages_load,
    medway_places_load,
    medway_policy_load,
    medway_teams_load,
)


class Command(BaseCommand):
    help = "Load Medway Council's reference data (teams, hubs, helplines, bank holidays). Safe to run again."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--demo",
            action="store_true",
            help="Also create the demo accounts and fictional children (never in production).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["demo"] and settings.PRODUCTION:
            raise CommandError(
                "Demo accounts are never loaded in production: run load_medway without --demo."
            )
        with audit_context(via="command"):
            count = medway_teams_load()
            self.stdout.write(f"Medway reference data: {count} teams, hubs and helplines.")
            services = medway_offer_load()
            self.stdout.write(f"Medway Local Offer: {services} services.")
            policy = medway_policy_load()
            self.stdout.write(f"Short breaks grant policy: {policy}.")
            settings_count = medway_places_load()
            self.stdout.write(f"Commissioned settings: {settings_count}.")
            rates = medway_packages_load()
            self.stdout.write(f"Rate card (Figure 6): {rates} rates.")
            if options["demo"]:
                accounts = demo_load()
                made = grants_demo_load()
                if made is not None:
                    self.stdout.write(
                        f"Grant caseload: {made.children} children ({made.renewals} renewals, {made.new} new), "
                        f"in {made.seconds:.1f} seconds."
                    )
                packages = packages_demo_load()
                if packages is not None:
                    self.stdout.write(
                        f"Packages: {packages.packages} packages, {packages.direct_payments} direct payments, "
                        f"{packages.instalments} instalments."
                    )
                stays = places_history_load()
                if stays:
                    self.stdout.write(f"Parklands: {stays} stays in the past year, with attendance.")
                self.stdout.write("")
                self.stdout.write(f"Demo sign-ins (every password is {DEMO_PASSWORD}):")
                for username, role in accounts:
                    self.stdout.write(f"  {username:<15} {role}")
