from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "localoffer.grants"
    verbose_name = "The short breaks grant: policy, awards, payments and the statement"

    def ready(self) -> None:
        from localoffer.grants import receivers  # noqa: F401
