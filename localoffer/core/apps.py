from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "localoffer.core"
    verbose_name = "Public pages and shared parts"
