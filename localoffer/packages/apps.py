from django.apps import AppConfig

# The ledger's tables, guarded by database triggers (migration 0002) as the audit trail is.
LEDGER_TABLES = [
    "packages_instalment",
    "packages_directpaymentrun",
    "packages_runstep",
    "packages_runline",
    "packages_runlinehold",
    "packages_instalmentpaid",
]


class PackagesConfig(AppConfig):
    name = "localoffer.packages"
    verbose_name = "Care packages and direct payments: every route of support, costed, authorised and paid"

    def ready(self) -> None:
        from localoffer.audit.triggers import append_only_register
        from localoffer.packages import sections

        append_only_register(*LEDGER_TABLES)
        sections.register()
