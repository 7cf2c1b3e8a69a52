"""Issue an API key to a partner organisation (created if new). The key is printed once: give it to them."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from localoffer.audit.context import audit_context
from localoffer.referrals.models import PartnerOrganisation
from localoffer.referrals.services import partner_key_issue


class Command(BaseCommand):
    help = "Issue an API key for the partner referral API to an organisation; prints the key once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", help="The organisation's name, for example 'Greenvale School'")
        parser.add_argument("--email", default="", help="Who at the organisation to tell about the API")

    def handle(self, *args: Any, organisation: str, email: str, **options: Any) -> None:
        name = " ".join(organisation.split())
        if not name or len(name) > 200:
            raise CommandError("Give the organisation's name, up to 200 characters.")
        with audit_context(via="command issue_partner_key"), transaction.atomic():
            partner, _ = PartnerOrganisation.objects.get_or_create(
                name=name, defaults={"contact_email": email}
            )
            _, secret = partner_key_issue(organisation=partner)
        self.stdout.write(f"Key for {partner} (shown once, keep it secret): {secret}")
