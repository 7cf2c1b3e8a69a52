"""System administrators may look at the grant's records. Policy and budgets are changed on the managers' pages
(so drafts and publishing stay guarded), and the payment ledger is never changed, so everything here is read-only."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from localoffer.grants.models import BudgetYear, PaymentInstruction, PaymentRun, PolicyVersion


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PolicyVersion)
class PolicyVersionAdmin(ReadOnly):
    list_display = ["number", "title", "status", "effective_from", "effective_to"]


@admin.register(BudgetYear)
class BudgetYearAdmin(ReadOnly):
    list_display = ["start_year", "amount_pence"]


@admin.register(PaymentRun)
class PaymentRunAdmin(ReadOnly):
    list_display = ["number", "created_at", "count", "control_total_pence"]


@admin.register(PaymentInstruction)
class PaymentInstructionAdmin(ReadOnly):
    list_display = ["reference", "amount_pence", "method", "budget_year", "created_at"]
    search_fields = ["reference"]
