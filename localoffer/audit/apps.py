from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "localoffer.audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from localoffer.audit import receivers  # noqa: F401  (connects sign-in and sign-out events)
