from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest

from localoffer.referrals.models import PartnerKey, PartnerOrganisation
from localoffer.referrals.services import partner_key_issue, partner_key_revoke

# Referrals themselves are not in the admin site: they are read through the pages that ask the access
# decision and audit every view (localoffer.referrals.access). Partner keys are managed here.


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(admin.ModelAdmin[PartnerOrganisation]):
    list_display = ["name", "contact_email", "created_at"]
    search_fields = ["name"]
    actions = ["issue_key"]

    @admin.action(description="Issue a new API key (shown once)")
    def issue_key(self, request: HttpRequest, queryset: Any) -> None:
        for organisation in queryset:
            _, secret = partner_key_issue(organisation=organisation, by=request.user)  # type: ignore[arg-type]
            self.message_user(
                request, f"Key for {organisation} (shown once, keep it secret): {secret}", messages.WARNING
            )


@admin.register(PartnerKey)
class PartnerKeyAdmin(admin.ModelAdmin[PartnerKey]):
    list_display = ["prefix", "organisation", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["organisation"]
    readonly_fields = ["organisation", "prefix", "created_at", "created_by", "last_used_at", "revoked_at"]
    exclude = ["secret_hash"]
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # keys are issued from an organisation (an action there), so the secret is shown once

    @admin.action(description="Revoke the selected keys")
    def revoke(self, request: HttpRequest, queryset: Any) -> None:
        for key in queryset:
            partner_key_revoke(key=key, by=request.user)  # type: ignore[arg-type]
        self.message_user(request, "Revoked.")
